// Output by branch, as the Bank of Korea reports it (issue 12, item 9): agriculture_output
// is the gross output of the agriculture group at state prices, agriculture_output_index
// that series with its first year's mean = 100, like light_output_index and
// heavy_output_index.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

TEST(AgricultureIndex, RegisteredNextToTheOtherBranchesAndGdpRealExists) {
  for (const char* name : {"agriculture_output", "agriculture_output_index", "light_output_index",
                           "heavy_output_index", "gdp_real"})
    EXPECT_NE(indicators::find(name), nullptr) << name;
  const indicators::Indicator* i = indicators::find("agriculture_output_index");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(std::string(i->unit), "index, first year = 100");
}

TEST(AgricultureIndex, SumsTheAgricultureGroupAndIndexesTheFirstYear) {
  const Description d =
      load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml", {"scenario.end=2013-12"});
  RunOptions opt;
  opt.keep_accounts = false;
  const RunResult r = run(d, opt);
  // agriculture_output = sum over the agriculture group's sectors of output x state price.
  int checked = 0;
  for (const auto& [m, v] : r.series.aggregate("agriculture_output")) {
    double expected = 0;
    for (size_t k = 0; k < d.sectors.size(); ++k)
      if (d.sectors[k].group == default_group::agriculture)
        expected += r.series.get("output", m, static_cast<int>(k)) * d.sectors[k].state_price;
    EXPECT_NEAR(v, expected, 1e-9 * std::abs(expected)) << m;
    EXPECT_GT(v, 0.0);
    ++checked;
  }
  EXPECT_EQ(checked, 24);
  // The index: 100 x value / the first twelve months' mean, so the first year's mean is 100.
  const auto index = analysis::annual_mean(r.series, "agriculture_output_index");
  ASSERT_EQ(index.count(2012), 1u);
  EXPECT_NEAR(index.at(2012), 100.0, 1e-9);
  const auto level = analysis::annual_mean(r.series, "agriculture_output");
  EXPECT_NEAR(index.at(2013), 100.0 * level.at(2013) / level.at(2012), 1e-9);
}

}  // namespace
}  // namespace lightind
