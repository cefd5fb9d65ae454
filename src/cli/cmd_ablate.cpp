// lightind ablate: each mechanism of the article switched off in turn, its effect on living
// standard, light output, GDP and hardship (analysis::ablate; docs/MODEL.md, "Ablation").
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "cli/options.hpp"
#include "lightind/analysis.hpp"
#include "results/output.hpp"

namespace lightind::cli {

namespace {

struct AblateOptions {
  std::string scenario;
  std::string ablations;
  std::vector<int> years;
  std::string out;
  bool force = false;
  std::uint64_t seed = 0;
  int threads = 0;
  std::vector<std::string> sets;
};

int run_ablate(const AblateOptions& o) {
  namespace output = lightind::detail::output;
  if (const int code = check_years(o.scenario, o.sets, o.seed, o.years, "ablate"); code != 0) return code;
  if (!o.out.empty()) output::check_folder(o.out, o.force);  // refused before any run: nothing written
  analysis::AblateRequest req;
  req.path = o.scenario;
  req.ablations = o.ablations;
  req.years = o.years;
  req.seed = o.seed;
  req.sets = o.sets;
  req.threads = o.threads;
  req.on_start = [](std::size_t i, const std::string& name, std::size_t n) {
    fmt::print(stderr, "running {}/{}: {} ...\n", i + 1, n, name);
  };
  const analysis::AblationResult r = analysis::ablate(req);
  fmt::print("{}", r.table);
  if (!o.out.empty()) {
    write_table_file(o.out, o.force, "ablate", "ablate.csv", analysis::ablation_csv(r));
  }
  return 0;
}

}  // namespace

void add_ablate_command(CLI::App& app, Action& action) {
  auto [cmd, o] = add_command<AblateOptions>(
      app, action, "ablate",
      "switch each mechanism off in turn and show its effect (docs/MODEL.md, \"Ablation\")", run_ablate);
  cmd->add_option("scenario", o->scenario, "scenario file (TOML), the reference")->required();
  cmd->add_option("--ablations", o->ablations,
                  "ablations file (default: scenarios/ablations/<scenario name>.toml)");
  cmd->add_option("--years", o->years, "years to show, comma-separated (default: 2019,2021)")->delimiter(',');
  add_out_options(cmd, o->out, o->force, "write DIR/ablate.csv",
                  "replace an existing --out that lightind did not write");
  add_seed_option(cmd, o->seed, "random seed of every run (default: the scenario's)");
  add_threads_option(cmd, o->threads, "worker threads of each run (default: all cores)");
  add_set_option(cmd, o->sets, "override a value of the reference and every ablation: key=value (repeatable)");
}

}  // namespace lightind::cli
