// src/policy/plan_targets.hpp against hand-computed values (STYLE.md 2, 9).
#include <gtest/gtest.h>

#include "policy/plan_targets.hpp"

namespace lightind::policy {
namespace {

TEST(PlanTargets, MultipleOfLastYearOrOfPotential) {
  EXPECT_DOUBLE_EQ(plan_target(1.5, 1000.0, 3000.0), 1500.0);
  EXPECT_DOUBLE_EQ(plan_target(1.5, 0.0, 3000.0), 4500.0);  // the run's first year
  EXPECT_EQ(horizon_years(2025, 2021), 4);
  EXPECT_EQ(horizon_years(2021, 2021), 1);
  EXPECT_EQ(horizon_years(2020, 2021), 1);
}

}  // namespace
}  // namespace lightind::policy
