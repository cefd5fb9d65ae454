// The opening checks of `lightind check` (issue 14, item 7): supply against need, utilisation
// in a short run, an empty pipeline against long lags; `check --strict` exits 4 on any.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analysis/analysis_test_util.hpp"
#include "lightind/opening_checks.hpp"
#include "lightind/scenario.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using namespace analysis_test;

/// The Feldman-Mahalanobis economy with a food sector whose one farm (28,800 units a year at
/// efficiency 0.5: 1,200 a month) feeds 4,000 persons who each need `food_need` 1 a month.
std::string short_food(const fs::path& dir) {
  return fm_scenario(dir, "fm-short-food", R"(
[[sectors]]
id = "food"
name = "Food"
group = "agriculture"
final_use = "food"
# assumption: a test value
gestation_months = 0

[[enterprises]]
id = "farm"
sector = "food"
region = "economy"
# assumption: a test value (1,200 units a month at efficiency 0.5)
capacity = 28800.0
# assumption: a test value
efficiency = 0.5
)");
}

TEST(OpeningChecks, ShortFoodSectorGetsTheHandComputedCover) {
  const Description d = load_scenario(short_food(cli_test::scratch_dir()));
  const auto w = supply_warnings(d);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].key, "food");
  // 28,800 × 0.5 / 12 = 1,200 against 4,000 persons × 1 unit (no plots, no exports, no inputs).
  EXPECT_DOUBLE_EQ(w[0].figure, 1200.0 / 4000.0);
  EXPECT_DOUBLE_EQ(w[0].threshold, kSupplyCoverThreshold);
  const auto b = opening_balances(d);
  EXPECT_DOUBLE_EQ(b[2].supply, 1200.0);
  EXPECT_DOUBLE_EQ(b[2].households, 4000.0);
  // Plots cover part of the rural need: 4,000 × (1 - 0.6 urban) × 0.5 = 800 less.
  Description plots = d;
  plots.households.plot_food = 0.5;
  EXPECT_DOUBLE_EQ(supply_warnings(plots)[0].figure, 1200.0 / 3200.0);
}

TEST(OpeningChecks, CheckPrintsTheWarningAndStrictExits4) {
  const std::string path = short_food(cli_test::scratch_dir());
  const cli_test::Result r = run_cli("check '" + path + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: food: opening supply 1200 a month covers 0.30 of its need 4000"), std::string::npos)
      << r.output;
  const cli_test::Result strict = run_cli("check '" + path + "' --strict");
  EXPECT_EQ(strict.code, 4) << strict.output;
  // A farm that feeds everyone: nothing to warn about.
  const cli_test::Result fed = run_cli("check '" + path + "' --strict --set enterprises.farm.efficiency=1 "
                                       "--set enterprises.farm.capacity=60000");
  EXPECT_EQ(fed.code, 0) << fed.output;
  EXPECT_NE(fed.output.find("opening      0 warnings"), std::string::npos) << fed.output;
}

TEST(OpeningChecks, FeldmanMahalanobisPassesStrict) {
  const cli_test::Result r = run_cli("check scenarios/examples/feldman-mahalanobis.toml --strict");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("opening      0 warnings (short run of 12 months"), std::string::npos) << r.output;
}

TEST(OpeningChecks, UtilisationFarBelowTheOpeningWarns) {
  const Description d = load_scenario(short_food(cli_test::scratch_dir()));
  ASSERT_DOUBLE_EQ(opening_utilisation(d)[2], 0.5);
  Series s;
  s.sectors = {"capital_goods", "consumer_goods", "food"};
  const int u = s.indicator_id("utilisation");
  for (int m = 0; m < 2; ++m) {
    s.add(m, u, 1.0, 0);
    s.add(m, u, 0.6, 1);  // 0.6 of the opening 1: no warning at one half
    s.add(m, u, m == 0 ? 0.1 : 0.3, 2);  // mean 0.2 = 0.4 of the opening 0.5
  }
  const auto w = utilisation_warnings(d, s);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].key, "food");
  EXPECT_DOUBLE_EQ(w[0].figure, 0.4);
  EXPECT_DOUBLE_EQ(w[0].threshold, kUtilisationFraction);
}

TEST(OpeningChecks, EmptyPipelineAgainstTheLongestLag) {
  const std::vector<std::pair<std::string, int>> lags{{"light", 6}, {"power", 60}, {"metals", 24}};
  const auto w = pipeline_warnings(24, lags, false);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].key, "power");
  EXPECT_DOUBLE_EQ(w[0].figure, 24.0);
  EXPECT_DOUBLE_EQ(w[0].threshold, 60.0);
  EXPECT_TRUE(pipeline_warnings(24, lags, true).empty());  // an opening pipeline bridges the lag
  EXPECT_TRUE(pipeline_warnings(60, lags, false).empty());  // a spin-up as long as the lag
}

}  // namespace
}  // namespace lightind
