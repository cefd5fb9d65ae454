// src/policy/demand.hpp against hand-computed values (issue 12, item 1).
#include <gtest/gtest.h>

#include "policy/demand.hpp"

namespace lightind::policy {
namespace {

TEST(Demand, AdaptiveExpectationClosesTheGapByItsWeight) {
  // E = 100 + 0.5 (140 - 100) = 120; weight 1 is the naive expectation, 0 never learns.
  EXPECT_DOUBLE_EQ(expected_demand(100.0, 140.0, 0.5), 120.0);
  EXPECT_DOUBLE_EQ(expected_demand(100.0, 140.0, 1.0), 140.0);
  EXPECT_DOUBLE_EQ(expected_demand(100.0, 140.0, 0.0), 100.0);
  EXPECT_DOUBLE_EQ(expected_demand(100.0, 60.0, 0.25), 90.0);
}

TEST(Demand, PlannedOutputMovesTheStockToItsTarget) {
  // Expected sales 100, target one month: with 100 in stock plan 100; with 40, 160;
  // with 250 in stock, 100 + 100 - 250 < 0 -> nothing.
  EXPECT_DOUBLE_EQ(planned_output(100.0, 100.0, 1.0), 100.0);
  EXPECT_DOUBLE_EQ(planned_output(100.0, 40.0, 1.0), 160.0);
  EXPECT_DOUBLE_EQ(planned_output(100.0, 250.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(planned_output(80.0, 20.0, 0.5), 100.0);  // 80 + 40 - 20
}

TEST(Demand, PlanFillIsTheShareOfWhatCanBeProduced) {
  EXPECT_DOUBLE_EQ(plan_fill(50.0, 200.0), 0.25);
  EXPECT_DOUBLE_EQ(plan_fill(300.0, 200.0), 1.0);  // capacity binds
  EXPECT_DOUBLE_EQ(plan_fill(0.0, 200.0), 0.0);
  EXPECT_DOUBLE_EQ(plan_fill(10.0, 0.0), 0.0);  // nothing can be produced
}

TEST(Demand, ExportBanIdlesExportDemand) {
  // 30 units a month of foreign demand; a ban of severity 0.9 leaves 3.
  EXPECT_DOUBLE_EQ(export_demand(30.0, 1.0), 30.0);
  EXPECT_NEAR(export_demand(30.0, 0.1), 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(export_demand(30.0, 0.0), 0.0);
}

TEST(Demand, UnderemploymentIsTheIdleShareOfAssignedWorkers) {
  EXPECT_DOUBLE_EQ(underemployment(75.0, 100.0), 0.25);
  EXPECT_DOUBLE_EQ(underemployment(100.0, 100.0), 0.0);
  EXPECT_DOUBLE_EQ(underemployment(120.0, 100.0), 0.0);  // overtime is not negative idleness
  EXPECT_DOUBLE_EQ(underemployment(0.0, 0.0), 0.0);
}

}  // namespace
}  // namespace lightind::policy
