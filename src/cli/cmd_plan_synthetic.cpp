// lightind plan-synthetic --products N [--inputs-per-product K] [--seed S]
//                         [--method pdlp|clp|clp-barrier|clp-primal|glpk|none] [--mps FILE]
//                         [--tolerance E] [--time-limit T] [--threads T] [--verbose] [--no-slack-presolve]
//                         [--scheme averaged|halpern] [--fixed-weight] [--pid-weight] [--polish]
//                         [--residual-value-factor F] [--dual-ascent SWEEPS]
//
// Builds the plan LP of a synthetic product-level economy (src/planner/synthetic_plan.hpp) and
// solves it with the chosen method, printing the figures the plan benchmark reads (one
// `key: value` a line): objective, relative gap, iterations, solve time, peak memory.
// `--method glpk` writes the LP as free MPS and runs `glpsol --freemps FILE --min` on it (the
// same LP). Exit codes: 0 optimal; 1 not solved (time or iteration limit, infeasible,
// unbounded, solver error) or any other error; 2 usage.
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lightind/pdlp.hpp"
#include "planner/lp_clp.hpp"
#include "planner/sparse_economy.hpp"
#include "planner/synthetic_plan.hpp"

namespace lightind::cli {

namespace {

struct SyntheticArgs : SyntheticEconomyOptions {
  std::string method = "auto";
  std::string mps;
  double tolerance = pdlp::Options{}.tolerance;
  double time_limit = 0.0;
  int threads = 0;
  bool verbose = false;
  bool no_slack = false;
  pdlp::Scheme scheme = pdlp::Options{}.scheme;
  bool fixed_weight = false;
  bool pid_weight = false;
  bool polish = false;
  double value_factor = 0.0;
  int dual_ascent = 0;
  bool row_relative = false;
};

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double peak_mb(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

struct Glpk {
  bool optimal = false;
  bool time_limit = false;
  bool found = false;
  double objective = 0.0;
  std::string last_line;
};

/// Runs glpsol on the MPS file; reads its status and last objective from its output.
Glpk run_glpsol(const std::string& mps, double time_limit) {
  std::string cmd = fmt::format("glpsol --freemps '{}' --min", mps);
  if (time_limit > 0.0) cmd += fmt::format(" --tmlim {}", static_cast<long>(std::ceil(time_limit)));
  cmd += " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run glpsol");
  Glpk g;
  std::array<char, 4096> buf{};
  const std::regex obj_re(R"(obj\s*=\s*([-+0-9.eE]+))");
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p)) {
    const std::string line(buf.data());
    std::smatch mt;
    if (std::regex_search(line, mt, obj_re)) {
      g.objective = std::stod(mt[1].str());
      g.found = true;
    }
    if (line.find("OPTIMAL LP SOLUTION FOUND") != std::string::npos) g.optimal = true;
    if (line.find("TIME LIMIT EXCEEDED") != std::string::npos) g.time_limit = true;
    if (!line.empty()) g.last_line = line;
  }
  const int status = pclose(p);
  if (status == -1 || (!WIFEXITED(status)) || (WEXITSTATUS(status) != 0 && !g.time_limit)) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) throw std::runtime_error("glpsol not found (Debian glpk-utils)");
    if (!g.optimal && !g.time_limit)
      throw std::runtime_error("glpsol failed: " + g.last_line);
  }
  return g;
}

int run_plan_synthetic(SyntheticArgs a) {
  a.check("plan-synthetic", 100'000'000, "1e8");
  const auto t0 = Clock::now();
  const planner::SparseEconomy e = planner::generate_economy({static_cast<std::int32_t>(a.products), a.inputs, a.seed});
  const pdlp::SparseLp lp = planner::synthetic_plan_lp(e);
  const double build_s = since(t0);
  fmt::print("problem: synthetic plan, {} products, {} inputs per product, seed {}\n", a.products, a.inputs, a.seed);
  fmt::print("size: {} rows, {} columns, {} nonzeros\n", lp.n_rows, lp.n_cols, lp.nnz());
  fmt::print("build seconds: {:.3f}\n", build_s);
  std::string mps = a.mps;
  if (!mps.empty()) {
    const auto tw = Clock::now();
    planner::write_mps(lp, mps);
    fmt::print("wrote MPS: {} ({:.3f} s)\n", mps, since(tw));
  }
  if (a.method == "auto") {
    a.method = pdlp::choose_method(lp.n_rows) == pdlp::LpMethod::pdlp ? "pdlp" : "clp";
    fmt::print("method chosen by size: {} ({} rows; PDLP from {})\n", a.method, lp.n_rows, pdlp::kPdlpFromRows);
  }
  fmt::print("method: {}\n", a.method);
  if (a.method == "none") return 0;

  bool optimal = false;
  if (a.method == "pdlp") {
    pdlp::Options o;
    o.tolerance = a.tolerance;
    o.threads = a.threads;
    o.verbose = a.verbose;
    o.presolve_slack_columns = !a.no_slack;
    o.scheme = a.scheme;
    if (a.fixed_weight) o.pid_kp = o.pid_ki = o.pid_kd = 0.0;
    o.averaged_pid_weight = a.pid_weight;
    o.feasibility_polishing = a.polish;
    o.residual_value_factor = a.value_factor;
    o.dual_ascent_sweeps = a.dual_ascent;
    o.row_relative_primal = a.row_relative;
    fmt::print("scheme: {}{}\n", pdlp::to_string(o.scheme),
               a.fixed_weight && o.scheme == pdlp::Scheme::halpern ? " (fixed primal weight)" : "");
    if (a.time_limit > 0.0) o.time_limit_seconds = a.time_limit;
    const pdlp::Result r = pdlp::solve(lp, o);
    optimal = r.status == pdlp::Status::optimal;
    fmt::print("status: {}\n", pdlp::to_string(r.status));
    fmt::print("objective: {:.12g}\n", -r.primal_objective);
    fmt::print("dual bound: {:.12g}\n", -r.dual_objective);
    fmt::print(
        "relative gap: {:.3e}\nrelative primal residual: {:.3e}\nrelative dual residual: {:.3e}\n"
        "relative residual value: {:.3e}\nworst row's relative residual: {:.3e}\n",
        r.relative_gap, r.relative_primal_residual, r.relative_dual_residual, r.relative_residual_value,
        r.relative_row_residual);
    fmt::print("presolve: {} rows, {} columns removed, {} slack columns substituted\n", r.presolve_removed_rows,
               r.presolve_removed_cols, r.presolve_slack_columns);
    fmt::print("iterations: {}\nrestarts: {}\n", r.iterations, r.restarts);
    if (o.feasibility_polishing)
      fmt::print("polishing: {} attempts, {} iterations, solution {}\n", r.polish_attempts, r.polish_iterations,
                 r.polished ? "polished" : "not polished");
    fmt::print("solve seconds: {:.3f}\n", r.seconds);
    if (const std::string note = pdlp::accuracy_note(r, o.tolerance, o.scheme); !note.empty()) fmt::print("{}\n", note);
  } else if (a.method == "glpk") {
    std::filesystem::path tmp;
    if (mps.empty()) {
      tmp = std::filesystem::temp_directory_path() / fmt::format("lightind-plan-{}.mps", ::getpid());
      mps = tmp.string();
      planner::write_mps(lp, mps);
    }
    const auto tg = Clock::now();
    Glpk g;
    try {
      g = run_glpsol(mps, a.time_limit);
    } catch (...) {
      if (!tmp.empty()) std::filesystem::remove(tmp);
      throw;
    }
    const double secs = since(tg);
    if (!tmp.empty()) std::filesystem::remove(tmp);
    optimal = g.optimal;
    fmt::print("status: {}\n", g.optimal ? "optimal" : (g.time_limit ? "not converged (time limit)" : "not solved"));
    if (g.found) fmt::print("objective: {:.12g}\n", -g.objective);
    fmt::print("solve seconds: {:.3f}\n", secs);
    fmt::print("glpsol peak memory MB: {:.1f}\n", peak_mb(RUSAGE_CHILDREN));
  } else {
    const planner::ClpMethod m = a.method == "clp-barrier"  ? planner::ClpMethod::barrier
                                 : a.method == "clp-primal" ? planner::ClpMethod::primal
                                                            : planner::ClpMethod::dual;
    const planner::ClpRun r = planner::solve_clp(lp, m, a.time_limit, !a.no_slack);
    optimal = r.status == plan::Status::optimal;
    fmt::print("status: {}\n", optimal ? "optimal" : (r.stopped ? "not converged (time limit)" : plan::to_string(r.status)));
    fmt::print("objective: {:.12g}\n", -r.objective);
    if (!a.no_slack)
      fmt::print("presolve: {} rows, {} columns removed, {} slack columns substituted\n", r.presolve_removed_rows,
                 r.presolve_removed_cols, r.presolve_slack_columns);
    fmt::print("iterations: {}\n", r.iterations);
    fmt::print("solve seconds: {:.3f}\n", r.seconds);
  }
  fmt::print("peak memory MB: {:.1f}\n", peak_mb(RUSAGE_SELF));
  return optimal ? 0 : 1;
}

}  // namespace

void add_plan_synthetic_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<SyntheticArgs>();
  auto* cmd = app.add_subcommand("plan-synthetic",
                                 "solve the plan LP of a synthetic product-level economy (PDLP, CLP or GLPK)");
  add_synthetic_economy_options(cmd, *args);
  cmd->add_option("--method", args->method,
                  "auto (default: clp below 1200 rows, pdlp from there), pdlp, clp (dual simplex), clp-barrier, "
                  "clp-primal, glpk (glpsol on the MPS) or none")
      ->check(CLI::IsMember({"auto", "pdlp", "clp", "clp-barrier", "clp-primal", "glpk", "none"}));
  cmd->add_option("--mps", args->mps, "also write the LP as free MPS to this file");
  cmd->add_option("--tolerance", args->tolerance, "PDLP: relative gap and residuals to stop at (default 3e-5)")
      ->check(CLI::Range(1e-12, 1.0));
  cmd->add_option("--time-limit", args->time_limit, "seconds the solver may take (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  lightind::cli::add_threads_option(cmd, args->threads, "PDLP: worker threads (default: all cores)");
  cmd->add_flag("--verbose", args->verbose, "PDLP: print progress on standard error");
  lightind::cli::add_scheme_option(cmd, args->scheme);
  cmd->add_flag("--fixed-weight", args->fixed_weight, "PDLP, halpern scheme: keep the starting primal weight");
  cmd->add_flag("--pid-weight", args->pid_weight, "PDLP, averaged scheme: set the primal weight by the PID controller");
  cmd->add_flag("--polish", args->polish, "PDLP: primal feasibility polishing (docs/PLANNER.md)");
  cmd->add_option("--residual-value-factor", args->value_factor,
                  "PDLP: also stop only when the residuals are worth at most this times the tolerance (0: off)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--dual-ascent", args->dual_ascent,
                  "PDLP: passes of dual coordinate ascent before each stopping test (0: off; docs/PLANNER.md)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--row-relative", args->row_relative,
                "PDLP: also stop only when every row's residual is within the tolerance of its own bound (docs/PLANNER.md)");
  cmd->add_flag("--no-slack-presolve", args->no_slack,
                "PDLP and CLP: keep the slack columns (PDLP's presolve substitutes them by default, before either)");
  cmd->callback([&action, args] { action = [args] { return run_plan_synthetic(*args); }; });
}

}  // namespace lightind::cli
