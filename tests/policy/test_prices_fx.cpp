// src/policy/prices.hpp and src/policy/fx.hpp against hand-computed values (issue 12, items 2-3).
#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "policy/fx.hpp"
#include "policy/prices.hpp"

namespace lightind::policy {
namespace {

TEST(Prices, UnitCostOnTheDualTrack) {
  // Inputs 0.4 x 50 + 0.1 x 1000 = 120, imports 2 USD x 8000 = 16000, labour 0.05 x 100000 = 5000.
  const std::array<double, 2> a{0.4, 0.1}, p{50.0, 1000.0};
  EXPECT_DOUBLE_EQ(unit_cost(a, p, 2.0, 8000.0, 0.05, 100000.0), 120.0 + 16000.0 + 5000.0);
  EXPECT_DOUBLE_EQ(unit_cost(a, p, 0.0, 8000.0, 0.0, 100000.0), 120.0);
}

TEST(Prices, ExcessDemandAndCostPull) {
  // No cost pull: 0.5 x 0.02 + 0.5 x 0.1 x tanh(0.5).
  EXPECT_DOUBLE_EQ(cost_price_growth(0.02, 150.0, 100.0, 0.1, 0.5, 100.0, 50.0, 0.2, 0.0),
                   0.01 + 0.05 * std::tanh(0.5));
  // Balanced market, price at its mark-up price (1.2 x 100 = 120): no change.
  EXPECT_DOUBLE_EQ(cost_price_growth(0.0, 100.0, 100.0, 0.1, 0.5, 120.0, 100.0, 0.2, 0.05), 0.0);
  // Balanced market, price twice the mark-up price: pull 0.05 x ln(1/2).
  EXPECT_DOUBLE_EQ(cost_price_growth(0.0, 100.0, 100.0, 0.1, 0.5, 240.0, 100.0, 0.2, 0.05), 0.05 * std::log(0.5));
  // No supply and some demand: z = 1.
  EXPECT_DOUBLE_EQ(cost_price_growth(0.0, 5.0, 0.0, 0.1, 0.0, 1.0, 0.0, 0.2, 0.05), 0.1 * std::tanh(1.0));
}

TEST(Prices, LaspeyresIndex) {
  const std::array<double, 2> w{1.0, 3.0}, p{2.0, 4.0}, p0{1.0, 2.0};
  EXPECT_DOUBLE_EQ(price_index(w, p, p0), 200.0);  // (2 + 12) / (1 + 6) x 100
  const std::array<double, 2> zero{0.0, 0.0};
  EXPECT_DOUBLE_EQ(price_index(w, p, zero), 0.0);
}

TEST(Fx, ImportDemandFollowsTheRealExchangeRate) {
  // Opening ratio P/e = 100000 / 8000 = 12.5. Prices up 10 % at the same rate: +10 % at
  // elasticity 1, +21 % at elasticity 2. A dearer dollar (10000) at the same prices: x 0.8.
  EXPECT_DOUBLE_EQ(import_demand_usd(60.0, 100000.0, 8000.0, 12.5, 1.0), 60.0);
  EXPECT_NEAR(import_demand_usd(60.0, 110000.0, 8000.0, 12.5, 1.0), 66.0, 1e-9);
  EXPECT_NEAR(import_demand_usd(60.0, 110000.0, 8000.0, 12.5, 2.0), 72.6, 1e-9);
  EXPECT_NEAR(import_demand_usd(60.0, 100000.0, 10000.0, 12.5, 1.0), 48.0, 1e-9);
  EXPECT_DOUBLE_EQ(import_demand_usd(0.0, 100000.0, 8000.0, 12.5, 1.0), 0.0);
}

TEST(Fx, RateMovesWithTheOrderFlow) {
  EXPECT_DOUBLE_EQ(exchange_rate_growth(30.0, 20.0, 0.05), 0.05 * std::tanh(0.5));
  EXPECT_DOUBLE_EQ(exchange_rate_growth(20.0, 20.0, 0.05), 0.0);
  EXPECT_DOUBLE_EQ(exchange_rate_growth(10.0, 20.0, 0.05), 0.05 * std::tanh(-0.5));
  EXPECT_DOUBLE_EQ(exchange_rate_growth(10.0, 0.0, 0.05), 0.05 * std::tanh(1.0));
}

TEST(Fx, CapitalImportsStopAtTheReserveFloor) {
  // Plan 40, sanctions allow 50 %: 20, if reserves above 3 months of 100 leave that much.
  EXPECT_DOUBLE_EQ(capital_imports_usd(40.0, 0.5, 1000.0, 100.0, 3.0), 20.0);
  EXPECT_DOUBLE_EQ(capital_imports_usd(40.0, 1.0, 310.0, 100.0, 3.0), 10.0);
  EXPECT_DOUBLE_EQ(capital_imports_usd(40.0, 1.0, 250.0, 100.0, 3.0), 0.0);
}

}  // namespace
}  // namespace lightind::policy
