// lightind: PDLP's diagonal preconditioning (see planner/pdlp.hpp, "Scaling"): Ruiz
// equilibration in the infinity norm (Ruiz 2001, "A scaling algorithm to equilibrate both rows
// and columns norms in matrices"), then one Pock-Chambolle pass with alpha = 1 (Pock and
// Chambolle 2011, "Diagonal preconditioning for first order primal-dual algorithms"), as in
// Applegate et al. 2021, section 3.
#include <algorithm>
#include <cmath>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {

void equilibrate(Csr& k, Vec& dr, Vec& dc, bool sums) {
  const auto m = static_cast<std::size_t>(k.rows), n = static_cast<std::size_t>(k.cols);
  // rs, cs: the rows' and columns' infinity norms (Ruiz) or absolute sums (Pock-Chambolle).
  Vec rs(m, 0.0), cs(n, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (auto p = k.ptr[i]; p < k.ptr[i + 1]; ++p) {
      const double a = std::abs(k.val[static_cast<std::size_t>(p)]);
      const auto j = static_cast<std::size_t>(k.idx[static_cast<std::size_t>(p)]);
      if (sums) {
        rs[i] += a;
        cs[j] += a;
      } else {
        rs[i] = std::max(rs[i], a);
        cs[j] = std::max(cs[j], a);
      }
    }
  for (double& v : rs) v = v > 0.0 ? 1.0 / std::sqrt(v) : 1.0;
  for (double& v : cs) v = v > 0.0 ? 1.0 / std::sqrt(v) : 1.0;
  for (std::size_t i = 0; i < m; ++i) {
    dr[i] *= rs[i];
    for (auto p = k.ptr[i]; p < k.ptr[i + 1]; ++p)
      k.val[static_cast<std::size_t>(p)] *= rs[i] * cs[static_cast<std::size_t>(k.idx[static_cast<std::size_t>(p)])];
  }
  for (std::size_t j = 0; j < n; ++j) dc[j] *= cs[j];
}

Scaled precondition(const SparseLp& lp, const Options& options) {
  Scaled s;
  const auto m = static_cast<std::size_t>(lp.n_rows), n = static_cast<std::size_t>(lp.n_cols);
  s.k = matrix_of(lp);
  s.dr.assign(m, 1.0);
  s.dc.assign(n, 1.0);
  for (int it = 0; it < options.ruiz_iterations; ++it) equilibrate(s.k, s.dr, s.dc, false);
  if (options.pock_chambolle) equilibrate(s.k, s.dr, s.dc, true);
  s.kt = transpose(s.k);
  s.c.resize(n);
  s.l.resize(n);
  s.u.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    s.c[j] = lp.obj[j] * s.dc[j];
    s.l[j] = lp.col_lo[j] / s.dc[j];
    s.u[j] = lp.col_hi[j] / s.dc[j];
  }
  s.lo.resize(m);
  s.hi.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    s.lo[i] = lp.row_lo[i] * s.dr[i];
    s.hi[i] = lp.row_hi[i] * s.dr[i];
  }
  return s;
}

}  // namespace lightind::pdlp::detail
