// lightind: the fit's input files — the data file of observed moments and the free-parameters
// file (docs/FIT.md, "Files"). Errors name the file, the line and the key, like the scenario
// loader's and the targets reader's (src/analysis/targets.cpp).
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "fit/fit.hpp"
#include "lightind/indicators.hpp"
#include "scenario/schema.hpp"
#include "scenario/toml_parse.hpp"

namespace lightind::fit {

namespace {

using detail::describe_node;
using detail::line_of;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    out.push_back(l);
  }
  return out;
}

bool is_provenance(std::string c) {
  const size_t b = c.find_first_not_of(" \t#");
  c = b == std::string::npos ? "" : c.substr(b);
  return c.rfind("source:", 0) == 0 || c.rfind("assumption:", 0) == 0;
}

/// A `# source:` or `# assumption:` comment on line `line` (1-based) after the value, or in the
/// run of comment lines right above it.
bool has_provenance(const std::vector<std::string>& lines, int line) {
  if (line <= 0 || static_cast<size_t>(line) > lines.size()) return false;
  const std::string& own = lines[static_cast<size_t>(line) - 1];
  bool in_string = false;
  for (size_t i = 0; i < own.size(); ++i) {
    if (own[i] == '"' && (i == 0 || own[i - 1] != '\\')) in_string = !in_string;
    if (own[i] == '#' && !in_string) {
      if (is_provenance(own.substr(i))) return true;
      break;
    }
  }
  for (int i = line - 2; i >= 0; --i) {
    const std::string& l = lines[static_cast<size_t>(i)];
    const size_t b = l.find_first_not_of(" \t");
    if (b == std::string::npos || l[b] != '#') break;
    if (is_provenance(l.substr(b))) return true;
  }
  return false;
}

/// Reads one table of an array (`[[moments]]` or `[[free]]`).
class Reader {
 public:
  Reader(const std::string& file, const std::vector<std::string>& lines, const toml::table& t, std::string prefix)
      : file_(file), lines_(lines), table_(t), prefix_(std::move(prefix)), line_(line_of(t)) {}

  [[noreturn]] void fail(const std::string& key, int line, const std::string& expected, const std::string& found,
                         const std::string& hint = {}) const {
    throw InputError(file_, line, prefix_ + "." + key, expected, found, hint);
  }
  [[nodiscard]] int line() const { return line_; }
  [[nodiscard]] const toml::node* node(const std::string& key) const { return table_.get(key); }

  void only(const std::vector<std::string>& allowed) const {
    for (const auto& [k, v] : table_) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        fail(key, line_of(v), "one of " + join(allowed), "an unknown key", closest(key, allowed));
    }
  }

  std::string string(const std::string& key, bool required = true) const {
    return detail::read_string(*this, key, required);
  }

  std::optional<double> number(const std::string& key, bool required) const {
    const toml::node* n = node(key);
    if (!n) {
      if (required) fail(key, line_, "a number", "nothing (the key is missing)");
      return std::nullopt;
    }
    return number_of(key, *n);
  }

  double number_of(const std::string& key, const toml::node& n) const {
    double v = 0.0;
    if (const auto* i = n.as_integer()) {
      v = static_cast<double>(i->get());
    } else if (const auto* f = n.as_floating_point()) {
      v = f->get();
    } else {
      fail(key, line_of(n), "a number", describe_node(n));
    }
    if (!std::isfinite(v)) fail(key, line_of(n), "a finite number", describe_node(n));
    return v;
  }

  /// The key's value needs a `# source:` or `# assumption:` comment.
  void sourced(const std::string& key) const {
    const toml::node* n = node(key);
    if (n && !has_provenance(lines_, line_of(*n)))
      fail(key, line_of(*n), "a '# source:' or '# assumption:' comment on its line or right above it",
           "none");
  }

  static std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
    return out;
  }

 private:
  const std::string& file_;
  const std::vector<std::string>& lines_;
  const toml::table& table_;
  std::string prefix_;
  int line_;
};

const toml::array& tables_of(const toml::table& root, const std::string& file, const std::string& name) {
  const toml::node* n = root.get(name);
  if (!n) throw InputError(file, 1, name, "at least one [[" + name + "]] table", "none");
  const toml::array* a = n->as_array();
  if (!a || a->empty() || !a->is_array_of_tables())
    throw InputError(file, line_of(*n), name, "an array of tables [[" + name + "]]", describe_node(*n));
  for (const auto& [k, v] : root)
    if (std::string(k.str()) != name)
      throw InputError(file, line_of(v), std::string(k.str()), "only [[" + name + "]] tables", "another key");
  return *a;
}

/// Reads the file at `path` (a `what` file) into `text` and calls each(reader) for each of its
/// [[name]] tables in order, with a Reader whose keys are named "name[i].key".
template <typename Each>
void read_tables(const std::string& path, const char* what, const std::string& name, std::string& text, Each each) {
  text = detail::read_toml_text<InputError>(path, what);
  const toml::table root = detail::parse_toml_table<InputError>(text, path);
  const std::vector<std::string> lines = lines_of(text);
  const toml::array& tables = tables_of(root, path, name);
  for (size_t i = 0; i < tables.size(); ++i)
    each(Reader(path, lines, *tables[i].as_table(), name + "[" + std::to_string(i) + "]"));
}

MomentKind kind_of(const Reader& r) {
  const std::string k = r.string("kind");
  if (k == "growth") return MomentKind::growth;
  if (k == "mean") return MomentKind::mean;
  if (k == "sum") return MomentKind::sum;
  r.fail("kind", line_of(*r.node("kind")), "one of growth, mean, sum", "\"" + k + "\"",
         closest(k, {"growth", "mean", "sum"}));
}

int year_of(const Reader& r, const std::string& key, const std::string& text, int line) {
  char* end = nullptr;
  const long y = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || y < 1900 || y > 2200) r.fail(key, line, "a year (1900-2200)", "\"" + text + "\"");
  return static_cast<int>(y);
}

}  // namespace

int Data::first_year() const {
  int y = 99999;
  for (const Moment& m : moments)
    for (int v : m.years) y = std::min(y, m.kind == MomentKind::growth ? v - 1 : v);
  return y;
}

int Data::last_year() const {
  int y = 0;
  for (const Moment& m : moments)
    for (int v : m.years) y = std::max(y, v);
  return y;
}

Data load_data(const std::string& path) {
  Data data;
  data.file = path;
  std::set<std::string> ids;
  read_tables(path, "data", "moments", data.text, [&](const Reader& r) {
    r.only({"id", "text", "source", "kind", "indicator", "plus", "scale", "values", "years", "value", "se",
            "se_relative"});
    Moment base;
    base.group = r.string("id");
    if (!ids.insert(base.group).second)
      r.fail("id", line_of(*r.node("id")), "an id used once", "\"" + base.group + "\" again");
    (void)r.string("text");
    (void)r.string("source");
    base.kind = kind_of(r);
    base.indicator = r.string("indicator");
    auto check_indicator = [&](const std::string& key, const std::string& name, int line) {
      if (indicators::find(name) != nullptr) return;
      std::vector<std::string> known;
      for (const auto& ind : indicators::all())
        if (ind.level == indicators::Level::aggregate) known.emplace_back(ind.name);
      r.fail(key, line, "a national indicator (docs/INDICATORS.md)", "\"" + name + "\"", closest(name, known));
    };
    check_indicator("indicator", base.indicator, line_of(*r.node("indicator")));
    if (base.kind != MomentKind::sum && (r.node("plus") || r.node("scale")))
      r.fail(r.node("plus") ? "plus" : "scale", r.line(), "plus and scale only with kind = \"sum\"", "them here");
    if (const toml::node* p = r.node("plus")) {
      const toml::array* a = p->as_array();
      if (!a) r.fail("plus", line_of(*p), "an array of indicator names", describe_node(*p));
      for (const auto& e : *a) {
        if (!e.is_string()) r.fail("plus", line_of(e), "an indicator name", describe_node(e));
        base.plus.push_back(e.as_string()->get());
        check_indicator("plus", base.plus.back(), line_of(e));
      }
    }
    base.scale = r.number("scale", false).value_or(1.0);
    if (r.node("scale")) r.sourced("scale");
    if (base.scale <= 0) r.fail("scale", line_of(*r.node("scale")), "a number > 0", fmt::format("{}", base.scale));

    const std::optional<double> se = r.number("se", false);
    const std::optional<double> se_rel = r.number("se_relative", false);
    if (se.has_value() == se_rel.has_value())
      r.fail("se", r.line(), "one of se or se_relative", se ? "both" : "neither");
    const std::string se_key = se ? "se" : "se_relative";
    if (*(se ? se : se_rel) <= 0)
      r.fail(se_key, line_of(*r.node(se_key)), "a number > 0", fmt::format("{}", *(se ? se : se_rel)));
    r.sourced(se_key);
    auto se_of = [&](double value, int line) {
      const double s = se ? *se : *se_rel * std::fabs(value);
      if (!(s > 0)) r.fail("se_relative", line, "a value whose relative standard error is > 0", "0");
      return s;
    };

    const toml::node* values = r.node("values");
    const toml::node* years = r.node("years");
    if ((values != nullptr) == (years != nullptr))
      r.fail("values", r.line(), "either values = { YEAR = x, ... } or years = [...] with value",
             values ? "both" : "neither");
    if (values) {
      if (r.node("value")) r.fail("value", line_of(*r.node("value")), "no value beside values", "both");
      r.sourced("values");
      const toml::table* t = values->as_table();
      if (!t || t->empty()) r.fail("values", line_of(*values), "a table { YEAR = x, ... }", describe_node(*values));
      for (const auto& [k, v] : *t) {
        Moment m = base;
        const int y = year_of(r, "values", std::string(k.str()), line_of(v));
        m.years = {y};
        m.value = r.number_of("values." + std::string(k.str()), v);
        m.se = se_of(m.value, line_of(v));
        m.id = fmt::format("{}[{}]", base.group, y);
        data.moments.push_back(std::move(m));
      }
    } else {
      const toml::array* a = years->as_array();
      if (!a || a->empty()) r.fail("years", line_of(*years), "a non-empty array of years", describe_node(*years));
      Moment m = base;
      for (const auto& e : *a) {
        if (!e.is_integer()) r.fail("years", line_of(e), "a year (an integer)", describe_node(e));
        m.years.push_back(year_of(r, "years", std::to_string(e.as_integer()->get()), line_of(e)));
      }
      std::sort(m.years.begin(), m.years.end());
      if (std::adjacent_find(m.years.begin(), m.years.end()) != m.years.end())
        r.fail("years", line_of(*years), "distinct years", "a year twice");
      m.value = *r.number("value", true);
      r.sourced("value");
      m.se = se_of(m.value, line_of(*r.node("value")));
      m.id = m.years.size() == 1 ? fmt::format("{}[{}]", base.group, m.years.front())
                                 : fmt::format("{}[{}-{}]", base.group, m.years.front(), m.years.back());
      data.moments.push_back(std::move(m));
    }
  });
  return data;
}

Free load_free(const std::string& path) {
  Free free;
  free.file = path;
  std::vector<std::string> number_keys;  // every number key of a table section, "section.key"
  for (const detail::KeySpec& k : detail::keys()) {
    const detail::SectionSpec* s = detail::find_section(k.section);
    if (s && s->shape == detail::Shape::table && !s->nested() && k.type == detail::Type::number)
      number_keys.push_back(std::string(k.section) + "." + std::string(k.key));
  }
  read_tables(path, "free-parameters", "free", free.text, [&](const Reader& r) {
    r.only({"key", "min", "max", "start", "why"});
    FreeParam p;
    p.key = r.string("key");
    const int key_line = line_of(*r.node("key"));
    const size_t dot = p.key.find('.');
    const detail::KeySpec* spec =
        dot == std::string::npos ? nullptr : detail::find_key(p.key.substr(0, dot), p.key.substr(dot + 1));
    if (!spec || std::find(number_keys.begin(), number_keys.end(), p.key) == number_keys.end())
      r.fail("key", key_line, "a number key of the scenario schema, SECTION.KEY (docs/SCENARIOS.md)",
             "\"" + p.key + "\"", closest(p.key, number_keys));
    for (const FreeParam& q : free.params)
      if (q.key == p.key) r.fail("key", key_line, "a key freed once", "\"" + p.key + "\" again");
    p.lo = *r.number("min", true);
    p.hi = *r.number("max", true);
    p.start = *r.number("start", true);
    if (!(p.lo < p.hi))
      r.fail("max", line_of(*r.node("max")), fmt::format("a number > min ({})", p.lo), fmt::format("{}", p.hi));
    if (!spec->range.contains(p.lo))
      r.fail("min", line_of(*r.node("min")), "a value the key allows (" + spec->range.text() + ")",
             fmt::format("{}", p.lo));
    if (!spec->range.contains(p.hi))
      r.fail("max", line_of(*r.node("max")), "a value the key allows (" + spec->range.text() + ")",
             fmt::format("{}", p.hi));
    if (p.start < p.lo || p.start > p.hi)
      r.fail("start", line_of(*r.node("start")), fmt::format("a number in [{}, {}]", p.lo, p.hi),
             fmt::format("{}", p.start));
    p.why = r.string("why");
    free.params.push_back(std::move(p));
  });
  return free;
}

}  // namespace lightind::fit
