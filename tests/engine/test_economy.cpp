// Engine tests: accounting identities after every step, determinism across thread counts.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/economy.hpp"
#include "engine/series_hash.hpp"
#include "engine/small_economy.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"

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

TEST(Economy, CheckpointCopyLeavesOutOnlyTheDescription) {
  // A checkpoint's copy (lightind::run_keeping) holds no description; given one again
  // (continue_with, as resume does), it steps exactly as the economy it was copied from.
  const Description d = testing::small_economy();
  detail::Economy eco(d, 7);
  for (int m = 0; m < 3; ++m) eco.step();
  const SectorDesc* sectors = eco.description().sectors.data();
  detail::Economy copy = eco.copy_without_description();
  EXPECT_TRUE(copy.description().sectors.empty());
  EXPECT_TRUE(copy.description().enterprises.empty());
  // The economy keeps its own description, in the same place (moved aside and back, not copied).
  ASSERT_EQ(eco.description().sectors.size(), d.sectors.size());
  EXPECT_EQ(eco.description().sectors.data(), sectors);
  EXPECT_EQ(copy.month(), eco.month());
  copy.continue_with(d);
  for (int m = 0; m < 3; ++m) {
    eco.step();
    copy.step();
    const MonthAccounts &a = eco.accounts(), &b = copy.accounts();
    for (size_t f = 0; f < a.flows.size(); ++f)
      for (size_t c = 0; c < a.flows[f].size(); ++c)
        ASSERT_EQ(std::memcmp(&a.flows[f][c], &b.flows[f][c], sizeof(double)), 0) << "month " << m << ", flow " << f;
    ASSERT_EQ(std::memcmp(&a.closing, &b.closing, sizeof(a.closing)), 0) << "month " << m;
  }
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

/// The national aggregates of a series (sector and region -1), in the order first recorded.
std::vector<std::string> aggregate_names(const Series& s) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string& n = s.indicators[static_cast<std::size_t>(s.indicator[i])];
    if (s.sector[i] < 0 && s.region[i] < 0 && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  return names;
}

/// Every row of `name` (sector and region -1) in `s`, as (month, value bits).
std::vector<std::pair<int, std::uint64_t>> rows_of(const Series& s, const std::string& name) {
  std::vector<std::pair<int, std::uint64_t>> out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.sector[i] < 0 && s.region[i] < 0 && s.indicators[static_cast<std::size_t>(s.indicator[i])] == name) {
      std::uint64_t bits = 0;
      std::memcpy(&bits, &s.value[i], sizeof bits);
      out.emplace_back(s.month[i], bits);
    }
  return out;
}

TEST(Economy, EachAggregateAloneIsRecordedAsInTheFullRun) {
  // RunOptions::aggregates (the fit's runs): asked for one national aggregate, a run records it
  // month by month with the same values, bit for bit, as the run that records everything;
  // the observations nothing asked for (rows by sector and region, the enterprises' pass,
  // the hardship count) are left out. Every aggregate of the reference case, 2012-2013
  // (about 100, each its own run: a few seconds).
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml",
                                      {"scenario.end=\"2013-12\""});
  RunOptions all;
  all.threads = 1;
  all.keep_accounts = false;
  const Series full = run(d, all).series;
  const std::vector<std::string> names = aggregate_names(full);
  ASSERT_GT(names.size(), 60U);
  for (const std::string& name : names) {
    RunOptions one = all;
    one.aggregates = {name};
    const Series s = run(d, one).series;
    EXPECT_EQ(rows_of(s, name), rows_of(full, name)) << name;
    EXPECT_LT(s.size(), full.size()) << name;
    // The whole run's ICOR by group is summed from the output by sector: only it keeps those rows.
    const bool by_sector = name.starts_with("icor_") || name.starts_with("invested_total_");
    for (std::size_t i = 0; i < s.size() && !by_sector; ++i)
      ASSERT_TRUE(s.sector[i] < 0 && s.region[i] < 0) << name << ": a row by sector or region";
  }
  // The fit's seven together, at two threads too: no hardship counted, no welfare pass.
  RunOptions fit = all;
  fit.aggregates = {"gdp_real", "agriculture_output_index", "light_output_index", "heavy_output_index",
                    "exports_goods", "market_rice_price", "market_exchange_rate"};
  for (const int threads : {1, 2}) {
    fit.threads = threads;
    const Series s = run(d, fit).series;
    for (const std::string& name : fit.aggregates) EXPECT_EQ(rows_of(s, name), rows_of(full, name)) << name;
    EXPECT_TRUE(rows_of(s, "hardship_share").empty());
    EXPECT_TRUE(rows_of(s, "living_standard").empty());
    EXPECT_FALSE(rows_of(s, "light_output").empty());  // the index's aggregate
  }
  // An index asks for its aggregate's observation: living_standard_index needs the pass.
  RunOptions welfare = all;
  welfare.aggregates = {"living_standard_index"};
  EXPECT_EQ(rows_of(run(d, welfare).series, "living_standard_index"), rows_of(full, "living_standard_index"));
}

TEST(Economy, HardshipAskedForAloneIsCountedAtAnyThreadCount) {
  Description d = testing::small_economy();
  d.households.scale = 2;  // ~125k agents: several blocks
  RunOptions all;
  all.threads = 1;
  const Series full = run(d, all).series;
  for (const int threads : {1, 2}) {
    RunOptions only = all;
    only.threads = threads;  // 2: counted beside the step
    only.aggregates = {"hardship_share", "undernourished_share"};
    const Series s = run(d, only).series;
    EXPECT_EQ(rows_of(s, "hardship_share"), rows_of(full, "hardship_share")) << threads;
    EXPECT_EQ(rows_of(s, "undernourished_share"), rows_of(full, "undernourished_share")) << threads;
    EXPECT_GT(s.get("hardship_share", YearMonth{2012, 6}.index()), 0.0);
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
