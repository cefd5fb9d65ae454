// lightind: internals of the PDLP solver (include/lightind/pdlp.hpp): the sparse kernels with
// fixed-block parallel loops, shared with the tests.
//
// Every loop runs over fixed blocks of kBlock indices; blocks may run on any thread, and every
// reduction stores one partial per block and sums the partials in block order, so a result
// is the same bit for bit whatever the number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lightind::pdlp::detail {

inline constexpr std::int64_t kBlock = 4096;

/// A sparse matrix in compressed sparse rows (rows x cols).
struct Csr {
  std::int32_t rows = 0, cols = 0;
  std::vector<std::int64_t> ptr;  ///< rows + 1 offsets
  std::vector<std::int32_t> idx;  ///< column of each entry, ascending within a row
  std::vector<double> val;
};

/// The transpose (compressed sparse columns of `a` read as rows), columns ascending in each row.
[[nodiscard]] Csr transpose(const Csr& a);

/// y = A x, rows in parallel fixed blocks (each row's sum in entry order).
void spmv(const Csr& a, std::span<const double> x, std::span<double> y);

/// x . y summed by fixed blocks in block order.
[[nodiscard]] double dot(std::span<const double> x, std::span<const double> y);

}  // namespace lightind::pdlp::detail
