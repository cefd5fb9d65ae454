// Annual statistics, calibration targets and the targets file parser, on hand-made series
// whose values are worked out by hand in the comments.
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
namespace an = lightind::analysis;

/// flow: 2012 all months 10 (sum 120, mean 10); 2013 month m -> m (sum 78, mean 6.5);
///       2014 all months 13 (sum 156, mean 13); 2015 six months of 20 (sum 120, mean 20).
/// wage: 2012 all months 2, 2013 all months 3.
/// A sector row and a region row of flow (1000) must be ignored by every statistic.
Series hand_series() {
  Series s;
  put(s, "flow", 2015, 6, 20.0);  // the last month first: order must not matter
  put_year(s, "flow", 2012, 10.0);
  for (int m = 1; m <= 12; ++m) put(s, "flow", 2013, m, m);
  put_year(s, "flow", 2014, 13.0);
  for (int m = 1; m <= 5; ++m) put(s, "flow", 2015, m, 20.0);
  s.sectors = {"food"};
  s.regions = {"pyongyang"};
  s.add(YearMonth{2013, 5}.index(), s.indicator_id("flow"), 1000.0, 0, -1);
  s.add(YearMonth{2013, 5}.index(), s.indicator_id("flow"), 1000.0, -1, 0);
  put_year(s, "wage", 2012, 2.0);
  put_year(s, "wage", 2013, 3.0);
  return s;
}

TEST(AnalysisAnnual, MeansSumsAndMonths) {
  const Series s = hand_series();
  const auto mean = an::annual_mean(s, "flow");
  ASSERT_EQ(mean.size(), 4u);
  EXPECT_DOUBLE_EQ(mean.at(2012), 10.0);
  EXPECT_DOUBLE_EQ(mean.at(2013), 6.5);
  EXPECT_DOUBLE_EQ(mean.at(2014), 13.0);
  EXPECT_DOUBLE_EQ(mean.at(2015), 20.0);
  const auto sum = an::annual_sum(s, "flow");
  EXPECT_DOUBLE_EQ(sum.at(2012), 120.0);
  EXPECT_DOUBLE_EQ(sum.at(2013), 78.0);
  EXPECT_DOUBLE_EQ(sum.at(2014), 156.0);
  EXPECT_DOUBLE_EQ(sum.at(2015), 120.0);
  const auto months = an::months_per_year(s, "flow");
  EXPECT_EQ(months.at(2013), 12);
  EXPECT_EQ(months.at(2015), 6);
  EXPECT_TRUE(an::annual_mean(s, "absent").empty());
}

TEST(AnalysisAnnual, GrowthOfYearlySumsNeedsTwoCompleteYears) {
  const auto g = an::annual_growth(hand_series(), "flow");
  // 2012 has no 2011; 2015 is incomplete (6 months).
  ASSERT_EQ(g.size(), 2u);
  EXPECT_NEAR(g.at(2013), -35.0, 1e-12);  // 100 (78 / 120 - 1)
  EXPECT_NEAR(g.at(2014), 100.0, 1e-12);  // 100 (156 / 78 - 1)
  EXPECT_TRUE(an::annual_growth(hand_series(), "absent").empty());
}

TEST(AnalysisAnnual, FinalValueIsTheLatestMonth) {
  const Series s = hand_series();
  EXPECT_DOUBLE_EQ(an::final_value(s, "flow"), 20.0);  // 2015-06, added first
  EXPECT_DOUBLE_EQ(an::final_value(s, "wage"), 3.0);
  EXPECT_TRUE(std::isnan(an::final_value(s, "absent")));
}

/// One target from TOML text (the common keys filled in).
an::Target target(const std::string& body) {
  const std::string text = "[[targets]]\nid = \"t\"\ntext = \"a target\"\nsource = \"hand\"\n" + body;
  const auto ts = an::parse_targets(text, "t.toml");
  EXPECT_EQ(ts.size(), 1u);
  return ts.front();
}

an::TargetResult eval(const std::string& body) { return an::evaluate(target(body), hand_series()); }

/// The target in `body` fails, with a note that says `note`.
void expect_fails_noting(const std::string& body, const std::string& note) {
  const auto r = eval(body);
  EXPECT_FALSE(r.pass) << body;
  EXPECT_NE(r.note.find(note), std::string::npos) << r.note;
}

/// Evaluates the target in `body`, whose verdict must be `pass` with the model's value
/// `model_value`; returns the result for further checks.
an::TargetResult expect_verdict(const std::string& body, bool pass, double model_value) {
  const auto r = eval(body);
  EXPECT_EQ(r.pass, pass) << body;
  EXPECT_DOUBLE_EQ(r.model_value, model_value) << body;
  return r;
}

TEST(AnalysisTargets, Level) {
  const auto pass =
      expect_verdict("kind = \"level\"\nindicator = \"flow\"\nyear = 2013\nvalue = 6.5\ntolerance = 0.01\n", true, 6.5);
  EXPECT_DOUBLE_EQ(pass.target_value, 6.5);
  EXPECT_DOUBLE_EQ(pass.tolerance, 0.01);
  // |6.5 - 7| = 0.5 > 0.4
  expect_verdict("kind = \"level\"\nindicator = \"flow\"\nyear = 2013\nvalue = 7\ntolerance = 0.4\n", false, 6.5);
  expect_fails_noting("kind = \"level\"\nindicator = \"flow\"\nyear = 2030\nvalue = 7\ntolerance = 0.4\n",
                      "2030 is outside the run");
}

TEST(AnalysisTargets, Ratio) {
  // flow 2014 / mean(flow 2012, flow 2013) = 13 / ((10 + 6.5) / 2) = 13 / 8.25
  const std::string base = "kind = \"ratio\"\nindicator = \"flow\"\nyear = 2014\nbase_years = [2012, 2013]\n";
  const auto pass = expect_verdict(base + "min = 1.5\n", true, 13.0 / 8.25);
  EXPECT_DOUBLE_EQ(pass.target_value, 1.5);
  EXPECT_TRUE(std::isnan(pass.tolerance));
  const auto too_high = eval(base + "min = 1.5\nmax = 1.55\n");  // 1.5758 > 1.55
  EXPECT_FALSE(too_high.pass);
  EXPECT_NEAR(too_high.target_value, 1.525, 1e-12);  // the interval as centre +/- half-width
  EXPECT_NEAR(too_high.tolerance, 0.025, 1e-12);
  EXPECT_FALSE(eval(base + "min = 1.6\n").pass);
  // Another base indicator: flow 2014 / wage 2012 = 13 / 2
  expect_verdict(
      "kind = \"ratio\"\nindicator = \"flow\"\nyear = 2014\nbase_indicator = \"wage\"\nbase_years = [2012]\nmin = 6\n",
      true, 6.5);
  expect_fails_noting(
      "kind = \"ratio\"\nindicator = \"flow\"\nyear = 2014\nbase_indicator = \"nowhere\"\n"
      "base_years = [2012]\nmin = 0\n",
      "nowhere not in the run");
}

TEST(AnalysisTargets, GrowthNumeric) {
  // model growth: 2013 -35 %, 2014 +100 %; errors 5 and 5: mean 5
  const std::string base = "kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2013 = -30, 2014 = 95 }\n";
  const auto pass = eval(base + "tolerance = 5.01\n");
  EXPECT_TRUE(pass.pass);
  EXPECT_NEAR(pass.model_value, 5.0, 1e-9);
  EXPECT_DOUBLE_EQ(pass.target_value, 0.0);
  EXPECT_DOUBLE_EQ(pass.tolerance, 5.01);
  ASSERT_EQ(pass.growth.size(), 2u);
  EXPECT_NEAR(pass.growth[0].model, -35.0, 1e-9);
  EXPECT_NEAR(pass.growth[1].model, 100.0, 1e-9);
  EXPECT_FALSE(eval(base + "tolerance = 4.9\n").pass);
  // A numeric year's sign must be right too: model -35 % against +1 % fails even when the
  // mean error is within the tolerance.
  const auto wrong_sign = eval("kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2013 = 1 }\ntolerance = 50\n");
  EXPECT_FALSE(wrong_sign.pass);
  EXPECT_FALSE(wrong_sign.growth[0].ok);
  EXPECT_NEAR(wrong_sign.model_value, 36.0, 1e-9);
}

TEST(AnalysisTargets, GrowthSignOnly) {
  const auto pass = eval("kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2013 = \"fell\", 2014 = \"rose\" }\n");
  EXPECT_TRUE(pass.pass);
  EXPECT_TRUE(std::isnan(pass.model_value));  // no numeric year
  ASSERT_EQ(pass.growth.size(), 2u);
  EXPECT_TRUE(pass.growth[0].ok);
  EXPECT_TRUE(pass.growth[1].ok);
  const auto fail = eval("kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2013 = \"rose\" }\n");
  EXPECT_FALSE(fail.pass);
  EXPECT_FALSE(fail.growth[0].ok);
  // A right mean error does not save a wrong sign.
  const auto mixed =
      eval("kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2013 = -35, 2014 = \"fell\" }\ntolerance = 1\n");
  EXPECT_FALSE(mixed.pass);
  EXPECT_NEAR(mixed.model_value, 0.0, 1e-9);
}

TEST(AnalysisTargets, GrowthYearNotComputableIsExcluded) {
  // 2012 needs 2011 (before the series): reported, left out of the mean error.
  const auto r =
      eval("kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2012 = 50, 2013 = -35.5 }\ntolerance = 0.6\n");
  EXPECT_TRUE(r.pass) << r.note;
  EXPECT_NEAR(r.model_value, 0.5, 1e-9);  // only 2013: |-35 - -35.5|
  ASSERT_EQ(r.growth.size(), 2u);
  EXPECT_EQ(r.growth[0].year, 2012);
  EXPECT_FALSE(r.growth[0].computable);
  EXPECT_TRUE(r.growth[1].computable);
  EXPECT_NE(r.note.find("2012 is not computable"), std::string::npos) << r.note;
  // 2015 is incomplete: not computable either. Nothing computable at all fails.
  const auto none = eval(
      "kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2012 = \"fell\", 2015 = 3 }\n"
      "tolerance = 100\n");
  EXPECT_FALSE(none.pass);
  EXPECT_NE(none.note.find("2012, 2015 are not computable"), std::string::npos) << none.note;
  EXPECT_NE(none.note.find("no year is computable"), std::string::npos) << none.note;
}

TEST(AnalysisTargets, Less) {
  // final: flow 20 (2015-06), wage 3 (2013-12)
  const auto at_final_fail =
      expect_verdict("kind = \"less\"\nindicator = \"flow\"\nother = \"wage\"\nat = \"final\"\n", false, 20.0);
  EXPECT_DOUBLE_EQ(at_final_fail.target_value, 3.0);
  EXPECT_TRUE(eval("kind = \"less\"\nindicator = \"wage\"\nother = \"flow\"\nat = \"final\"\n").pass);
  // annual means in 2012: wage 2 < flow 10
  const auto in_year =
      expect_verdict("kind = \"less\"\nindicator = \"wage\"\nother = \"flow\"\nyear = 2012\n", true, 2.0);
  EXPECT_DOUBLE_EQ(in_year.target_value, 10.0);
  // equal is not less: flow 2012 (10) vs flow 2012
  EXPECT_FALSE(eval("kind = \"less\"\nindicator = \"flow\"\nother = \"flow\"\nyear = 2012\n").pass);
  expect_fails_noting("kind = \"less\"\nindicator = \"nowhere\"\nother = \"flow\"\nat = \"final\"\n",
                      "nowhere not in the run");
}

TEST(AnalysisTargets, Max) {
  // flow means: 2012 10, 2013 6.5: the largest is 10
  const auto pass =
      expect_verdict("kind = \"max\"\nindicator = \"flow\"\nyears = [2012, 2013]\nvalue = 10\n", true, 10.0);
  EXPECT_EQ(pass.model_text, "10 in 2012");
  EXPECT_FALSE(eval("kind = \"max\"\nindicator = \"flow\"\nyears = [2012, 2013]\nvalue = 9.99\n").pass);
  expect_fails_noting("kind = \"max\"\nindicator = \"flow\"\nyears = [2013, 2016]\nvalue = 100\n",
                      "2016 is outside the run");
}

TEST(AnalysisTargets, AbsentIndicatorFailsWithANote) {
  const auto r = eval("kind = \"level\"\nindicator = \"not_yet\"\nyear = 2013\nvalue = 1\ntolerance = 1\n");
  EXPECT_FALSE(r.pass);
  EXPECT_TRUE(std::isnan(r.model_value));
  EXPECT_EQ(r.model_text, "n/a");
  EXPECT_NE(r.note.find("indicator not_yet not in the run"), std::string::npos) << r.note;
}

const auto parse_error = analysis_test::targets_error;

TEST(AnalysisTargetsFile, UnknownKindNamesFileLineAndKey) {
  analysis_test::expect_targets_error(
      "# targets\n[[targets]]\nid = \"a\"\ntext = \"t\"\nsource = \"s\"\nkind = \"levle\"\nindicator = \"x\"\n", 6,
      "targets[a].kind",
      "bad.toml:6: targets[a].kind: expected one of level, ratio, growth, less, max, range, yearly_sum, sign_share, "
      "found \"levle\" (did you mean \"level\"?)");
}

TEST(AnalysisTargetsFile, MissingIndicatorNamesTheTargetsLine) {
  const auto e = parse_error(
      "[[targets]]\nid = \"a\"\ntext = \"t\"\nsource = \"s\"\nkind = \"max\"\nindicator = \"x\"\nyears = [2012]\n"
      "value = 1\n\n[[targets]]\nid = \"b\"\ntext = \"t\"\nsource = \"s\"\nkind = \"max\"\nyears = [2012]\n"
      "value = 1\n");
  EXPECT_EQ(e.line(), 10);  // the second [[targets]] header
  EXPECT_EQ(e.key(), "targets[b].indicator");
  EXPECT_NE(std::string(e.what()).find("bad.toml:10: targets[b].indicator: expected a string, found nothing"),
            std::string::npos)
      << e.what();
}

TEST(AnalysisTargetsFile, OtherErrors) {
  const std::string head = "[[targets]]\nid = \"a\"\ntext = \"t\"\nsource = \"s\"\n";
  // A key of another kind, with a suggestion.
  auto e = parse_error(head + "kind = \"level\"\nindicator = \"x\"\nyear = 2012\nvalue = 1\ntolerence = 1\n");
  EXPECT_EQ(e.line(), 9);
  EXPECT_NE(std::string(e.what()).find("(did you mean \"tolerance\"?)"), std::string::npos) << e.what();
  // A growth year that is neither a number nor fell/rose.
  e = parse_error(head + "kind = \"growth\"\nindicator = \"x\"\nvalues = { 2013 = \"down\" }\n");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "targets[a].values.2013");
  // less needs a year or at = "final".
  e = parse_error(head + "kind = \"less\"\nindicator = \"x\"\nother = \"y\"\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.key(), "targets[a].year");
  // A wrong type.
  e = parse_error(head + "kind = \"level\"\nindicator = \"x\"\nyear = \"2012\"\nvalue = 1\ntolerance = 1\n");
  EXPECT_EQ(e.line(), 7);
  EXPECT_NE(std::string(e.what()).find("found a string \"2012\""), std::string::npos) << e.what();
  // Duplicate ids.
  e = parse_error(head + "kind = \"max\"\nindicator = \"x\"\nyears = [2012]\nvalue = 1\n" + head +
                  "kind = \"max\"\nindicator = \"x\"\nyears = [2012]\nvalue = 1\n");
  EXPECT_EQ(e.line(), 10);
  // Syntax.
  e = parse_error("[[targets]\n");
  EXPECT_EQ(e.key(), "(syntax)");
  EXPECT_EQ(e.line(), 1);
  // Top-level keys other than targets; no targets at all.
  e = parse_error("target = 1\n");
  EXPECT_NE(std::string(e.what()).find("(did you mean \"targets\"?)"), std::string::npos) << e.what();
  e = parse_error("");
  EXPECT_EQ(e.key(), "targets");
  // A missing file.
  try {
    (void)an::load_targets("/nonexistent/targets.toml");
    ADD_FAILURE() << "a missing file was accepted";
  } catch (const an::TargetsError& err) {
    EXPECT_EQ(err.file(), "/nonexistent/targets.toml");
  }
}

TEST(AnalysisTargetsFile, ShippedReferenceTargetsParse) {
  const auto ts = an::load_targets(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/calibration/dprk-2013.toml");
  ASSERT_EQ(ts.size(), 18u);
  for (const auto& t : ts) {
    EXPECT_FALSE(t.source.empty()) << t.id;
    EXPECT_FALSE(t.text.empty()) << t.id;
    EXPECT_EQ(t.restates.empty(), t.target_class != an::TargetClass::input_check) << t.id;
  }
  const auto by_id = [&](const std::string& id) -> const an::Target& {
    for (const auto& t : ts)
      if (t.id == id) return t;
    ADD_FAILURE() << id << " missing";
    return ts.front();
  };
  const auto& gdp = by_id("bok_gdp_growth");
  EXPECT_EQ(gdp.kind, an::TargetKind::growth);
  EXPECT_EQ(gdp.target_class, an::TargetClass::finding);
  EXPECT_TRUE(gdp.rmse);
  EXPECT_FALSE(gdp.signs_decide);
  EXPECT_DOUBLE_EQ(gdp.tolerance, 1.5);
  ASSERT_EQ(gdp.values.size(), 7u);  // 2013-2019
  EXPECT_EQ(gdp.values[2].year, 2015);
  EXPECT_DOUBLE_EQ(*gdp.values[2].percent, -1.1);
  ASSERT_EQ(gdp.history.size(), 1u);
  EXPECT_DOUBLE_EQ(*gdp.history[0].percent, 1.3);  // 2012
  EXPECT_EQ(by_id("bok_light_growth").values[1].sign, -1);  // light 2015 "fell"
  EXPECT_EQ(by_id("bok_signs").of.size(), 4u);
  EXPECT_DOUBLE_EQ(by_id("bok_signs").min, 0.8);
  EXPECT_EQ(by_id("kotra_total_trade").levels.size(), 8u);  // 2012-2019
  EXPECT_DOUBLE_EQ(by_id("kotra_total_trade").levels.at(2018), 2.84);
  EXPECT_EQ(by_id("rice_price_2013_2019").years.size(), 7u);
  EXPECT_TRUE(by_id("no_mass_hardship").monthly);
  // Restatements of inputs are input checks, not findings.
  for (const char* id : {"local_share_2012", "local_share_2019", "light_projects_faster", "light_projects_cheaper"})
    EXPECT_EQ(by_id(id).target_class, an::TargetClass::input_check) << id;
  EXPECT_EQ(by_id("undernourished_fao").target_class, an::TargetClass::comparison);
}

TEST(AnalysisReport, CalibrationTableFitsAndCsvQuotes) {
  const std::string text =
      "[[targets]]\nid = \"a_rather_long_target_identifier\"\ntext = \"t\"\nsource = \"Bank, \\\"first\\\" release\"\n"
      "kind = \"growth\"\nindicator = \"flow\"\nvalues = { 2012 = \"fell\", 2014 = \"rose\" }\n"
      "[[targets]]\nid = \"b\"\ntext = \"t\"\nsource = \"s\"\nkind = \"less\"\n"
      "indicator = \"a_very_long_indicator_name_of_light_projects\"\nother = \"a_very_long_indicator_name_of_heavy\"\n"
      "at = \"final\"\n"
      "[[targets]]\nid = \"c\"\ntext = \"t\"\nsource = \"s\"\nkind = \"level\"\nindicator = \"flow\"\n"
      "year = 2012\nvalue = 10\ntolerance = 0.5\n";
  const auto ts = an::parse_targets(text, "t.toml");
  const auto rs = an::evaluate(ts, hand_series());
  const std::string table = an::calibration_table(ts, rs);
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 100u) << line;
  analysis_test::expect_has_all(table, {"not computable", "3 findings: 2 pass, 1 fail"});
  EXPECT_EQ(an::calibration_csv(ts, rs),
            analysis_test::kCalibrationCsvHeader +
            "a_rather_long_target_identifier,finding,\"Bank, \"\"first\"\" release\",growth,,,,true\n"
            "b,finding,s,less,,,,false\n"
            "c,finding,s,level,10,10,0.5,true\n");
}

TEST(AnalysisCompare, DifferenceKindsAndShortening) {
  EXPECT_EQ(an::difference_kind("light_output_index"), an::DifferenceKind::index_points);
  EXPECT_EQ(an::difference_kind("market_price_level"), an::DifferenceKind::index_points);
  EXPECT_EQ(an::difference_kind("hardship_share"), an::DifferenceKind::share_points);
  EXPECT_EQ(an::difference_kind("local_share_light_output"), an::DifferenceKind::share_points);
  EXPECT_EQ(an::difference_kind("budget_balance"), an::DifferenceKind::absolute);
  EXPECT_EQ(an::difference_kind("gdp_real"), an::DifferenceKind::percent);
  EXPECT_EQ(an::shorten("no-sanctions", 12), "no-sanctions");
  EXPECT_EQ(an::shorten("heavy-priority", 12), "heavy-prior~");
}

TEST(AnalysisCompare, CellsAndTableOnHandMadeSeries) {
  Series a = hand_series(), b;
  put_year(b, "flow", 2012, 12.0);  // +20 %
  put_year(b, "flow", 2013, 6.5);
  put_year(a, "hardship_share", 2012, 0.10);
  put_year(b, "hardship_share", 2012, 0.15);  // +5 pp
  const std::vector<an::ComparedRun> runs = {{"base", &a}, {"other", &b}};
  const auto cells = an::compare_cells(runs, {"flow", "absent", "hardship_share"}, {2011, 2012, 2013, 2016});
  // 2011 and 2016 are outside the first run (2012-2015); "absent" is in no run.
  ASSERT_EQ(cells.size(), 2u * 2u + 2u * 2u);
  EXPECT_EQ(cells[1].scenario, "other");
  EXPECT_EQ(cells[1].year, 2012);
  EXPECT_DOUBLE_EQ(cells[1].value, 12.0);
  EXPECT_DOUBLE_EQ(cells[1].difference, 2.0);
  EXPECT_TRUE(std::isnan(cells[0].difference));
  EXPECT_TRUE(std::isnan(cells[7].value));  // b has no hardship_share in 2013
  const std::string table = an::compare_table(runs, cells);
  EXPECT_NE(table.find("+20.0%"), std::string::npos) << table;
  EXPECT_NE(table.find("+5.0pp"), std::string::npos) << table;
  const std::string csv = an::compare_csv(cells);
  EXPECT_EQ(csv.substr(0, csv.find("base,flow,2013")),
            "scenario,indicator,year,value,difference,unit\nbase,flow,2012,10,,\nother,flow,2012,12,2,\n");
  // A registered indicator carries its unit; "flow" is not one.
  EXPECT_NE(csv.find("other,hardship_share,2013,,,share of persons\n"), std::string::npos) << csv;
}

}  // namespace
}  // namespace lightind

namespace lightind::analysis {
namespace {
TEST(AnalysisCompare, UniqueNamesSuffixRepeats) {
  EXPECT_EQ(unique_names({"a", "b", "a", "a", "a-2"}), (std::vector<std::string>{"a", "b", "a-2", "a-3", "a-2-2"}));
  EXPECT_TRUE(unique_names({}).empty());
}
}  // namespace
}  // namespace lightind::analysis
