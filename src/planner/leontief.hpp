// lightind: Leontief solves x = (I - A)^-1 d without forming the inverse (issue 4, "Scale").
//
// The iterative solver sweeps the CSR rows of A (Jacobi: x_{k+1} = d + A x_k, the power
// series; or Gauss-Seidel, in place) and stops on an a-posteriori error bound. With
// alpha = ||A||_1 < 1, ||(I - A)^-1||_1 <= 1 / (1 - alpha), and the residual of an iterate
// is the part of A that used old values applied to the last update, so for both methods
//   ||x - x_k||_1 <= alpha / (1 - alpha) * ||x_k - x_{k-1}||_1 .
// The solver stops on a sharper form of the same argument: the update weighted by the column
// sums of the part of A that saw old values, over 1 - alpha (never larger than the above).
// The Krylov solvers (BiCGSTAB on I - A, van der Vorst 1992: lightind's own with fused vector
// updates and a Jacobi preconditioner, and Eigen's with a diagonal or incomplete-LU one, issue 16) stops on the residual form of the same bound: for any approximation x_k with residual
// r = d - (I - A) x_k, x - x_k = (I - A)^-1 r, so
//   ||x - x_k||_1 <= ||(I - A)^-1||_1 ||r||_1 <= ||r||_1 / (1 - alpha)
// (the Neumann series: ||(I - A)^-1||_1 <= sum_k alpha^k), with r recomputed from x_k, not
// BiCGSTAB's recursively updated residual. BiCGSTAB is the default: on the generated economies
// it is 1.2-1.3x faster than Gauss-Seidel at 10^4 .. 10^6 products (docs/PLANNER.md, "Leontief
// solves"; bench/results/leontief-scipy-*.txt); Gauss-Seidel is its fallback.
// The direct solver (Eigen SparseLU) is for small systems and as a cross-check.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "planner/sparse_economy.hpp"

namespace lightind::planner {

enum class LeontiefMethod {
  Jacobi,       ///< power series x_{k+1} = d + A x_k (two vectors)
  GaussSeidel,  ///< in-place sweeps over the rows (see LeontiefOptions::backward)
  BiCGSTAB,     ///< BiCGSTAB on I - A, fused single-pass kernels, Jacobi (diagonal) preconditioner
  EigenBiCGSTAB ///< Eigen's BiCGSTAB on I - A (see LeontiefOptions::preconditioner): the reference
};

enum class LeontiefPreconditioner {
  Diagonal,     ///< Jacobi: 1 / (1 - a_ii) (Eigen::DiagonalPreconditioner)
  IncompleteLU  ///< Eigen::IncompleteLUT (threshold ILU; its set-up is costly at 10^5 and more)
};

struct LeontiefOptions {
  double tolerance = 1e-10;  ///< stop when the error bound / ||x_k||_1 is at most this
  int max_iterations = 100000;
  /// BiCGSTAB by default: faster than Gauss-Seidel at 10^4 .. 10^6 products (docs/PLANNER.md,
  /// "Leontief solves"), with Gauss-Seidel as its fallback.
  LeontiefMethod method = LeontiefMethod::BiCGSTAB;
  /// Gauss-Seidel sweep order. Last row first uses fresh downstream outputs on the generated
  /// economies (inputs flow mostly from low-index goods) and saves about one sweep in 18, but
  /// streams the arrays backwards, which costs more than that: forward is the default.
  bool backward = false;
  /// Forward Gauss-Seidel over blocks of this many products (the same iterates as the plain
  /// sweep, only the sums' order differs): a row block first gathers its entries from the other
  /// column blocks one block at a time, so the x it reads stays in cache, then runs the plain
  /// rows over its own block. 0: automatic (kAutoBlock products when n > 2 kAutoBlock, else
  /// plain); n or more: plain sweeps. Jacobi and backward sweeps are always plain.
  std::int32_t block_size = 0;
  static constexpr std::int32_t kAutoBlock = 1 << 19;
  /// BiCGSTAB iterations before it gives way to Gauss-Seidel (the generated economies need 6-8).
  static constexpr int kKrylovIterations = 200;
  /// EigenBiCGSTAB only: the preconditioner.
  LeontiefPreconditioner preconditioner = LeontiefPreconditioner::Diagonal;
};

struct LeontiefResult {
  std::vector<double> x;       ///< gross outputs
  int iterations = 0;          ///< sweeps (each one pass over A); BiCGSTAB: its iterations (two products each)
  double alpha = 0.0;          ///< ||A||_1
  double error_bound = 0.0;    ///< bound on ||x - x_exact||_1 (the sharper one, see leontief.cpp)
  double update_bound = 0.0;   ///< alpha / (1 - alpha) * ||x_k - x_{k-1}||_1 (>= error_bound); BiCGSTAB: = error_bound
  double residual = 0.0;       ///< BiCGSTAB: ||d - (I - A) x||_1 of the returned x (error_bound = residual / (1 - alpha))
  double relative_bound = 0.0; ///< error_bound / ||x||_1
  bool converged = false;      ///< relative_bound <= tolerance
  bool fell_back = false;      ///< BiCGSTAB did not converge; x is Gauss-Seidel's (iterations: both)
};

/// Iterative solve of (I - A) x = d. Throws std::invalid_argument when ||A||_1 >= 1 (no
/// bound; the economy may be unproductive) or on mismatched sizes.
[[nodiscard]] LeontiefResult solve_leontief(const Csr& a, std::span<const double> d,
                                            const LeontiefOptions& options = {});

/// The a-posteriori bound of any approximation x of the solution of (I - A) x* = d:
/// ||x - x*||_1 <= ||d - (I - A) x||_1 / (1 - ||A||_1). Throws std::invalid_argument when
/// ||A||_1 >= 1 or the sizes differ.
[[nodiscard]] double leontief_error_bound(const Csr& a, std::span<const double> d, std::span<const double> x);

/// Direct solve of (I - A) x = d by sparse LU (Eigen SparseLU, COLAMD ordering). Fills in
/// badly on skewed matrices: for small systems and cross-checks. Throws std::runtime_error
/// when the factorisation fails.
[[nodiscard]] std::vector<double> solve_leontief_direct(const Csr& a, std::span<const double> d);

}  // namespace lightind::planner
