// lightind: a SparseLp (include/lightind/pdlp.hpp) solved by COIN-OR CLP (dual simplex, primal
// simplex or barrier with crossover, after CLP's presolve; optionally after PDLP's presolve with
// its slack columns substituted first), and written as free MPS for GLPK. Used by `lightind
// plan-synthetic` and the plan benchmark to solve the same LP several ways.
#pragma once

#include <string>
#include <vector>

#include "lightind/pdlp.hpp"

namespace lightind::planner {

enum class ClpMethod { dual, primal, barrier };

struct ClpRun {
  plan::Status status = plan::Status::error;
  bool stopped = false;     ///< stopped by the time limit (status error)
  double objective = 0.0;   ///< of the minimisation as stated in the LP
  double seconds = 0.0;     ///< wall time of the solve (loading excluded; with slack_presolve, all of solve_clp)
  int iterations = 0;       ///< simplex (or barrier) iterations as CLP counts them
  std::vector<double> x;    ///< the primal solution (columns of the LP given), when optimal
  std::vector<double> y;    ///< row duals of the minimisation (pdlp::Result's sign), when optimal
  int presolve_removed_rows = 0, presolve_removed_cols = 0, presolve_slack_columns = 0;  ///< with slack_presolve
};

/// Solves with CLP; `time_limit_seconds` <= 0: none. With `slack_presolve`, the LP is first
/// reduced by PDLP's presolve with its slack columns substituted (pdlp::detail::presolve: fixed
/// columns, empty and singleton rows, and a column singleton that its cost pushes against its
/// row's bound is the row's slack), CLP solves the reduced LP, and the solution is carried back
/// (pdlp::detail::postsolve); `seconds` then covers all three. On the synthetic plan LPs the
/// consumption columns are such slacks: without them the LP is dual feasible from the start (every
/// output column is bounded), and CLP's dual simplex took 587-685 iterations and 0.07-0.10 s at
/// 10^3 products instead of 1,677 iterations and 0.67-0.83 s (docs/PLANNER.md).
[[nodiscard]] ClpRun solve_clp(const pdlp::SparseLp& lp, ClpMethod method, double time_limit_seconds = 0.0,
                               bool slack_presolve = false);

/// Writes the LP as free MPS (CLP's writeMps, extra accuracy; default names R0000000, C0000000).
void write_mps(const pdlp::SparseLp& lp, const std::string& path);

/// Largest magnitude of a cost or matrix element handed to CLP. CLP asserts, and so aborts
/// the process, when a cost reaches 1e25 after its own scaling (ClpSimplex::createRim,
/// `fabs(obj[i]) < 1.0e25`); its scaling raised the plan LP's costs about 1e9-fold (a
/// plan.target_weight of 1e17 aborted, 1e16 solved). 1e12 leaves a margin of 1e4.
inline constexpr double kMaxClpMagnitude = 1e12;

/// Throws std::invalid_argument when a cost or matrix element is not finite or exceeds
/// kMaxClpMagnitude, or a bound is NaN, naming `what` (the LP) and the column: nothing CLP
/// would abort on reaches it.
void check_clp_input(const std::string& what, const std::vector<double>& obj, const std::vector<double>& matrix,
                     const std::vector<std::vector<double>*>& bounds, const std::vector<std::string>& col_names = {});

}  // namespace lightind::planner
