// lightind: the plan LP of a synthetic product-level economy (issue 4, "Scale"), the problem on
// which CLP, the scalable planner (PDLP) and GLPK are compared (docs/PLANNER.md).
//
// For an economy (A, d) from generate_economy, with N products:
//   columns  x_j (gross output, 0 <= x_j <= cap_j),  c_j (final consumption, c_j >= phi d_j)
//   rows     bal_i:   x_i - sum_j a_ij x_j - c_i >= 0            (i = 0 .. N-1, goods balance)
//            labour:  sum_j l_j x_j <= L
//   maximise sum_j w_j c_j   (stated as the minimisation of -w . c)
// with x(d) = (I - A)^-1 d (Gauss-Seidel to 1e-12), and per product, from a pcg32 stream of
// the seed: labour per unit l_j in [0.5, 2], capacity cap_j = x(d)_j (0.6 + 0.9 u), weight
// w_j in [1, 3]; the floors are phi = 0.3 of final demand and the labour force L = 0.8 l . x(d).
// The floors' plan x = phi x(d) fits within the capacities (phi < 0.6) and uses phi / 0.8 of
// the labour force, so the LP is feasible; the labour force binds at the optimum.
#pragma once

#include <cstdint>

#include "lightind/pdlp.hpp"
#include "planner/sparse_economy.hpp"

namespace lightind::planner {

struct SyntheticPlanParams {
  double floor_share = 0.3;   ///< phi: consumption floors as a share of final demand
  double labour_share = 0.8;  ///< L as a share of the labour needed for x(d)
};

/// Columns 0 .. N-1 are x, N .. 2N-1 are c; rows 0 .. N-1 are the balances, row N labour.
/// Deterministic for the economy and its seed. Throws std::runtime_error when the Leontief
/// solve does not converge.
[[nodiscard]] pdlp::SparseLp synthetic_plan_lp(const SparseEconomy& e, const SyntheticPlanParams& p = {});

}  // namespace lightind::planner
