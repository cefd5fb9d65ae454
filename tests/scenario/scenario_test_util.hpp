// Helpers shared by the scenario loader tests: scratch folders and scenario files.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "lightind/scenario.hpp"
#include "test_util.hpp"

namespace lightind::scenario_test {

/// A fresh scratch folder for the running test: SCRATCH_ROOT / scenario / SUITE.TEST (see
/// test_util::scratch_root).
inline std::filesystem::path scratch_dir() {
  return test_util::fresh_test_dir(test_util::scratch_root() / "scenario");
}

/// Writes `text` to `dir / name` (creating folders) and returns the path as a string.
inline std::string write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  return test_util::write_file(dir / name, text);
}

/// 1-based line of the first line of `text` that contains `needle` (0 when none).
inline int line_of(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(needle) != std::string::npos) return n;
  return 0;
}

/// A small valid scenario: two sectors, two regions, one listed enterprise, one generator.
inline const std::string kMiniScenario = R"(# A small scenario for the loader tests.
[scenario]
name = "mini"
start = "2012-01"
end = "2013-12"
seed = 7

[[sectors]]
id = "food"
group = "agriculture"
final_use = "food"
labour_per_unit = 0.05
inputs = { food = 0.1, steel = 0.05 }

[[sectors]]
id = "steel"
name = "Steel"
group = "heavy"
final_use = "capital"
gestation_months = 24
inputs = { steel = 0.2 }

[[regions]]
id = "north"
population = 1000000
endowments = { forest = 0.5 }

[[regions]]
id = "south"
population = 3000000
urban_share = 0.3

[[enterprises]]
id = "mill"
sector = "steel"
region = "north"
capacity = 500

[[generators]]
id = "farms"
sector = "food"
count = 10
capacity = 1000

[policy]
investment_share = { heavy = 0.6, light = 0.4 }
)";

/// `text` with the first occurrence of `from` replaced by `to`.
inline std::string replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test text lacks: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

/// Runs `load`, which must throw a ScenarioError naming `file`, `line` and `key` (in the
/// accessors and in the message); returns the error for further checks.
inline ScenarioError expect_error(const std::function<void()>& load, const std::string& file, int line,
                                  const std::string& key) {
  try {
    load();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), file);
    EXPECT_EQ(e.line(), line);
    EXPECT_EQ(e.key(), key);
    const std::string what = e.what();
    EXPECT_NE(what.find(file + ":" + std::to_string(line) + ": " + key + ": expected "), std::string::npos) << what;
    return e;
  }
  ADD_FAILURE() << "expected a ScenarioError for " << key;
  return ScenarioError("", 0, "", "", "");
}

/// Writes `text` as bad.toml in a scratch folder and expects load_scenario to reject it.
inline ScenarioError expect_file_error(const std::string& text, int line, const std::string& key,
                                       const std::vector<std::string>& sets = {}) {
  const std::string path = write_file(scratch_dir(), "bad.toml", text);
  return expect_error([&] { (void)load_scenario(path, sets); }, path, line, key);
}

inline std::string message(const ScenarioError& e) { return e.what(); }

}  // namespace lightind::scenario_test
