// lightind plan SCENARIO --year Y [--out DIR] [--set key=value]... [--investment-floor F] [--no-sanctions]
//               [--state opening|simulated] [--seed N] [--method clp|pdlp] [--tolerance E] [--threads T]
//               [--scheme averaged|halpern] [--no-row-relative]
//
// Builds the plan LP of a scenario for a year (docs/PLANNER.md) from the opening structure
// or (--state simulated) from the simulated economy of that January, as the engine's annual
// plan sees it; solves it with COIN-OR CLP
// (or the scalable planner, PDLP, with --method pdlp),
// writes DIR/plan.csv and DIR/plan.mps (default DIR: out/plan-<name>-<year>) and prints a
// summary. Exit codes: 0 optimal plan, 5 infeasible plan (explained; nothing written),
// 1 other solver failure, 2 rejected scenario or usage.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/files.hpp"
#include "lightind/pdlp.hpp"
#include "lightind/plan.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"

namespace lightind::cli {

namespace {

constexpr int kExitInfeasible = 5;

struct PlanArgs {
  std::string scenario;
  int year = 0;
  std::string out;
  bool force = false;
  std::vector<std::string> sets;
  double investment_floor = plan::PlanOptions{}.investment_floor;
  bool floor_given = false;
  std::string state = "opening";
  std::uint64_t seed = 0;
  bool no_sanctions = false;
  std::string method = "clp";
  double tolerance = pdlp::Options{}.tolerance;
  int threads = 0;
  pdlp::Scheme scheme = pdlp::Options{}.scheme;
  bool row_relative = true;  // the scenarios' plans: cheap, and without it rows miss their bounds (docs/PLANNER.md)
};


int run_plan(const PlanArgs& a) {
  const Description d = load_scenario(a.scenario, a.sets);
  if (a.year < d.start.year || a.year > d.end.year)
    throw ScenarioError("--year", 0, "year", fmt::format("a year from {} to {}", d.start.year, d.end.year),
                        std::to_string(a.year));
  plan::PlanOptions opt;
  opt.investment_floor = a.investment_floor;
  plan::Lp lp;
  if (a.state == "simulated") {
    // The engine's own January input: its state and the plan knobs in force.
    const PlanInput in = simulated_plan_input(d, a.year, a.seed);
    opt = in.options;
    if (a.floor_given) opt.investment_floor = a.investment_floor;
    opt.sanctions = !a.no_sanctions;
    lp = plan::build(d, in.state, opt);
    fmt::print("plan {} from the simulated economy of January {} (seed {})\n", a.year, a.year, a.seed ? a.seed : d.seed);
  } else {
    opt.sanctions = !a.no_sanctions;
    lp = plan::build(d, a.year, opt);
  }
  plan::PlanResult r;
  if (a.method == "pdlp") {
    pdlp::Options po;
    po.tolerance = a.tolerance;
    po.threads = a.threads;
    po.scheme = a.scheme;
    po.row_relative_primal = a.row_relative;
    pdlp::PlanPdlpResult pr = pdlp::solve_plan(lp, d, po);
    const pdlp::Result& q = pr.pdlp;
    fmt::print("PDLP: {} after {} iterations ({} restarts), {:.3f} s; relative gap {:.2e}, primal residual {:.2e}, "
               "dual residual {:.2e}, residual value {:.2e}, worst row {:.2e} (tolerance {:.1g}, {} scheme{})\n",
               pdlp::to_string(q.status), q.iterations, q.restarts, q.seconds, q.relative_gap,
               q.relative_primal_residual, q.relative_dual_residual, q.relative_residual_value, q.relative_row_residual,
               a.tolerance, pdlp::to_string(po.scheme), a.row_relative ? ", every row checked" : "");
    if (const std::string note = pdlp::accuracy_note(q, a.tolerance, po.scheme); !note.empty()) fmt::print("{}\n", note);
    if (q.status == pdlp::Status::primal_infeasible) {
      fmt::print("PDLP found the plan infeasible; CLP's elastic relaxation explains it:\n");
      r = plan::solve(lp, d);
    } else if (pr.plan.status != plan::Status::optimal) {
      throw std::runtime_error(fmt::format("plan LP not solved by PDLP: {}", pdlp::to_string(q.status)));
    } else {
      r = std::move(pr.plan);
    }
  } else {
    r = plan::solve(lp, d);
  }
  fmt::print("plan of {} for {}: {} columns, {} rows; status {}\n", d.name, a.year, lp.n_cols(), lp.n_rows(),
             plan::to_string(r.status));

  if (r.status == plan::Status::infeasible) {
    fmt::print("\nthe plan is infeasible; the smallest relaxation (sum of relative violations) needs:\n");
    for (const plan::Violation& v : r.violations)
      fmt::print("  {}: {} by {:.4g} ({:.1f} % of the bound)\n", v.name, v.lower ? "short" : "over", v.amount,
                 100.0 * v.relative);
    if (r.violations.empty()) fmt::print("  (the relaxation found no single constraint to relax)\n");
    if (!r.elastic_binding.empty()) {
      fmt::print("binding alongside (limits the relaxed plan):\n");
      for (size_t i = 0; i < std::min<size_t>(10, r.elastic_binding.size()); ++i)
        fmt::print("  {} binding\n", r.elastic_binding[i].name);
    }
    fmt::print("nothing written\n");
    return kExitInfeasible;
  }
  if (r.status != plan::Status::optimal)
    throw std::runtime_error(fmt::format("plan LP not solved: {}", plan::to_string(r.status)));

  const std::filesystem::path dir =
      a.out.empty() ? std::filesystem::path("out") / fmt::format("plan-{}-{}", detail::output::folder_name(d.name), a.year)
                    : std::filesystem::path(a.out);
  detail::output::claim_folder(dir, a.force, "plan");
  write_text_file(dir / "plan.csv", plan::plan_csv(r));
  plan::write_mps(lp, (dir / "plan.mps").string());

  fmt::print("objective (priority-weighted final use, units a year): {:.6g}\n", r.objective);
  fmt::print("\nbinding constraints (gain of the objective per unit relaxed):\n");
  for (size_t i = 0; i < std::min<size_t>(10, r.binding.size()); ++i)
    fmt::print("  {:<44}{:>14.6g}\n", r.binding[i].name, r.binding[i].dual);
  std::vector<size_t> order(r.sectors.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return r.shadow_price[x] > r.shadow_price[y]; });
  fmt::print("\nscarce goods (shadow price: objective per unit of the good):\n");
  for (size_t t = 0; t < std::min<size_t>(5, order.size()); ++t) {
    const size_t i = order[t];
    if (r.shadow_price[i] <= 1e-9) break;
    fmt::print("  {:<24}{:>12.6g}   output {:.4g}\n", r.sectors[i], r.shadow_price[i], r.gross_output[i]);
  }
  fmt::print("\nwrote {}/plan.csv and plan.mps\n", dir.string());
  return 0;
}

}  // namespace

void add_plan_command(CLI::App& app, Action& action) {
  // No structured binding: `args` is captured below, and clang 14 cannot capture a binding.
  const auto added = add_command<PlanArgs>(
      app, action, "plan",
      "solve the scenario's plan LP for a year (COIN-OR CLP, or PDLP with --method pdlp)", run_plan);
  CLI::App* const cmd = added.first;
  const std::shared_ptr<PlanArgs> args = added.second;
  cmd->add_option("scenario", args->scenario, "scenario file (TOML)")->required();
  cmd->add_option("--year", args->year, "plan year")->required();
  lightind::cli::add_out_options(cmd, args->out, args->force,
                                 "output folder (default: out/plan-<scenario name>-<year>)",
                                 "write into an existing --out folder that lightind did not write");
  lightind::cli::add_set_option(cmd, args->sets);
  cmd->add_option("--investment-floor", args->investment_floor,
                  "share of each capital-goods sector's output delivered as investment (default 0.2)")
      ->check(CLI::Range(0.0, 1.0))
      ->each([args](const std::string&) { args->floor_given = true; });
  cmd->add_option("--state", args->state,
                  "opening: the scenario's opening structure (default); simulated: the economy simulated to that "
                  "January, as the engine's annual plan sees it")
      ->check(CLI::IsMember({"opening", "simulated"}));
  lightind::cli::add_seed_option(cmd, args->seed, "--state simulated: random seed (default: the scenario's)");
  cmd->add_flag("--no-sanctions", args->no_sanctions, "ignore the export bans, import caps and border closure");
  cmd->add_option("--method", args->method, "LP solver: clp (simplex, default) or pdlp (the scalable planner)")
      ->check(CLI::IsMember({"clp", "pdlp"}));
  cmd->add_option("--tolerance", args->tolerance, "PDLP: relative gap and residuals to stop at (default 3e-5)")
      ->check(CLI::Range(1e-12, 1.0));
  lightind::cli::add_threads_option(cmd, args->threads, "PDLP: worker threads (default: all cores)");
  lightind::cli::add_scheme_option(cmd, args->scheme);
  cmd->add_flag("--row-relative,!--no-row-relative", args->row_relative,
                "PDLP: also stop only when every row's residual is within the tolerance of its own bound (the "
                "default; --no-row-relative: the L2 test alone; docs/PLANNER.md)");
}

}  // namespace lightind::cli
