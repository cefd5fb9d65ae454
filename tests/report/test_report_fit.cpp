// Tests of the report's "Fit" section: a fit folder of `lightind fit` (moments.csv,
// uncertainty.csv, fitted.toml, evaluations.csv) read into the report's JSON with
// hand-computed figures (tests/report/data/fit/README.md), and malformed files named by
// file and line.
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"
#include "report/report.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
const fs::path kFixture = fs::path(LIGHTIND_SOURCE_DIR) / "tests" / "report" / "data" / "fit";
using cli_test::run_cli;
using cli_test::scratch_dir;

/// A copy of the fixture in a scratch folder, with `file` replaced by `text` when given.
fs::path fixture_copy(const std::string& file = "", const std::string& text = "") {
  const fs::path dir = scratch_dir() / "fit";
  fs::create_directories(dir);
  for (const char* f : {"moments.csv", "uncertainty.csv", "evaluations.csv", "fitted.toml"})
    fs::copy_file(kFixture / f, dir / f);
  if (!file.empty()) cli_test::write_file(dir / file, text);
  return dir;
}

std::string error_of(const fs::path& dir) {
  try {
    (void)report::read_inputs({dir.string()});
  } catch (const report::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ReportFit, GoldenFolderGivesTheMomentsAndTheParameterTable) {
  const report::Inputs in = report::read_inputs({kFixture.string()});
  ASSERT_EQ(in.fits.size(), 1u);
  EXPECT_TRUE(in.runs.empty());
  std::vector<std::string> notes;
  const auto j = report::report_data(in, {}, notes);
  ASSERT_EQ(j["fit"].size(), 1u);
  const auto& f = j["fit"][0];
  EXPECT_EQ(f["source"], kFixture.string());
  EXPECT_EQ(f["command"], "lightind fit mini.toml --data d.toml --budget 20 --seeds 2");
  EXPECT_DOUBLE_EQ(f["distance"].get<double>(), 9.0);
  EXPECT_DOUBLE_EQ(f["moments_distance"].get<double>(), 1.0 + 4.0 + 4.0);  // equals the distance
  EXPECT_DOUBLE_EQ(f["band_sd"].get<double>(), 2.0);

  const auto& m = f["moments"];
  ASSERT_EQ(m.size(), 3u);
  // (1.75 - 1.25) / 0.5 = 1; band 1.75 +- 2 x 0.25 = 1.25 to 2.25, i.e. 0 to 2 data se.
  EXPECT_EQ(m[0]["id"], "gdp_growth[2013]");
  EXPECT_DOUBLE_EQ(m[0]["data"].get<double>(), 1.25);
  EXPECT_DOUBLE_EQ(m[0]["se"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(m[0]["model"].get<double>(), 1.75);
  EXPECT_DOUBLE_EQ(m[0]["model_sd"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(m[0]["z"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(m[0]["model_lo"].get<double>(), 1.25);
  EXPECT_DOUBLE_EQ(m[0]["model_hi"].get<double>(), 2.25);
  EXPECT_DOUBLE_EQ(m[0]["z_lo"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(m[0]["z_hi"].get<double>(), 2.0);
  // (0 - 1) / 0.5 = -2; band -0.25 to 0.25 = -2.5 to -1.5 se.
  EXPECT_DOUBLE_EQ(m[1]["z"].get<double>(), -2.0);
  EXPECT_DOUBLE_EQ(m[1]["z_lo"].get<double>(), -2.5);
  EXPECT_DOUBLE_EQ(m[1]["z_hi"].get<double>(), -1.5);
  EXPECT_DOUBLE_EQ(m[1]["weighted_sq_error"].get<double>(), 4.0);
  // (6000 - 5000) / 500 = 2; band 5600 to 6400 = 1.2 to 2.8 se.
  EXPECT_EQ(m[2]["id"], "rice_price[2013-2019]");
  EXPECT_DOUBLE_EQ(m[2]["z"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(m[2]["model_lo"].get<double>(), 5600.0);
  EXPECT_DOUBLE_EQ(m[2]["z_lo"].get<double>(), 1.2);
  EXPECT_DOUBLE_EQ(m[2]["z_hi"].get<double>(), 2.8);

  const auto& p = f["parameters"];
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0]["key"], "world.fx_response");
  EXPECT_DOUBLE_EQ(p[0]["start"].get<double>(), 0.02);  // evaluations.csv's start row
  EXPECT_DOUBLE_EQ(p[0]["estimate"].get<double>(), 0.04);
  EXPECT_DOUBLE_EQ(p[0]["se"].get<double>(), 0.01);
  EXPECT_EQ(p[0]["identified"], true);
  EXPECT_DOUBLE_EQ(p[0]["min"].get<double>(), 0.005);
  EXPECT_DOUBLE_EQ(p[0]["max"].get<double>(), 0.06);
  EXPECT_EQ(p[0]["why"], "no DPRK estimate (Lyons 2001 gives the mechanism)");  // parentheses kept
  EXPECT_EQ(p[0]["reason"], "");
  EXPECT_EQ(p[1]["key"], "prices.cost_pull");
  EXPECT_DOUBLE_EQ(p[1]["start"].get<double>(), 0.03);
  EXPECT_DOUBLE_EQ(p[1]["estimate"].get<double>(), 0.025);
  EXPECT_TRUE(p[1]["se"].is_null());
  EXPECT_EQ(p[1]["identified"], false);
  EXPECT_EQ(p[1]["reason"], "zero column: no weighted moment moves with it");
  EXPECT_EQ(p[1]["why"], "not observed (no survey)");
  EXPECT_DOUBLE_EQ(p[1]["max"].get<double>(), 0.1);

  const std::string html = report::report_html(j, "t");
  EXPECT_NE(html.find("<section id=\"fit\"><h2>Fit</h2><div id=\"fit-body\"></div></section>"), std::string::npos);
  EXPECT_NE(html.find("fit-parameters-table"), std::string::npos);
}

TEST(ReportFit, OverlayAloneGivesTheParametersWithoutMoments) {
  // The shipped overlay: the estimates and their se from its comments.
  const std::string overlay = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.fitted.toml";
  const report::Inputs in = report::read_inputs({overlay});
  ASSERT_EQ(in.fits.size(), 1u);
  const report::FitResult& f = in.fits[0];
  EXPECT_TRUE(f.moments.empty());
  ASSERT_EQ(f.parameters.size(), 5u);
  EXPECT_EQ(f.parameters[0].key, "world.private_inflows");
  EXPECT_DOUBLE_EQ(f.parameters[0].estimate, 83820833.38717654);
  EXPECT_DOUBLE_EQ(f.parameters[0].se, 2.535e7);
  EXPECT_DOUBLE_EQ(f.parameters[0].lo, 2e7);
  EXPECT_TRUE(std::isnan(f.parameters[0].start));
  EXPECT_EQ(f.parameters[4].key, "state.public_works_share");
  EXPECT_NEAR(f.distance, 56.35016341265356, 1e-12);
  // A folder holding only fitted.toml is a fit folder too.
  const fs::path dir = scratch_dir() / "only";
  fs::create_directories(dir);
  fs::copy_file(kFixture / "fitted.toml", dir / "fitted.toml");
  const report::Inputs only = report::read_inputs({dir.string()});
  ASSERT_EQ(only.fits.size(), 1u);
  ASSERT_EQ(only.fits[0].parameters.size(), 2u);
  EXPECT_EQ(only.fits[0].parameters[1].identified, false);
  EXPECT_DOUBLE_EQ(only.fits[0].parameters[1].estimate, 0.025);
}

TEST(ReportFit, MalformedFilesAreNamedByFileAndLine) {
  const std::string header = "moment,data,se,model,model_sd,weighted_sq_error\n";
  std::string e = error_of(fixture_copy("moments.csv", header + "a,1,0.5,1,0,0\nb,2,-1,1,0,0\n"));
  EXPECT_NE(e.find("moments.csv:3: se: expected a number > 0, found \"-1\""), std::string::npos) << e;
  e = error_of(fixture_copy("moments.csv", header + "a,1,0.5,lots,0,0\n"));
  EXPECT_NE(e.find("moments.csv:2: model: expected a finite number (or empty for none), found \"lots\""),
            std::string::npos)
      << e;
  e = error_of(fixture_copy("moments.csv", "moment,data\n"));
  EXPECT_NE(e.find("moments.csv:1: header: expected \"moment,data,se,model,model_sd,weighted_sq_error\""),
            std::string::npos)
      << e;
  e = error_of(fixture_copy("uncertainty.csv", "parameter,estimate,se,identified\nworld.fx_response,0.04,0.01,maybe\n"));
  EXPECT_NE(e.find("uncertainty.csv:2: identified: expected true or false, found \"maybe\""), std::string::npos) << e;
  e = error_of(fixture_copy("uncertainty.csv", "parameter,estimate,se,identified\nworld.fx_response,0.04,0.01\n"));
  EXPECT_NE(e.find("uncertainty.csv:2: expected 4 fields, found 3"), std::string::npos) << e;
  e = error_of(fixture_copy("fitted.toml", "[world]\n# estimate: lightind fit, se 0.01 (range 0.005 to 0.06)\nx = 1\n"));
  EXPECT_NE(e.find("fitted.toml:2: expected a comment \"# estimate: lightind fit[, se SE]"), std::string::npos) << e;
  e = error_of(fixture_copy("fitted.toml",
                            "[world]\n# estimate: lightind fit (range 0 to 1; free because x)\n# a comment\n"));
  EXPECT_NE(e.find("fitted.toml:3: expected a number key of [world] below the estimate comment"), std::string::npos)
      << e;

  // Through the command: exit 2, the message, nothing written.
  const fs::path dir = fixture_copy("moments.csv", header + "a,1,0,1,0,0\n");
  const fs::path out = dir.parent_path() / "r" / "report.html";
  const auto bad = run_cli("report '" + dir.string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("moments.csv:2: se: expected a number > 0"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ReportFit, CommandWritesTheSection) {
  const fs::path out = scratch_dir() / "report.html";
  const auto ok = run_cli("report '" + kFixture.string() + "' --out '" + out.string() + "'");
  ASSERT_EQ(ok.code, 0) << ok.output;
  const std::string html = cli_test::read_file(out);
  EXPECT_NE(html.find("id=\"fit-body\""), std::string::npos);
  EXPECT_NE(html.find("\"key\":\"world.fx_response\",\"start\":0.02,\"estimate\":0.04,\"se\":0.01,\"identified\":true"),
            std::string::npos);
}

}  // namespace
}  // namespace lightind
