// Tests of the report's out-of-sample section: fit-validation.csv of `lightind validate`
// (src/fit/baselines.hpp) read from a run folder or given alone, its JSON and its HTML.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/report_test_util.hpp"
#include "fit/baselines.hpp"
#include "report/report.hpp"

namespace lightind {
namespace {

using namespace report_test;

const std::string kValidation =
    test_util::read_file(fs::path(LIGHTIND_SOURCE_DIR) / "tests" / "report" / "data" / "fit-validation.csv");

TEST(ReportFitValidation, RunFolderTableBecomesJsonWithVerdicts) {
  const fs::path dir = scratch_dir();
  write_file(dir / "run" / "series.csv", kSeriesA);
  write_file(dir / "run" / "fit-validation.csv", kValidation);
  const report::Inputs in = report::read_inputs({(dir / "run").string()});
  ASSERT_EQ(in.runs.size(), 1u);
  ASSERT_EQ(in.fit_validations.size(), 1u);
  EXPECT_EQ(in.fit_validations[0].source, (dir / "run" / "fit-validation.csv").string());
  std::vector<std::string> notes;
  const auto j = report::report_data(in, {}, notes);
  ASSERT_EQ(j["fit_validation"].size(), 1u);
  const auto& rows = j["fit_validation"][0]["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["indicator"], "gdp_growth");
  EXPECT_EQ(rows[0]["n_in"], 6);
  EXPECT_EQ(rows[0]["n_out"], 2);
  EXPECT_DOUBLE_EQ(rows[0]["model_out"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(rows[0]["ar1"].get<double>(), 0.25);
  // 0.5 < 2 and 0.5 < 0.75, not < 0.25.
  EXPECT_EQ(rows[0]["beats"]["zero_growth"], true);
  EXPECT_EQ(rows[0]["beats"]["last_growth"], true);
  EXPECT_EQ(rows[0]["beats"]["ar1"], false);
  // No held-out RMSE: null figures and no verdicts.
  EXPECT_TRUE(rows[1]["model_out"].is_null());
  EXPECT_TRUE(rows[1]["beats"]["zero_growth"].is_null());
  EXPECT_DOUBLE_EQ(rows[1]["model_in"].get<double>(), 0.8);

  // The document holds the section, its script and the data.
  const std::string html = report::report_html(j, "t");
  EXPECT_NE(html.find("<section id=\"fit-validation\"><h2>Out-of-sample test</h2>"), std::string::npos);
  EXPECT_NE(html.find("fit-validation-table"), std::string::npos);
  EXPECT_NE(html.find("\"fit_validation\":[{\"source\":"), std::string::npos);
  EXPECT_NE(html.find("\"beats\":{\"zero_growth\":true,\"last_growth\":true,\"ar1\":false}"), std::string::npos);
}

TEST(ReportFitValidation, EmptyWithoutAFileAndAcceptedAlone) {
  const fs::path dir = scratch_dir();
  write_file(dir / "run" / "series.csv", kSeriesA);
  std::vector<std::string> notes;
  EXPECT_TRUE(report::report_data(report::read_inputs({(dir / "run").string()}), {}, notes)["fit_validation"].empty());
  // A folder holding only the table, and the file given by name.
  write_file(dir / "validate" / "fit-validation.csv", kValidation);
  EXPECT_EQ(report::read_inputs({(dir / "validate").string()}).fit_validations.size(), 1u);
  const auto alone = report::read_inputs({(dir / "validate" / "fit-validation.csv").string()});
  ASSERT_EQ(alone.fit_validations.size(), 1u);
  EXPECT_EQ(alone.fit_validations[0].rows[1].indicator, "light_output_growth");
  // The format is the one validation_csv writes.
  EXPECT_EQ(fit::validation_csv(alone.fit_validations[0].rows), kValidation);
}

TEST(ReportFitValidation, MalformedTableNamesFileLineAndColumn) {
  const fs::path dir = scratch_dir();
  write_file(dir / "run" / "series.csv", kSeriesA);
  write_file(dir / "run" / "fit-validation.csv",
             std::string(fit::kValidationCsvHeader) + "\ngdp_growth,6,2,1.25,lots,2,0.75,0.25\n");
  try {
    (void)report::read_inputs({(dir / "run").string()});
    ADD_FAILURE() << "expected InputError";
  } catch (const report::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fit-validation.csv:2: model_out_rmse: expected an RMSE"), std::string::npos)
        << e.what();
  }
  // Through the command: exit 2 and the message, nothing written.
  const fs::path out = dir / "r" / "report.html";
  const auto bad = run_cli("report '" + (dir / "run").string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("model_out_rmse"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ReportFitValidation, CommandWritesTheSection) {
  const fs::path dir = scratch_dir();
  write_file(dir / "run" / "series.csv", kSeriesA);
  write_file(dir / "run" / "fit-validation.csv", kValidation);
  const std::string html = report_html(dir);
  EXPECT_NE(html.find("id=\"fit-validation-body\""), std::string::npos);
  EXPECT_NE(html.find("\"indicator\":\"gdp_growth\",\"n_in\":6,\"n_out\":2,\"model_in\":1.25"), std::string::npos);
}

}  // namespace
}  // namespace lightind
