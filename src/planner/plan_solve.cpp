// lightind: solving the plan LP with COIN-OR CLP, and explaining infeasible plans by an
// elastic relaxation (docs/PLANNER.md, "Infeasible plans").
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lightind/plan.hpp"
#include "planner/lp_clp.hpp"
#include "planner/plan_clp.hpp"

namespace lightind::plan {

const char* to_string(Status s) {
  switch (s) {
    case Status::optimal: return "optimal";
    case Status::infeasible: return "infeasible";
    case Status::unbounded: return "unbounded";
    case Status::error: return "error";
  }
  return "?";
}

namespace {

double clp_bound(double v) {
  if (v == kInf) return COIN_DBL_MAX;
  if (v == -kInf) return -COIN_DBL_MAX;
  return v;
}

double scale_of(const std::vector<double>& v, int i) {
  return static_cast<size_t>(i) < v.size() ? v[static_cast<size_t>(i)] : 1.0;
}

/// Loads `lp` into a CLP model (names included); `scaled`: column j as x_j / col_scale_j and
/// row r divided by row_scale_r, so that the solver sees magnitudes near 1.
void load(ClpSimplex& model, const Lp& lp, bool scaled) {
  const auto cs = [&](int j) { return scaled ? scale_of(lp.col_scale, j) : 1.0; };
  const auto rs = [&](int r) { return scaled ? scale_of(lp.row_scale, r) : 1.0; };
  std::vector<double> val(lp.a_val.size());
  for (size_t t = 0; t < val.size(); ++t) val[t] = lp.a_val[t] * cs(lp.a_col[t]) / rs(lp.a_row[t]);
  CoinPackedMatrix matrix(true, lp.a_row.data(), lp.a_col.data(), val.data(), static_cast<CoinBigIndex>(val.size()));
  // The triplet constructor sizes the matrix by the largest index; force the full shape.
  matrix.setDimensions(lp.n_rows(), lp.n_cols());
  std::vector<double> clo(lp.col_lo.size()), chi(lp.col_hi.size()), obj(lp.obj.size()), rlo(lp.row_lo.size()),
      rhi(lp.row_hi.size());
  for (int j = 0; j < lp.n_cols(); ++j) {
    const auto uj = static_cast<size_t>(j);
    clo[uj] = clp_bound(lp.col_lo[uj] / cs(j));
    chi[uj] = clp_bound(lp.col_hi[uj] / cs(j));
    obj[uj] = lp.obj[uj] * cs(j);
  }
  for (int r = 0; r < lp.n_rows(); ++r) {
    const auto ur = static_cast<size_t>(r);
    rlo[ur] = clp_bound(lp.row_lo[ur] / rs(r));
    rhi[ur] = clp_bound(lp.row_hi[ur] / rs(r));
  }
  planner::check_clp_input("the plan LP", obj, val, {&clo, &chi, &rlo, &rhi}, lp.col_names);
  model.loadProblem(matrix, clo.data(), chi.data(), obj.data(), rlo.data(), rhi.data());
  std::vector<std::string> rows = lp.row_names, cols = lp.col_names;
  model.copyNames(rows, cols);
}

struct Raw {
  Status status = Status::error;
  double objective = 0.0;
  std::vector<double> col, dual;
};

Raw run_clp(const Lp& lp) {
  ClpSimplex model;
  model.setLogLevel(0);
  load(model, lp, true);
  model.dual();
  if (model.status() != 0 && model.status() != 1 && model.status() != 2) model.primal();  // stopped: try again
  Raw r;
  switch (model.status()) {
    case 0: r.status = Status::optimal; break;
    case 1: r.status = Status::infeasible; break;
    case 2: r.status = Status::unbounded; break;
    default: r.status = Status::error; break;
  }
  r.objective = model.objectiveValue();
  const double* c = model.primalColumnSolution();
  const double* y = model.dualRowSolution();
  r.col.resize(static_cast<size_t>(lp.n_cols()));
  r.dual.resize(static_cast<size_t>(lp.n_rows()));
  for (int j = 0; j < lp.n_cols(); ++j) r.col[static_cast<size_t>(j)] = c[j] * scale_of(lp.col_scale, j);
  for (int i = 0; i < lp.n_rows(); ++i) r.dual[static_cast<size_t>(i)] = y[i] / scale_of(lp.row_scale, i);
  return r;
}

/// CLP's row dual (for the minimisation) as the gain of the maximised objective per unit the
/// row is relaxed: lowering a lower bound (>= rows) or raising an upper bound (<= and = rows).
double gain(const Lp& lp, int r, double y) {
  const auto ur = static_cast<size_t>(r);
  const bool lower_only = lp.row_lo[ur] > -kInf && lp.row_hi[ur] == kInf;
  return lower_only ? y : -y;
}

bool relaxable(RowKind k) { return k != RowKind::balance && k != RowKind::imports; }

void elastic(const Lp& lp, PlanResult& res) {
  // One non-negative slack per relaxable row, measured relative to max(1, |bound|) (its
  // coefficient is that scale, its cost 1, which keeps the costs well above CLP's dual
  // tolerance): the relaxation minimises the sum of relative violations. Goods balances and
  // import definitions are accounting identities and stay hard.
  Lp e = lp;
  std::fill(e.obj.begin(), e.obj.end(), 0.0);
  std::vector<int> slack(static_cast<size_t>(lp.n_rows()), -1);
  std::vector<double> scale(static_cast<size_t>(lp.n_rows()), 1.0);
  for (int r = 0; r < lp.n_rows(); ++r) {
    const auto ur = static_cast<size_t>(r);
    if (!relaxable(lp.row_kinds[ur])) continue;
    const bool lower = lp.row_lo[ur] > -kInf;
    const double bound = lower ? lp.row_lo[ur] : lp.row_hi[ur];
    scale[ur] = std::max(1.0, std::abs(bound));
    slack[ur] = e.add_col("s_" + lp.row_names[ur], 0.0, kInf, 1.0);
    e.add(r, slack[ur], lower ? scale[ur] : -scale[ur]);
  }
  const Raw raw = run_clp(e);
  if (raw.status != Status::optimal) return;
  for (int r = 0; r < lp.n_rows(); ++r) {
    const auto ur = static_cast<size_t>(r);
    if (slack[ur] < 0) continue;
    const double s = raw.col[static_cast<size_t>(slack[ur])];  // relative violation
    if (s > 1e-7) {
      Violation v;
      v.name = lp.row_labels[ur];
      v.row = lp.row_names[ur];
      v.amount = s * scale[ur];
      v.relative = s;
      v.lower = lp.row_lo[ur] > -kInf;
      res.violations.push_back(v);
    }
  }
  std::sort(res.violations.begin(), res.violations.end(),
            [](const Violation& a, const Violation& b) { return a.relative > b.relative; });
  // Rows that hold the relaxed plan where it is: tight, unrelaxed, with a non-zero dual.
  for (int r = 0; r < lp.n_rows(); ++r) {
    const auto ur = static_cast<size_t>(r);
    if (lp.row_kinds[ur] == RowKind::imports) continue;
    if (slack[ur] >= 0 && raw.col[static_cast<size_t>(slack[ur])] > 1e-7) continue;
    const double g = gain(lp, r, raw.dual[ur]);
    if (std::abs(g) > 1e-12) res.elastic_binding.push_back({lp.row_labels[ur], lp.row_names[ur], g});
  }
  std::sort(res.elastic_binding.begin(), res.elastic_binding.end(),
            [](const Binding& a, const Binding& b) { return std::abs(a.dual) > std::abs(b.dual); });
}

}  // namespace

PlanResult empty_result(const Description& d) {
  PlanResult res;
  const auto n = static_cast<size_t>(d.n_sectors());
  for (const SectorDesc& s : d.sectors) res.sectors.push_back(s.id);
  for (auto* v : {&res.gross_output, &res.final_use, &res.investment, &res.imports, &res.shadow_price,
                  &res.capital_allocation, &res.horizon_output, &res.target_shortfall})
    v->assign(n, 0.0);
  return res;
}

PlanResult read_solution(const Lp& lp, const Description& d, double objective_min, std::vector<double> cols,
                         const std::vector<double>& duals, double binding_floor) {
  PlanResult res = empty_result(d);
  res.status = Status::optimal;
  res.objective = -objective_min;  // the LP minimises the negated objective
  res.col_value = std::move(cols);
  res.row_dual.resize(duals.size());
  for (int r = 0; r < lp.n_rows(); ++r)
    res.row_dual[static_cast<size_t>(r)] = gain(lp, r, duals[static_cast<size_t>(r)]);
  const auto val = [&](int col) { return col >= 0 ? res.col_value[static_cast<size_t>(col)] : 0.0; };
  for (size_t i = 0; i < res.sectors.size(); ++i) {
    res.gross_output[i] = val(lp.x[i]);
    res.final_use[i] = val(lp.c[i]);
    res.investment[i] = val(lp.k[i]);
    res.imports[i] = val(lp.m[i]);
    res.shadow_price[i] = res.row_dual[static_cast<size_t>(lp.balance_row[i])];
    if (i < lp.z.size()) {
      res.capital_allocation[i] = val(lp.z[i]);
      for (int col : lp.z_step[i]) res.capital_allocation[i] += val(col);
      res.horizon_output[i] = val(lp.x2[i]);
      res.target_shortfall[i] = val(lp.u[i]);
    }
  }
  for (int r = 0; r < lp.n_rows(); ++r) {
    const double g = res.row_dual[static_cast<size_t>(r)];
    if (std::abs(g) > binding_floor)
      res.binding.push_back({lp.row_labels[static_cast<size_t>(r)], lp.row_names[static_cast<size_t>(r)], g});
  }
  std::sort(res.binding.begin(), res.binding.end(),
            [](const Binding& a, const Binding& b) { return std::abs(a.dual) > std::abs(b.dual); });
  return res;
}

PlanResult solve(const Lp& lp, const Description& d) {
  const Raw raw = run_clp(lp);
  if (raw.status == Status::optimal) return read_solution(lp, d, raw.objective, raw.col, raw.dual);
  PlanResult res = empty_result(d);
  res.status = raw.status;
  if (raw.status == Status::infeasible) elastic(lp, res);
  return res;
}

void write_mps(const Lp& lp, const std::string& path) {
  ClpSimplex model;
  model.setLogLevel(0);
  load(model, lp, false);
  // formatType 1: extra accuracy; objSense 1: the file states minimisation of -objective.
  if (model.writeMps(path.c_str(), 1, 1, 1.0) != 0) throw std::runtime_error("cannot write " + path);
}

std::string plan_csv(const PlanResult& r) {
  std::string out = "sector,quantity,value\n";
  const std::pair<const char*, const std::vector<double>*> qs[] = {
      {"gross_output", &r.gross_output}, {"final_use", &r.final_use},     {"investment", &r.investment},
      {"imports", &r.imports},           {"shadow_price", &r.shadow_price}};
  for (size_t i = 0; i < r.sectors.size(); ++i)
    for (const auto& [q, v] : qs) out += fmt::format("{},{},{:.12g}\n", r.sectors[i], q, (*v)[i]);
  return out;
}

}  // namespace lightind::plan
