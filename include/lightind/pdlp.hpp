// lightind: the scalable planner, a restarted primal-dual hybrid gradient LP solver (PDLP,
// Applegate et al. 2021, "Practical large-scale linear programming using primal-dual hybrid
// gradient"), written here from the published description (docs/PLANNER.md, "The scalable
// planner").
//
// It solves   minimise obj . x   subject to   row_lo <= K x <= row_hi,   col_lo <= x <= col_hi
// with K in compressed sparse rows, by PDHG iterations (one K x and one K^T y each) with
// diagonal preconditioning (Ruiz, then Pock-Chambolle), an adaptive step size, adaptive
// restarts to the average or the current iterate, and primal-weight updates. It reports its own
// optimality measures (relative primal residual, dual residual and duality gap) and stops when
// all three are within the tolerance. Results do not depend on the thread count: every
// reduction sums fixed blocks in a fixed order.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "lightind/plan.hpp"

namespace lightind::pdlp {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// An LP in compressed sparse rows: minimise obj . x s.t. row_lo <= K x <= row_hi, col_lo <= x <= col_hi.
/// Bounds may be infinite (kInf / -kInf). Row r's entries are col[row_ptr[r] .. row_ptr[r + 1]).
struct SparseLp {
  std::int32_t n_rows = 0, n_cols = 0;
  std::vector<std::int64_t> row_ptr;  ///< n_rows + 1 offsets
  std::vector<std::int32_t> col;      ///< column of each entry
  std::vector<double> val;            ///< value of each entry
  std::vector<double> obj, col_lo, col_hi;
  std::vector<double> row_lo, row_hi;

  [[nodiscard]] std::int64_t nnz() const { return static_cast<std::int64_t>(val.size()); }
  /// Throws std::invalid_argument when the arrays' sizes or indices are inconsistent, or a
  /// bound is NaN or a lower bound exceeds its upper bound.
  void validate() const;
};

/// The plan LP's triplets as compressed sparse rows (duplicate entries are summed).
[[nodiscard]] SparseLp from_plan_lp(const plan::Lp& lp);

/// The iteration scheme (docs/PLANNER.md, "Two iteration schemes"):
/// - averaged: restarted PDHG with the adaptive step size, over-relaxation, restarts to the
///   step-weighted average or the current iterate on KKT-error decay (Applegate et al. 2021;
///   Lu & Yang 2023, cuPDLP.jl);
/// - halpern: restarted Halpern PDHG with reflection (Lu & Yang 2024, "Restarted Halpern PDHG
///   for linear programming"; Lu, Peng & Yang 2025, cuPDLPx): a constant step
///   0.998 / ||K~||_2, each iterate a weighted mean of the reflected PDHG step and the epoch's
///   anchor, restarts on the decay of the fixed-point error, the primal weight set by a PID
///   controller at each restart.
enum class Scheme { averaged, halpern };
const char* to_string(Scheme s);

struct Options {
  /// Stop when the relative primal residual, dual residual and duality gap are all at most this
  /// (see Result). 3e-5, not 1e-4: at 1e-4 a synthetic plan of 10^3 products stopped 0.16 %
  /// above the optimum (the primal residual is measured against the norm of all row bounds);
  /// at 3e-5 every tested LP was within 0.02 % of CLP's objective (docs/PLANNER.md).
  double tolerance = 3e-5;
  /// Declare infeasibility when a ray certificate's relative violation is at most this.
  double infeasibility_tolerance = 1e-8;
  std::int64_t max_iterations = 1'000'000;
  double time_limit_seconds = kInf;
  int threads = 0;              ///< oneTBB worker threads; 0: all cores
  int ruiz_iterations = 10;     ///< Ruiz equilibration passes (infinity norm) before Pock-Chambolle
  bool pock_chambolle = true;   ///< Pock-Chambolle rescaling (alpha = 1) after Ruiz
  /// Over-relaxation rho in [1, 2): the next iterate is z + rho (T(z) - z), T one PDHG step.
  double relaxation = 1.8;
  /// theta: at a restart, log w moves this share of the way to log(|dy| / |dx|) (the paper: 0.5).
  /// Default 0, w fixed at |c| / |b|: on the synthetic plans at 10^5 products the updates drove w
  /// up tenfold and the gap stalled (no convergence in 12,000 iterations at 0.2, a relapse from
  /// 1e-2 to 0.16 at 0.5), while the fixed weight converged in about 5,000.
  double primal_weight_smoothing = 0.0;
  /// Averaged scheme: set the primal weight at each restart by the PID controller of the
  /// Halpern scheme (pid_* below) instead of primal_weight_smoothing. Experimental, off.
  bool averaged_pid_weight = false;
  /// When positive, also require the relative residual value (Result) to be at most this times
  /// the tolerance. Off by default: see docs/PLANNER.md.
  double residual_value_factor = 0.0;
  /// Also require every row's primal residual to be within the tolerance relative to 1 + the
  /// row's own largest finite bound (Result::relative_row_residual), not only the L2 residual
  /// relative to the norm of all bounds: that norm grows with the square root of the rows, so on
  /// large plans each row may miss its bound by a share that grows with them too. Off by
  /// default: see docs/PLANNER.md, "What the tolerance guarantees".
  bool row_relative_primal = false;
  int evaluation_period = 64;   ///< iterations between restart, termination and infeasibility checks
  /// Adaptive restarts (docs/PLANNER.md): every evaluation period the candidate (the current
  /// iterate or the average since the last restart, whichever has the smaller KKT error) becomes
  /// the new starting point when its KKT error is at most `restart_sufficient` times the one at
  /// the last restart (sufficient decay), or at most `restart_necessary` times it and larger
  /// than at the previous check (necessary decay, and progress has stalled), or when the
  /// iterations since the last restart are at least `restart_artificial` of all (artificial,
  /// so that restarts keep coming). 0.2, 0.8 and 0.36 are the values of Applegate et al. 2021
  /// (section 3) and of cuPDLP.jl, tuned there on LP benchmarks (MIPLIB relaxations); the
  /// synthetic plans converge with them (docs/PLANNER.md), so they are kept.
  double restart_sufficient = 0.2;   ///< beta_sufficient, in (0, restart_necessary]
  double restart_necessary = 0.8;    ///< beta_necessary, in [restart_sufficient, 1)
  double restart_artificial = 0.36;  ///< beta_artificial, in (0, 1]
  bool verbose = false;         ///< one line on stderr per evaluation
  Scheme scheme = Scheme::averaged;
  /// Halpern: the reflection gamma in (0, 1]; the step is z' = (k+1)/(k+2) (gamma (2 T(z) - z)
  /// + (1 - gamma) z) + z0 / (k+2). 1 (full reflection) is cuPDLPx's default; 0.5 is Halpern
  /// PDHG without reflection.
  double reflection = 1.0;
  /// Halpern: the constant step is this share of 1 / ||K~||_2 (||K~||_2 by power iteration);
  /// cuPDLPx's 0.998.
  double step_safety = 0.998;
  /// Halpern: beta_necessary of the fixed-point-error restart test (cuPDLPx's default 0.5; the
  /// sufficient and artificial thresholds are restart_sufficient and restart_artificial).
  double halpern_restart_necessary = 0.5;
  /// Halpern: the PID controller of the primal weight (cuPDLPx): at a restart, with
  /// e = log(w |dx| / |dy|) (dx, dy the moves since the last restart),
  /// log w -= kp e + ki sum_i decay^(n-i) e_i + kd (e - e_previous). All three 0: w fixed.
  /// cuPDLPx's gains 0.99, 0.01, 0 and decay 0.3.
  double pid_kp = 0.99, pid_ki = 0.01, pid_kd = 0.0, pid_decay = 0.3;
  /// Presolve before the iterations and postsolve after (Andersen & Andersen 1995): fixed
  /// columns, empty rows, singleton rows and empty columns removed (docs/PLANNER.md, "Presolve").
  bool presolve = true;
  /// With presolve, also substitute slack columns (docs/PLANNER.md, "Presolve"): a column in one
  /// row whose cost pushes it, unbounded that way, against the row's finite bound. Off by
  /// default: on the infeasible example plan the reduced LP gave no infeasibility ray within the
  /// iteration limit; `plan-synthetic` turns it on (its plans are feasible by construction).
  bool presolve_slack_columns = false;
  /// Primal feasibility polishing (Applegate et al. 2025, "PDLP: a practical first-order method
  /// for large-scale linear programming", arXiv:2501.07018, section 5; docs/PLANNER.md): at an
  /// evaluation where the candidate's (the iterate's or the average's) relative gap and dual
  /// residual are within the tolerance, PDHG on the feasibility problem (the objective zeroed,
  /// from the candidate's x and y = 0) moves x to a relative primal residual within
  /// `polish_tolerance_factor` times the tolerance, in at most `polish_iteration_share` of the
  /// iterations so far (at least one evaluation period); when the polished x with the
  /// candidate's y meets the stopping test, the solve ends there. Attempts come at doubling
  /// iteration counts. Off by default.
  bool feasibility_polishing = false;
  double polish_tolerance_factor = 1e-3;  ///< in (0, 1]
  double polish_iteration_share = 0.25;   ///< in (0, 1]
  /// Dual ascent before each stopping test (docs/PLANNER.md, "Dual ascent"): this many passes of
  /// exact coordinate maximisation of the dual function over the rows whose columns are all
  /// boxed, on a copy of the iterate's (and the average's) duals. The stopping test and the
  /// result use the ascended duals, whose dual value is at least PDHG's; the iterations go on
  /// from PDHG's own. 0 (the default): off.
  int dual_ascent_sweeps = 0;

  /// Throws std::invalid_argument naming the option when one is out of its range (tolerance
  /// not positive, evaluation period below 1, restart thresholds outside the ranges above).
  void validate() const;
};

enum class Status { optimal, primal_infeasible, dual_infeasible, iteration_limit, time_limit, numerical_error };
const char* to_string(Status s);

struct Result {
  Status status = Status::numerical_error;
  std::vector<double> x;             ///< primal solution (original units)
  std::vector<double> y;             ///< row duals of the minimisation: y_r > 0 where row_lo binds, < 0 where row_hi binds
  std::vector<double> reduced_cost;  ///< obj - K^T y, the part explained by the column bounds
  double primal_objective = 0.0;     ///< obj . x
  double dual_objective = 0.0;       ///< the dual's value at y (a lower bound on the optimum when y is feasible)
  /// |primal - dual| / (1 + |primal| + |dual|)
  double relative_gap = 0.0;
  /// ||K x - proj_[row_lo, row_hi](K x)||_2 / (1 + ||finite row bounds||_2)
  double relative_primal_residual = 0.0;
  /// ||(obj - K^T y) - its part the column bounds can hold||_2 / (1 + ||obj||_2)
  double relative_dual_residual = 0.0;
  /// (sum_r |y_r| |primal residual_r| + sum_j |x_j| |dual residual_j|) / (1 + |primal| + |dual|):
  /// what the residuals are worth in the objective, reported (and a stopping condition only with
  /// Options::residual_value_factor).
  double relative_residual_value = 0.0;
  /// max_r |primal residual_r| / (1 + |row r's largest finite bound|): the worst row against its
  /// own size (a stopping condition only with Options::row_relative_primal)
  double relative_row_residual = 0.0;
  std::int64_t iterations = 0;  ///< PDHG iterations (each one K x and one K^T y; rejected steps count)
  int restarts = 0;
  double seconds = 0.0;  ///< wall time of the solve, scaling included
  int presolve_removed_rows = 0;  ///< rows presolve removed (0 without presolve)
  int presolve_removed_cols = 0;  ///< columns presolve removed (fixed and empty columns)
  int presolve_slack_columns = 0;  ///< slack columns presolve substituted (not in presolve_removed_cols)
  int polish_attempts = 0;               ///< feasibility polishing runs (Options::feasibility_polishing)
  std::int64_t polish_iterations = 0;    ///< their PDHG iterations (not in `iterations`)
  bool polished = false;                 ///< the solution is a polished one
};

/// Which LP solver to use for an LP of `rows` rows: CLP's dual simplex (exact, vertex solution;
/// `lightind plan-synthetic` runs it after PDLP's presolve with the slack columns substituted)
/// below kPdlpFromRows rows, PDLP from there. On the synthetic plans (2026-12-07, one machine, one
/// after the other) CLP after that presolve took 0.05-0.10 s at 1,001 rows against PDLP's
/// 0.22-0.41 s, 0.10-0.16 against 0.10-0.17 s at 1,201 rows (a tie), 0.18 against 0.10 s at 1,501,
/// 0.25 against 0.09 s at 2,001 rows and 38-43 s against 0.31 s at 10^4 rows (its basis factors
/// fill in densely as the plan grows); the scenarios' own plans (tens of rows) keep CLP's exact
/// optimum. Figures: bench/results/plan-*.txt, docs/PLANNER.md.
enum class LpMethod { clp, pdlp };
inline constexpr std::int64_t kPdlpFromRows = 1200;
[[nodiscard]] constexpr LpMethod choose_method(std::int64_t rows) {
  return rows < kPdlpFromRows ? LpMethod::clp : LpMethod::pdlp;
}

/// Solves `lp` by restarted PDHG. Throws std::invalid_argument on an inconsistent LP.
[[nodiscard]] Result solve(const SparseLp& lp, const Options& options = {});

/// A note for the user when an optimal result's residuals are worth more than 10 times the
/// tolerance in the objective (Result::relative_residual_value): the gap and the L2 residuals
/// met the tolerance, but the objective may be off by that share or more: the share prices the
/// residuals with the iterate's own duals (docs/PLANNER.md, "What the tolerance guarantees").
/// A second line when the worst row misses its bound by more than 100 times the tolerance
/// (Result::relative_row_residual), pointing to Options::row_relative_primal (--row-relative).
/// Empty when neither holds, and for a result that is not optimal. It suggests the Halpern
/// scheme only to a solve that used another.
[[nodiscard]] std::string accuracy_note(const Result& result, double tolerance, Scheme scheme = Scheme::averaged);

/// The plan LP of a scenario solved by PDLP, reported as `plan::solve` reports CLP's solution
/// (objective, per-sector quantities, shadow prices, binding rows). Anything but an optimal
/// PDLP status maps to a non-optimal plan status: primal_infeasible -> infeasible (without the
/// elastic relaxation, which is CLP's), dual_infeasible -> unbounded, limits -> error.
struct PlanPdlpResult {
  plan::PlanResult plan;
  Result pdlp;
};
[[nodiscard]] PlanPdlpResult solve_plan(const plan::Lp& lp, const Description& d, const Options& options = {});

}  // namespace lightind::pdlp
