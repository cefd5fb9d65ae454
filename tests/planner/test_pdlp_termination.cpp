// PDLP's optimality measures and stopping test (src/planner/pdlp_termination.cpp) on known
// primal-dual pairs of the Wyndor Glass LP, by hand, and its infeasibility certificates on
// one-variable LPs.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "planner/pdlp.hpp"
#include "planner/wyndor.hpp"

namespace lightind::pdlp::detail {
namespace {

/// Wyndor Glass (Hillier and Lieberman): min -3 x1 - 5 x2 s.t. x1 <= 4, 2 x2 <= 12,
/// 3 x1 + 2 x2 <= 18, x >= 0; optimum -36 at (2, 6), duals (0, -1.5, -1). Unscaled (no
/// preconditioning passes), so the scaled and the original measures coincide.
Scaled wyndor() {
  const SparseLp lp = testing::wyndor_lp();
  Options o;
  o.ruiz_iterations = 0;
  o.pock_chambolle = false;
  return precondition(lp, o);
}

/// The measures of (x, y) with K x and K^T y computed.
Measures at(const Scaled& s, const Vec& x, const Vec& y) {
  Vec kx(y.size()), kty(x.size());
  spmv(s.k, x, kx);
  spmv(s.kt, y, kty);
  return measure(s, x, y, kx, kty);
}

constexpr double kBoundNorm = 22.0;  // |(4, 12, 18)| = sqrt(484)
const double kObjNorm = std::sqrt(34.0);

TEST(PdlpTermination, OptimalPairHasNoGapAndNoResiduals) {
  const Scaled s = wyndor();
  const Measures m = at(s, {2.0, 6.0}, {0.0, -1.5, -1.0});
  EXPECT_EQ(m.pobj, -36.0);
  EXPECT_EQ(m.dobj, -36.0);  // 12 (-1.5) + 18 (-1)
  EXPECT_EQ(m.pres2, 0.0);
  EXPECT_EQ(m.dres2, 0.0);   // c - K^T y = (-3, -5) - (-3, -5)
  EXPECT_EQ(m.residual_value, 0.0);
  const Relative r = relative(m, kBoundNorm, kObjNorm, 0.0);
  EXPECT_EQ(r.gap, 0.0);
  EXPECT_TRUE(r.within(1e-12));
  EXPECT_EQ(m.kkt(1.0), 0.0);
}

TEST(PdlpTermination, InfeasiblePrimalByHand) {
  // x = (2, 6.5): K x = (2, 13, 19) exceeds rows 2 and 3 by 1 each; c.x = -38.5 against the
  // dual value -36.
  const Scaled s = wyndor();
  const Measures m = at(s, {2.0, 6.5}, {0.0, -1.5, -1.0});
  EXPECT_EQ(m.pobj, -38.5);
  EXPECT_EQ(m.dobj, -36.0);
  EXPECT_EQ(m.pres2, 2.0);
  EXPECT_EQ(m.dres2, 0.0);
  EXPECT_EQ(m.residual_value, 2.5);  // 1 |-1.5| + 1 |-1|
  const Relative r = relative(m, kBoundNorm, kObjNorm, 0.0);
  EXPECT_DOUBLE_EQ(r.gap, 2.5 / 75.5);               // |-38.5 + 36| / (1 + 38.5 + 36)
  EXPECT_DOUBLE_EQ(r.primal, std::sqrt(2.0) / 23.0);  // / (1 + 22)
  EXPECT_EQ(r.dual, 0.0);
  EXPECT_DOUBLE_EQ(r.value, 2.5 / 75.5);
  EXPECT_DOUBLE_EQ(r.worst(), std::sqrt(2.0) / 23.0);
  EXPECT_FALSE(r.within(0.05));  // the primal residual, 0.0615, is above
  EXPECT_TRUE(r.within(0.07));
  // With the residual value required within a factor of the tolerance: 0.0331 <= 0.5 x 0.07,
  // but not <= 0.4 x 0.07.
  EXPECT_TRUE(relative(m, kBoundNorm, kObjNorm, 0.5).within(0.07));
  EXPECT_FALSE(relative(m, kBoundNorm, kObjNorm, 0.4).within(0.07));
  // KKT error: sqrt(w 2 + 0 + 2.5^2).
  EXPECT_DOUBLE_EQ(m.kkt(2.0), std::sqrt(4.0 + 6.25));
}

TEST(PdlpTermination, WorstRowAgainstItsOwnBoundByHand) {
  // x = (2, 6.5) as above: rows 2 and 3 exceed 12 and 18 by 1 each, so the worst row against
  // its own size is row 2's 1 / (1 + 12) (row 3's is 1 / 19). The L2 measure, sqrt(2) / 23 =
  // 0.0615, hides it.
  const Scaled s = wyndor();
  const Measures m = at(s, {2.0, 6.5}, {0.0, -1.5, -1.0});
  EXPECT_DOUBLE_EQ(m.row_residual, 1.0 / 13.0);
  const Relative plain = relative(m, kBoundNorm, kObjNorm, 0.0);
  EXPECT_DOUBLE_EQ(plain.rows, 1.0 / 13.0);
  EXPECT_TRUE(plain.within(0.07));  // not checked: the L2 residual and the gap pass
  const Relative checked = relative(m, kBoundNorm, kObjNorm, 0.0, true);
  EXPECT_FALSE(checked.within(0.07));  // 0.0769 > 0.07
  EXPECT_TRUE(checked.within(0.08));
  // Feasible rows count 0: at the optimum the worst row is 0.
  EXPECT_EQ(at(s, {2.0, 6.0}, {0.0, -1.5, -1.0}).row_residual, 0.0);
}

TEST(PdlpTermination, WorstRowIsMeasuredInOriginalUnits) {
  // Two rows of one column, 2 x >= 2 and 0.5 x <= 50, at x = 0.5 and x = 101 in turn: the first
  // row misses 2 by 1, 1 / (1 + 2); the second exceeds 50 by 0.5, 0.5 / (1 + 50). Scaled by Ruiz
  // and Pock-Chambolle, the measure must read the same.
  SparseLp lp;
  lp.n_cols = 1;
  lp.n_rows = 2;
  lp.row_ptr = {0, 1, 2};
  lp.col = {0, 0};
  lp.val = {2.0, 0.5};  // 2 x >= 2 and 0.5 x <= 50
  lp.row_lo = {2.0, -kInf};
  lp.row_hi = {kInf, 50.0};
  lp.obj = {1.0};
  lp.col_lo = {-kInf};
  lp.col_hi = {kInf};
  const Scaled s = precondition(lp, Options{});
  for (const auto& [x, worst] : {std::pair{0.5, 1.0 / 3.0}, std::pair{101.0, 0.5 / 51.0}}) {
    const Vec xs{x / s.dc[0]};  // the scaled point of x
    const Measures m = at(s, xs, {0.0, 0.0});
    EXPECT_NEAR(m.row_residual, worst, 1e-15) << "x = " << x;
  }
}

TEST(PdlpTermination, InfeasibleDualByHand) {
  // y = (0, -1, -1): K^T y = (-3, -4), reduced costs (0, -1); column 2 has no upper bound, so
  // -1 is a dual residual. Dual value 12 (-1) + 18 (-1) = -30, gap 6.
  const Scaled s = wyndor();
  const Measures m = at(s, {2.0, 6.0}, {0.0, -1.0, -1.0});
  EXPECT_EQ(m.dobj, -30.0);
  EXPECT_EQ(m.dres2, 1.0);
  EXPECT_EQ(m.residual_value, 6.0);  // |x2| |dual residual 2|
  const Relative r = relative(m, kBoundNorm, kObjNorm, 0.0);
  EXPECT_DOUBLE_EQ(r.dual, 1.0 / (1.0 + kObjNorm));
  EXPECT_DOUBLE_EQ(r.gap, 6.0 / 67.0);
  EXPECT_DOUBLE_EQ(m.kkt(4.0), std::sqrt(0.25 + 36.0));
}

/// One column x (free unless bounded), rows given as (lo, hi) pairs with coefficient 1 each.
Scaled one_column(double cost, double l, double u, const std::vector<std::pair<double, double>>& rows) {
  SparseLp lp;
  lp.n_cols = 1;
  lp.n_rows = static_cast<std::int32_t>(rows.size());
  lp.row_ptr.push_back(0);
  for (const auto& [lo, hi] : rows) {
    lp.col.push_back(0);
    lp.val.push_back(1.0);
    lp.row_ptr.push_back(static_cast<std::int64_t>(lp.col.size()));
    lp.row_lo.push_back(lo);
    lp.row_hi.push_back(hi);
  }
  lp.obj = {cost};
  lp.col_lo = {l};
  lp.col_hi = {u};
  Options o;
  o.ruiz_iterations = 0;
  o.pock_chambolle = false;
  return precondition(lp, o);
}

TEST(PdlpTermination, DualRayCertifiesAnInfeasiblePrimal) {
  // x >= 2 and x <= 1: dy = (1, -1) has value 2 - 1 = 1 > 0 and K^T dy = 0.
  const Scaled s = one_column(0.0, -kInf, kInf, {{2.0, kInf}, {-kInf, 1.0}});
  EXPECT_TRUE(dual_ray(s, {1.0, -1.0}, {0.0}, 1e-8));
  // dy = (1, 0): K^T dy = 1 leaves a reduced cost -1 that a free column cannot hold.
  EXPECT_FALSE(dual_ray(s, {1.0, 0.0}, {1.0}, 1e-8));
  // A ray with non-positive value certifies nothing: dy = (0, -1), value -1.
  EXPECT_FALSE(dual_ray(s, {0.0, -1.0}, {-1.0}, 1e-8));
}

TEST(PdlpTermination, PrimalRayCertifiesAnUnboundedProblem) {
  // min -x s.t. x >= 0 (as a row and a bound): d = 1 lowers the cost and stays feasible.
  const Scaled s = one_column(-1.0, 0.0, kInf, {{0.0, kInf}});
  EXPECT_TRUE(primal_ray(s, {1.0}, {1.0}, 1e-8));
  EXPECT_FALSE(primal_ray(s, {-1.0}, {-1.0}, 1e-8));  // raises the cost, and leaves the bounds
  EXPECT_FALSE(primal_ray(s, {0.0}, {0.0}, 1e-8));    // no move
}

TEST(PdlpTermination, BoundNormTakesTheLargerFiniteBoundOfEachRow) {
  // Rows (-inf, 4], [-5, 3], [1, inf), (-inf, inf): 4^2 + 5^2 + 1^2 + 0.
  EXPECT_EQ(bound_norm2(Vec{-kInf, -5.0, 1.0, -kInf}, Vec{4.0, 3.0, kInf, kInf}), 42.0);
}


/// A two-column LP, unscaled: `rows` of coefficients (each (lo, hi, a1, a2)), columns in [l, u].
Scaled two_columns(const Vec& cost, const Vec& l, const Vec& u, const std::vector<std::array<double, 4>>& rows) {
  SparseLp lp;
  lp.n_cols = 2;
  lp.n_rows = static_cast<std::int32_t>(rows.size());
  lp.row_ptr.push_back(0);
  for (const auto& [lo, hi, a1, a2] : rows) {
    lp.col.push_back(0);
    lp.val.push_back(a1);
    lp.col.push_back(1);
    lp.val.push_back(a2);
    lp.row_ptr.push_back(static_cast<std::int64_t>(lp.col.size()));
    lp.row_lo.push_back(lo);
    lp.row_hi.push_back(hi);
  }
  lp.obj = cost;
  lp.col_lo = l;
  lp.col_hi = u;
  Options o;
  o.ruiz_iterations = 0;
  o.pock_chambolle = false;
  return precondition(lp, o);
}

TEST(PdlpDualAscent, UpperBoundedRowByHand) {
  // min -x1 - x2 s.t. x1 + x2 <= 1, 0 <= x <= 1: optimum -1. At y = 0 the reduced costs are
  // (-1, -1) and the dual value is u . rc = -2. Along y (<= 0, the row has no lower bound) the
  // slope is hi = 1 at -inf and drops by |a| (u - l) = 1 at each column's breakpoint
  // y + rc / a = -1: to 0 at y = -1, the maximiser. There the reduced costs are 0 and the dual
  // value is hi y = -1, the optimum.
  const Scaled s = two_columns({-1.0, -1.0}, {0.0, 0.0}, {1.0, 1.0}, {{-kInf, 1.0, 1.0, 1.0}});
  Vec y{0.0}, kty{0.0, 0.0};
  EXPECT_EQ(measure(s, Vec{0.0, 0.0}, y, Vec{0.0}, kty).dobj, -2.0);
  dual_ascent(s, y, kty, 1);
  EXPECT_EQ(y[0], -1.0);
  EXPECT_EQ(kty, (Vec{-1.0, -1.0}));
  EXPECT_EQ(measure(s, Vec{0.0, 0.0}, y, Vec{0.0}, kty).dobj, -1.0);
}

TEST(PdlpDualAscent, RangedRowAndItsBreakpointAtZeroByHand) {
  // min x1 s.t. 2 <= x1 + x2 <= 3, 0 <= x1 <= 5, 0 <= x2 <= 1: optimum 1 at (1, 1). At y = 0
  // the reduced costs are (1, 0), dual value l . rc = 0. Breakpoints: x2's at 0 (weight 1), the
  // row's at 0 (weight hi - lo = 1), x1's at 1 (weight 5); the slope at -inf is hi + 0 = 3,
  // then 2, 1 after the two at 0, and -4 after y = 1: the maximiser is y = 1. There
  // rc = (0, -1) and the dual value is lo y + u2 rc2 = 2 - 1 = 1, the optimum.
  const Scaled s = two_columns({1.0, 0.0}, {0.0, 0.0}, {5.0, 1.0}, {{2.0, 3.0, 1.0, 1.0}});
  Vec y{0.0}, kty{0.0, 0.0};
  EXPECT_EQ(measure(s, Vec{0.0, 0.0}, y, Vec{0.0}, kty).dobj, 0.0);
  dual_ascent(s, y, kty, 1);
  EXPECT_EQ(y[0], 1.0);
  EXPECT_EQ(measure(s, Vec{0.0, 0.0}, y, Vec{0.0}, kty).dobj, 1.0);
  // A second sweep finds nothing more (y already maximises along the only row).
  dual_ascent(s, y, kty, 1);
  EXPECT_EQ(y[0], 1.0);
}

TEST(PdlpDualAscent, RowsWithAnUnboundedColumnOrNoBoundAreLeftAlone) {
  // Wyndor's columns have no upper bound: no row moves. A free row's dual stays 0.
  const Scaled w = wyndor();
  Vec y{0.0, -1.0, -1.0}, kty(2);
  spmv(w.kt, y, kty);
  const Vec y0 = y, kty0 = kty;
  dual_ascent(w, y, kty, 2);
  EXPECT_EQ(y, y0);
  EXPECT_EQ(kty, kty0);
  const Scaled f = two_columns({-1.0, -1.0}, {0.0, 0.0}, {1.0, 1.0}, {{-kInf, kInf, 1.0, 1.0}});
  Vec yf{0.0}, ktyf{0.0, 0.0};
  dual_ascent(f, yf, ktyf, 1);
  EXPECT_EQ(yf[0], 0.0);
}

}  // namespace
}  // namespace lightind::pdlp::detail
