// lightind docs: documents generated from the library's registries, printed on standard
// output. `lightind docs indicators > docs/INDICATORS.md` regenerates the indicator reference
// from the indicator registry (src/indicators/registry.cpp); a test fails when the file in
// the repository differs. `--json` prints the registry as the page and the report embed it.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "lightind/indicators.hpp"

namespace lightind::cli {

void add_docs_command(CLI::App& app, Action& action) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("docs", "print documents generated from the library's registries");
  cmd->require_subcommand(1);
  auto* ind = cmd->add_subcommand(
      "indicators", "the indicator reference (docs/INDICATORS.md: `lightind docs indicators > docs/INDICATORS.md`)");
  ind->add_flag("--json", *json, "print the registry as JSON instead (as the page and the report embed it)");
  ind->callback([&action, json] {
    action = [json] {
      fmt::print("{}", *json ? indicators::to_json() + "\n" : indicators::markdown());
      return 0;
    };
  });
}

}  // namespace lightind::cli
