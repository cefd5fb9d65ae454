// lightind: starting the programs beside `lightind` (src/cli/helpers.hpp).
#include "cli/helpers.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace lightind::cli {

namespace {

std::vector<char*> program_args;  // argv as main() received it, null-terminated

}  // namespace

void keep_program_args(int argc, char** argv) { program_args.assign(argv, argv + argc); }

int exec_helper(const char* name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path helper = (ec ? fs::path(program_args.empty() ? "" : program_args[0]) : self).parent_path() / name;
  std::vector<char*> args = program_args;
  if (args.empty()) args.push_back(const_cast<char*>(name));
  args.push_back(nullptr);
  ::execv(helper.c_str(), args.data());
  fmt::print(stderr, "lightind: cannot start {}: {} (this command runs in the program {}, installed beside lightind)\n",
             helper.string(), std::strerror(errno), name);
  return 1;
}

}  // namespace lightind::cli
