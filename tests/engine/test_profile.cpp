// Tests of the per-phase timer (`lightind run --profile`, include/lightind/profile.hpp).
#include <cmath>
#include <initializer_list>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "engine/series_hash.hpp"
#include "engine/small_economy.hpp"
#include "lightind/profile.hpp"
#include "lightind/run.hpp"

namespace lightind {
namespace {

/// A profile with the timings added in the order given.
Profile profile_of(std::initializer_list<std::pair<const char*, double>> timings) {
  Profile p;
  for (const auto& [name, seconds] : timings) p.add(name, seconds);
  return p;
}

TEST(Profile, AddSumsByNameInFirstSeenOrder) {
  const Profile p =
      profile_of({{"load", 0.5}, {"step/produce", 0.25}, {"step/pay_wages", 0.125}, {"step/produce", 0.25}});
  ASSERT_EQ(p.entries.size(), 3U);
  EXPECT_EQ(p.entries[1].name, "step/produce");
  EXPECT_EQ(p.entries[1].seconds, 0.5);
  EXPECT_EQ(p.entries[1].calls, 2);
  EXPECT_EQ(p.total("step/"), 0.625);
  EXPECT_EQ(p.total(), 1.125);
  EXPECT_EQ(p.find("nothing"), nullptr);
  ASSERT_NE(p.find("load"), nullptr);
  EXPECT_EQ(p.find("load")->calls, 1);
}

TEST(Profile, TableGroupsPhasesUnderTheirGroup) {
  const Profile p = profile_of({{"load", 0.002},
                                {"step/produce", 0.004},
                                {"step/produce", 0.002},
                                {"step/pay_wages", 0.001},
                                {"write/series.csv", 0.001}});
  const std::string t = p.table(0.010);
  // load 2 ms of 10 (20 %); step 7 ms (70 %), produce 6 ms in 2 calls (3 ms a call).
  EXPECT_NE(t.find("load                                    2.000     2.0000       1   20.0%"), std::string::npos) << t;
  EXPECT_NE(t.find("step                                    7.000                      70.0%"), std::string::npos) << t;
  EXPECT_NE(t.find("  produce                               6.000     3.0000       2   60.0%"), std::string::npos) << t;
  EXPECT_NE(t.find("  series.csv"), std::string::npos) << t;
  EXPECT_LT(t.find("  pay_wages"), t.find("write"));
  EXPECT_NE(t.find("whole (from main)                      10.000"), std::string::npos) << t;
}

TEST(Profile, RunTimesEveryPhaseOncePerMonthAndChangesNothing) {
  const Description d = testing::small_economy();
  RunOptions plain;
  plain.threads = 1;
  const RunResult a = run(d, plain);
  Profile p;
  RunOptions timed = plain;
  timed.profile = &p;
  timed.check = true;
  const RunResult b = run(d, timed);
  EXPECT_EQ(testing::hash_series(a.series), testing::hash_series(b.series));  // timing changes no result
  const auto months = static_cast<std::int64_t>(d.months() + d.spin_up_months);
  for (const char* phase : {"step/open_month", "step/plan_year", "step/produce", "step/consumer_goods_market",
                            "step/settle_budget", "step/update_expectations"}) {
    const Profile::Entry* e = p.find(phase);
    ASSERT_NE(e, nullptr) << phase;
    EXPECT_EQ(e->calls, months) << phase;
    EXPECT_GE(e->seconds, 0.0) << phase;
  }
  EXPECT_EQ(p.entries.front().name, "build");
  EXPECT_EQ(p.entries[1].name, "step/open_month");  // in the order of Economy::step()
  EXPECT_EQ(p.entries[2].name, "step/apply_policy_events");
  ASSERT_NE(p.find("check"), nullptr);
  EXPECT_EQ(p.find("record")->calls, d.months() + 1);  // each month, and the run's final indicators
  EXPECT_GT(p.total("step/"), 0.0);
  // On one thread the persons in hardship are counted in the step, after settle_sales.
  ASSERT_NE(p.find("step/count_hardship"), nullptr);
  EXPECT_EQ(p.find("step/count_hardship")->calls, months);
  EXPECT_EQ(p.find("beside/count_hardship"), nullptr);
}

TEST(Profile, HardshipNotCountedInTheSpinUp) {
  // The spin-up's months are stepped but not recorded, and record() is the count's one reader.
  Description d = testing::small_economy();
  d.spin_up_months = 6;
  Profile p;
  RunOptions one;
  one.threads = 1;
  one.profile = &p;
  const RunResult a = run(d, one);
  ASSERT_NE(p.find("step/open_month"), nullptr);
  EXPECT_EQ(p.find("step/open_month")->calls, d.months() + 6);
  ASSERT_NE(p.find("step/count_hardship"), nullptr);
  EXPECT_EQ(p.find("step/count_hardship")->calls, d.months());
  // The first recorded month has its own count: the same as on two threads, where pass 3
  // hands each agent's food to the count beside the step.
  const double first = a.series.get("hardship_share", d.start.index());
  EXPECT_TRUE(std::isfinite(first));
  RunOptions two;
  two.threads = 2;
  const RunResult b = run(d, two);
  EXPECT_EQ(first, b.series.get("hardship_share", d.start.index()));
  EXPECT_EQ(testing::hash_series(a.series), testing::hash_series(b.series));
}

TEST(Profile, HardshipCountedBesideTheStepOnTwoThreads) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one CPU: nothing runs beside the step";
  const Description d = testing::small_economy();
  Profile p;
  RunOptions two;
  two.threads = 2;
  two.profile = &p;
  (void)run(d, two);
  const auto months = static_cast<std::int64_t>(d.months() + d.spin_up_months);
  EXPECT_EQ(p.find("step/count_hardship"), nullptr);
  ASSERT_NE(p.find("beside/count_hardship"), nullptr);
  EXPECT_EQ(p.find("beside/count_hardship")->calls, months);
  ASSERT_NE(p.find("step/count_hardship (wait)"), nullptr);  // the step's wait for it, in the step's time
  EXPECT_EQ(p.find("step/count_hardship (wait)")->calls, months);
  // Outside the step's total: the table shows it as a group of its own.
  EXPECT_NE(p.table(1.0).find("\nbeside "), std::string::npos) << p.table(1.0);
  // Not asked for (RunOptions::aggregates), nothing is counted.
  Profile q;
  two.profile = &q;
  two.aggregates = {"gdp_real"};
  (void)run(d, two);
  EXPECT_EQ(q.find("beside/count_hardship"), nullptr);
  EXPECT_EQ(q.find("step/count_hardship (wait)"), nullptr);
}

}  // namespace
}  // namespace lightind
