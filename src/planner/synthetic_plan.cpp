// lightind: the plan LP of a synthetic economy (see synthetic_plan.hpp).
#include "planner/synthetic_plan.hpp"

#include <stdexcept>
#include <vector>

#include <pcg_random.hpp>

#include "planner/leontief.hpp"

namespace lightind::planner {

namespace {
double uniform01(pcg32& rng) { return (static_cast<double>(rng()) + 0.5) * 0x1.0p-32; }
}  // namespace

pdlp::SparseLp synthetic_plan_lp(const SparseEconomy& e, const SyntheticPlanParams& p) {
  const Csr& a = e.a;
  const std::int32_t n = a.rows;
  const auto un = static_cast<std::size_t>(n);
  LeontiefOptions lo;
  lo.tolerance = 1e-12;
  const LeontiefResult xd = solve_leontief(a, e.final_demand, lo);
  if (!xd.converged) throw std::runtime_error("synthetic plan: the Leontief solve x(d) did not converge");

  pcg32 rng(e.seed, 0x91a9'0000ULL + 17);  // a stream of its own, apart from the economy's
  std::vector<double> labour(un), cap(un), weight(un);
  double labour_at_d = 0.0;
  for (std::size_t j = 0; j < un; ++j) {
    labour[j] = 0.5 + 1.5 * uniform01(rng);
    cap[j] = xd.x[j] * (0.6 + 0.9 * uniform01(rng));
    weight[j] = 1.0 + 2.0 * uniform01(rng);
    labour_at_d += labour[j] * xd.x[j];
  }

  pdlp::SparseLp lp;
  lp.n_rows = n + 1;
  lp.n_cols = 2 * n;
  lp.row_ptr.reserve(un + 2);
  lp.col.reserve(static_cast<std::size_t>(a.nnz()) + 3 * un);
  lp.val.reserve(static_cast<std::size_t>(a.nnz()) + 3 * un);
  lp.row_ptr.push_back(0);
  for (std::int32_t i = 0; i < n; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    bool diagonal = false;
    for (auto q = a.ptr[ui]; q < a.ptr[ui + 1]; ++q) {
      const std::int32_t j = a.idx[static_cast<std::size_t>(q)];
      if (!diagonal && j > i) {
        lp.col.push_back(i);
        lp.val.push_back(1.0);
        diagonal = true;
      }
      lp.col.push_back(j);
      lp.val.push_back(j == i ? 1.0 - a.val[static_cast<std::size_t>(q)] : -a.val[static_cast<std::size_t>(q)]);
      diagonal = diagonal || j == i;
    }
    if (!diagonal) {
      lp.col.push_back(i);
      lp.val.push_back(1.0);
    }
    lp.col.push_back(n + i);
    lp.val.push_back(-1.0);
    lp.row_ptr.push_back(static_cast<std::int64_t>(lp.col.size()));
  }
  for (std::int32_t j = 0; j < n; ++j) {
    lp.col.push_back(j);
    lp.val.push_back(labour[static_cast<std::size_t>(j)]);
  }
  lp.row_ptr.push_back(static_cast<std::int64_t>(lp.col.size()));

  lp.obj.assign(2 * un, 0.0);
  lp.col_lo.assign(2 * un, 0.0);
  lp.col_hi.assign(2 * un, pdlp::kInf);
  for (std::size_t j = 0; j < un; ++j) {
    lp.col_hi[j] = cap[j];
    lp.obj[un + j] = -weight[j];
    lp.col_lo[un + j] = p.floor_share * e.final_demand[j];
  }
  lp.row_lo.assign(un + 1, 0.0);
  lp.row_hi.assign(un + 1, pdlp::kInf);
  lp.row_lo[un] = -pdlp::kInf;
  lp.row_hi[un] = p.labour_share * labour_at_d;
  return lp;
}

}  // namespace lightind::planner
