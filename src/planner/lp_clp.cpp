// lightind: CLP on a SparseLp (see lp_clp.hpp). Compiled with NDEBUG, as Debian builds CLP
// (CMakeLists.txt).
#include "planner/lp_clp.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "planner/pdlp.hpp"
#include "planner/plan_clp.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#include <ClpSolve.hpp>
#pragma GCC diagnostic pop

namespace lightind::planner {

namespace {

double clp_bound(double v) {
  if (v == pdlp::kInf) return COIN_DBL_MAX;
  if (v == -pdlp::kInf) return -COIN_DBL_MAX;
  return v;
}

void load(ClpSimplex& model, const pdlp::SparseLp& lp) {
  lp.validate();
  const auto m = static_cast<std::size_t>(lp.n_rows);
  std::vector<CoinBigIndex> start(m + 1);
  std::vector<int> len(m);
  for (std::size_t i = 0; i <= m; ++i) start[i] = static_cast<CoinBigIndex>(lp.row_ptr[i]);
  for (std::size_t i = 0; i < m; ++i) len[i] = static_cast<int>(lp.row_ptr[i + 1] - lp.row_ptr[i]);
  const CoinPackedMatrix matrix(false, lp.n_cols, lp.n_rows, static_cast<CoinBigIndex>(lp.nnz()), lp.val.data(),
                                lp.col.data(), start.data(), len.data());
  std::vector<double> clo(lp.col_lo.size()), chi(lp.col_hi.size()), rlo(m), rhi(m);
  for (std::size_t j = 0; j < clo.size(); ++j) {
    clo[j] = clp_bound(lp.col_lo[j]);
    chi[j] = clp_bound(lp.col_hi[j]);
  }
  for (std::size_t i = 0; i < m; ++i) {
    rlo[i] = clp_bound(lp.row_lo[i]);
    rhi[i] = clp_bound(lp.row_hi[i]);
  }
  check_clp_input("the LP", lp.obj, lp.val, {&clo, &chi, &rlo, &rhi});
  model.loadProblem(matrix, clo.data(), chi.data(), lp.obj.data(), rlo.data(), rhi.data());
}

}  // namespace

void check_clp_input(const std::string& what, const std::vector<double>& obj, const std::vector<double>& matrix,
                     const std::vector<std::vector<double>*>& bounds, const std::vector<std::string>& col_names) {
  for (size_t j = 0; j < obj.size(); ++j)
    if (!(std::fabs(obj[j]) <= kMaxClpMagnitude))
      throw std::invalid_argument(fmt::format(
          "{}: the cost of column {} is {}, beyond what the LP solver takes (at most {:g} in magnitude)", what,
          j < col_names.size() ? col_names[j] : std::to_string(j), obj[j], kMaxClpMagnitude));
  for (const double v : matrix)
    if (!(std::fabs(v) <= kMaxClpMagnitude))
      throw std::invalid_argument(fmt::format(
          "{}: a constraint coefficient is {}, beyond what the LP solver takes (at most {:g} in magnitude)", what, v,
          kMaxClpMagnitude));
  for (const std::vector<double>* b : bounds)
    for (const double v : *b)
      if (std::isnan(v)) throw std::invalid_argument(what + ": a bound is not a number");
}

namespace {

ClpRun solve_loaded(const pdlp::SparseLp& lp, ClpMethod method, double time_limit_seconds) {
  ClpSimplex model;
  model.setLogLevel(0);
  load(model, lp);
  if (time_limit_seconds > 0.0) model.setMaximumSeconds(time_limit_seconds);
  ClpSolve opts;
  opts.setPresolveType(ClpSolve::presolveOn);
  switch (method) {
    case ClpMethod::dual: opts.setSolveType(ClpSolve::useDual); break;
    case ClpMethod::primal: opts.setSolveType(ClpSolve::usePrimal); break;
    case ClpMethod::barrier: opts.setSolveType(ClpSolve::useBarrier); break;
  }
  const auto t0 = std::chrono::steady_clock::now();
  model.initialSolve(opts);
  ClpRun r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.iterations = model.numberIterations();
  r.objective = model.objectiveValue();
  switch (model.status()) {
    case 0: r.status = plan::Status::optimal; break;
    case 1: r.status = plan::Status::infeasible; break;
    case 2: r.status = plan::Status::unbounded; break;
    default: r.status = plan::Status::error; break;
  }
  r.stopped = model.status() == 3;
  if (r.status == plan::Status::optimal) {
    r.x.assign(model.primalColumnSolution(), model.primalColumnSolution() + lp.n_cols);
    r.y.assign(model.dualRowSolution(), model.dualRowSolution() + lp.n_rows);
  }
  return r;
}

}  // namespace

ClpRun solve_clp(const pdlp::SparseLp& lp, ClpMethod method, double time_limit_seconds, bool slack_presolve) {
  if (!slack_presolve) return solve_loaded(lp, method, time_limit_seconds);
  lp.validate();
  const auto t0 = std::chrono::steady_clock::now();
  const pdlp::detail::Presolve p = pdlp::detail::presolve(lp, true);
  ClpRun r;
  if (p.status == pdlp::Status::primal_infeasible) {
    r.status = plan::Status::infeasible;
  } else if (p.status == pdlp::Status::dual_infeasible) {
    r.status = plan::Status::unbounded;
  } else {
    pdlp::Result reduced;
    reduced.status = pdlp::Status::optimal;
    if (p.reduced.n_cols > 0 && p.reduced.n_rows > 0) {
      const double left = time_limit_seconds > 0.0
                              ? std::max(1e-3, time_limit_seconds - std::chrono::duration<double>(
                                                                        std::chrono::steady_clock::now() - t0).count())
                              : 0.0;
      const ClpRun c = solve_loaded(p.reduced, method, left);
      r.status = c.status;
      r.stopped = c.stopped;
      r.iterations = c.iterations;
      reduced.x = c.x;
      reduced.y = c.y;
      reduced.dual_objective = c.objective;
    } else {
      // Nothing left to solve: presolve fixed or substituted every column (it fixes a column
      // left without rows at the bound its cost points to), so no row is left either.
      r.status = plan::Status::optimal;
      reduced.x.assign(static_cast<std::size_t>(p.reduced.n_cols), 0.0);
      reduced.y.assign(static_cast<std::size_t>(p.reduced.n_rows), 0.0);
    }
    if (r.status == plan::Status::optimal) {
      const pdlp::Result full = pdlp::detail::postsolve(lp, p, reduced);
      r.x = full.x;
      r.y = full.y;
      r.objective = full.primal_objective;
    }
  }
  r.presolve_removed_rows = p.removed_rows;
  r.presolve_removed_cols = p.removed_cols;
  r.presolve_slack_columns = static_cast<int>(p.slacks.size());
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void write_mps(const pdlp::SparseLp& lp, const std::string& path) {
  ClpSimplex model;
  model.setLogLevel(0);
  load(model, lp);
  if (model.writeMps(path.c_str(), 1, 1, 1.0) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace lightind::planner
