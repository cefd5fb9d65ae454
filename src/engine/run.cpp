// lightind: run() — the month loop, the ledger check, and the indices computed at the end.
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include <tbb/global_control.h>

#include "engine/economy.hpp"
#include "lightind/run.hpp"

namespace lightind {

namespace {

/// Appends `index_name` = 100 x value / base for every month of aggregate `name`, with base
/// the mean of its first twelve months (or of all months when the run is shorter).
void add_index(Series& s, const std::string& name, const std::string& index_name) {
  const auto v = s.aggregate(name);
  if (v.empty()) return;
  const size_t nb = std::min<size_t>(12, v.size());
  double base = 0;
  for (size_t i = 0; i < nb; ++i) base += v[i].second;
  base /= static_cast<double>(nb);
  const int id = s.indicator_id(index_name);
  for (const auto& [m, x] : v) s.add(m, id, base != 0.0 ? 100.0 * x / base : 0.0);
}

/// Rescales aggregate `name` in place so that its mean over `year` is 100 (over the first
/// twelve months when the run does not cover that year).
void rebase_to_year(Series& s, const std::string& name, int year) {
  const auto v = s.aggregate(name);
  if (v.empty()) return;
  double base = 0;
  int count = 0;
  for (const auto& [m, x] : v)
    if (YearMonth::from_index(m).year == year) {
      base += x;
      ++count;
    }
  if (count == 0)
    for (size_t i = 0; i < std::min<size_t>(12, v.size()); ++i, ++count) base += v[i].second;
  base /= count;
  const int id = s.indicator_id(name);
  for (size_t i = 0; i < s.size(); ++i)
    if (s.indicator[i] == id && s.sector[i] < 0 && s.region[i] < 0) s.value[i] = base != 0.0 ? 100.0 * s.value[i] / base : 0.0;
}

/// Throws AccountingError::non_finite at the first value of `s` from row `from` on that is
/// NaN or infinite, naming the indicator, its sector or region and the month: no output
/// holds a value that is not a number.
void check_finite(const Series& s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (std::isfinite(s.value[i])) continue;
    std::string where = "indicator " + s.indicators[static_cast<size_t>(s.indicator[i])];
    if (s.sector[i] >= 0) where += ", sector " + s.sectors[static_cast<size_t>(s.sector[i])];
    if (s.region[i] >= 0) where += ", region " + s.regions[static_cast<size_t>(s.region[i])];
    throw AccountingError::non_finite(s.month[i], std::move(where), s.value[i]);
  }
}

}  // namespace

RunResult run(const Description& d, const RunOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<tbb::global_control> threads;
  if (opt.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<size_t>(opt.threads));
  RunResult r;
  r.scenario = d.name;
  r.seed = opt.seed ? opt.seed : d.seed;
  for (const auto& s : d.sectors) r.series.sectors.push_back(s.id);
  for (const auto& g : d.regions) r.series.regions.push_back(g.id);

  Profile* const prof = opt.profile;
  const auto t_build = std::chrono::steady_clock::now();
  detail::Economy eco(d, r.seed);
  if (prof != nullptr) {
    prof->add("build", std::chrono::duration<double>(std::chrono::steady_clock::now() - t_build).count());
    eco.set_profile(prof);
  }
  std::vector<std::string> sector_ids = r.series.sectors;
  // Spin-up: months before the start, stepped (and checked) but not recorded.
  for (int m = 0; m < d.spin_up_months; ++m) {
    eco.step();
    if (opt.check) {
      const ProfileScope timed(prof, "check");
      check_month(eco.accounts(), eco.goods(), sector_ids);
    }
  }
  eco.end_spin_up();
  const int months = d.months();
  for (int m = 0; m < months; ++m) {
    eco.step();
    if (opt.check) {
      const ProfileScope timed(prof, "check");
      check_month(eco.accounts(), eco.goods(), sector_ids);
    }
    const size_t recorded = r.series.size();
    {
      const ProfileScope timed(prof, "record");
      eco.record(r.series);
    }
    if (opt.check) {
      const ProfileScope timed(prof, "check");
      check_finite(r.series, recorded);  // stops at the month it appears
    }
    if (opt.keep_accounts) {
      r.accounts.push_back(eco.accounts());
      r.goods.push_back(eco.goods());
    }
    if (opt.progress) opt.progress(m + 1, months);
  }
  const auto t_final = std::chrono::steady_clock::now();
  eco.record_final(r.series);
  r.events = std::move(eco.events());
  add_index(r.series, "light_output", "light_output_index");
  add_index(r.series, "heavy_output", "heavy_output_index");
  add_index(r.series, "agriculture_output", "agriculture_output_index");
  add_index(r.series, "living_standard", "living_standard_index");
  add_index(r.series, "real_wage", "real_wage_index");
  rebase_to_year(r.series, "cpi_market", d.prices.cpi_base_year > 0 ? d.prices.cpi_base_year : d.start.year);
  check_finite(r.series, 0);  // checked or not, a run never returns a value that is not a number
  if (prof != nullptr)
    prof->add("record", std::chrono::duration<double>(std::chrono::steady_clock::now() - t_final).count());
  r.agent_months = static_cast<std::int64_t>(eco.enterprises().size() + eco.households().size()) * (months + d.spin_up_months);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

PlanInput simulated_plan_input(const Description& d, int year, std::uint64_t seed) {
  if (year < d.start.year || year > d.end.year)
    throw std::invalid_argument("plan year " + std::to_string(year) + " outside the run (" + std::to_string(d.start.year) +
                                " to " + std::to_string(d.end.year) + ")");
  detail::Economy eco(d, seed ? seed : d.seed);
  const int january = YearMonth{year, 1}.index();
  eco.capture_plan_input(january);
  while (eco.month() <= january) eco.step();
  return eco.captured_plan_input();
}

}  // namespace lightind
