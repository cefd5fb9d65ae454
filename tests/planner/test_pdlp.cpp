// The scalable planner (PDLP, include/lightind/pdlp.hpp): a textbook LP with a known optimum,
// the reference scenario's plan and synthetic product-level plans against CLP, infeasible and
// unbounded LPs never reported optimal, the same result at any thread count, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/cli_test_util.hpp"
#include "lightind/pdlp.hpp"
#include "lightind/plan.hpp"
#include "lightind/scenario.hpp"
#include "planner/lp_clp.hpp"
#include "planner/pdlp.hpp"
#include "planner/dense_lp.hpp"
#include "planner/sparse_economy.hpp"
#include "planner/synthetic_plan.hpp"
#include "planner/wyndor.hpp"

namespace lightind {
namespace {

using pdlp::kInf;

using pdlp::test_lp::dense_lp;

/// Hillier and Lieberman's Wyndor Glass LP: max 3 x1 + 5 x2 s.t. x1 <= 4, 2 x2 <= 12,
/// 3 x1 + 2 x2 <= 18, x >= 0. Optimum 36 at (2, 6); shadow prices (0, 1.5, 1).
pdlp::SparseLp wyndor() { return testing::wyndor_lp(); }

/// Wyndor's optimum 36 at (2, 6) and its duals, solved to 1e-8 with `o`'s scheme.
void expect_wyndor_optimum(pdlp::Options o) {
  o.tolerance = 1e-8;
  const pdlp::Result r = pdlp::solve(wyndor(), o);
  ASSERT_EQ(r.status, pdlp::Status::optimal) << pdlp::to_string(o.scheme);
  EXPECT_NEAR(-r.primal_objective, 36.0, 1e-5);
  EXPECT_NEAR(r.x[0], 2.0, 1e-5);
  EXPECT_NEAR(r.x[1], 6.0, 1e-5);
  // Duals of the minimisation: <= rows that bind have y <= 0 (minus the shadow prices).
  EXPECT_NEAR(r.y[0], 0.0, 1e-5);
  EXPECT_NEAR(r.y[1], -1.5, 1e-5);
  EXPECT_NEAR(r.y[2], -1.0, 1e-5);
  EXPECT_LE(r.relative_gap, 1e-8);
  EXPECT_LE(r.relative_primal_residual, 1e-8);
  EXPECT_LE(r.relative_dual_residual, 1e-8);
  EXPECT_LE(r.relative_residual_value, 1e-7);
}

TEST(Pdlp, TextbookOptimumAndDuals) { expect_wyndor_optimum({}); }

TEST(Pdlp, TextbookWithEqualityRangeAndFreeColumn) {
  // min x1 + 2 x2 s.t. x1 + x2 + x3 = 10, 2 <= x1 - x3 <= 4, x2 >= 1, 0 <= x1 <= 5, x3 free.
  // By hand: x3 <= x1 - 2, so x2 = 10 - x1 - x3 >= 12 - 2 x1 and the cost x1 + 2 x2 >= 24 - 3 x1,
  // least at x1 = 5 (its bound): x2 = 2, x3 = 3, objective 9.
  const auto lp = dense_lp({{1, 1, 1}, {1, 0, -1}}, {10, 2}, {10, 4}, {1, 2, 0}, {0, 1, -kInf}, {5, kInf, kInf});
  pdlp::Options o;
  o.tolerance = 1e-8;
  const pdlp::Result r = pdlp::solve(lp, o);
  ASSERT_EQ(r.status, pdlp::Status::optimal);
  const planner::ClpRun c = planner::solve_clp(lp, planner::ClpMethod::dual);
  ASSERT_EQ(c.status, plan::Status::optimal);
  EXPECT_NEAR(c.objective, 9.0, 1e-9);
  EXPECT_NEAR(r.primal_objective, 9.0, 1e-6);
  EXPECT_NEAR(r.x[0], 5.0, 1e-5);
  EXPECT_NEAR(r.x[1], 2.0, 1e-5);
  EXPECT_NEAR(r.x[2], 3.0, 1e-5);
}

TEST(Pdlp, ClpAfterTheSlackPresolve) {
  // The textbook LP above: nothing for the presolve to take; CLP's vertex carried back as is.
  const auto lp = dense_lp({{1, 1, 1}, {1, 0, -1}}, {10, 2}, {10, 4}, {1, 2, 0}, {0, 1, -kInf}, {5, kInf, kInf});
  const planner::ClpRun c = planner::solve_clp(lp, planner::ClpMethod::dual, 0.0, true);
  ASSERT_EQ(c.status, plan::Status::optimal);
  EXPECT_NEAR(c.objective, 9.0, 1e-9);
  ASSERT_EQ(c.x.size(), 3U);
  EXPECT_NEAR(c.x[0], 5.0, 1e-9);
  EXPECT_NEAR(c.x[1], 2.0, 1e-9);
  EXPECT_NEAR(c.x[2], 3.0, 1e-9);
  // max 2 s (min -2 s), s a slack of x0 + s <= 4 (x0 in [1, 3], cost 1): s = 4 - x0, so
  // min -8 + 3 x0 at x0 = 1, s = 3, objective -5. CLP solves min 3 x0, x0 <= 4, x0 in [1, 3].
  const auto slack = dense_lp({{1, 1}}, {-kInf}, {4}, {1, -2}, {1, 0}, {3, kInf});
  const planner::ClpRun s = planner::solve_clp(slack, planner::ClpMethod::dual, 0.0, true);
  ASSERT_EQ(s.status, plan::Status::optimal);
  EXPECT_EQ(s.presolve_slack_columns, 1);
  EXPECT_NEAR(s.objective, -5.0, 1e-12);
  EXPECT_NEAR(s.x[0], 1.0, 1e-12);
  EXPECT_NEAR(s.x[1], 3.0, 1e-12);
  // What the presolve proves: crossed singleton rows (infeasible), an empty column whose cost
  // has no bound to stop at (unbounded).
  const auto crossed = dense_lp({{1}, {1}}, {3.0, -kInf}, {kInf, 2.0}, {1.0}, {0.0}, {kInf});
  EXPECT_EQ(planner::solve_clp(crossed, planner::ClpMethod::dual, 0.0, true).status, plan::Status::infeasible);
  const auto unbounded = dense_lp({{1, 0}}, {0.0}, {4.0}, {1.0, -1.0}, {0.0, 0.0}, {kInf, kInf});
  EXPECT_EQ(planner::solve_clp(unbounded, planner::ClpMethod::dual, 0.0, true).status, plan::Status::unbounded);
}

/// Solves `lp` within 20,000 iterations: never optimal, and certified as `expected`.
void expect_certified(const pdlp::SparseLp& lp, pdlp::Status expected) {
  pdlp::Options o;
  o.max_iterations = 20000;
  const pdlp::Result r = pdlp::solve(lp, o);
  EXPECT_NE(r.status, pdlp::Status::optimal);
  EXPECT_EQ(r.status, expected) << pdlp::to_string(r.status);
}

TEST(Pdlp, InfeasibleIsNeverOptimal) {
  // x1 + x2 <= 1 and x1 + x2 >= 2.
  expect_certified(dense_lp({{1, 1}, {1, 1}}, {-kInf, 2}, {1, kInf}, {1, 1}, {0, 0}, {kInf, kInf}),
                   pdlp::Status::primal_infeasible);
}

TEST(Pdlp, UnboundedIsNeverOptimal) {
  // min -x1 s.t. x1 - x2 <= 1, x >= 0: the ray (1, 1) lowers the objective without end.
  expect_certified(dense_lp({{1, -1}}, {-kInf}, {1}, {-1, 0}, {0, 0}, {kInf, kInf}), pdlp::Status::dual_infeasible);
}

TEST(Pdlp, IterationLimitIsReportedNotConverged) {
  pdlp::Options o;
  o.max_iterations = 3;
  o.tolerance = 1e-10;
  const pdlp::Result r = pdlp::solve(wyndor(), o);
  EXPECT_EQ(r.status, pdlp::Status::iteration_limit);
  EXPECT_EQ(r.iterations, 3);
}

TEST(Pdlp, RejectsInconsistentLp) {
  auto lp = wyndor();
  lp.col_lo[0] = 5.0;
  lp.col_hi[0] = 4.0;
  EXPECT_THROW((void)pdlp::solve(lp), std::invalid_argument);
  lp = wyndor();
  lp.col[0] = 7;
  EXPECT_THROW((void)pdlp::solve(lp), std::invalid_argument);
  lp = wyndor();
  lp.row_ptr.pop_back();
  EXPECT_THROW((void)pdlp::solve(lp), std::invalid_argument);
}

TEST(Pdlp, FromPlanLpSumsDuplicates) {
  plan::Lp lp;
  lp.add_col("a", 0, kInf, 1);
  lp.add_col("b", 0, kInf, 1);
  lp.add_row("r", "r", plan::RowKind::labour, -1, -kInf, 1);
  lp.add(0, 1, 2.0);
  lp.add(0, 0, 1.0);
  lp.add(0, 1, 0.5);
  const pdlp::SparseLp s = pdlp::from_plan_lp(lp);
  ASSERT_EQ(s.nnz(), 2);
  EXPECT_EQ(s.col[0], 0);
  EXPECT_EQ(s.col[1], 1);
  EXPECT_DOUBLE_EQ(s.val[1], 2.5);
}

std::string source(const std::string& rel) { return std::string(LIGHTIND_SOURCE_DIR) + "/" + rel; }

TEST(Pdlp, ReferencePlanAgreesWithClp) {
  const Description d = load_scenario(source("scenarios/dprk-2013.toml"));
  for (int year : {2013, 2016}) {
    const plan::Lp lp = plan::build(d, year);
    const plan::PlanResult c = plan::solve(lp, d);
    ASSERT_EQ(c.status, plan::Status::optimal);
    const pdlp::PlanPdlpResult p = pdlp::solve_plan(lp, d);
    ASSERT_EQ(p.plan.status, plan::Status::optimal) << pdlp::to_string(p.pdlp.status);
    EXPECT_NEAR(p.plan.objective, c.objective, 1e-3 * c.objective) << year;
    EXPECT_LE(p.pdlp.relative_gap, 3e-5);  // the default tolerance
    EXPECT_LE(p.pdlp.relative_primal_residual, 3e-5);
    EXPECT_LE(p.pdlp.relative_dual_residual, 3e-5);
  }
}

TEST(Pdlp, SyntheticPlansAgreeWithClp) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto e = planner::generate_economy({1000, 15, seed});
    const pdlp::SparseLp lp = planner::synthetic_plan_lp(e);
    ASSERT_EQ(lp.n_rows, 1001);
    ASSERT_EQ(lp.n_cols, 2000);
    const planner::ClpRun c = planner::solve_clp(lp, planner::ClpMethod::dual);
    ASSERT_EQ(c.status, plan::Status::optimal);
    // CLP after the slack presolve: the same optimum (a vertex), and its solution carried back
    // to all 2,000 columns holds every row and bound of the original LP.
    const planner::ClpRun cs = planner::solve_clp(lp, planner::ClpMethod::dual, 0.0, true);
    ASSERT_EQ(cs.status, plan::Status::optimal) << seed;
    EXPECT_EQ(cs.presolve_slack_columns, 1000);
    EXPECT_NEAR(cs.objective, c.objective, 1e-9 * std::abs(c.objective)) << seed;
    ASSERT_EQ(cs.x.size(), 2000U);
    double objective = 0.0;
    for (std::size_t j = 0; j < cs.x.size(); ++j) {
      objective += lp.obj[j] * cs.x[j];
      EXPECT_GE(cs.x[j], lp.col_lo[j] - 1e-7 * (1.0 + std::abs(lp.col_lo[j]))) << j;
      EXPECT_LE(cs.x[j], lp.col_hi[j] + 1e-7 * (1.0 + std::abs(lp.col_hi[j]))) << j;
    }
    EXPECT_NEAR(objective, c.objective, 1e-9 * std::abs(c.objective));
    for (std::int32_t i = 0; i < lp.n_rows; ++i) {
      double row = 0.0;
      for (auto q = lp.row_ptr[static_cast<std::size_t>(i)]; q < lp.row_ptr[static_cast<std::size_t>(i) + 1]; ++q)
        row += lp.val[static_cast<std::size_t>(q)] * cs.x[static_cast<std::size_t>(lp.col[static_cast<std::size_t>(q)])];
      EXPECT_GE(row, lp.row_lo[static_cast<std::size_t>(i)] - 1e-6 * (1.0 + std::abs(row))) << i;
      EXPECT_LE(row, lp.row_hi[static_cast<std::size_t>(i)] + 1e-6 * (1.0 + std::abs(row))) << i;
    }
    const pdlp::Result r = pdlp::solve(lp);
    ASSERT_EQ(r.status, pdlp::Status::optimal) << seed;
    EXPECT_NEAR(r.primal_objective, c.objective, 1e-3 * std::abs(c.objective)) << seed;
    EXPECT_LE(r.relative_gap, 3e-5);  // the default tolerance
    EXPECT_LE(r.relative_primal_residual, 3e-5);
    EXPECT_LE(r.relative_dual_residual, 3e-5);
  }
}

TEST(Pdlp, SyntheticPlanIsFeasibleAtTheFloors) {
  // The floors' plan x = 0.3 x(d), c = 0.3 d satisfies every row: balances hold with equality.
  const auto e = planner::generate_economy({500, 10, 4});
  const pdlp::SparseLp lp = planner::synthetic_plan_lp(e);
  const auto n = static_cast<std::size_t>(e.a.rows);
  for (std::size_t j = 0; j < n; ++j) EXPECT_DOUBLE_EQ(lp.col_lo[n + j], 0.3 * e.final_demand[j]);
  EXPECT_EQ(lp.row_hi[n] < kInf, true);
  EXPECT_EQ(lp.row_lo[n], -kInf);
}

/// 600 iterations on a synthetic plan of 10^4 products (several fixed blocks of rows and
/// columns) with `o`'s scheme: the same iterates bit for bit at 1 and 2 threads.
void expect_same_at_1_and_2_threads(pdlp::Options o) {
  const auto e = planner::generate_economy({10000, 15, 7});
  const pdlp::SparseLp lp = planner::synthetic_plan_lp(e);
  o.max_iterations = 600;
  o.threads = 1;
  const pdlp::Result a = pdlp::solve(lp, o);
  o.threads = 2;
  const pdlp::Result b = pdlp::solve(lp, o);
  EXPECT_EQ(a.iterations, 600);  // not converged yet: the whole stretch is compared
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.restarts, b.restarts);
  EXPECT_EQ(a.primal_objective, b.primal_objective);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
}

TEST(Pdlp, SameResultAtAnyThreadCount) { expect_same_at_1_and_2_threads({}); }

TEST(Pdlp, KernelsAreBlockDeterministic) {
  std::vector<double> x(3 * pdlp::detail::kBlock + 5), y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = 1.0 / static_cast<double>(i + 1);
    y[i] = static_cast<double>(i % 7) - 3.0;
  }
  // The blocked sum is the sum of the blocks' sums, each in index order.
  double expect = 0.0;
  for (std::size_t b = 0; b < x.size(); b += static_cast<std::size_t>(pdlp::detail::kBlock)) {
    double s = 0.0;
    for (std::size_t i = b; i < std::min(x.size(), b + static_cast<std::size_t>(pdlp::detail::kBlock)); ++i)
      s += x[i] * y[i];
    expect += s;
  }
  EXPECT_EQ(pdlp::detail::dot(x, y), expect);
  // Transpose of a 2 x 3 matrix.
  pdlp::detail::Csr a;
  a.rows = 2;
  a.cols = 3;
  a.ptr = {0, 2, 3};
  a.idx = {0, 2, 1};
  a.val = {1.0, 2.0, 3.0};
  const auto t = pdlp::detail::transpose(a);
  EXPECT_EQ(t.ptr, (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(t.idx, (std::vector<std::int32_t>{0, 1, 0}));
  EXPECT_EQ(t.val, (std::vector<double>{1.0, 3.0, 2.0}));
}

// ---- The Halpern scheme (Options::scheme; docs/PLANNER.md, "Two iteration schemes") ----------

pdlp::Options halpern(double tolerance = 3e-5) {
  pdlp::Options o;
  o.scheme = pdlp::Scheme::halpern;
  o.tolerance = tolerance;
  return o;
}

TEST(PdlpHalpern, TextbookOptimumAndDuals) { expect_wyndor_optimum(halpern()); }

TEST(Pdlp, PidPrimalWeightInTheAveragedScheme) {
  pdlp::Options o;
  o.averaged_pid_weight = true;
  expect_wyndor_optimum(o);
  // On the synthetic plan of 10^3 products (seed 1) the controller moves the weight at the
  // restarts, which changes the path: 1,923 iterations against 9,216 with the fixed weight
  // (docs/PLANNER.md), the same optimum within the tolerance's accuracy.
  const pdlp::SparseLp lp = planner::synthetic_plan_lp(planner::generate_economy({1000, 15, 1}));
  o.tolerance = 1e-4;
  const pdlp::Result pid = pdlp::solve(lp, o);
  o.averaged_pid_weight = false;
  const pdlp::Result fixed = pdlp::solve(lp, o);
  ASSERT_EQ(pid.status, pdlp::Status::optimal);
  ASSERT_EQ(fixed.status, pdlp::Status::optimal);
  EXPECT_LT(pid.iterations, fixed.iterations / 2);
  EXPECT_NEAR(pid.primal_objective, -47056.2135258, 1e-3 * 47056.2135258);  // CLP's optimum
}

TEST(PdlpHalpern, TextbookWithEqualityRangeAndFreeColumn) {
  // The LP of Pdlp.TextbookWithEqualityRangeAndFreeColumn: optimum 9 at (5, 2, 3).
  const auto lp = dense_lp({{1, 1, 1}, {1, 0, -1}}, {10, 2}, {10, 4}, {1, 2, 0}, {0, 1, -kInf}, {5, kInf, kInf});
  const pdlp::Result r = pdlp::solve(lp, halpern(1e-8));
  ASSERT_EQ(r.status, pdlp::Status::optimal);
  EXPECT_NEAR(r.primal_objective, 9.0, 1e-6);
  EXPECT_NEAR(r.x[0], 5.0, 1e-5);
  EXPECT_NEAR(r.x[1], 2.0, 1e-5);
  EXPECT_NEAR(r.x[2], 3.0, 1e-5);
}

TEST(PdlpHalpern, SyntheticPlansAgreeWithClp) {
  for (std::uint64_t seed : {1u, 2u}) {
    const auto e = planner::generate_economy({1000, 15, seed});
    const pdlp::SparseLp lp = planner::synthetic_plan_lp(e);
    const planner::ClpRun c = planner::solve_clp(lp, planner::ClpMethod::dual);
    ASSERT_EQ(c.status, plan::Status::optimal);
    const pdlp::Result r = pdlp::solve(lp, halpern());
    ASSERT_EQ(r.status, pdlp::Status::optimal) << seed;
    EXPECT_NEAR(r.primal_objective, c.objective, 1e-3 * std::abs(c.objective)) << seed;
    EXPECT_LE(r.relative_gap, 3e-5);
    EXPECT_LE(r.relative_primal_residual, 3e-5);
    EXPECT_LE(r.relative_dual_residual, 3e-5);
    EXPECT_GT(r.restarts, 0);
  }
}

TEST(PdlpHalpern, InfeasibleAndUnboundedAreNeverOptimal) {
  pdlp::Options o = halpern();
  o.max_iterations = 20000;
  const auto infeasible = dense_lp({{1, 1}, {1, 1}}, {-kInf, 2}, {1, kInf}, {1, 1}, {0, 0}, {kInf, kInf});
  EXPECT_NE(pdlp::solve(infeasible, o).status, pdlp::Status::optimal);
  const auto unbounded = dense_lp({{1, -1}}, {-kInf}, {1}, {-1, 0}, {0, 0}, {kInf, kInf});
  EXPECT_NE(pdlp::solve(unbounded, o).status, pdlp::Status::optimal);
}

TEST(PdlpHalpern, SameResultAtAnyThreadCount) { expect_same_at_1_and_2_threads(halpern()); }

/// What Options::validate says of `o`: its message, or "accepted".
std::string message(const pdlp::Options& o) {
  try {
    o.validate();
  } catch (const std::invalid_argument& e) {
    return std::string(e.what());
  }
  return std::string("accepted");
}

TEST(PdlpHalpern, OptionsOutsideTheirRangesAreRejected) {
  pdlp::Options o;
  o.reflection = 0.0;
  EXPECT_EQ(message(o), "pdlp: reflection must be in (0, 1], got 0");
  o = {};
  o.step_safety = 1.0;
  EXPECT_EQ(message(o), "pdlp: step_safety must be in (0, 1), got 1");
  o = {};
  o.halpern_restart_necessary = 0.1;  // below restart_sufficient 0.2
  EXPECT_EQ(message(o), "pdlp: halpern_restart_necessary must be in [restart_sufficient, 1), got 0.1");
  o = {};
  o.pid_decay = 1.5;
  EXPECT_EQ(message(o), "pdlp: the PID gains must be finite and pid_decay in [0, 1], got 0.99, 0.01, 0 and 1.5");
  o = {};
  o.pid_kp = std::nan("");
  EXPECT_NE(message(o), "accepted");
  EXPECT_EQ(message(halpern()), "accepted");
  EXPECT_STREQ(pdlp::to_string(pdlp::Scheme::halpern), "halpern");
  EXPECT_STREQ(pdlp::to_string(pdlp::Options{}.scheme), "averaged");  // the default
}

TEST(PdlpHalpern, AccuracyNoteWhenTheResidualsAreWorthMoreThanTheTolerance) {
  pdlp::Result r;
  r.status = pdlp::Status::optimal;
  r.relative_residual_value = 5.4e-3;  // 10^5 products, averaged scheme, tolerance 1e-4 (docs/PLANNER.md)
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4),
            "note: the residuals are worth 0.0054 of the objective (relative residual value), more than 10 times the "
            "tolerance 0.0001: the objective may be off by that share or more; a smaller --tolerance or --scheme "
            "halpern gives a closer answer");
  // After a Halpern solve it does not suggest the scheme that just ran.
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4, pdlp::Scheme::halpern),
            "note: the residuals are worth 0.0054 of the objective (relative residual value), more than 10 times the "
            "tolerance 0.0001: the objective may be off by that share or more; a smaller --tolerance gives a closer "
            "answer");
  r.relative_residual_value = 1e-3;  // 10 times: no note
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4), "");
  r.relative_residual_value = 5.4e-3;
  r.status = pdlp::Status::time_limit;  // not converged: reported as such, not noted
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4), "");
}

TEST(PdlpRowRelative, AccuracyNoteWhenARowMissesItsBound) {
  pdlp::Result r;
  r.status = pdlp::Status::optimal;
  r.relative_row_residual = 0.96;  // 10^4 products, averaged scheme, tolerance 1e-4 (docs/PLANNER.md)
  const std::string row =
      "note: the worst row misses its bound by 0.96 relative to 1 + |its bound| (in the row's own units when its "
      "bound is 0), more than 100 times the tolerance 0.0001: the plan's quantities may be off there; --row-relative "
      "holds every row within the tolerance, in more iterations";
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4), row);
  r.relative_residual_value = 5.4e-3;  // both: one line each
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4, pdlp::Scheme::halpern),
            "note: the residuals are worth 0.0054 of the objective (relative residual value), more than 10 times the "
            "tolerance 0.0001: the objective may be off by that share or more; a smaller --tolerance gives a closer "
            "answer\n" + row);
  r.relative_residual_value = 0.0;
  r.relative_row_residual = 1e-2;  // 100 times: no note
  EXPECT_EQ(pdlp::accuracy_note(r, 1e-4), "");
}

// Primal feasibility polishing (Options::feasibility_polishing). On the synthetic plan of 200
// products (seed 1) at 1e-6 the averaged scheme first meets the gap at 70,017 iterations; the
// polishing from there reaches a relative primal residual of 1e-9 in about 65 iterations and,
// with the same duals, meets the stopping test: the solve ends at the polished point, which
// holds every row to 1e-9 and is within 1e-6 of CLP's optimum.
/// The synthetic plan LP of `products` products (15 inputs each, seed 1) and CLP's optimum of it.
struct PlanWithOptimum {
  pdlp::SparseLp lp;
  double optimum = 0.0;
};
PlanWithOptimum plan_with_optimum(std::int32_t products) {
  PlanWithOptimum p{planner::synthetic_plan_lp(planner::generate_economy({products, 15, 1}))};
  const planner::ClpRun c = planner::solve_clp(p.lp, planner::ClpMethod::dual);
  EXPECT_EQ(c.status, plan::Status::optimal);
  p.optimum = c.objective;
  return p;
}

/// PDLP's options as plan-synthetic sets them (the slack columns substituted), on one thread.
pdlp::Options synthetic_options(double tolerance) {
  pdlp::Options o;
  o.tolerance = tolerance;
  o.threads = 1;
  o.presolve_slack_columns = true;
  return o;
}

/// Row i of `lp` at x.
double row_activity(const pdlp::SparseLp& lp, std::int32_t i, const std::vector<double>& x) {
  double row = 0.0;
  for (auto q = lp.row_ptr[static_cast<std::size_t>(i)]; q < lp.row_ptr[static_cast<std::size_t>(i) + 1]; ++q)
    row += lp.val[static_cast<std::size_t>(q)] * x[static_cast<std::size_t>(lp.col[static_cast<std::size_t>(q)])];
  return row;
}

TEST(PdlpPolish, PolishedPointMeetsTheTestAndHoldsTheRows) {
  const auto [lp, optimum] = plan_with_optimum(200);
  pdlp::Options o = synthetic_options(1e-6);
  o.feasibility_polishing = true;
  const pdlp::Result r = pdlp::solve(lp, o);
  ASSERT_EQ(r.status, pdlp::Status::optimal);
  EXPECT_TRUE(r.polished);
  EXPECT_EQ(r.polish_attempts, 1);
  EXPECT_GT(r.polish_iterations, 0);
  EXPECT_LE(r.polish_iterations, o.polish_iteration_share * static_cast<double>(r.iterations));
  EXPECT_LE(r.relative_primal_residual, o.tolerance * o.polish_tolerance_factor);
  EXPECT_LE(r.relative_gap, o.tolerance);
  EXPECT_NEAR(r.primal_objective, optimum, 1e-6 * std::abs(optimum));
  // Every row of the original LP (the slack columns put back by postsolve) within 1e-9 of its
  // bounds, relative to the labour bound's size (the norm the residual is measured against).
  const double scale = 1.0 + lp.row_hi[static_cast<std::size_t>(lp.n_rows - 1)];
  for (std::int32_t i = 0; i < lp.n_rows; ++i) {
    const double row = row_activity(lp, i, r.x);
    EXPECT_GE(row, lp.row_lo[static_cast<std::size_t>(i)] - 1e-9 * scale) << i;
    EXPECT_LE(row, lp.row_hi[static_cast<std::size_t>(i)] + 1e-9 * scale) << i;
  }
  // The same polished point at 2 threads, bit for bit.
  o.threads = 2;
  const pdlp::Result r2 = pdlp::solve(lp, o);
  EXPECT_TRUE(r2.polished);
  EXPECT_EQ(r2.polish_iterations, r.polish_iterations);
  EXPECT_EQ(r2.x, r.x);
  EXPECT_EQ(r2.y, r.y);
  // Without polishing the same iteration stops at the unpolished iterate, less feasible.
  o.threads = 1;
  o.feasibility_polishing = false;
  const pdlp::Result u = pdlp::solve(lp, o);
  ASSERT_EQ(u.status, pdlp::Status::optimal);
  EXPECT_EQ(u.iterations, r.iterations);
  EXPECT_FALSE(u.polished);
  EXPECT_EQ(u.polish_attempts, 0);
  EXPECT_GT(u.relative_primal_residual, r.relative_primal_residual);
}

// When the polished point's gap with the candidate's duals is outside the tolerance, the solve
// goes on as without polishing and ends where it would have: at 1e-4 on 10^3 products the
// iterate that meets the test is 0.025 % above the optimum, and the feasible point polishing
// finds near it is 0.13 % below, too far from the dual bound (docs/PLANNER.md).
TEST(PdlpPolish, FailedPolishingLeavesTheSolveAsItWas) {
  const auto e = planner::generate_economy({1000, 15, 1});
  const pdlp::SparseLp lp = planner::synthetic_plan_lp(e);
  pdlp::Options o;
  o.tolerance = 1e-4;
  o.threads = 2;
  o.presolve_slack_columns = true;
  const pdlp::Result plain = pdlp::solve(lp, o);
  o.feasibility_polishing = true;
  const pdlp::Result r = pdlp::solve(lp, o);
  ASSERT_EQ(r.status, pdlp::Status::optimal);
  EXPECT_EQ(r.polish_attempts, 1);
  EXPECT_FALSE(r.polished);
  EXPECT_EQ(r.iterations, plain.iterations);
  EXPECT_EQ(r.primal_objective, plain.primal_objective);
  EXPECT_EQ(r.x, plain.x);
  EXPECT_EQ(r.y, plain.y);
}

TEST(PdlpPolish, WithTheHalpernSchemeAndOnTheTextbook) {
  pdlp::Options o = halpern();
  o.feasibility_polishing = true;
  expect_wyndor_optimum(o);
  o = {};
  o.feasibility_polishing = true;
  expect_wyndor_optimum(o);
  expect_same_at_1_and_2_threads(o);
}

TEST(PdlpPolish, OptionsOutsideTheirRangesAreRejected) {
  pdlp::Options o;
  o.polish_tolerance_factor = 0.0;
  EXPECT_EQ(message(o), "pdlp: polish_tolerance_factor must be in (0, 1], got 0");
  o = {};
  o.polish_iteration_share = 1.5;
  EXPECT_EQ(message(o), "pdlp: polish_iteration_share must be in (0, 1], got 1.5");
  EXPECT_FALSE(pdlp::Options{}.feasibility_polishing);  // off by default
}

TEST(PdlpCli, PlanSyntheticPolishAndResidualValueFactor) {
  const auto p = cli_test::run_cli("plan-synthetic --products 200 --seed 1 --method pdlp --tolerance 1e-6 --polish");
  ASSERT_EQ(p.code, 0) << p.output;
  EXPECT_NE(p.output.find("polishing: 1 attempts, "), std::string::npos) << p.output;
  EXPECT_NE(p.output.find("solution polished\n"), std::string::npos) << p.output;
  const auto v = cli_test::run_cli(
      "plan-synthetic --products 1000 --seed 1 --method pdlp --tolerance 1e-4 --residual-value-factor 1");
  ASSERT_EQ(v.code, 0) << v.output;
  const auto value = std::stod(v.output.substr(v.output.find("relative residual value: ") + 25));
  EXPECT_LE(value, 1e-4);
  const auto bad = cli_test::run_cli("plan-synthetic --products 100 --method pdlp --residual-value-factor -1");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--residual-value-factor"), std::string::npos) << bad.output;
}

// Dual ascent (Options::dual_ascent_sweeps) on the synthetic plans at 1e-4: the ascended dual
// value is a valid bound (every column of the reduced LP is boxed), so it is never below CLP's
// optimum; on 10^3 products one sweep stops within 0.02 % of the optimum (docs/PLANNER.md).
TEST(PdlpDualAscent, SyntheticPlanBoundsAndTheOptions) {
  const auto [lp, optimum] = plan_with_optimum(1000);
  pdlp::Options o;
  o.tolerance = 1e-4;
  o.presolve_slack_columns = true;
  o.dual_ascent_sweeps = 1;
  const pdlp::Result r = pdlp::solve(lp, o);
  ASSERT_EQ(r.status, pdlp::Status::optimal);
  // Minimisation: the dual value is a lower bound on c's optimum.
  EXPECT_LE(r.dual_objective, optimum + 1e-9 * std::abs(optimum));
  EXPECT_NEAR(r.primal_objective, optimum, 2e-4 * std::abs(optimum));
  EXPECT_NEAR(r.dual_objective, optimum, 2e-4 * std::abs(optimum));
  o.threads = 1;
  const pdlp::Result r1 = pdlp::solve(lp, o);
  EXPECT_EQ(r1.iterations, r.iterations);
  EXPECT_EQ(r1.y, r.y);
  EXPECT_EQ(message([] {
              pdlp::Options b;
              b.dual_ascent_sweeps = -1;
              return b;
            }()),
            "pdlp: dual_ascent_sweeps must be at least 0, got -1");
  EXPECT_EQ(pdlp::Options{}.dual_ascent_sweeps, 0);  // off by default
  const auto bad = cli_test::run_cli("plan-synthetic --products 100 --method pdlp --dual-ascent -1");
  EXPECT_EQ(bad.code, 2) << bad.output;
}

// The row-relative stopping test (Options::row_relative_primal) on the synthetic plan of 400
// products at 1e-4 (docs/PLANNER.md, "What the tolerance guarantees"): without it the Halpern
// scheme stops with a balance row (bound 0) short by 0.01 units and the objective 0.095 % off;
// with it every row holds within the tolerance times 1 + |its bound| and the objective is
// within 0.01 % of CLP's.
TEST(PdlpRowRelative, SyntheticPlanEveryRowHeld) {
  const auto [lp, optimum] = plan_with_optimum(400);
  pdlp::Options o = synthetic_options(1e-4);
  o.scheme = pdlp::Scheme::halpern;
  const pdlp::Result plain = pdlp::solve(lp, o);
  ASSERT_EQ(plain.status, pdlp::Status::optimal);
  EXPECT_GT(plain.relative_row_residual, 5e-3);
  EXPECT_GT(std::abs(plain.primal_objective - optimum), 5e-4 * std::abs(optimum));
  o.row_relative_primal = true;
  const pdlp::Result r = pdlp::solve(lp, o);
  ASSERT_EQ(r.status, pdlp::Status::optimal);
  EXPECT_LE(r.relative_row_residual, o.tolerance);
  EXPECT_GT(r.iterations, plain.iterations);
  EXPECT_NEAR(r.primal_objective, optimum, 1e-4 * std::abs(optimum));
  // Every row of the original LP (postsolved) within the tolerance of its own bound.
  for (std::int32_t i = 0; i < lp.n_rows; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const double row = row_activity(lp, i, r.x);
    const double lo = lp.row_lo[ui], hi = lp.row_hi[ui];
    if (lo > -pdlp::kInf) {
      EXPECT_GE(row, lo - o.tolerance * (1.0 + std::abs(lo))) << i;
    }
    if (hi < pdlp::kInf) {
      EXPECT_LE(row, hi + o.tolerance * (1.0 + std::abs(hi))) << i;
    }
  }
  // The same at 2 threads, bit for bit.
  o.threads = 2;
  const pdlp::Result r2 = pdlp::solve(lp, o);
  EXPECT_EQ(r2.iterations, r.iterations);
  EXPECT_EQ(r2.x, r.x);
  EXPECT_FALSE(pdlp::Options{}.row_relative_primal);  // off by default
}

TEST(PdlpCli, PlanSyntheticRowRelative) {
  const auto res = cli_test::run_cli(
      "plan-synthetic --products 400 --seed 1 --method pdlp --scheme halpern --tolerance 1e-4 --row-relative");
  ASSERT_EQ(res.code, 0) << res.output;
  EXPECT_NE(res.output.find("status: optimal"), std::string::npos) << res.output;
  const auto at = res.output.find("worst row's relative residual: ");
  ASSERT_NE(at, std::string::npos) << res.output;
  EXPECT_LE(std::stod(res.output.substr(at + 31)), 1e-4) << res.output;
}

TEST(PdlpCli, PlanChecksEveryRowByDefault) {
  // The reference plan for 2016 at the default 3e-5 (docs/PLANNER.md, "Every row against its own
  // bound"): with the row test (the default) every row holds; without it a balance row is
  // thousands of units short and the note says so.
  const auto dir = cli_test::scratch_dir();
  const auto on = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --method pdlp --out '" +
                                    (dir / "on").string() + "'");
  ASSERT_EQ(on.code, 0) << on.output;
  EXPECT_NE(on.output.find("averaged scheme, every row checked)"), std::string::npos) << on.output;
  const auto worst = [](const std::string& out) { return std::stod(out.substr(out.find("worst row ") + 10)); };
  EXPECT_LE(worst(on.output), 3e-5) << on.output;
  EXPECT_EQ(on.output.find("note: the worst row"), std::string::npos) << on.output;
  const auto off = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --method pdlp --no-row-relative --out '" +
                                     (dir / "off").string() + "'");
  ASSERT_EQ(off.code, 0) << off.output;
  EXPECT_NE(off.output.find("averaged scheme)"), std::string::npos) << off.output;
  EXPECT_GT(worst(off.output), 1.0) << off.output;
  EXPECT_NE(off.output.find("note: the worst row misses its bound by"), std::string::npos) << off.output;
}

TEST(PdlpCli, PlanWithTheHalpernScheme) {
  const auto dir = cli_test::scratch_dir();
  const auto res = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --method pdlp --scheme halpern --out '" +
                                     dir.string() + "'");
  ASSERT_EQ(res.code, 0) << res.output;
  EXPECT_NE(res.output.find("PDLP: optimal"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("halpern scheme, every row checked)"), std::string::npos) << res.output;
  const auto bad = cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --method pdlp --scheme fast --out '" +
                                     (dir / "x").string() + "'");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
}

TEST(PdlpCli, PlanSyntheticHalpernScheme) {
  const auto h =
      cli_test::run_cli("plan-synthetic --products 400 --inputs-per-product 12 --seed 3 --method pdlp --scheme halpern");
  ASSERT_EQ(h.code, 0) << h.output;
  EXPECT_NE(h.output.find("scheme: halpern\n"), std::string::npos) << h.output;
  EXPECT_NE(h.output.find("status: optimal"), std::string::npos) << h.output;
  const auto c = cli_test::run_cli("plan-synthetic --products 400 --inputs-per-product 12 --seed 3 --method clp");
  ASSERT_EQ(c.code, 0) << c.output;
  const auto objective = [](const std::string& out) { return std::stod(out.substr(out.find("objective: ") + 11)); };
  EXPECT_NEAR(objective(h.output), objective(c.output), 1e-3 * objective(c.output));
  const auto fixed = cli_test::run_cli(
      "plan-synthetic --products 400 --inputs-per-product 12 --seed 3 --method pdlp --scheme halpern --fixed-weight");
  EXPECT_NE(fixed.output.find("scheme: halpern (fixed primal weight)"), std::string::npos) << fixed.output;
  const auto bad = cli_test::run_cli("plan-synthetic --products 100 --method pdlp --scheme anderson");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("anderson"), std::string::npos) << bad.output;
}

TEST(PdlpCli, PlanSyntheticPdlpAndClpAgree) {
  const auto p = cli_test::run_cli("plan-synthetic --products 400 --inputs-per-product 12 --seed 3 --method pdlp");
  ASSERT_EQ(p.code, 0) << p.output;
  const auto c = cli_test::run_cli("plan-synthetic --products 400 --inputs-per-product 12 --seed 3 --method clp");
  ASSERT_EQ(c.code, 0) << c.output;
  const auto objective = [](const std::string& out) {
    const auto at = out.find("objective: ");
    return at == std::string::npos ? -1.0 : std::stod(out.substr(at + 11));
  };
  EXPECT_NE(p.output.find("status: optimal"), std::string::npos);
  EXPECT_NE(p.output.find("relative gap: "), std::string::npos);
  EXPECT_NE(p.output.find("iterations: "), std::string::npos);
  EXPECT_GT(objective(c.output), 0.0);
  EXPECT_NEAR(objective(p.output), objective(c.output), 1e-3 * objective(c.output));
}

TEST(PdlpCli, PlanSyntheticGlpkSolvesTheSameLp) {
  if (std::system("command -v glpsol > /dev/null 2>&1") != 0) GTEST_SKIP() << "glpsol not installed";
  const auto dir = cli_test::scratch_dir();
  const auto g = cli_test::run_cli("plan-synthetic --products 300 --seed 5 --method glpk --mps '" +
                                   (dir / "p.mps").string() + "'");
  ASSERT_EQ(g.code, 0) << g.output;
  const auto c = cli_test::run_cli("plan-synthetic --products 300 --seed 5 --method clp");
  ASSERT_EQ(c.code, 0) << c.output;
  const auto objective = [](const std::string& out) { return std::stod(out.substr(out.find("objective: ") + 11)); };
  EXPECT_NEAR(objective(g.output), objective(c.output), 1e-6 * objective(c.output));
  EXPECT_TRUE(std::filesystem::exists(dir / "p.mps"));
}

TEST(PdlpCli, PlanWithPdlpWritesPlanCsv) {
  const auto dir = cli_test::scratch_dir();
  const auto res =
      cli_test::run_cli("plan scenarios/dprk-2013.toml --year 2016 --method pdlp --out '" + dir.string() + "'");
  ASSERT_EQ(res.code, 0) << res.output;
  EXPECT_NE(res.output.find("PDLP: optimal"), std::string::npos);
  const std::string csv = cli_test::read_file(dir / "plan.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "sector,quantity,value");
  EXPECT_NE(csv.find(",shadow_price,"), std::string::npos);
}

TEST(PdlpCli, InfeasiblePlanIsDetectedAndExplained) {
  // PDLP finds a dual ray (primal infeasible); CLP's elastic relaxation names the food minimum.
  const auto dir = cli_test::scratch_dir() / "plan";
  const auto res = cli_test::run_cli("plan scenarios/examples/infeasible-plan.toml --year 2016 --method pdlp --out '" +
                                     dir.string() + "'");
  EXPECT_EQ(res.code, 5) << res.output;
  EXPECT_NE(res.output.find("PDLP: primal infeasible"), std::string::npos) << res.output;
  EXPECT_NE(res.output.find("food minimum needs: short by"), std::string::npos) << res.output;
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(PdlpCli, PlanSyntheticChoosesTheMethodBySize) {
  // 400 products: 401 rows, CLP (after the slack presolve: the 400 consumption columns);
  // 1200 products: 1201 rows, PDLP (pdlp::choose_method).
  const auto small = cli_test::run_cli("plan-synthetic --products 400 --inputs-per-product 12 --seed 3");
  EXPECT_EQ(small.code, 0) << small.output;
  EXPECT_NE(small.output.find("method chosen by size: clp (401 rows; PDLP from 1200)"), std::string::npos) << small.output;
  EXPECT_NE(small.output.find("presolve: 0 rows, 0 columns removed, 400 slack columns substituted"), std::string::npos)
      << small.output;
  const auto large = cli_test::run_cli("plan-synthetic --products 1200 --inputs-per-product 12 --seed 3 --method auto --time-limit 0.2");
  EXPECT_NE(large.output.find("method chosen by size: pdlp (1201 rows"), std::string::npos) << large.output;
}

TEST(PdlpCli, BadMethodIsAUsageError) {
  const auto res = cli_test::run_cli("plan-synthetic --products 100 --method simplex");
  EXPECT_EQ(res.code, 2) << res.output;
  EXPECT_NE(res.output.find("simplex"), std::string::npos);
}

}  // namespace
}  // namespace lightind
