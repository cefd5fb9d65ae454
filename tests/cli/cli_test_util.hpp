// Helpers for tests that run the `lightind` program itself.
#pragma once

#include <filesystem>
#include <string>

#include "test_util.hpp"

namespace lightind::cli_test {

using test_util::read_file;
using test_util::Result;
using test_util::write_file;

/// Runs `lightind ARGS` from the source folder, capturing its output and exit status;
/// standard error goes with the output unless `with_stderr` is false (then it is dropped).
inline Result run_cli(const std::string& args, bool with_stderr = true) {
  return test_util::run_shell(std::string("cd '") + LIGHTIND_SOURCE_DIR + "' && '" + LIGHTIND_CLI + "' " + args +
                              (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

/// The running test's scratch folder, SCRATCH_ROOT/cli/SUITE.TEST (not created).
inline std::filesystem::path scratch_path() { return test_util::test_path(test_util::scratch_root() / "cli"); }

/// A fresh scratch folder for the running test: scratch_path(), emptied and created.
inline std::filesystem::path scratch_dir() { return test_util::fresh_test_dir(test_util::scratch_root() / "cli"); }

}  // namespace lightind::cli_test
