// lightind: summary.json — headline indicators per year.
#include <climits>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/results.hpp"
#include "lightind/version.hpp"
#include "results/io.hpp"

namespace lightind {

namespace io = detail::results_io;

namespace {

struct YearSum {
  analysis::AnnualMean mean;  ///< the one annual-mean rule (NaN months left out)
  bool present = false;       ///< the indicator has a row in the year
};

/// A finite number, or null (JSON has no NaN).
nlohmann::ordered_json number_or_null(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr; }

}  // namespace

/// {"scenario", "title", "seed", "version", "commit", "start", "end", "currency", "units",
/// "years", "final"}. units[indicator] = the registry's unit of each aggregate indicator in the
/// scenario's currency (indicators::unit; absent for a name the registry lacks).
/// years["YYYY"][indicator] = mean over the year's months of each aggregate indicator
/// (sector and region -1) by analysis::AnnualMean's rule (NaN months left out; null when none
/// is finite); final[indicator]
/// = the indicator's value in its last month. Keys in a fixed order, no timestamp: the same
/// run gives the same bytes.
void write_summary_json(const RunResult& r, const Description& d, const std::string& path) {
  const Series& s = r.series;
  io::check_series(s);
  const size_t n = s.indicators.size();

  std::map<int, std::vector<YearSum>> years;
  std::vector<int> last_month(n, INT_MIN);
  std::vector<double> last_value(n, 0.0);
  int cached_year = INT_MIN;
  std::vector<YearSum>* year_sums = nullptr;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s.sector[k] != -1 || s.region[k] != -1) continue;
    const int year = YearMonth::from_index(s.month[k]).year;
    if (year != cached_year) {
      year_sums = &years[year];
      year_sums->resize(n);
      cached_year = year;
    }
    const auto id = static_cast<size_t>(s.indicator[k]);
    const double v = s.value[k];
    YearSum& y = (*year_sums)[id];
    y.present = true;
    y.mean.add(v);
    if (s.month[k] >= last_month[id]) {
      last_month[id] = s.month[k];
      last_value[id] = v;
    }
  }

  nlohmann::ordered_json j;
  j["scenario"] = io::scenario_name(r, d);
  j["title"] = d.title;
  j["seed"] = r.seed;
  j["version"] = version();
  j["commit"] = source_commit();
  j["start"] = d.start.str();
  j["end"] = d.end.str();
  j["currency"] = d.currency;
  auto& ju = j["units"] = nlohmann::ordered_json::object();
  for (size_t i = 0; i < n; ++i)
    if (const indicators::Indicator* info = indicators::find(s.indicators[i]); info != nullptr && !last_month.empty() &&
        last_month[i] != INT_MIN)
      ju[s.indicators[i]] = indicators::unit(*info, d.currency);
  auto& jy = j["years"] = nlohmann::ordered_json::object();
  for (const auto& [year, sums] : years) {
    auto& row = jy[std::to_string(year)] = nlohmann::ordered_json::object();
    for (size_t i = 0; i < n; ++i)
      if (sums[i].present) row[s.indicators[i]] = number_or_null(sums[i].mean.value());
  }
  auto& jf = j["final"] = nlohmann::ordered_json::object();
  for (size_t i = 0; i < n; ++i)
    if (last_month[i] != INT_MIN) jf[s.indicators[i]] = number_or_null(last_value[i]);
  io::write_file(path, j.dump(2) + "\n");
}

}  // namespace lightind
