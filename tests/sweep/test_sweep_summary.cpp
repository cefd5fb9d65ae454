// What a sweep's settings did and which rows bands.csv keeps (src/sweep/summary.cpp): the
// pure functions on hand-made bands, then the program's end summary and compact bands.csv.
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "analysis/analysis_test_util.hpp"
#include "lightind/sweep.hpp"
#include "sweep/sweep_test_util.hpp"

namespace lightind::sweep {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
namespace fs = std::filesystem;

/// Bands of one setting by hand: indicator "x" national and in sector "food", indicator "y"
/// national, over 2019-01 and 2019-02 and 2020-01.
struct HandBands {
  Names names;
  Bands b;
  HandBands(double shift) {
    b.setting = "s";
    const auto x = names.id(1, "x"), y = names.id(1, "y"), food = names.id(2, "food");
    const auto jan = names.id(0, "2019-01"), feb = names.id(0, "2019-02"), next = names.id(0, "2020-01");
    auto row = [&](std::uint16_t d, std::uint16_t i, std::uint16_t s, double p5, double p50, double p95) {
      b.key.push_back(row_key(d, i, s, 0));
      b.q.push_back({p5, (p5 + p50) / 2, p50, (p50 + p95) / 2, p95});
    };
    row(jan, x, 0, 9 + shift, 10 + shift, 11 + shift);
    row(feb, x, 0, 11 + shift, 12 + shift, 13 + shift);
    row(jan, x, food, 1, 2, 3);
    row(jan, y, 0, 99, 100, 101);
    row(feb, y, 0, kNaN, 102, 103);
    row(next, x, 0, 0, 0, 0);
  }
};

TEST(SweepSummary, SelectRowsKeepsNationalRowsOfTheIndicatorsAsked) {
  HandBands h(0);
  EXPECT_EQ(select_rows(h.b, h.names, {}).key.size(), 5U);  // the sector row left out
  EXPECT_EQ(select_rows(h.b, h.names, {{}, true}).key.size(), 6U);
  const Bands only_y = select_rows(h.b, h.names, {{"y"}, false});
  ASSERT_EQ(only_y.key.size(), 2U);
  EXPECT_EQ(only_y.q[0][2], 100.0);
  EXPECT_EQ(select_rows(h.b, h.names, {{"x"}, true}).key.size(), 4U);
}

TEST(SweepSummary, AnnualBandsAverageTheMonthsOfTheYear) {
  HandBands h(0);
  const auto a = annual_bands(h.b, h.names, {"x", "y", "z"}, 2019);
  ASSERT_EQ(a.size(), 2U);  // z is absent
  EXPECT_EQ(a[0].first, "x");
  EXPECT_DOUBLE_EQ(a[0].second.p5, 10.0);  // (9 + 11) / 2, the sector row left out
  EXPECT_DOUBLE_EQ(a[0].second.p50, 11.0);
  EXPECT_DOUBLE_EQ(a[0].second.p95, 12.0);
  EXPECT_DOUBLE_EQ(a[1].second.p5, 99.0);  // the NaN month left out
  EXPECT_DOUBLE_EQ(a[1].second.p50, 101.0);
}

TEST(SweepSummary, EffectsRankedByRelativeRangeWithTheNoiseTest) {
  // Setting 0: x 11 (10..12), y 101; setting 1: x shifted by +5 -> 16 (15..17), y the same.
  HandBands s0(0), s1(5);
  const auto e = sweep_effects({annual_bands(s0.b, s0.names, {"x", "y"}, 2019),
                                annual_bands(s1.b, s1.names, {"x", "y"}, 2019)});
  ASSERT_EQ(e.size(), 2U);
  EXPECT_EQ(e[0].indicator, "x");
  EXPECT_DOUBLE_EQ(e[0].range, 5.0);
  EXPECT_DOUBLE_EQ(e[0].relative, 5.0 / 13.5);
  EXPECT_EQ(e[0].lowest, 0);
  EXPECT_EQ(e[0].highest, 1);
  EXPECT_TRUE(e[0].beyond_noise);  // 12 < 15
  EXPECT_EQ(e[1].indicator, "y");
  EXPECT_DOUBLE_EQ(e[1].range, 0.0);
  EXPECT_FALSE(e[1].beyond_noise);
  // A shift of 1: 11 (10..12) against 12 (11..13) overlap.
  HandBands t(1);
  const auto f = sweep_effects({annual_bands(s0.b, s0.names, {"x"}, 2019), annual_bands(t.b, t.names, {"x"}, 2019)});
  EXPECT_FALSE(f[0].beyond_noise);
}

TEST(SweepSummary, ProgramSaysWhatVariedAndWhenBandsAreSeedNoiseOnly) {
  const fs::path dir = sweep_test::scratch_dir();
  const std::string base = "sweep scenarios/dprk-2013.toml --runs 2 --threads 2 " + sweep_test::kQuick;
  // `lightind sweep` of the base with `args`, into dir/`out`.
  const auto sweep = [&](const std::string& args, const char* out) {
    return sweep_test::run_cli(base + args + " --out '" + (dir / out).string() + "'");
  };
  const auto one = sweep(" --indicators living_standard_index,gdp_real", "one");
  ASSERT_EQ(one.code, 0) << one.output;
  analysis_test::expect_has_all(
      one.output,
      {"what varied: only the seed (2 seeds of one setting). The bands reflect seed noise only", "Living standard"});
  EXPECT_EQ(test_util::read_file(dir / "one" / "summary.txt").rfind("what varied: only the seed", 0), 0U);
  // Only the two indicators asked for, national rows only.
  std::stringstream csv(test_util::read_file(dir / "one" / "bands.csv"));
  std::string line;
  std::getline(csv, line);
  size_t rows = 0;
  while (std::getline(csv, line)) {
    ++rows;
    EXPECT_TRUE(line.find(",living_standard_index,,,") != std::string::npos ||
                line.find(",gdp_real,,,") != std::string::npos)
        << line;
  }
  EXPECT_GT(rows, 0U);

  const auto two = sweep(" --set policy.light_investment_share=0.05,0.4", "two");
  ASSERT_EQ(two.code, 0) << two.output;
  analysis_test::expect_has_all(
      two.output, {"what varied (2 settings x 2 seeds):\n  policy.light_investment_share = 0.05, 0.4",
                   "reflects seed noise only", "largest effects in", "lowest  policy.light_investment_share="});

  const auto bad = sweep(" --indicators living_standard_idx", "bad");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("did you mean \"living_standard_index\""), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir / "bad"));
}

}  // namespace
}  // namespace lightind::sweep
