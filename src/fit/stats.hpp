// lightind: the statistics of estimation by simulated moments (issue 13, items 3 and 4) — a
// numerical Jacobian of the simulated moments, the sandwich covariance of the estimate, the
// identification diagnostic and the sensitivity of the estimate to the moments, as pure
// functions of matrices (docs/FIT-STATS.md, "Statistics").
//
// Notation (docs/FIT-STATS.md): k free parameters theta, m moments; m(theta) the simulated
// moments (the mean over S seeds), d the data moments; the estimate minimises
// (m(theta) - d)' W (m(theta) - d) with W = diag(weights); G = dm/dtheta' (m x k) at the
// estimate; Omega = diag(moment_variance), the variance of the data moments.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace lightind::fit {

/// The simulated moments at a parameter vector (m values for k parameters).
using MomentFn = std::function<Eigen::VectorXd(const Eigen::VectorXd& theta)>;

/// The m x k Jacobian of `f` at `theta` by central differences:
///   G(:, i) = (f(theta + h_i e_i) - f(theta - h_i e_i)) / (2 h_i),  h_i = step(i).
/// Exact (to rounding) for a linear f. The caller picks the steps (e.g. 1e-2 x the width of
/// the parameter's range): simulated moments are noisy, so a small step differentiates the
/// noise; with common random numbers across the two calls the noise largely cancels.
/// f is called 2k times, in the order theta + h_0 e_0, theta - h_0 e_0, theta + h_1 e_1, ...
/// Throws std::invalid_argument for a step that is not a positive finite number, sizes that
/// differ, no parameter, or moments of another length or not finite.
[[nodiscard]] Eigen::MatrixXd numerical_jacobian(const MomentFn& f, const Eigen::VectorXd& theta,
                                                 const Eigen::VectorXd& step);

/// The uncertainty of a simulated-moments estimate (msm_uncertainty).
struct Uncertainty {
  Eigen::VectorXd se;               ///< k standard errors (sqrt of cov's diagonal); NaN where not identified
  Eigen::MatrixXd cov;              ///< k x k covariance; NaN rows and columns where not identified
  Eigen::VectorXd singular_values;  ///< k singular values of W^{1/2} G with columns scaled to unit norm,
                                    ///< descending; zeros where m < k (a zero column stays zero)
  std::vector<bool> identified;     ///< k flags: false = not identified, never reported as an estimate
  Eigen::MatrixXd sensitivity;      ///< k x m, -(G'WG)^{-1} G'W (Andrews, Gentzkow & Shapiro 2017); NaN rows
                                    ///< where not identified
  std::vector<std::string> reason;  ///< k texts: "" when identified, else why not (zero column, flat direction)
};

/// The loading from which a parameter is taken to lie in a flat direction: the norm of its
/// unit vector's projection on the flat subspace (for one flat direction v, |v_i|). 0.5 means
/// at least a quarter of the parameter's squared weight moves the moments by less than
/// flat_tol x the best-identified direction (docs/FIT-STATS.md, "Identification"). Compared
/// with a slack of 1e-9, so that rounding does not split a symmetric case (four parameters
/// at exactly 0.5).
inline constexpr double kFlatLoading = 0.5;

/// Method of simulated moments with diagonal weights W = diag(weights), data-moment variance
/// Omega = diag(moment_variance) and S = `seeds` simulations per candidate:
///   V = (1 + 1/S) (G'WG)^{-1} G'W Omega W G (G'WG)^{-1}
/// (Gourieroux & Monfort 1996, ch. 2; McFadden 1989; Lee & Ingram 1991: the factor 1 + 1/S
/// counts the simulation noise of S seeds beside the sampling noise of the data).
/// Identification: the singular values of X = W^{1/2} G D^{-1}, D = the columns' norms (so
/// that the parameters' units do not matter). A parameter is not identified when its column
/// of W^{1/2} G is zero (no weighted moment moves with it), or when it loads (projection norm
/// >= kFlatLoading) on the right singular vectors whose singular value is below
/// flat_tol x sigma_max (a flat direction: moving along it leaves the moments unchanged).
/// A flat direction on which no parameter loads above kFlatLoading (it spreads over five or
/// more) flags the parameters whose loading reaches half of its largest one. The rule is
/// applied again to the remaining parameters until no flat direction is left; V and the
/// sensitivity are computed on the identified parameters (those flagged held fixed).
/// Throws std::invalid_argument for sizes that differ, a matrix or vector with a value that
/// is not finite, a negative weight or variance, seeds < 1 or flat_tol outside (0, 1).
[[nodiscard]] Uncertainty msm_uncertainty(const Eigen::MatrixXd& G, const Eigen::VectorXd& weights,
                                          const Eigen::VectorXd& moment_variance, int seeds,
                                          double flat_tol = 1e-6);

/// The parameter table as text for the terminal: parameter, estimate, standard error (or "not
/// identified" with the reason), then the sensitivity of each parameter to each moment.
/// Throws std::invalid_argument when the names' counts differ from u's sizes.
[[nodiscard]] std::string uncertainty_text(const std::vector<std::string>& parameters, const Eigen::VectorXd& estimate,
                                           const std::vector<std::string>& moments, const Uncertainty& u);

/// The same table as CSV, header `parameter,estimate,se,identified,<moment...>`: se empty
/// where not identified, identified `true`/`false`, then the row of the sensitivity matrix
/// (the change of the estimate per unit bias in each simulated moment; empty where not
/// identified). Numbers in the shortest form that reads back exactly.
[[nodiscard]] std::string uncertainty_csv(const std::vector<std::string>& parameters, const Eigen::VectorXd& estimate,
                                          const std::vector<std::string>& moments, const Uncertainty& u);

}  // namespace lightind::fit
