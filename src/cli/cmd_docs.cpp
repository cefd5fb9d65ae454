// lightind docs TOPIC: the generated parts of the documents, from the program's own tables.
//
// Topics (one entry of kTopics each):
//   scenario-keys  the key tables of docs/SCENARIOS.md, from the scenario schema
//                  (src/scenario/schema.cpp);
//   indicators     the whole of docs/INDICATORS.md, from the indicator registry
//                  (src/indicators/registry.cpp); `--json` prints the registry as the page
//                  and the report embed it.
//   calibration    the tables of free parameters of docs/CALIBRATION.md, one per scenario
//                  with a free file (scenarios/NAME.free.toml), from the scenario, the free
//                  file and the fitted overlay (src/fit/outputs.hpp); read from the current
//                  folder's scenarios/.
//
//   lightind docs scenario-keys                          print the tables
//   lightind docs scenario-keys --update docs/SCENARIOS.md   rewrite the generated blocks in place
//   lightind docs scenario-keys --check docs/SCENARIOS.md    exit 1 when they differ
//   lightind docs indicators > docs/INDICATORS.md        (or --update / --check docs/INDICATORS.md)
//   lightind docs calibration --update docs/CALIBRATION.md   (or --check docs/CALIBRATION.md)
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "results/io.hpp"
#include "fit/outputs.hpp"
#include "lightind/indicators.hpp"
#include "scenario/schema_docs.hpp"

namespace lightind::cli {

namespace {

/// A topic: its name, the document it fills, all its blocks (for printing), and the document
/// with its blocks regenerated (from the text and the file name, for errors).
struct Topic {
  std::string_view name;
  std::string_view document;
  std::string (*blocks)();
  std::string (*regenerate)(std::string_view doc, std::string_view file);
};

std::string indicators_document(std::string_view, std::string_view) { return indicators::markdown(); }

/// Every calibration block under its marker lines: one per scenarios/NAME.free.toml, by name.
std::string calibration_blocks() {
  if (!std::filesystem::is_directory("scenarios"))
    throw std::runtime_error("scenarios: no such folder (run `lightind docs calibration` from the checkout's root)");
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator("scenarios")) {
    const std::string f = e.path().filename().string();
    if (f.ends_with(".free.toml")) names.push_back(f.substr(0, f.size() - 10));
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& n : names) {
    const std::optional<std::string> table = fit::free_parameter_table(".", n);
    if (!table) continue;
    const std::string marker = fmt::format("generated: {} {} -->", fit::kCalibrationTopic, n);
    out += fmt::format("{}<!-- BEGIN {}\n{}<!-- END {}\n", out.empty() ? "" : "\n", marker, *table, marker);
  }
  return out;
}

std::string calibration_document(std::string_view doc, std::string_view file) {
  return fit::calibration_document(doc, file, ".");
}

const std::array kTopics = {
    Topic{detail::kScenarioKeysTopic, "docs/SCENARIOS.md", detail::scenario_key_tables, detail::scenario_keys_document},
    Topic{"indicators", "docs/INDICATORS.md", indicators::markdown, indicators_document},
    Topic{fit::kCalibrationTopic, "docs/CALIBRATION.md", calibration_blocks, calibration_document},
};

std::string topic_names() {
  std::string out;
  for (const Topic& t : kTopics) out += (out.empty() ? "" : ", ") + std::string(t.name);
  return out;
}

struct DocsOptions {
  std::string topic;
  bool json = false;
  std::string update;
  std::string check;
};

int run_docs(const DocsOptions& o) {
  const Topic* topic = nullptr;
  for (const Topic& t : kTopics)
    if (t.name == o.topic) topic = &t;
  if (!topic) {
    fmt::print(stderr, "lightind: docs: TOPIC: expected one of: {}, found \"{}\"\n", topic_names(), o.topic);
    return 2;
  }
  if (o.json) {
    if (topic->name != "indicators") {
      fmt::print(stderr, "lightind: docs: --json: only the topic indicators has a JSON form, found \"{}\"\n", o.topic);
      return 2;
    }
    fmt::print("{}\n", indicators::to_json());
    return 0;
  }
  if (o.update.empty() && o.check.empty()) {
    fmt::print("{}", topic->blocks());
    return 0;
  }
  const std::string& path = o.update.empty() ? o.check : o.update;
  const std::string text = detail::results_io::read_file(path);
  const std::string fresh = topic->regenerate(text, path);
  if (!o.check.empty()) {
    if (fresh == text) return 0;
    fmt::print(stderr,
               "lightind: {} differs from what `lightind docs {}` generates; to update it run:\n"
               "  lightind docs {} --update {}\n",
               path, topic->name, topic->name, path);
    return 1;
  }
  if (fresh != text) write_text_file(path, fresh);
  return 0;
}

}  // namespace

void add_docs_command(CLI::App& app, Action& action) {
  auto [cmd, opts] = add_command<DocsOptions>(
      app, action, "docs", "the generated parts of the documents (topics: " + topic_names() + ")", run_docs);
  cmd->add_option("topic", opts->topic, "what to generate: " + topic_names())->required();
  auto* update = cmd->add_option("--update", opts->update,
                                 "rewrite the generated blocks of this document in place (the rest is left as it is)");
  auto* check = cmd->add_option("--check", opts->check,
                                "exit 1, naming the command that fixes it, when this "
                                "document's generated blocks differ");
  update->excludes(check);
  cmd->add_flag("--json", opts->json, "indicators: print the registry as JSON (as the page and the report embed it)")
      ->excludes(update)
      ->excludes(check);
}

}  // namespace lightind::cli
