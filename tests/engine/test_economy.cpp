// Engine tests: accounting identities after every step, determinism across thread counts.
#include <cmath>
#include <cstring>
#include <functional>

#include <gtest/gtest.h>

#include "engine/economy.hpp"
#include "engine/series_hash.hpp"
#include "engine/small_economy.hpp"
#include "lightind/run.hpp"

namespace lightind {
namespace {

using testing::hash_series;

TEST(Economy, AccountingIdentitiesHoldAfterEveryStep) {
  const Description d = testing::small_economy();
  detail::Economy eco(d, 7);
  std::vector<std::string> ids;
  for (const auto& s : d.sectors) ids.push_back(s.id);
  for (int m = 0; m < d.months(); ++m) {
    eco.step();
    ASSERT_NO_THROW(check_month(eco.accounts(), eco.goods(), ids)) << "month " << m;
    // Every flow row sums to zero and the columns add up to the change of stocks.
    const MonthAccounts& a = eco.accounts();
    for (int c = 0; c < kInstitutionCount; ++c) {
      double net = 0;
      for (int f = 0; f < kFlowCount; ++f) net += a.flows[static_cast<size_t>(f)][static_cast<size_t>(c)];
      const double change = (a.closing[0][static_cast<size_t>(c)] - a.opening[0][static_cast<size_t>(c)]) +
                            (a.closing[1][static_cast<size_t>(c)] - a.opening[1][static_cast<size_t>(c)]);
      EXPECT_NEAR(net, change, 1e-6 * (1.0 + std::abs(change)));
    }
    // Money is neither created nor destroyed except by the central bank: the sum of all
    // money positions stays zero.
    double total = 0;
    for (int c = 0; c < kInstitutionCount; ++c) total += a.closing[0][static_cast<size_t>(c)];
    EXPECT_NEAR(total, 0.0, 1e-6 * std::abs(a.closing[0][0]));
  }
}

TEST(Economy, LedgerCheckCatchesAnUnrecordedFlow) {
  const Description d = testing::small_economy();
  detail::Economy eco(d, 7);
  eco.step();
  MonthAccounts a = eco.accounts();
  a.closing[0][static_cast<size_t>(Institution::households)] += 5.0;  // cash appeared from nowhere
  try {
    check_month(a, eco.goods(), {"agriculture", "textiles", "machinery", "power"});
    FAIL() << "expected AccountingError";
  } catch (const AccountingError& e) {
    EXPECT_EQ(e.month(), (YearMonth{2012, 1}.index()));
    EXPECT_NE(std::string(e.what()).find("households"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("2012-01"), std::string::npos);
    EXPECT_NEAR(e.amount(), 5.0, 1e-6);
  }
  std::vector<GoodsBalance> g = eco.goods();
  g[1].closing_stock += 1.0;  // a unit of textiles unaccounted for
  EXPECT_THROW(check_month(eco.accounts(), g, {"agriculture", "textiles", "machinery", "power"}), AccountingError);
}

TEST(Economy, DeterministicAcrossThreadCounts) {
  Description d = testing::small_economy();
  d.households.scale = 2;  // ~125k agents: many blocks, so threads really split the work
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const RunResult a = run(d, one), b = run(d, two), c = run(d, two);
  EXPECT_EQ(hash_series(a.series), hash_series(b.series));
  EXPECT_EQ(hash_series(b.series), hash_series(c.series));
  RunOptions other_seed = one;
  other_seed.seed = 8;
  EXPECT_NE(hash_series(a.series), hash_series(run(d, other_seed).series));
}

TEST(Economy, WithoutFoodDistributionOnlyTheHardshipRowsAreLeftOut) {
  // RunOptions::food_distribution = false (the fit's runs): no hardship_share or
  // undernourished_share, national or regional; every other row the same, bit for bit, at one
  // thread (hardship counted in the step) and at two (counted beside it).
  Description d = testing::small_economy();
  d.households.scale = 2;  // ~125k agents: several blocks
  EXPECT_TRUE(needs_food_distribution("hardship_share"));
  EXPECT_TRUE(needs_food_distribution("undernourished_share"));
  EXPECT_FALSE(needs_food_distribution("food_per_capita"));
  for (const int threads : {1, 2}) {
    RunOptions on, off;
    on.threads = off.threads = threads;
    off.food_distribution = false;
    const Series a = run(d, on).series, b = run(d, off).series;
    std::size_t j = 0, left_out = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string& name = a.indicators[static_cast<std::size_t>(a.indicator[i])];
      if (needs_food_distribution(name)) {
        ++left_out;
        continue;
      }
      ASSERT_LT(j, b.size());
      EXPECT_EQ(b.indicators[static_cast<std::size_t>(b.indicator[j])], name) << "row " << i;
      EXPECT_EQ(b.month[j], a.month[i]);
      EXPECT_EQ(b.sector[j], a.sector[i]);
      EXPECT_EQ(b.region[j], a.region[i]);
      EXPECT_EQ(std::memcmp(&b.value[j], &a.value[i], sizeof(double)), 0) << name << " row " << i;
      ++j;
    }
    EXPECT_EQ(j, b.size()) << "threads " << threads;
    // Both shares each month, nationally and in each region.
    EXPECT_EQ(left_out, static_cast<std::size_t>(2 * d.months() * (1 + static_cast<int>(d.regions.size()))));
    EXPECT_GT(a.get("hardship_share", YearMonth{2012, 6}.index()), 0.0);
  }
}

TEST(Economy, ProjectsAddCapacityOnlyAfterTheirLag) {
  Description d = testing::small_economy();
  d.sectors[1].depreciation = 0.0;
  d.policy.investment_share = {0.0, 1.0, 0.0, 0.0, 0.0};  // all investment to light industry
  RunOptions opt;
  opt.check = true;
  const RunResult r = run(d, opt);
  // Textiles (gestation 9 months): capacity flat through 2013-09, higher from 2013-10.
  const double before = r.series.get("capacity", YearMonth{2013, 9}.index(), 1);
  const double first = r.series.get("capacity", YearMonth{2012, 1}.index(), 1);
  const double after = r.series.get("capacity", YearMonth{2013, 10}.index(), 1);
  EXPECT_DOUBLE_EQ(before, first);
  EXPECT_GT(after, before * 1.01);
}

// Issue 14 item 5: a dated change of the investment shares acts in its month. All investment
// goes to heavy industry until an event of April 2013 gives it all to light industry.
// Revising the plan then, the fund accumulated since January reaches textiles (9-month
// gestation) in 2014-01; without the revision the change waits for the January 2014 plan and
// textiles grows only from 2014-10.
TEST(Economy, AnInvestmentShareEventActsInItsMonth) {
  Description d = testing::small_economy();
  d.sectors[1].depreciation = 0.0;
  d.policy.investment_share = {1.0, 0.0, 0.0, 0.0, 0.0};
  PolicyEventDesc ev;
  ev.date = {2013, 4};
  ev.id = "readjustment";
  ev.overrides.push_back({"policy.investment_share", "{light = 1}",
                          [](InForce& f) { f.policy.investment_share = {0.0, 1.0, 0.0, 0.0, 0.0}; }});
  d.events.push_back(ev);
  const auto textiles = [](const RunResult& r, int year, int month) {
    return r.series.get("capacity", YearMonth{year, month}.index(), 1);
  };
  RunOptions opt;
  opt.check = true;
  const RunResult revised = run(d, opt);
  EXPECT_DOUBLE_EQ(textiles(revised, 2013, 12), textiles(revised, 2012, 1));
  EXPECT_GT(textiles(revised, 2014, 1), textiles(revised, 2013, 12) * 1.001);

  d.policy.plan_mid_year_revision = false;
  const RunResult waited = run(d, opt);
  EXPECT_DOUBLE_EQ(textiles(waited, 2014, 9), textiles(waited, 2012, 1));
  EXPECT_GT(textiles(waited, 2014, 10), textiles(waited, 2014, 9) * 1.001);
}

}  // namespace
}  // namespace lightind
