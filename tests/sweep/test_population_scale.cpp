// Population scale (issue 5): per-capita indicators do not depend on how many real
// households one agent stands for. An ensemble of the reference case at 1:1000 and at 1:100
// (8 seeds each, 2012-2013): in every month, each per-capita indicator's 5-95 % bands at the
// two scales overlap. The only slack allowed, 1e-5 of the value, is for the rounding of each
// region's households into whole agents (at the first month, before any random draw, the two
// scales differ by 1.8e-6 relative and the bands have no width).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lightind/sweep.hpp"

namespace lightind::sweep {
namespace {

TEST(PopulationScale, PerCapitaBandsAgreeAt1To1000And1To100) {
  const std::string scenario = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  const Plan plan = make_plan(scenario, {"households.scale=1000,100", "scenario.end=2013-12"}, 8, 0);
  ASSERT_EQ(plan.settings.size(), 2u);
  Names names;
  std::vector<std::vector<Rows>> by_setting(plan.settings.size(), std::vector<Rows>(8));
  std::vector<int> all(plan.runs.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  execute(plan, all, 2, [&](int i, RunResult&& r) {
    const PlannedRun& pr = plan.runs[static_cast<size_t>(i)];
    by_setting[static_cast<size_t>(pr.setting)][static_cast<size_t>(pr.seed_index)] = to_rows(r.series, names);
  });
  const Bands coarse = compute_bands(plan.settings[0].label, by_setting[0]);  // 1:1000
  const Bands fine = compute_bands(plan.settings[1].label, by_setting[1]);    // 1:100
  std::map<std::uint64_t, std::array<double, 5>> fine_q;
  for (size_t r = 0; r < fine.key.size(); ++r) fine_q[fine.key[r]] = fine.q[r];

  const std::vector<std::string> per_capita = {"consumer_goods_per_capita", "living_standard_index", "real_wage_index",
                                               "hardship_share", "market_price_level", "consumer_price_level"};
  int compared = 0;
  for (size_t r = 0; r < coarse.key.size(); ++r) {
    const std::uint64_t key = coarse.key[r];
    const auto indicator = static_cast<std::uint16_t>((key >> 32) & 0xffff);
    const auto sector = static_cast<std::uint16_t>((key >> 16) & 0xffff), region = static_cast<std::uint16_t>(key & 0xffff);
    if (sector != 0 || region != 0) continue;
    const std::string& name = names.name(1, indicator);
    if (std::find(per_capita.begin(), per_capita.end(), name) == per_capita.end()) continue;
    ASSERT_TRUE(fine_q.count(key)) << name;
    const auto& a = coarse.q[r];
    const auto& b = fine_q[key];
    const double scale = std::max(1.0, std::abs(a[2]));
    const std::string where = name + " " + names.name(0, static_cast<std::uint16_t>(key >> 48));
    // The bands are narrow (the comparison means something) ...
    // (5 %: households tied to employers and regional food markets make prices and wages
    // depend more on the seed than the pooled households did; about 3 % at 1:1000.)
    // The real wage is left out of this: in 2013 it depends on which enterprises the seed
    // puts first into the reform, whose wages by work carry the dual track's rent.
    if (name != "real_wage_index") {
      EXPECT_LT(a[4] - a[0], 0.05 * scale) << where;
      EXPECT_LT(b[4] - b[0], 0.05 * scale) << where;
    }
    // ... and overlap: p5 of each is at most p95 of the other.
    EXPECT_LE(a[0], b[4] + 1e-5 * scale) << where << ": 1:1000 p5 " << a[0] << " above 1:100 p95 " << b[4];
    EXPECT_LE(b[0], a[4] + 1e-5 * scale) << where << ": 1:100 p5 " << b[0] << " above 1:1000 p95 " << a[4];
    ++compared;
  }
  EXPECT_EQ(compared, 6 * 24);  // six indicators, 24 months
}

}  // namespace
}  // namespace lightind::sweep
