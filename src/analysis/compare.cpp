// lightind: comparing scenarios side by side (`lightind compare`).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"
#include "lightind/description.hpp"
#include "lightind/scenario.hpp"

namespace lightind::analysis {

std::vector<std::string> unique_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& n : names) {
    std::string name = n;
    for (int k = 2; std::find(out.begin(), out.end(), name) != out.end(); ++k) name = n + "-" + std::to_string(k);
    out.push_back(name);
  }
  return out;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Table layout: indicator, year, then one column per scenario (26 + 5 + 5 x 13 = 96 columns).
using detail::kColumn;
using detail::kIndicator;
using detail::kYear;
constexpr std::size_t kMaxColumns = 5;

std::string value_text(double v) {
  if (std::isnan(v)) return "-";
  const double a = std::abs(v);
  if (a == 0.0) return "0";
  if (a >= 1e6) return fmt::format("{:.4g}", v);
  if (a >= 1000) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.3f}", v);
}

/// A signed difference with a unit suffix; very large ones in three significant digits so
/// that a cell keeps its width.
std::string signed_text(double x, const char* suffix) {
  return std::abs(x) < 1e5 ? fmt::format("{:+.1f}{}", x, suffix) : fmt::format("{:+.3g}{}", x, suffix);
}

std::string difference_text(DifferenceKind k, double value, double first) {
  if (std::isnan(value) || std::isnan(first)) return "-";
  switch (k) {
    case DifferenceKind::percent:
      // Relative to the first value's magnitude, so that the sign says up or down even when
      // the first value is negative.
      if (first == 0.0) return value == 0.0 ? "+0.0%" : "n/a";
      return signed_text(100.0 * (value - first) / std::abs(first), "%");
    case DifferenceKind::share_points:
      return signed_text(100.0 * (value - first), "pp");
    case DifferenceKind::index_points:
      return signed_text(value - first, "pt");
    case DifferenceKind::absolute:
      return fmt::format("{:+.4g}", value - first);
  }
  return "?";
}

}  // namespace

const std::vector<std::string>& headline_indicators() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const std::string_view n : indicators::view(indicators::View::compare)) v.emplace_back(n);
    return v;
  }();
  return names;
}

DifferenceKind difference_kind(const std::string& indicator) {
  const indicators::Indicator* i = indicators::find(indicator);
  return i != nullptr ? i->difference : DifferenceKind::percent;
}

std::string shorten(const std::string& name, std::size_t width) {
  if (name.size() <= width) return name;
  if (width == 0) return {};
  return name.substr(0, width - 1) + "~";
}

std::vector<CompareCell> compare_cells(const std::vector<ComparedRun>& runs, const std::vector<std::string>& indicators,
                                       const std::vector<int>& years) {
  std::vector<CompareCell> cells;
  if (runs.empty()) return cells;
  // Years inside the first run.
  const Series& first = *runs.front().series;
  if (first.month.empty()) return cells;
  const auto [lo, hi] = std::minmax_element(first.month.begin(), first.month.end());
  const int y0 = YearMonth::from_index(*lo).year, y1 = YearMonth::from_index(*hi).year;
  std::vector<int> inside;
  for (int y : years.empty() ? default_compare_years(y0, y1) : years)
    if (y >= y0 && y <= y1 && std::find(inside.begin(), inside.end(), y) == inside.end()) inside.push_back(y);

  for (const std::string& name : indicators) {
    std::vector<std::map<int, double>> means;
    bool any = false;
    for (const ComparedRun& r : runs) {
      means.push_back(annual_mean(*r.series, name));
      any = any || !means.back().empty();
    }
    if (!any) continue;  // absent from every run
    for (int y : inside) {
      double v0 = kNaN;
      for (size_t i = 0; i < runs.size(); ++i) {
        const auto it = means[i].find(y);
        CompareCell c;
        c.scenario = runs[i].name;
        c.indicator = name;
        c.year = y;
        c.value = it == means[i].end() ? kNaN : it->second;
        if (i == 0) v0 = c.value;
        c.difference = i == 0 ? kNaN : c.value - v0;
        if (const indicators::Indicator* info = indicators::find(name); info != nullptr)
          c.unit = indicators::unit(*info, runs[i].currency);
        cells.push_back(std::move(c));
      }
    }
  }
  return cells;
}

std::string compare_table(const std::vector<ComparedRun>& runs, const std::vector<CompareCell>& cells) {
  std::string out;
  if (runs.empty()) return out;
  const std::size_t n = runs.size();
  out += detail::wrap(fmt::format("Annual means. First column: {}; the others: their difference from it, in % "
                                  "(relative), pp (percentage points, shares), pt (index points) or absolute "
                                  "(balances).",
                                  runs.front().name),
                      "", 100);

  // Columns in chunks: the first scenario and up to four others, so that a chunk fits 100 columns.
  std::vector<std::vector<std::size_t>> chunks;
  for (std::size_t i = 1; i < n || chunks.empty(); i += kMaxColumns - 1) {
    std::vector<std::size_t> c{0};
    for (std::size_t j = i; j < n && j < i + kMaxColumns - 1; ++j) c.push_back(j);
    chunks.push_back(std::move(c));
  }
  for (const auto& chunk : chunks) {
    out += "\n";
    std::string header = fmt::format("{:<{}}{:>{}}", "indicator", kIndicator, "year", kYear);
    for (std::size_t j : chunk) header += fmt::format("{:>{}}", shorten(runs[j].name, kColumn - 1), kColumn);
    out += header + "\n";
    std::string previous;
    for (std::size_t k = 0; k + n <= cells.size(); k += n) {
      const CompareCell& first = cells[k];
      std::string line = detail::indicator_year_cells(first.indicator, first.year, previous, out);
      const DifferenceKind kind = difference_kind(first.indicator);
      for (std::size_t j : chunk) {
        const std::string text =
            j == 0 ? value_text(first.value) : difference_text(kind, cells[k + j].value, first.value);
        line += fmt::format("{:>{}}", text, kColumn);
      }
      out += line + "\n";
    }
  }
  return out;
}

std::vector<int> default_compare_years(int first_year, int last_year) {
  const int from = last_year > first_year ? first_year + 1 : first_year;
  std::vector<int> years;
  for (int i = 0; i < 4; ++i) {
    const int y = from + static_cast<int>(std::lround(i * (last_year - from) / 3.0));
    if (std::find(years.begin(), years.end(), y) == years.end()) years.push_back(y);
  }
  return years;
}

std::vector<int> default_compare_years(const Series& s) {
  if (s.month.empty()) return {};
  const auto [lo, hi] = std::minmax_element(s.month.begin(), s.month.end());
  return default_compare_years(YearMonth::from_index(*lo).year, YearMonth::from_index(*hi).year);
}

Comparison compare(const CompareRequest& req) {
  if (req.paths.empty()) throw std::invalid_argument("compare needs at least one scenario file");
  std::vector<Description> ds;
  ds.push_back(load_scenario(req.paths.front(), req.sets, req.seed));
  Comparison c;
  c.seed = req.seed != 0 ? req.seed : ds.front().seed;
  for (size_t i = 1; i < req.paths.size(); ++i) ds.push_back(load_scenario(req.paths[i], req.sets, c.seed));
  std::vector<std::string> names;
  for (const Description& d : ds) names.push_back(d.name);
  c.names = unique_names(names);
  if (req.on_loaded) req.on_loaded(c.names);
  c.series.reserve(ds.size());
  for (size_t i = 0; i < ds.size(); ++i) {
    if (req.on_start) req.on_start(i, c.names[i], c.seed);
    RunOptions opt;
    opt.seed = c.seed;
    opt.threads = req.threads;
    opt.keep_accounts = req.keep_accounts;
    opt.progress = req.progress;
    RunResult r = run(ds[i], opt);
    if (req.on_run) req.on_run(i, c.names[i], r, ds[i]);
    c.series.push_back(std::move(r.series));
  }
  std::vector<ComparedRun> runs;
  for (size_t i = 0; i < ds.size(); ++i) runs.push_back({c.names[i], &c.series[i], ds[i].currency});
  c.cells = compare_cells(runs, headline_indicators(), req.years);
  c.table = compare_table(runs, c.cells);
  return c;
}

std::string compare_csv(const std::vector<CompareCell>& cells) {
  std::string out = "scenario,indicator,year,value,difference,unit\n";
  for (const CompareCell& c : cells)
    out += fmt::format("{},{},{},{},{},{}\n", detail::csv_field(c.scenario), detail::csv_field(c.indicator), c.year,
                       detail::csv_number(c.value), detail::csv_number(c.difference), detail::csv_field(c.unit));
  return out;
}

}  // namespace lightind::analysis
