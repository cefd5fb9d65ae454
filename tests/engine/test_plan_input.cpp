// `lightind plan --state simulated`: the plan LP built from the simulated economy of a January
// is the engine's own annual plan of that January (docs/PLANNER.md).
#include <cmath>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "lightind/plan.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"

namespace lightind {
namespace {

const std::string kReference = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

TEST(PlanInput, SimulatedJanuaryIsTheEnginesPlan) {
  const Description d = load_scenario(kReference, {"scenario.end=2016-12"});
  ASSERT_EQ(d.policy.plan_method, "lp");
  const RunResult r = run(d);
  const double engine = r.series.get("plan_objective", YearMonth{2016, 1}.index());
  ASSERT_TRUE(std::isfinite(engine));
  const PlanInput in = simulated_plan_input(d, 2016);
  EXPECT_EQ(in.state.year, 2016);
  const plan::PlanResult p = plan::solve(plan::build(d, in.state, in.options), d);
  ASSERT_EQ(p.status, plan::Status::optimal);
  EXPECT_NEAR(p.objective, engine, 1e-9 * std::abs(engine));
  // It is not the opening structure's plan.
  const plan::PlanResult opening = plan::solve(plan::build(d, 2016), d);
  EXPECT_GT(std::abs(opening.objective - engine), 1e-3 * std::abs(engine));
}

TEST(PlanInput, YearOutsideTheRunIsRejected) {
  const Description d = load_scenario(kReference, {"scenario.end=2013-12"});
  EXPECT_THROW((void)simulated_plan_input(d, 2011), std::invalid_argument);
  EXPECT_THROW((void)simulated_plan_input(d, 2014), std::invalid_argument);
}

TEST(PlanInput, CliSimulatedStateWritesThePlan) {
  const auto dir = cli_test::scratch_dir();
  const auto res = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2014 --state simulated --out '" +
                                     dir.string() + "'");
  ASSERT_EQ(res.code, 0) << res.output;
  EXPECT_NE(res.output.find("from the simulated economy of January 2014"), std::string::npos) << res.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "plan.csv"));
  const auto bad = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2014 --state later");
  EXPECT_EQ(bad.code, 2) << bad.output;
}

}  // namespace
}  // namespace lightind
