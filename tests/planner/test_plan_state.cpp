// The plan LP built from a state (the engine's annual plan, plan.method = "lp";
// docs/PLANNER.md "The engine's annual plan"): the horizon block's capital allocation and
// targets on a two-sector economy solved by hand, and the opening state equals the
// scenario's own plan.
#include <gtest/gtest.h>

#include <string>

#include "lightind/plan.hpp"
#include "lightind/scenario.hpp"
#include "planner/two_sectors.hpp"

namespace lightind {
namespace {

using testing::dual_of;

/// Two light-industry consumer sectors, no inputs, no labour or FX limits: textiles (one unit
/// of capital per unit of annual capacity) and footwear (four units). Capacity 100 each at
/// efficiency 1, no depreciation; all investment to light industry, so the weight is
/// 1 + 5 x 1 = 6 for both.
Description two_light() {
  const auto sector = [](const char* id, double kappa) {
    return SectorDesc{.id = id, .name = id, .group = default_group::light, .final_use = FinalUse::consumer,
                      .capital_per_unit = kappa, .opening_pipeline = std::nullopt, .opening_growth = std::nullopt};
  };
  Description d =
      testing::two_sectors("two-light", sector("textiles", 1.0), sector("footwear", 4.0), {0.0, 0.0, 0.0, 0.0});
  d.households.subsistence = 0.0;
  d.policy.investment_share = {0.0, 1.0, 0.0, 0.0, 0.0};
  return d;
}

plan::State state_of(const Description& d, double fund) {
  plan::State s;
  s.year = 2013;
  s.capacity = {100.0, 100.0};
  s.raw_capacity = {100.0, 100.0};
  s.automation = {0.0, 0.0};
  s.labour_force = 1.0;
  s.stock = {0.0, 0.0};
  s.investment_share = d.policy.investment_share;
  s.fund = fund;
  s.target = {0.0, 0.0};
  return s;
}

// By hand: a unit of capital adds 1 unit of horizon capacity in textiles (worth 6) and 0.25 in
// footwear (worth 1.5). Textiles takes capital up to its expansion limit 0.25 x 100 x 1 = 25;
// the other 35 of the fund of 60 go to footwear (+8.75). Objective: plan year 6 x 200 =
// 1200, horizon 6 x (125 + 108.75) = 1402.5; total 2602.5. The fund's dual is footwear's 1.5.
TEST(PlanState, CapitalGoesWhereItAddsMostCapacityByHand) {
  const Description d = two_light();
  plan::PlanOptions opt;
  opt.max_expansion = 0.25;
  const plan::PlanResult r = plan::solve(plan::build(d, state_of(d, 60.0), opt), d);
  ASSERT_EQ(r.status, plan::Status::optimal);
  EXPECT_NEAR(r.capital_allocation[0], 25.0, 1e-7);
  EXPECT_NEAR(r.capital_allocation[1], 35.0, 1e-7);
  EXPECT_NEAR(r.gross_output[0], 100.0, 1e-7);
  EXPECT_NEAR(r.horizon_output[0], 125.0, 1e-7);
  EXPECT_NEAR(r.horizon_output[1], 108.75, 1e-7);
  EXPECT_NEAR(r.objective, 2602.5, 1e-6);
  EXPECT_NEAR(dual_of(r, "fund_light"), 1.5, 1e-9);
}

// Diminishing returns to a year's expansion spread a group's fund (plan.expansion_steps,
// plan.expansion_decline). With max_expansion 1 and constant returns, all 60 go to textiles
// (a unit adds 1 of capacity worth 6, against footwear's 0.25 worth 1.5): the corner. In two
// steps of 50 with a decline of 0.8, textiles' second step adds 0.2 a unit (worth 1.2 <
// 1.5): textiles takes its first step, 50, and footwear the other 10 (+2.5). Objectives:
// 1200 + 6 x (160 + 100) = 2760 and 1200 + 6 x (150 + 102.5) = 2715; the fund's dual is
// footwear's 1.5 in the second case.
TEST(PlanState, DiminishingReturnsSpreadAGroupsInvestmentByHand) {
  const Description d = two_light();
  plan::PlanOptions opt;
  opt.max_expansion = 1.0;
  struct Case {
    int steps;
    double decline, textiles_capital, footwear_capital, objective, fund_dual;
  };
  for (const Case& c : {Case{1, 0.8, 60.0, 0.0, 2760.0, 6.0}, Case{2, 0.0, 60.0, 0.0, 2760.0, 6.0},
                        Case{2, 0.8, 50.0, 10.0, 2715.0, 1.5}}) {
    SCOPED_TRACE(::testing::Message() << c.steps << " steps, decline " << c.decline);
    opt.expansion_steps = c.steps;
    opt.expansion_decline = c.decline;
    const plan::Lp lp = plan::build(d, state_of(d, 60.0), opt);
    EXPECT_EQ(lp.z_step[0].size(), static_cast<size_t>(c.steps - 1));
    const plan::PlanResult r = plan::solve(lp, d);
    ASSERT_EQ(r.status, plan::Status::optimal);
    EXPECT_NEAR(r.capital_allocation[0], c.textiles_capital, 1e-7);
    EXPECT_NEAR(r.capital_allocation[1], c.footwear_capital, 1e-7);
    EXPECT_NEAR(r.horizon_output[0], 100.0 + (c.steps == 1 || c.decline == 0.0 ? 60.0 : 50.0), 1e-7);
    EXPECT_NEAR(r.horizon_output[1], 100.0 + c.footwear_capital / 4.0, 1e-7);
    EXPECT_NEAR(r.objective, c.objective, 1e-6);
    EXPECT_NEAR(dual_of(r, "fund_light"), c.fund_dual, 1e-9);
  }
}

// A target of 120 for footwear in the horizon year at 30 objective units a unit short makes
// footwear's capital worth 0.25 x (6 + 30) = 9 a unit against textiles' 6: all 60 go to
// footwear (+15, still 5 short). Objective 1200 + 6 x (100 + 115) - 30 x 5 = 2340.
// At a target weight of 10 footwear's capital is worth 0.25 x 16 = 4 < 6: the allocation of
// the first case stands and footwear is 11.25 short (objective 2602.5 - 112.5 = 2490).
TEST(PlanState, TargetsSteerCapitalByHand) {
  const Description d = two_light();
  plan::State s = state_of(d, 60.0);
  s.target = {0.0, 120.0};
  plan::PlanOptions opt;
  opt.max_expansion = 0.25;
  struct Case {
    double target_weight, textiles_capital, footwear_capital, footwear_shortfall, objective;
  };
  for (const Case& c : {Case{30.0, 0.0, 60.0, 5.0, 2340.0}, Case{10.0, 25.0, 35.0, 11.25, 2490.0}}) {
    SCOPED_TRACE(::testing::Message() << "target weight " << c.target_weight);
    opt.target_weight = c.target_weight;
    const plan::PlanResult r = plan::solve(plan::build(d, s, opt), d);
    ASSERT_EQ(r.status, plan::Status::optimal);
    EXPECT_NEAR(r.capital_allocation[0], c.textiles_capital, 1e-7);
    EXPECT_NEAR(r.capital_allocation[1], c.footwear_capital, 1e-7);
    EXPECT_NEAR(r.target_shortfall[1], c.footwear_shortfall, 1e-7);
    EXPECT_NEAR(r.objective, c.objective, 1e-6);
  }
}

// Stocks beyond the reserve may be drawn in the plan year: 30 units of textiles on hand add
// 30 to its final use (objective + 6 x 30).
TEST(PlanState, StocksOnHandAreDrawnInThePlanYear) {
  const Description d = two_light();
  plan::State s = state_of(d, 0.0);
  s.stock = {30.0, 0.0};
  const plan::PlanResult r = plan::solve(plan::build(d, s), d);
  ASSERT_EQ(r.status, plan::Status::optimal);
  EXPECT_NEAR(r.final_use[0], 130.0, 1e-7);
  EXPECT_NEAR(r.objective, 6.0 * 230.0, 1e-6);
  EXPECT_NEAR(r.capital_allocation[0], 0.0, 0.0);  // no fund, no horizon block
}

// `build(d, year)` is `build(d, initial_state(d, year))`: the same LP, row for row.
TEST(PlanState, OpeningStateIsTheScenariosPlan) {
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml");
  const plan::Lp a = plan::build(d, 2016);
  const plan::State s = plan::initial_state(d, 2016);
  EXPECT_FALSE(s.horizon());
  const plan::Lp b = plan::build(d, s);
  EXPECT_EQ(a.row_names, b.row_names);  // the names first, for a readable failure
  EXPECT_EQ(a.col_names, b.col_names);
  EXPECT_TRUE(a == b) << "the LPs differ beyond their names";
}

}  // namespace
}  // namespace lightind
