// Behavioural functions against hand-computed values (STYLE.md 2).
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/behaviour.hpp"

namespace lightind::detail {
namespace {

TEST(Behaviour, NormalQuantileMatchesTables) {
  // Standard normal table values.
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.8413447460685429), 1.0, 1e-12);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-11);
  EXPECT_NEAR(normal_quantile(1.0 / 8192.0), -3.668329285121323, 1e-10);  // Python statistics.NormalDist().inv_cdf
}

TEST(Behaviour, TabulatedLognormalShock) {
  // Two-node table by hand: z = -/+0.6744897501960817 (quartiles), sigma = 0.1.
  const std::vector<double> t = lognormal_table(0.1, 2);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_NEAR(t[0], std::exp(-0.06744897501960817 - 0.005), 1e-13);
  EXPECT_NEAR(t[1], std::exp(0.06744897501960817 - 0.005), 1e-13);
  EXPECT_DOUBLE_EQ(tabulated_shock(t, 0.0), t[0]);
  EXPECT_DOUBLE_EQ(tabulated_shock(t, 0.25), 0.75 * t[0] + 0.25 * t[1]);
  // A fine table has mean 1 and log-sd sigma, up to the cut tails.
  const std::vector<double> f = lognormal_table(0.1, 4096);
  double mean = 0, m2 = 0;
  for (double v : f) mean += v / 4096.0;
  for (double v : f) m2 += std::pow(std::log(v) + 0.005, 2) / 4096.0;
  EXPECT_NEAR(mean, 1.0, 2e-5);
  EXPECT_NEAR(std::sqrt(m2), 0.1, 1e-3);
  // sigma = 0: no shock.
  EXPECT_DOUBLE_EQ(tabulated_shock(lognormal_table(0.0, 16), 0.37), 1.0);
}

TEST(Behaviour, PotentialOutputIsMonthlyShareOfEffectiveCapacity) {
  EXPECT_DOUBLE_EQ(potential_output(1200.0, 0.5), 50.0);
}

TEST(Behaviour, RationFactor) {
  EXPECT_DOUBLE_EQ(ration_factor(30.0, 40.0), 0.75);
  EXPECT_DOUBLE_EQ(ration_factor(50.0, 40.0), 1.0);
  EXPECT_DOUBLE_EQ(ration_factor(0.0, 40.0), 0.0);
  EXPECT_DOUBLE_EQ(ration_factor(5.0, 0.0), 1.0);
}

TEST(Behaviour, LabourPerUnitFallsWithAutomation) {
  // l (1 - s a) = 0.02 (1 - 0.5 * 0.6) = 0.014
  EXPECT_NEAR(labour_per_unit(0.02, 0.6, 0.5), 0.014, 1e-15);
}

TEST(Behaviour, LeontiefOutputTakesTheBindingLimit) {
  // potential 100; materials allow 80%; labour: 7 workers at 0.1 per unit allow 70 units.
  EXPECT_DOUBLE_EQ(leontief_output(100.0, 0.8, 7.0, 0.1), 70.0);
  EXPECT_DOUBLE_EQ(leontief_output(100.0, 0.8, 50.0, 0.1), 80.0);
  EXPECT_DOUBLE_EQ(leontief_output(100.0, 1.0, 0.0, 0.0), 100.0);  // no labour needed
}

TEST(Behaviour, CesSharesHandComputed) {
  // sigma = 2: weight_k = N_k theta_k p_k^-1. Sector 0: 2*1/1 = 2; sector 1: 1*2/4 = 0.5.
  const std::array<double, 2> n{2, 1}, theta{1, 2}, p{1, 4};
  std::array<double, 2> s{};
  ces_shares(n, theta, p, 2.0, s);
  EXPECT_NEAR(s[0], 0.8, 1e-15);
  EXPECT_NEAR(s[1], 0.2, 1e-15);
}

TEST(Behaviour, CesSharesMoreVarietiesRaiseTheShare) {
  const std::array<double, 2> theta{1, 1}, p{1, 1};
  std::array<double, 2> s1{}, s2{};
  ces_shares(std::array<double, 2>{1, 1}, theta, p, 3.0, s1);
  ces_shares(std::array<double, 2>{3, 1}, theta, p, 3.0, s2);
  EXPECT_DOUBLE_EQ(s1[0], 0.5);
  EXPECT_DOUBLE_EQ(s2[0], 0.75);
}

TEST(Behaviour, CesUtilityHandComputed) {
  // One sector, one variety, quality 1: U = c.
  EXPECT_NEAR(ces_utility(std::array<double, 1>{5.0}, std::array<double, 1>{1.0}, std::array<double, 1>{1.0}, 3.0), 5.0,
              1e-12);
  // sigma = 2, N = 4, theta = 1, c = 1: U = [4^(1/2) * 1^(1/2)]^2 = 4: love of variety.
  EXPECT_NEAR(ces_utility(std::array<double, 1>{1.0}, std::array<double, 1>{4.0}, std::array<double, 1>{1.0}, 2.0), 4.0,
              1e-12);
}

TEST(Behaviour, PriceGrowthHandComputed) {
  // z = (150 - 100)/100 = 0.5; g = 0.5 * 0.02 + 0.5 * 0.1 * tanh(0.5)
  EXPECT_NEAR(price_growth(0.02, 150, 100, 0.1, 0.5), 0.01 + 0.05 * std::tanh(0.5), 1e-15);
  EXPECT_DOUBLE_EQ(price_growth(0.0, 100, 100, 0.1, 0.5), 0.0);
  EXPECT_LT(price_growth(0.0, 50, 100, 0.1, 0.0), 0.0);
}

TEST(Behaviour, HouseholdPlanStateShopsThenPlotThenMarketFood) {
  // Cash 200, spends half: budget 100. Ration 2 units and the shop bundle cost 40 in all
  // (affordable: a = 1); food need 10; crop 3 eaten; market food at 20: the 60 left buys the
  // 3 units wanted up to min(10 - 2 - 3, 60 / 20) = 3; 0 left for consumer goods. Beyond the
  // need it spends half (engel) of what is left on more food, up to satiation 14.
  const HouseholdMonth h{.consume_share = 0.5, .need = 10.0, .satiation = 14.0, .engel = 0.5, .ration = 2.0, .p_food = 20.0, .state_cost = 40.0,
                         .inv_state_cost = 1.0 / 40.0, .inv_p_food = 1.0 / 20.0};
  using F = double HouseholdPlan::*;
  struct Case {
    double cash, crop;
    std::vector<std::pair<F, double>> expect;  // the plan's fields checked, and their values
  };
  const Case cases[] = {
      {200.0, 3.0,
       {{&HouseholdPlan::ration, 2.0}, {&HouseholdPlan::shop, 1.0}, {&HouseholdPlan::spent_state, 40.0},
        {&HouseholdPlan::own, 3.0}, {&HouseholdPlan::offered, 0.0}, {&HouseholdPlan::want, 3.0},
        {&HouseholdPlan::consumer_budget, 0.0}}},
      // A richer household (cash 400, budget 200): wants the whole unmet need 5 (100 won), then
      // half of the 60 left on food (1.5 units, below satiation): 6.5 units; 30 for consumer goods.
      {400.0, 3.0, {{&HouseholdPlan::want, 6.5}, {&HouseholdPlan::consumer_budget, 30.0}}},
      // A big crop: eats 8 beyond the ration, offers the other 4 at market; its need is met,
      // so it buys only the Engel share of its 60 won: 1.5 units, 30 for consumer goods.
      {200.0, 12.0,
       {{&HouseholdPlan::own, 8.0}, {&HouseholdPlan::offered, 4.0}, {&HouseholdPlan::want, 1.5},
        {&HouseholdPlan::consumer_budget, 30.0}}},
      // A poor household (budget 10) affords a quarter of the state goods and nothing else.
      {20.0, 0.0,
       {{&HouseholdPlan::shop, 0.25}, {&HouseholdPlan::ration, 0.5}, {&HouseholdPlan::spent_state, 10.0},
        {&HouseholdPlan::want, 0.0}, {&HouseholdPlan::consumer_budget, 0.0}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "cash " << c.cash << ", crop " << c.crop);
    const HouseholdPlan p = household_plan(h, c.cash, c.crop);
    for (const auto& [field, value] : c.expect) EXPECT_DOUBLE_EQ(p.*field, value);
  }
}

}  // namespace
}  // namespace lightind::detail
