// lightind: the out-of-sample test of `lightind validate` — the split at the hold-out and
// the validation rows of the fitted scenario (src/fit/validate.hpp, docs/FIT.md).
#include "fit/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

namespace lightind::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void refuse(const std::string& file, const std::string& expected, const std::string& found) {
  throw InputError(file, 0, "--holdout", expected, found);
}

bool parse_year(std::string_view s, int& y) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
  return ec == std::errc() && end == s.data() + s.size() && y >= 1 && y <= 9999;
}

/// A growth table of one-year moments: its years and values, in year order.
struct GrowthTable {
  std::string group, indicator, label;
  std::map<int, double> values;
};

std::vector<GrowthTable> growth_tables(const Data& data) {
  std::vector<GrowthTable> out;
  for (const Moment& m : data.moments) {
    if (m.kind != MomentKind::growth || m.years.size() != 1) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const GrowthTable& t) { return t.group == m.group; });
    if (it == out.end()) it = out.insert(out.end(), GrowthTable{m.group, m.indicator, m.indicator, {}});
    it->values[m.years.front()] = m.value;
  }
  for (GrowthTable& t : out) {
    const auto same = std::count_if(out.begin(), out.end(), [&](const GrowthTable& o) { return o.indicator == t.indicator; });
    if (same > 1) t.label = t.group;
  }
  return out;
}

}  // namespace

Holdout parse_holdout(const std::string& text) {
  Holdout h;
  const size_t dash = text.find('-');
  const std::string_view s(text);
  const bool ok = dash == std::string::npos
                      ? parse_year(s, h.first) && parse_year(s, h.last)
                      : parse_year(s.substr(0, dash), h.first) && parse_year(s.substr(dash + 1), h.last);
  if (!ok) refuse("lightind validate", "the held-out years as YEAR-YEAR (e.g. 2018-2019) or YEAR", "\"" + text + "\"");
  if (h.first > h.last)
    refuse("lightind validate", "a first held-out year no later than the last", fmt::format("{}-{}", h.first, h.last));
  return h;
}

Data in_sample(const Data& data, const Holdout& h) {
  int lo = std::numeric_limits<int>::max(), hi = std::numeric_limits<int>::min();
  for (const Moment& m : data.moments)
    for (int y : m.years) {
      lo = std::min(lo, y);
      hi = std::max(hi, y);
    }
  const std::string held = fmt::format("{}-{}", h.first, h.last);
  if (data.moments.empty() || h.first < lo || h.last > hi)
    refuse(data.file, data.moments.empty() ? "moments to split" : fmt::format("held-out years within the data's {}-{}", lo, hi),
           held);
  Data out = data;
  out.moments.clear();
  for (const Moment& m : data.moments)
    if (std::all_of(m.years.begin(), m.years.end(), [&](int y) { return y < h.first; })) out.moments.push_back(m);
  if (out.moments.empty())
    refuse(data.file, fmt::format("moments wholly before {} to fit on (in-sample years)", h.first),
           fmt::format("{} (no moment's years all lie before it)", held));
  bool scored = false;
  for (const GrowthTable& t : growth_tables(data))
    for (const auto& [y, v] : t.values) scored = scored || (y >= h.first && y <= h.last);
  if (!scored) refuse(data.file, "a growth moment of one year in the held-out years (the table scores growth)", held);
  out.subset = fmt::format("the {} moments wholly before {}", out.moments.size(), h.first);
  return out;
}

std::vector<ValidationTableRow> validation_rows(const std::string& scenario, const Data& data, const Free& free,
                                                const Options& opt, const std::vector<double>& theta,
                                                const Holdout& h) {
  std::vector<GrowthTable> tables = growth_tables(data);
  std::erase_if(tables, [&](const GrowthTable& t) {
    return std::none_of(t.values.begin(), t.values.end(), [&](const auto& v) { return v.first >= h.first && v.first <= h.last; });
  });
  // The model's annual growth of every table's years, first to h.last: one moment per year,
  // evaluated as the fit evaluates a candidate (the same seeds; runs to December of h.last).
  Data annual;
  annual.file = data.file;
  for (const GrowthTable& t : tables)
    for (int y = t.values.begin()->first; y <= h.last; ++y) {
      Moment m;
      m.id = fmt::format("{}[{}]", t.label, y);
      m.group = t.group;
      m.indicator = t.indicator;
      m.years = {y};
      annual.moments.push_back(std::move(m));
    }
  const Evaluator ev(scenario, annual, free, opt);
  const Evaluation e = ev.evaluate(theta);
  std::vector<ValidationTableRow> rows;
  size_t k = 0;
  for (const GrowthTable& t : tables) {
    std::vector<double> data_in, model_in, data_out, model_out;
    for (int y = t.values.begin()->first; y <= h.last; ++y, ++k) {
      const auto it = t.values.find(y);
      const double d = it == t.values.end() ? kNaN : it->second;
      (y < h.first ? data_in : data_out).push_back(d);
      (y < h.first ? model_in : model_out).push_back(e.moments[k]);
    }
    rows.push_back(validation_row(t.label, data_in, model_in, data_out, model_out));
  }
  return rows;
}

}  // namespace lightind::fit
