// lightind: the statistics of estimation by simulated moments (src/fit/stats.hpp,
// docs/FIT-STATS.md "Statistics").
#include "fit/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "results/io.hpp"

namespace lightind::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

void require_finite(const Eigen::MatrixXd& x, const char* name) {
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (!std::isfinite(x(i, j)))
        bad(fmt::format("{}: expected finite numbers, found {} at ({}, {})", name, x(i, j), i, j));
}

void require_nonnegative(const Eigen::VectorXd& x, const char* name) {
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isfinite(x(i)) || x(i) < 0.0)
      bad(fmt::format("{}: expected a finite number >= 0, found {} at moment {}", name, x(i), i));
}

/// A number for CSV: the shortest text that reads back exactly; empty for NaN.
std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

/// A number for the terminal: 4 significant digits, "-" for NaN.
std::string text_number(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : std::string("-"); }

void check_names(const std::vector<std::string>& parameters, const Eigen::VectorXd& estimate,
                 const std::vector<std::string>& moments, const Uncertainty& u) {
  const auto k = static_cast<Eigen::Index>(parameters.size());
  const auto m = static_cast<Eigen::Index>(moments.size());
  if (estimate.size() != k || u.se.size() != k || u.identified.size() != parameters.size() ||
      u.sensitivity.rows() != k || u.sensitivity.cols() != m)
    bad(fmt::format("parameter table: expected {} parameters and {} moments as in the uncertainty ({} x {} "
                    "sensitivity, {} standard errors), found {} estimates",
                    k, m, u.sensitivity.rows(), u.sensitivity.cols(), u.se.size(), estimate.size()));
}

}  // namespace

Eigen::MatrixXd numerical_jacobian(const MomentFn& f, const Eigen::VectorXd& theta, const Eigen::VectorXd& step) {
  const Eigen::Index k = theta.size();
  if (k == 0) bad("numerical_jacobian: expected at least one parameter, found none");
  if (step.size() != k)
    bad(fmt::format("numerical_jacobian: expected {} steps (one per parameter), found {}", k, step.size()));
  require_finite(theta, "numerical_jacobian: theta");
  for (Eigen::Index i = 0; i < k; ++i)
    if (!std::isfinite(step(i)) || step(i) <= 0.0)
      bad(fmt::format("numerical_jacobian: step {}: expected a positive finite number, found {}", i, step(i)));
  Eigen::MatrixXd G;
  for (Eigen::Index i = 0; i < k; ++i) {
    Eigen::VectorXd up = theta, down = theta;
    up(i) += step(i);
    down(i) -= step(i);
    const Eigen::VectorXd fu = f(up);
    const Eigen::VectorXd fd = f(down);
    if (i == 0) {
      if (fu.size() == 0) bad("numerical_jacobian: expected at least one moment, found none");
      G.resize(fu.size(), k);
    }
    if (fu.size() != G.rows() || fd.size() != G.rows())
      bad(fmt::format("numerical_jacobian: parameter {}: expected {} moments, found {} and {}", i, G.rows(),
                      fu.size(), fd.size()));
    require_finite(fu, "numerical_jacobian: moments at theta + step");
    require_finite(fd, "numerical_jacobian: moments at theta - step");
    // (up(i) - down(i)) rather than 2 h: the step as represented after rounding theta + h.
    G.col(i) = (fu - fd) / (up(i) - down(i));
  }
  return G;
}

Uncertainty msm_uncertainty(const Eigen::MatrixXd& G, const Eigen::VectorXd& weights,
                            const Eigen::VectorXd& moment_variance, int seeds, double flat_tol) {
  const Eigen::Index m = G.rows(), k = G.cols();
  if (m == 0 || k == 0) bad(fmt::format("msm_uncertainty: expected a non-empty Jacobian, found {} x {}", m, k));
  if (weights.size() != m || moment_variance.size() != m)
    bad(fmt::format("msm_uncertainty: expected {} weights and {} moment variances (one per row of G), found {} and {}",
                    m, m, weights.size(), moment_variance.size()));
  if (seeds < 1) bad(fmt::format("msm_uncertainty: seeds: expected at least 1, found {}", seeds));
  if (!(flat_tol > 0.0 && flat_tol < 1.0))
    bad(fmt::format("msm_uncertainty: flat_tol: expected a number in (0, 1), found {}", flat_tol));
  require_finite(G, "msm_uncertainty: G");
  require_nonnegative(weights, "msm_uncertainty: weights");
  require_nonnegative(moment_variance, "msm_uncertainty: moment_variance");

  Uncertainty u;
  u.se = Eigen::VectorXd::Constant(k, kNaN);
  u.cov = Eigen::MatrixXd::Constant(k, k, kNaN);
  u.sensitivity = Eigen::MatrixXd::Constant(k, m, kNaN);
  u.identified.assign(static_cast<size_t>(k), true);
  u.reason.assign(static_cast<size_t>(k), "");

  // W^{1/2} G and its columns' norms (D).
  const Eigen::VectorXd sw = weights.cwiseSqrt();
  const Eigen::MatrixXd WG = sw.asDiagonal() * G;
  const Eigen::VectorXd norm = WG.colwise().norm().transpose();
  for (Eigen::Index i = 0; i < k; ++i)
    if (norm(i) == 0.0) {
      u.identified[static_cast<size_t>(i)] = false;
      u.reason[static_cast<size_t>(i)] = "zero column: no weighted moment moves with it";
    }
  const auto scaled = [&](const std::vector<Eigen::Index>& cols) {
    Eigen::MatrixXd X(m, static_cast<Eigen::Index>(cols.size()));
    for (size_t c = 0; c < cols.size(); ++c) {
      const Eigen::Index i = cols[c];
      X.col(static_cast<Eigen::Index>(c)) = norm(i) > 0.0 ? Eigen::VectorXd(WG.col(i) / norm(i)) : WG.col(i);
    }
    return X;
  };

  // The diagnostic of the whole problem: every column (a zero one stays zero), padded to k.
  {
    std::vector<Eigen::Index> all(static_cast<size_t>(k));
    for (Eigen::Index i = 0; i < k; ++i) all[static_cast<size_t>(i)] = i;
    const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(scaled(all)).singularValues();
    u.singular_values = Eigen::VectorXd::Zero(k);
    u.singular_values.head(s.size()) = s;
  }

  // Flag the parameters on flat directions, again on the rest until none is left.
  for (;;) {
    std::vector<Eigen::Index> cols;
    for (Eigen::Index i = 0; i < k; ++i)
      if (u.identified[static_cast<size_t>(i)]) cols.push_back(i);
    if (cols.empty()) break;
    const Eigen::Index kI = static_cast<Eigen::Index>(cols.size());
    const Eigen::MatrixXd X = scaled(cols);
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(X, Eigen::ComputeThinU | Eigen::ComputeFullV);
    const Eigen::VectorXd& s = svd.singularValues();  // min(m, kI), descending
    const double limit = flat_tol * s(0);
    std::vector<Eigen::Index> flat;  // columns of V: right singular vectors of the flat directions
    for (Eigen::Index j = 0; j < kI; ++j)
      if (j >= s.size() || s(j) < limit || s(j) == 0.0) flat.push_back(j);
    if (flat.empty()) {
      // (G'WG)^{-1} G'W = D^{-1} V S^{-1} U' W^{1/2} on the identified columns (X = U S V').
      Eigen::MatrixXd B = svd.matrixV() * s.cwiseInverse().asDiagonal() * svd.matrixU().transpose() * sw.asDiagonal();
      for (Eigen::Index c = 0; c < kI; ++c) B.row(c) /= norm(cols[static_cast<size_t>(c)]);
      const double factor = 1.0 + 1.0 / static_cast<double>(seeds);
      Eigen::MatrixXd V = factor * B * moment_variance.asDiagonal() * B.transpose();
      V = 0.5 * (V + V.transpose()).eval();
      for (Eigen::Index a = 0; a < kI; ++a) {
        const Eigen::Index i = cols[static_cast<size_t>(a)];
        u.sensitivity.row(i) = -B.row(a);
        for (Eigen::Index b = 0; b < kI; ++b) u.cov(i, cols[static_cast<size_t>(b)]) = V(a, b);
        u.se(i) = std::sqrt(V(a, a));
      }
      break;
    }
    // Loading of each parameter on the flat subspace: the norm of its row of V_flat.
    Eigen::VectorXd load(kI);
    for (Eigen::Index c = 0; c < kI; ++c) {
      double sq = 0.0;
      for (const Eigen::Index j : flat) sq += svd.matrixV()(c, j) * svd.matrixV()(c, j);
      load(c) = std::sqrt(sq);
    }
    // kFlatLoading (less the slack), else half the largest loading.
    constexpr double kSlack = 1e-9;
    const double cut = (load.maxCoeff() >= kFlatLoading - kSlack ? kFlatLoading : 0.5 * load.maxCoeff()) - kSlack;
    for (Eigen::Index c = 0; c < kI; ++c) {
      if (load(c) < cut) continue;
      const auto i = static_cast<size_t>(cols[static_cast<size_t>(c)]);
      u.identified[i] = false;
      u.reason[i] = fmt::format("flat direction: loading {:.2f} on {} singular value{} below {:g} x the largest",
                                load(c), flat.size(), flat.size() == 1 ? "" : "s", flat_tol);
    }
  }
  return u;
}

std::string uncertainty_text(const std::vector<std::string>& parameters, const Eigen::VectorXd& estimate,
                             const std::vector<std::string>& moments, const Uncertainty& u) {
  check_names(parameters, estimate, moments, u);
  size_t pw = 9;  // "parameter"
  for (const std::string& p : parameters) pw = std::max(pw, p.size());
  std::string out =
      "Estimates with standard errors (simulated-moments sandwich) and the sensitivity of each estimate to each\n"
      "moment (Andrews, Gentzkow & Shapiro 2017: change of the estimate per unit bias in the simulated moment;\n"
      "a rise d in a data moment moves the estimate by -d x the entry).\n\n";
  std::string head = fmt::format("{:<{}}  {:>11}  {:>11}", "parameter", pw, "estimate", "se");
  std::vector<size_t> mw;
  for (const std::string& mo : moments) {
    mw.push_back(std::max<size_t>(11, mo.size()));
    head += fmt::format("  {:>{}}", mo, mw.back());
  }
  out += head + "\n" + std::string(head.size(), '-') + "\n";
  std::string notes;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    const bool ok = u.identified[i];
    std::string line = fmt::format("{:<{}}  {:>11}  {:>11}", parameters[i], pw, text_number(estimate(r)),
                                   ok ? text_number(u.se(r)) : std::string("n/ident."));
    for (size_t j = 0; j < moments.size(); ++j)
      line += fmt::format("  {:>{}}", ok ? text_number(u.sensitivity(r, static_cast<Eigen::Index>(j))) : "-", mw[j]);
    out += line + "\n";
    if (!ok)
      notes += fmt::format("  {}: not identified ({}); its value is not an estimate\n", parameters[i], u.reason[i]);
  }
  if (!notes.empty()) out += "\n" + notes;
  out += "singular values of W^1/2 G (columns scaled):";
  for (Eigen::Index j = 0; j < u.singular_values.size(); ++j) out += " " + text_number(u.singular_values(j));
  return out + "\n";
}

std::string uncertainty_csv(const std::vector<std::string>& parameters, const Eigen::VectorXd& estimate,
                            const std::vector<std::string>& moments, const Uncertainty& u) {
  namespace io = lightind::detail::results_io;
  check_names(parameters, estimate, moments, u);
  std::string out = "parameter,estimate,se,identified";
  for (const std::string& mo : moments) out += "," + io::csv_field(mo);
  out += "\n";
  for (size_t i = 0; i < parameters.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    const bool ok = u.identified[i];
    out += fmt::format("{},{},{},{}", io::csv_field(parameters[i]), csv_number(estimate(r)),
                       ok ? csv_number(u.se(r)) : std::string(), ok ? "true" : "false");
    for (size_t j = 0; j < moments.size(); ++j)
      out += "," + (ok ? csv_number(u.sensitivity(r, static_cast<Eigen::Index>(j))) : std::string());
    out += "\n";
  }
  return out;
}

}  // namespace lightind::fit
