// lightind: calibration targets — the targets file parser and the evaluation of each kind.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <sstream>

#include "lightind/analysis.hpp"
#include "lightind/scenario.hpp"
#include "scenario/toml_parse.hpp"

namespace lightind::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr TargetKind kKinds[] = {TargetKind::level,      TargetKind::ratio, TargetKind::growth,
                                 TargetKind::less,       TargetKind::max,   TargetKind::range,
                                 TargetKind::yearly_sum, TargetKind::sign_share};
constexpr TargetClass kClasses[] = {TargetClass::finding, TargetClass::input_check, TargetClass::comparison};

const std::vector<std::string> kCommonKeys = {"id", "text", "source", "kind", "indicator", "class", "restates"};

std::vector<std::string> kind_keys(TargetKind k) {
  switch (k) {
    case TargetKind::level:
      return {"year", "value", "tolerance"};
    case TargetKind::ratio:
      return {"year", "base_indicator", "base_years", "min", "max"};
    case TargetKind::growth:
      return {"values", "tolerance", "error", "signs", "history"};
    case TargetKind::less:
      return {"other", "at", "year", "years"};
    case TargetKind::max:
      return {"years", "value", "monthly"};
    case TargetKind::range:
      return {"years", "min", "max", "monthly"};
    case TargetKind::yearly_sum:
      return {"values", "plus", "scale", "tolerance"};
    case TargetKind::sign_share:
      return {"of", "min"};
  }
  return {};
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
  return out;
}

using detail::describe_node;
using detail::line_of;

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
  [[nodiscard]] int line() const { return line_; }

  std::string string(const std::string& key, bool required = true) const {
    return detail::read_string(*this, key, required);
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
      fail(key, line_of(*n), "a number", describe_node(*n));
    }
    if (!std::isfinite(v)) fail(key, line_of(*n), "a finite number", describe_node(*n));
    if (non_negative && v < 0) fail(key, line_of(*n), "a number >= 0", describe_node(*n));
    return v;
  }

  bool boolean(const std::string& key) const {
    const toml::node* n = node(key);
    if (!n) return false;
    if (!n->is_boolean()) fail(key, line_of(*n), "true or false", describe_node(*n));
    return n->as_boolean()->get();
  }

  /// One of `words` (or `fallback` when the key is absent).
  std::string choice(const std::string& key, const std::vector<std::string>& words, const std::string& fallback) const {
    if (!node(key)) return fallback;
    const std::string v = string(key);
    if (std::find(words.begin(), words.end(), v) == words.end()) {
      std::vector<std::string> quoted;
      for (const auto& w : words) quoted.push_back("\"" + w + "\"");
      fail(key, line_of(*node(key)), "one of " + join(quoted), "\"" + v + "\"", closest(v, words));
    }
    return v;
  }

  std::vector<std::string> strings(const std::string& key, bool required) const {
    const toml::node* n = node(key);
    const std::string expected = "an array of names such as [\"imports_goods\"]";
    if (!n) {
      if (required) fail(key, line_, expected, "nothing (the key is missing)");
      return {};
    }
    const auto* a = n->as_array();
    if (!a) fail(key, line_of(*n), expected, describe_node(*n));
    if (a->empty()) fail(key, line_of(*n), "at least one name", "an empty array");
    std::vector<std::string> out;
    for (const toml::node& item : *a) {
      if (!item.is_string() || item.as_string()->get().empty())
        fail(key, line_of(item), "a non-empty string", describe_node(item));
      out.push_back(item.as_string()->get());
    }
    return out;
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
    if (!is_year(*n)) fail(key, line_of(*n), "a year (an integer such as 2019)", describe_node(*n));
    return static_cast<int>(n->as_integer()->get());
  }

  std::vector<int> years(const std::string& key) const {
    const toml::node* n = node(key);
    if (!n) fail(key, line_, "an array of years such as [2013, 2014]", "nothing (the key is missing)");
    const auto* a = n->as_array();
    if (!a) fail(key, line_of(*n), "an array of years such as [2013, 2014]", describe_node(*n));
    if (a->empty()) fail(key, line_of(*n), "at least one year", "an empty array");
    std::vector<int> out;
    for (const toml::node& item : *a) {
      if (!is_year(item)) fail(key, line_of(item), "a year (an integer such as 2019)", describe_node(item));
      out.push_back(static_cast<int>(item.as_integer()->get()));
    }
    return out;
  }

  std::vector<GrowthTarget> growth_values(const std::string& key, bool signs_allowed = true) const {
    const toml::node* n = node(key);
    const std::string expected =
        signs_allowed ? "a table of year = percent or \"fell\" / \"rose\", such as { 2013 = 1.1, 2015 = \"fell\" }"
                      : "a table of year = number, such as { 2012 = 6.81, 2013 = 7.34 }";
    if (!n) fail(key, line_, expected, "nothing (the key is missing)");
    const auto* t = n->as_table();
    if (!t) fail(key, line_of(*n), expected, describe_node(*n));
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
      if (const auto* s = v.as_string(); s && !signs_allowed) {
        fail(key + "." + year_text, line, "a number", describe_node(v));
      } else if (s) {
        if (s->get() == "fell") {
          g.sign = -1;
        } else if (s->get() == "rose") {
          g.sign = 1;
        } else {
          fail(key + "." + year_text, line, "a percent, \"fell\" or \"rose\"", describe_node(v),
               closest(s->get(), {"fell", "rose"}));
        }
      } else if (const auto* i = v.as_integer()) {
        g.percent = static_cast<double>(i->get());
      } else if (const auto* f = v.as_floating_point()) {
        if (!std::isfinite(f->get())) fail(key + "." + year_text, line, "a finite percent", describe_node(v));
        g.percent = f->get();
      } else {
        fail(key + "." + year_text, line, "a percent, \"fell\" or \"rose\"", describe_node(v));
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
    if (t.kind == TargetKind::sign_share) {
      if (node("indicator"))
        fail("indicator", line_of(*node("indicator")), "no indicator (a sign_share target pools the targets in `of`)",
             describe_node(*node("indicator")));
    } else {
      t.indicator = string("indicator");
    }
    std::vector<std::string> class_names;
    for (TargetClass c : kClasses) class_names.emplace_back(to_string(c));
    const std::string cls = choice("class", class_names, "finding");
    for (TargetClass c : kClasses)
      if (cls == to_string(c)) t.target_class = c;
    if (t.target_class == TargetClass::input_check) {
      t.restates = string("restates");
    } else if (node("restates")) {
      fail("restates", line_of(*node("restates")), "restates only with class = \"input-check\"",
           "class = \"" + cls + "\"");
    }

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
          fail("max", line_of(*node("max")), fmt::format("a number >= min ({})", t.min), describe_node(*node("max")));
        break;
      }
      case TargetKind::growth: {
        t.values = growth_values("values");
        const bool numeric =
            std::any_of(t.values.begin(), t.values.end(), [](const GrowthTarget& g) { return g.percent.has_value(); });
        // A comparison is reported, not judged: it needs no tolerance.
        const auto tol = number("tolerance", numeric && t.target_class != TargetClass::comparison, true);
        t.tolerance = tol ? *tol : kNaN;
        t.rmse = choice("error", {"mae", "rmse"}, "mae") == "rmse";
        t.signs_decide = choice("signs", {"required", "reported"}, "required") == "required";
        if (node("history")) {
          t.history = growth_values("history", false);
          for (const GrowthTarget& h : t.history)
            for (const GrowthTarget& v : t.values)
              if (h.year == v.year)
                fail("history." + std::to_string(h.year), h.line, "a year that is not in `values`",
                     std::to_string(h.year) + " in both");
        }
        break;
      }
      case TargetKind::less: {
        t.other = string("other");
        const std::string at = string("at", false);
        const auto y = year("year", false);
        if (node("at") && at != "final")
          fail("at", line_of(*node("at")), "\"final\"", describe_node(*node("at")), closest(at, {"final"}));
        const int given = (node("at") ? 1 : 0) + (y ? 1 : 0) + (node("years") ? 1 : 0);
        if (given > 1) {
          const char* key = node("years") ? "years" : "year";
          fail(key, line_of(*node(key)), "one of at = \"final\", year or years", "more than one");
        }
        if (given == 0) fail("year", line_, "a year, years, or at = \"final\"", "none of them");
        t.at_final = node("at") != nullptr;
        t.year = y ? *y : 0;
        if (node("years")) t.years = years("years");
        break;
      }
      case TargetKind::max:
        t.years = years("years");
        t.value = *number("value", true);
        t.monthly = boolean("monthly");
        break;
      case TargetKind::range:
        t.years = years("years");
        t.min = *number("min", true);
        t.max = number("max", true);
        if (*t.max < t.min)
          fail("max", line_of(*node("max")), fmt::format("a number >= min ({})", t.min), describe_node(*node("max")));
        t.monthly = boolean("monthly");
        break;
      case TargetKind::yearly_sum: {
        for (const GrowthTarget& g : growth_values("values", false)) t.levels[g.year] = *g.percent;
        t.plus = strings("plus", false);
        const auto scale = number("scale", false);
        if (scale && *scale <= 0.0) fail("scale", line_of(*node("scale")), "a number > 0", describe_node(*node("scale")));
        t.scale = scale ? *scale : 1.0;
        t.tolerance = *number("tolerance", true, true);
        break;
      }
      case TargetKind::sign_share:
        t.of = strings("of", true);
        t.min = *number("min", true, true);
        if (t.min > 1.0) fail("min", line_of(*node("min")), "a share between 0 and 1", describe_node(*node("min")));
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
    throw TargetsError(file, line_of(*list), "targets", "[[targets]] tables", describe_node(*list));
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
  // A sign_share pools growth targets of the same file.
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].kind != TargetKind::sign_share) continue;
    const toml::node& of = *a->get(i)->as_table()->get("of");
    for (size_t k = 0; k < out[i].of.size(); ++k) {
      const std::string& id = out[i].of[k];
      const auto it = std::find_if(out.begin(), out.end(), [&](const Target& x) { return x.id == id; });
      const int line = line_of(*of.as_array()->get(k));
      const std::string key = "targets[" + out[i].id + "].of";
      if (it == out.end()) {
        std::vector<std::string> growth_ids;
        for (const Target& x : out)
          if (x.kind == TargetKind::growth) growth_ids.push_back(x.id);
        throw TargetsError(file, line, key, "the id of a growth target in this file", "\"" + id + "\"",
                           closest(id, growth_ids));
      }
      if (it->kind != TargetKind::growth)
        throw TargetsError(file, line, key, "the id of a growth target", "\"" + id + "\", a " + to_string(it->kind) +
                                                                            " target");
    }
  }
  return out;
}

std::string num(double v) { return fmt::format("{:.4g}", v); }
/// A bound as written in the file (10000, not 1e+04).
std::string bound(double v) { return fmt::format("{:.6g}", v); }

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

/// The names of the kinds and classes, indexed by the enums' values (both start at 0, in order).
constexpr const char* kKindNames[] = {"level", "ratio", "growth", "less", "max", "range", "yearly_sum", "sign_share"};
constexpr const char* kClassNames[] = {"finding", "input-check", "comparison"};
static_assert(std::size(kKindNames) == std::size(kKinds) && std::size(kClassNames) == std::size(kClasses));

const char* to_string(TargetKind k) {
  const auto i = static_cast<size_t>(k);
  return i < std::size(kKindNames) ? kKindNames[i] : "?";
}

const char* to_string(TargetClass c) {
  const auto i = static_cast<size_t>(c);
  return i < std::size(kClassNames) ? kClassNames[i] : "?";
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

std::string not_in_run(const std::string& indicator) { return "indicator " + indicator + " not in the run"; }

/// The annual mean of an indicator in a year, or NaN with a note saying why.
double mean_in(const Series& s, const std::string& indicator, int year, std::string& note) {
  const auto m = annual_mean(s, indicator);
  if (m.empty()) {
    note = not_in_run(indicator);
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
  if (std::isnan(v) && s.aggregate(indicator).empty()) note = not_in_run(indicator);
  return v;
}

void add_note(std::string& note, const std::string& more) {
  if (more.empty() || note.find(more) != std::string::npos) return;
  note += (note.empty() ? "" : "; ") + more;
}

/// The values a max or range target checks: annual means in `years`, or with `monthly` every
/// month of those years. Label -> value; notes what is missing.
std::vector<std::pair<std::string, double>> checked_values(const Target& t, const Series& s, std::string& note,
                                                           bool& all) {
  std::vector<std::pair<std::string, double>> out;
  all = true;
  if (!t.monthly) {
    for (int y : t.years) {
      std::string n;
      const double v = mean_in(s, t.indicator, y, n);
      add_note(note, n);
      if (std::isnan(v)) {
        all = false;
        continue;
      }
      out.emplace_back(std::to_string(y), v);
    }
    return out;
  }
  const auto& series = s.aggregate(t.indicator);
  if (series.empty()) {
    add_note(note, not_in_run(t.indicator));
    all = false;
    return out;
  }
  std::map<int, int> months;
  for (const auto& [m, v] : series) {
    const YearMonth ym = YearMonth::from_index(m);
    if (std::find(t.years.begin(), t.years.end(), ym.year) == t.years.end()) continue;
    ++months[ym.year];
    if (!std::isfinite(v)) {
      add_note(note, fmt::format("{}-{:02d} is not finite", ym.year, ym.month));
      all = false;
      continue;
    }
    out.emplace_back(fmt::format("{}-{:02d}", ym.year, ym.month), v);
  }
  std::sort(out.begin(), out.end());
  for (int y : t.years) {
    if (months[y] != 12) {
      add_note(note, months[y] == 0 ? fmt::format("{} is outside the run", y)
                                    : fmt::format("{} has {} months in the run", y, months[y]));
      all = false;
    }
  }
  return out;
}

/// Growth: every year against the data, the error (MAE or RMSE) over the numeric years, and the signs.
void evaluate_growth(const Target& t, const Series& s, TargetResult& r) {
  const auto growth = annual_growth(s, t.indicator);
  const bool present = !s.aggregate(t.indicator).empty();
  if (!present) add_note(r.note, not_in_run(t.indicator));
  double abs_error = 0.0, sq_error = 0.0;
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
    // A year with data has a sign unless its published growth is exactly 0. It counts in the
    // sign share whether the model computes it or not (not computable = not right).
    const bool has_sign = !g.percent || *g.percent != 0.0;
    const int data_sign = g.percent ? (*g.percent > 0.0 ? 1 : -1) : g.sign;
    const bool sign_right = !has_sign || (y.computable && (data_sign > 0 ? y.model > 0.0 : y.model < 0.0));
    if (has_sign) {
      ++r.signs_total;
      r.signs_right += sign_right ? 1 : 0;
    }
    if (y.computable) {
      ++computable;
      signs_ok = signs_ok && sign_right;
      if (g.percent) {
        // A numeric year counts toward the error, and (with signs = "required") its sign must
        // be right too ("sign of each year's growth right"; a published 0 has no sign to match).
        const double e = y.model - *g.percent;
        abs_error += std::abs(e);
        sq_error += e * e;
        ++numeric;
      }
      y.ok = sign_right;
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
  const double error = numeric == 0 ? kNaN : t.rmse ? std::sqrt(sq_error / numeric) : abs_error / numeric;
  r.pass = computable > 0 && (!t.signs_decide || signs_ok) && (numeric == 0 || error <= t.tolerance);
  if (present && computable == 0) add_note(r.note, "no year is computable");
  const char* metric = t.rmse ? "RMSE" : "MAE";
  if (numeric > 0) {
    r.model_value = error;
    r.target_value = 0.0;
    r.tolerance = t.tolerance;
    r.model_text = fmt::format("{} {:.2f} pp", metric, error);
  }
  if (computable > 0) {
    const std::string signs = t.signs_decide ? (signs_ok ? "signs right" : "sign wrong")
                                             : fmt::format("signs {}/{}", r.signs_right, r.signs_total);
    r.model_text += (r.model_text.empty() ? "" : ", ") + signs;
  }
  const bool any_numeric =
      std::any_of(t.values.begin(), t.values.end(), [](const GrowthTarget& g) { return g.percent.has_value(); });
  if (any_numeric && !std::isnan(t.tolerance))
    r.target_text = fmt::format("{} <= {} pp", t.rmse ? "RMSE" : "MAE", num(t.tolerance));
  if (t.signs_decide) r.target_text += std::string(r.target_text.empty() ? "" : ", ") + "signs";
  if (r.target_text.empty()) r.target_text = "published growth";
}

}  // namespace

TargetResult evaluate(const Target& t, const Series& s) {
  TargetResult r;
  r.id = t.id;
  r.kind = t.kind;
  r.target_class = t.target_class;
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
        add_note(r.note, note);
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
    case TargetKind::growth:
      evaluate_growth(t, s, r);
      break;
    case TargetKind::less: {
      std::string note;
      if (t.at_final) {
        r.model_value = last_of(s, t.indicator, note);
        add_note(r.note, note);
        note.clear();
        r.target_value = last_of(s, t.other, note);
        add_note(r.note, note);
        r.pass = r.model_value < r.target_value;
      } else if (!t.years.empty()) {
        // Each year: annual mean of indicator < that of other. The numbers shown are those of
        // the year with the smallest margin (other - indicator).
        r.pass = true;
        double margin = std::numeric_limits<double>::infinity();
        for (int y : t.years) {
          note.clear();
          const double a = mean_in(s, t.indicator, y, note);
          add_note(r.note, note);
          note.clear();
          const double b = mean_in(s, t.other, y, note);
          add_note(r.note, note);
          const bool ok = a < b;
          r.pass = r.pass && ok;
          r.details.push_back({std::to_string(y), std::isnan(a) ? "n/a" : num(a),
                               "< " + (std::isnan(b) ? std::string("?") : num(b)), ok ? "ok" : "wrong"});
          if (std::isnan(a) || std::isnan(b)) {
            r.model_value = r.target_value = kNaN;
            margin = -std::numeric_limits<double>::infinity();
          } else if (b - a < margin) {
            margin = b - a;
            r.model_value = a;
            r.target_value = b;
          }
        }
      } else {
        r.model_value = mean_in(s, t.indicator, t.year, note);
        add_note(r.note, note);
        note.clear();
        r.target_value = mean_in(s, t.other, t.year, note);
        add_note(r.note, note);
        r.pass = r.model_value < r.target_value;
      }
      const std::string when = t.at_final ? ", final" : fmt::format(", {}", t.year);
      r.target_text = t.years.empty()
                          ? fmt::format("< {} ({}{})", std::isnan(r.target_value) ? "?" : num(r.target_value), t.other,
                                        when)
                          : fmt::format("< {} each year", t.other);
      break;
    }
    case TargetKind::max: {
      bool all = true;
      const auto values = checked_values(t, s, r.note, all);
      double worst = -std::numeric_limits<double>::infinity();
      std::string worst_at;
      for (const auto& [label, v] : values) {
        if (v > worst) {
          worst = v;
          worst_at = label;
        }
      }
      r.model_value = worst_at.empty() ? kNaN : worst;
      r.target_value = t.value;
      r.pass = all && r.model_value <= t.value;
      if (!worst_at.empty()) r.model_text = fmt::format("{} in {}", num(worst), worst_at);
      r.target_text = fmt::format("<= {} {} {}", bound(t.value), t.monthly ? "monthly," : "in", years_text(t.years));
      break;
    }
    case TargetKind::range: {
      bool all = true;
      const auto values = checked_values(t, s, r.note, all);
      // The value shown is the one furthest outside [min, max], or nearest to a bound when all
      // lie inside: distance = max(min - v, v - max), largest first.
      double worst = -std::numeric_limits<double>::infinity();
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      r.pass = all;
      for (const auto& [label, v] : values) {
        const double d = std::max(t.min - v, v - *t.max);
        if (d > worst) {
          worst = d;
          r.model_value = v;
        }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        const bool ok = v >= t.min && v <= *t.max;
        r.pass = r.pass && ok;
        if (!t.monthly) r.details.push_back({label, num(v), "", ok ? "ok" : "wrong"});
      }
      r.target_value = (t.min + *t.max) / 2;
      r.tolerance = (*t.max - t.min) / 2;
      if (!values.empty()) r.model_text = lo == hi ? num(lo) : fmt::format("{} to {}", num(lo), num(hi));
      r.pass = r.pass && !values.empty();
      r.target_text = fmt::format("{} to {} {} {}", bound(t.min), bound(*t.max), t.monthly ? "monthly," : "in",
                                  years_text(t.years));
      break;
    }
    case TargetKind::yearly_sum: {
      // S_y = scale * (sum over the months of y of indicator + each of plus); passes when
      // |S_y - published_y| <= tolerance * |published_y| in every year.
      std::vector<std::string> names = {t.indicator};
      names.insert(names.end(), t.plus.begin(), t.plus.end());
      std::map<int, double> total;
      std::map<int, bool> complete;
      for (const auto& [y, v] : t.levels) {
        (void)v;
        total[y] = 0.0;
        complete[y] = true;
      }
      for (const std::string& name : names) {
        if (s.aggregate(name).empty()) add_note(r.note, not_in_run(name));
        const auto sums = annual_sum(s, name);
        const auto months = months_per_year(s, name);
        for (const auto& [y, v] : t.levels) {
          (void)v;
          const auto it = sums.find(y);
          const auto m = months.find(y);
          if (it == sums.end() || m == months.end() || m->second != 12 || !std::isfinite(it->second)) {
            complete[y] = false;
          } else {
            total[y] += it->second;
          }
        }
      }
      r.pass = true;
      double worst = -1.0;
      for (const auto& [y, published] : t.levels) {
        if (!complete[y]) {
          r.pass = false;
          if (r.note.find("not in the run") == std::string::npos)
            add_note(r.note, fmt::format("{} is not complete in the run", y));
          r.details.push_back({std::to_string(y), "n/a", num(published), ""});
          continue;
        }
        const double model = t.scale * total[y];
        const double rel = published != 0.0 ? (model - published) / std::abs(published) : kNaN;
        const bool ok = std::abs(rel) <= t.tolerance;
        r.pass = r.pass && ok;
        if (std::isnan(rel) || std::abs(rel) > worst) {
          worst = std::isnan(rel) ? std::numeric_limits<double>::infinity() : std::abs(rel);
          r.model_value = rel;
          r.model_text = fmt::format("worst {:+.1f} % in {}", 100.0 * rel, y);
        }
        r.details.push_back({std::to_string(y), fmt::format("{} ({:+.1f} %)", num(model), 100.0 * rel),
                             num(published), ok ? "ok" : "wrong"});
      }
      r.target_value = 0.0;
      r.tolerance = t.tolerance;
      r.target_text = fmt::format("within {} % each year", bound(100.0 * t.tolerance));
      break;
    }
    case TargetKind::sign_share:
      // Pools other targets' results: see the vector form.
      add_note(r.note, "a sign_share target is evaluated with the targets it pools");
      r.target_value = t.min;
      r.target_text = fmt::format(">= {:.0f} % of years", 100.0 * t.min);
      break;
  }
  if (r.model_text.empty()) r.model_text = std::isnan(r.model_value) ? "n/a" : num(r.model_value);
  return r;
}

std::vector<TargetResult> evaluate(const std::vector<Target>& targets, const Series& s) {
  std::vector<TargetResult> out;
  out.reserve(targets.size());
  for (const Target& t : targets) out.push_back(evaluate(t, s));
  // sign_share: the share of the pooled growth targets' years with data whose sign is right.
  for (size_t i = 0; i < targets.size(); ++i) {
    const Target& t = targets[i];
    if (t.kind != TargetKind::sign_share) continue;
    TargetResult& r = out[i];
    r.note.clear();
    r.signs_right = r.signs_total = 0;
    for (const std::string& id : t.of) {
      for (size_t k = 0; k < targets.size(); ++k) {
        if (targets[k].id != id || targets[k].kind != TargetKind::growth) continue;
        r.signs_right += out[k].signs_right;
        r.signs_total += out[k].signs_total;
        if (!out[k].note.empty() && out[k].note.find("not in the run") != std::string::npos)
          add_note(r.note, out[k].note);
      }
    }
    r.model_value = r.signs_total > 0 ? static_cast<double>(r.signs_right) / r.signs_total : kNaN;
    r.pass = r.model_value >= t.min;
    if (r.signs_total == 0) add_note(r.note, "no year with a sign in the pooled targets");
    r.model_text = r.signs_total > 0 ? fmt::format("{}/{} = {:.0f} %", r.signs_right, r.signs_total,
                                                   100.0 * r.model_value)
                                     : "n/a";
  }
  return out;
}

}  // namespace lightind::analysis
