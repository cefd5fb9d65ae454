// lightind: placeholder for a subcommand still being written (see src/cli/commands.hpp).
#include "cli/commands.hpp"

namespace lightind::cli {

void add_io_command(CLI::App& app, Action& action) {
  (void)app;
  (void)action;
}

}  // namespace lightind::cli
