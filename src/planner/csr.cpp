// lightind: the planner's sparse matrix kernels (see csr.hpp).
#include "planner/csr.hpp"

#include <cmath>

namespace lightind::planner {

Csr transpose(const Csr& a) {
  Csr t;
  t.rows = a.cols;
  t.cols = a.rows;
  t.ptr.assign(static_cast<std::size_t>(a.cols) + 1, 0);
  for (std::int32_t j : a.idx) ++t.ptr[static_cast<std::size_t>(j) + 1];
  for (std::size_t j = 0; j < static_cast<std::size_t>(a.cols); ++j) t.ptr[j + 1] += t.ptr[j];
  t.idx.resize(a.idx.size());
  t.val.resize(a.val.size());
  std::vector<std::int64_t> next(t.ptr.begin(), t.ptr.end() - 1);
  for (std::int32_t i = 0; i < a.rows; ++i)
    for (auto p = a.ptr[static_cast<std::size_t>(i)]; p < a.ptr[static_cast<std::size_t>(i) + 1]; ++p) {
      const auto q = static_cast<std::size_t>(next[static_cast<std::size_t>(a.idx[static_cast<std::size_t>(p)])]++);
      t.idx[q] = i;
      t.val[q] = a.val[static_cast<std::size_t>(p)];
    }
  return t;
}

void spmv(const Csr& a, std::span<const double> x, std::span<double> y) {
  const std::int64_t* ptr = a.ptr.data();
  const std::int32_t* idx = a.idx.data();
  const double* val = a.val.data();
  const double* xv = x.data();
  double* yv = y.data();
  for_blocks(a.rows, [&](std::int64_t, std::int64_t i0, std::int64_t i1) {
    for (std::int64_t i = i0; i < i1; ++i) {
      double s = 0.0;
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) s += val[p] * xv[idx[p]];
      yv[i] = s;
    }
  });
}

double dot(std::span<const double> x, std::span<const double> y) {
  const double* a = x.data();
  const double* b = y.data();
  return reduce_blocks<1>(static_cast<std::int64_t>(x.size()), [&](std::int64_t i0, std::int64_t i1) {
    double s = 0.0;
    for (std::int64_t i = i0; i < i1; ++i) s += a[i] * b[i];
    return std::array<double, 1>{s};
  })[0];
}

std::vector<double> column_abs_sums(const Csr& a) {
  std::vector<double> s(static_cast<std::size_t>(a.cols), 0.0);
  const std::size_t nnz = a.val.size();
  for (std::size_t p = 0; p < nnz; ++p) s[static_cast<std::size_t>(a.idx[p])] += std::abs(a.val[p]);
  return s;
}

double norm1(const Csr& a) {
  const auto s = column_abs_sums(a);
  return s.empty() ? 0.0 : *std::max_element(s.begin(), s.end());
}

}  // namespace lightind::planner
