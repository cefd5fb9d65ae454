// The cost of memory's first touch against its use (issue 16, the page's response): N MiB of
// fresh anonymous memory, written one byte a page the first time (the kernel maps and zeroes
// each page; on a virtual machine the host may have to back it too), then again, then whole
// with memset; in 4 KiB pages and advised for transparent huge pages. Then serve::warm_heap
// on as much fresh heap, as the page server calls it. Usage:
// build/release/bench/lightind_bench_first_touch [MiB] (default 64)
#include <malloc.h>
#include <sys/mman.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "serve/heap.hpp"

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void touch(std::size_t mib, bool huge) {
  const std::size_t n = mib << 20, align = std::size_t{2} << 20;
  void* raw = mmap(nullptr, n + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return;
  auto* p = reinterpret_cast<unsigned char*>((reinterpret_cast<std::uintptr_t>(raw) + align - 1) & ~(align - 1));
  if (huge) (void)madvise(p, n, MADV_HUGEPAGE);
  auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; i += 4096) reinterpret_cast<volatile unsigned char*>(p)[i] = 1;
  const double first = ms_since(t0);
  t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; i += 4096) reinterpret_cast<volatile unsigned char*>(p)[i] = 2;
  const double second = ms_since(t0);
  t0 = std::chrono::steady_clock::now();
  std::memset(p, 3, n);
  asm volatile("" : : "r"(p) : "memory");
  const double all = ms_since(t0);
  fmt::print("  {:<22} first touch {:7.1f} ms ({:5.2f} GB/s), again {:5.2f} ms, memset {:5.1f} ms ({:5.1f} GB/s)\n",
             huge ? "huge pages advised" : "4 KiB pages", first, static_cast<double>(n) / 1e6 / first, second, all,
             static_cast<double>(n) / 1e6 / all);
  munmap(raw, n + align);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t mib = argc > 1 ? static_cast<std::size_t>(std::atol(argv[1])) : 64;
  fmt::print("first touch of {} MiB of fresh memory, against writing it again\n", mib);
  for (int round = 0; round < 2; ++round) {
    touch(mib, true);
    touch(mib, false);
  }
  mallopt(M_MMAP_THRESHOLD, 512 << 20);  // as cli::tune_heap: the block comes from the heap and stays there
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  auto t0 = std::chrono::steady_clock::now();
  lightind::serve::warm_heap(mib << 20);
  const double warm = ms_since(t0);
  t0 = std::chrono::steady_clock::now();
  auto* p = static_cast<unsigned char*>(std::malloc(mib << 20));
  if (p != nullptr) std::memset(p, 1, mib << 20);
  asm volatile("" : : "r"(p) : "memory");  // the writes are kept (no dead-store elimination before free)
  const double after = ms_since(t0);
  std::free(p);
  fmt::print("  serve::warm_heap       {:7.1f} ms; then a block of that size, allocated and written: {:.1f} ms\n", warm, after);
}
