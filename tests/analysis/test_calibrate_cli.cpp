// `lightind calibrate` end to end: exit codes 0 and 4, calibration.csv, a malformed targets file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analysis/analysis_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using namespace analysis_test;

// Targets that the Feldman-Mahalanobis economy meets: an index averages 100 over its first
// year; output grows; capital goods output (I_0 = 100) is below consumer goods output
// (C_0 = 300) at the start.
const std::string kPassing = R"([[targets]]
id = "index_base"
text = "an index averages 100 over the first year"
source = "docs/INDICATORS.md, indices"
kind = "level"
indicator = "heavy_output_index"
year = 2000
value = 100
tolerance = 1e-6

[[targets]]
id = "growth_positive"
text = "the economy grows"
source = "Feldman, 1928"
kind = "ratio"
indicator = "gdp_real"
year = 2019
base_years = [2000]
min = 1

[[targets]]
id = "heavy_smaller"
text = "capital goods output I_0 = 100 < consumer goods output C_0 = 300 in 2000"
source = "scenarios/examples/feldman-mahalanobis.toml"
kind = "less"
indicator = "heavy_output"
other = "light_output"
year = 2000
)";

const std::string kFailing = R"(
[[targets]]
id = "impossible"
text = "an index of 50 in the base year"
source = "none, on purpose"
kind = "level"
indicator = "heavy_output_index"
year = 2000
value = 50
tolerance = 1
)";

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
  c.r = run_cli("calibrate '" + c.scenario + "' --targets '" + c.targets + "' --out '" + c.out.string() + "'");
  return c;
}

TEST(CalibrateCli, AllPassExitsZeroAndWritesTheCsv) {
  const auto [dir, scenario, targets, out, r] = calibrate(kPassing);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("3 targets: 3 pass, 0 fail"), std::string::npos) << r.output;
  const auto rows = csv_rows(read_file(out / "calibration.csv"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"target", "source", "kind", "model_value", "target_value", "tolerance", "pass"}));
  EXPECT_EQ(rows[1][0], "index_base");
  EXPECT_EQ(rows[1][1], "docs/INDICATORS.md, indices");  // quoted in the file: it holds a comma
  EXPECT_EQ(rows[1][2], "level");
  EXPECT_NEAR(std::stod(rows[1][3]), 100.0, 1e-9);
  EXPECT_EQ(rows[1][4], "100");
  EXPECT_EQ(rows[1][5], "1e-06");
  EXPECT_EQ(rows[1][6], "true");
  EXPECT_EQ(rows[2][2], "ratio");
  EXPECT_GT(std::stod(rows[2][3]), 1.0);
  EXPECT_EQ(rows[2][4], "1");
  EXPECT_EQ(rows[2][5], "");
  EXPECT_EQ(rows[3][2], "less");
  EXPECT_NEAR(std::stod(rows[3][4]) / std::stod(rows[3][3]), 3.0, 1e-6);  // C_0 / I_0
}

TEST(CalibrateCli, AnyFailureExitsFour) {
  const auto [dir, scenario, targets, out, r] = calibrate(kPassing + kFailing);
  EXPECT_EQ(r.code, 4) << r.output;
  EXPECT_NE(r.output.find("FAIL"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("4 targets: 3 pass, 1 fail"), std::string::npos) << r.output;
  const auto rows = csv_rows(read_file(out / "calibration.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[4],
            (std::vector<std::string>{"impossible", "none, on purpose", "level", rows[4][3], "50", "1", "false"}));
  EXPECT_NEAR(std::stod(rows[4][3]), 100.0, 1e-9);
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
  EXPECT_NE(r.output.find(targets + ":15: targets[growth_positive].kind: expected one of level, ratio, growth, "
                                    "less, max, found \"ration\" (did you mean \"ratio\"?)"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("running"), std::string::npos) << "the targets are read before the run";
  EXPECT_FALSE(fs::exists(out));
  const cli_test::Result missing = run_cli("calibrate '" + scenario + "' --targets '" +
                                           (dir / "nowhere.toml").string() + "' --out '" + out.string() + "'");
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
  ASSERT_EQ(rows.size(), 11u);
  bool all = true;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 7u) << rows[i][0];
    EXPECT_TRUE(rows[i][6] == "true" || rows[i][6] == "false") << rows[i][0];
    all = all && rows[i][6] == "true";
  }
  EXPECT_EQ(r.code, all ? 0 : 4);
  EXPECT_EQ(rows[1][0], "local_share_2019");
  EXPECT_EQ(rows[10][0], "bok_heavy_growth");
}

}  // namespace
}  // namespace lightind
