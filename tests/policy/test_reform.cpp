// src/policy/reform.hpp against hand-computed values (STYLE.md 2, 9).
#include <cmath>

#include <gtest/gtest.h>

#include "policy/reform.hpp"

namespace lightind::policy {
namespace {

TEST(Reform, ReformMonthSpreadsOverThePhaseIn) {
  // Start 2013-04 (index 24159), 24 months: u = 0 -> the start, u = 0.5 -> +12, u = 0.999 -> +23.
  EXPECT_EQ(reform_month(24159, 24, 0.0), 24159);
  EXPECT_EQ(reform_month(24159, 24, 0.5), 24171);
  EXPECT_EQ(reform_month(24159, 24, 0.999), 24182);
  EXPECT_EQ(reform_month(100, 0, 0.7), 100);
}

TEST(Reform, RightsFromTheirDate) {
  EXPECT_FALSE(rights_in_force(99, 100));
  EXPECT_TRUE(rights_in_force(100, 100));
  EXPECT_TRUE(rights_in_force(101, 100));
}

TEST(Reform, IncentiveOfWagesByWork) {
  // 1 - exp(-(m - 1) / scale): m = 2, scale 10 -> 1 - e^-0.1; none at or below the state wage.
  EXPECT_DOUBLE_EQ(incentive(2.0, 10.0), 1.0 - std::exp(-0.1));
  EXPECT_DOUBLE_EQ(incentive(1.0, 10.0), 0.0);
  EXPECT_DOUBLE_EQ(incentive(0.5, 10.0), 0.0);
  EXPECT_NEAR(incentive(1e6, 10.0), 1.0, 1e-15);
  // Target: G x incentive(w / w_state) when reformed, else 0.
  EXPECT_DOUBLE_EQ(incentive_target(true, 0.2, 6000.0, 3000.0, 10.0), 0.2 * (1.0 - std::exp(-0.1)));
  EXPECT_DOUBLE_EQ(incentive_target(false, 0.2, 6000.0, 3000.0, 10.0), 0.0);
}

TEST(Reform, ApproachClosesAShareOfTheGap) {
  EXPECT_DOUBLE_EQ(approach(0.5, 0.9, 0.25), 0.6);
  EXPECT_DOUBLE_EQ(approach(10.0, 4.0, 0.5), 7.0);
  EXPECT_DOUBLE_EQ(approach(3.0, 8.0, 0.0), 3.0);
}

TEST(Reform, LabourSpeedWithTalentRights) {
  EXPECT_DOUBLE_EQ(labour_speed(true, true, 0.3, 0.1), 0.3);
  EXPECT_DOUBLE_EQ(labour_speed(true, false, 0.3, 0.1), 0.1);
  EXPECT_DOUBLE_EQ(labour_speed(false, true, 0.3, 0.1), 0.1);
}

TEST(Reform, ProfitSplitHandComputed) {
  // Profit 1000, levy 30 %: 300 to the state, 700 kept; wages by work 50 % = 350; development
  // 20 % = 140; own investment 700 - 350 - 140 = 210.
  const ProfitSplit s = split_profit(1000.0, 0.3, 0.5, 0.2, true);
  EXPECT_DOUBLE_EQ(s.levy, 300.0);
  EXPECT_DOUBLE_EQ(s.retained, 700.0);
  EXPECT_DOUBLE_EQ(s.wage_fund, 350.0);
  EXPECT_DOUBLE_EQ(s.development, 140.0);
  EXPECT_DOUBLE_EQ(s.investment, 210.0);
  // Without development rights the development part stays in investment: 350.
  const ProfitSplit n = split_profit(1000.0, 0.3, 0.5, 0.2, false);
  EXPECT_DOUBLE_EQ(n.development, 0.0);
  EXPECT_DOUBLE_EQ(n.investment, 350.0);
  // Shares above the retained profit leave no investment (never negative).
  EXPECT_DOUBLE_EQ(split_profit(100.0, 0.0, 0.8, 0.5, true).investment, 0.0);
  EXPECT_DOUBLE_EQ(command_remittance(1000.0, 0.9), 900.0);
}

TEST(Reform, DevelopmentGainHandComputed) {
  // D = 100 won, month value 1000, 4 varieties, quality 2, costs 0.05 and 0.05. Both rights:
  // 50 to varieties -> 50 / (0.05 x 1000 x 4) = 0.25; 50 to quality -> 0.01 x 50 / (0.05 x 1000 x 2) = 0.005.
  const DevelopmentGain both = development_gain(100.0, true, true, 1000.0, 4.0, 2.0, 50.0, 0.05);
  EXPECT_DOUBLE_EQ(both.varieties, 0.25);
  EXPECT_DOUBLE_EQ(both.quality, 0.005);
  // Only product development: all 100 to varieties; fewer than one variety counts as one.
  const DevelopmentGain dev = development_gain(100.0, true, false, 1000.0, 0.5, 2.0, 50.0, 0.05);
  EXPECT_DOUBLE_EQ(dev.varieties, 2.0);
  EXPECT_DOUBLE_EQ(dev.quality, 0.0);
  // Only quality management: all to quality.
  const DevelopmentGain q = development_gain(100.0, false, true, 1000.0, 4.0, 2.0, 50.0, 0.05);
  EXPECT_DOUBLE_EQ(q.varieties, 0.0);
  EXPECT_DOUBLE_EQ(q.quality, 0.01);
}

TEST(Reform, VarietyCostsWorkerMonthsAndInputs) {
  // 12 worker-months at 5,000 won and 20,000 won of inputs: 80,000 won a variety.
  EXPECT_DOUBLE_EQ(variety_unit_cost(12.0, 5000.0, 20000.0), 80000.0);
  // 160,000 won buys two varieties at one held, half a variety at four held.
  EXPECT_DOUBLE_EQ(development_gain(160000.0, true, false, 1.0, 1.0, 1.0, 80000.0, 0.05).varieties, 2.0);
  EXPECT_DOUBLE_EQ(development_gain(160000.0, true, false, 1.0, 4.0, 1.0, 80000.0, 0.05).varieties, 0.5);
  // No cost given: no varieties (not an infinite number).
  EXPECT_DOUBLE_EQ(development_gain(160000.0, true, false, 1.0, 4.0, 1.0, 0.0, 0.05).varieties, 0.0);
}

TEST(Reform, ExcessCashBeyondTwoMonthsOfCosts) {
  // 1000 - 100 - 50 - 2 x 300 = 250.
  EXPECT_DOUBLE_EQ(excess_cash(1000.0, 100.0, 50.0, 300.0), 250.0);
  EXPECT_DOUBLE_EQ(excess_cash(500.0, 0.0, 0.0, 300.0), -100.0);
}

}  // namespace
}  // namespace lightind::policy
