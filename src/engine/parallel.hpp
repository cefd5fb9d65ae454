// lightind: deterministic parallel loops over agent arrays (oneTBB).
//
// Work is cut into fixed blocks whose boundaries do not depend on the thread count; each
// block's partial sums are kept in its own slot and added in block order afterwards, so
// floating-point results are bit-identical at any number of threads (STYLE.md 5).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include <tbb/parallel_for.h>

namespace lightind::detail {

inline constexpr std::size_t kBlock = 4096;

inline std::size_t block_count(std::size_t n) { return (n + kBlock - 1) / kBlock; }

/// Calls body(block, begin, end) for every fixed block, in parallel.
template <class Body>
void for_blocks(std::size_t n, Body&& body) {
  const std::size_t nb = block_count(n);
  tbb::parallel_for(std::size_t{0}, nb, [&](std::size_t b) {
    const std::size_t lo = b * kBlock, hi = std::min(n, lo + kBlock);
    body(b, lo, hi);
  });
}

/// Sum over i of f(i) for K quantities at once, deterministic: f(i, acc) adds into acc.
template <std::size_t K, class F>
std::array<double, K> block_sums(std::size_t n, F&& f) {
  std::vector<std::array<double, K>> part(block_count(n), std::array<double, K>{});
  for_blocks(n, [&](std::size_t b, std::size_t lo, std::size_t hi) {
    std::array<double, K> acc{};
    for (std::size_t i = lo; i < hi; ++i) f(i, acc);
    part[b] = acc;
  });
  std::array<double, K> total{};
  for (const auto& p : part)
    for (std::size_t k = 0; k < K; ++k) total[k] += p[k];
  return total;
}

}  // namespace lightind::detail
