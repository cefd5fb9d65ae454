// lightind: scenario loader (placeholder until the loader lands).
#include "lightind/scenario.hpp"

namespace lightind {

ScenarioError::ScenarioError(std::string file, int line, std::string key, std::string expected, std::string found,
                             std::string hint)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + key + ": expected " + expected + ", found " +
                         found + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)")),
      file_(std::move(file)), line_(line), key_(std::move(key)), expected_(std::move(expected)), found_(std::move(found)) {}

Description load_scenario(const std::string& path, const std::vector<std::string>&, std::uint64_t) {
  throw ScenarioError(path, 0, "", "a loader", "none yet");
}
Description load_scenario_text(const std::string&, const std::string& name, const std::vector<std::string>&,
                               std::uint64_t) {
  throw ScenarioError(name, 0, "", "a loader", "none yet");
}
int edit_distance(const std::string&, const std::string&) { return 0; }
std::string closest(const std::string&, const std::vector<std::string>&) { return {}; }

}  // namespace lightind
