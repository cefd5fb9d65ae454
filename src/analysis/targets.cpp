// lightind: calibration targets — the targets file parser and the evaluation of each kind.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "lightind/analysis.hpp"
#include "lightind/scenario.hpp"
#include "scenario/toml_parse.hpp"

namespace lightind::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr TargetKind kKinds[] = {TargetKind::level, TargetKind::ratio, TargetKind::growth, TargetKind::less,
                                 TargetKind::max};

const std::vector<std::string> kCommonKeys = {"id", "text", "source", "kind", "indicator"};

std::vector<std::string> kind_keys(TargetKind k) {
  switch (k) {
    case TargetKind::level:
      return {"year", "value", "tolerance"};
    case TargetKind::ratio:
      return {"year", "base_indicator", "base_years", "min", "max"};
    case TargetKind::growth:
      return {"values", "tolerance"};
    case TargetKind::less:
      return {"other", "at", "year"};
    case TargetKind::max:
      return {"years", "value"};
  }
  return {};
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
  return out;
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

/// How a node is described after "found".
std::string describe(const toml::node& n) {
  if (const auto* s = n.as_string()) return "a string \"" + s->get() + "\"";
  if (const auto* i = n.as_integer()) return "an integer " + std::to_string(i->get());
  if (const auto* f = n.as_floating_point()) return fmt::format("a number {}", f->get());
  if (n.is_boolean()) return "a boolean";
  if (n.is_table()) return "a table";
  if (n.is_array()) return "an array";
  return "a date or time";
}

/// Reads one `[[targets]]` table.
class TargetReader {
 public:
  TargetReader(const std::string& file, const toml::table& t, size_t index) : file_(file), table_(t) {
    key_prefix_ = "targets[" + std::to_string(index) + "]";
    line_ = line_of(t);
  }

  [[noreturn]] void fail(const std::string& key, int line, const std::string& expected, const std::string& found,
                         const std::string& hint = {}) const {
    throw TargetsError(file_, line, key_prefix_ + "." + key, expected, found, hint);
  }

  const toml::node* node(const std::string& key) const { return table_.get(key); }

  std::string string(const std::string& key, bool required = true) const {
    const toml::node* n = node(key);
    if (!n) {
      if (required) fail(key, line_, "a string", "nothing (the key is missing)");
      return {};
    }
    if (!n->is_string()) fail(key, line_of(*n), "a string", describe(*n));
    std::string s = n->as_string()->get();
    if (required && s.empty()) fail(key, line_of(*n), "a non-empty string", "\"\"");
    return s;
  }

  std::optional<double> number(const std::string& key, bool required, bool non_negative = false) const {
    const toml::node* n = node(key);
    if (!n) {
      if (required) fail(key, line_, "a number", "nothing (the key is missing)");
      return std::nullopt;
    }
    double v = 0.0;
    if (const auto* i = n->as_integer()) {
      v = static_cast<double>(i->get());
    } else if (const auto* f = n->as_floating_point()) {
      v = f->get();
    } else {
      fail(key, line_of(*n), "a number", describe(*n));
    }
    if (!std::isfinite(v)) fail(key, line_of(*n), "a finite number", describe(*n));
    if (non_negative && v < 0) fail(key, line_of(*n), "a number >= 0", describe(*n));
    return v;
  }

  static bool is_year(const toml::node& n) {
    const auto* i = n.as_integer();
    return i && i->get() >= 1 && i->get() <= 9999;
  }

  std::optional<int> year(const std::string& key, bool required) const {
    const toml::node* n = node(key);
    if (!n) {
      if (required) fail(key, line_, "a year (an integer such as 2019)", "nothing (the key is missing)");
      return std::nullopt;
    }
    if (!is_year(*n)) fail(key, line_of(*n), "a year (an integer such as 2019)", describe(*n));
    return static_cast<int>(n->as_integer()->get());
  }

  std::vector<int> years(const std::string& key) const {
    const toml::node* n = node(key);
    if (!n) fail(key, line_, "an array of years such as [2013, 2014]", "nothing (the key is missing)");
    const auto* a = n->as_array();
    if (!a) fail(key, line_of(*n), "an array of years such as [2013, 2014]", describe(*n));
    if (a->empty()) fail(key, line_of(*n), "at least one year", "an empty array");
    std::vector<int> out;
    for (const toml::node& item : *a) {
      if (!is_year(item)) fail(key, line_of(item), "a year (an integer such as 2019)", describe(item));
      out.push_back(static_cast<int>(item.as_integer()->get()));
    }
    return out;
  }

  std::vector<GrowthTarget> growth_values(const std::string& key) const {
    const toml::node* n = node(key);
    const std::string expected =
        "a table of year = percent or \"fell\" / \"rose\", such as { 2013 = 1.1, 2015 = \"fell\" }";
    if (!n) fail(key, line_, expected, "nothing (the key is missing)");
    const auto* t = n->as_table();
    if (!t) fail(key, line_of(*n), expected, describe(*n));
    if (t->empty()) fail(key, line_of(*n), "at least one year", "an empty table");
    std::vector<GrowthTarget> out;
    for (const auto& [k, v] : *t) {
      const std::string year_text(k.str());
      const int line = line_of(v);
      int y = 0;
      const bool digits = !year_text.empty() && year_text.size() <= 4 &&
                          std::all_of(year_text.begin(), year_text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits) y = std::stoi(year_text);
      if (!digits || y < 1)
        fail(key + "." + year_text, line, "a year as the key (such as 2013)", "\"" + year_text + "\"");
      GrowthTarget g;
      g.year = y;
      g.line = line;
      if (const auto* s = v.as_string()) {
        if (s->get() == "fell") {
          g.sign = -1;
        } else if (s->get() == "rose") {
          g.sign = 1;
        } else {
          fail(key + "." + year_text, line, "a percent, \"fell\" or \"rose\"", describe(v),
               closest(s->get(), {"fell", "rose"}));
        }
      } else if (const auto* i = v.as_integer()) {
        g.percent = static_cast<double>(i->get());
      } else if (const auto* f = v.as_floating_point()) {
        if (!std::isfinite(f->get())) fail(key + "." + year_text, line, "a finite percent", describe(v));
        g.percent = f->get();
      } else {
        fail(key + "." + year_text, line, "a percent, \"fell\" or \"rose\"", describe(v));
      }
      out.push_back(g);
    }
    std::sort(out.begin(), out.end(), [](const GrowthTarget& a, const GrowthTarget& b) { return a.year < b.year; });
    return out;
  }

  Target read() const {
    Target t;
    t.line = line_;
    // The id first, so that later errors can name the target.
    t.id = string("id");
    key_prefix_ = "targets[" + t.id + "]";
    const std::string kind = string("kind");
    bool known = false;
    for (TargetKind k : kKinds) {
      if (kind == to_string(k)) {
        t.kind = k;
        known = true;
      }
    }
    if (!known) {
      std::vector<std::string> names;
      for (TargetKind k : kKinds) names.emplace_back(to_string(k));
      fail("kind", line_of(*node("kind")), "one of " + join(names), "\"" + kind + "\"", closest(kind, names));
    }
    // Keys: each must belong to the common keys or to this kind.
    const std::vector<std::string> own = kind_keys(t.kind);
    std::vector<std::string> allowed = kCommonKeys;
    allowed.insert(allowed.end(), own.begin(), own.end());
    for (const auto& [k, v] : table_) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      fail(key, line_of(v), "a key of a " + kind + " target (" + join(allowed) + ")", "\"" + key + "\"",
           closest(key, allowed));
    }
    t.text = string("text");
    t.source = string("source");
    t.indicator = string("indicator");

    switch (t.kind) {
      case TargetKind::level:
        t.year = *year("year", true);
        t.value = *number("value", true);
        t.tolerance = *number("tolerance", true, true);
        break;
      case TargetKind::ratio: {
        t.year = *year("year", true);
        t.base_indicator = string("base_indicator", false);
        if (t.base_indicator.empty()) t.base_indicator = t.indicator;
        t.base_years = years("base_years");
        t.min = *number("min", true);
        t.max = number("max", false);
        if (t.max && *t.max < t.min)
          fail("max", line_of(*node("max")), fmt::format("a number >= min ({})", t.min), describe(*node("max")));
        break;
      }
      case TargetKind::growth: {
        t.values = growth_values("values");
        const bool numeric =
            std::any_of(t.values.begin(), t.values.end(), [](const GrowthTarget& g) { return g.percent.has_value(); });
        const auto tol = number("tolerance", numeric, true);
        t.tolerance = tol ? *tol : 0.0;
        break;
      }
      case TargetKind::less: {
        t.other = string("other");
        const std::string at = string("at", false);
        const auto y = year("year", false);
        if (node("at") && at != "final")
          fail("at", line_of(*node("at")), "\"final\"", describe(*node("at")), closest(at, {"final"}));
        if (node("at") && y) fail("year", line_of(*node("year")), "either at = \"final\" or a year, not both", "both");
        if (!node("at") && !y) fail("year", line_, "a year, or at = \"final\"", "neither");
        t.at_final = node("at") != nullptr;
        t.year = y ? *y : 0;
        break;
      }
      case TargetKind::max:
        t.years = years("years");
        t.value = *number("value", true);
        break;
    }
    return t;
  }

 private:
  const std::string& file_;
  const toml::table& table_;
  mutable std::string key_prefix_;
  int line_ = 0;
};

std::vector<Target> parse_table(const toml::table& root, const std::string& file) {
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    if (key != "targets")
      throw TargetsError(file, line_of(v), key, "only [[targets]] tables at the top level", "\"" + key + "\"",
                         closest(key, {"targets"}));
  }
  const toml::node* list = root.get("targets");
  if (!list) throw TargetsError(file, 1, "targets", "at least one [[targets]] table", "none");
  const toml::array* a = list->as_array();
  if (!a || !a->is_array_of_tables())
    throw TargetsError(file, line_of(*list), "targets", "[[targets]] tables", describe(*list));
  std::vector<Target> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < a->size(); ++i) {
    const toml::table& t = *a->get(i)->as_table();
    Target target = TargetReader(file, t, i).read();
    if (!ids.insert(target.id).second)
      throw TargetsError(file, line_of(*t.get("id")), "targets[" + std::to_string(i) + "].id", "a unique id",
                         "\"" + target.id + "\" again");
    out.push_back(std::move(target));
  }
  return out;
}

std::string num(double v) { return fmt::format("{:.4g}", v); }

/// "2020-2021" for consecutive years, "2013, 2015" otherwise.
std::string years_text(const std::vector<int>& years) {
  bool consecutive = true;
  for (size_t i = 1; i < years.size(); ++i) consecutive = consecutive && years[i] == years[i - 1] + 1;
  if (consecutive && years.size() > 1) return fmt::format("{}-{}", years.front(), years.back());
  std::string out;
  for (size_t i = 0; i < years.size(); ++i) out += (i ? "," : "") + std::to_string(years[i]);
  return out;
}

}  // namespace

const char* to_string(TargetKind k) {
  switch (k) {
    case TargetKind::level:
      return "level";
    case TargetKind::ratio:
      return "ratio";
    case TargetKind::growth:
      return "growth";
    case TargetKind::less:
      return "less";
    case TargetKind::max:
      return "max";
  }
  return "?";
}

TargetsError::TargetsError(std::string file, int line, std::string key, const std::string& expected,
                           const std::string& found, const std::string& hint)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + key + ": expected " + expected + ", found " +
                         found + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)")),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)) {}

std::vector<Target> parse_targets(std::string_view text, const std::string& name) {
  return parse_table(detail::parse_toml_table<TargetsError>(text, name), name);
}

std::vector<Target> load_targets(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f || std::filesystem::is_directory(path))
    throw TargetsError(path, 0, "(file)", "a readable targets file", "none");
  std::stringstream s;
  s << f.rdbuf();
  return parse_targets(s.str(), path);
}

// ---------------------------------------------------------------------------------------
// Evaluation.

namespace {

/// The annual mean of an indicator in a year, or NaN with a note saying why.
double mean_in(const Series& s, const std::string& indicator, int year, std::string& note) {
  const auto m = annual_mean(s, indicator);
  if (m.empty()) {
    note = "indicator " + indicator + " is not in the series";
    return kNaN;
  }
  const auto it = m.find(year);
  if (it == m.end()) {
    note = fmt::format("{} is outside the run", year);
    return kNaN;
  }
  return it->second;
}

double last_of(const Series& s, const std::string& indicator, std::string& note) {
  const double v = final_value(s, indicator);
  if (std::isnan(v) && s.aggregate(indicator).empty()) note = "indicator " + indicator + " is not in the series";
  return v;
}

void add_note(std::string& note, const std::string& more) {
  if (more.empty()) return;
  note += (note.empty() ? "" : "; ") + more;
}

}  // namespace

TargetResult evaluate(const Target& t, const Series& s) {
  TargetResult r;
  r.id = t.id;
  r.kind = t.kind;
  r.model_value = kNaN;
  r.target_value = kNaN;
  r.tolerance = kNaN;
  switch (t.kind) {
    case TargetKind::level: {
      r.model_value = mean_in(s, t.indicator, t.year, r.note);
      r.target_value = t.value;
      r.tolerance = t.tolerance;
      r.pass = std::abs(r.model_value - t.value) <= t.tolerance;  // false for NaN
      r.target_text = fmt::format("{} +/- {} in {}", num(t.value), num(t.tolerance), t.year);
      break;
    }
    case TargetKind::ratio: {
      std::string note;
      const double top = mean_in(s, t.indicator, t.year, note);
      add_note(r.note, note);
      double base = 0.0;
      for (int y : t.base_years) {
        note.clear();
        base += mean_in(s, t.base_indicator, y, note);
        if (!note.empty() && r.note.find(note) == std::string::npos) add_note(r.note, note);
      }
      base /= static_cast<double>(t.base_years.size());
      r.model_value = base != 0.0 ? top / base : kNaN;
      if (base == 0.0) add_note(r.note, "the base is zero");
      r.pass = r.model_value >= t.min && (!t.max || r.model_value <= *t.max);
      const std::string years = years_text(t.base_years);
      if (t.max) {
        r.target_value = (t.min + *t.max) / 2;
        r.tolerance = (*t.max - t.min) / 2;
        r.target_text = fmt::format("{} to {}, {}/{}", num(t.min), num(*t.max), t.year, years);
      } else {
        r.target_value = t.min;
        r.target_text = fmt::format(">= {}, {}/{}", num(t.min), t.year, years);
      }
      break;
    }
    case TargetKind::growth: {
      const auto growth = annual_growth(s, t.indicator);
      const bool present = !s.aggregate(t.indicator).empty();
      if (!present) add_note(r.note, "indicator " + t.indicator + " is not in the series");
      double error = 0.0;
      int numeric = 0, computable = 0;
      bool signs_ok = true;
      std::vector<std::string> not_computable;
      for (const GrowthTarget& g : t.values) {
        GrowthYear y;
        y.year = g.year;
        y.percent = g.percent;
        y.sign = g.sign;
        const auto it = growth.find(g.year);
        y.computable = it != growth.end();
        y.model = y.computable ? it->second : kNaN;
        if (y.computable) {
          ++computable;
          if (g.percent) {
            // A numeric year counts toward the mean error, and its sign must be right too
            // ("sign of each year's growth right"; a published 0 has no sign to match).
            error += std::abs(y.model - *g.percent);
            ++numeric;
            const bool sign_right = *g.percent == 0.0 || (*g.percent > 0.0) == (y.model > 0.0);
            signs_ok = signs_ok && sign_right;
            y.ok = sign_right && std::abs(y.model - *g.percent) <= t.tolerance;
          } else {
            y.ok = (g.sign < 0 && y.model < 0) || (g.sign > 0 && y.model > 0);
            signs_ok = signs_ok && y.ok;
          }
        } else if (present) {
          not_computable.push_back(std::to_string(g.year));
        }
        r.growth.push_back(y);
      }
      if (!not_computable.empty()) {
        std::string years;
        for (const auto& y : not_computable) years += (years.empty() ? "" : ", ") + y;
        add_note(r.note, years + (not_computable.size() > 1 ? " are" : " is") +
                             " not computable (needs that year and the one before, complete)");
      }
      const double mae = numeric > 0 ? error / numeric : kNaN;
      r.pass = computable > 0 && signs_ok && (numeric == 0 || mae <= t.tolerance);
      if (present && computable == 0) add_note(r.note, "no year is computable");
      if (numeric > 0) {
        r.model_value = mae;
        r.target_value = 0.0;
        r.tolerance = t.tolerance;
        r.model_text = fmt::format("error {:.2f} pp", mae);
      }
      if (computable > 0) {
        const std::string signs = signs_ok ? "signs right" : "sign wrong";
        r.model_text += (r.model_text.empty() ? "" : ", ") + signs;
      }
      const bool any_numeric =
          std::any_of(t.values.begin(), t.values.end(), [](const GrowthTarget& g) { return g.percent.has_value(); });
      r.target_text = any_numeric ? fmt::format("mean error <= {} pp", num(t.tolerance)) : std::string();
      r.target_text += std::string(r.target_text.empty() ? "" : ", ") + "signs";
      break;
    }
    case TargetKind::less: {
      std::string note;
      if (t.at_final) {
        r.model_value = last_of(s, t.indicator, note);
        add_note(r.note, note);
        note.clear();
        r.target_value = last_of(s, t.other, note);
        add_note(r.note, note);
      } else {
        r.model_value = mean_in(s, t.indicator, t.year, note);
        add_note(r.note, note);
        note.clear();
        r.target_value = mean_in(s, t.other, t.year, note);
        if (r.note.find(note) == std::string::npos) add_note(r.note, note);
      }
      r.pass = r.model_value < r.target_value;
      r.target_text = fmt::format("< {} ({}{})", std::isnan(r.target_value) ? "?" : num(r.target_value), t.other,
                                  t.at_final ? ", final" : fmt::format(", {}", t.year));
      break;
    }
    case TargetKind::max: {
      double worst = -std::numeric_limits<double>::infinity();
      int worst_year = 0;
      bool all = true;
      for (int y : t.years) {
        std::string note;
        const double v = mean_in(s, t.indicator, y, note);
        if (!note.empty() && r.note.find(note) == std::string::npos) add_note(r.note, note);
        if (std::isnan(v)) {
          all = false;
          continue;
        }
        if (v > worst) {
          worst = v;
          worst_year = y;
        }
      }
      r.model_value = worst_year != 0 ? worst : kNaN;
      r.target_value = t.value;
      r.pass = all && r.model_value <= t.value;
      if (worst_year != 0) r.model_text = fmt::format("{} in {}", num(worst), worst_year);
      const std::string years = years_text(t.years);
      r.target_text = fmt::format("<= {} in {}", num(t.value), years);
      break;
    }
  }
  if (r.model_text.empty()) r.model_text = std::isnan(r.model_value) ? "n/a" : num(r.model_value);
  return r;
}

std::vector<TargetResult> evaluate(const std::vector<Target>& targets, const Series& s) {
  std::vector<TargetResult> out;
  out.reserve(targets.size());
  for (const Target& t : targets) out.push_back(evaluate(t, s));
  return out;
}

}  // namespace lightind::analysis
