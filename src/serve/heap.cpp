// lightind: the page server's heap (see heap.hpp).
#include "serve/heap.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace lightind::serve {

void warm_heap(std::size_t bytes) {
  if (bytes == 0) return;
  auto* p = static_cast<unsigned char*>(std::malloc(bytes));
  if (p == nullptr) return;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const std::uintptr_t lo = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
  const std::uintptr_t hi = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
  // A byte written in each page, not madvise(MADV_POPULATE_WRITE): on the project's VM that
  // maps 4 KiB pages without the host backing them, and the first real write still paid
  // (bench/results/issue16-session14-vm-2026-12-07.txt, section 1).
  for (std::uintptr_t a = lo; a < hi; a += page) *reinterpret_cast<volatile unsigned char*>(a) = 0;
  std::free(p);
}

}  // namespace lightind::serve
