// lightind policy: the multi-year plan's targets (STYLE.md 2). Article: the five-year
// strategy (2016-2020) and the five-year plan of January 2021 set output sought by the
// plan's last year. Applied by set_plan_targets and plan_input (src/engine/phases_plan.cpp).
// Tests: tests/policy/test_plan_targets.cpp.
#pragma once

#include <algorithm>

namespace lightind::policy {

/// A sector's target, units/year: T_k = m_k x Y_k, with Y_k its output in the calendar year
/// before the plan's event, or (first year of the run: no such year) its potential output
/// over a year.
inline double plan_target(double multiple, double last_year_output, double potential_year) {
  const double base = last_year_output > 0.0 ? last_year_output : potential_year;
  return multiple * base;
}

/// Years from the plan year to the targets' year, at least 1.
inline int horizon_years(int target_year, int year) { return std::max(1, target_year - year); }

}  // namespace lightind::policy
