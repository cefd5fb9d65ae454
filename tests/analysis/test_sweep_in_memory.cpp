// The sweep library as Python's lightind.sweep calls it (issue 11, item 7): the grid from
// axes, and the bands of a plan computed in memory, equal to the bands of its runs.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lightind/lightind.hpp"
#include "lightind/sweep.hpp"

namespace lightind {
namespace {

namespace sw = sweep;
const std::string kRef = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

TEST(SweepInMemory, AxesGiveTheSettingsOfTheSameSetArguments) {
  const auto parsed = sw::expand_grid({"a.x=1,2", "b.y=0.5", "c.z=3:5:1"});
  std::vector<sw::Axis> axes(3);
  axes[0] = {"a.x", {"1", "2"}, true};
  axes[1] = sw::fixed_axis("b.y = 0.5");
  axes[2] = {"c.z", {"3", "4", "5"}, true};
  const auto direct = sw::expand_axes(axes);
  ASSERT_EQ(direct.size(), 6u);
  ASSERT_EQ(parsed.size(), direct.size());
  for (size_t i = 0; i < direct.size(); ++i) {
    EXPECT_EQ(direct[i].label, parsed[i].label);
    EXPECT_EQ(direct[i].assignments, parsed[i].assignments);
    EXPECT_EQ(direct[i].canonical, parsed[i].canonical);
  }
  EXPECT_EQ(direct[5].label, "a.x=2;c.z=5");
  // fixed_axis never splits (a value with a comma stays one value).
  EXPECT_EQ(sw::fixed_axis("k=a,b").values, std::vector<std::string>{"a,b"});
  EXPECT_THROW((void)sw::fixed_axis("novalue"), ScenarioError);
  EXPECT_THROW((void)sw::expand_axes({{"a", {"1", "1"}, true}}), ScenarioError);
  EXPECT_THROW((void)sw::expand_axes({{"a", {}, true}}), ScenarioError);
  EXPECT_THROW((void)sw::expand_axes({{"a", {"1"}, false}, {"a", {"2"}, false}}), ScenarioError);
  EXPECT_EQ(sw::expand_axes({}).front().label, "default");
}

TEST(SweepInMemory, BandsOfAPlanAreTheBandsOfItsRunsInSeedOrder) {
  const sw::Plan plan = sw::make_plan(kRef, {"scenario.end=2012-06", "reform.profit_levy=0.2,0.6"}, 3, 5);
  sw::Names names;
  int calls = 0;
  const auto got = sw::bands_in_memory(plan, names, 2, [&](int done, int total) {
    ++calls;
    EXPECT_EQ(total, 6);
    EXPECT_EQ(done, calls);
  });
  EXPECT_EQ(calls, 6);
  ASSERT_EQ(got.size(), 2u);
  for (int s = 0; s < 2; ++s) {
    std::vector<sw::Rows> rows;
    for (int j = 0; j < 3; ++j) rows.push_back(sw::to_rows(sw::run_one(plan, plan.runs[static_cast<size_t>(s * 3 + j)]).series, names));
    const sw::Bands want = sw::compute_bands(plan.settings[static_cast<size_t>(s)].label, rows);
    EXPECT_EQ(got[static_cast<size_t>(s)].setting, want.setting);
    ASSERT_EQ(got[static_cast<size_t>(s)].key, want.key);
    for (size_t k = 0; k < want.key.size(); ++k)
      for (size_t q = 0; q < 5; ++q) {
        const double a = got[static_cast<size_t>(s)].q[k][q], b = want.q[k][q];
        EXPECT_TRUE(a == b || (a != a && b != b)) << s << " row " << k << " q " << q;
      }
  }
  EXPECT_EQ(got[1].setting, "reform.profit_levy=0.6");
  EXPECT_EQ(plan.runs[1].seed, sw::derive_seed(5, 1));
}

}  // namespace
}  // namespace lightind
