// The program end to end: outputs of `run`, determinism across runs and thread counts,
// `check`, `accounts`, and the golden headline numbers of the reference run.
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using cli_test::read_file;
using cli_test::run_cli;

const std::string kReference = "scenarios/dprk-2013.toml";

TEST(CliRun, ReferenceWritesAllOutputsAndPassesTheLedgerCheck) {
  const fs::path out = cli_test::scratch_dir() / "ref";
  const cli_test::Result r = run_cli("run " + kReference + " --out '" + out.string() + "' --check");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("ledger checked every month"), std::string::npos) << r.output;
  for (const char* f : {"series.csv", "summary.json", "results.sqlite", "accounts.csv"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const std::string csv = read_file(out / "series.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "date,scenario,run,indicator,sector,region,value");
  // Every indicator issue 2 names is present.
  for (const char* ind :
       {"light_output_index", "heavy_output_index", "gdp_real", "consumer_goods_per_capita", "living_standard_index",
        "varieties", "mean_quality", "nominal_wage", "real_wage_index", "employment", "investment", "state_revenue",
        "budget_balance", "money_supply", "market_price_level", "exports", "imports", "fx_reserves", "hardship_share",
        "local_share_light_output"})
    EXPECT_NE(csv.find(std::string(",") + ind + ","), std::string::npos) << ind;
}

TEST(CliRun, SeriesAreByteIdenticalAcrossRunsAndThreadCounts) {
  const fs::path dir = cli_test::scratch_dir();
  // 1:100 households (about 60,000 agents) so that threads really split the household loops.
  const std::string base = "run " + kReference + " --quiet --set households.scale=100 --out '";
  ASSERT_EQ(run_cli(base + (dir / "a").string() + "' --threads 1").code, 0);
  ASSERT_EQ(run_cli(base + (dir / "b").string() + "' --threads 2").code, 0);
  ASSERT_EQ(run_cli(base + (dir / "c").string() + "' --threads 2").code, 0);
  const std::string a = read_file(dir / "a" / "series.csv");
  ASSERT_GT(a.size(), 100000u);
  EXPECT_TRUE(a == read_file(dir / "b" / "series.csv"));
  EXPECT_TRUE(a == read_file(dir / "c" / "series.csv"));
  ASSERT_EQ(run_cli(base + (dir / "d").string() + "' --seed 99").code, 0);
  EXPECT_FALSE(a == read_file(dir / "d" / "series.csv")) << "another seed must give another run";
}

TEST(CliRun, CheckSummarisesTheScenario) {
  const cli_test::Result r = run_cli("check " + kReference);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("2012-01 to 2025-12 (168 months)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sectors      13"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("regions      12 (population 23349859)"), std::string::npos) << r.output;
}

TEST(CliRun, AccountsPrintsTheGodleyTablesOfAMonth) {
  const fs::path out = cli_test::scratch_dir() / "ref";
  ASSERT_EQ(run_cli("run " + kReference + " --quiet --out '" + out.string() + "'").code, 0);
  const cli_test::Result r = run_cli("accounts '" + out.string() + "' --month 2016-03");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("flow,households,enterprises,state,central_bank,rest_of_world,sum"), std::string::npos)
      << r.output;
  const cli_test::Result bad = run_cli("accounts '" + out.string() + "' --month 2031-01");
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.output.find("2031-01"), std::string::npos) << bad.output;
}

TEST(CliRun, VersionNamesTheCommit) {
  const cli_test::Result r = run_cli("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.output.rfind("lightind ", 0), 0u) << r.output;
}

/// Golden test (STYLE.md 5): the reference run's annual headline numbers must equal
/// tests/golden/dprk-2013-summary.json. After an intended change of the model, regenerate
/// it with `make golden` (scripts/regenerate-golden.sh) and review the diff.
TEST(Golden, ReferenceHeadlineNumbers) {
  const fs::path out = cli_test::scratch_dir() / "ref";
  ASSERT_EQ(run_cli("run " + kReference + " --quiet --out '" + out.string() + "'").code, 0);
  const auto got = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto want = nlohmann::json::parse(read_file(fs::path(LIGHTIND_SOURCE_DIR) / "tests/golden/dprk-2013-summary.json"));
  ASSERT_EQ(got["years"].size(), want["years"].size());
  int compared = 0;
  for (const auto& [year, indicators] : want["years"].items()) {
    for (const auto& [name, value] : indicators.items()) {
      ASSERT_TRUE(got["years"][year].contains(name)) << year << " " << name;
      if (value.is_null()) continue;
      const double w = value.get<double>(), g = got["years"][year][name].get<double>();
      EXPECT_NEAR(g, w, 1e-9 * std::max(1.0, std::abs(w))) << year << " " << name;
      ++compared;
    }
  }
  EXPECT_GT(compared, 14 * 20);
}

}  // namespace
}  // namespace lightind

namespace lightind {
namespace {

/// Every shipped scenario runs with the ledger checked every month, and gives
/// byte-identical series at one and two threads (issue 3).
TEST(CliRun, EveryShippedScenarioBalancesAndIsDeterministic) {
  const fs::path dir = cli_test::scratch_dir();
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(LIGHTIND_SOURCE_DIR) / "scenarios")) {
    const fs::path p = entry.path();
    const std::string rel = fs::relative(p, LIGHTIND_SOURCE_DIR).string();
    if (p.extension() != ".toml" || rel.find("calibration/") != std::string::npos || rel.find("drafts/") != std::string::npos ||
        rel.find("ablations/") != std::string::npos || rel.find("data/") != std::string::npos ||
        rel.ends_with(".free.toml"))
      continue;
    const std::string name = p.stem().string();
    const std::string base = "run " + rel + " --quiet --check --out '";
    const cli_test::Result one = run_cli(base + (dir / (name + "-1")).string() + "' --threads 1");
    ASSERT_EQ(one.code, 0) << rel << "\n" << one.output;
    const cli_test::Result two = run_cli(base + (dir / (name + "-2")).string() + "' --threads 2");
    ASSERT_EQ(two.code, 0) << rel << "\n" << two.output;
    EXPECT_TRUE(read_file(dir / (name + "-1") / "series.csv") == read_file(dir / (name + "-2") / "series.csv")) << rel;
    ++checked;
  }
  EXPECT_GE(checked, 6);  // the reference, four counterfactuals, Feldman-Mahalanobis
}

}  // namespace
}  // namespace lightind
