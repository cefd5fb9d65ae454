// lightind: Leontief solves (see leontief.hpp).
#include "planner/leontief.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

namespace lightind::planner {

namespace {

void check_sizes(const CsrMatrix& a, std::span<const double> d) {
  if (d.size() != static_cast<std::size_t>(a.n) || a.row_ptr.size() != static_cast<std::size_t>(a.n) + 1)
    throw std::invalid_argument("Leontief solve: A is " + std::to_string(a.n) + " square but d has " +
                                std::to_string(d.size()) + " entries");
}

/// One Gauss-Seidel update of row i in place; returns |change|.
inline double gs_row(const std::int64_t* row_ptr, const std::int32_t* col, const double* val, const double* diag,
                     const double* d, double* x, std::size_t i) {
  double s = d[i];
  for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) s += val[p] * x[col[p]];
  const double old = x[i];
  const double next = (s - diag[i] * old) / (1.0 - diag[i]);
  x[i] = next;
  return std::abs(next - old);
}

}  // namespace

void spmv(const CsrMatrix& a, std::span<const double> x, std::span<double> y) {
  const std::int64_t* row_ptr = a.row_ptr.data();
  const std::int32_t* col = a.col.data();
  const double* val = a.val.data();
  const auto n = static_cast<std::size_t>(a.n);
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0.0;
    for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) s += val[p] * x[col[p]];
    y[i] = s;
  }
}

LeontiefResult solve_leontief(const CsrMatrix& a, std::span<const double> d, const LeontiefOptions& options) {
  check_sizes(a, d);
  LeontiefResult r;
  r.alpha = norm1(a);
  if (!(r.alpha < 1.0))
    throw std::invalid_argument("Leontief solve: ||A||_1 = " + std::to_string(r.alpha) +
                                " >= 1, no error bound (is the economy productive?)");
  const double factor = r.alpha / (1.0 - r.alpha);
  const auto n = static_cast<std::size_t>(a.n);
  const std::int64_t* row_ptr = a.row_ptr.data();
  const std::int32_t* col = a.col.data();
  const double* val = a.val.data();
  const double* dd = d.data();

  r.x.assign(d.begin(), d.end());
  if (n == 0) {
    r.converged = true;
    return r;
  }

  if (options.method == LeontiefMethod::Jacobi) {
    std::vector<double> next(n);
    while (r.iterations < options.max_iterations) {
      const double* x = r.x.data();
      double* y = next.data();
      double delta = 0.0, norm = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        double s = dd[i];
        for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) s += val[p] * x[col[p]];
        y[i] = s;
        delta += std::abs(s - x[i]);
        norm += std::abs(s);
      }
      std::swap(r.x, next);
      ++r.iterations;
      r.error_bound = factor * delta;
      r.relative_bound = norm > 0.0 ? r.error_bound / norm : 0.0;
      if (r.relative_bound <= options.tolerance) break;
    }
  } else {
    std::vector<double> diag(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p)
        if (static_cast<std::size_t>(col[p]) == i) diag[i] += val[p];
    double* x = r.x.data();
    const double* dg = diag.data();
    while (r.iterations < options.max_iterations) {
      double delta = 0.0;
      if (options.backward) {
        for (std::size_t i = n; i-- > 0;) delta += gs_row(row_ptr, col, val, dg, dd, x, i);
      } else {
        for (std::size_t i = 0; i < n; ++i) delta += gs_row(row_ptr, col, val, dg, dd, x, i);
      }
      double norm = 0.0;
      for (std::size_t i = 0; i < n; ++i) norm += std::abs(x[i]);
      ++r.iterations;
      r.error_bound = factor * delta;
      r.relative_bound = norm > 0.0 ? r.error_bound / norm : 0.0;
      if (r.relative_bound <= options.tolerance) break;
    }
  }
  r.converged = r.relative_bound <= options.tolerance;
  return r;
}

std::vector<double> solve_leontief_direct(const CsrMatrix& a, std::span<const double> d) {
  check_sizes(a, d);
  const auto n = static_cast<Eigen::Index>(a.n);
  std::vector<Eigen::Triplet<double>> t;
  t.reserve(a.val.size() + static_cast<std::size_t>(a.n));
  for (std::int32_t i = 0; i < a.n; ++i) {
    t.emplace_back(i, i, 1.0);
    for (auto p = a.row_ptr[static_cast<std::size_t>(i)]; p < a.row_ptr[static_cast<std::size_t>(i) + 1]; ++p)
      t.emplace_back(i, a.col[static_cast<std::size_t>(p)], -a.val[static_cast<std::size_t>(p)]);
  }
  Eigen::SparseMatrix<double> m(n, n);
  m.setFromTriplets(t.begin(), t.end());
  m.makeCompressed();
  Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
  lu.analyzePattern(m);
  lu.factorize(m);
  if (lu.info() != Eigen::Success) throw std::runtime_error("Leontief direct solve: factorisation failed: " + lu.lastErrorMessage());
  Eigen::Map<const Eigen::VectorXd> rhs(d.data(), n);
  Eigen::VectorXd x = lu.solve(rhs);
  if (lu.info() != Eigen::Success) throw std::runtime_error("Leontief direct solve: solve failed");
  return {x.data(), x.data() + x.size()};
}

}  // namespace lightind::planner
