// Calibration targets of issue 12: findings apart from checks of inputs and comparisons, the
// sign share and RMSE of growth, yearly sums, ranges, a missing indicator, and bad files.
// Every expected number is worked out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "analysis/analysis_test_util.hpp"
#include "lightind/analysis.hpp"

namespace lightind {
namespace {

using analysis_test::put;
using analysis_test::put_year;
using analysis_test::put_years;
namespace an = lightind::analysis;

/// g: monthly 10 (2012), 11 (2013), 9.9 (2014), 10.89 (2015), 9.801 (2016): growth of the
///    yearly sums +10, -10, +10, -10 %.
/// h: monthly 20 (2012), 19 (2013), 19 (2014): growth -5 %, 0 %.
/// x: monthly 1 (2012), month m -> m (2013); y: monthly 2 (2012 only).
Series table_series() {
  Series s;
  put_years(s, "g", 2012, {10.0, 11.0, 9.9, 10.89, 9.801});
  put_years(s, "h", 2012, {20.0, 19.0, 19.0});
  put_year(s, "x", 2012, 1.0);
  for (int m = 1; m <= 12; ++m) put(s, "x", 2013, m, m);
  put_year(s, "y", 2012, 2.0);
  return s;
}

const std::string kHead = "[[targets]]\ntext = \"t\"\nsource = \"hand\"\n";

/// gdp: model +10, -10, +10, -10 against 8, -12, -1, -10: errors 2, 2, 11, 0.
const std::string kGdp = kHead +
                         "id = \"gdp\"\nkind = \"growth\"\nindicator = \"g\"\n"
                         "values = { 2013 = 8, 2014 = -12, 2015 = -1, 2016 = -10 }\nhistory = { 2012 = 4 }\n"
                         "error = \"rmse\"\nsigns = \"reported\"\ntolerance = 6\n";
/// light: h falls 5 % in 2013 (ok), is flat in 2014 against "rose" (0 has no sign: wrong),
/// and 2015 is not computable (h ends in 2014: wrong). Signs 1 of 3.
const std::string kLight = kHead +
                           "id = \"light\"\nclass = \"comparison\"\nkind = \"growth\"\nindicator = \"h\"\n"
                           "values = { 2013 = \"fell\", 2014 = \"rose\", 2015 = 3 }\nsigns = \"reported\"\n";
const std::string kSigns = kHead + "id = \"signs\"\nkind = \"sign_share\"\nof = [\"gdp\", \"light\"]\nmin = 0.55\n";

std::vector<an::TargetResult> eval_all(const std::string& text, std::vector<an::Target>* out = nullptr) {
  const auto ts = an::parse_targets(text, "t.toml");
  if (out) *out = ts;
  return an::evaluate(ts, table_series());
}

TEST(AnalysisTargetClasses, GrowthRmseAndSignShareOnASmallTable) {
  const auto rs = eval_all(kGdp + kLight + kSigns);
  ASSERT_EQ(rs.size(), 3u);
  // RMSE = sqrt((4 + 4 + 121 + 0) / 4) = sqrt(32.25) = 5.6789 <= 6; 2015's wrong sign does not decide.
  EXPECT_NEAR(rs[0].model_value, std::sqrt(32.25), 1e-9);
  EXPECT_TRUE(rs[0].pass);
  EXPECT_EQ(rs[0].signs_right, 3);
  EXPECT_EQ(rs[0].signs_total, 4);
  EXPECT_EQ(rs[0].model_text, "RMSE 5.68 pp, signs 3/4");
  EXPECT_FALSE(rs[0].growth[2].ok);  // 2015: model +10 against -1
  EXPECT_EQ(rs[1].signs_right, 1);
  EXPECT_EQ(rs[1].signs_total, 3);
  EXPECT_EQ(rs[1].target_class, an::TargetClass::comparison);
  // Pooled: (3 + 1) / (4 + 3) = 4/7 = 0.5714 >= 0.55.
  EXPECT_NEAR(rs[2].model_value, 4.0 / 7.0, 1e-12);
  EXPECT_TRUE(rs[2].pass);
  EXPECT_EQ(rs[2].model_text, "4/7 = 57 %");
  // 0.5714 < 0.6 fails; a tolerance of 5.6 < 5.6789 fails the RMSE.
  std::string stricter = kSigns;
  stricter.replace(stricter.find("0.55"), 4, "0.60");
  EXPECT_FALSE(eval_all(kGdp + kLight + stricter)[2].pass);
  std::string tight = kGdp;
  tight.replace(tight.find("tolerance = 6"), 13, "tolerance = 5.6");
  EXPECT_FALSE(eval_all(tight)[0].pass);
  // With the default error (mae) the same years give (2 + 2 + 11 + 0) / 4 = 3.75.
  std::string mae = kGdp;
  mae.replace(mae.find("error = \"rmse\"\n"), 15, "");
  EXPECT_NEAR(eval_all(mae)[0].model_value, 3.75, 1e-9);
  // With signs = "required" (the default) the wrong 2015 fails the target.
  std::string required = kGdp;
  required.replace(required.find("signs = \"reported\"\n"), 19, "");
  EXPECT_FALSE(eval_all(required)[0].pass);
}

TEST(AnalysisTargetClasses, MissingIndicatorIsAFailedRowWithANote) {
  const std::string absent = kHead + "id = \"rice\"\nkind = \"range\"\nindicator = \"market_rice_price\"\n"
                                     "years = [2013]\nmin = 3000\nmax = 8000\n" +
                             kHead + "id = \"gone\"\nkind = \"growth\"\nindicator = \"gdp_gone\"\n"
                                     "values = { 2013 = 1, 2014 = \"fell\" }\ntolerance = 1\n" +
                             kHead + "id = \"pool\"\nkind = \"sign_share\"\nof = [\"gone\"]\nmin = 0\n" +
                             kHead + "id = \"trade\"\nkind = \"yearly_sum\"\nindicator = \"x\"\n"
                                     "plus = [\"imports_gone\"]\nvalues = { 2012 = 1 }\ntolerance = 1\n";
  std::vector<an::Target> ts;
  const auto rs = eval_all(absent, &ts);
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_FALSE(rs[0].pass);
  EXPECT_EQ(rs[0].model_text, "n/a");
  EXPECT_EQ(rs[0].note, "indicator market_rice_price not in the run");
  EXPECT_FALSE(rs[1].pass);
  EXPECT_EQ(rs[1].signs_total, 2);  // both years have data: neither is right
  EXPECT_EQ(rs[1].signs_right, 0);
  EXPECT_NE(rs[1].note.find("indicator gdp_gone not in the run"), std::string::npos) << rs[1].note;
  // 0 of 2 pooled: a share of 0, which meets min = 0; the note says why the years count as wrong.
  EXPECT_DOUBLE_EQ(rs[2].model_value, 0.0);
  EXPECT_NE(rs[2].note.find("gdp_gone not in the run"), std::string::npos) << rs[2].note;
  EXPECT_FALSE(rs[3].pass);
  EXPECT_NE(rs[3].note.find("indicator imports_gone not in the run"), std::string::npos) << rs[3].note;
  const std::string table = an::calibration_table(ts, rs);
  EXPECT_NE(table.find("note: indicator market_rice_price not in the run"), std::string::npos) << table;
  EXPECT_NE(table.find("4 findings: 1 pass, 3 fail"), std::string::npos) << table;
}

TEST(AnalysisTargetClasses, YearlySumRangeAndLessOverYears) {
  // x + y in 2012: 12 + 24 = 36, times 0.5 = 18 against 20: -10 %, within 10 %.
  const std::string sum = kHead + "id = \"s\"\nkind = \"yearly_sum\"\nindicator = \"x\"\nplus = [\"y\"]\n"
                                  "scale = 0.5\nvalues = { 2012 = 20 }\ntolerance = 0.1\n";
  auto r = eval_all(sum)[0];
  EXPECT_TRUE(r.pass) << r.note;
  EXPECT_NEAR(r.model_value, -0.1, 1e-12);
  EXPECT_EQ(r.model_text, "worst -10.0 % in 2012");
  ASSERT_EQ(r.details.size(), 1u);
  EXPECT_EQ(r.details[0].model, "18 (-10.0 %)");
  // 2013 has no y: not complete, so the target fails.
  std::string both = sum;
  both.replace(both.find("{ 2012 = 20 }"), 13, "{ 2012 = 20, 2013 = 50 }");
  r = eval_all(both)[0];
  EXPECT_FALSE(r.pass);
  EXPECT_NE(r.note.find("2013 is not complete in the run"), std::string::npos) << r.note;
  // Range of the annual means of x: 1 (2012) and 6.5 (2013) in [0.5, 8]; shown: 1, the nearer
  // to a bound (max(0.5 - 1, 1 - 8) = -0.5 against max(0.5 - 6.5, 6.5 - 8) = -1.5).
  const std::string range = kHead + "id = \"r\"\nkind = \"range\"\nindicator = \"x\"\nyears = [2012, 2013]\n"
                                    "min = 0.5\nmax = 8\n";
  r = eval_all(range)[0];
  EXPECT_TRUE(r.pass);
  EXPECT_DOUBLE_EQ(r.model_value, 1.0);
  EXPECT_EQ(r.model_text, "1 to 6.5");
  EXPECT_DOUBLE_EQ(r.target_value, 4.25);
  EXPECT_DOUBLE_EQ(r.tolerance, 3.75);
  // Monthly: December 2013 (12) is above 11.
  const std::string monthly = kHead + "id = \"m\"\nkind = \"range\"\nindicator = \"x\"\nyears = [2013]\n"
                                      "min = 0.5\nmax = 11\nmonthly = true\n";
  r = eval_all(monthly)[0];
  EXPECT_FALSE(r.pass);
  EXPECT_DOUBLE_EQ(r.model_value, 12.0);
  // max over months: the largest month of x in 2013 is 12, in December.
  r = eval_all(kHead + "id = \"mx\"\nkind = \"max\"\nindicator = \"x\"\nyears = [2013]\nvalue = 12\nmonthly = true\n")[0];
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.model_text, "12 in 2013-12");
  // less over years: x < h in 2012 (1 < 20) and 2013 (6.5 < 19); the smallest margin is 2013's.
  r = eval_all(kHead + "id = \"l\"\nkind = \"less\"\nindicator = \"x\"\nother = \"h\"\nyears = [2012, 2013]\n")[0];
  EXPECT_TRUE(r.pass);
  EXPECT_DOUBLE_EQ(r.model_value, 6.5);
  EXPECT_DOUBLE_EQ(r.target_value, 19.0);
  EXPECT_EQ(r.details.size(), 2u);
  EXPECT_FALSE(
      eval_all(kHead + "id = \"l\"\nkind = \"less\"\nindicator = \"h\"\nother = \"x\"\nyears = [2012, 2013]\n")[0].pass);
}

TEST(AnalysisTargetClasses, ClassSplitInTableCountsAndCsv) {
  const std::string text =
      kHead + "id = \"f_pass\"\nkind = \"level\"\nindicator = \"h\"\nyear = 2012\nvalue = 20\ntolerance = 0\n" +
      kHead + "id = \"f_fail\"\nkind = \"level\"\nindicator = \"h\"\nyear = 2012\nvalue = 30\ntolerance = 1\n" +
      kHead +
      "id = \"lag\"\nclass = \"input-check\"\nrestates = \"the gestation months of the sectors\"\n"
      "kind = \"level\"\nindicator = \"h\"\nyear = 2013\nvalue = 0\ntolerance = 1\n" +
      kHead + "id = \"fao\"\nclass = \"comparison\"\nkind = \"range\"\nindicator = \"x\"\nyears = [2012]\n"
              "min = 0.5\nmax = 1.5\n";
  std::vector<an::Target> ts;
  const auto rs = eval_all(text, &ts);
  const an::CalibrationCounts c = an::count_results(rs);
  EXPECT_EQ(c.findings, 2);
  EXPECT_EQ(c.findings_passed, 1);
  EXPECT_EQ(c.input_checks, 1);
  EXPECT_EQ(c.input_checks_passed, 0);  // h 2013 is 19, not 0 +/- 1
  EXPECT_EQ(c.comparisons, 1);
  EXPECT_FALSE(c.all_pass());
  const std::string table = an::calibration_table(ts, rs);
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 100u) << line;
  // The headline counts findings only; input checks and comparisons come after, in their own blocks.
  const size_t findings = table.find("2 findings: 1 pass, 1 fail");
  const size_t inputs = table.find("Checks of inputs");
  const size_t comparisons = table.find("Comparisons:");
  ASSERT_NE(findings, std::string::npos) << table;
  ASSERT_NE(inputs, std::string::npos) << table;
  ASSERT_NE(comparisons, std::string::npos) << table;
  EXPECT_LT(findings, inputs);
  EXPECT_LT(inputs, comparisons);
  EXPECT_GT(table.find("lag "), inputs);
  analysis_test::expect_has_all(table, {"restates: the gestation months of the sectors",
                                        "1 input checks: 0 agree, 1 differ", "1 comparison reported", "DIFFERS"});
  EXPECT_EQ(an::calibration_csv(ts, rs),
            analysis_test::kCalibrationCsvHeader +
            "f_pass,finding,hand,level,20,20,0,true\n"
            "f_fail,finding,hand,level,20,30,1,false\n"
            "lag,input-check,hand,level,19,0,1,false\n"
            "fao,comparison,hand,range,1,1,0.5,\n");
}

const auto error_of = analysis_test::targets_error;

/// The targets text fails on `key`, at `line`.
void expect_key_line(const std::string& text, const std::string& key, int line) {
  const an::TargetsError e = error_of(text);
  EXPECT_EQ(e.key(), key);
  EXPECT_EQ(e.line(), line);
}

TEST(AnalysisTargetClasses, BadFilesNameFileLineAndKey) {
  // Lines: 1 [[targets]], 2 text, 3 source, 4 id, then the body.
  analysis_test::expect_targets_error(
      kHead + "id = \"a\"\nclass = \"inputs-check\"\nkind = \"level\"\nindicator = \"x\"\nyear = 2012\nvalue = 1\n"
              "tolerance = 1\n",
      5, "targets[a].class",
      "bad.toml:5: targets[a].class: expected one of \"finding\", \"input-check\", \"comparison\", found "
      "\"inputs-check\" (did you mean \"input-check\"?)");
  // An input check must say what it restates (the line of its header).
  expect_key_line(kHead + "id = \"a\"\nclass = \"input-check\"\nkind = \"level\"\nindicator = \"x\"\n"
                          "year = 2012\nvalue = 1\ntolerance = 1\n", "targets[a].restates", 1);
  // restates belongs to input checks only.
  auto e = error_of(kHead + "id = \"a\"\nrestates = \"x\"\nkind = \"level\"\nindicator = \"x\"\nyear = 2012\n"
                            "value = 1\ntolerance = 1\n");
  EXPECT_EQ(e.line(), 5);
  EXPECT_NE(std::string(e.what()).find("expected restates only with class = \"input-check\", found class = "
                                       "\"finding\""),
            std::string::npos)
      << e.what();
  // error = "rms": a suggestion.
  e = error_of(kHead + "id = \"a\"\nkind = \"growth\"\nindicator = \"x\"\nvalues = { 2013 = 1 }\n"
                       "tolerance = 1\nerror = \"rms\"\n");
  EXPECT_EQ(e.line(), 9);
  EXPECT_EQ(e.key(), "targets[a].error");
  EXPECT_NE(std::string(e.what()).find("(did you mean \"rmse\"?)"), std::string::npos) << e.what();
  // history is numbers only, and not the years of values.
  expect_key_line(kHead + "id = \"a\"\nkind = \"growth\"\nindicator = \"x\"\nvalues = { 2013 = 1 }\n"
                          "tolerance = 1\nhistory = { 2012 = \"fell\" }\n", "targets[a].history.2012", 9);
  e = error_of(kHead + "id = \"a\"\nkind = \"growth\"\nindicator = \"x\"\nvalues = { 2013 = 1 }\n"
                       "tolerance = 1\nhistory = { 2013 = 2 }\n");
  EXPECT_EQ(e.key(), "targets[a].history.2013");
  // A comparison needs no tolerance; a finding with numbers does.
  e = error_of(kHead + "id = \"a\"\nkind = \"growth\"\nindicator = \"x\"\nvalues = { 2013 = 1 }\n");
  EXPECT_EQ(e.key(), "targets[a].tolerance");
  (void)an::parse_targets(kHead + "id = \"a\"\nclass = \"comparison\"\nkind = \"growth\"\nindicator = \"x\"\n"
                                  "values = { 2013 = 1 }\n",
                          "ok.toml");
  // sign_share: an unknown id (the line of that element, with a suggestion), a target that is
  // not a growth target, an indicator, a share above 1.
  e = error_of(kGdp + kHead + "id = \"s\"\nkind = \"sign_share\"\nof = [\n  \"gpd\",\n]\nmin = 0.8\n");
  EXPECT_EQ(e.key(), "targets[s].of");
  EXPECT_EQ(e.line(), 18);  // kGdp is 11 lines; then [[targets]], text, source, id, kind, of = [, "gpd"
  EXPECT_NE(std::string(e.what()).find("found \"gpd\" (did you mean \"gdp\"?)"), std::string::npos) << e.what();
  e = error_of(kHead + "id = \"lvl\"\nkind = \"level\"\nindicator = \"x\"\nyear = 2012\nvalue = 1\ntolerance = 1\n" +
               kHead + "id = \"s\"\nkind = \"sign_share\"\nof = [\"lvl\"]\nmin = 0.8\n");
  EXPECT_NE(std::string(e.what()).find("expected the id of a growth target, found \"lvl\", a level target"),
            std::string::npos)
      << e.what();
  expect_key_line(kHead + "id = \"s\"\nkind = \"sign_share\"\nindicator = \"x\"\nof = [\"g\"]\nmin = 0.8\n",
                          "targets[s].indicator", 6);
  e = error_of(kGdp + kHead + "id = \"s\"\nkind = \"sign_share\"\nof = [\"gdp\"]\nmin = 80\n");
  EXPECT_EQ(e.key(), "targets[s].min");
  // range: max below min; monthly not a boolean.
  expect_key_line(kHead + "id = \"a\"\nkind = \"range\"\nindicator = \"x\"\nyears = [2013]\nmin = 8000\nmax = 3000\n",
                          "targets[a].max", 9);
  e = error_of(kHead + "id = \"a\"\nkind = \"range\"\nindicator = \"x\"\nyears = [2013]\nmin = 1\nmax = 3\n"
                       "monthly = \"yes\"\n");
  EXPECT_EQ(e.key(), "targets[a].monthly");
  EXPECT_NE(std::string(e.what()).find("expected true or false, found a string \"yes\""), std::string::npos)
      << e.what();
  // yearly_sum: a value that is not a number; a scale of 0.
  expect_key_line(kHead + "id = \"a\"\nkind = \"yearly_sum\"\nindicator = \"x\"\nvalues = { 2012 = \"6.81\" }\n"
                          "tolerance = 0.2\n", "targets[a].values.2012", 7);
  e = error_of(kHead + "id = \"a\"\nkind = \"yearly_sum\"\nindicator = \"x\"\nvalues = { 2012 = 1 }\n"
                       "tolerance = 0.2\nscale = 0\n");
  EXPECT_EQ(e.key(), "targets[a].scale");
  // less: year and years together.
  expect_key_line(kHead + "id = \"a\"\nkind = \"less\"\nindicator = \"x\"\nother = \"y\"\nyear = 2012\n"
                          "years = [2013]\n", "targets[a].years", 9);
}

}  // namespace
}  // namespace lightind
