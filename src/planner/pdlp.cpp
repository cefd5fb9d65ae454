// lightind: restarted primal-dual hybrid gradient for LPs (PDLP), from Applegate et al. 2021,
// "Practical large-scale linear programming using primal-dual hybrid gradient" (NeurIPS), with
// the KKT-error restart criteria of Lu and Yang 2023 (cuPDLP.jl). See docs/PLANNER.md,
// "The scalable planner".
//
// Problem: min c.x  s.t.  lo <= K x <= hi,  l <= x <= u. Saddle point:
//   min_x max_y  c.x - y.K x + p(y),   p(y) = sum_i min_{z in [lo_i, hi_i]} y_i z
// (y_i >= 0 where only lo_i is finite, <= 0 where only hi_i is). One PDHG iteration, step eta,
// primal weight w (tau = eta / w, sigma = eta w):
//   x' = proj_[l,u](x - tau (c - K^T y))
//   v  = y - sigma K (2 x' - x),   y' = v + sigma proj_[lo,hi](-v / sigma)     (the prox of -p)
// Adaptive step (the paper's Algorithm 1): with k the iteration count,
//   eta_bar = (w |x'-x|^2 + |y'-y|^2 / w) / (2 |(y'-y).K(x'-x)|),
//   eta_next = min((1 - (k+1)^-0.3) eta_bar, (1 + (k+1)^-0.6) eta); the step is kept when eta <= eta_bar.
// Every `evaluation_period` iterations: termination on the original (unscaled) problem for the
// current iterate and the step-weighted average since the last restart; infeasibility rays from
// the iterates' difference over the period; restart to whichever of the two has the smaller
// KKT error KKT_w(z) = sqrt(w |primal residual|^2 + |dual residual|^2 / w + gap^2) when it fell
// to Options::restart_sufficient (0.2) of the last restart's, or to restart_necessary (0.8)
// and rose since the last check, or when the iterations since the restart reach
// restart_artificial (0.36) of all. At a restart the primal weight moves the share
// primal_weight_smoothing (in logs) to |y - y_restart| / |x - x_restart|.
// Preconditioning: Ruiz equilibration (infinity norm, 10 passes), then Pock-Chambolle (alpha = 1).
//
// The parts, each in its own file with its tests (planner/pdlp.hpp lists them): scaling
// (pdlp_scaling.cpp), termination (pdlp_termination.cpp), restart (pdlp_restart.cpp) and the
// iterations (pdlp_iteration.cpp). This file: the API's checks and entry point.
#include "planner/pdlp.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "lightind/pdlp.hpp"

namespace lightind::pdlp {

const char* to_string(Scheme s) { return s == Scheme::halpern ? "halpern" : "averaged"; }

const char* to_string(Status s) {
  switch (s) {
    case Status::optimal: return "optimal";
    case Status::primal_infeasible: return "primal infeasible";
    case Status::dual_infeasible: return "dual infeasible (unbounded or infeasible)";
    case Status::iteration_limit: return "not converged (iteration limit)";
    case Status::time_limit: return "not converged (time limit)";
    case Status::numerical_error: return "not converged (numerical error)";
  }
  return "?";
}

void SparseLp::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("SparseLp: " + what); };
  if (n_rows < 0 || n_cols < 0) fail("negative size");
  const auto m = static_cast<std::size_t>(n_rows), n = static_cast<std::size_t>(n_cols);
  if (row_ptr.size() != m + 1 || row_ptr.front() != 0) fail("row_ptr must have n_rows + 1 entries starting at 0");
  if (col.size() != val.size() || static_cast<std::int64_t>(val.size()) != row_ptr.back())
    fail("col and val must have row_ptr.back() entries");
  for (std::size_t r = 0; r < m; ++r)
    if (row_ptr[r + 1] < row_ptr[r]) fail(fmt::format("row_ptr decreases at row {}", r));
  for (std::int32_t j : col)
    if (j < 0 || j >= n_cols) fail(fmt::format("column index {} outside 0..{}", j, n_cols - 1));
  for (double v : val)
    if (!std::isfinite(v)) fail("a matrix entry is not finite");
  if (obj.size() != n || col_lo.size() != n || col_hi.size() != n) fail("obj, col_lo, col_hi must have n_cols entries");
  if (row_lo.size() != m || row_hi.size() != m) fail("row_lo, row_hi must have n_rows entries");
  for (std::size_t j = 0; j < n; ++j) {
    if (!std::isfinite(obj[j])) fail(fmt::format("objective of column {} is not finite", j));
    if (std::isnan(col_lo[j]) || std::isnan(col_hi[j]) || col_lo[j] > col_hi[j] || col_lo[j] == kInf ||
        col_hi[j] == -kInf)
      fail(fmt::format("column {} has bounds [{}, {}]", j, col_lo[j], col_hi[j]));
  }
  for (std::size_t r = 0; r < m; ++r)
    if (std::isnan(row_lo[r]) || std::isnan(row_hi[r]) || row_lo[r] > row_hi[r] || row_lo[r] == kInf ||
        row_hi[r] == -kInf)
      fail(fmt::format("row {} has bounds [{}, {}]", r, row_lo[r], row_hi[r]));
}

detail::Csr detail::matrix_of(const SparseLp& lp) { return {lp.n_rows, lp.n_cols, lp.row_ptr, lp.col, lp.val}; }

void Options::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("pdlp: " + what); };
  if (!(tolerance > 0.0)) fail("tolerance must be positive");
  if (evaluation_period < 1) fail("evaluation_period must be at least 1");
  if (!(restart_sufficient > 0.0 && restart_sufficient <= restart_necessary && restart_necessary < 1.0))
    fail(fmt::format("restart thresholds must satisfy 0 < sufficient <= necessary < 1, got sufficient {} and "
                     "necessary {}",
                     restart_sufficient, restart_necessary));
  if (!(restart_artificial > 0.0 && restart_artificial <= 1.0))
    fail(fmt::format("restart_artificial must be in (0, 1], got {}", restart_artificial));
  if (!(reflection > 0.0 && reflection <= 1.0)) fail(fmt::format("reflection must be in (0, 1], got {}", reflection));
  if (dual_ascent_sweeps < 0) fail(fmt::format("dual_ascent_sweeps must be at least 0, got {}", dual_ascent_sweeps));
  if (!(polish_tolerance_factor > 0.0 && polish_tolerance_factor <= 1.0))
    fail(fmt::format("polish_tolerance_factor must be in (0, 1], got {}", polish_tolerance_factor));
  if (!(polish_iteration_share > 0.0 && polish_iteration_share <= 1.0))
    fail(fmt::format("polish_iteration_share must be in (0, 1], got {}", polish_iteration_share));
  if (!(step_safety > 0.0 && step_safety < 1.0)) fail(fmt::format("step_safety must be in (0, 1), got {}", step_safety));
  if (!(halpern_restart_necessary >= restart_sufficient && halpern_restart_necessary < 1.0))
    fail(fmt::format("halpern_restart_necessary must be in [restart_sufficient, 1), got {}", halpern_restart_necessary));
  if (!(std::isfinite(pid_kp) && std::isfinite(pid_ki) && std::isfinite(pid_kd) && pid_decay >= 0.0 &&
        pid_decay <= 1.0))
    fail(fmt::format("the PID gains must be finite and pid_decay in [0, 1], got {}, {}, {} and {}", pid_kp, pid_ki,
                     pid_kd, pid_decay));
}

std::string accuracy_note(const Result& r, double tolerance, Scheme scheme) {
  if (r.status != Status::optimal) return {};
  std::string note;
  if (r.relative_residual_value > 10.0 * tolerance)
    note = fmt::format(
        "note: the residuals are worth {:.2g} of the objective (relative residual value), more than 10 times the "
        "tolerance {:.1g}: the objective may be off by that share or more; a smaller --tolerance{} gives a closer "
        "answer",
        r.relative_residual_value, tolerance, scheme == Scheme::halpern ? "" : " or --scheme halpern");
  if (r.relative_row_residual > 100.0 * tolerance)
    note += fmt::format(
        "{}note: the worst row misses its bound by {:.2g} relative to 1 + |its bound| (in the row's own units when "
        "its bound is 0), more than 100 times the tolerance {:.1g}: the plan's quantities may be off there; "
        "--row-relative holds every row within the tolerance, in more iterations",
        note.empty() ? "" : "\n", r.relative_row_residual, tolerance);
  return note;
}

Result solve(const SparseLp& lp, const Options& options) {
  lp.validate();
  options.validate();
  const auto t0 = std::chrono::steady_clock::now();
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  Result r;
  if (!options.presolve) {
    arena.execute([&] { r = detail::iterate(lp, options, t0); });
    return r;
  }
  const detail::Presolve p = detail::presolve(lp, options.presolve_slack_columns);
  Result reduced;
  reduced.status = p.status;
  detail::Reference ref;
  ref.bound_norm = std::sqrt(detail::bound_norm2(lp.row_lo, lp.row_hi));
  for (const double c : lp.obj) ref.obj_norm += c * c;
  ref.obj_norm = std::sqrt(ref.obj_norm);
  ref.offset = p.offset;
  if (p.status == Status::optimal && (p.reduced.n_rows > 0 || p.reduced.n_cols > 0))
    arena.execute([&] { reduced = detail::iterate(p.reduced, options, t0, &ref); });
  r = detail::postsolve(lp, p, reduced);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace lightind::pdlp
