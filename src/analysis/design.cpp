// lightind: the counterfactual design, priority (light / heavy) x reform (on / off): each
// effect as a difference of annual means, so that the priority's and the reform's
// contributions can be read apart (docs/MODEL.md, "Counterfactuals as a design").
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"

namespace lightind::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_in(const std::map<int, double>& m, int year) {
  const auto it = m.find(year);
  return it == m.end() ? kNaN : it->second;
}

std::string number(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:+.4g}", v); }

}  // namespace

std::vector<DesignCell> design_cells(const DesignRuns& runs, const std::vector<std::string>& indicators,
                                     const std::vector<int>& years) {
  if (!runs.light_reform || !runs.heavy_reform || !runs.light_no_reform || !runs.heavy_no_reform)
    throw std::invalid_argument("the design needs four runs");
  std::vector<DesignCell> out;
  for (const std::string& ind : indicators) {
    const auto lr = annual_mean(*runs.light_reform, ind), hr = annual_mean(*runs.heavy_reform, ind),
               ln = annual_mean(*runs.light_no_reform, ind), hn = annual_mean(*runs.heavy_no_reform, ind);
    if (lr.empty()) continue;
    for (int y : years) {
      if (!lr.count(y)) continue;
      DesignCell c;
      c.indicator = ind;
      c.year = y;
      const double a = mean_in(lr, y), b = mean_in(hr, y), p = mean_in(ln, y), q = mean_in(hn, y);
      c.priority_with_reform = a - b;
      c.priority_without_reform = p - q;
      c.reform_light = a - p;
      c.reform_heavy = b - q;
      c.interaction = c.priority_with_reform - c.priority_without_reform;
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::string design_table(const std::vector<DesignCell>& cells) {
  using detail::kColumn, detail::kIndicator, detail::kYear;
  std::string out = detail::wrap(
      "Priority x reform: differences of annual means, in the indicator's units. priority: light minus heavy "
      "priority (with the reform: reference - heavy-priority; without: no-reform - heavy-no-reform); reform: "
      "reform minus none (light: reference - no-reform; heavy: heavy-priority - heavy-no-reform); interaction: "
      "priority with reform minus priority without (= reform light minus reform heavy).",
      "", 100);
  out += fmt::format("\n{:<{}}{:>{}}{:>{}}{:>{}}{:>{}}{:>{}}{:>{}}\n", "", kIndicator, "", kYear, "priority", kColumn,
                     "priority", kColumn, "reform", kColumn, "reform", kColumn, "", kColumn);
  out += fmt::format("{:<{}}{:>{}}{:>{}}{:>{}}{:>{}}{:>{}}{:>{}}\n", "indicator", kIndicator, "year", kYear,
                     "w/ reform", kColumn, "w/o reform", kColumn, "light", kColumn, "heavy", kColumn, "interaction",
                     kColumn);
  std::string previous;
  for (const DesignCell& c : cells) {
    std::string line = detail::indicator_year_cells(c.indicator, c.year, previous, out);
    for (double v : {c.priority_with_reform, c.priority_without_reform, c.reform_light, c.reform_heavy, c.interaction})
      line += fmt::format("{:>{}}", number(v), kColumn);
    out += line + "\n";
  }
  return out;
}

std::string design_csv(const std::vector<DesignCell>& cells) {
  std::string out = "indicator,year,priority_with_reform,priority_without_reform,reform_light,reform_heavy,interaction\n";
  for (const DesignCell& c : cells)
    out += fmt::format("{},{},{},{},{},{},{}\n", detail::csv_field(c.indicator), c.year,
                       detail::csv_number(c.priority_with_reform), detail::csv_number(c.priority_without_reform),
                       detail::csv_number(c.reform_light), detail::csv_number(c.reform_heavy),
                       detail::csv_number(c.interaction));
  return out;
}

}  // namespace lightind::analysis
