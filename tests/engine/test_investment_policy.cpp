// The investment rate as policy and the opening pipeline (issue 14, item 4; docs/MODEL.md
// "The opening state" and "The accumulation rate"): capacity under construction at the
// opening grows capacity at the given rate until the run's own projects complete, and
// policy.accumulation_rate sets the fund's intake. The ledger is checked every month.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/economy.hpp"
#include "engine/small_economy.hpp"
#include "lightind/accounts.hpp"
#include "policy/projects.hpp"

namespace lightind {
namespace {

/// Capacity per sector after each month, the ledger checked every month.
std::vector<std::vector<double>> capacities(const Description& d, int months) {
  detail::Economy eco(d, d.seed);
  std::vector<std::string> ids;
  for (const SectorDesc& s : d.sectors) ids.push_back(s.id);
  std::vector<std::vector<double>> cap(d.sectors.size());
  for (int m = 0; m < months; ++m) {
    eco.step();
    check_month(eco.accounts(), eco.goods(), ids);
    for (auto& c : cap) c.push_back(0.0);
    const auto& ent = eco.enterprises();
    for (size_t e = 0; e < ent.size(); ++e) cap[static_cast<size_t>(ent.sector[e])].back() += ent.capacity[e];
  }
  return cap;
}

std::vector<double> opening_capacity(const Description& d) {
  std::vector<double> k0(d.sectors.size(), 0.0);
  for (const EnterpriseDesc& e : d.enterprises) k0[static_cast<size_t>(e.sector)] += e.capacity;
  return k0;
}

TEST(OpeningPipeline, CapacityGrowsAtTheGivenRateUntilTheRunsProjectsComplete) {
  Description d = testing::small_economy();
  d.end = {2012, 12};
  const std::vector<double> k0 = opening_capacity(d);
  // Without a pipeline nothing completes in 2012 (the fund is empty in January 2012; the
  // first allocation is January 2013's) and capacity only depreciates: agriculture ends 2012
  // at 0.97 of its opening capacity.
  const auto cold = capacities(d, 12);
  EXPECT_NEAR(cold[0][11], 0.97 * k0[0], 1e-9 * k0[0]);

  d.opening_capacity_growth = 0.05;         // agriculture and machinery: 5 % a year net
  d.sectors[1].opening_growth = 0.0;        // textiles: replacement of what depreciates
  d.sectors[3].opening_pipeline = 60000.0;  // power: 1000 a month over its 48 + 12 months
  const auto cap = capacities(d, 12);
  const double r = std::pow(1.05, 1.0 / 12.0);
  for (int m = 0; m < 12; ++m) {
    const auto mm = static_cast<size_t>(m);
    // Agriculture and machinery: K_0 r^(m+1) after month m.
    EXPECT_NEAR(cap[0][mm], k0[0] * std::pow(r, m + 1), 1e-9 * k0[0]) << m;
    EXPECT_NEAR(cap[2][mm], k0[2] * std::pow(r, m + 1), 1e-9 * k0[2]) << m;
    // Textiles: constant.
    EXPECT_NEAR(cap[1][mm], k0[1], 1e-9 * k0[1]) << m;
    // Power: (K + 1000) x keep each month.
    const double before = m == 0 ? k0[3] : cap[3][mm - 1];
    EXPECT_NEAR(cap[3][mm], (before + 1000.0) * policy::monthly_keep(0.03), 1e-9 * k0[3]) << m;
  }
  EXPECT_NEAR(cap[0][11], 1.05 * k0[0], 1e-9 * k0[0]);  // a year of growth at the opening rate
}

/// National income of the month at state prices, computed from the description: output x
/// (price - domestic inputs at state prices - imported inputs at the official rate).
double national_income(const Description& d, const std::vector<double>& output) {
  const size_t n = d.sectors.size();
  double y = 0.0;
  for (size_t k = 0; k < n; ++k) {
    double v = d.sectors[k].state_price - d.sectors[k].import_per_unit * d.world.exchange_rate;
    for (size_t i = 0; i < n; ++i) v -= d.a[i * n + k] * d.sectors[i].state_price;
    y += output[k] * v;
  }
  return y;
}

Description accumulating(std::optional<double> rate) {
  Description d = testing::small_economy();
  d.prices.market_premium = 2.0;   // the construction's won are (A - B) x 2 in the first month
  d.state.public_works_share = 0;  // no other state construction
  d.policy.accumulation_rate = rate;
  return d;
}

detail::MonthStats first_month(const Description& d) {
  detail::Economy eco(d, d.seed);
  eco.step();
  return eco.stats();
}

TEST(AccumulationRate, SetsTheFundsIntakeFromCapitalGoodsThenConstruction) {
  const detail::MonthStats base = first_month(accumulating(std::nullopt));
  const double b = base.investment_units_total;  // capital goods on offer, won at state prices
  const double y = national_income(accumulating(std::nullopt), base.output);
  ASSERT_GT(b, 0.0);
  ASSERT_GT(y, b);
  EXPECT_EQ(base.public_works, 0.0);
  // A high rate: all the capital goods, and the rest A - B built by the budget at the market
  // premium (2): public works of (0.9 Y - B) x 2 won.
  const detail::MonthStats high = first_month(accumulating(0.9));
  EXPECT_DOUBLE_EQ(high.investment_units_total, b);
  EXPECT_NEAR(high.public_works, (0.9 * y - b) * 2.0, 1e-9 * y);
  // A rate below what the capital-goods sectors offer: the fund takes exactly s Y of them.
  const double low_rate = 0.5 * b / y;
  const detail::MonthStats low = first_month(accumulating(low_rate));
  EXPECT_NEAR(low.investment_units_total, 0.5 * b, 1e-9 * b);
  EXPECT_EQ(low.public_works, 0.0);
}

TEST(AccumulationRate, MoreAccumulationMoreCapacityAndTheLedgerHolds) {
  Description d = accumulating(std::nullopt);
  d.end = {2015, 12};
  const int months = d.months();
  const auto base = capacities(d, months);
  d.policy.accumulation_rate = 0.4;
  const auto more = capacities(d, months);
  // The fund is empty in January 2012; the allocations of January 2013 and 2014 have completed
  // by 2015 in agriculture (lag 12) and textiles (lag 9). At s = 0.4 the budget builds several
  // times what the machine works deliver.
  EXPECT_GT(more[0].back(), base[0].back() * 1.01);
  EXPECT_GT(more[1].back(), base[1].back() * 1.01);
}

}  // namespace
}  // namespace lightind
