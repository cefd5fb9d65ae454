// lightind policy: wages by sector and regime, and farms paid from their output (issue 14,
// item 3). Socialist wage systems set the state wage by branch through wage scales (Kornai
// 1992, ch. 11: wages are set administratively, by branch and grade); the household
// responsibility system made the farm household the residual claimant of its output after
// the state's quota, bought at the state's purchase prices (Lin 1992, AER 82(1); Lardy 1983,
// *Agriculture in China's Modern Economic Development*). Applied by pay_wages
// (src/engine/phases_production.cpp). Tests: tests/policy/test_wages.cpp.
#pragma once

#include <algorithm>

namespace lightind::policy {

/// The state wage of a sector: w_j = w × s_j, with w = `state.state_wage` and s_j the
/// sector's `wage_scale` (1: the single state wage).
inline double sector_wage(double state_wage, double wage_scale) { return state_wage * wage_scale; }

/// What a farm's output earned in a month beyond its non-labour costs: revenue (deliveries to
/// the state at its purchase prices, market sales) less inputs and imports, i.e. less the
/// month's cost without what it paid its workers; never negative (a bad month pays nothing,
/// the state's credit covers the costs). Paid to the farm's workers the next month when
/// `state.farm_pay_from_output` is on.
inline double output_earnings(double revenue, double cost, double paid_to_workers) {
  return std::max(0.0, revenue - (cost - paid_to_workers));
}

}  // namespace lightind::policy
