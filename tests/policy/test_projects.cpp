// src/policy/projects.hpp against hand-computed values (STYLE.md 2, 9).
#include <array>
#include <cmath>

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

}  // namespace
}  // namespace lightind::policy
