// The plan LP (docs/PLANNER.md): a two-sector economy solved by hand, the reference
// scenario's plan checked row by row, and the infeasible example explained.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "cli/cli_test_util.hpp"
#include "lightind/plan.hpp"
#include "lightind/scenario.hpp"
#include "planner/two_sectors.hpp"

namespace lightind {
namespace {

using testing::dual_of;

/// Two sectors: agriculture (food) and light industry (consumer goods), a_12 = 0.2 (fibre
/// into cloth), capacity 100 each, 0.1 workers per unit of annual output, 15 workers,
/// food minimum 20, weights 1 + 5 * share: agriculture 1.5, light 2.5. By hand:
///   max 1.5 c1 + 2.5 c2  s.t.  c1 <= x1 - 0.2 x2,  c2 <= x2,  x <= 100,  0.1 (x1 + x2) <= 15,  c1 >= 20.
/// Cloth gains 2.5 - 0.2 * 1.5 = 2.2 per unit against food's 1.5 per unit, for the same labour,
/// so x2 = 100 (capacity), x1 = 50 (labour), c1 = 30, c2 = 100, objective 45 + 250 = 295.
/// Duals: food 1.5, cloth 2.5, labour 1.5 / 0.1 = 15 per worker, cloth capacity 2.5 - 1.2 * 1.5 = 0.7.
Description two_sector() {
  const auto sector = [](const char* id, Group g, FinalUse u) {
    // 1.2 workers per unit of monthly output: 0.1 per unit a year.
    return SectorDesc{.id = id, .name = id, .group = g, .final_use = u, .labour_per_unit = 1.2,
                      .opening_pipeline = std::nullopt, .opening_growth = std::nullopt};
  };
  Description d = testing::two_sectors("two", sector("agriculture", default_group::agriculture, FinalUse::food),
                                       sector("light", default_group::light, FinalUse::consumer), {0.0, 0.2, 0.0, 0.0});
  for (int i = 0; i < 2; ++i) {
    EnterpriseDesc e;
    e.id = d.sectors[static_cast<size_t>(i)].id + "_works";
    e.sector = i;
    e.capacity = 100.0;
    e.efficiency = 1.0;
    d.enterprises.push_back(e);
  }
  d.households.household_size = 1.0;
  d.households.workers_per_household = 1.5;
  d.households.subsistence = 1.0 / 6.0;  // x 10 persons x 12 months = 20
  d.state.public_employment = 0.0;
  d.world = WorldDesc{};
  d.world.fx_reserves = 0.0;
  d.policy.investment_share = {0.2, 0.3, 0.1, 0.2, 0.2};
  return d;
}

TEST(Plan, TwoSectorOptimumByHand) {
  const Description d = two_sector();
  const plan::Lp lp = plan::build(d, 2013);
  const plan::PlanResult r = plan::solve(lp, d);
  ASSERT_EQ(r.status, plan::Status::optimal);
  EXPECT_NEAR(r.objective, 295.0, 1e-7);
  EXPECT_NEAR(r.gross_output[0], 50.0, 1e-7);
  EXPECT_NEAR(r.gross_output[1], 100.0, 1e-7);
  EXPECT_NEAR(r.final_use[0], 30.0, 1e-7);
  EXPECT_NEAR(r.final_use[1], 100.0, 1e-7);
  EXPECT_NEAR(r.shadow_price[0], 1.5, 1e-9);
  EXPECT_NEAR(r.shadow_price[1], 2.5, 1e-9);
  EXPECT_NEAR(dual_of(r, "labour"), 15.0, 1e-9);
  EXPECT_NEAR(dual_of(r, "cap_light"), 0.7, 1e-9);
  EXPECT_NEAR(dual_of(r, "cap_agriculture"), 0.0, 1e-9);
  EXPECT_NEAR(dual_of(r, "food_min"), 0.0, 1e-9);
  ASSERT_FALSE(r.binding.empty());
  EXPECT_EQ(r.binding.front().row, "labour");  // largest |dual| first
}

TEST(Plan, WeightsFollowInvestmentShares) {
  const auto w = plan::group_weights({0.4, 0.2, 0.2, 0.1, 0.1}, 5);
  EXPECT_DOUBLE_EQ(w[0], 3.0);
  EXPECT_DOUBLE_EQ(w[1], 2.0);
  EXPECT_DOUBLE_EQ(w[4], 1.5);
}

TEST(Plan, TwoSectorFoodMinimumTooHighIsExplained) {
  Description d = two_sector();
  d.households.subsistence = 1.0;  // 120 > 100 of farm capacity
  const plan::Lp lp = plan::build(d, 2013);
  const plan::PlanResult r = plan::solve(lp, d);
  ASSERT_EQ(r.status, plan::Status::infeasible);
  ASSERT_FALSE(r.violations.empty());
  // The cheapest relative relaxation: more labour or capacity would not help enough alone;
  // either the food minimum (short by 20 at x1 = 100, x2 = 0) or capacity and labour give way.
  double total = 0.0;
  for (const auto& v : r.violations) {
    EXPECT_GT(v.amount, 0.0);
    total += v.relative;
  }
  EXPECT_GT(total, 0.0);
}

std::string source(const std::string& rel) { return std::string(LIGHTIND_SOURCE_DIR) + "/" + rel; }

TEST(Plan, ReferenceScenario2016IsOptimalAndFeasible) {
  const Description d = load_scenario(source("scenarios/dprk-2013.toml"));
  const plan::Lp lp = plan::build(d, 2016);
  const plan::PlanResult r = plan::solve(lp, d);
  ASSERT_EQ(r.status, plan::Status::optimal);
  EXPECT_GT(r.objective, 0.0);
  for (double p : r.shadow_price) EXPECT_TRUE(std::isfinite(p));
  // Every row within its bounds, to 1e-6 relative to the row's size.
  const std::vector<double> act = lp.activities(r.col_value);
  std::vector<double> size(act.size(), 0.0);
  for (size_t t = 0; t < lp.a_val.size(); ++t)
    size[static_cast<size_t>(lp.a_row[t])] += std::abs(lp.a_val[t] * r.col_value[static_cast<size_t>(lp.a_col[t])]);
  for (int i = 0; i < lp.n_rows(); ++i) {
    const auto ui = static_cast<size_t>(i);
    const double tol = 1e-6 * std::max(1.0, size[ui]);
    EXPECT_GE(act[ui], lp.row_lo[ui] - tol) << lp.row_names[ui];
    EXPECT_LE(act[ui], lp.row_hi[ui] + tol) << lp.row_names[ui];
  }
  for (int j = 0; j < lp.n_cols(); ++j) EXPECT_GE(r.col_value[static_cast<size_t>(j)], -1e-6) << lp.col_names[j];
  // The goods balances again, straight from the description (not from the LP's matrix).
  const int n = d.n_sectors();
  for (int i = 0; i < n; ++i) {
    const auto ui = static_cast<size_t>(i);
    double used = lp.export_share[ui] * r.gross_output[ui] + r.final_use[ui] + r.investment[ui];
    for (int j = 0; j < n; ++j) used += d.a_at(i, j) * r.gross_output[static_cast<size_t>(j)];
    EXPECT_GE(r.gross_output[ui] - used, -1e-6 * std::max(1.0, r.gross_output[ui])) << d.sectors[ui].id;
    EXPECT_NEAR(r.imports[ui], d.sectors[ui].import_per_unit * r.gross_output[ui],
                1e-6 * std::max(1.0, r.imports[ui]))
        << d.sectors[ui].id;
  }
  // The plan feeds everyone at subsistence.
  double population = 0.0, food = 0.0;
  for (const auto& reg : d.regions) population += reg.population;
  for (int i = 0; i < n; ++i)
    if (d.sectors[static_cast<size_t>(i)].final_use == FinalUse::food) food += r.final_use[static_cast<size_t>(i)];
  EXPECT_GE(food, d.households.subsistence * population * 12.0 * (1.0 - 1e-9));
}

TEST(Plan, InfeasibleExampleNamesItsConflicts) {
  const Description d = load_scenario(source("scenarios/examples/infeasible-plan.toml"));
  const plan::PlanResult r = plan::solve(plan::build(d, 2016), d);
  ASSERT_EQ(r.status, plan::Status::infeasible);
  ASSERT_FALSE(r.violations.empty());
  bool food = false;
  for (const auto& v : r.violations) {
    food = food || v.row == "food_min";
    EXPECT_LT(v.relative, 1.0) << v.name;  // the farms feed part of the need
  }
  EXPECT_TRUE(food);
  bool farm_capacity = false;
  for (const auto& b : r.elastic_binding) farm_capacity = farm_capacity || b.row == "cap_agriculture";
  EXPECT_TRUE(farm_capacity);
}

TEST(PlanCli, WritesPlanCsvAndMps) {
  const auto dir = cli_test::scratch_dir();
  const auto res = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --out '" + dir.string() + "'");
  ASSERT_EQ(res.code, 0) << res.output;
  EXPECT_NE(res.output.find("binding constraints"), std::string::npos);
  EXPECT_NE(res.output.find("scarce goods"), std::string::npos);
  const std::string csv = cli_test::read_file(dir / "plan.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "sector,quantity,value");
  for (const char* q : {",gross_output,", ",final_use,", ",investment,", ",imports,", ",shadow_price,"})
    EXPECT_NE(csv.find(q), std::string::npos) << q;
  EXPECT_TRUE(std::filesystem::exists(dir / "plan.mps"));
  EXPECT_NE(cli_test::read_file(dir / "plan.mps").find("bal_agriculture"), std::string::npos);
}

TEST(PlanCli, GlpkSolvesTheMpsToTheSameObjective) {
  if (std::system("command -v glpsol > /dev/null 2>&1") != 0) GTEST_SKIP() << "glpsol not installed";
  const auto dir = cli_test::scratch_dir();
  const auto res = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --out '" + dir.string() + "'");
  ASSERT_EQ(res.code, 0) << res.output;
  const std::string cmd = "glpsol --freemps '" + (dir / "plan.mps").string() + "' --min -o '" +
                          (dir / "glpk.txt").string() + "' > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string text = cli_test::read_file(dir / "glpk.txt");
  const size_t at = text.find("OBJROW = ");
  ASSERT_NE(at, std::string::npos) << text.substr(0, 400);
  const double glpk = -std::stod(text.substr(at + 9));
  const Description d = load_scenario(source("scenarios/dprk-2013.toml"));
  const plan::PlanResult r = plan::solve(plan::build(d, 2016), d);
  EXPECT_NEAR(glpk, r.objective, 1e-6 * r.objective);
}

TEST(PlanCli, InfeasibleExitsFiveAndWritesNothing) {
  const auto dir = cli_test::scratch_dir() / "plan";
  const auto res =
      cli_test::run_cli("plan scenarios/examples/infeasible-plan.toml --year 2016 --out '" + dir.string() + "'");
  EXPECT_EQ(res.code, 5) << res.output;
  EXPECT_NE(res.output.find("food minimum needs: short by"), std::string::npos) << res.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "plan.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(PlanCli, YearOutsideTheScenarioIsRejected) {
  const auto res = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 1990 --out /nonexistent/x");
  EXPECT_EQ(res.code, 2) << res.output;
}

}  // namespace
}  // namespace lightind
