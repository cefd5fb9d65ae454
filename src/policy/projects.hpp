// lightind policy: investment projects — the fund's allocation, gestation, completion and
// ramp-up, depreciation (STYLE.md 2). Article: new builds and rebuilds of light-industry
// factories ("Pyongyang Cornstarch Factory", "Sinuiju Cosmetics Factory" ...) and the
// investment fund's shares by sector group. Applied by invest_and_build, invest_in_sector and
// proportional_investment (src/engine/phases_production.cpp). Tests: tests/policy/test_projects.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <vector>

namespace lightind::policy {

/// Capacity kept after a month's depreciation: (1 - delta)^(1/12) for an annual rate delta
/// (1 when delta <= 0).
inline double monthly_keep(double annual_depreciation) {
  return annual_depreciation > 0.0 ? std::pow(1.0 - annual_depreciation, 1.0 / 12.0) : 1.0;
}

/// Annual capacity (units/year) that `units` of capital goods add: units / kappa, kappa the
/// sector's capital per unit of annual capacity.
inline double capacity_added(double units, double capital_per_unit) { return units / capital_per_unit; }

/// Gestation of a listed project, months: its own when given (>= 0), else its sector's.
inline int project_lag(int project_gestation, int sector_gestation) {
  return project_gestation >= 0 ? project_gestation : sector_gestation;
}

/// A completed new build starts at half its target efficiency ("a new line starts at half speed").
inline double new_build_start_efficiency(double target_efficiency) { return 0.5 * target_efficiency; }

/// Ramp-up of a completed project: months max(1, ramp) and the monthly step (e* - e) / months
/// from its efficiency e to its target e*.
inline int ramp_months(int ramp) { return std::max(1, ramp); }
inline double ramp_step(double target_efficiency, double efficiency, int months) {
  return (target_efficiency - efficiency) / months;
}

/// A project reaches full output once its ramp is over and its annual output 12 q is at
/// least 95 % of capacity K x target efficiency e* x the share `allowed` of it that this
/// month's materials, imports and staffing allow.
inline bool full_output(int ramp_left, double output, double capacity, double target_efficiency, double allowed) {
  return ramp_left == 0 && output * 12.0 >= 0.95 * capacity * target_efficiency * allowed;
}

/// Months over which the opening pipeline completes: the sector's gestation lag g plus the
/// months from the opening to the first January allocation after it (13 - the opening's
/// calendar month: 12 for a January opening), so that capacity keeps growing until the run's
/// own first projects complete (the fund is empty at the opening: its first allocation is the
/// next January's). 0 when g <= 0 (investment installed at once has nothing under way).
inline int pipeline_months(int gestation, int opening_calendar_month) {
  return gestation > 0 ? gestation + 13 - opening_calendar_month : 0;
}

/// The opening pipeline of a sector (docs/MODEL.md "The opening state"): capacity that
/// completes in each of the first `months` months after the opening (units per year; m = 0 is
/// the first month stepped), from projects started before it and already paid for.
/// Construction work in progress is the investment of the last construction period spread over
/// its stages (Kalecki 1969, "Introduction to the Theory of Growth in a Socialist Economy", on
/// the construction period: the investment under way at any moment is that of the projects
/// started over the last construction period). Given the capacity under construction
/// `pipeline` (units per year): pipeline / months each month. Given an annual growth rate g
/// net of depreciation: capacity K_0 r^m (r / keep - 1), r = (1 + g)^(1/12), keep the month's
/// depreciation factor, so that with completions added before the month's depreciation
/// (invest_and_build) K_{m+1} = (K_m + C_m) keep = r K_m; never negative (a rate below
/// -depreciation leaves capacity to depreciate). Empty when months <= 0 or neither is given.
inline std::vector<double> opening_pipeline(double capacity, int months, double keep, std::optional<double> pipeline,
                                            std::optional<double> growth) {
  std::vector<double> out;
  if (months <= 0 || (!pipeline && !growth)) return out;
  out.assign(static_cast<size_t>(months), 0.0);
  if (pipeline) {
    for (double& c : out) c = *pipeline / months;
    return out;
  }
  const double r = std::pow(1.0 + *growth, 1.0 / 12.0);
  for (int m = 0; m < months; ++m) out[static_cast<size_t>(m)] = std::max(0.0, capacity * std::pow(r, m) * (r / keep - 1.0));
  return out;
}

/// Accumulation (docs/MODEL.md "The accumulation rate"): the fund's intake this month at state
/// prices, A = s Y (s the accumulation rate, Y national income), taken first from the
/// capital goods on offer B: the share of them the state buys, min(1, A / B) (1 when B = 0),
/// and the rest max(0, A - B) that the budget builds as state construction.
struct Accumulation {
  double take = 1.0;         ///< share of the capital goods on offer bought into the fund
  double construction = 0.0; ///< won at state prices built by the budget beyond them
};
inline Accumulation accumulation(double rate, double national_income, double capital_on_offer) {
  const double target = rate * std::max(0.0, national_income);
  Accumulation a;
  a.take = capital_on_offer > 0.0 ? std::min(1.0, target / capital_on_offer) : 1.0;
  a.construction = std::max(0.0, target - capital_on_offer);
  return a;
}

/// The fund's units of one sector group g split over its sectors in proportion to their
/// capacity (equally when they have none): u_k = U_g K_k / sum_{j in g} K_j. Sectors of other
/// groups, and sectors with no enterprise (has_members 0), get nothing; writes into `units`
/// only for the group's sectors, and nothing when the group has no sector with enterprises.
inline void split_by_capacity(double units_g, int g, std::span<const int> sector_group,
                              std::span<const double> sector_capacity, std::span<const unsigned char> has_members,
                              std::span<double> units) {
  if (units_g <= 0.0) return;
  double cap_g = 0.0;
  int members = 0;
  const auto n = static_cast<int>(units.size());
  for (int k = 0; k < n; ++k)
    if (sector_group[static_cast<size_t>(k)] == g && has_members[static_cast<size_t>(k)]) {
      cap_g += sector_capacity[static_cast<size_t>(k)];
      ++members;
    }
  if (members == 0) return;
  for (int k = 0; k < n; ++k) {
    if (sector_group[static_cast<size_t>(k)] != g || !has_members[static_cast<size_t>(k)]) continue;
    units[static_cast<size_t>(k)] = cap_g > 0 ? units_g * sector_capacity[static_cast<size_t>(k)] / cap_g : units_g / members;
  }
}

/// Units of a sector's investment going to its local enterprises: U s_local in light
/// industry (policy.local_share), else U K_local / (K_local + K_central); all of it when the
/// sector has no central capacity, none when it has no local capacity.
inline double local_part(double units, bool light, double local_share, double cap_local, double cap_central) {
  double part = units * (light ? local_share : cap_local / (cap_local + cap_central));
  if (cap_local <= 0.0) part = 0.0;
  if (cap_central <= 0.0) part = units;
  return part;
}

}  // namespace lightind::policy
