// lightind: starting the programs beside `lightind` (src/cli/helpers.hpp).
#include "cli/helpers.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
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

void tune_heap() {
  constexpr std::size_t kHuge = std::size_t{2} << 20;      // a huge page on x86-64 and arm64 (4 KiB base pages)
  constexpr std::size_t kReserve = std::size_t{256} << 20;  // advised at the top of the main heap
  // Blocks under 512 MiB come from the heap, and a free keeps up to 1 GiB at its top: the
  // monthly scratch arrays reuse the same pages instead of faulting in new ones every month.
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  void* p = std::malloc(kReserve);
  if (p == nullptr) return;
  const auto lo = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto hi = (reinterpret_cast<std::uintptr_t>(p) + kReserve) & ~(kHuge - 1);
  // Advice only: where the kernel has no huge pages to give, or refuses, nothing changes.
  if (hi > lo) (void)::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
  std::free(p);  // stays in the heap (trim threshold above): later allocations land in it
}

}  // namespace lightind::cli
