// Helpers for tests that run the `lightind` program itself.
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

namespace lightind::cli_test {

struct Result {
  int code = -1;       ///< exit status
  std::string output;  ///< stdout and stderr together
};

/// Runs `lightind ARGS` from the source folder, capturing its output and exit status;
/// standard error goes with the output unless `with_stderr` is false (then it is dropped).
inline Result run_cli(const std::string& args, bool with_stderr = true) {
  const std::string cmd = std::string("cd '") + LIGHTIND_SOURCE_DIR + "' && '" + LIGHTIND_CLI + "' " + args +
                          (with_stderr ? " 2>&1" : " 2>/dev/null");
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

/// A fresh scratch folder for the running test.
inline std::filesystem::path scratch_dir() {
  const char* env = std::getenv("LIGHTIND_TEST_TMP");
  std::filesystem::path root =
      env && *env ? std::filesystem::path(env) : std::filesystem::temp_directory_path() / "lightind_tests";
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = root / "cli" / (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline std::string write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

}  // namespace lightind::cli_test
