// lightind: internals of the PDLP solver (include/lightind/pdlp.hpp), one section per source
// file, each a set of plain functions that the tests check by hand on tiny problems:
//   scaling      pdlp_scaling.cpp      Ruiz and Pock-Chambolle preconditioning
//   termination  pdlp_termination.cpp  optimality measures, the relative stopping test, rays
//   restart      pdlp_restart.cpp      the restart criterion and the primal weight
//   iteration    pdlp_iteration.cpp    one PDHG step, the adaptive step size, the loop
// The sparse kernels are the planner's (csr.hpp): every loop runs over fixed blocks, every
// reduction sums the blocks' partials in block order, so a result is the same bit for bit
// whatever the number of threads.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "lightind/pdlp.hpp"
#include "planner/csr.hpp"

namespace lightind::pdlp::detail {

using planner::Csr;
using planner::dot;
using planner::for_blocks;
using planner::kBlock;
using planner::reduce_blocks;
using planner::spmv;
using planner::transpose;
using Vec = std::vector<double>;

[[nodiscard]] inline double clamp(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

/// The LP's constraint matrix K as the planner's Csr (a copy).
[[nodiscard]] Csr matrix_of(const SparseLp& lp);

/// sum over rows of (the larger absolute finite bound of the row)^2: the squared norm of the
/// bound vector b that the relative primal residual and the primal weight use.
[[nodiscard]] double bound_norm2(std::span<const double> lo, std::span<const double> hi);

// ---- Scaling (pdlp_scaling.cpp) ------------------------------------------------------------

/// The preconditioned problem: K~ = D_r K D_c, c~ = D_c c, bounds on x~ = x / D_c and on
/// K~ x~ = D_r K x. Then x = D_c x~ and y = D_r y~.
struct Scaled {
  Csr k, kt;  ///< K~ and its transpose
  Vec c, l, u, lo, hi;
  Vec dr, dc;  ///< the diagonals of D_r and D_c
};

/// One equilibration pass on K~ (in place), folded into dr and dc: every row i and column j is
/// divided by the square root of its infinity norm (Ruiz; `sums` false) or of its absolute sum
/// (Pock-Chambolle with alpha = 1; `sums` true), both norms taken from K~ before the pass; an
/// empty row or column is left alone.
void equilibrate(Csr& k, Vec& dr, Vec& dc, bool sums);

/// `options.ruiz_iterations` Ruiz passes, then one Pock-Chambolle pass when
/// `options.pock_chambolle`; the bounds and costs scaled to match.
[[nodiscard]] Scaled precondition(const SparseLp& lp, const Options& options);

// ---- Termination (pdlp_termination.cpp) ----------------------------------------------------

/// Optimality measures of a point (x~, y~) given K~ x~ and K~^T y~: objectives (the same in both
/// spaces) and squared residual norms in the scaled and the original space.
struct Measures {
  double pobj = 0.0, dobj = 0.0;
  double pres2_s = 0.0, dres2_s = 0.0;  ///< scaled
  double pres2 = 0.0, dres2 = 0.0;      ///< original
  /// sum |y_i| |primal residual_i| + sum |x_j| |dual residual_j|: what the residuals are worth
  /// in the objective (the same in both spaces)
  double residual_value = 0.0;
  /// max over rows of |primal residual_i| / (1 + |the row's largest finite bound|), original
  /// units: the worst row's violation against its own size (Options::row_relative_primal)
  double row_residual = 0.0;
  /// KKT_w = sqrt(w |primal residual|^2 + |dual residual|^2 / w + gap^2), scaled residuals:
  /// the restart criterion's measure.
  [[nodiscard]] double kkt(double w) const {
    const double g = pobj - dobj;
    return std::sqrt(w * pres2_s + dres2_s / w + g * g);
  }
};

[[nodiscard]] Measures measure(const Scaled& s, const Vec& x, const Vec& y, const Vec& kx, const Vec& kty);

/// Dual ascent (Options::dual_ascent_sweeps): `sweeps` passes over the rows, each row's dual
/// y_r set to the exact maximiser of the dual function with the other duals fixed, for the rows
/// with a finite bound whose columns all have both bounds finite (the others are left as they
/// are). Along one y_r the dual function is concave and piecewise linear, with a breakpoint
/// where each column's reduced cost changes sign (weight |K_rj| (u_j - l_j)) and one at 0 for
/// the row's bounds (weight hi_r - lo_r); the maximiser is the breakpoint where its slope
/// first falls to 0 or below. The relaxation (dual coordinate ascent) methods of Bertsekas
/// (Network Optimization: Continuous and Discrete Models, 1998) and Tseng & Bertsekas 1987.
/// The dual value never falls; y and K^T y (kty) are updated in place. Sequential, in row
/// order (the same at any thread count).
void dual_ascent(const Scaled& s, Vec& y, Vec& kty, int sweeps);

/// The relative measures of Result (gap, primal and dual residual, residual value).
struct Relative {
  double gap, primal, dual, value;
  double value_factor = 0.0;  ///< the residual value must be within this times the tolerance (0: not checked)
  double rows = 0.0;          ///< Measures::row_residual
  bool rows_checked = false;  ///< the worst row's residual must be within the tolerance too
  /// The stopping test: gap, primal and dual residual (and the residual value when its factor
  /// is positive, and the worst row's residual when checked) all within `tol`.
  [[nodiscard]] bool within(double tol) const {
    return gap <= tol && primal <= tol && dual <= tol && (value_factor <= 0.0 || value <= value_factor * tol) &&
           (!rows_checked || rows <= tol);
  }
  [[nodiscard]] double worst() const { return std::max({gap, primal, dual}); }
  /// dual / primal residual, infinity when the primal residual is 0 (the PID weight's safeguard).
  [[nodiscard]] double residual_ratio() const { return primal > 0.0 ? dual / primal : kInf; }
};

/// gap = |pobj - dobj| / (1 + |pobj| + |dobj|), primal = |primal residual| / (1 + bound_norm),
/// dual = |dual residual| / (1 + obj_norm), value = residual value / (1 + |pobj| + |dobj|),
/// rows = m.row_residual (checked by within() when `check_rows`), residuals in original units.
[[nodiscard]] Relative relative(const Measures& m, double bound_norm, double obj_norm, double value_factor,
                                bool check_rows = false);

/// Ray certificates from an iterate difference (dx~, K~ dx~) or (dy~, K~^T dy~), in original units.
/// Primal ray (the dual is infeasible): c.d < 0, d in the recession cone of the column bounds
/// and K d in that of the row bounds. Dual ray (the primal is infeasible): y-signs consistent
/// with the finite row bounds, -K^T d held by the finite column bounds, and a positive dual value.
[[nodiscard]] bool primal_ray(const Scaled& s, const Vec& dx, const Vec& kdx, double tol);
[[nodiscard]] bool dual_ray(const Scaled& s, const Vec& dy, const Vec& ktdy, double tol);

// ---- Restart (pdlp_restart.cpp) ------------------------------------------------------------

enum class Restart { none, sufficient, necessary, artificial };

/// The restart criterion (Lu & Yang's KKT form; Options::restart_*), checked every evaluation
/// period for the candidate (the current iterate or the average, whichever has the smaller
/// KKT error `candidate`): sufficient when candidate <= beta_sufficient * at_restart; necessary
/// when candidate <= beta_necessary * at_restart and candidate > previous (the previous check's
/// candidate, or at_restart right after a restart); artificial when the iterations since the
/// restart are at least beta_artificial of all. The first that holds, in that order.
[[nodiscard]] Restart restart_decision(double candidate, double at_restart, double previous,
                                       std::int64_t since_restart, std::int64_t iterations, const Options& options);

/// The starting primal weight w = |c~| / |b~| (scaled costs and bounds), 1 when either is
/// (nearly) zero.
[[nodiscard]] double initial_primal_weight(const Scaled& s);

/// At a restart, log w moves the share theta of the way to log(|dy| / |dx|), dx and dy the
/// moves since the previous restart; w is kept when theta is 0 or either move is (nearly) zero.
[[nodiscard]] double updated_primal_weight(double w, double dx, double dy, double theta);

/// |a - b|_2, summed in index order.
[[nodiscard]] double distance(const Vec& a, const Vec& b);

/// The PID controller of the primal weight (Options::pid_*; Lu, Peng & Yang 2025, cuPDLPx):
/// its discounted sum of past errors, the last error, and the safeguard's weight, the one set
/// at the restart whose relative dual and primal residuals were closest (in log10).
struct Pid {
  double sum = 0.0, last = 0.0;
  double best_w = 1.0, best_balance = kInf;
};

/// The weight after a restart: with e = log(w dx / dy), log w -= kp e + ki S + kd (e - last),
/// S = decay S + e. The safeguard: when dx or dy is outside [1e-16, 1e12] or residual_ratio
/// (relative dual over relative primal residual) outside [1e-8, 1e8], the weight goes back to
/// best_w and S and last to 0. Then best_w becomes the new weight when |log10 residual_ratio| is
/// the smallest seen.
[[nodiscard]] double pid_primal_weight(double w, double dx, double dy, double residual_ratio, Pid& pid,
                                       const Options& options);

/// The fixed-point error |z - T(z)|_P of a PDHG step with step eta and primal weight w, in the
/// PDHG metric P = [[w / eta I, K^T], [K, 1 / (eta w) I]]: from |dx|^2, |dy|^2 and
/// dy . K dx of the step, sqrt((w |dx|^2 + |dy|^2 / w) / eta + 2 dy . K dx).
[[nodiscard]] double fixed_point_error(double w, double eta, double dx2, double dy2, double interaction);

/// ||K||_2 by power iteration on K^T K from the vector of ones, until the estimate changes by
/// less than `tolerance` relatively or after `max_iterations` (the planner's deterministic
/// kernels: the same at any thread count). 0 for an empty or zero matrix.
[[nodiscard]] double spectral_norm(const Csr& k, const Csr& kt, int max_iterations = 200, double tolerance = 1e-6);

// ---- Presolve (pdlp_presolve.cpp) ------------------------------------------------------------

/// What presolve did: the reduced LP and what postsolve needs to undo it.
struct Presolve {
  /// optimal: solve `reduced`; primal_infeasible or dual_infeasible: presolve proved it.
  Status status = Status::optimal;
  SparseLp reduced;
  std::vector<std::int32_t> row_of, col_of;  ///< reduced row / column -> original index
  std::vector<double> x_removed;             ///< original columns: the value of a removed one
  /// A singleton row lo <= a x_col <= hi, removed as the bound [lo_x, hi_x] on x_col.
  struct Singleton {
    std::int32_t row, col;
    double a, lo, hi;
  };
  std::vector<Singleton> singletons;  ///< in the order of removal
  /// A slack column: x_j, a singleton of row `row` with coefficient a and cost g a, is the
  /// row's slack at the optimum, x_j = (rhs - the rest of the row) / a, rhs the row's original
  /// bound that s = a x_j pushes against; the row's dual is g plus the reduced LP's.
  struct Slack {
    std::int32_t row, col;
    double a, g, rhs;
  };
  std::vector<Slack> slacks;  ///< in the order of removal (after the singleton rows; not in removed_cols)
  double offset = 0.0;                ///< objective of the removed columns: sum c_j x_j
  int removed_rows = 0, removed_cols = 0;
};

/// Removes fixed columns, empty rows, singleton rows (as column bounds) and empty columns until
/// none is left, and with `slack_columns` then the slack columns (pdlp_presolve.cpp).
[[nodiscard]] Presolve presolve(const SparseLp& lp, bool slack_columns = false);

/// The original LP's result from the reduced one's: x with the removed columns' values, y with
/// the singleton rows' duals, reduced costs c - K^T y, objectives, gap (the residuals are the
/// reduced LP's: the removed rows hold exactly).
[[nodiscard]] Result postsolve(const SparseLp& lp, const Presolve& p, const Result& reduced);

// ---- Iteration (pdlp_iteration.cpp) --------------------------------------------------------

/// The primal half of a PDHG step: xn = proj_[l,u](x - tau (c - K^T y)); returns |xn - x|^2.
double primal_step(std::span<const double> x, std::span<const double> kty, std::span<const double> c,
                   std::span<const double> l, std::span<const double> u, double tau, std::span<double> xn);

/// The dual half: yn = v + sigma proj_[lo,hi](-v / sigma), v = y - sigma (2 K xn - K x); returns
/// |yn - y|^2 and (yn - y).(K xn - K x).
std::pair<double, double> dual_step(std::span<const double> y, std::span<const double> kx, std::span<const double> kxn,
                                    std::span<const double> lo, std::span<const double> hi, double sigma,
                                    std::span<double> yn);

/// The adaptive step size (the paper's Algorithm 1) after the k-th trial step that moved by
/// movement = w |dx|^2 + |dy|^2 / w with interaction = dy.K dx: the largest step the move
/// allows, eta_bar = movement / (2 |interaction|) (infinite without interaction), and the next
/// step, min((1 - (k+1)^-0.3) eta_bar, (1 + (k+1)^-0.6) eta). The step eta is kept when
/// eta <= eta_bar.
struct StepSize {
  double eta_bar, next;
};
[[nodiscard]] StepSize adaptive_step(double eta, double movement, double interaction, std::int64_t k);

/// What the relative measures are taken against when the LP iterated on is a presolved one:
/// the norms of the original LP's row bounds and costs, and the objective offset of the
/// removed columns (added to both objectives).
struct Reference {
  double bound_norm = 0.0, obj_norm = 0.0, offset = 0.0;
};

/// The restarted PDHG loop on the preconditioned problem (pdlp::solve after its checks). With
/// `ref`, the relative measures use the smaller of each norm (the LP's own and ref's), so a
/// presolve never loosens the stopping test, and the objectives shifted by ref's offset.
[[nodiscard]] Result iterate(const SparseLp& lp, const Options& options, std::chrono::steady_clock::time_point t0,
                             const Reference* ref = nullptr);

}  // namespace lightind::pdlp::detail
