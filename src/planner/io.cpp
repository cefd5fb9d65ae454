// lightind: input-output analysis with pymrio's names (see include/lightind/io.hpp for the
// equations). Small systems form L = (I - A)^-1 by a dense LU; larger ones factor I - A and
// (I - A)' with Eigen's SparseLU and solve once per right-hand side.
#include "lightind/io.hpp"
#include "results/output.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>

#include <Eigen/Dense>
#include <Eigen/SparseLU>
#include <fmt/format.h>

namespace lightind::io {

namespace {

using Vec = Eigen::VectorXd;
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<double> to_std(const Vec& v) { return {v.data(), v.data() + v.size()}; }

/// v / x elementwise, 0 where x = 0.
double per_output(double v, double x) { return x != 0.0 ? v / x : 0.0; }

/// Solves with I - A: `right(b)` = (I - A)^-1 b and `left(c)` = ((I - A)^-1)' c = L' c.
struct LeontiefSolver {
  std::function<Vec(const Vec&)> right, left;
};

}  // namespace

Result analyse(const Table& t, const Options& opt) {
  const size_t n = t.n(), k = t.k(), m = t.m();
  const auto ni = static_cast<Eigen::Index>(n);
  if (n == 0) throw std::runtime_error("input-output table has no industries");
  if (t.row_region.size() != n || t.Z.size() != n * n || t.Y.size() != n * k || t.fd_category.size() != k ||
      t.F.size() != m * n || (!t.value_added.empty() && t.value_added.size() != n) ||
      (!t.A_given.empty() && t.A_given.size() != n * n))
    throw std::runtime_error("input-output table: inconsistent dimensions");

  Result r;
  r.n = n;
  // x = Z 1 + Y 1
  r.x.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double s = 0.0;
    for (size_t j = 0; j < n; ++j) s += t.Z[i * n + j];
    for (size_t c = 0; c < k; ++c) s += t.Y[i * k + c];
    r.x[i] = s;
  }
  // A = Z diag(x)^-1 (0 where x = 0), unless given
  if (!t.A_given.empty()) {
    r.A = t.A_given;
  } else {
    r.A.assign(n * n, 0.0);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) r.A[i * n + j] = per_output(t.Z[i * n + j], r.x[j]);
  }
  // value added: given, or x - 1'Z
  if (!t.value_added.empty()) {
    r.value_added = t.value_added;
  } else {
    r.value_added = r.x;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) r.value_added[j] -= t.Z[i * n + j];
  }
  r.value_added_coefficient.resize(n);
  for (size_t j = 0; j < n; ++j) r.value_added_coefficient[j] = per_output(r.value_added[j], r.x[j]);
  // S = F diag(x)^-1
  r.S.resize(m * n);
  for (size_t s = 0; s < m; ++s)
    for (size_t j = 0; j < n; ++j) r.S[s * n + j] = per_output(t.F[s * n + j], r.x[j]);

  const Eigen::Map<const RowMat> A(r.A.data(), ni, ni);
  LeontiefSolver solve;
  Eigen::MatrixXd L;
  if (n <= opt.dense_limit) {
    const Eigen::MatrixXd IA = Eigen::MatrixXd::Identity(ni, ni) - A;
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(IA);
    if (!(lu.rcond() > 1e3 * std::numeric_limits<double>::epsilon()))
      throw std::runtime_error(fmt::format("I - A is singular or nearly so (reciprocal condition {:.3g})", lu.rcond()));
    L = lu.inverse();
    if (!L.allFinite()) throw std::runtime_error("I - A is singular: L = (I - A)^-1 has non-finite entries");
    r.L_formed = true;
    r.L.resize(n * n);
    Eigen::Map<RowMat>(r.L.data(), ni, ni) = L;
    solve.right = [&L](const Vec& b) -> Vec { return L * b; };
    solve.left = [&L](const Vec& c) -> Vec { return L.transpose() * c; };
  } else {
    using Sparse = Eigen::SparseMatrix<double>;
    std::vector<Eigen::Triplet<double>> trip;
    for (Eigen::Index i = 0; i < ni; ++i) {
      trip.emplace_back(i, i, 1.0);
      for (Eigen::Index j = 0; j < ni; ++j)
        if (A(i, j) != 0.0) trip.emplace_back(i, j, -A(i, j));
    }
    Sparse IA(ni, ni);
    IA.setFromTriplets(trip.begin(), trip.end());
    IA.makeCompressed();
    const Sparse IAt = Sparse(IA.transpose());
    auto lu = std::make_shared<Eigen::SparseLU<Sparse, Eigen::COLAMDOrdering<int>>>();
    auto lut = std::make_shared<Eigen::SparseLU<Sparse, Eigen::COLAMDOrdering<int>>>();
    lu->compute(IA);
    lut->compute(IAt);
    if (lu->info() != Eigen::Success || lut->info() != Eigen::Success)
      throw std::runtime_error("I - A is singular: sparse LU factorisation failed");
    solve.right = [lu](const Vec& b) -> Vec { return lu->solve(b); };
    solve.left = [lut](const Vec& c) -> Vec { return lut->solve(c); };
  }

  // output multipliers 1'L; value-added multipliers v'L; M = S L
  const Vec ones = Vec::Ones(ni);
  const Vec out_mult = solve.left(ones);
  r.output_multiplier = to_std(out_mult);
  r.value_added_multiplier = to_std(solve.left(Eigen::Map<const Vec>(r.value_added_coefficient.data(), ni)));
  r.M.resize(m * n);
  for (size_t s = 0; s < m; ++s) {
    const Vec row = solve.left(Eigen::Map<const Vec>(r.S.data() + s * n, ni));
    for (size_t j = 0; j < n; ++j) r.M[s * n + j] = row(static_cast<Eigen::Index>(j));
  }
  if (!out_mult.allFinite()) throw std::runtime_error("I - A is singular: multipliers are not finite");
  // linkages: column sums (backward) and row sums (forward) of L, each over its mean
  const Vec row_sums = solve.right(ones);
  const double mean_b = out_mult.mean(), mean_f = row_sums.mean();
  r.backward_linkage.resize(n);
  r.forward_linkage.resize(n);
  for (size_t j = 0; j < n; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    r.backward_linkage[j] = mean_b != 0.0 ? out_mult(jj) / mean_b : 0.0;
    r.forward_linkage[j] = mean_f != 0.0 ? row_sums(jj) / mean_f : 0.0;
  }

  // accounts: D_cba[region, stressor] = multiplier . (Y summed over the region's columns);
  // D_pba[region, stressor] = satellite summed over the region's industries
  const auto regions = t.regions();
  std::vector<std::string> names{"value_added"};
  names.insert(names.end(), t.stressors.begin(), t.stressors.end());
  auto multiplier = [&](size_t s, size_t j) { return s == 0 ? r.value_added_multiplier[j] : r.M[(s - 1) * n + j]; };
  auto satellite = [&](size_t s, size_t j) { return s == 0 ? r.value_added[j] : t.F[(s - 1) * n + j]; };
  for (const auto& reg : regions) {
    std::vector<double> y(n, 0.0);
    for (size_t c = 0; c < k; ++c)
      if (t.fd_region[c] == reg)
        for (size_t i = 0; i < n; ++i) y[i] += t.Y[i * k + c];
    for (size_t s = 0; s < names.size(); ++s) {
      double v = 0.0;
      for (size_t j = 0; j < n; ++j) v += multiplier(s, j) * y[j];
      r.accounts.push_back({reg, "D_cba", names[s], v});
    }
  }
  for (const auto& reg : regions)
    for (size_t s = 0; s < names.size(); ++s) {
      double v = 0.0;
      for (size_t j = 0; j < n; ++j)
        if (t.row_region[j] == reg) v += satellite(s, j);
      r.accounts.push_back({reg, "D_pba", names[s], v});
    }
  return r;
}

namespace {

void write_text(const std::filesystem::path& p, const std::string& text) {
  detail::output::write_file_synced(p, text);  // inside a folder renamed into place
}

std::string matrix_csv(const Table& t, const std::vector<double>& mat, bool skip_zeros) {
  const size_t n = t.n();
  std::string s = "row_region,row_sector,col_region,col_sector,value\n";
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      const double v = mat[i * n + j];
      if (skip_zeros && v == 0.0) continue;
      fmt::format_to(std::back_inserter(s), "{},{},{},{},{:.12g}\n", t.row_region[i], t.row_sector[i],
                     t.row_region[j], t.row_sector[j], v);
    }
  return s;
}

}  // namespace

void write_csv(const Table& t, const Result& r, const std::filesystem::path& dir, bool force) {
  namespace fs = std::filesystem;
  const size_t n = t.n(), m = t.m();
  detail::output::replace_folder(dir, force, "io", [&](const fs::path& tmp) {
    std::string x = "region,sector,value\n";
    for (size_t i = 0; i < n; ++i)
      fmt::format_to(std::back_inserter(x), "{},{},{:.12g}\n", t.row_region[i], t.row_sector[i], r.x[i]);
    write_text(tmp / "x.csv", x);
    write_text(tmp / "A.csv", matrix_csv(t, r.A, !r.L_formed));
    if (r.L_formed) write_text(tmp / "L.csv", matrix_csv(t, r.L, false));

    std::string mu = "region,sector,multiplier,value\n";
    auto add = [&](const std::string& name, const std::vector<double>& v, size_t offset) {
      for (size_t j = 0; j < n; ++j)
        fmt::format_to(std::back_inserter(mu), "{},{},{},{:.12g}\n", t.row_region[j], t.row_sector[j], name,
                       v[offset + j]);
    };
    add("output", r.output_multiplier, 0);
    add("value_added", r.value_added_multiplier, 0);
    for (size_t s = 0; s < m; ++s) add(t.stressors[s], r.M, s * n);
    write_text(tmp / "multipliers.csv", mu);

    std::string acc = "region,account,stressor,value\n";
    for (const auto& a : r.accounts)
      fmt::format_to(std::back_inserter(acc), "{},{},{},{:.12g}\n", a.region, a.account, a.stressor, a.value);
    write_text(tmp / "accounts.csv", acc);

    std::string lk = "region,sector,linkage,value\n";
    for (const auto* which : {&r.backward_linkage, &r.forward_linkage})
      for (size_t j = 0; j < n; ++j)
        fmt::format_to(std::back_inserter(lk), "{},{},{},{:.12g}\n", t.row_region[j], t.row_sector[j],
                       which == &r.backward_linkage ? "backward" : "forward", (*which)[j]);
    write_text(tmp / "linkages.csv", lk);
  });
}

}  // namespace lightind::io
