// lightind: Leontief solves (see leontief.hpp).
#include "planner/leontief.hpp"

#include <algorithm>
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

  // The residual of an iterate is B (x_k - x_{k-1}), B the part of A that was applied to old
  // values (all of A for Jacobi; the entries on the not-yet-updated side of the diagonal for
  // Gauss-Seidel). So ||r||_1 <= sum_j c_j |x_k,j - x_{k-1},j| with c_j the column sums of
  // |B| (c_j <= alpha), and ||x - x_k||_1 <= ||r||_1 / (1 - alpha): the bound used below,
  // never above alpha / (1 - alpha) ||x_k - x_{k-1}||_1.
  const bool jacobi = options.method == LeontiefMethod::Jacobi;
  std::vector<double> c(n, 0.0), diag(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) {
      const auto j = static_cast<std::size_t>(col[p]);
      if (jacobi || (options.backward ? j < i : j > i)) c[j] += std::abs(val[p]);
      if (j == i) diag[i] += val[p];
    }
  const double* cw = c.data();
  const double inv_gap = 1.0 / (1.0 - r.alpha);

  auto finish_sweep = [&](double weighted, double delta, double norm) {
    ++r.iterations;
    r.update_bound = factor * delta;
    r.error_bound = std::min(r.update_bound, weighted * inv_gap);
    r.relative_bound = norm > 0.0 ? r.error_bound / norm : 0.0;
    return r.relative_bound <= options.tolerance;
  };

  if (jacobi) {
    std::vector<double> next(n);
    while (r.iterations < options.max_iterations) {
      const double* x = r.x.data();
      double* y = next.data();
      double weighted = 0.0, delta = 0.0, norm = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        double s = dd[i];
        for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) s += val[p] * x[col[p]];
        y[i] = s;
        const double change = std::abs(s - x[i]);
        delta += change;
        weighted += cw[i] * change;
        norm += std::abs(s);
      }
      std::swap(r.x, next);
      if (finish_sweep(weighted, delta, norm)) break;
    }
  } else {
    std::vector<double> inv(n);
    for (std::size_t i = 0; i < n; ++i) inv[i] = 1.0 / (1.0 - diag[i]);
    double* x = r.x.data();
    const double* dg = diag.data();
    const double* iv = inv.data();
    auto row = [&](std::size_t i, double& weighted, double& delta, double& norm) {
      double s = dd[i];
      for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) s += val[p] * x[col[p]];
      const double old = x[i];
      const double next = (s - dg[i] * old) * iv[i];
      x[i] = next;
      const double change = std::abs(next - old);
      delta += change;
      weighted += cw[i] * change;
      norm += std::abs(next);
    };
    while (r.iterations < options.max_iterations) {
      double weighted = 0.0, delta = 0.0, norm = 0.0;
      if (options.backward) {
        for (std::size_t i = n; i-- > 0;) row(i, weighted, delta, norm);
      } else {
        for (std::size_t i = 0; i < n; ++i) row(i, weighted, delta, norm);
      }
      if (finish_sweep(weighted, delta, norm)) break;
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
