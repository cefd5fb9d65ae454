// lightind: PDLP's presolve and postsolve (planner/pdlp.hpp, "Presolve"; issue 16).
//
// The reductions are the classic ones of Andersen & Andersen 1995 ("Presolving in linear
// programming", Math. Programming 71), section 3, each exact (the reduced LP has the same
// optimum, shifted by the removed columns' objective):
//   fixed column   l_j = u_j: x_j = l_j; its entries move into the row bounds (lo_r - a_rj l_j)
//   empty row      lo_r <= 0 <= hi_r: dropped (otherwise the LP is primal infeasible)
//   singleton row  lo_r <= a x_j <= hi_r: a bound on x_j ([lo/a, hi/a], swapped when a < 0)
//   empty column   x_j at the bound its cost points to (0 cost: the bound nearest 0); no such
//                  bound: the LP is dual infeasible (unbounded, or infeasible)
// repeated until none applies (a singleton row may fix its column, which may empty or single
// out other rows). Postsolve (their section 4): removed columns take their values; a singleton
// row's dual is the reduced cost of its column divided by a when x_j sits on the row's implied
// bound with the matching sign (rows undone in reverse order), else 0; empty rows have dual 0.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {

namespace {

bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * (1.0 + std::abs(a) + std::abs(b)); }

}  // namespace

Presolve presolve(const SparseLp& lp, bool slack_columns) {
  Presolve p;
  const auto m = static_cast<std::size_t>(lp.n_rows), n = static_cast<std::size_t>(lp.n_cols);
  const Csr k = matrix_of(lp);
  const Csr kt = transpose(k);
  std::vector<double> lo = lp.row_lo, hi = lp.row_hi, cl = lp.col_lo, cu = lp.col_hi;
  std::vector<char> row_on(m, 1), col_on(n, 1);
  std::vector<std::int64_t> row_count(m), col_count(n);
  for (std::size_t r = 0; r < m; ++r) row_count[r] = k.ptr[r + 1] - k.ptr[r];
  for (std::size_t j = 0; j < n; ++j) col_count[j] = kt.ptr[j + 1] - kt.ptr[j];
  p.x_removed.assign(n, 0.0);
  std::vector<std::size_t> rows_to_check;

  std::vector<double> obj = lp.obj;  // the costs, changed by slack columns
  auto fix_column = [&](std::size_t j, double value) {
    col_on[j] = 0;
    p.x_removed[j] = value;
    p.offset += obj[j] * value;
    ++p.removed_cols;
    for (auto q = kt.ptr[j]; q < kt.ptr[j + 1]; ++q) {
      const auto r = static_cast<std::size_t>(kt.idx[static_cast<std::size_t>(q)]);
      if (!row_on[r]) continue;
      const double a = kt.val[static_cast<std::size_t>(q)];
      lo[r] -= a * value;  // infinite bounds stay infinite
      hi[r] -= a * value;
      --row_count[r];
      rows_to_check.push_back(r);
    }
  };
  auto check_row = [&](std::size_t r) {
    if (!row_on[r] || row_count[r] > 1 || p.status != Status::optimal) return;
    if (row_count[r] == 0) {
      if ((lo[r] > 0.0 && !near(lo[r], 0.0)) || (hi[r] < 0.0 && !near(hi[r], 0.0))) {
        p.status = Status::primal_infeasible;
        return;
      }
      row_on[r] = 0;
      ++p.removed_rows;
      return;
    }
    // The one entry left in an active column.
    std::size_t j = 0;
    double a = 0.0;
    for (auto q = k.ptr[r]; q < k.ptr[r + 1]; ++q)
      if (col_on[static_cast<std::size_t>(k.idx[static_cast<std::size_t>(q)])]) {
        j = static_cast<std::size_t>(k.idx[static_cast<std::size_t>(q)]);
        a = k.val[static_cast<std::size_t>(q)];
      }
    const double l = a > 0.0 ? lo[r] / a : hi[r] / a;
    const double u = a > 0.0 ? hi[r] / a : lo[r] / a;
    p.singletons.push_back({static_cast<std::int32_t>(r), static_cast<std::int32_t>(j), a, l, u});
    row_on[r] = 0;
    ++p.removed_rows;
    --col_count[j];
    cl[j] = std::max(cl[j], l);
    cu[j] = std::min(cu[j], u);
    if (cl[j] > cu[j]) {
      if (!near(cl[j], cu[j])) {
        p.status = Status::primal_infeasible;
        return;
      }
      cu[j] = cl[j];
    }
    if (cl[j] == cu[j]) fix_column(j, cl[j]);
  };

  for (std::size_t j = 0; j < n; ++j)
    if (cl[j] == cu[j]) fix_column(j, cl[j]);
  for (std::size_t r = 0; r < m; ++r) rows_to_check.push_back(r);
  while (!rows_to_check.empty() && p.status == Status::optimal) {
    const std::size_t r = rows_to_check.back();
    rows_to_check.pop_back();
    check_row(r);
  }
  if (p.status != Status::optimal) return p;
  // Slack columns: a column singleton whose cost pushes it, without a bound in that direction,
  // against its row's one finite bound is that row's slack at the optimum; it goes, and the
  // row takes the column's other bound.
  if (slack_columns) {
    std::vector<char> row_used(m, 0);
    for (std::size_t j = 0; j < n; ++j) {
      if (!col_on[j] || col_count[j] != 1 || obj[j] == 0.0) continue;
      std::size_t r = m;
      double a = 0.0;
      for (auto q = kt.ptr[j]; q < kt.ptr[j + 1]; ++q)
        if (row_on[static_cast<std::size_t>(kt.idx[static_cast<std::size_t>(q)])]) {
          r = static_cast<std::size_t>(kt.idx[static_cast<std::size_t>(q)]);
          a = kt.val[static_cast<std::size_t>(q)];
        }
      if (r == m || row_used[r] || a == 0.0) continue;
      const double g = obj[j] / a;  // the cost of a unit of s = a x_j
      const double s_lo = a > 0.0 ? a * cl[j] : a * cu[j];
      const double s_hi = a > 0.0 ? a * cu[j] : a * cl[j];
      double rhs = 0.0, new_lo = -kInf, new_hi = kInf;
      if (g > 0.0 && s_lo == -kInf && lo[r] > -kInf) {  // s falls to lo_r - (the rest of the row)
        rhs = lp.row_lo[r];
        new_lo = s_hi == kInf ? -kInf : lo[r] - s_hi;
        p.offset += g * lo[r];
      } else if (g < 0.0 && s_hi == kInf && hi[r] < kInf) {  // s rises to hi_r - (the rest)
        rhs = lp.row_hi[r];
        new_hi = s_lo == -kInf ? kInf : hi[r] - s_lo;
        p.offset += g * hi[r];
      } else {
        continue;
      }
      for (auto q = k.ptr[r]; q < k.ptr[r + 1]; ++q) {
        const auto c = static_cast<std::size_t>(k.idx[static_cast<std::size_t>(q)]);
        if (c != j && col_on[c]) obj[c] -= g * k.val[static_cast<std::size_t>(q)];
      }
      p.slacks.push_back({static_cast<std::int32_t>(r), static_cast<std::int32_t>(j), a, g, rhs});
      row_used[r] = 1;
      col_on[j] = 0;
      col_count[j] = 0;
      lo[r] = new_lo;
      hi[r] = new_hi;
      if (new_lo == -kInf && new_hi == kInf) {  // a free row: dropped (dual 0 in the reduced LP)
        row_on[r] = 0;
        ++p.removed_rows;
        for (auto q = k.ptr[r]; q < k.ptr[r + 1]; ++q) {
          const auto c = static_cast<std::size_t>(k.idx[static_cast<std::size_t>(q)]);
          if (col_on[c]) --col_count[c];
        }
      }
    }
  }
  // Empty columns: the bound the cost points to.
  for (std::size_t j = 0; j < n; ++j) {
    if (!col_on[j] || col_count[j] != 0) continue;
    const double c = obj[j];
    double v = 0.0;
    if (c > 0.0) v = cl[j];
    else if (c < 0.0) v = cu[j];
    else v = std::clamp(0.0, cl[j], cu[j]);
    if (!std::isfinite(v)) {
      p.status = Status::dual_infeasible;
      return p;
    }
    fix_column(j, v);
  }

  // The reduced LP: active rows and columns in their original order.
  std::vector<std::int32_t> new_col(n, -1);
  for (std::size_t j = 0; j < n; ++j)
    if (col_on[j]) {
      new_col[j] = static_cast<std::int32_t>(p.col_of.size());
      p.col_of.push_back(static_cast<std::int32_t>(j));
    }
  SparseLp& s = p.reduced;
  s.row_ptr.push_back(0);
  for (std::size_t r = 0; r < m; ++r) {
    if (!row_on[r]) continue;
    p.row_of.push_back(static_cast<std::int32_t>(r));
    for (auto q = k.ptr[r]; q < k.ptr[r + 1]; ++q) {
      const auto j = static_cast<std::size_t>(k.idx[static_cast<std::size_t>(q)]);
      if (!col_on[j]) continue;
      s.col.push_back(new_col[j]);
      s.val.push_back(k.val[static_cast<std::size_t>(q)]);
    }
    s.row_ptr.push_back(static_cast<std::int64_t>(s.col.size()));
    s.row_lo.push_back(lo[r]);
    s.row_hi.push_back(hi[r]);
  }
  s.n_rows = static_cast<std::int32_t>(p.row_of.size());
  s.n_cols = static_cast<std::int32_t>(p.col_of.size());
  for (const std::int32_t j : p.col_of) {
    s.obj.push_back(obj[static_cast<std::size_t>(j)]);
    s.col_lo.push_back(cl[static_cast<std::size_t>(j)]);
    s.col_hi.push_back(cu[static_cast<std::size_t>(j)]);
  }
  return p;
}

Result postsolve(const SparseLp& lp, const Presolve& p, const Result& reduced) {
  const auto m = static_cast<std::size_t>(lp.n_rows), n = static_cast<std::size_t>(lp.n_cols);
  Result r = reduced;
  r.x = p.x_removed;
  r.y.assign(m, 0.0);
  if (reduced.x.size() == p.col_of.size())
    for (std::size_t q = 0; q < p.col_of.size(); ++q) r.x[static_cast<std::size_t>(p.col_of[q])] = reduced.x[q];
  if (reduced.y.size() == p.row_of.size())
    for (std::size_t q = 0; q < p.row_of.size(); ++q) r.y[static_cast<std::size_t>(p.row_of[q])] = reduced.y[q];
  // Slack columns, in reverse: x_j = (rhs - the rest of the row) / a, the row's dual g plus
  // the reduced LP's (the latter 0 when the row was dropped as free).
  for (auto it = p.slacks.rbegin(); it != p.slacks.rend(); ++it) {
    const auto i = static_cast<std::size_t>(it->row), j = static_cast<std::size_t>(it->col);
    double rest = 0.0;
    for (auto q = lp.row_ptr[i]; q < lp.row_ptr[i + 1]; ++q) {
      const auto c = static_cast<std::size_t>(lp.col[static_cast<std::size_t>(q)]);
      if (c != j) rest += lp.val[static_cast<std::size_t>(q)] * r.x[c];
    }
    r.x[j] = (it->rhs - rest) / it->a;
    r.y[i] += it->g;
  }
  // Reduced costs c - K^T y with the kept rows' duals; then the singleton rows in reverse.
  std::vector<double> rc = lp.obj;
  for (std::size_t i = 0; i < m; ++i)
    if (r.y[i] != 0.0)
      for (auto q = lp.row_ptr[i]; q < lp.row_ptr[i + 1]; ++q)
        rc[static_cast<std::size_t>(lp.col[static_cast<std::size_t>(q)])] -= lp.val[static_cast<std::size_t>(q)] * r.y[i];
  for (auto it = p.singletons.rbegin(); it != p.singletons.rend(); ++it) {
    const auto j = static_cast<std::size_t>(it->col);
    const double d = rc[j];
    const bool at_lower = d > 0.0 && std::isfinite(it->lo) && near(r.x[j], it->lo);
    const bool at_upper = d < 0.0 && std::isfinite(it->hi) && near(r.x[j], it->hi);
    if (!at_lower && !at_upper) continue;
    const double y = d / it->a;
    r.y[static_cast<std::size_t>(it->row)] = y;
    for (auto q = lp.row_ptr[static_cast<std::size_t>(it->row)]; q < lp.row_ptr[static_cast<std::size_t>(it->row) + 1]; ++q)
      rc[static_cast<std::size_t>(lp.col[static_cast<std::size_t>(q)])] -= lp.val[static_cast<std::size_t>(q)] * y;
  }
  r.reduced_cost.assign(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    // The part of c - K^T y that the column bounds hold (as the solver reports it).
    if ((rc[j] > 0.0 && lp.col_lo[j] > -kInf) || (rc[j] < 0.0 && lp.col_hi[j] < kInf)) r.reduced_cost[j] = rc[j];
  }
  double pobj = 0.0;
  for (std::size_t j = 0; j < n; ++j) pobj += lp.obj[j] * r.x[j];
  r.primal_objective = pobj;
  r.dual_objective = reduced.dual_objective + p.offset;
  r.relative_gap = std::abs(r.primal_objective - r.dual_objective) /
                   (1.0 + std::abs(r.primal_objective) + std::abs(r.dual_objective));
  r.presolve_removed_rows = p.removed_rows;
  r.presolve_removed_cols = p.removed_cols;
  r.presolve_slack_columns = static_cast<int>(p.slacks.size());
  return r;
}

}  // namespace lightind::pdlp::detail
