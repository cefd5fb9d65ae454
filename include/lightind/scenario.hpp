// lightind: loading scenario files (TOML) into a validated Description.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "lightind/description.hpp"

namespace lightind {

/// A rejected scenario. `what()` is the full message, in the form
///   FILE:LINE: KEY: expected EXPECTED, found FOUND[ (did you mean "X"?)]
/// `line` is 0 when the problem has no single line (for example a cycle of `extends`,
/// or `--set`, which reports the file as "--set").
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, int line, std::string key, std::string expected, std::string found,
                std::string hint = {});
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& expected() const { return expected_; }
  const std::string& found() const { return found_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
  std::string expected_;
  std::string found_;
};

/// Loads `path`, follows `extends` (relative to the extending file), applies each
/// `--set key=value` in order, validates everything and expands the enterprise generators
/// with the scenario's seed (or `seed_override` when non-zero).
/// Throws ScenarioError on any problem; never returns a partial description.
[[nodiscard]] Description load_scenario(const std::string& path, const std::vector<std::string>& sets = {},
                                        std::uint64_t seed_override = 0);

/// Same, from TOML text (used by the fuzzer and tests); `name` stands in for the file name.
/// `extends` is resolved relative to the current directory.
[[nodiscard]] Description load_scenario_text(const std::string& text, const std::string& name,
                                             const std::vector<std::string>& sets = {},
                                             std::uint64_t seed_override = 0);

/// Levenshtein distance, for "did you mean" suggestions.
[[nodiscard]] int edit_distance(const std::string& a, const std::string& b);

/// The closest of `candidates` to `word`, or "" when none is close (distance > max(2, |word|/3)).
[[nodiscard]] std::string closest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace lightind
