// Hillier and Lieberman's Wyndor Glass LP, shared by the PDLP tests.
#pragma once

#include "lightind/pdlp.hpp"

namespace lightind::testing {

/// Wyndor Glass as a minimisation: min -3 x1 - 5 x2 s.t. x1 <= 4, 2 x2 <= 12, 3 x1 + 2 x2 <= 18,
/// x >= 0. Optimum -36 at (2, 6); duals (0, -1.5, -1), shadow prices (0, 1.5, 1).
inline pdlp::SparseLp wyndor_lp() {
  constexpr double inf = pdlp::kInf;
  pdlp::SparseLp lp;
  lp.n_rows = 3;
  lp.n_cols = 2;
  lp.row_ptr = {0, 1, 2, 4};
  lp.col = {0, 1, 0, 1};
  lp.val = {1.0, 2.0, 3.0, 2.0};
  lp.obj = {-3.0, -5.0};
  lp.col_lo = {0.0, 0.0};
  lp.col_hi = {inf, inf};
  lp.row_lo = {-inf, -inf, -inf};
  lp.row_hi = {4.0, 12.0, 18.0};
  return lp;
}

}  // namespace lightind::testing
