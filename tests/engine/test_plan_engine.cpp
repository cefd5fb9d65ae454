// The engine's annual plan (plan.method = "lp", docs/PLANNER.md "The engine's annual plan"):
// deterministic whatever the thread count, ledger green, the plan's capital allocation
// reaches the sectors, and the reference case runs on it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/series_hash.hpp"
#include "engine/small_economy.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"

namespace lightind {
namespace {

using testing::hash_series;

/// The small economy planned by the LP. Its farms (6e6 units a year at efficiency 0.7)
/// cannot feed 1e6 persons at its subsistence of 0.8 a month (9.6e6 a year), so the plan
/// would be infeasible every year; at 0.3 a month (3.6e6 a year) it is feasible.
Description small_lp() {
  Description d = testing::small_economy();
  d.policy.plan_method = "lp";
  d.households.subsistence = 0.3;
  return d;
}

TEST(PlanEngine, DeterministicAcrossThreadCounts) {
  Description d = small_lp();
  d.households.scale = 2;  // many agent blocks, so threads really split the work
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const RunResult a = run(d, one), b = run(d, two);
  EXPECT_EQ(hash_series(a.series), hash_series(b.series));
  EXPECT_EQ(a.events.size(), b.events.size());
  // The plan changes the run: the proportional rule gives other series.
  Description p = d;
  p.policy.plan_method = "proportional";
  EXPECT_NE(hash_series(a.series), hash_series(run(p, one).series));
}

TEST(PlanEngine, LedgerGreenAndEveryJanuaryPlanned) {
  const Description d = small_lp();
  RunOptions opt;
  opt.check = true;  // throws AccountingError on any violated identity
  RunResult r;
  ASSERT_NO_THROW(r = run(d, opt));
  int plans = 0;
  for (const Event& e : r.events) {
    plans += (e.kind == "plan" || e.kind == "plan_fallback") ? 1 : 0;
    if (e.kind == "plan_fallback") ADD_FAILURE() << e.text;  // every year's plan is optimal
  }
  EXPECT_EQ(plans, 3);  // 2012, 2013, 2014
  for (int y = 2012; y <= 2014; ++y) {
    const int jan = YearMonth{y, 1}.index();
    EXPECT_EQ(r.series.get("plan_optimal", jan), 1.0) << y;
    // The plan's output never exceeds the capacity it planned with (units a year).
    for (int k = 0; k < d.n_sectors(); ++k) {
      const double planned = r.series.get("plan_gross_output", jan, k);
      EXPECT_GE(planned, 0.0);
      EXPECT_LE(planned, 12.0 * r.series.get("capacity", jan, k) + 1e-6) << y << " " << d.sectors[static_cast<size_t>(k)].id;
      // What the plan allocates reaches the sector (no projects or guidance here; the
      // unplanned rest of the group's share comes on top).
      const double z = r.series.get("plan_capital_allocation", jan, k);
      if (z > 0.0) {
        EXPECT_GE(r.series.get("investment", jan, k), z * d.sectors[static_cast<size_t>(k)].state_price * (1 - 1e-9));
      }
    }
  }
}

// An infeasible plan is never forced: every year falls back to the proportional rule, with an
// event naming the food minimum, and the run is then the proportional run exactly.
TEST(PlanEngine, InfeasiblePlanFallsBackToTheProportionalRule) {
  Description d = small_lp();
  d.households.subsistence = 0.8;
  RunOptions opt;
  opt.check = true;
  RunResult lp;
  ASSERT_NO_THROW(lp = run(d, opt));
  int fallbacks = 0;
  for (const Event& e : lp.events)
    if (e.kind == "plan_fallback") {
      ++fallbacks;
      EXPECT_NE(e.text.find("food minimum needs short by"), std::string::npos) << e.text;
    }
  EXPECT_EQ(fallbacks, 3);
  EXPECT_EQ(lp.series.get("plan_optimal", YearMonth{2013, 1}.index()), 0.0);
  d.policy.plan_method = "proportional";
  const RunResult prop = run(d, opt);
  // Same rows apart from the plan's own indicators, same values bit for bit.
  std::vector<double> a, b;
  for (size_t i = 0; i < lp.series.size(); ++i)
    if (lp.series.indicators[static_cast<size_t>(lp.series.indicator[i])].rfind("plan_", 0) != 0) a.push_back(lp.series.value[i]);
  for (size_t i = 0; i < prop.series.size(); ++i) b.push_back(prop.series.value[i]);
  EXPECT_EQ(a, b);
}

TEST(PlanEngine, ReferenceCaseRunsOnThePlanLedgerGreenAndDeterministic) {
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml");
  ASSERT_EQ(d.policy.plan_method, "lp");
  RunOptions opt;
  opt.check = true;
  opt.threads = 1;
  RunResult r;
  ASSERT_NO_THROW(r = run(d, opt));
  RunOptions two = opt;
  two.threads = 2;
  EXPECT_EQ(hash_series(r.series), hash_series(run(d, two).series));  // deterministic whatever the threads
  int plans = 0, optimal = 0;
  for (const Event& e : r.events) {
    plans += (e.kind == "plan" || e.kind == "plan_fallback") ? 1 : 0;
    optimal += e.kind == "plan" ? 1 : 0;
  }
  EXPECT_EQ(plans, 14);  // 2012 ... 2025
  EXPECT_EQ(optimal, 14);
  // The five-year plan's targets are recorded from 2021 to 2025, none before.
  const int metals = d.sector_index("metals_mining");
  EXPECT_GT(r.series.get("plan_target_output", YearMonth{2021, 1}.index(), metals), 0.0);
  EXPECT_TRUE(std::isnan(r.series.get("plan_target_output", YearMonth{2020, 1}.index(), metals)));
}

}  // namespace
}  // namespace lightind
