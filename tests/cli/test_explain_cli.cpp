// `lightind explain`: the settings that differ, their Shapley contributions adding up to the
// difference (exact and sampled), the same file at any thread count, and its usage errors.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using cli_test::run_cli;

const std::string kShort = " --set scenario.end=2014-12 --set households.scale=10000";

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::string cur;
    bool quoted = false;
    for (const char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) f.push_back(std::move(cur)), cur.clear();
      else cur += c;
    }
    f.push_back(cur);
    rows.push_back(std::move(f));
  }
  return rows;
}

/// explain.csv's contributions (setting -> value) and its (difference) row.
struct Parsed {
  std::vector<std::pair<std::string, double>> contributions;
  std::vector<double> std_errors;
  double sum = 0, difference = 0;
};
Parsed parse(const fs::path& file) {
  Parsed p;
  const auto rows = csv_rows(cli_test::read_file(file));
  EXPECT_EQ(rows.at(0).at(0), "setting");
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][0] == "(sum)") p.sum = std::stod(rows[i][1]);
    else if (rows[i][0] == "(difference)") p.difference = std::stod(rows[i][1]);
    else {
      p.contributions.emplace_back(rows[i][0], std::stod(rows[i][1]));
      p.std_errors.push_back(std::stod(rows[i][2]));
    }
  }
  return p;
}

TEST(ExplainCli, OneSettingTakesTheWholeDifference) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string b = cli_test::write_file(
      dir / "levy.toml", "extends = \"" + std::string(LIGHTIND_SOURCE_DIR) +
                             "/scenarios/dprk-2013.toml\"\n[scenario]\nname = \"levy\"\n[reform]\n"
                             "# assumption: test\nprofit_levy = 0.7\n");
  const auto r = run_cli("explain scenarios/dprk-2013.toml '" + b + "' --indicator gdp_real --year 2014" + kShort +
                         " --out '" + (dir / "out").string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  const Parsed p = parse(dir / "out" / "explain.csv");
  ASSERT_EQ(p.contributions.size(), 1U);
  EXPECT_EQ(p.contributions[0].first, "reform.profit_levy");  // the name is a label, not a setting
  EXPECT_EQ(p.contributions[0].second, p.difference);  // v(B) - v(A), exactly
  EXPECT_NE(r.output.find("exact Shapley values over 1 setting (2 runs)"), std::string::npos) << r.output;
}

TEST(ExplainCli, HeavyPriorityContributionsAddUpExactAndSampled) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string args = "explain scenarios/dprk-2013.toml scenarios/heavy-priority.toml --indicator "
                           "living_standard_index --year 2014" + kShort;
  const auto exact = run_cli(args + " --threads 1 --out '" + (dir / "exact1").string() + "'");
  ASSERT_EQ(exact.code, 0) << exact.output;
  const auto exact2 = run_cli(args + " --threads 2 --out '" + (dir / "exact2").string() + "'");
  ASSERT_EQ(exact2.code, 0) << exact2.output;
  EXPECT_EQ(cli_test::read_file(dir / "exact1" / "explain.csv"), cli_test::read_file(dir / "exact2" / "explain.csv"));
  const Parsed e = parse(dir / "exact1" / "explain.csv");
  ASSERT_EQ(e.contributions.size(), 4U);  // the four dated events heavy-priority changes
  EXPECT_NEAR(e.sum, e.difference, 1e-9 * std::max(1.0, std::abs(e.difference)));
  EXPECT_NE(e.difference, 0.0);
  for (const double se : e.std_errors) EXPECT_EQ(se, 0.0);
  // The 2018 and 2021 events lie after the run's end: they contribute nothing.
  for (const auto& [s, c] : e.contributions) {
    if (s == "policy.events.five_year_plan_2021" || s == "policy.events.new_strategic_line_2018") {
      EXPECT_EQ(c, 0.0) << s;
    }
  }

  const auto sampled = run_cli(args + " --exact-limit 2 --orderings 8 --out '" + (dir / "sampled").string() + "'");
  ASSERT_EQ(sampled.code, 0) << sampled.output;
  EXPECT_NE(sampled.output.find("sampled Shapley values over 4 settings: 8 orderings"), std::string::npos)
      << sampled.output;
  const Parsed s = parse(dir / "sampled" / "explain.csv");
  EXPECT_NEAR(s.sum, s.difference, 1e-9 * std::max(1.0, std::abs(s.difference)));
  EXPECT_EQ(s.difference, e.difference);  // the same two end points
  for (size_t i = 0; i < s.contributions.size(); ++i) {
    double exact_value = 0;
    for (const auto& [name, c] : e.contributions)
      if (name == s.contributions[i].first) exact_value = c;
    EXPECT_LE(std::abs(s.contributions[i].second - exact_value), 5 * s.std_errors[i] + 1e-9 * std::abs(e.difference))
        << s.contributions[i].first;
  }
}

TEST(ExplainCli, UsageErrorsBeforeAnythingRuns) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string args = "explain scenarios/dprk-2013.toml scenarios/heavy-priority.toml --out '" +
                           (dir / "out").string() + "'";
  const auto unknown = run_cli(args + " --indicator living_standard_idx");
  EXPECT_EQ(unknown.code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("did you mean \"living_standard_index\""), std::string::npos) << unknown.output;
  const auto year = run_cli(args + " --year 2030");
  EXPECT_EQ(year.code, 2) << year.output;
  EXPECT_NE(year.output.find("--year: expected a year of the run (2012 to 2025), found 2030"), std::string::npos)
      << year.output;
  const auto one = run_cli("explain scenarios/dprk-2013.toml");
  EXPECT_EQ(one.code, 2) << one.output;
  EXPECT_FALSE(fs::exists(dir / "out" / "explain.csv"));
}

}  // namespace
}  // namespace lightind
