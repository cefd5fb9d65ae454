// Helpers that every test folder shares: scratch folders, whole files, and running a
// shell command with its output. The folders' own headers (cli/cli_test_util.hpp,
// scenario/scenario_test_util.hpp, results/results_fixture.hpp, ...) build on these.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace lightind::test_util {

struct Result {
  int code = -1;       ///< exit status (-1 when the command could not run or was killed)
  std::string output;  ///< what the command wrote on its standard output
};

/// Runs `cmd` with /bin/sh, capturing its standard output and exit status (redirect
/// standard error in `cmd` to keep it: `2>&1`).
inline Result run_shell(const std::string& cmd) {
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Where the tests' scratch folders go: $LIGHTIND_TEST_TMP (set by ctest), else the
/// system temp folder / lightind_tests.
inline std::filesystem::path scratch_root() {
  const char* env = std::getenv("LIGHTIND_TEST_TMP");
  return env && *env ? std::filesystem::path(env) : std::filesystem::temp_directory_path() / "lightind_tests";
}

/// `parent` / SUITE.TEST for the running test (not created).
inline std::filesystem::path test_path(const std::filesystem::path& parent) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return parent / (std::string(info->test_suite_name()) + "." + info->name());
}

/// test_path(parent), emptied and created: a fresh scratch folder for the running test.
inline std::filesystem::path fresh_test_dir(const std::filesystem::path& parent) {
  const std::filesystem::path dir = test_path(parent);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// The whole file, as bytes ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

/// Writes `text` to `p` (creating its folders); returns the path as a string.
inline std::string write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

/// Runs `f`, which must throw an `E` whose message contains `part`.
template <typename E, typename F>
void expect_throw_with(F&& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "expected an exception whose message contains: " << part;
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

}  // namespace lightind::test_util
