// lightind: a SparseLp (include/lightind/pdlp.hpp) solved by COIN-OR CLP (dual simplex, primal
// simplex or barrier with crossover, after CLP's presolve), and written as free MPS for GLPK.
// Used by `lightind plan-synthetic` and the plan benchmark to solve the same LP three ways.
#pragma once

#include <string>

#include "lightind/pdlp.hpp"

namespace lightind::planner {

enum class ClpMethod { dual, primal, barrier };

struct ClpRun {
  plan::Status status = plan::Status::error;
  bool stopped = false;     ///< stopped by the time limit (status error)
  double objective = 0.0;   ///< of the minimisation as stated in the LP
  double seconds = 0.0;     ///< wall time of the solve (loading excluded)
  int iterations = 0;       ///< simplex (or barrier) iterations as CLP counts them
};

/// Solves with CLP; `time_limit_seconds` <= 0: none.
[[nodiscard]] ClpRun solve_clp(const pdlp::SparseLp& lp, ClpMethod method, double time_limit_seconds = 0.0);

/// Writes the LP as free MPS (CLP's writeMps, extra accuracy; default names R0000000, C0000000).
void write_mps(const pdlp::SparseLp& lp, const std::string& path);

}  // namespace lightind::planner
