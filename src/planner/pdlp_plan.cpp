// lightind: the scenario's plan LP (plan::Lp) solved by PDLP, reported like CLP's solution.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "lightind/pdlp.hpp"

namespace lightind::pdlp {

SparseLp from_plan_lp(const plan::Lp& lp) {
  SparseLp s;
  s.n_rows = lp.n_rows();
  s.n_cols = lp.n_cols();
  const auto m = static_cast<std::size_t>(s.n_rows);
  // Count, place, then sort each row by column and sum duplicates.
  std::vector<std::int64_t> ptr(m + 1, 0);
  for (int r : lp.a_row) ++ptr[static_cast<std::size_t>(r) + 1];
  for (std::size_t i = 0; i < m; ++i) ptr[i + 1] += ptr[i];
  std::vector<std::pair<std::int32_t, double>> entries(lp.a_val.size());
  std::vector<std::int64_t> next(ptr.begin(), ptr.end() - 1);
  for (std::size_t t = 0; t < lp.a_val.size(); ++t)
    entries[static_cast<std::size_t>(next[static_cast<std::size_t>(lp.a_row[t])]++)] = {lp.a_col[t], lp.a_val[t]};
  s.row_ptr.assign(m + 1, 0);
  for (std::size_t i = 0; i < m; ++i) {
    auto b = entries.begin() + ptr[i], e = entries.begin() + ptr[i + 1];
    std::sort(b, e, [](const auto& a, const auto& c) { return a.first < c.first; });
    for (auto it = b; it != e; ++it) {
      if (!s.col.empty() && static_cast<std::int64_t>(s.col.size()) > s.row_ptr[i] && s.col.back() == it->first) {
        s.val.back() += it->second;
      } else {
        s.col.push_back(it->first);
        s.val.push_back(it->second);
      }
    }
    s.row_ptr[i + 1] = static_cast<std::int64_t>(s.col.size());
  }
  s.obj = lp.obj;
  s.col_lo = lp.col_lo;
  s.col_hi = lp.col_hi;
  s.row_lo = lp.row_lo;
  s.row_hi = lp.row_hi;
  return s;
}

PlanPdlpResult solve_plan(const plan::Lp& lp, const Description& d, const Options& options) {
  PlanPdlpResult out;
  out.pdlp = solve(from_plan_lp(lp), options);
  const Result& r = out.pdlp;
  if (r.status != Status::optimal) {
    out.plan = plan::empty_result(d);
    switch (r.status) {
      case Status::primal_infeasible: out.plan.status = plan::Status::infeasible; break;
      case Status::dual_infeasible: out.plan.status = plan::Status::unbounded; break;
      default: out.plan.status = plan::Status::error; break;
    }
    return out;
  }
  // Binding rows: a first-order solution's duals are approximate; a row counts as binding when
  // its dual is above the tolerance relative to the largest one.
  double ymax = 0.0;
  for (double y : r.y) ymax = std::max(ymax, std::abs(y));
  out.plan = plan::read_solution(lp, d, r.primal_objective, r.x, r.y, std::max(1e-9, options.tolerance * ymax));
  return out;
}

}  // namespace lightind::pdlp
