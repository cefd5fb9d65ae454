// Tests of the simulated-moments statistics (src/fit/stats.hpp): every expected value is
// computed by hand in the comments (docs/FIT-STATS.md, "Statistics").
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fit/stats.hpp"
#include "test_util.hpp"

namespace lightind {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using test_util::expect_throw_with;

MatrixXd mat(int rows, int cols, std::initializer_list<double> v) {
  MatrixXd m(rows, cols);
  auto it = v.begin();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = *it++;
  return m;
}

VectorXd vec(std::initializer_list<double> v) {
  VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x(i++) = d;
  return x;
}

TEST(FitJacobian, LinearMomentsGiveTheirMatrixExactly) {
  // f(theta) = A theta + b: every central difference is A's column (steps and values are
  // binary fractions, so the arithmetic is exact).
  const MatrixXd A = mat(3, 2, {1, 2, 3, -1, 0, 4});
  const VectorXd b = vec({0.5, -2, 7});
  int calls = 0;
  const fit::MomentFn f = [&](const VectorXd& t) {
    ++calls;
    return VectorXd(A * t + b);
  };
  const MatrixXd G = fit::numerical_jacobian(f, vec({1.5, -0.25}), vec({0.5, 0.125}));
  ASSERT_EQ(G.rows(), 3);
  ASSERT_EQ(G.cols(), 2);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) EXPECT_DOUBLE_EQ(G(i, j), A(i, j)) << i << "," << j;
  EXPECT_EQ(calls, 4);  // 2k calls
}

TEST(FitJacobian, DifferencesAreCentral) {
  // f(theta) = (theta_0^2, theta_0 theta_1): a central difference of a quadratic is exact,
  // ((t+h)^2 - (t-h)^2) / 2h = 2t = 6 at t = 3, h = 0.5; a forward one would give 2t + h = 6.5.
  const fit::MomentFn f = [](const VectorXd& t) { return vec({t(0) * t(0), t(0) * t(1)}); };
  const MatrixXd G = fit::numerical_jacobian(f, vec({3, 2}), vec({0.5, 0.25}));
  EXPECT_DOUBLE_EQ(G(0, 0), 6.0);
  EXPECT_DOUBLE_EQ(G(0, 1), 0.0);
  EXPECT_DOUBLE_EQ(G(1, 0), 2.0);  // d(t0 t1)/dt0 = t1
  EXPECT_DOUBLE_EQ(G(1, 1), 3.0);  // d(t0 t1)/dt1 = t0
}

TEST(FitJacobian, BadInputsAreRejected) {
  const fit::MomentFn f = [](const VectorXd& t) { return VectorXd(t); };
  expect_throw_with<std::invalid_argument>([&] { (void)fit::numerical_jacobian(f, vec({1, 2}), vec({0.1, 0})); },
                                           "step 1: expected a positive finite number, found 0");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::numerical_jacobian(f, vec({1, 2}), vec({0.1})); },
                                           "expected 2 steps (one per parameter), found 1");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::numerical_jacobian(f, VectorXd(), VectorXd()); },
                                           "expected at least one parameter");
  const fit::MomentFn ragged = [](const VectorXd& t) { return t(0) > 1.5 ? vec({1, 2}) : vec({1}); };
  expect_throw_with<std::invalid_argument>([&] { (void)fit::numerical_jacobian(ragged, vec({2, 0}), vec({1, 1})); },
                                           "parameter 0: expected 2 moments, found 2 and 1");
  const fit::MomentFn nan = [](const VectorXd&) { return vec({NAN}); };
  expect_throw_with<std::invalid_argument>([&] { (void)fit::numerical_jacobian(nan, vec({1}), vec({1})); },
                                           "expected finite numbers, found nan");
}

TEST(FitUncertainty, SandwichMatchesAHandComputation) {
  // G = [1 0; 0 1; 1 1], W = diag(1, 1, 2), Omega = diag(1, 2, 0.5), S = 1.
  // G'WG = [3 2; 2 3], its inverse (1/5)[3 -2; -2 3]; G'W = [1 0 2; 0 1 2];
  // B = (G'WG)^-1 G'W = (1/5)[3 -2 2; -2 3 2];
  // B Omega B' = (1/25)[9+8+2, -6-12+2; ., 4+18+2] = (1/25)[19 -16; -16 24];
  // V = (1 + 1/1) x that = [1.52 -1.28; -1.28 1.92].
  const MatrixXd G = mat(3, 2, {1, 0, 0, 1, 1, 1});
  const fit::Uncertainty u = fit::msm_uncertainty(G, vec({1, 1, 2}), vec({1, 2, 0.5}), 1);
  ASSERT_EQ(u.cov.rows(), 2);
  EXPECT_NEAR(u.cov(0, 0), 1.52, 1e-12);
  EXPECT_NEAR(u.cov(0, 1), -1.28, 1e-12);
  EXPECT_NEAR(u.cov(1, 0), -1.28, 1e-12);
  EXPECT_NEAR(u.cov(1, 1), 1.92, 1e-12);
  EXPECT_NEAR(u.se(0), std::sqrt(1.52), 1e-12);
  EXPECT_NEAR(u.se(1), std::sqrt(1.92), 1e-12);
  // Sensitivity -B.
  const MatrixXd L = mat(2, 3, {-0.6, 0.4, -0.4, 0.4, -0.6, -0.4});
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(u.sensitivity(i, j), L(i, j), 1e-12) << i << "," << j;
  EXPECT_TRUE(u.identified[0]);
  EXPECT_TRUE(u.identified[1]);
  EXPECT_EQ(u.reason[0], "");
}

TEST(FitUncertainty, ExactlyIdentifiedCaseIsTheInverse) {
  // G = [1 0; 1 1] square: B = G^-1 = [1 0; -1 1] whatever W; Omega = diag(1, 4):
  // B Omega B' = [1 -1; -1 5]; S = 4: V = 1.25 x that.
  const MatrixXd G = mat(2, 2, {1, 0, 1, 1});
  const fit::Uncertainty u = fit::msm_uncertainty(G, vec({3, 0.5}), vec({1, 4}), 4);
  EXPECT_NEAR(u.cov(0, 0), 1.25, 1e-12);
  EXPECT_NEAR(u.cov(0, 1), -1.25, 1e-12);
  EXPECT_NEAR(u.cov(1, 1), 6.25, 1e-12);
  EXPECT_NEAR(u.se(1), 2.5, 1e-12);
}

TEST(FitUncertainty, SimulationFactorIsOnePlusOneOverS) {
  // V scales with 1 + 1/S: 2 at S = 1, 1.25 at S = 4, 1.1 at S = 10.
  const MatrixXd G = mat(3, 2, {1, 0, 0, 1, 1, 1});
  const VectorXd w = vec({1, 1, 2}), omega = vec({1, 2, 0.5});
  const double v1 = fit::msm_uncertainty(G, w, omega, 1).cov(1, 1);
  EXPECT_NEAR(fit::msm_uncertainty(G, w, omega, 4).cov(1, 1) / v1, 1.25 / 2.0, 1e-12);
  EXPECT_NEAR(fit::msm_uncertainty(G, w, omega, 10).cov(1, 1) / v1, 1.1 / 2.0, 1e-12);
  EXPECT_NEAR(fit::msm_uncertainty(G, w, omega, 10).se(0), std::sqrt(1.1 * 19.0 / 25.0), 1e-12);
}

TEST(FitUncertainty, SensitivityIsTheEstimatesResponseToTheMoments) {
  // For linear moments m(theta) = G theta the estimate is theta^ = (G'WG)^-1 G'W d, so a rise
  // delta in data moment j moves it by -sensitivity(:, j) delta (the sign documented in stats.hpp).
  const MatrixXd G = mat(4, 2, {1, 0.5, -1, 2, 0.25, 1, 3, -1});
  const VectorXd w = vec({1, 2, 0.5, 1});
  const auto estimate = [&](const VectorXd& d) {
    const MatrixXd A = G.transpose() * w.asDiagonal() * G;
    return VectorXd(A.ldlt().solve(G.transpose() * w.asDiagonal() * d));
  };
  const fit::Uncertainty u = fit::msm_uncertainty(G, w, vec({1, 1, 1, 1}), 5);
  const VectorXd d = vec({0.3, -1, 2, 0.7});
  for (int j = 0; j < 4; ++j) {
    VectorXd d2 = d;
    d2(j) += 0.5;
    const VectorXd moved = (estimate(d2) - estimate(d)) / 0.5;
    for (int i = 0; i < 2; ++i) EXPECT_NEAR(moved(i), -u.sensitivity(i, j), 1e-12) << i << "," << j;
  }
}

TEST(FitUncertainty, OrthogonalColumnsHaveUnitScaledSingularValues) {
  // W^{1/2} G = diag(2, 5) with W = I: columns scaled to unit norm give I, singular values 1, 1.
  const fit::Uncertainty u = fit::msm_uncertainty(mat(2, 2, {2, 0, 0, 5}), vec({1, 1}), vec({1, 1}), 1);
  ASSERT_EQ(u.singular_values.size(), 2);
  EXPECT_NEAR(u.singular_values(0), 1.0, 1e-15);
  EXPECT_NEAR(u.singular_values(1), 1.0, 1e-15);
  // V = 2 diag(1/4, 1/25).
  EXPECT_NEAR(u.cov(0, 0), 0.5, 1e-15);
  EXPECT_NEAR(u.cov(1, 1), 0.08, 1e-15);
  EXPECT_EQ(u.cov(0, 1), 0.0);
}

TEST(FitUncertainty, DuplicatedColumnIsFlaggedAndTheRestEstimated) {
  // Columns 0 and 1 proportional (the moments see only theta_0 + 2 theta_1): after scaling they
  // are equal, the flat direction (1, -1)/sqrt(2) loads 0.71 on each: both flagged. Column 2
  // = (0, 1, 0, 1) alone: G'WG = 2, B = (0, 1, 0, 1)/2, V = (1 + 1) x (1/4 + 1/4) = 1.
  const MatrixXd G = mat(4, 3, {1, 2, 0, 2, 4, 1, 3, 6, 0, 0, 0, 1});
  const fit::Uncertainty u = fit::msm_uncertainty(G, vec({1, 1, 1, 1}), vec({1, 1, 1, 1}), 1);
  EXPECT_FALSE(u.identified[0]);
  EXPECT_FALSE(u.identified[1]);
  EXPECT_TRUE(u.identified[2]);
  EXPECT_TRUE(std::isnan(u.se(0)));
  EXPECT_TRUE(std::isnan(u.se(1)));
  EXPECT_TRUE(std::isnan(u.cov(0, 2)));
  EXPECT_TRUE(std::isnan(u.sensitivity(1, 0)));
  EXPECT_NEAR(u.se(2), 1.0, 1e-12);
  EXPECT_NEAR(u.sensitivity(2, 1), -0.5, 1e-12);
  EXPECT_NEAR(u.sensitivity(2, 0), 0.0, 1e-12);
  EXPECT_NE(u.reason[0].find("flat direction: loading 0.71"), std::string::npos) << u.reason[0];
  ASSERT_EQ(u.singular_values.size(), 3);
  EXPECT_LT(u.singular_values(2), 1e-12);
  EXPECT_GT(u.singular_values(1), 0.1);
}

TEST(FitUncertainty, ZeroColumnIsFlagged) {
  // Column 1 is zero: flagged. Column 0 = (1, 2): G'WG = 5, B = (1, 2)/5,
  // V = 2 (1 + 4)/25 = 0.4.
  const fit::Uncertainty u = fit::msm_uncertainty(mat(2, 2, {1, 0, 2, 0}), vec({1, 1}), vec({1, 1}), 1);
  EXPECT_TRUE(u.identified[0]);
  EXPECT_FALSE(u.identified[1]);
  EXPECT_EQ(u.reason[1], "zero column: no weighted moment moves with it");
  EXPECT_NEAR(u.se(0), std::sqrt(0.4), 1e-12);
  EXPECT_TRUE(std::isnan(u.se(1)));
  EXPECT_EQ(u.singular_values(1), 0.0);
}

TEST(FitUncertainty, ColumnOnlyOnZeroWeightMomentsIsZero) {
  // Weights (0, 1): theta_0 moves only the unweighted moment, so W^{1/2} G has a zero column.
  const fit::Uncertainty u = fit::msm_uncertainty(mat(2, 2, {1, 1, 0, 1}), vec({0, 1}), vec({1, 1}), 1);
  EXPECT_FALSE(u.identified[0]);
  EXPECT_TRUE(u.identified[1]);
  EXPECT_NEAR(u.se(1), std::sqrt(2.0), 1e-12);  // G'WG = 1, B = (0, 1), V = 2 x 1
}

TEST(FitUncertainty, FewerMomentsThanParametersFlagsTheFlatDirection) {
  // One moment, two parameters: X = [1 1] (scaled), singular values (sqrt 2, 0 padded); the flat
  // direction (1, -1)/sqrt(2) loads 0.71 on both.
  const fit::Uncertainty u = fit::msm_uncertainty(mat(1, 2, {1, 3}), vec({1}), vec({1}), 2);
  ASSERT_EQ(u.singular_values.size(), 2);
  EXPECT_NEAR(u.singular_values(0), std::sqrt(2.0), 1e-12);
  EXPECT_EQ(u.singular_values(1), 0.0);
  EXPECT_FALSE(u.identified[0]);
  EXPECT_FALSE(u.identified[1]);
}

TEST(FitUncertainty, FlatDirectionSpreadOverFiveIsFlaggedWhole) {
  // G = I - (1/5) 1 1' (5 x 5): one flat direction 1/sqrt(5) (loading 0.447 < 0.5 on each); the
  // fallback flags every parameter whose loading reaches half the largest: all five.
  const MatrixXd G = MatrixXd::Identity(5, 5) - MatrixXd::Constant(5, 5, 0.2);
  const fit::Uncertainty u = fit::msm_uncertainty(G, VectorXd::Ones(5), VectorXd::Ones(5), 1);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(u.identified[static_cast<size_t>(i)]) << i;
  EXPECT_NE(u.reason[0].find("loading 0.45"), std::string::npos) << u.reason[0];
}

TEST(FitUncertainty, FourEqualLoadingsAreAllFlagged) {
  // The flat direction (1, 1, 1, 1)/2 of columns with one norm: loading exactly 0.5 on each,
  // flagged all four whatever the rounding.
  const MatrixXd G = mat(3, 4, {1, -1, 0, 0, 0, 0, 1, -1, 1, 1, -1, -1});
  const fit::Uncertainty u = fit::msm_uncertainty(G, vec({1, 1, 1}), vec({1, 1, 1}), 1);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(u.identified[static_cast<size_t>(i)]) << i;
}

TEST(FitUncertainty, WeakButNotFlatDirectionIsKept) {
  // Nearly collinear columns (1, 1) and (1, 1 + 1e-3): the smaller scaled singular value is
  // about 5e-4 of the larger, above flat_tol = 1e-6: both identified, with large errors.
  // Exactly identified: B = G^-1 = [1001 -1000; -1000 1000], Omega = I, S = 1:
  // V(1,1) = 2 (1000^2 + 1000^2) = 4e6.
  const fit::Uncertainty u = fit::msm_uncertainty(mat(2, 2, {1, 1, 1, 1.001}), vec({1, 1}), vec({1, 1}), 1);
  EXPECT_TRUE(u.identified[0]);
  EXPECT_TRUE(u.identified[1]);
  EXPECT_NEAR(u.cov(1, 1), 4e6, 1e-3);
  // With flat_tol = 1e-2 the same direction counts as flat.
  const fit::Uncertainty v = fit::msm_uncertainty(mat(2, 2, {1, 1, 1, 1.001}), vec({1, 1}), vec({1, 1}), 1, 1e-2);
  EXPECT_FALSE(v.identified[0]);
  EXPECT_FALSE(v.identified[1]);
}

TEST(FitUncertainty, BadInputsAreRejected) {
  const MatrixXd G = mat(2, 1, {1, 2});
  expect_throw_with<std::invalid_argument>([&] { (void)fit::msm_uncertainty(G, vec({1}), vec({1, 1}), 1); },
                                           "expected 2 weights and 2 moment variances");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::msm_uncertainty(G, vec({1, -1}), vec({1, 1}), 1); },
                                           "weights: expected a finite number >= 0, found -1 at moment 1");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::msm_uncertainty(G, vec({1, 1}), vec({NAN, 1}), 1); },
                                           "moment_variance: expected a finite number >= 0");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::msm_uncertainty(G, vec({1, 1}), vec({1, 1}), 0); },
                                           "seeds: expected at least 1, found 0");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::msm_uncertainty(G, vec({1, 1}), vec({1, 1}), 1, 1.0); },
                                           "flat_tol: expected a number in (0, 1), found 1");
  expect_throw_with<std::invalid_argument>(
      [&] { (void)fit::msm_uncertainty(mat(2, 1, {1, INFINITY}), vec({1, 1}), vec({1, 1}), 1); },
      "G: expected finite numbers, found inf at (1, 0)");
}

TEST(FitUncertainty, TableAsTextAndCsv) {
  // The hand-computed case above with one parameter more that no moment moves.
  const MatrixXd G = mat(3, 3, {1, 0, 0, 0, 1, 0, 1, 1, 0});
  const fit::Uncertainty u = fit::msm_uncertainty(G, vec({1, 1, 2}), vec({1, 2, 0.5}), 1);
  const std::vector<std::string> params = {"world.import_substitution", "households.trader_share", "fairs.cost"};
  const std::vector<std::string> moments = {"gdp_growth_2015", "trade,share", "price_2019"};
  const VectorXd est = vec({0.9, 0.25, 3});
  const std::string csv = fit::uncertainty_csv(params, est, moments, u);
  EXPECT_EQ(csv,
            "parameter,estimate,se,identified,gdp_growth_2015,\"trade,share\",price_2019\n"
            "world.import_substitution,0.9," + fmt::format("{}", u.se(0)) + ",true," +
                fmt::format("{},{},{}", u.sensitivity(0, 0), u.sensitivity(0, 1), u.sensitivity(0, 2)) + "\n" +
                "households.trader_share,0.25," + fmt::format("{}", u.se(1)) + ",true," +
                fmt::format("{},{},{}", u.sensitivity(1, 0), u.sensitivity(1, 1), u.sensitivity(1, 2)) + "\n" +
                "fairs.cost,3,,false,,,\n");
  EXPECT_NEAR(u.sensitivity(0, 0), -0.6, 1e-12);
  const std::string text = fit::uncertainty_text(params, est, moments, u);
  // se sqrt(1.52) = 1.233, sqrt(1.92) = 1.386; the sensitivities -B of the hand computation.
  EXPECT_NE(text.find("world.import_substitution          0.9        1.233             -0.6          0.4         -0.4\n"
                      "households.trader_share           0.25        1.386              0.4         -0.6         -0.4\n"
                      "fairs.cost                           3     n/ident.                -            -            -\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fairs.cost: not identified (zero column: no weighted moment moves with it)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("n/ident."), std::string::npos);
  expect_throw_with<std::invalid_argument>(
      [&] { (void)fit::uncertainty_csv({"a"}, vec({1}), moments, u); }, "parameter table: expected 1 parameters");
}

}  // namespace
}  // namespace lightind
