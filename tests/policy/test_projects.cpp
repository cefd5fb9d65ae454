// src/policy/projects.hpp against hand-computed values (STYLE.md 2, 9).
#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "policy/projects.hpp"

namespace lightind::policy {
namespace {

TEST(Projects, MonthlyKeepCompoundsToTheAnnualRate) {
  EXPECT_DOUBLE_EQ(monthly_keep(0.0), 1.0);
  EXPECT_DOUBLE_EQ(monthly_keep(-0.1), 1.0);
  EXPECT_NEAR(std::pow(monthly_keep(0.05), 12), 0.95, 1e-15);
  EXPECT_DOUBLE_EQ(monthly_keep(0.05), std::pow(0.95, 1.0 / 12.0));
}

TEST(Projects, CapacityLagAndRamp) {
  EXPECT_DOUBLE_EQ(capacity_added(300.0, 1.5), 200.0);
  EXPECT_EQ(project_lag(18, 12), 18);
  EXPECT_EQ(project_lag(0, 12), 0);
  EXPECT_EQ(project_lag(-1, 12), 12);
  EXPECT_DOUBLE_EQ(new_build_start_efficiency(0.8), 0.4);
  EXPECT_EQ(ramp_months(0), 1);
  EXPECT_EQ(ramp_months(6), 6);
  EXPECT_DOUBLE_EQ(ramp_step(0.8, 0.4, 4), 0.1);
}

TEST(Projects, FullOutputAtNinetyFivePercentOfWhatIsAllowed) {
  // Capacity 1200/year at target 0.5, all allowed: full at 12 q >= 570, i.e. q >= 47.5.
  EXPECT_TRUE(full_output(0, 47.5, 1200.0, 0.5, 1.0));
  EXPECT_FALSE(full_output(0, 47.0, 1200.0, 0.5, 1.0));
  EXPECT_FALSE(full_output(1, 100.0, 1200.0, 0.5, 1.0));  // still ramping
  // Half the materials: 47.5 / 2 suffices.
  EXPECT_TRUE(full_output(0, 23.75, 1200.0, 0.5, 0.5));
}

TEST(Projects, SplitByCapacityWithinAGroup) {
  // Sectors 0 and 2 in group 1 with capacities 100 and 300; sector 1 in group 0; sector 3 in
  // group 1 without enterprises. 80 units to group 1: 20 and 60.
  const std::array<int, 4> group{1, 0, 1, 1};
  const std::array<double, 4> cap{100, 50, 300, 999};
  const std::array<unsigned char, 4> members{1, 1, 1, 0};
  std::array<double, 4> units{};
  split_by_capacity(80.0, 1, group, cap, members, units);
  EXPECT_DOUBLE_EQ(units[0], 20.0);
  EXPECT_DOUBLE_EQ(units[1], 0.0);
  EXPECT_DOUBLE_EQ(units[2], 60.0);
  EXPECT_DOUBLE_EQ(units[3], 0.0);
  // No capacity in the group: equal parts.
  const std::array<double, 4> none{0, 0, 0, 0};
  units = {};
  split_by_capacity(80.0, 1, group, none, members, units);
  EXPECT_DOUBLE_EQ(units[0], 40.0);
  EXPECT_DOUBLE_EQ(units[2], 40.0);
  // A group without sectors with enterprises, or nothing to split: nothing written.
  units = {};
  split_by_capacity(80.0, 2, group, cap, members, units);
  split_by_capacity(0.0, 1, group, cap, members, units);
  for (double u : units) EXPECT_DOUBLE_EQ(u, 0.0);
}

TEST(Projects, LocalPartOfASectorsInvestment) {
  // Light industry: the policy's local share; others: local capacity's share.
  EXPECT_DOUBLE_EQ(local_part(100.0, true, 0.6, 10.0, 30.0), 60.0);
  EXPECT_DOUBLE_EQ(local_part(100.0, false, 0.6, 10.0, 30.0), 25.0);
  // No local capacity: none; no central capacity: all.
  EXPECT_DOUBLE_EQ(local_part(100.0, true, 0.6, 0.0, 30.0), 0.0);
  EXPECT_DOUBLE_EQ(local_part(100.0, true, 0.6, 10.0, 0.0), 100.0);
}

TEST(Projects, OpeningPipelineRunsUntilTheFirstAllocationCompletes) {
  EXPECT_EQ(pipeline_months(30, 1), 42);  // January opening: the first allocation is 12 months on
  EXPECT_EQ(pipeline_months(30, 4), 39);  // April: 9 months on
  EXPECT_EQ(pipeline_months(30, 12), 31);
  EXPECT_EQ(pipeline_months(0, 1), 0);    // installed at once: nothing under way
}

TEST(Projects, OpeningPipelineGivenInUnitsCompletesInEqualParts) {
  const std::vector<double> c = opening_pipeline(5000.0, 12, 1.0, 2400.0, 0.05);  // the units win over the rate
  ASSERT_EQ(c.size(), 12U);
  for (double x : c) EXPECT_DOUBLE_EQ(x, 200.0);
}

TEST(Projects, OpeningPipelineFromAGrowthRateNetOfDepreciation) {
  // No depreciation, 12 % a year over a 3-month lag: r = 1.12^(1/12) = 1.0094887929, C_m =
  // 1000 r^m (r - 1) = 9.4888, 9.5788, 9.6697; together 1000 (1.12^(1/4) - 1) = 28.7373.
  const std::vector<double> c = opening_pipeline(1000.0, 3, 1.0, std::nullopt, 0.12);
  ASSERT_EQ(c.size(), 3U);
  EXPECT_NEAR(c[0], 9.488792934583, 1e-9);
  EXPECT_NEAR(c[1], 9.578830125938, 1e-9);
  EXPECT_NEAR(c[2], 9.669721661559, 1e-9);
  EXPECT_NEAR(c[0] + c[1] + c[2], 28.737344722080, 1e-9);
  // Zero growth at 12 % depreciation a year: each month replaces what depreciates,
  // 1000 (0.88^(-1/12) - 1) = 10.7097, and (K + C) keep = K.
  const double keep = monthly_keep(0.12);
  const std::vector<double> z = opening_pipeline(1000.0, 24, keep, std::nullopt, 0.0);
  ASSERT_EQ(z.size(), 24U);
  for (double x : z) EXPECT_NEAR(x, 10.709723850662, 1e-9);
  EXPECT_NEAR((1000.0 + z[0]) * keep, 1000.0, 1e-9);
  // A rate below -depreciation builds nothing; no lag or no key: nothing under construction.
  for (double x : opening_pipeline(1000.0, 6, keep, std::nullopt, -0.2)) EXPECT_EQ(x, 0.0);
  EXPECT_TRUE(opening_pipeline(1000.0, 0, keep, 100.0, 0.1).empty());
  EXPECT_TRUE(opening_pipeline(1000.0, 12, keep, std::nullopt, std::nullopt).empty());
}

TEST(Projects, AccumulationTakesCapitalGoodsFirstThenBuilds) {
  // s = 0.25 of Y = 1000 is 250: 100 of capital goods on offer, all bought, 150 built.
  Accumulation a = accumulation(0.25, 1000.0, 100.0);
  EXPECT_DOUBLE_EQ(a.take, 1.0);
  EXPECT_DOUBLE_EQ(a.construction, 150.0);
  // s = 0.05: 50 of the 100 on offer, nothing built.
  a = accumulation(0.05, 1000.0, 100.0);
  EXPECT_DOUBLE_EQ(a.take, 0.5);
  EXPECT_DOUBLE_EQ(a.construction, 0.0);
  // No capital goods: all of it built; no income: nothing taken.
  a = accumulation(0.25, 1000.0, 0.0);
  EXPECT_DOUBLE_EQ(a.construction, 250.0);
  a = accumulation(0.25, -10.0, 100.0);
  EXPECT_DOUBLE_EQ(a.take, 0.0);
  EXPECT_DOUBLE_EQ(a.construction, 0.0);
}

}  // namespace
}  // namespace lightind::policy
