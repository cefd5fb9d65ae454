// The small descriptions behind the plan tests solved by hand (test_plan.cpp,
// test_plan_state.cpp), and reading a row's dual off a plan.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "lightind/description.hpp"
#include "lightind/plan.hpp"

namespace lightind::testing {

/// Two sectors, `first` and `second`, with input coefficients `a` (Description::a's order),
/// from 2012-01 to 2014-12 in one region of ten people ("all", half urban); everything else
/// is the test's to set.
inline Description two_sectors(std::string name, SectorDesc first, SectorDesc second, std::vector<double> a) {
  Description d;
  d.name = std::move(name);
  d.start = {2012, 1};
  d.end = {2014, 12};
  d.sectors = {std::move(first), std::move(second)};
  d.a = std::move(a);
  d.regions = {RegionDesc{"all", "All", 10.0, 0.5, {}}};
  return d;
}

/// The dual of the binding row `row` of a plan (0 when the row does not bind).
inline double dual_of(const plan::PlanResult& r, const std::string& row) {
  for (const auto& b : r.binding)
    if (b.row == row) return b.dual;
  return 0.0;
}

}  // namespace lightind::testing
