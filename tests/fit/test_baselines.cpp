// Tests of the naive forecasts, RMSE and the validation table (src/fit/baselines.hpp): every
// expected value is computed by hand in the comments.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fit/baselines.hpp"
#include "test_util.hpp"

namespace lightind {
namespace {

using test_util::expect_throw_with;

TEST(FitBaselines, Ar1ByOlsOnAShortSeries) {
  // y = 1, 2, 4, 5: pairs (1,2), (2,4), (4,5); means x 7/3, y 11/3;
  // S_xx = (16 + 1 + 25)/9 = 14/3, S_xy = (20 - 1 + 20)/9 = 13/3, phi = 13/14,
  // c = 11/3 - (13/14)(7/3) = 3/2; residuals -3/7, 9/14, -3/14, SSR = 9/14, sigma = sqrt(9/14 / 1).
  const std::vector<double> y = {1, 2, 4, 5};
  const fit::Ar1 a = fit::fit_ar1(y);
  EXPECT_EQ(a.n, 3);
  EXPECT_NEAR(a.phi, 13.0 / 14.0, 1e-15);
  EXPECT_NEAR(a.c, 1.5, 1e-14);
  EXPECT_NEAR(a.sigma, std::sqrt(9.0 / 14.0), 1e-14);
  // Iterated from 5: 3/2 + (13/14) 5 = 43/7, then 3/2 + (13/14)(43/7) = 353/49, then 2809/343.
  const std::vector<double> f = fit::forecast_ar1(a, 5.0, 3);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_NEAR(f[0], 43.0 / 7.0, 1e-13);
  EXPECT_NEAR(f[1], 353.0 / 49.0, 1e-13);
  EXPECT_NEAR(f[2], 2809.0 / 343.0, 1e-13);
  EXPECT_TRUE(fit::forecast_ar1(a, 5.0, 0).empty());
}

TEST(FitBaselines, Ar1SkipsPairsWithNaNAndFitsTwoPairsExactly) {
  // 1, 2, 4, NaN, 3: pairs (1,2) and (2,4) only; two points on a line: phi = 2, c = 0, no
  // degrees of freedom left for sigma.
  const std::vector<double> y = {1, 2, 4, NAN, 3};
  const fit::Ar1 a = fit::fit_ar1(y);
  EXPECT_EQ(a.n, 2);
  EXPECT_NEAR(a.phi, 2.0, 1e-15);
  EXPECT_NEAR(a.c, 0.0, 1e-15);
  EXPECT_TRUE(std::isnan(a.sigma));
}

TEST(FitBaselines, Ar1RejectsTooFewOrDegeneratePoints) {
  expect_throw_with<std::invalid_argument>([] { (void)fit::fit_ar1(std::vector<double>{1, 2}); },
                                           "fit_ar1: expected at least 3 points, found 2");
  expect_throw_with<std::invalid_argument>([] { (void)fit::fit_ar1(std::vector<double>{1, NAN, 2, NAN}); },
                                           "expected at least 2 pairs of consecutive values without NaN, found 0");
  expect_throw_with<std::invalid_argument>([] { (void)fit::fit_ar1(std::vector<double>{3, 3, 3}); },
                                           "expected lagged values that vary, found all 2 equal to 3");
  expect_throw_with<std::invalid_argument>([] { (void)fit::fit_ar1(std::vector<double>{1, INFINITY, 2}); },
                                           "point 1: expected a finite number or NaN, found inf");
}

TEST(FitBaselines, NaiveForecasts) {
  EXPECT_EQ(fit::forecast_zero_growth(3), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(fit::forecast_last_growth(-1.1, 2), (std::vector<double>{-1.1, -1.1}));
  EXPECT_TRUE(fit::forecast_last_growth(2.0, 0).empty());
  expect_throw_with<std::invalid_argument>([] { (void)fit::forecast_zero_growth(-1); },
                                           "horizon: expected a whole number >= 0, found -1");
  expect_throw_with<std::invalid_argument>([] { (void)fit::forecast_ar1({}, 1.0, -2); }, "found -2");
}

TEST(FitBaselines, RmseSkipsNaNPairs) {
  // Pairs (1,2) and (4,2) count: sqrt((1 + 4)/2).
  const std::vector<double> a = {1, 2, NAN, 4}, b = {2, NAN, 3, 2};
  EXPECT_DOUBLE_EQ(fit::rmse(a, b), std::sqrt(2.5));
  EXPECT_DOUBLE_EQ(fit::rmse(std::vector<double>{3}, std::vector<double>{-1}), 4.0);
  EXPECT_TRUE(std::isnan(fit::rmse(std::vector<double>{NAN, 1}, std::vector<double>{1, NAN})));
  EXPECT_TRUE(std::isnan(fit::rmse(std::vector<double>{}, std::vector<double>{})));
  expect_throw_with<std::invalid_argument>(
      [] { (void)fit::rmse(std::vector<double>{1, 2}, std::vector<double>{1}); },
      "rmse: expected two series of one length, found 2 and 1");
}

TEST(FitBaselines, BaselinesScoredOnAHeldOutSample) {
  // In sample 1, 2, 4, 5; held out 6, 5. Zero growth: sqrt((36 + 25)/2);
  // last growth 5: sqrt((1 + 0)/2); AR(1): errors 43/7 - 6 = 1/7, 353/49 - 5 = 108/49.
  const std::vector<double> in = {1, 2, 4, 5}, out = {6, 5};
  const int h = static_cast<int>(out.size());
  EXPECT_DOUBLE_EQ(fit::rmse(fit::forecast_zero_growth(h), out), std::sqrt(30.5));
  EXPECT_DOUBLE_EQ(fit::rmse(fit::forecast_last_growth(in.back(), h), out), std::sqrt(0.5));
  const double e1 = 1.0 / 7.0, e2 = 108.0 / 49.0;
  EXPECT_NEAR(fit::rmse(fit::forecast_ar1(fit::fit_ar1(in), in.back(), h), out),
              std::sqrt((e1 * e1 + e2 * e2) / 2.0), 1e-13);
}

TEST(FitBaselines, ValidationRowScoresModelAndBaselinesOnTheSameYears) {
  // Data in 1, 2, 4, 5, model in 1.5, 2, 3, 5: errors 0.5, 0, -1, 0, RMSE sqrt(1.25/4).
  // Held out: data 6, 5, model 5.5, 4: errors -0.5, -1, RMSE sqrt(1.25/2); baselines as above.
  const std::vector<double> din = {1, 2, 4, 5}, min = {1.5, 2, 3, 5}, dout = {6, 5}, mout = {5.5, 4};
  const fit::ValidationTableRow r = fit::validation_row("gdp_growth", din, min, dout, mout);
  EXPECT_EQ(r.indicator, "gdp_growth");
  EXPECT_EQ(r.n_in, 4);
  EXPECT_EQ(r.n_out, 2);
  EXPECT_DOUBLE_EQ(r.model_in, std::sqrt(0.3125));
  EXPECT_DOUBLE_EQ(r.model_out, std::sqrt(0.625));
  EXPECT_DOUBLE_EQ(r.zero_growth, std::sqrt(30.5));
  EXPECT_DOUBLE_EQ(r.last_growth, std::sqrt(0.5));
  const double e1 = 1.0 / 7.0, e2 = 108.0 / 49.0;
  EXPECT_NEAR(r.ar1, std::sqrt((e1 * e1 + e2 * e2) / 2.0), 1e-13);
}

TEST(FitBaselines, ValidationRowSkipsMissingYears) {
  // The last in-sample year is missing: last growth is 5 (the year before), the AR(1) (the same
  // fit: the pair (5, NaN) is skipped) is iterated from 5 over the gap: 43/7, then 353/49 and
  // 2809/343 for the held-out years. The model has no value in the first held-out year, so
  // only the second (data 5) is scored: model 4 -> 1, zero 5, last 0, AR(1) 2809/343 - 5 = 1094/343.
  const std::vector<double> din = {1, 2, 4, 5, NAN}, min = {1, 2, 4, 5, 7}, dout = {6, 5}, mout = {NAN, 4};
  const fit::ValidationTableRow r = fit::validation_row("x", din, min, dout, mout);
  EXPECT_EQ(r.n_in, 4);
  EXPECT_EQ(r.n_out, 1);
  EXPECT_DOUBLE_EQ(r.model_in, 0.0);
  EXPECT_DOUBLE_EQ(r.model_out, 1.0);
  EXPECT_DOUBLE_EQ(r.zero_growth, 5.0);
  EXPECT_DOUBLE_EQ(r.last_growth, 0.0);
  EXPECT_NEAR(r.ar1, 1094.0 / 343.0, 1e-13);
  // Two in-sample points: no AR(1) (NaN), the other baselines stand.
  const std::vector<double> two = {1, 2};
  const fit::ValidationTableRow s = fit::validation_row("y", two, two, dout, dout);
  EXPECT_TRUE(std::isnan(s.ar1));
  EXPECT_DOUBLE_EQ(s.model_out, 0.0);
  EXPECT_DOUBLE_EQ(s.last_growth, std::sqrt((16.0 + 9.0) / 2.0));
  // No in-sample value: no last growth either.
  const std::vector<double> none = {NAN, NAN};
  EXPECT_TRUE(std::isnan(fit::validation_row("z", none, none, dout, dout).last_growth));
  expect_throw_with<std::invalid_argument>([&] { (void)fit::validation_row("w", din, two, dout, mout); },
                                           "validation_row: w: expected data and model of one length, found 5 and 2");
}

std::vector<fit::ValidationTableRow> sample_rows() {
  return {{"gdp_growth", 6, 2, 1.25, 0.5, 2.0, 0.75, 0.25},
          {"light,output", 5, 2, 0.1, NAN, 1.5, 2.5, NAN}};
}

TEST(FitValidationTable, CsvHasTheDocumentedHeaderAndReadsBack) {
  const std::string csv = fit::validation_csv(sample_rows());
  EXPECT_EQ(csv,
            "indicator,n_in,n_out,model_in_rmse,model_out_rmse,zero_growth_rmse,last_growth_rmse,ar1_rmse\n"
            "gdp_growth,6,2,1.25,0.5,2,0.75,0.25\n"
            "\"light,output\",5,2,0.1,,1.5,2.5,\n");
  const auto back = fit::parse_validation_csv(csv, "fit-validation.csv");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].indicator, "light,output");
  EXPECT_EQ(back[0].n_in, 6);
  EXPECT_EQ(back[0].ar1, 0.25);
  EXPECT_EQ(back[1].model_in, 0.1);
  EXPECT_TRUE(std::isnan(back[1].model_out));
  EXPECT_TRUE(std::isnan(back[1].ar1));
  EXPECT_EQ(fit::validation_csv(back), csv);
}

TEST(FitValidationTable, MalformedCsvNamesFileLineColumn) {
  const std::string head = std::string(fit::kValidationCsvHeader) + "\n";
  expect_throw_with<std::invalid_argument>([] { (void)fit::parse_validation_csv("indicator,rmse\n", "v.csv"); },
                                           "v.csv:1: header: expected \"indicator,n_in,");
  expect_throw_with<std::invalid_argument>([] { (void)fit::parse_validation_csv("", "v.csv"); },
                                           "found \"an empty file\"");
  expect_throw_with<std::invalid_argument>([&] { (void)fit::parse_validation_csv(head + "gdp,1,2\n", "v.csv"); },
                                           "v.csv:2: expected 8 fields, found 3");
  expect_throw_with<std::invalid_argument>(
      [&] { (void)fit::parse_validation_csv(head + "gdp,1,2,1,1,1,1,1\ngdp,x,2,1,1,1,1,1\n", "v.csv"); },
      "v.csv:3: n_in: expected a whole number >= 0, found \"x\"");
  expect_throw_with<std::invalid_argument>(
      [&] { (void)fit::parse_validation_csv(head + "gdp,1,2,1,-1,1,1,1\n", "v.csv"); },
      "v.csv:2: model_out_rmse: expected an RMSE (a number >= 0, or empty for none), found \"-1\"");
}

TEST(FitValidationTable, TextShowsTheModelBesideTheBaselines) {
  const std::string text = fit::validation_text(sample_rows());
  // gdp_growth: out-of-sample 0.5 beats zero growth (2.0) and last growth (0.75), not AR(1) (0.25).
  EXPECT_NE(text.find("gdp_growth       1.25 (6)       0.50 (2)         2.00         0.75         0.25  zero, last\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("light,output     0.10 (5)        n/a (2)         1.50         2.50          n/a  n/a\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("AR(1) fitted by OLS on the in-sample years"), std::string::npos);
}

}  // namespace
}  // namespace lightind
