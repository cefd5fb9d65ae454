// lightind: subcommands that live in their own files. Each adds itself to the program and
// sets `action` to what runs when it was chosen on the command line; the action returns the
// exit code and may throw (main() maps exceptions to exit codes).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

namespace lightind::cli {

using Action = std::function<int()>;

/// Adds the subcommand `name` to `app`, with a fresh Options object that its options fill; when
/// the subcommand is chosen, `action` becomes run(options). Returns the subcommand and the object.
template <typename Options>
std::pair<CLI::App*, std::shared_ptr<Options>> add_command(CLI::App& app, Action& action, const std::string& name,
                                                           const std::string& help, int (*run)(const Options&)) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->callback([&action, o, run] { action = [o, run] { return run(*o); }; });
  return {cmd, o};
}

void add_io_command(CLI::App& app, Action& action);    ///< lightind io (src/cli/cmd_io.cpp)
void add_plan_command(CLI::App& app, Action& action);  ///< lightind plan (src/cli/cmd_plan.cpp)
void add_gen_economy_command(CLI::App& app, Action& action);  ///< lightind gen-economy (src/cli/cmd_gen.cpp)
void add_sweep_command(CLI::App& app, Action& action);  ///< lightind sweep (src/cli/cmd_sweep.cpp)
void add_report_command(CLI::App& app, Action& action);  ///< lightind report (src/cli/cmd_report.cpp)
void add_serve_command(CLI::App& app, Action& action);   ///< lightind serve (src/cli/cmd_serve.cpp)
void add_plan_synthetic_command(CLI::App& app, Action& action);  ///< lightind plan-synthetic (src/cli/cmd_plan_synthetic.cpp)
void add_docs_command(CLI::App& app, Action& action);  ///< lightind docs (src/cli/cmd_docs.cpp)
void add_ablate_command(CLI::App& app, Action& action);  ///< lightind ablate (src/cli/cmd_ablate.cpp)
void add_explain_command(CLI::App& app, Action& action);  ///< lightind explain (src/cli/cmd_explain.cpp)
void add_fit_command(CLI::App& app, Action& action);  ///< lightind fit (src/cli/cmd_fit.cpp)
void add_validate_command(CLI::App& app, Action& action);  ///< lightind validate (src/cli/cmd_fit.cpp)

}  // namespace lightind::cli
