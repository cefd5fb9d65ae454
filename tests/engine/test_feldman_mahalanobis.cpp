// The engine reduces to the two-sector Feldman-Mahalanobis model (docs/MODEL.md): annual
// output must follow the closed form within 0.5% in every year.
#include <cmath>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "engine/behaviour.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"

namespace lightind {
namespace {

class FeldmanMahalanobis : public ::testing::TestWithParam<double> {};

TEST_P(FeldmanMahalanobis, AnnualOutputFollowsClosedForm) {
  const double lambda_i = GetParam();
  const std::string path = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/examples/feldman-mahalanobis.toml";
  const Description d = load_scenario(path, {"policy.investment_share.heavy=" + std::to_string(lambda_i),
                                             "policy.investment_share.light=" + std::to_string(1.0 - lambda_i)});
  RunOptions opt;
  opt.check = true;
  const RunResult r = run(d, opt);
  std::map<int, double> annual;
  for (const auto& [m, v] : r.series.aggregate("gross_output")) annual[YearMonth::from_index(m).year] += v;
  ASSERT_EQ(annual.size(), 20u);
  const double beta_i = 0.2, beta_c = 0.25, y0 = 400.0, i0 = 100.0;
  EXPECT_NEAR(annual.begin()->second, y0, 1e-9);
  for (const auto& [year, y] : annual) {
    const int t = year - 2000;
    const double expected = detail::feldman_mahalanobis_output(y0, i0, lambda_i, beta_i, beta_c, t);
    EXPECT_NEAR(y / expected, 1.0, 0.005) << "year " << year << " lambda_i " << lambda_i;
  }
}

INSTANTIATE_TEST_SUITE_P(Lambdas, FeldmanMahalanobis, ::testing::Values(0.1, 0.33, 0.5));

TEST(FeldmanMahalanobisClosedForm, HandComputedValues) {
  // t = 1: Y_1 = Y_0 + I_0 (li bi + lc bc) = 400 + 100 (0.5*0.2 + 0.5*0.25) = 422.5
  EXPECT_NEAR(detail::feldman_mahalanobis_output(400, 100, 0.5, 0.2, 0.25, 1), 422.5, 1e-12);
  // t = 2: I_1 = 110; Y_2 = Y_1 + 110 * 0.225 = 447.25
  EXPECT_NEAR(detail::feldman_mahalanobis_output(400, 100, 0.5, 0.2, 0.25, 2), 447.25, 1e-12);
  EXPECT_NEAR(detail::feldman_mahalanobis_output(400, 100, 0.5, 0.2, 0.25, 0), 400.0, 1e-12);
}

}  // namespace
}  // namespace lightind
