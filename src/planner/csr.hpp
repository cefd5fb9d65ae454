// lightind: the planner's one sparse matrix type (compressed sparse rows) and its kernels: the
// matrix-vector product, the transpose, and the fixed-block loops and reductions that make the
// parallel kernels deterministic. The synthetic economies (sparse_economy.hpp), the Leontief
// solvers (leontief.hpp) and PDLP (pdlp.hpp) all work on it.
//
// Every parallel loop runs over fixed blocks of kBlock indices; blocks may run on any thread,
// and every reduction stores one partial per block and sums the partials in block order, so a
// result is the same bit for bit whatever the number of threads.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace lightind::planner {

inline constexpr std::int64_t kBlock = 4096;

/// A sparse matrix in compressed sparse rows (data-oriented: three plain arrays). Row i's
/// entries are idx[ptr[i] .. ptr[i + 1]) with values val[...], columns ascending within a row.
struct Csr {
  std::int32_t rows = 0, cols = 0;
  std::vector<std::int64_t> ptr;  ///< rows + 1 offsets into idx / val
  std::vector<std::int32_t> idx;  ///< column of each entry, ascending within a row
  std::vector<double> val;        ///< value of each entry

  [[nodiscard]] std::int64_t nnz() const { return static_cast<std::int64_t>(val.size()); }
  /// Bytes held by the three arrays.
  [[nodiscard]] std::size_t bytes() const {
    return ptr.size() * sizeof(std::int64_t) + idx.size() * sizeof(std::int32_t) + val.size() * sizeof(double);
  }
};

/// The transpose (compressed sparse columns of `a` read as rows), columns ascending in each row.
[[nodiscard]] Csr transpose(const Csr& a);

/// y = A x, rows in parallel fixed blocks (each row's sum in entry order, so the result does
/// not depend on the thread count). The one matrix-vector product of the planner.
void spmv(const Csr& a, std::span<const double> x, std::span<double> y);

/// x . y summed by fixed blocks in block order.
[[nodiscard]] double dot(std::span<const double> x, std::span<const double> y);

/// Column sums of |A| (the L1 norms of the columns).
[[nodiscard]] std::vector<double> column_abs_sums(const Csr& a);
/// ||A||_1 = the largest column sum of |A|; an upper bound on the spectral radius.
[[nodiscard]] double norm1(const Csr& a);

/// The number of fixed blocks of [0, n).
[[nodiscard]] inline std::int64_t n_blocks(std::int64_t n) { return (n + kBlock - 1) / kBlock; }

/// f(block, begin, end) for every fixed block of [0, n), in parallel.
template <class F>
void for_blocks(std::int64_t n, const F& f) {
  const std::int64_t nb = n_blocks(n);
  if (nb <= 1) {
    if (n > 0) f(std::int64_t{0}, std::int64_t{0}, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, nb, 1), [&](const tbb::blocked_range<std::int64_t>& r) {
    for (std::int64_t b = r.begin(); b != r.end(); ++b) f(b, b * kBlock, std::min(n, (b + 1) * kBlock));
  });
}

/// Sums of M quantities over [0, n): f(begin, end) returns a block's partial sums; the partials
/// are added in block order (deterministic whatever the thread count).
template <std::size_t M, class F>
std::array<double, M> reduce_blocks(std::int64_t n, const F& f) {
  std::vector<std::array<double, M>> part(static_cast<std::size_t>(std::max<std::int64_t>(1, n_blocks(n))));
  for_blocks(n, [&](std::int64_t b, std::int64_t i0, std::int64_t i1) { part[static_cast<std::size_t>(b)] = f(i0, i1); });
  std::array<double, M> s{};
  for (const auto& p : part)
    for (std::size_t q = 0; q < M; ++q) s[q] += p[q];
  return s;
}

}  // namespace lightind::planner
