// The page server's heap warming (src/serve/heap.hpp). Each test runs in a process of its own
// (gtest_discover_tests), so the heap's top has not been touched before.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#include "serve/heap.hpp"

namespace {

long resident_mib() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long size = 0, resident = 0;
  const int got = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return got == 2 ? resident * sysconf(_SC_PAGESIZE) / (1 << 20) : -1;
}

}  // namespace

TEST(Heap, WarmedMemoryIsResidentAndReusedByTheNextAllocation) {
  // The thresholds cli::tune_heap sets in every lightind program.
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  const long r0 = resident_mib();
  ASSERT_GE(r0, 0);
  lightind::serve::warm_heap(std::size_t{64} << 20);
  const long r1 = resident_mib();
  EXPECT_GE(r1 - r0, 60) << "64 MiB warmed";
  // A block of that size lands on the warmed pages: writing all of it adds almost nothing.
  auto* p = static_cast<unsigned char*>(std::malloc(std::size_t{64} << 20));
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, std::size_t{64} << 20);
  asm volatile("" : : "r"(p) : "memory");  // the writes are kept (no dead-store elimination before free)
  const long r2 = resident_mib();
  std::free(p);
  EXPECT_LE(r2 - r1, 4) << "written after the warming";
}

TEST(Heap, WarmingNothingTouchesNothing) {
  const long r0 = resident_mib();
  ASSERT_GE(r0, 0);
  lightind::serve::warm_heap(0);
  // Within 1 MiB, not exactly: the resident size is read in whole MiB and can cross a boundary
  // between the two reads for reasons of its own (it failed once that way under a parallel CI
  // build, 2026-12-07). Warming anything at all would add megabytes (the test above: 64).
  EXPECT_LE(resident_mib() - r0, 1);
}
