// PDLP's presolve and postsolve (src/planner/pdlp_presolve.cpp) on hand-made LPs with known
// optima: what is removed, the reduced LP, the postsolved primal and dual solution, and the
// infeasible and unbounded cases presolve decides alone.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lightind/pdlp.hpp"
#include "planner/pdlp.hpp"
#include "planner/dense_lp.hpp"

namespace lightind::pdlp {
namespace {

using test_lp::dense_lp;

// min -x0 - 2 x1 - 3 x2 + 5 x3 - x4
//   r0: x0 + x1 + x2 + x3 <= 12      (x3 fixed at 2: x0 + x1 + x2 <= 10)
//   r1: 2 x1 <= 8                     (singleton: x1 <= 4)
//   r2: 0 in [-1, 1]                  (empty)
//   x0, x1 >= 0, 0 <= x2 <= 5, x3 = 2, 0 <= x4 <= 7 (x4 in no row: empty column, at 7)
// Optimum: x2 = 5, x1 = 4, x0 = 1, x4 = 7: -1 - 8 - 15 + 10 - 7 = -21. Duals: r0 binds at its
// upper bound, x0 basic: y0 = c0 = -1; x1 sits on r1's bound with reduced cost -2 + 1 = -1, so
// y1 = -1 / 2; r2: 0.
SparseLp five_columns() {
  return dense_lp({{1, 1, 1, 1, 0}, {0, 2, 0, 0, 0}, {0, 0, 0, 0, 0}}, {-kInf, -kInf, -1.0}, {12.0, 8.0, 1.0},
                  {-1.0, -2.0, -3.0, 5.0, -1.0}, {0.0, 0.0, 0.0, 2.0, 0.0}, {kInf, kInf, 5.0, 2.0, 7.0});
}

TEST(PdlpPresolve, RemovesFixedColumnsEmptyAndSingletonRowsAndEmptyColumns) {
  const detail::Presolve p = detail::presolve(five_columns());
  ASSERT_EQ(p.status, Status::optimal);
  EXPECT_EQ(p.removed_rows, 2);  // r1 (singleton), r2 (empty)
  EXPECT_EQ(p.removed_cols, 2);  // x3 (fixed), x4 (empty)
  EXPECT_EQ(p.row_of, (std::vector<std::int32_t>{0}));
  EXPECT_EQ(p.col_of, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(p.reduced.row_hi[0], 10.0);  // 12 - 1 * 2
  EXPECT_EQ(p.reduced.row_lo[0], -kInf);
  EXPECT_DOUBLE_EQ(p.reduced.col_hi[1], 4.0);  // from r1
  EXPECT_DOUBLE_EQ(p.offset, 5.0 * 2.0 - 7.0);
  ASSERT_EQ(p.singletons.size(), 1U);
  EXPECT_EQ(p.singletons[0].row, 1);
  EXPECT_EQ(p.singletons[0].col, 1);
  EXPECT_NO_THROW(p.reduced.validate());
}

TEST(PdlpPresolve, PostsolvedSolutionIsTheKnownOptimumWithItsDuals) {
  Options o;
  o.tolerance = 1e-8;
  const Result r = solve(five_columns(), o);
  ASSERT_EQ(r.status, Status::optimal);
  EXPECT_EQ(r.presolve_removed_rows, 2);
  EXPECT_EQ(r.presolve_removed_cols, 2);
  const std::vector<double> x = {1.0, 4.0, 5.0, 2.0, 7.0};
  for (std::size_t j = 0; j < 5; ++j) EXPECT_NEAR(r.x[j], x[j], 1e-5) << j;
  EXPECT_NEAR(r.primal_objective, -21.0, 1e-5);
  EXPECT_NEAR(r.dual_objective, -21.0, 1e-5);
  EXPECT_NEAR(r.y[0], -1.0, 1e-5);
  EXPECT_NEAR(r.y[1], -0.5, 1e-5);
  EXPECT_EQ(r.y[2], 0.0);
  // Without presolve, the same optimum.
  o.presolve = false;
  const Result plain = solve(five_columns(), o);
  ASSERT_EQ(plain.status, Status::optimal);
  EXPECT_NEAR(plain.primal_objective, -21.0, 1e-5);
  EXPECT_EQ(plain.presolve_removed_rows, 0);
}

// min x1 s.t. ra: x0 = 3 (singleton, fixes x0), rb: x0 + x1 >= 5 (then the singleton x1 >= 2);
// x free. Everything is removed: x = (3, 2), objective 2; duals y_b = 1 (x1 on rb's bound,
// reduced cost 1), y_a = -1 (x0's reduced cost 0 - y_b = -1 on ra's bound): dual value
// 3 y_a + 5 y_b = 2.
TEST(PdlpPresolve, ChainOfSingletonsSolvesTheLpAlone) {
  const SparseLp lp = dense_lp({{1, 0}, {1, 1}}, {3.0, 5.0}, {3.0, kInf}, {0.0, 1.0}, {-kInf, -kInf}, {kInf, kInf});
  const detail::Presolve p = detail::presolve(lp);
  ASSERT_EQ(p.status, Status::optimal);
  EXPECT_EQ(p.reduced.n_rows, 0);
  EXPECT_EQ(p.reduced.n_cols, 0);
  const Result r = solve(lp);
  ASSERT_EQ(r.status, Status::optimal);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_DOUBLE_EQ(r.x[0], 3.0);
  EXPECT_DOUBLE_EQ(r.x[1], 2.0);
  EXPECT_DOUBLE_EQ(r.primal_objective, 2.0);
  EXPECT_DOUBLE_EQ(r.dual_objective, 2.0);
  EXPECT_DOUBLE_EQ(r.y[1], 1.0);
  EXPECT_DOUBLE_EQ(r.y[0], -1.0);
}

TEST(PdlpPresolve, InfeasibleEmptyRowAndCrossedBoundsAreDetected) {
  // x0 fixed at 0, row x0 >= 1 becomes an empty row with bounds [1, inf].
  const SparseLp empty = dense_lp({{1}}, {1.0}, {kInf}, {1.0}, {0.0}, {0.0});
  EXPECT_EQ(detail::presolve(empty).status, Status::primal_infeasible);
  EXPECT_EQ(solve(empty).status, Status::primal_infeasible);
  // Singleton rows x0 >= 3 and x0 <= 2: crossed bounds.
  const SparseLp crossed = dense_lp({{1}, {1}}, {3.0, -kInf}, {kInf, 2.0}, {1.0}, {0.0}, {kInf});
  EXPECT_EQ(detail::presolve(crossed).status, Status::primal_infeasible);
}

TEST(PdlpPresolve, EmptyColumnWithoutBoundInItsCostsDirectionIsUnbounded) {
  // min -x1, x1 >= 0 in no row: unbounded.
  const SparseLp lp = dense_lp({{1, 0}}, {0.0}, {4.0}, {1.0, -1.0}, {0.0, 0.0}, {kInf, kInf});
  EXPECT_EQ(detail::presolve(lp).status, Status::dual_infeasible);
  EXPECT_EQ(solve(lp).status, Status::dual_infeasible);
}

}  // namespace
}  // namespace lightind::pdlp

namespace lightind::pdlp {
namespace {

// The synthetic plan's shape in miniature: max 2 c0 + c1 (min -2 c0 - c1) s.t.
//   b0: x0 - c0 >= 0.2,  b1: x1 - c1 >= 0,  labour: x0 + x1 <= 3,
//   0 <= x0 <= 2, 0 <= x1 <= 4, c0 >= 0.5, c1 >= 0.5.
// c0 and c1 are slack columns (each in one row, its cost pushing it up without an upper bound
// against the row's lower bound): c0 = x0 - 0.2, c1 = x1. The reduced LP: min -2 x0 - x1
// (offset 2 * 0.2 = 0.4) s.t. x0 >= 0.7, x1 >= 0.5, x0 + x1 <= 3. Optimum x0 = 2 (its ratio 2
// beats 1), x1 = 1, c0 = 1.8, c1 = 1: objective -4.6. Duals: c0 and c1 above their floors, so
// y_b0 = 2, y_b1 = 1; x1 between its bounds: y_b1 + y_labour = 0, y_labour = -1; x0 at its cap
// with reduced cost 0 - (2 - 1) = -1. Dual value 0.2 * 2 + 3 * (-1) + 2 * (-1) = -4.6.
SparseLp two_products() {
  return dense_lp({{1, 0, -1, 0}, {0, 1, 0, -1}, {1, 1, 0, 0}}, {0.2, 0.0, -kInf}, {kInf, kInf, 3.0},
                  {0.0, 0.0, -2.0, -1.0}, {0.0, 0.0, 0.5, 0.5}, {2.0, 4.0, kInf, kInf});
}

TEST(PdlpPresolve, SlackColumnsBecomeTheirRowsBounds) {
  const detail::Presolve plain = detail::presolve(two_products());
  EXPECT_TRUE(plain.slacks.empty());
  EXPECT_EQ(plain.reduced.n_cols, 4);
  const detail::Presolve p = detail::presolve(two_products(), true);
  ASSERT_EQ(p.status, Status::optimal);
  ASSERT_EQ(p.slacks.size(), 2U);
  EXPECT_EQ(p.slacks[0].row, 0);
  EXPECT_EQ(p.slacks[0].col, 2);
  EXPECT_DOUBLE_EQ(p.slacks[0].g, 2.0);
  EXPECT_EQ(p.removed_cols, 0);  // slack columns are counted apart
  EXPECT_EQ(p.col_of, (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(p.row_of, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(p.reduced.obj, (std::vector<double>{-2.0, -1.0}));
  EXPECT_EQ(p.reduced.row_lo, (std::vector<double>{0.7, 0.5, -kInf}));
  EXPECT_EQ(p.reduced.row_hi, (std::vector<double>{kInf, kInf, 3.0}));
  EXPECT_DOUBLE_EQ(p.offset, 0.4);
  EXPECT_NO_THROW(p.reduced.validate());
}

TEST(PdlpPresolve, SlackColumnsComeBackWithTheirRowsDuals) {
  Options o;
  o.tolerance = 1e-8;
  o.presolve_slack_columns = true;
  const Result r = solve(two_products(), o);
  ASSERT_EQ(r.status, Status::optimal);
  EXPECT_EQ(r.presolve_slack_columns, 2);
  const std::vector<double> x = {2.0, 1.0, 1.8, 1.0}, y = {2.0, 1.0, -1.0};
  for (std::size_t j = 0; j < 4; ++j) EXPECT_NEAR(r.x[j], x[j], 1e-6) << j;
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(r.y[i], y[i], 1e-6) << i;
  EXPECT_NEAR(r.primal_objective, -4.6, 1e-6);
  EXPECT_NEAR(r.dual_objective, -4.6, 1e-6);
  EXPECT_NEAR(r.reduced_cost[0], -1.0, 1e-6);
  o.presolve_slack_columns = false;
  const Result kept = solve(two_products(), o);
  ASSERT_EQ(kept.status, Status::optimal);
  EXPECT_EQ(kept.presolve_slack_columns, 0);
  EXPECT_NEAR(kept.primal_objective, -4.6, 1e-6);
}

// min 0.5 x0 - s s.t. r: x0 + s <= 4, 1 <= x0 <= 10, s free. s is r's slack (cost -1, pushed
// up against r's upper bound, no bound of its own): s = 4 - x0, and r becomes free and goes;
// x0 is then an empty column with cost 0.5 + 1 = 1.5, at its lower bound 1. So x = (1, 3),
// objective 0.5 - 3 = -2.5, y_r = -1 (the slack's cost), x0's reduced cost 0.5 + 1 = 1.5; dual
// value 4 * (-1) + 1 * 1.5 = -2.5. Presolve solves it alone.
TEST(PdlpPresolve, SlackColumnWithoutBoundsFreesItsRow) {
  const SparseLp lp = dense_lp({{1, 1}}, {-kInf}, {4.0}, {0.5, -1.0}, {1.0, -kInf}, {10.0, kInf});
  const detail::Presolve p = detail::presolve(lp, true);
  ASSERT_EQ(p.status, Status::optimal);
  EXPECT_EQ(p.reduced.n_rows, 0);
  EXPECT_EQ(p.reduced.n_cols, 0);
  EXPECT_EQ(p.removed_rows, 1);
  Options o;
  o.presolve_slack_columns = true;
  const Result r = solve(lp, o);
  ASSERT_EQ(r.status, Status::optimal);
  EXPECT_DOUBLE_EQ(r.x[0], 1.0);
  EXPECT_DOUBLE_EQ(r.x[1], 3.0);
  EXPECT_DOUBLE_EQ(r.y[0], -1.0);
  EXPECT_DOUBLE_EQ(r.reduced_cost[0], 1.5);
  EXPECT_DOUBLE_EQ(r.primal_objective, -2.5);
  EXPECT_DOUBLE_EQ(r.dual_objective, -2.5);
}

TEST(PdlpMethodChoice, ClpBelow1200RowsPdlpFromThere) {
  static_assert(choose_method(12) == LpMethod::clp);
  EXPECT_EQ(choose_method(0), LpMethod::clp);
  EXPECT_EQ(choose_method(1001), LpMethod::clp);  // the synthetic plan of 10^3 products
  EXPECT_EQ(choose_method(1199), LpMethod::clp);
  EXPECT_EQ(choose_method(1200), LpMethod::pdlp);
  EXPECT_EQ(choose_method(1'000'001), LpMethod::pdlp);
}

}  // namespace
}  // namespace lightind::pdlp
