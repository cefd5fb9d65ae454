// lightind: the page server's heap, faulted in before the page is served (issue 16, the
// page's response).
#pragma once

#include <cstddef>

namespace lightind::serve {

/// Faults in `bytes` of fresh heap memory and hands it back to malloc, which keeps it when
/// the trim and mmap thresholds allow (cli::tune_heap sets them in every lightind program):
/// what later allocates there finds its pages already mapped. On the project's 2-core
/// virtual machine the first touch of a page costs far more than its use, 0.3-1.9 GB/s
/// against 26-44 GB/s for writing the same memory again
/// (bench/results/issue16-session14-vm-2026-12-07.txt). A byte is written in each page.
/// Nothing happens for 0 bytes or when the allocation fails.
void warm_heap(std::size_t bytes);

}  // namespace lightind::serve
