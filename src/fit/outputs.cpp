// lightind: the files of `lightind fit` written and read back (src/fit/outputs.hpp).
#include "fit/outputs.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <regex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "results/io.hpp"
#include "scenario/tree.hpp"

namespace lightind::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
namespace io = lightind::detail::results_io;

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

/// The lines of `text`, without "\r".
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = std::min(text.find('\n', pos), text.size());
    out.emplace_back(text.substr(pos, nl - pos));
    if (out.back().ends_with('\r')) out.back().pop_back();
    pos = nl + 1;
  }
  return out;
}

/// A whole field as a number; nullopt when it is not one.
std::optional<double> number(std::string_view s) {
  double v = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

/// The rows of a CSV text below a header that starts with `header`, each with the number of
/// fields of the header: calls row(fields, "path:line", columns).
template <typename Row>
void each_row(std::string_view text, const std::string& path, std::string_view header, bool exact, Row&& row) {
  const std::vector<std::string> lines = lines_of(text);
  const bool ok = !lines.empty() && (exact ? lines[0] == header : lines[0].starts_with(header));
  if (!ok)
    bad(fmt::format("{}:1: header: expected \"{}{}\", found \"{}\"", path, header, exact ? "" : ",...",
                    lines.empty() ? "an empty file" : lines[0].substr(0, 120)));
  std::vector<std::string> columns, c;
  io::split_csv_line(lines[0], columns);
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::string where = fmt::format("{}:{}", path, i + 1);
    io::split_csv_line(lines[i], c);
    if (c.size() != columns.size()) bad(fmt::format("{}: expected {} fields, found {}", where, columns.size(), c.size()));
    row(c, where, columns);
  }
}

/// Field k as a number: `what` says what was expected; empty gives NaN when `empty_ok`.
double field(const std::vector<std::string>& c, size_t k, const std::string& where,
             const std::vector<std::string>& columns, bool empty_ok, bool positive = false) {
  if (empty_ok && c[k].empty()) return kNaN;
  const std::optional<double> v = number(c[k]);
  if (!v || !std::isfinite(*v) || (positive && !(*v > 0.0)))
    bad(fmt::format("{}: {}: expected {}{}, found \"{}\"", where, columns[k],
                    positive ? "a number > 0" : "a finite number", empty_ok ? " (or empty for none)" : "", c[k]));
  return *v;
}

const std::regex& estimate_pattern() {
  static const std::regex re(R"(^# estimate: lightind fit(?:, se (\S+))? \(range (\S+) to (\S+); free because (.*)\)$)");
  return re;
}

const std::regex& not_identified_pattern() {
  static const std::regex re(
      R"(^# not identified by the data \((.*)\): ([A-Za-z0-9_]+\.[A-Za-z0-9_.]+) left at the scenario's value )"
      R"(\(the search ended at (\S+); range (\S+) to (\S+); free because (.*)\)$)");
  return re;
}

}  // namespace

const OverlayParam* Overlay::find(std::string_view key) const {
  for (const OverlayParam& p : params)
    if (p.key == key) return &p;
  return nullptr;
}

std::string estimate_comment(double se, const FreeParam& p) {
  const std::string note = std::isfinite(se) ? fmt::format(", se {:.4g}", se) : "";
  return fmt::format("# estimate: lightind fit{} (range {} to {}; free because {})", note, p.lo, p.hi, p.why);
}

std::string not_identified_comment(const std::string& reason, double ended_at, const FreeParam& p) {
  return fmt::format(
      "# not identified by the data ({}): {} left at the scenario's value (the search ended at {}; range {} to {}; "
      "free because {})",
      reason, p.key, ended_at, p.lo, p.hi, p.why);
}

Overlay parse_overlay(std::string_view text, const std::string& path) {
  Overlay o;
  o.file = path;
  o.distance = kNaN;
  detail::Value root;
  try {
    root = detail::parse_toml(text, path);
  } catch (const std::exception& e) {
    bad(fmt::format("{}: not a TOML file: {}", path, e.what()));
  }
  if (const detail::Value* ex = root.find("extends"); ex && ex->is_string()) o.extends = ex->str;
  const std::vector<std::string> lines = lines_of(text);
  std::string section;
  std::set<std::string> keys;
  const auto expected_number = [&](size_t i, std::string_view what) {
    const std::optional<double> v = number(what);
    if (!v) bad(fmt::format("{}:{}: expected a number, found \"{}\"", path, i + 1, what));
    return *v;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::smatch m;
    if (i == 1 && l.starts_with("#   ")) o.command = l.substr(4);
    if (l.starts_with("# distance ")) {
      const size_t end = l.find(' ', 11);
      o.distance = expected_number(i, l.substr(11, end == std::string::npos ? std::string::npos : end - 11));
    }
    if (l.starts_with("[")) section = l.substr(1, l.find(']') - 1);
    // A comment of the contract: the line matched against `re` (else an error quoting
    // `format`), its line number, and its range and reason from groups g, g + 1, g + 2.
    const auto comment = [&](const std::regex& re, std::string_view format, size_t g) {
      if (!std::regex_match(l, m, re))
        bad(fmt::format("{}:{}: expected a comment \"{}\", found \"{}\"", path, i + 1, format, l.substr(0, 160)));
      OverlayParam p;
      p.line = static_cast<int>(i + 1);
      p.lo = expected_number(i, m[g].str());
      p.hi = expected_number(i, m[g + 1].str());
      p.why = m[g + 2].str();
      return p;
    };
    if (l.starts_with("# estimate:")) {
      OverlayParam p = comment(estimate_pattern(), "# estimate: lightind fit[, se SE] (range LO to HI; free because WHY)", 2);
      p.se = m[1].matched ? expected_number(i, m[1].str()) : kNaN;
      const size_t eq = i + 1 < lines.size() ? lines[i + 1].find('=') : std::string::npos;
      std::string name = eq == std::string::npos ? "" : lines[i + 1].substr(0, eq);
      while (!name.empty() && name.back() == ' ') name.pop_back();
      const detail::Value* sec = root.find(section);
      const detail::Value* v = sec && !name.empty() ? sec->find(name) : nullptr;
      if (!v || !v->is_number())
        bad(fmt::format("{}:{}: expected a number key of [{}] below the estimate comment, found \"{}\"", path, i + 2,
                        section, i + 1 < lines.size() ? lines[i + 1].substr(0, 120) : "the end of the file"));
      p.key = section + "." + name;
      p.value = v->as_double();
      o.params.push_back(std::move(p));
    } else if (l.starts_with("# not identified")) {
      OverlayParam p = comment(not_identified_pattern(),
                               "# not identified by the data (REASON): SECTION.KEY left at the scenario's value (the "
                               "search ended at X; range LO to HI; free because WHY)",
                               4);
      p.identified = false;
      p.reason = m[1].str();
      p.key = m[2].str();
      p.value = expected_number(i, m[3].str());
      p.se = kNaN;
      o.params.push_back(std::move(p));
    } else {
      continue;
    }
    if (!keys.insert(o.params.back().key).second)
      bad(fmt::format("{}:{}: {}: expected each parameter once, found it again", path, i + 1, o.params.back().key));
  }
  return o;
}

std::vector<MomentRow> parse_moments_csv(std::string_view text, const std::string& path) {
  std::vector<MomentRow> rows;
  each_row(text, path, kMomentsCsvHeader, true, [&](const auto& c, const std::string& where, const auto& columns) {
    if (c[0].empty()) bad(fmt::format("{}: moment: expected an id, found an empty field", where));
    rows.push_back({c[0], field(c, 1, where, columns, false), field(c, 2, where, columns, false, true),
                    field(c, 3, where, columns, true), field(c, 4, where, columns, true),
                    field(c, 5, where, columns, true)});
  });
  return rows;
}

std::vector<UncertaintyRow> parse_uncertainty_csv(std::string_view text, const std::string& path) {
  std::vector<UncertaintyRow> rows;
  each_row(text, path, "parameter,estimate,se,identified", false,
           [&](const auto& c, const std::string& where, const auto& columns) {
             if (c[0].empty()) bad(fmt::format("{}: parameter: expected a key, found an empty field", where));
             if (c[3] != "true" && c[3] != "false")
               bad(fmt::format("{}: identified: expected true or false, found \"{}\"", where, c[3]));
             const bool identified = c[3] == "true";
             rows.push_back({c[0], field(c, 1, where, columns, false), field(c, 2, where, columns, !identified),
                             identified});
           });
  return rows;
}

std::vector<std::pair<std::string, double>> parse_start_values(std::string_view text, const std::string& path) {
  std::vector<std::pair<std::string, double>> out;
  each_row(text, path, "index,stage,loss", false, [&](const auto& c, const std::string& where, const auto& columns) {
    if (c[1] != "start" || !out.empty()) return;
    for (size_t k = 3; k < c.size(); ++k) out.emplace_back(columns[k], field(c, k, where, columns, false));
  });
  return out;
}

}  // namespace lightind::fit
