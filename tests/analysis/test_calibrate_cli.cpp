// `lightind calibrate` end to end: exit codes 0 and 4, calibration.csv, a malformed targets file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analysis/analysis_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using namespace analysis_test;

/// A targets file of tests/analysis/data/.
std::string fixture(const std::string& name) {
  return test_util::read_file(std::filesystem::path(LIGHTIND_SOURCE_DIR) / "tests" / "analysis" / "data" / name);
}

// Targets that the Feldman-Mahalanobis economy meets: an index averages 100 over its first
// year; output grows; capital goods output (I_0 = 100) is below consumer goods output
// (C_0 = 300) at the start.
const std::string kPassing = fixture("fm-targets-passing.toml");

const std::string kFailing = "\n" + fixture("fm-targets-failing.toml");

/// `lightind calibrate SCENARIO --targets TARGETS ARGS --out OUT`.
cli_test::Result calibrate_cli(const std::string& scenario, const std::string& targets, const fs::path& out,
                               const std::string& args = "") {
  return run_cli("calibrate '" + scenario + "' --targets '" + targets + "'" + args + " --out '" + out.string() + "'");
}

/// `lightind calibrate` of the Feldman-Mahalanobis scenario "fm-cal" in a scratch folder
/// `dir` against `targets_text` (written as `targets`), with --out `out`.
struct Calibration {
  fs::path dir;
  std::string scenario, targets;
  fs::path out;
  cli_test::Result r;
};
Calibration calibrate(const std::string& targets_text) {
  Calibration c;
  c.dir = cli_test::scratch_dir();
  c.scenario = fm_scenario(c.dir, "fm-cal");
  c.targets = write_file(c.dir / "targets.toml", targets_text);
  c.out = c.dir / "out";
  c.r = calibrate_cli(c.scenario, c.targets, c.out);
  return c;
}

TEST(CalibrateCli, AllPassExitsZeroAndWritesTheCsv) {
  const auto [dir, scenario, targets, out, r] = calibrate(kPassing);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("3 findings: 3 pass, 0 fail"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("findings: 3 of 3 pass"), std::string::npos) << r.output;  // the headline
  EXPECT_FALSE(fs::exists(out / "validation.csv")) << "only with --holdout";
  const auto rows = csv_rows(read_file(out / "calibration.csv"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"target", "class", "source", "kind", "model_value", "target_value",
                                               "tolerance", "pass"}));
  EXPECT_EQ(rows[1][0], "index_base");
  EXPECT_EQ(rows[1][1], "finding");
  EXPECT_EQ(rows[1][2], "docs/INDICATORS.md, indices");  // quoted in the file: it holds a comma
  EXPECT_EQ(rows[1][3], "level");
  EXPECT_NEAR(std::stod(rows[1][4]), 100.0, 1e-9);
  EXPECT_EQ(rows[1][5], "100");
  EXPECT_EQ(rows[1][6], "1e-06");
  EXPECT_EQ(rows[1][7], "true");
  EXPECT_EQ(rows[2][3], "ratio");
  EXPECT_GT(std::stod(rows[2][4]), 1.0);
  EXPECT_EQ(rows[2][5], "1");
  EXPECT_EQ(rows[2][6], "");
  EXPECT_EQ(rows[3][3], "less");
  EXPECT_NEAR(std::stod(rows[3][5]) / std::stod(rows[3][4]), 3.0, 1e-6);  // C_0 / I_0
}

TEST(CalibrateCli, AnyFailureExitsFour) {
  const auto [dir, scenario, targets, out, r] = calibrate(kPassing + kFailing);
  EXPECT_EQ(r.code, 4) << r.output;
  EXPECT_NE(r.output.find("FAIL"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("4 findings: 3 pass, 1 fail"), std::string::npos) << r.output;
  const auto rows = csv_rows(read_file(out / "calibration.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[4], (std::vector<std::string>{"impossible", "finding", "none, on purpose", "level", rows[4][4], "50",
                                               "1", "false"}));
  EXPECT_NEAR(std::stod(rows[4][4]), 100.0, 1e-9);
}

// The failing target as a comparison is reported, not judged: exit 0. As an input check that
// differs, it fails the command (the inputs do not say what the check expects): exit 4, with
// the findings' headline still 3 of 3.
TEST(CalibrateCli, ComparisonsNeverFailInputChecksDo) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string scenario = fm_scenario(dir, "fm-cal");
  std::string as_comparison = kFailing;
  as_comparison.replace(as_comparison.find("kind = "), 0, "class = \"comparison\"\n");
  const cli_test::Result c = calibrate_cli(scenario, write_file(dir / "c.toml", kPassing + as_comparison), dir / "c");
  EXPECT_EQ(c.code, 0) << c.output;
  EXPECT_NE(c.output.find("1 comparison reported"), std::string::npos) << c.output;
  EXPECT_EQ(csv_rows(read_file(dir / "c" / "calibration.csv"))[4][7], "");
  std::string as_input = kFailing;
  as_input.replace(as_input.find("kind = "), 0, "class = \"input-check\"\nrestates = \"the base year of the index\"\n");
  const cli_test::Result i = calibrate_cli(scenario, write_file(dir / "i.toml", kPassing + as_input), dir / "i");
  EXPECT_EQ(i.code, 4) << i.output;
  EXPECT_NE(i.output.find("findings: 3 of 3 pass"), std::string::npos) << i.output;
  EXPECT_NE(i.output.find("1 input checks: 0 agree, 1 differ"), std::string::npos) << i.output;
}

// A target on an indicator the run lacks is a FAILED row with a note; the others are still
// evaluated, and --holdout adds the validation table and validation.csv.
TEST(CalibrateCli, MissingIndicatorRowAndHoldout) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string scenario = fm_scenario(dir, "fm-cal");
  const std::string extra = "\n" + fixture("fm-targets-extra.toml");
  const fs::path out = dir / "out";
  const cli_test::Result r =
      calibrate_cli(scenario, write_file(dir / "t.toml", kPassing + extra), out, " --holdout 2003");
  EXPECT_EQ(r.code, 4) << r.output;
  EXPECT_NE(r.output.find("note: indicator market_maize_price not in the run"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("5 findings: 4 pass, 1 fail"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Holdout validation: growth before 2003 is the sample"), std::string::npos) << r.output;
  const auto rows = csv_rows(read_file(out / "validation.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "gdp");
  EXPECT_EQ(rows[1][2], "in");
  EXPECT_EQ(rows[1][3], "2");  // 2001, 2002
  EXPECT_EQ(rows[2][2], "out");
  EXPECT_EQ(rows[2][3], "2");  // 2003, 2004
  // Every published year is 1 %: both naive forecasts are exactly right.
  EXPECT_EQ(rows[2][5], "0");
  EXPECT_EQ(rows[2][6], "0");
}

TEST(CalibrateCli, DefaultTargetsFileBesideTheScenario) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string scenario = fm_scenario(dir, "fm-beside");
  write_file(dir / "calibration" / "fm-beside.toml", kPassing);
  const fs::path out = dir / "out";
  const cli_test::Result r = run_cli("calibrate '" + scenario + "' --out '" + out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "calibration.csv"));
}

TEST(CalibrateCli, MalformedTargetsFileExitsTwoNamingFileLineAndKey) {
  std::string bad = kPassing;
  bad.replace(bad.find("kind = \"ratio\""), 14, "kind = \"ration\"");
  const auto [dir, scenario, targets, out, r] = calibrate(bad);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(targets + ":16: targets[growth_positive].kind: expected one of level, ratio, growth, "
                                    "less, max, range, yearly_sum, sign_share, found \"ration\" (did you mean "
                                    "\"ratio\"?)"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("running"), std::string::npos) << "the targets are read before the run";
  EXPECT_FALSE(fs::exists(out));
  const cli_test::Result missing = calibrate_cli(scenario, (dir / "nowhere.toml").string(), out);
  EXPECT_EQ(missing.code, 2) << missing.output;
  EXPECT_NE(missing.output.find("nowhere.toml"), std::string::npos) << missing.output;
}

TEST(CalibrateCli, ReferenceScenarioAgainstItsShippedTargets) {
  // Whether the reference case passes is the engine's business; here: every target is
  // evaluated and reported, and the exit code says whether all passed.
  const fs::path out = cli_test::scratch_dir() / "out";
  const cli_test::Result r = run_cli("calibrate scenarios/dprk-2013.toml --out '" + out.string() + "'");
  ASSERT_TRUE(r.code == 0 || r.code == 4) << r.output;
  const auto rows = csv_rows(read_file(out / "calibration.csv"));
  ASSERT_EQ(rows.size(), 19u);
  bool all = true;
  int findings = 0, inputs = 0, comparisons = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 8u) << rows[i][0];
    const std::string& cls = rows[i][1];
    if (cls == "comparison") {
      ++comparisons;
      EXPECT_EQ(rows[i][7], "") << rows[i][0];
      continue;
    }
    findings += cls == "finding" ? 1 : 0;
    inputs += cls == "input-check" ? 1 : 0;
    EXPECT_TRUE(rows[i][7] == "true" || rows[i][7] == "false") << rows[i][0];
    all = all && rows[i][7] == "true";
  }
  EXPECT_EQ(findings, 10);
  EXPECT_EQ(inputs, 4);
  EXPECT_EQ(comparisons, 4);
  EXPECT_EQ(r.code, all ? 0 : 4);
  EXPECT_EQ(rows[1][0], "bok_gdp_growth");
  EXPECT_EQ(rows[18][0], "undernourished_fao");
}

}  // namespace
}  // namespace lightind
