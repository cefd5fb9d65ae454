// PDLP's preconditioning (src/planner/pdlp_scaling.cpp) against hand-computed values: Ruiz
// equilibration of 2x2 matrices, the Pock-Chambolle pass, and the bounds and costs scaled to
// match.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {
namespace {

/// A 2x2 LP with matrix [[k00, k01], [k10, k11]] (zeros left out), costs (3, 4), columns
/// [0, 5] and [-1, inf), rows [1, 2] and (-inf, 6].
SparseLp two_by_two(double k00, double k01, double k10, double k11) {
  SparseLp lp;
  lp.n_rows = lp.n_cols = 2;
  lp.row_ptr.push_back(0);
  for (const auto& row : {std::vector<double>{k00, k01}, std::vector<double>{k10, k11}}) {
    for (std::int32_t j = 0; j < 2; ++j)
      if (row[static_cast<std::size_t>(j)] != 0.0) {
        lp.col.push_back(j);
        lp.val.push_back(row[static_cast<std::size_t>(j)]);
      }
    lp.row_ptr.push_back(static_cast<std::int64_t>(lp.col.size()));
  }
  lp.obj = {3.0, 4.0};
  lp.col_lo = {0.0, -1.0};
  lp.col_hi = {5.0, kInf};
  lp.row_lo = {1.0, -kInf};
  lp.row_hi = {2.0, 6.0};
  return lp;
}

Options ruiz_only() {
  Options o;
  o.pock_chambolle = false;
  return o;
}

TEST(PdlpScaling, RuizOfANonSymmetric2x2ByHand) {
  // K = [[2, 8], [0.5, 0]]. Pass 1: row norms 8, 0.5 and column norms 2, 8 give D_r = (1/sqrt 8,
  // sqrt 2), D_c = (1/sqrt 2, 1/sqrt 8) and K~ = [[0.5, 1], [0.5, 0]]. Pass 2: row norms 1, 0.5,
  // column norms 0.5, 1: D_r *= (1, sqrt 2), D_c *= (sqrt 2, 1), K~ = [[1/sqrt 2, 1], [1, 0]],
  // whose rows and columns all have norm 1, so later passes change nothing.
  const Scaled s = precondition(two_by_two(2, 8, 0.5, 0), ruiz_only());
  EXPECT_NEAR(s.dr[0], 1.0 / std::sqrt(8.0), 1e-15);
  EXPECT_NEAR(s.dr[1], 2.0, 1e-15);
  EXPECT_NEAR(s.dc[0], 1.0, 1e-15);
  EXPECT_NEAR(s.dc[1], 1.0 / std::sqrt(8.0), 1e-15);
  ASSERT_EQ(s.k.val.size(), 3u);
  EXPECT_NEAR(s.k.val[0], 1.0 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(s.k.val[1], 1.0, 1e-15);
  EXPECT_NEAR(s.k.val[2], 1.0, 1e-15);
  // The transpose holds the same entries by column: [[1/sqrt 2, 1], [1, 0]].
  EXPECT_EQ(s.kt.ptr, (std::vector<std::int64_t>{0, 2, 3}));
  EXPECT_EQ(s.kt.idx, (std::vector<std::int32_t>{0, 1, 0}));
  EXPECT_EQ(s.kt.val[2], s.k.val[1]);
  // c~ = D_c c, bounds on x~ = x / D_c, row bounds D_r lo, D_r hi.
  EXPECT_NEAR(s.c[0], 3.0, 1e-15);
  EXPECT_NEAR(s.c[1], 4.0 / std::sqrt(8.0), 1e-15);
  EXPECT_EQ(s.l[0], 0.0);
  EXPECT_NEAR(s.u[0], 5.0, 1e-15);
  EXPECT_NEAR(s.l[1], -std::sqrt(8.0), 1e-14);
  EXPECT_EQ(s.u[1], kInf);
  EXPECT_NEAR(s.lo[0], 1.0 / std::sqrt(8.0), 1e-15);
  EXPECT_NEAR(s.hi[0], 2.0 / std::sqrt(8.0), 1e-15);
  EXPECT_EQ(s.lo[1], -kInf);
  EXPECT_NEAR(s.hi[1], 12.0, 1e-14);
}

TEST(PdlpScaling, OneRuizPassThenPockChambolleByHand) {
  // K = [[4, 1], [1, 1]]: one Ruiz pass, D_r = D_c = (1/2, 1), K~ = [[1, 1/2], [1/2, 1]]; then
  // Pock-Chambolle (alpha = 1): every row and column sums to 3/2, so everything is divided by
  // sqrt(3/2) on both sides: K~ = [[2/3, 1/3], [1/3, 2/3]], D = (1/2, 1) / sqrt(3/2).
  Options o;
  o.ruiz_iterations = 1;
  const Scaled s = precondition(two_by_two(4, 1, 1, 1), o);
  const double f = 1.0 / std::sqrt(1.5);
  EXPECT_NEAR(s.dr[0], 0.5 * f, 1e-15);
  EXPECT_NEAR(s.dr[1], f, 1e-15);
  EXPECT_NEAR(s.dc[0], 0.5 * f, 1e-15);
  EXPECT_NEAR(s.dc[1], f, 1e-15);
  ASSERT_EQ(s.k.val.size(), 4u);
  EXPECT_NEAR(s.k.val[0], 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(s.k.val[1], 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(s.k.val[2], 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(s.k.val[3], 2.0 / 3.0, 1e-15);
  // Always K~ = D_r K D_c.
  EXPECT_NEAR(s.k.val[1], s.dr[0] * 1.0 * s.dc[1], 1e-15);
}

TEST(PdlpScaling, NoPassesLeaveTheProblemAsItIs) {
  Options o = ruiz_only();
  o.ruiz_iterations = 0;
  const SparseLp lp = two_by_two(2, 8, 0.5, 0);
  const Scaled s = precondition(lp, o);
  EXPECT_EQ(s.k.val, lp.val);
  EXPECT_EQ(s.dr, (Vec{1.0, 1.0}));
  EXPECT_EQ(s.dc, (Vec{1.0, 1.0}));
  EXPECT_EQ(s.c, lp.obj);
  EXPECT_EQ(s.hi, lp.row_hi);
}

TEST(PdlpScaling, AnEmptyRowOrColumnIsLeftAlone) {
  // K = [[0, 0], [0, 4]]: row 0 and column 0 are empty and keep factor 1; the entry 4 becomes 1.
  Csr k;
  k.rows = k.cols = 2;
  k.ptr = {0, 0, 1};
  k.idx = {1};
  k.val = {4.0};
  Vec dr(2, 1.0), dc(2, 1.0);
  equilibrate(k, dr, dc, false);
  EXPECT_EQ(dr, (Vec{1.0, 0.5}));
  EXPECT_EQ(dc, (Vec{1.0, 0.5}));
  EXPECT_EQ(k.val, (Vec{1.0}));
}

}  // namespace
}  // namespace lightind::pdlp::detail
