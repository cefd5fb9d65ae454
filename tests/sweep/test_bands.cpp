// Quantile bands (src/sweep/bands.cpp): type 7 quantiles checked by hand, bands across runs
// and the bands.csv layout.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "lightind/sweep.hpp"

namespace lightind::sweep {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(SweepBands, Type7QuantilesByHand) {
  // x = 0, 10, 20, 30 (given unsorted): h = 3 p; p5: h = 0.15 -> 0 + 0.15 * 10 = 1.5;
  // p25: h = 0.75 -> 7.5; p50: h = 1.5 -> 15; p75: h = 2.25 -> 22.5; p95: h = 2.85 -> 28.5
  // (numpy.percentile gives the same).
  const std::vector<double> x{30, 0, 20, 10};
  EXPECT_DOUBLE_EQ(quantile(x, 0.05), 1.5);
  EXPECT_DOUBLE_EQ(quantile(x, 0.25), 7.5);
  EXPECT_DOUBLE_EQ(quantile(x, 0.50), 15.0);
  EXPECT_DOUBLE_EQ(quantile(x, 0.75), 22.5);
  EXPECT_DOUBLE_EQ(quantile(x, 0.95), 28.5);
  EXPECT_DOUBLE_EQ(quantile(x, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(quantile(x, 1.0), 30.0);
  // 1..5: p5 = 1 + 0.2 = 1.2, p95 = 4 + 0.8 = 4.8.
  const auto b = band({5, 4, 3, 2, 1});
  EXPECT_DOUBLE_EQ(b[0], 1.2);
  EXPECT_DOUBLE_EQ(b[1], 2.0);
  EXPECT_DOUBLE_EQ(b[2], 3.0);
  EXPECT_DOUBLE_EQ(b[3], 4.0);
  EXPECT_DOUBLE_EQ(b[4], 4.8);
}

TEST(SweepBands, OneValueNaNsAndNothing) {
  const auto one = band({7.25});
  for (double q : one) EXPECT_EQ(q, 7.25);
  // NaNs are left out: the median of {1, 3} is 2.
  EXPECT_DOUBLE_EQ(quantile({kNaN, 3, 1}, 0.5), 2.0);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
  EXPECT_TRUE(std::isnan(quantile({kNaN}, 0.5)));
  EXPECT_THROW((void)quantile({1}, 1.5), std::invalid_argument);
}

Series tiny_series(double a, double b) {
  Series s;
  s.sectors = {"food"};
  const int y = s.indicator_id("gdp_real"), o = s.indicator_id("output");
  s.add(YearMonth{2013, 1}.index(), y, a);
  s.add(YearMonth{2013, 1}.index(), o, b, 0);
  return s;
}

TEST(SweepBands, AcrossRunsAndCsv) {
  Names names;
  std::vector<Rows> runs;
  runs.push_back(to_rows(tiny_series(1, 10), names));
  runs.push_back(to_rows(tiny_series(3, 30), names));
  runs.push_back(to_rows(tiny_series(2, 20), names));
  const Bands b = compute_bands("k=1", runs);
  ASSERT_EQ(b.key.size(), 2u);
  // Three runs: h = 2 p. gdp_real {1, 2, 3}: p5 = 1.1, p25 = 1.5, p50 = 2, p75 = 2.5, p95 = 2.9.
  EXPECT_DOUBLE_EQ(b.q[0][0], 1.1);
  EXPECT_DOUBLE_EQ(b.q[0][1], 1.5);
  EXPECT_DOUBLE_EQ(b.q[0][2], 2.0);
  EXPECT_DOUBLE_EQ(b.q[0][3], 2.5);
  EXPECT_DOUBLE_EQ(b.q[0][4], 2.9);
  EXPECT_DOUBLE_EQ(b.q[1][4], 29.0);
  const std::string csv = bands_csv({b}, names);
  EXPECT_EQ(csv,
            "setting,date,indicator,sector,region,quantile,value\n"
            "k=1,2013-01,gdp_real,,,p5,1.1\n"
            "k=1,2013-01,gdp_real,,,p25,1.5\n"
            "k=1,2013-01,gdp_real,,,p50,2\n"
            "k=1,2013-01,gdp_real,,,p75,2.5\n"
            "k=1,2013-01,gdp_real,,,p95,2.9\n"
            "k=1,2013-01,output,food,,p5,11\n"
            "k=1,2013-01,output,food,,p25,15\n"
            "k=1,2013-01,output,food,,p50,20\n"
            "k=1,2013-01,output,food,,p75,25\n"
            "k=1,2013-01,output,food,,p95,29\n");
}

TEST(SweepBands, RowsMatchedByKeyWhenLayoutsDiffer) {
  Names names;
  Series a;
  const int x = a.indicator_id("x"), y = a.indicator_id("y");
  a.add(YearMonth{2013, 1}.index(), x, 1);
  a.add(YearMonth{2013, 1}.index(), y, 100);
  Series b;  // y first, and an extra row z only here
  const int by = b.indicator_id("y"), bx = b.indicator_id("x"), bz = b.indicator_id("z");
  b.add(YearMonth{2013, 1}.index(), by, 300);
  b.add(YearMonth{2013, 1}.index(), bx, 3);
  b.add(YearMonth{2013, 1}.index(), bz, 5);
  const Bands r = compute_bands("s", {to_rows(a, names), to_rows(b, names)});
  ASSERT_EQ(r.key.size(), 3u);
  EXPECT_DOUBLE_EQ(r.q[0][2], 2.0);    // x: {1, 3}
  EXPECT_DOUBLE_EQ(r.q[1][2], 200.0);  // y: {100, 300}
  EXPECT_DOUBLE_EQ(r.q[2][2], 5.0);    // z: only in b
  EXPECT_DOUBLE_EQ(r.q[0][0], 1.1);    // h = 0.05: 1 + 0.05 * 2
}

TEST(SweepBands, SerializeRoundTrip) {
  RunResult r;
  r.scenario = "tiny";
  r.seed = 42;
  r.wall_seconds = 0.5;
  r.agent_months = 123;
  r.series = tiny_series(1.0 / 3.0, kNaN);
  r.events.push_back({YearMonth{2013, 3}.index(), "conference", "light", "a, \"quoted\" text"});
  const RunResult back = deserialize(serialize(r));
  EXPECT_EQ(back.scenario, "tiny");
  EXPECT_EQ(back.seed, 42u);
  EXPECT_EQ(back.agent_months, 123);
  EXPECT_EQ(back.series.indicators, r.series.indicators);
  EXPECT_EQ(back.series.sectors, r.series.sectors);
  EXPECT_EQ(back.series.month, r.series.month);
  EXPECT_EQ(back.series.sector, r.series.sector);
  EXPECT_EQ(back.series.value[0], 1.0 / 3.0);
  EXPECT_TRUE(std::isnan(back.series.value[1]));
  ASSERT_EQ(back.events.size(), 1u);
  EXPECT_EQ(back.events[0].text, "a, \"quoted\" text");
  std::string cut = serialize(r);
  cut.pop_back();
  EXPECT_THROW((void)deserialize(cut), std::runtime_error);
}

}  // namespace
}  // namespace lightind::sweep
