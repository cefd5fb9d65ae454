// lightind: Leontief solves (see leontief.hpp).
#include "planner/leontief.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include <cstdlib>
#include <cstring>
#include <memory>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

namespace lightind::planner {

namespace {

void check_sizes(const Csr& a, std::span<const double> d) {
  if (a.rows != a.cols || a.ptr.size() != static_cast<std::size_t>(a.rows) + 1)
    throw std::invalid_argument("Leontief solve: A must be square, is " + std::to_string(a.rows) + " x " +
                                std::to_string(a.cols));
  if (d.size() != static_cast<std::size_t>(a.rows))
    throw std::invalid_argument("Leontief solve: A is " + std::to_string(a.rows) + " square but d has " +
                                std::to_string(d.size()) + " entries");
}

/// A regrouped for cache-blocked forward Gauss-Seidel (see solve_leontief). Products are cut
/// into blocks of `block`. A short row keeps its entries in its own column block in `own` (a
/// Csr of the same shape as A) and puts the others into its row block's off-block list (COO,
/// ordered by column block, rows ascending within one); a long row (its columns dense enough
/// that the plain gather streams) keeps all its entries in `own`.
struct BlockedRows {
  std::int32_t block = 0;
  std::int32_t blocks = 0;
  std::vector<std::int64_t> off_ptr;  ///< blocks + 1: row block r's off-block entries
  std::vector<std::int32_t> off_row;  ///< row - first row of the block
  std::vector<std::int32_t> off_col;  ///< column (global)
  std::vector<double> off_val;
  Csr own;
};

BlockedRows block_rows(const Csr& a, std::int32_t block) {
  BlockedRows b;
  const auto n = static_cast<std::size_t>(a.rows);
  const auto bs = static_cast<std::size_t>(block);
  const std::size_t nb = (n + bs - 1) / bs;
  b.block = block;
  b.own.rows = a.rows;
  b.own.cols = a.cols;
  b.blocks = static_cast<std::int32_t>(nb);
  auto is_long = [&](std::size_t i) { return static_cast<std::size_t>(a.ptr[i + 1] - a.ptr[i]) * 32 >= n; };
  // Count: per row (own block or whole long row) and per (row block, column block).
  std::vector<std::int64_t> seg(nb * nb + 1, 0);
  b.own.ptr.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = i / bs;
    if (is_long(i)) {
      b.own.ptr[i + 1] = a.ptr[i + 1] - a.ptr[i];
      continue;
    }
    for (auto p = a.ptr[i]; p < a.ptr[i + 1]; ++p) {
      const std::size_t c = static_cast<std::size_t>(a.idx[static_cast<std::size_t>(p)]) / bs;
      if (c == r) ++b.own.ptr[i + 1];
      else ++seg[r * nb + c + 1];
    }
  }
  for (std::size_t i = 0; i < n; ++i) b.own.ptr[i + 1] += b.own.ptr[i];
  for (std::size_t s = 0; s < nb * nb; ++s) seg[s + 1] += seg[s];
  b.off_ptr.resize(nb + 1);
  for (std::size_t r = 0; r <= nb; ++r) b.off_ptr[r] = seg[r * nb];
  const auto own = static_cast<std::size_t>(b.own.ptr[n]);
  const auto off = static_cast<std::size_t>(seg[nb * nb]);
  b.own.idx.resize(own);
  b.own.val.resize(own);
  b.off_row.resize(off);
  b.off_col.resize(off);
  b.off_val.resize(off);
  // Fill in row order, so each (row block, column block) segment has its rows ascending.
  std::size_t q = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = i / bs;
    const bool whole = is_long(i);
    for (auto p = a.ptr[i]; p < a.ptr[i + 1]; ++p) {
      const auto pp = static_cast<std::size_t>(p);
      const std::int32_t j = a.idx[pp];
      const std::size_t c = static_cast<std::size_t>(j) / bs;
      if (whole || c == r) {
        b.own.idx[q] = j;
        b.own.val[q] = a.val[pp];
        ++q;
      } else {
        const auto o = static_cast<std::size_t>(seg[r * nb + c]++);
        b.off_row[o] = static_cast<std::int32_t>(i - r * bs);
        b.off_col[o] = j;
        b.off_val[o] = a.val[pp];
      }
    }
  }
  return b;
}

/// A copy of v in memory that the kernel is asked to back with transparent huge pages: the
/// sweeps' gathers into x (tens of MB) otherwise miss the TLB on nearly every entry.
struct HugeCopy {
  std::unique_ptr<double, decltype(&std::free)> data{nullptr, &std::free};
  explicit HugeCopy(const std::vector<double>& v) {
    constexpr std::size_t kHuge = std::size_t{1} << 21;
    const std::size_t bytes = (v.size() * sizeof(double) + kHuge - 1) / kHuge * kHuge;
    data.reset(static_cast<double*>(std::aligned_alloc(kHuge, bytes)));
    if (!data) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    (void)madvise(data.get(), bytes, MADV_HUGEPAGE);
#endif
    std::memcpy(data.get(), v.data(), v.size() * sizeof(double));
  }
};

/// I - A as an Eigen row-major sparse matrix, filled in place from the CSR arrays (the diagonal
/// merged into each row at its column position).
Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t> identity_minus(const Csr& a) {
  using Index = std::int64_t;
  const auto n = static_cast<std::size_t>(a.rows);
  std::size_t nnz = a.val.size();
  for (std::size_t i = 0; i < n; ++i) {
    bool has = false;
    for (auto p = a.ptr[i]; p < a.ptr[i + 1]; ++p) has = has || static_cast<std::size_t>(a.idx[static_cast<std::size_t>(p)]) == i;
    if (!has) ++nnz;
  }
  Eigen::SparseMatrix<double, Eigen::RowMajor, Index> m(a.rows, a.cols);
  m.resizeNonZeros(static_cast<Index>(nnz));
  Index* outer = m.outerIndexPtr();
  Index* inner = m.innerIndexPtr();
  double* v = m.valuePtr();
  Index q = 0;
  for (std::size_t i = 0; i < n; ++i) {
    outer[i] = q;
    bool placed = false;
    for (auto p = a.ptr[i]; p < a.ptr[i + 1]; ++p) {
      const auto pp = static_cast<std::size_t>(p);
      const auto j = static_cast<std::size_t>(a.idx[pp]);
      if (!placed && j >= i) {
        placed = true;
        inner[q] = static_cast<Index>(i);
        v[q] = j == i ? 1.0 - a.val[pp] : 1.0;
        ++q;
        if (j == i) continue;
      }
      inner[q] = static_cast<Index>(j);
      v[q] = -a.val[pp];
      ++q;
    }
    if (!placed) {
      inner[q] = static_cast<Index>(i);
      v[q] = 1.0;
      ++q;
    }
  }
  outer[n] = q;
  return m;
}

/// BiCGSTAB on (I - A) x = d (Eigen, van der Vorst 1992) with the residual bound of
/// leontief.hpp: ||x - x_k||_1 <= ||d - (I - A) x_k||_1 / (1 - alpha). Eigen stops on
/// ||r||_2 / ||d||_2 <= tol with its updated residual; the true residual is recomputed after each
/// run and, while the bound is above the tolerance, the solve continues from x_k with a tighter tol.
template <class Preconditioner>
void solve_bicgstab(const Csr& a, std::span<const double> d, const LeontiefOptions& options, LeontiefResult& r) {
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;
  const Matrix m = identity_minus(a);
  const auto n = static_cast<Eigen::Index>(a.rows);
  const Eigen::Map<const Eigen::VectorXd> rhs(d.data(), n);
  Eigen::BiCGSTAB<Matrix, Preconditioner> solver;
  solver.setMaxIterations(options.max_iterations);
  solver.compute(m);
  if (solver.info() != Eigen::Success) throw std::runtime_error("Leontief BiCGSTAB: the preconditioner's set-up failed");
  const double inv_gap = 1.0 / (1.0 - r.alpha);
  // First tol: the bound's target with ||r||_1 / ||d||_1 read as ||r||_2 / ||d||_2.
  double tol = options.tolerance * (1.0 - r.alpha);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
  for (int round = 0; round < 8; ++round) {
    solver.setTolerance(tol);
    x = solver.solveWithGuess(rhs, x);
    r.iterations += static_cast<int>(solver.iterations());
    const Eigen::VectorXd res = rhs - m * x;
    r.residual = res.lpNorm<1>();
    r.error_bound = r.residual * inv_gap;
    r.update_bound = r.error_bound;
    const double norm = x.lpNorm<1>();
    r.relative_bound = norm > 0.0 ? r.error_bound / norm : 0.0;
    if (r.relative_bound <= options.tolerance || r.iterations >= options.max_iterations) break;
    tol *= std::max(1e-3, 0.5 * options.tolerance / r.relative_bound);
  }
  r.x.assign(x.data(), x.data() + n);
}

/// BiCGSTAB (van der Vorst 1992, "Bi-CGSTAB: a fast and smoothly converging variant of Bi-CG")
/// on (I - A) x = d, with the residual bound of leontief.hpp checked every iteration on the
/// recursively updated residual and confirmed on the recomputed one (when that misses, the
/// iteration restarts from x with the true residual). Jacobi preconditioning by a column scaling
/// (I - A) D^-1 z = d, x = D^-1 z, D = diag(I - A), applied only when A has a diagonal. Every vector
/// update is fused with the dot products that follow it and each product y = (I - A) v is one pass
/// over A's rows: two passes over A and about 16 vector streams per iteration. Every loop runs over
/// the planner's fixed blocks in parallel (oneTBB; csr.hpp) and every sum adds the blocks' partials
/// in block order, so x is the same bit for bit at any thread count.
/// The iterations of solve_bicgstab_fused on M = (I - A) D^-1 (A already scaled when kScaled;
/// without a diagonal D = I and the loops skip it).
template <bool kScaled>
void bicgstab_core(const Csr& a, const std::vector<double>& inv, std::span<const double> d, const LeontiefOptions& options,
                   LeontiefResult& r) {
  const auto n = static_cast<std::size_t>(a.rows);
  const std::int64_t* rp = a.ptr.data();
  const std::int32_t* ci = a.idx.data();
  const double* av = a.val.data();
  const double* iv = inv.data();
  auto W = [&](std::size_t i) { return kScaled ? iv[i] : 1.0; };
  // y = (I - A) D^-1 v = D^-1 v - (A D^-1) v, A D^-1 the scaled copy (D = I without a diagonal).
  auto apply = [&](const double* v, double* y, std::size_t i) {
    double s = 0.0;
    for (auto p = rp[i]; p < rp[i + 1]; ++p) s += av[p] * v[ci[p]];
    y[i] = W(i) * v[i] - s;
  };
  const double inv_gap = 1.0 / (1.0 - r.alpha);
  std::vector<double> zv(d.begin(), d.end()), rv(n), rhv(n), pv(n, 0.0), vv(n, 0.0), sv(n), tv(n);
  double* z = zv.data();  // z = D x; x0 = d
  auto X = [&](std::size_t i) { return z[i] * W(i); };
  for (std::size_t i = 0; i < n; ++i) z[i] = d[i] / W(i);
  double* res = rv.data();
  double* rh = rhv.data();
  double* pp = pv.data();
  double* v = vv.data();
  double* sp = sv.data();
  double* t = tv.data();
  const double* dd = d.data();
  const auto nn = static_cast<std::int64_t>(n);
  using Sums1 = std::array<double, 1>;
  using Sums2 = std::array<double, 2>;
  using Sums3 = std::array<double, 3>;
  auto idx = [](std::int64_t i) { return static_cast<std::size_t>(i); };
  // r = d - M z; rh = r; returns rho = rh . r and ||r||_1.
  auto restart = [&] {
    const auto s = reduce_blocks<2>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums2 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) {
        apply(z, t, i);
        res[i] = dd[i] - t[i];
        rh[i] = res[i];
        pp[i] = 0.0;
        v[i] = 0.0;
        q[0] += res[i] * res[i];
        q[1] += std::abs(res[i]);
      }
      return q;
    });
    return std::pair{s[0], s[1]};
  };
  auto x_norm = [&] {
    return reduce_blocks<1>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums1 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) q[0] += std::abs(X(i));
      return q;
    })[0];
  };
  // The bound of x = D^-1 z from a residual's L1 norm.
  auto bound_of = [&](double res1) {
    const double xn = x_norm();
    r.residual = res1;
    r.error_bound = res1 * inv_gap;
    r.update_bound = r.error_bound;
    r.relative_bound = xn > 0.0 ? r.error_bound / xn : 0.0;
    return r.relative_bound <= options.tolerance;
  };
  auto true_residual_ok = [&] {
    const double res1 = reduce_blocks<1>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums1 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) {
        apply(z, t, i);
        q[0] += std::abs(dd[i] - t[i]);
      }
      return q;
    })[0];
    return bound_of(res1);
  };
  const auto first = restart();
  double rho = first.first;
  const double res0 = first.second;
  double alpha = 1.0, omega = 1.0, rho_prev = 1.0;
  auto again = [&] {
    rho = restart().first;
    rho_prev = alpha = omega = 1.0;
  };
  if (bound_of(res0)) {
    for (std::size_t i = 0; i < n; ++i) r.x[i] = X(i);
    return;
  }
  while (r.iterations < options.max_iterations) {
    ++r.iterations;
    const double beta = (rho / rho_prev) * (alpha / omega);
    for_blocks(nn, [&](std::int64_t, std::int64_t i0, std::int64_t i1) {
      for (std::size_t i = idx(i0); i < idx(i1); ++i) pp[i] = res[i] + beta * (pp[i] - omega * v[i]);
    });
    const double rhv_dot = reduce_blocks<1>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums1 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) {
        apply(pp, v, i);
        q[0] += rh[i] * v[i];
      }
      return q;
    })[0];
    if (rhv_dot == 0.0 || !std::isfinite(rhv_dot)) {  // breakdown: restart from z
      again();
      continue;
    }
    alpha = rho / rhv_dot;
    // The half step z + alpha p has the residual s: stop there when its bound holds.
    const auto half = reduce_blocks<2>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums2 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) {
        sp[i] = res[i] - alpha * v[i];
        q[0] += std::abs(sp[i]);
        q[1] += std::abs((z[i] + alpha * pp[i]) * W(i));
      }
      return q;
    });
    if (half[0] * inv_gap <= options.tolerance * half[1]) {
      for_blocks(nn, [&](std::int64_t, std::int64_t i0, std::int64_t i1) {
        for (std::size_t i = idx(i0); i < idx(i1); ++i) z[i] += alpha * pp[i];
      });
      if (true_residual_ok()) break;
      again();
      continue;
    }
    const auto tst = reduce_blocks<2>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums2 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) {
        apply(sp, t, i);
        q[0] += t[i] * sp[i];
        q[1] += t[i] * t[i];
      }
      return q;
    });
    omega = tst[1] > 0.0 ? tst[0] / tst[1] : 0.0;
    rho_prev = rho;
    const auto upd = reduce_blocks<3>(nn, [&](std::int64_t i0, std::int64_t i1) {
      Sums3 q{};
      for (std::size_t i = idx(i0); i < idx(i1); ++i) {
        z[i] += alpha * pp[i] + omega * sp[i];
        res[i] = sp[i] - omega * t[i];
        q[0] += rh[i] * res[i];
        q[1] += std::abs(res[i]);
        q[2] += std::abs(X(i));
      }
      return q;
    });
    rho = upd[0];
    if (upd[1] * inv_gap <= options.tolerance * upd[2]) {
      if (true_residual_ok()) break;
      again();
    } else if (omega == 0.0 || rho == 0.0) {
      again();
    }
  }
  for (std::size_t i = 0; i < n; ++i) r.x[i] = X(i);
}

void solve_bicgstab_fused(const Csr& a0, std::span<const double> d, const LeontiefOptions& options, LeontiefResult& r) {
  const auto n = static_cast<std::size_t>(a0.rows);
  // Jacobi scaling by columns, only when some a_jj != 0.
  std::vector<double> inv(n, 1.0);
  bool scaled = false;
  for (std::size_t i = 0; i < n; ++i)
    for (auto p = a0.ptr[i]; p < a0.ptr[i + 1]; ++p)
      if (static_cast<std::size_t>(a0.idx[static_cast<std::size_t>(p)]) == i && a0.val[static_cast<std::size_t>(p)] != 0.0) {
        inv[i] = 1.0 / (1.0 - a0.val[static_cast<std::size_t>(p)]);
        scaled = true;
      }
  Csr scaled_a;
  if (scaled) {
    scaled_a = a0;
    for (std::size_t q = 0; q < scaled_a.val.size(); ++q) scaled_a.val[q] *= inv[static_cast<std::size_t>(scaled_a.idx[q])];
  }
  if (scaled) bicgstab_core<true>(scaled_a, inv, d, options, r);
  else bicgstab_core<false>(a0, inv, d, options, r);
}

}  // namespace

LeontiefResult solve_leontief(const Csr& a, std::span<const double> d, const LeontiefOptions& options) {
  check_sizes(a, d);
  LeontiefResult r;
  r.alpha = norm1(a);
  if (!(r.alpha < 1.0))
    throw std::invalid_argument("Leontief solve: ||A||_1 = " + std::to_string(r.alpha) +
                                " >= 1, no error bound (is the economy productive?)");
  const double factor = r.alpha / (1.0 - r.alpha);
  const auto n = static_cast<std::size_t>(a.rows);
  const std::int64_t* row_ptr = a.ptr.data();
  const std::int32_t* col = a.idx.data();
  const double* val = a.val.data();
  const double* dd = d.data();

  r.x.assign(d.begin(), d.end());
  if (n == 0) {
    r.converged = true;
    return r;
  }
  if (options.method == LeontiefMethod::BiCGSTAB) {
    // BiCGSTAB has no convergence guarantee for every productive A (Gauss-Seidel has): when it
    // does not reach the bound within kKrylovIterations, Gauss-Seidel solves from scratch.
    LeontiefOptions krylov = options;
    krylov.max_iterations = std::min(options.max_iterations, LeontiefOptions::kKrylovIterations);
    solve_bicgstab_fused(a, d, krylov, r);
    r.converged = r.relative_bound <= options.tolerance;
    if (r.converged) return r;
    LeontiefOptions gs = options;
    gs.method = LeontiefMethod::GaussSeidel;
    LeontiefResult g = solve_leontief(a, d, gs);
    g.iterations += r.iterations;
    g.fell_back = true;
    return g;
  }
  if (options.method == LeontiefMethod::EigenBiCGSTAB) {
    if (options.preconditioner == LeontiefPreconditioner::IncompleteLU)
      solve_bicgstab<Eigen::IncompleteLUT<double, std::int64_t>>(a, d, options, r);
    else
      solve_bicgstab<Eigen::DiagonalPreconditioner<double>>(a, d, options, r);
    r.converged = r.relative_bound <= options.tolerance;
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
    const HugeCopy work(r.x);
    double* x = work.data.get();
    auto copy_back = [&] { std::memcpy(r.x.data(), x, n * sizeof(double)); };
    const double* dg = diag.data();
    const double* iv = inv.data();
    // The Gauss-Seidel update of x_i from its row sum s (diagonal taken out), with the
    // sweep's change, weighted change and norm.
    auto settle = [&](std::size_t i, double s, double& weighted, double& delta, double& norm) {
      const double old = x[i];
      const double next = (s - dg[i] * old) * iv[i];
      x[i] = next;
      const double change = std::abs(next - old);
      delta += change;
      weighted += cw[i] * change;
      norm += std::abs(next);
    };
    auto row = [&](std::size_t i, double& weighted, double& delta, double& norm) {
      double s = dd[i];
      for (auto p = row_ptr[i]; p < row_ptr[i + 1]; ++p) s += val[p] * x[col[p]];
      settle(i, s, weighted, delta, norm);
    };
    const std::int32_t block =
        options.block_size > 0 ? options.block_size
                               : (a.rows > 2 * LeontiefOptions::kAutoBlock ? LeontiefOptions::kAutoBlock : a.rows);
    if (!options.backward && block < a.rows) {
      // Row block by row block: d plus the entries in the other column blocks (new x before
      // this block, old after it: the forward Gauss-Seidel split), gathered one column block at
      // a time, then the plain rows over the block's own columns.
      const BlockedRows b = block_rows(a, block);
      const auto bs = static_cast<std::size_t>(b.block);
      std::vector<double> acc(bs);
      double* ac = acc.data();
      const std::int32_t* orow = b.off_row.data();
      const std::int32_t* ocol = b.off_col.data();
      const double* oval = b.off_val.data();
      const std::int64_t* brp = b.own.ptr.data();
      const std::int32_t* bcol = b.own.idx.data();
      const double* bval = b.own.val.data();
      while (r.iterations < options.max_iterations) {
        double weighted = 0.0, delta = 0.0, norm = 0.0;
        for (std::size_t rb = 0; rb < static_cast<std::size_t>(b.blocks); ++rb) {
          const std::size_t lo = rb * bs, hi = std::min(n, lo + bs);
          for (std::size_t i = lo; i < hi; ++i) ac[i - lo] = dd[i];
          for (auto p = b.off_ptr[rb]; p < b.off_ptr[rb + 1]; ++p) ac[orow[p]] += oval[p] * x[ocol[p]];
          for (std::size_t i = lo; i < hi; ++i) {
            double s = ac[i - lo];
            for (auto p = brp[i]; p < brp[i + 1]; ++p) s += bval[p] * x[bcol[p]];
            settle(i, s, weighted, delta, norm);
          }
        }
        if (finish_sweep(weighted, delta, norm)) break;
      }
      copy_back();
      r.converged = r.relative_bound <= options.tolerance;
      return r;
    }
    while (r.iterations < options.max_iterations) {
      double weighted = 0.0, delta = 0.0, norm = 0.0;
      if (options.backward) {
        for (std::size_t i = n; i-- > 0;) row(i, weighted, delta, norm);
      } else {
        for (std::size_t i = 0; i < n; ++i) row(i, weighted, delta, norm);
      }
      if (finish_sweep(weighted, delta, norm)) break;
    }
    copy_back();
  }
  r.converged = r.relative_bound <= options.tolerance;
  return r;
}

double leontief_error_bound(const Csr& a, std::span<const double> d, std::span<const double> x) {
  check_sizes(a, d);
  if (x.size() != d.size()) throw std::invalid_argument("Leontief error bound: x and d differ in size");
  const double alpha = norm1(a);
  if (!(alpha < 1.0)) throw std::invalid_argument("Leontief error bound: ||A||_1 = " + std::to_string(alpha) + " >= 1");
  double res = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    double s = d[i] - x[i];
    for (auto p = a.ptr[i]; p < a.ptr[i + 1]; ++p)
      s += a.val[static_cast<std::size_t>(p)] * x[static_cast<std::size_t>(a.idx[static_cast<std::size_t>(p)])];
    res += std::abs(s);
  }
  return res / (1.0 - alpha);
}

std::vector<double> solve_leontief_direct(const Csr& a, std::span<const double> d) {
  check_sizes(a, d);
  const auto n = static_cast<Eigen::Index>(a.rows);
  std::vector<Eigen::Triplet<double>> t;
  t.reserve(a.val.size() + static_cast<std::size_t>(a.rows));
  for (std::int32_t i = 0; i < a.rows; ++i) {
    t.emplace_back(i, i, 1.0);
    for (auto p = a.ptr[static_cast<std::size_t>(i)]; p < a.ptr[static_cast<std::size_t>(i) + 1]; ++p)
      t.emplace_back(i, a.idx[static_cast<std::size_t>(p)], -a.val[static_cast<std::size_t>(p)]);
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
