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
  plan::PlanResult& res = out.plan;
  const auto n = static_cast<std::size_t>(d.n_sectors());
  for (const SectorDesc& s : d.sectors) res.sectors.push_back(s.id);
  res.gross_output.assign(n, 0.0);
  res.final_use.assign(n, 0.0);
  res.investment.assign(n, 0.0);
  res.imports.assign(n, 0.0);
  res.shadow_price.assign(n, 0.0);

  out.pdlp = solve(from_plan_lp(lp), options);
  const Result& r = out.pdlp;
  switch (r.status) {
    case Status::optimal: res.status = plan::Status::optimal; break;
    case Status::primal_infeasible: res.status = plan::Status::infeasible; break;
    case Status::dual_infeasible: res.status = plan::Status::unbounded; break;
    default: res.status = plan::Status::error; break;
  }
  if (res.status != plan::Status::optimal) return out;

  res.objective = -r.primal_objective;  // the LP minimises the negated objective
  res.col_value = r.x;
  res.row_dual.resize(r.y.size());
  for (int i = 0; i < lp.n_rows(); ++i) {
    // As plan::solve: the gain of the maximised objective per unit the row is relaxed.
    const auto ui = static_cast<std::size_t>(i);
    const bool lower_only = lp.row_lo[ui] > -plan::kInf && lp.row_hi[ui] == plan::kInf;
    res.row_dual[ui] = lower_only ? r.y[ui] : -r.y[ui];
  }
  const auto val = [&](int col) { return col >= 0 ? r.x[static_cast<std::size_t>(col)] : 0.0; };
  for (std::size_t i = 0; i < n; ++i) {
    res.gross_output[i] = val(lp.x[i]);
    res.final_use[i] = val(lp.c[i]);
    res.investment[i] = val(lp.k[i]);
    res.imports[i] = val(lp.m[i]);
    res.shadow_price[i] = res.row_dual[static_cast<std::size_t>(lp.balance_row[i])];
  }
  // Binding rows: a first-order solution's duals are approximate; a row counts as binding when
  // its dual is above the tolerance relative to the largest one.
  double ymax = 0.0;
  for (double g : res.row_dual) ymax = std::max(ymax, std::abs(g));
  for (int i = 0; i < lp.n_rows(); ++i) {
    const double g = res.row_dual[static_cast<std::size_t>(i)];
    if (std::abs(g) > std::max(1e-9, options.tolerance * ymax))
      res.binding.push_back({lp.row_labels[static_cast<std::size_t>(i)], lp.row_names[static_cast<std::size_t>(i)], g});
  }
  std::sort(res.binding.begin(), res.binding.end(),
            [](const plan::Binding& a, const plan::Binding& b) { return std::abs(a.dual) > std::abs(b.dual); });
  return out;
}

}  // namespace lightind::pdlp
