// The planner's one sparse matrix type and its kernels (src/planner/csr.hpp): the
// matrix-vector product, column sums and norm by hand, and the product's independence of the
// thread count.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <tbb/task_arena.h>

#include "planner/csr.hpp"

namespace lightind::planner {
namespace {

/// [[1, 0, 2], [0, -3, 0]]
Csr two_by_three() { return Csr{.rows = 2, .cols = 3, .ptr = {0, 2, 3}, .idx = {0, 2, 1}, .val = {1.0, 2.0, -3.0}}; }

TEST(Csr, ProductByHand) {
  const Csr a = two_by_three();
  std::vector<double> y(2, 99.0);
  spmv(a, std::vector<double>{1.0, 10.0, 100.0}, y);
  EXPECT_EQ(y, (std::vector<double>{201.0, -30.0}));
  // A^T y' through the transpose: [[1, 0], [0, -3], [2, 0]] (1, 2) = (1, -6, 2).
  std::vector<double> z(3);
  spmv(transpose(a), std::vector<double>{1.0, 2.0}, z);
  EXPECT_EQ(z, (std::vector<double>{1.0, -6.0, 2.0}));
  EXPECT_EQ(a.nnz(), 3);
  EXPECT_EQ(a.bytes(), 3 * 8 + 3 * 4 + 3 * 8u);
}

TEST(Csr, ColumnSumsAndNorm1ByHand) {
  const Csr a = two_by_three();
  EXPECT_EQ(column_abs_sums(a), (std::vector<double>{1.0, 3.0, 2.0}));
  EXPECT_EQ(norm1(a), 3.0);
  EXPECT_EQ(norm1(Csr{}), 0.0);
}

TEST(Csr, ProductIsTheSameAtAnyThreadCount) {
  // A bidiagonal matrix over several fixed blocks: row i = x_i + 0.5 x_(i+1).
  const std::int32_t n = static_cast<std::int32_t>(3 * kBlock + 17);
  Csr a;
  a.rows = a.cols = n;
  a.ptr.push_back(0);
  for (std::int32_t i = 0; i < n; ++i) {
    a.idx.push_back(i);
    a.val.push_back(1.0);
    if (i + 1 < n) {
      a.idx.push_back(i + 1);
      a.val.push_back(0.5);
    }
    a.ptr.push_back(static_cast<std::int64_t>(a.idx.size()));
  }
  std::vector<double> x(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 / static_cast<double>(i + 1);
  std::vector<double> one(x.size()), four(x.size());
  tbb::task_arena(1).execute([&] { spmv(a, x, one); });
  tbb::task_arena(4).execute([&] { spmv(a, x, four); });
  EXPECT_EQ(one, four);
  EXPECT_EQ(one[0], 1.0 + 0.5 * 0.5);
  EXPECT_EQ(one.back(), x.back());
}

}  // namespace
}  // namespace lightind::planner
