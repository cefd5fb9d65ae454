// analysis::compare: the one comparison the command line and Python call (issue 11, item 7).
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/analysis_test_util.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

namespace an = analysis;
const std::string kRef = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
const std::string kHeavy = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/heavy-priority.toml";
const std::vector<std::string> kShort = {"scenario.end=2013-12"};

TEST(AnalysisCompareLibrary, RunsEveryScenarioWithOneSeedAndComparesTheHeadline) {
  an::CompareRequest req;
  req.paths = {kRef, kHeavy, kRef};
  req.sets = kShort;
  req.years = {2013, 2012, 2030};  // 2030 is outside the runs
  std::vector<std::string> started;
  std::vector<std::string> described;
  req.on_start = [&](size_t i, const std::string& name, std::uint64_t seed) {
    started.push_back(std::to_string(i) + ":" + name + ":" + std::to_string(seed));
  };
  req.on_run = [&](size_t, const std::string&, const RunResult& r, const Description& d) {
    described.push_back(d.name + "/" + std::to_string(r.seed));
  };
  const an::Comparison c = an::compare(req);
  const std::uint64_t seed = load_scenario(kRef).seed;
  EXPECT_EQ(c.seed, seed);
  EXPECT_EQ(c.names, (std::vector<std::string>{"dprk-2013", "heavy-priority", "dprk-2013-2"}));
  ASSERT_EQ(started.size(), 3u);
  EXPECT_EQ(started[1], "1:heavy-priority:" + std::to_string(seed));
  EXPECT_EQ(described[1], "heavy-priority/" + std::to_string(seed));

  // The cells are the annual means of the runs made by hand with that seed.
  RunOptions opt;
  opt.seed = seed;
  opt.keep_accounts = false;
  const RunResult heavy = run(load_scenario(kHeavy, kShort, seed), opt);
  const auto mean = an::annual_mean(heavy.series, "gdp_real");
  int checked = 0;
  for (const an::CompareCell& cell : c.cells) {
    EXPECT_NE(cell.year, 2030);
    if (cell.scenario == "heavy-priority" && cell.indicator == "gdp_real") {
      EXPECT_DOUBLE_EQ(cell.value, mean.at(cell.year));
      ++checked;
    }
    if (cell.scenario == "dprk-2013-2") {
      EXPECT_DOUBLE_EQ(cell.difference, 0.0) << cell.indicator;  // the same run
    }
  }
  EXPECT_EQ(checked, 2);
  EXPECT_EQ(c.cells.front().indicator, an::headline_indicators().front());
  EXPECT_EQ(c.table, an::compare_table({{c.names[0], &c.series[0]}, {c.names[1], &c.series[1]},
                                        {c.names[2], &c.series[2]}},
                                       c.cells));
}

TEST(AnalysisCompareLibrary, ARejectedScenarioStopsBeforeAnythingRuns) {
  const std::filesystem::path dir = cli_test::scratch_dir();
  const std::string bad = cli_test::write_file(dir / "bad.toml", "extends = \"" + kRef + "\"\n[scenario]\nend = 5\n");
  an::CompareRequest req;
  req.paths = {kRef, bad};
  int started = 0;
  req.on_start = [&](size_t, const std::string&, std::uint64_t) { ++started; };
  EXPECT_THROW((void)an::compare(req), ScenarioError);
  EXPECT_EQ(started, 0);
  EXPECT_THROW((void)an::compare(an::CompareRequest{}), std::invalid_argument);
}

}  // namespace
}  // namespace lightind
