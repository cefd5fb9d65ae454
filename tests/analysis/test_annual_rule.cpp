// One annual mean, one NaN rule (issue 11, item 7): summary.json, calibrate (analysis::
// annual_mean), compare and the run's headline agree on a series with NaN months.
#include <cmath>
#include <filesystem>
#include <limits>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analysis/analysis_test_util.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

namespace an = analysis;
using analysis_test::put;
using analysis_test::put_year;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// x: 2012 the values 1..12 with month 3 NaN and month 7 +inf (the mean of the ten others is
/// (78 - 3 - 7) / 10 = 6.8); 2013 every month NaN; 2014 all 5.
Series nan_series() {
  Series s;
  for (int m = 1; m <= 12; ++m) put(s, "x", 2012, m, m == 3 ? kNaN : m == 7 ? std::numeric_limits<double>::infinity() : m);
  put_year(s, "x", 2013, kNaN);
  put_year(s, "x", 2014, 5.0);
  return s;
}

TEST(AnalysisAnnual, NanMonthsAreLeftOutAndAYearWithoutFiniteMonthsIsNaN) {
  const auto m = an::annual_mean(nan_series(), "x");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_DOUBLE_EQ(m.at(2012), (78.0 - 3.0 - 7.0) / 10.0);  // 1..12 sum 78, without months 3 and 7
  EXPECT_TRUE(std::isnan(m.at(2013)));
  EXPECT_DOUBLE_EQ(m.at(2014), 5.0);
  // The sum keeps every month (a total cannot skip one).
  EXPECT_TRUE(std::isnan(an::annual_sum(nan_series(), "x").at(2012)));
}

/// summary.json's years and analysis::annual_mean (calibrate, compare, the headline) give the
/// same numbers: before issue 11 annual_mean let a NaN month make the year NaN while
/// summary.json left it out.
TEST(AnalysisAnnual, SummaryJsonAndAnnualMeanAgree) {
  RunResult r;
  r.scenario = "nan";
  r.series = nan_series();
  Description d;
  d.name = "nan";
  const std::filesystem::path dir = cli_test::scratch_dir();
  write_summary_json(r, d, (dir / "summary.json").string());
  const auto j = nlohmann::json::parse(cli_test::read_file(dir / "summary.json"));
  const auto m = an::annual_mean(r.series, "x");
  ASSERT_EQ(j["years"].size(), m.size());
  for (const auto& [year, mean] : m) {
    const auto& v = j["years"][std::to_string(year)]["x"];
    if (std::isnan(mean)) {
      EXPECT_TRUE(v.is_null()) << year;
    } else {
      ASSERT_TRUE(v.is_number()) << year;
      EXPECT_DOUBLE_EQ(v.get<double>(), mean) << year;
    }
  }
  // compare's cells are the same annual means.
  const std::vector<an::ComparedRun> runs = {{"nan", &r.series}};
  const auto cells = an::compare_cells(runs, {"x"}, {2012, 2013, 2014});
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_DOUBLE_EQ(cells[0].value, 6.8);
  EXPECT_TRUE(std::isnan(cells[1].value));
}

}  // namespace
}  // namespace lightind
