// `lightind compare` end to end, on small scenarios that extend the Feldman-Mahalanobis example.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "analysis/analysis_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using namespace analysis_test;

TEST(CompareCli, DifferencesInCsvAreThoseOfEachRunsSeries) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string a =
      fm_scenario(dir, "fm-low", "[policy]\n# assumption: test\ninvestment_share = { heavy = 0.2, light = 0.8 }\n");
  const std::string b =
      fm_scenario(dir, "fm-high", "[policy]\n# assumption: test\ninvestment_share = { heavy = 0.5, light = 0.5 }\n");
  const fs::path out = dir / "out";
  // A year outside the run is a usage error (issue 15 point 9), before anything runs.
  const cli_test::Result outside =
      run_cli("compare '" + a + "' '" + b + "' --years 2001,2030 --out '" + out.string() + "'");
  EXPECT_EQ(outside.code, 2) << outside.output;
  EXPECT_NE(outside.output.find("compare: --years: expected years of the run of"), std::string::npos)
      << outside.output;
  EXPECT_NE(outside.output.find("found 2030"), std::string::npos) << outside.output;
  EXPECT_EQ(outside.output.find("running"), std::string::npos) << outside.output;
  EXPECT_FALSE(fs::exists(out));
  const cli_test::Result r =
      run_cli("compare '" + a + "' '" + b + "' --years 2001,2005,2019 --out '" + out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("running fm-low"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("running fm-high"), std::string::npos) << r.output;
  for (const char* name : {"fm-low", "fm-high"})
    for (const char* f : {"series.csv", "summary.json", "results.sqlite", "accounts.csv"})
      EXPECT_TRUE(fs::exists(out / name / f)) << name << "/" << f;

  const auto low = analysis_test::annual_means_from_csv(out / "fm-low" / "series.csv");
  const auto high = analysis_test::annual_means_from_csv(out / "fm-high" / "series.csv");
  const auto rows = csv_rows(read_file(out / "compare.csv"));
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"scenario", "indicator", "year", "value", "difference", "unit"}));
  std::map<std::pair<std::string, int>, double> first;
  std::set<int> years;
  int compared = 0, differing = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), 6u);
    const std::string& indicator = row[1];
    const int year = std::stoi(row[2]);
    years.insert(year);
    EXPECT_EQ(row[5].find("{currency}"), std::string::npos) << "unit with the currency filled in: " << row[5];
    const double value = std::stod(row[3]);
    const auto& means = row[0] == "fm-low" ? low : high;
    ASSERT_TRUE(means.count({indicator, year})) << indicator << " " << year;
    const double want = means.at({indicator, year});  // series.csv holds 10 significant digits
    EXPECT_NEAR(value, want, 1e-9 * std::max(1.0, std::abs(want))) << row[0] << " " << indicator << " " << year;
    if (row[0] == "fm-low") {
      EXPECT_EQ(row[4], "") << "the first scenario has no difference";
      first[{indicator, year}] = value;
    } else {
      ASSERT_EQ(row[0], "fm-high");
      const double v0 = first.at({indicator, year});
      EXPECT_EQ(std::stod(row[4]), value - v0) << indicator << " " << year;  // exactly value - first
      EXPECT_NEAR(std::stod(row[4]), want - low.at({indicator, year}), 1e-8 * std::max(1.0, std::abs(want)));
      ++compared;
      differing += std::abs(value - v0) > 1e-9 * std::max(1.0, std::abs(v0)) ? 1 : 0;
    }
  }
  EXPECT_EQ(years, (std::set<int>{2001, 2005, 2019}));
  EXPECT_GE(compared, 3 * 5);
  EXPECT_GT(differing, 0) << "another investment share must change something";
  // The heavy-industry index grows faster with the larger heavy share.
  EXPECT_GT(high.at({"heavy_output_index", 2019}), low.at({"heavy_output_index", 2019}));
}

TEST(CompareCli, SetAndSeedApplyToEveryScenario) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string a = fm_scenario(dir, "fm-a");
  const std::string b = fm_scenario(dir, "fm-b");
  // The same scenario twice with the same --set: every difference is zero.
  const fs::path out = dir / "out";
  const cli_test::Result r =
      run_cli("compare '" + a + "' '" + b +
              "' --set policy.investment_share.heavy=0.4 --set policy.investment_share.light=0.6 "
              "--seed 7 --years 2010 --out '" +
              out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto rows = csv_rows(read_file(out / "compare.csv"));
  int seen = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][0] != "fm-b") continue;
    EXPECT_EQ(std::stod(rows[i][4]), 0.0) << rows[i][1];
    ++seen;
  }
  EXPECT_GT(seen, 5);
  EXPECT_NE(read_file(out / "fm-b" / "summary.json").find("\"seed\": 7"), std::string::npos);
}

TEST(CompareCli, TableOfFiveScenariosFitsOneHundredColumns) {
  const fs::path dir = cli_test::scratch_dir();
  std::string args = "compare";
  const char* names[] = {"feldman-mahalanobis-base", "heavy-priority-long-name", "light", "a-counterfactual-x",
                         "a-counterfactual-y"};
  const double heavy[] = {0.33, 0.6, 0.1, 0.2, 0.45};
  for (int i = 0; i < 5; ++i) {
    const std::string share = "[policy]\n# assumption: test\ninvestment_share = { heavy = " + std::to_string(heavy[i]) +
                              ", light = " + std::to_string(1.0 - heavy[i]) + " }\n";
    args += " '" + fm_scenario(dir, names[i], share) + "'";
  }
  const cli_test::Result r = analysis_test::run_stdout(args + " --years 2000,2005,2010,2015,2019");
  ASSERT_EQ(r.code, 0) << r.output;
  std::istringstream in(r.output);
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) EXPECT_LE(line.size(), 100u) << line;
  EXPECT_GT(lines, 20);
  // Header: the names, shortened to fit, in order.
  EXPECT_NE(r.output.find("feldman-mah~ heavy-prior~        light a-counterfa~ a-counterfa~"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("heavy_output_index"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("pt"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("%"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("running"), std::string::npos) << "progress belongs on stderr";
}

TEST(CompareCli, ShippedCounterfactualsFitOneHundredColumns) {
  const char* files[] = {"scenarios/dprk-2013.toml", "scenarios/heavy-priority.toml", "scenarios/no-reform.toml",
                         "scenarios/no-sanctions.toml", "scenarios/no-closure.toml"};
  std::string args = "compare";
  for (const char* f : files) {
    if (!fs::exists(fs::path(LIGHTIND_SOURCE_DIR) / f)) GTEST_SKIP() << f << " is not written yet";
    args += std::string(" ") + f;
  }
  const cli_test::Result r = analysis_test::run_stdout(args);
  ASSERT_EQ(r.code, 0) << r.output;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) EXPECT_LE(line.size(), 100u) << line;
  // The default years come from the run (2012-2025): four spread from its second year.
  for (const char* year : {" 2013 ", " 2017 ", " 2021 ", " 2025 "})
    EXPECT_NE(r.output.find(year), std::string::npos) << year;
}

TEST(CompareCli, DefaultYearsComeFromTheScenarioDates) {
  // Two 1978-1985 scenarios (issue 14, item 8): rows for years of that range, no --years.
  const fs::path dir = cli_test::scratch_dir();
  const std::string span = "start = \"1978-01\"\nend = \"1985-12\"\n";
  const std::string a = fm_scenario(dir, "fm-1978", span);
  const std::string b = fm_scenario(dir, "fm-1978-b", span);
  const cli_test::Result r = run_cli("compare '" + a + "' '" + b + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  for (const char* row : {"light_output_index         1979 ", "                           1981 ",
                          "                           1983 ", "                           1985 "})
    EXPECT_NE(r.output.find(row), std::string::npos) << row << "\n" << r.output;
  EXPECT_EQ(r.output.find(" 2015 "), std::string::npos) << r.output;
}

TEST(CompareCli, RejectedScenarioWritesNothing) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string a = fm_scenario(dir, "fm-good");
  const std::string b = fm_scenario(dir, "fm-bad", "[policy]\n# assumption: test\ninvestmnt_share = 3\n");
  const fs::path out = dir / "out";
  const cli_test::Result r = run_cli("compare '" + a + "' '" + b + "' --out '" + out.string() + "'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("fm-bad.toml:6: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("investmnt_share"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("running"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace lightind
