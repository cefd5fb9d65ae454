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

#include <toml++/toml.h>

#include "lightind/scenario.hpp"
#include "scenario/schema.hpp"
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

/// A scenario file of tests/scenario/data/, as text.
inline std::string fixture(const std::string& name) {
  return test_util::read_file(std::filesystem::path(LIGHTIND_SOURCE_DIR) / "tests" / "scenario" / "data" / name);
}

/// A small valid scenario (tests/scenario/data/mini.toml): two sectors, two regions, one listed
/// enterprise, one generator.
inline const std::string kMiniScenario = fixture("mini.toml");

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
    // Line 0 (no single line: `--set`, a missing file) is not written; nor is the key "(file)".
    const std::string where = line > 0 ? file + ":" + std::to_string(line) : file;
    EXPECT_NE(what.find(where + ": " + (key == "(file)" ? "" : key + ": ") + "expected "), std::string::npos) << what;
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

/// Loads the scenario at `path` with the one `--set` argument `set`, which must be rejected
/// under `key` (file "--set", line 0); returns the error for further checks.
inline ScenarioError expect_set_error(const std::string& path, const std::string& set, const std::string& key) {
  return expect_error([&] { (void)load_scenario(path, {set}); }, "--set", 0, key);
}

/// Each word the schema allows for `section`.`key` reaches its enumerator: `base` loaded with
/// the `--set` argument `set_before + word + set_after` gives the word back through
/// `word_in(description)` (the enumerator's `to_string`).
inline void expect_each_word_maps(const std::string& base, const char* section, const char* key,
                                  const std::string& set_before, const std::string& set_after,
                                  const std::function<std::string(const Description&)>& word_in) {
  for (const std::string& w : detail::words(detail::find_key(section, key)->choices)) {
    SCOPED_TRACE(std::string(section) + "." + key + " = " + w);
    EXPECT_EQ(word_in(load_scenario_text(base, "words.toml", {set_before + w + set_after})), w);
  }
}

/// One rejected scenario text, for the table-driven tests of bad input: loading `text` must
/// fail at the first line holding `at` (moved by `line_offset`) under `key`; each of the
/// other fields that is not empty is checked too.
struct Rejection {
  std::string name;           ///< what the case shows (printed when it fails)
  std::string text;           ///< the scenario, usually a good one with one edit
  std::string at;             ///< a piece of the line the error must name
  std::string key;            ///< the key the error must name
  std::string expected = {};  ///< the error's expected(), to the letter
  std::string found = {};     ///< the error's found(), to the letter
  std::string hint = {};      ///< a piece of the message (a suggestion, a figure)
  std::vector<std::string> expected_parts = {};  ///< pieces of expected()
  int line_offset = 0;        ///< the error's line relative to the line holding `at`
  std::vector<std::string> sets = {};  ///< --set arguments
};

/// The cases of the array `table` ("mini", "policy" or "event") of tests/scenario/rejections.toml,
/// each an edit of `base` (that file says how its fields are read).
inline std::vector<Rejection> read_rejections(const std::string& table, const std::string& base) {
  const std::string path = std::string(LIGHTIND_SOURCE_DIR) + "/tests/scenario/rejections.toml";
  const toml::table file = toml::parse_file(path);
  const toml::array* cases = file[table].as_array();
  EXPECT_NE(cases, nullptr) << path << " has no [[" << table << "]]";
  std::vector<Rejection> out;
  if (cases == nullptr) return out;
  for (const toml::node& node : *cases) {
    const toml::table& c = *node.as_table();
    const auto text = [&](const char* field) { return c[field].value_or(std::string()); };
    const auto list = [&](const char* field) {  // an array of strings, or one string
      std::vector<std::string> v;
      if (const toml::array* a = c[field].as_array())
        for (const toml::node& item : *a) v.push_back(item.value_or(std::string()));
      else if (c[field].is_string())
        v.push_back(text(field));
      return v;
    };
    Rejection r{.name = text("name"), .text = base, .at = text("at"), .key = text("key")};
    const std::vector<std::string> edits = list("replace");
    EXPECT_EQ(edits.size() % 2, 0u) << r.name << ": replace wants pairs";
    for (size_t i = 0; i + 1 < edits.size(); i += 2) r.text = replace(r.text, edits[i], edits[i + 1]);
    r.text += text("append");
    r.expected = text("expected");
    r.found = text("found");
    r.hint = text("hint");
    r.expected_parts = list("expected_part");
    r.line_offset = c["line_offset"].value_or(0);
    r.sets = list("sets");
    out.push_back(std::move(r));
  }
  return out;
}

/// Checks one Rejection (see there); returns the error for further checks.
inline ScenarioError expect_rejection(const Rejection& r) {
  SCOPED_TRACE(r.name);
  const ScenarioError e = expect_file_error(r.text, line_of(r.text, r.at) + r.line_offset, r.key, r.sets);
  if (!r.expected.empty()) {
    EXPECT_EQ(e.expected(), r.expected);
  }
  if (!r.found.empty()) {
    EXPECT_EQ(e.found(), r.found);
  }
  if (!r.hint.empty()) {
    EXPECT_NE(message(e).find(r.hint), std::string::npos) << message(e);
  }
  for (const std::string& part : r.expected_parts) {
    EXPECT_NE(e.expected().find(part), std::string::npos) << e.expected();
  }
  return e;
}

}  // namespace lightind::scenario_test
