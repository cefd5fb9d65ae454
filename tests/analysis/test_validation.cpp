// Validation like a forecaster: a growth target split at a holdout year, the model's in- and
// out-of-sample RMSE beside the random-walk and mean-growth forecasts, worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "analysis/analysis_test_util.hpp"
#include "lightind/analysis.hpp"

namespace lightind {
namespace {

using analysis_test::put_years;
namespace an = lightind::analysis;

/// g: growth of the yearly sums +10, -10, +10, -10 % in 2013-2016 (monthly 10, 11, 9.9, 10.89, 9.801).
Series growth_series() {
  Series s;
  put_years(s, "g", 2012, {10.0, 11.0, 9.9, 10.89, 9.801});
  return s;
}

const std::string kTargets =
    "[[targets]]\nid = \"gdp\"\ntext = \"t\"\nsource = \"hand\"\nkind = \"growth\"\nindicator = \"g\"\n"
    "values = { 2013 = 8, 2014 = -12, 2015 = -1, 2016 = -10 }\nhistory = { 2012 = 4 }\n"
    "error = \"rmse\"\nsigns = \"reported\"\ntolerance = 6\n"
    // Sign-only years are not validated: no row.
    "[[targets]]\nid = \"signs_only\"\ntext = \"t\"\nsource = \"hand\"\nkind = \"growth\"\nindicator = \"g\"\n"
    "values = { 2013 = \"rose\" }\n"
    // The model lacks this indicator: the baselines are still scored on the published years.
    "[[targets]]\nid = \"absent\"\ntext = \"t\"\nsource = \"hand\"\nclass = \"comparison\"\nkind = \"growth\"\n"
    "indicator = \"nowhere\"\nvalues = { 2014 = 2, 2015 = 5 }\nhistory = { 2013 = 1 }\n";

std::vector<an::ValidationRow> rows_at(int holdout) {
  const auto ts = an::parse_targets(kTargets, "t.toml");
  return an::validate(ts, an::evaluate(ts, growth_series()), holdout);
}

TEST(AnalysisValidation, HoldoutSplitAndNaiveBaselinesByHand) {
  const auto rows = rows_at(2015);
  ASSERT_EQ(rows.size(), 2u);
  const an::ValidationRow& r = rows[0];
  EXPECT_EQ(r.target, "gdp");
  EXPECT_EQ(r.indicator, "g");
  // In sample 2013, 2014: model 10, -10 against 8, -12: errors 2, 2: RMSE 2.
  EXPECT_EQ(r.in_years, 2);
  EXPECT_NEAR(r.in_rmse, 2.0, 1e-9);
  // Out of sample 2015, 2016: model 10, -10 against -1, -10: errors 11, 0: sqrt(121 / 2).
  EXPECT_EQ(r.out_years, 2);
  EXPECT_NEAR(r.out_rmse, std::sqrt(60.5), 1e-9);
  // Random walk: 2014's -12 for both years: errors -11, -2: sqrt((121 + 4) / 2) = sqrt(62.5).
  EXPECT_DOUBLE_EQ(r.random_walk, -12.0);
  EXPECT_EQ(r.random_walk_year, 2014);
  EXPECT_NEAR(r.random_walk_rmse, std::sqrt(62.5), 1e-12);
  // Mean of 2012-2014 (history 4, then 8, -12) = 0: errors 1, 10: sqrt(101 / 2).
  EXPECT_DOUBLE_EQ(r.mean, 0.0);
  EXPECT_EQ(r.mean_from, 2012);
  EXPECT_EQ(r.mean_to, 2014);
  EXPECT_NEAR(r.mean_rmse, std::sqrt(50.5), 1e-12);
  // Signs: 2013, 2014 right; 2015 wrong (+10 against -1), 2016 right.
  EXPECT_EQ(r.in_signs_right, 2);
  EXPECT_EQ(r.in_signs, 2);
  EXPECT_EQ(r.out_signs_right, 1);
  EXPECT_EQ(r.out_signs, 2);

  // Absent indicator: no model years, yet the baselines are scored on the published 2015 (5).
  // Known before 2015: 2013's 1 (history) and 2014's 2: the random walk is 2 (error -3), the
  // mean (1 + 2) / 2 = 1.5 (error -3.5).
  const an::ValidationRow& a = rows[1];
  EXPECT_EQ(a.out_years, 0);
  EXPECT_TRUE(std::isnan(a.out_rmse));
  EXPECT_DOUBLE_EQ(a.random_walk, 2.0);
  EXPECT_NEAR(a.random_walk_rmse, 3.0, 1e-12);
  EXPECT_NEAR(a.mean_rmse, 3.5, 1e-12);
  EXPECT_NE(a.note.find("indicator nowhere not in the run"), std::string::npos) << a.note;
}

TEST(AnalysisValidation, ALaterHoldoutMovesYearsIntoTheSample) {
  // Holdout 2016: in sample 2013-2015 (errors 2, 2, 11: sqrt(129 / 3) = sqrt(43)), out 2016 (0).
  const auto r = rows_at(2016)[0];
  EXPECT_EQ(r.in_years, 3);
  EXPECT_NEAR(r.in_rmse, std::sqrt(43.0), 1e-9);
  EXPECT_EQ(r.out_years, 1);
  EXPECT_NEAR(r.out_rmse, 0.0, 1e-9);
  // Random walk: 2015's -1 against -10: 9. Mean of 4, 8, -12, -1 = -0.25 against -10: 9.75.
  EXPECT_NEAR(r.random_walk_rmse, 9.0, 1e-12);
  EXPECT_NEAR(r.mean_rmse, 9.75, 1e-12);
}

TEST(AnalysisValidation, TableAndCsv) {
  const auto rows = rows_at(2015);
  const std::string table = an::validation_table(rows, 2015);
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 100u) << line;
  EXPECT_NE(table.find("gdp                     2.00 (2)       7.78 (2)        7.91 (-12.0 of 2014)  7.11 (+0.00, "
                       "2012-2014)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("in sample 2/2, out of sample 1/2"), std::string::npos) << table;
  const std::string csv = an::validation_csv(rows);
  std::istringstream lines(csv);
  std::string header, in_line, out_line;
  std::getline(lines, header);
  std::getline(lines, in_line);
  std::getline(lines, out_line);
  EXPECT_EQ(header, "target,indicator,sample,years,model_rmse,random_walk_rmse,mean_rmse,signs_right,signs");
  EXPECT_EQ(in_line.substr(0, 12), "gdp,g,in,2,2");  // RMSE 2 (up to rounding)
  EXPECT_EQ(in_line.substr(in_line.size() - 6), ",,,2,2");
  EXPECT_EQ(out_line.substr(0, 15), "gdp,g,out,2,7.7");
  EXPECT_NE(out_line.find(",1,2"), std::string::npos) << out_line;
}

}  // namespace
}  // namespace lightind
