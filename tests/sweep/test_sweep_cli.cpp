// `lightind sweep`: bands against single runs computed by hand, bad --set values, resume
// after SIGKILL, two sweeps on one database, and MPI with 1 and 2 ranks.
#include <algorithm>
#include <cstdio>
#include <cmath>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lightind/sweep.hpp"
#include "cli/mpi_test_util.hpp"
#include "sweep/sweep_test_util.hpp"

namespace lightind {
namespace {

using namespace sweep_test;
namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string x;
  while (std::getline(ss, x, ',')) f.push_back(x);
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

TEST(SweepCli, BandsEqualQuantilesOfSingleRunsByHand) {
  const fs::path dir = scratch_dir();
  const std::string sets = kQuick + " --set reform.profit_levy=0.2,0.3";
  // --breakdowns: every row, the sectors' and regions' too.
  const auto r = run_cli("sweep scenarios/dprk-2013.toml --runs 3 --seed 7 --threads 2 --breakdowns " + sets +
                         " --out '" + (dir / "sweep").string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("2 settings x 3 seeds (base seed 7) = 6 runs; 6 run now, 0 already in the database"),
            std::string::npos)
      << r.output;
  // The database lists each setting's key=value and each run's seed.
  const fs::path db = dir / "sweep" / "results.sqlite";
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_runs"), 6);
  EXPECT_EQ(query_texts(db, "SELECT value FROM sweep_setting_values WHERE key = 'reform.profit_levy' ORDER BY value"),
            (std::vector<std::string>{"0.2", "0.3"}));
  for (int j = 0; j < 3; ++j)
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_runs WHERE seed_index = " + std::to_string(j) +
                                " AND seed = " + std::to_string(sweep::derive_seed(7, static_cast<unsigned>(j)))),
              2);
  expect_no_partial_rows(db);

  // The same three runs of the second setting with `lightind run --seed`, and type 7 by hand:
  // with three values x0 <= x1 <= x2, h = 2 p: p5 = x0 + 0.1 (x1 - x0), p25 = x0 + 0.5 (x1 - x0),
  // p50 = x1, p75 = x1 + 0.5 (x2 - x1), p95 = x1 + 0.9 (x2 - x1).
  std::map<std::string, std::vector<double>> values;  // date,indicator,sector,region -> per run
  for (int j = 0; j < 3; ++j) {
    const fs::path out = dir / ("run" + std::to_string(j));
    const auto rr = run_cli("run scenarios/dprk-2013.toml -q --seed " +
                            std::to_string(sweep::derive_seed(7, static_cast<unsigned>(j))) + " " + kQuick +
                            " --set reform.profit_levy=0.3 --out '" + out.string() + "'");
    ASSERT_EQ(rr.code, 0) << rr.output;
    std::stringstream csv(read_file(out / "series.csv"));
    std::string line;
    std::getline(csv, line);  // date,scenario,run,indicator,sector,region,value
    while (std::getline(csv, line)) {
      const auto f = split(line);
      ASSERT_EQ(f.size(), 7u) << line;
      values[f[0] + "," + f[3] + "," + f[4] + "," + f[5]].push_back(f[6].empty() ? NAN : std::stod(f[6]));
    }
  }
  std::stringstream bands(read_file(dir / "sweep" / "bands.csv"));
  std::string line;
  std::getline(bands, line);
  EXPECT_EQ(line, "setting,date,indicator,sector,region,quantile,value");
  size_t checked = 0, lines = 0, lines2 = 0;
  const std::map<std::string, double> weight{{"p5", 0.1}, {"p25", 0.5}, {"p75", 0.5}, {"p95", 0.9}};
  const std::map<std::string, double> quantile_p{
      {"p5", 0.05}, {"p25", 0.25}, {"p50", 0.5}, {"p75", 0.75}, {"p95", 0.95}};
  while (std::getline(bands, line)) {
    ++lines;
    const auto f = split(line);
    ASSERT_EQ(f.size(), 7u) << line;
    if (f[0] != "reform.profit_levy=0.3") continue;
    ++lines2;
    auto x = values.at(f[1] + "," + f[2] + "," + f[3] + "," + f[4]);
    x.erase(std::remove_if(x.begin(), x.end(), [](double v) { return std::isnan(v); }), x.end());
    std::sort(x.begin(), x.end());
    // A row some runs lack (an indicator written only when it applies) has fewer values:
    // with two, Q(p) = x0 + p (x1 - x0); with one, x0.
    double expected = x.empty() ? NAN : x[0];
    if (x.size() == 3) {
      expected = x[1];
      if (f[5] == "p5" || f[5] == "p25") expected = x[0] + weight.at(f[5]) * (x[1] - x[0]);
      if (f[5] == "p75" || f[5] == "p95") expected = x[1] + weight.at(f[5]) * (x[2] - x[1]);
      ++checked;
    } else if (x.size() == 2) {
      expected = x[0] + quantile_p.at(f[5]) * (x[1] - x[0]);
    }
    if (x.empty()) {
      EXPECT_EQ(f[6], "") << line;
      continue;
    }
    // series.csv has 10 significant digits; bands.csv all of them.
    const double v = std::stod(f[6]);
    EXPECT_NEAR(v, expected, 1e-8 * std::max(1.0, std::abs(expected))) << line;
  }
  // Every row any of the three runs has, five quantiles each.
  EXPECT_EQ(lines2, 5 * values.size());
  EXPECT_GT(lines, lines2);
  EXPECT_GT(checked, 4 * values.size());
}

TEST(SweepCli, BadSetValuesExit2AndWriteNothing) {
  const fs::path dir = scratch_dir();
  const std::string out = " --out '" + (dir / "out").string() + "'";
  auto r = run_cli("sweep scenarios/dprk-2013.toml --runs 2 --set households.scale=1000:10:100" + out);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("households.scale: expected a range a:b:step of numbers with a <= b and step > 0, found a = "
                          "1000 above b = 10"),
            std::string::npos)
      << r.output;
  // A value of the wrong type is found by the scenario's validation, before anything runs.
  r = run_cli("sweep scenarios/dprk-2013.toml --runs 2 --set households.scale=1000,abc" + out);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("households.scale"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("abc"), std::string::npos) << r.output;
  r = run_cli("sweep scenarios/dprk-2013.toml --runs 2 --set households.sclae=1,2" + out);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("did you mean"), std::string::npos) << r.output;
  r = run_cli("sweep scenarios/dprk-2013.toml --runs 0" + out);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

/// bands.csv of an uninterrupted sweep of `args` into `dir`.
std::string fresh_bands(const std::string& args, const fs::path& dir) {
  const auto r = run_cli(args + " -q --out '" + dir.string() + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  return read_file(dir / "bands.csv");
}

TEST(SweepCli, KillAndResume) {
  const fs::path dir = scratch_dir();
  const std::string args =
      "sweep scenarios/dprk-2013.toml --runs 8 --seed 3 --threads 2 " + kQuick + " --set reform.profit_levy=0.2,0.3";
  const fs::path db = dir / "killed" / "results.sqlite";
  const std::string killed = args + " --out '" + (dir / "killed").string() + "'";
  // Kill it three times: at once (while it plans or opens the database), then once 2 more
  // runs are in, then once 3 more are; each time nothing partial may remain.
  long long before = 0;
  for (const int more : {0, 2, 3}) {
    const long long target = before + more;
    const pid_t pid = spawn_cli(killed, dir / "killed.log");
    ASSERT_GT(pid, 0);
    const auto t0 = std::chrono::steady_clock::now();
    if (more == 0) std::this_thread::sleep_for(std::chrono::milliseconds(30));
    while (more > 0 && query_int(db, "SELECT count(*) FROM sweep_runs") < target &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(120))
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    ASSERT_EQ(wait_child(pid), 128 + SIGKILL) << read_file(dir / "killed.log");
    // Killed before its tables were committed, the database may be empty (or absent).
    if (fs::exists(db) && query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'sweep_runs'") == 1) {
      before = query_int(db, "SELECT count(*) FROM sweep_runs");
      expect_no_partial_rows(db);
    }
    EXPECT_GE(before, target);
    EXPECT_FALSE(fs::exists(dir / "killed" / "bands.csv"));
  }
  EXPECT_GE(before, 5);
  EXPECT_LT(before, 16) << "the sweep finished before it was killed";
  std::printf("killed three times; %lld of 16 runs finished before the resume\n", before);

  // The same command again: runs only the rest.
  const auto r = run_cli(killed);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find(fmt::format("{} run now, {} already in the database", 16 - before, before)),
            std::string::npos)
      << r.output;
  // Exactly the requested runs, once each.
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_runs"), 16);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs"), 16);
  EXPECT_EQ(query_int(db, "SELECT count(DISTINCT setting_key || '/' || seed) FROM sweep_runs"), 16);
  EXPECT_EQ(query_int(db, "SELECT count(DISTINCT seed_index) FROM sweep_runs"), 8);
  expect_no_partial_rows(db);
  // A third time: nothing to do, same bands.
  const auto again = run_cli(killed);
  EXPECT_NE(again.output.find("0 run now, 16 already in the database"), std::string::npos) << again.output;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs"), 16);
  EXPECT_EQ(read_file(dir / "killed" / "bands.csv"), fresh_bands(args, dir / "fresh"));
}

TEST(SweepCli, TwoSweepsOnOneDatabase) {
  const fs::path dir = scratch_dir();
  const fs::path db = dir / "shared.sqlite";
  const std::string a = "sweep scenarios/dprk-2013.toml --runs 4 --seed 5 --threads 1 " + kQuick +
                        " --set reform.profit_levy=0.2,0.3 --db '" + db.string() + "'";
  const std::string b = "sweep scenarios/dprk-2013.toml --runs 4 --seed 5 --threads 1 " + kQuick +
                        " --set reform.profit_levy=0.3,0.4 --db '" + db.string() + "'";
  const pid_t pa = spawn_cli(a + " --out '" + (dir / "a").string() + "'", dir / "a.log");
  const pid_t pb = spawn_cli(b + " --out '" + (dir / "b").string() + "'", dir / "b.log");
  ASSERT_GT(pa, 0);
  ASSERT_GT(pb, 0);
  EXPECT_EQ(wait_child(pa), 0) << read_file(dir / "a.log");
  EXPECT_EQ(wait_child(pb), 0) << read_file(dir / "b.log");
  // Levy 0.3 is in both grids: its runs are there once, whoever ran them.
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_runs"), 12);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs"), 12);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_settings"), 3);
  expect_no_partial_rows(db);
  // Each sweep's bands are those of the same sweep alone.
  EXPECT_EQ(read_file(dir / "a" / "bands.csv"), fresh_bands(a.substr(0, a.find(" --db")), dir / "a-alone"));
  EXPECT_EQ(read_file(dir / "b" / "bands.csv"), fresh_bands(b.substr(0, b.find(" --db")), dir / "b-alone"));
}

TEST(SweepCli, ThreadCountDoesNotChangeBands) {
  const fs::path dir = scratch_dir();
  const std::string args = "sweep scenarios/dprk-2013.toml --runs 3 --seed 11 " + kQuick;
  EXPECT_EQ(fresh_bands(args + " --threads 1", dir / "t1"), fresh_bands(args + " --threads 2", dir / "t2"));
}

TEST(SweepCli, MpiOneAndTwoRanksGiveIdenticalBands) {
  if (const std::string why = cli_test::mpi_missing(); !why.empty()) GTEST_SKIP() << why;
  const fs::path dir = scratch_dir();
  const std::string sweep =
      std::string("sweep scenarios/dprk-2013.toml --runs 3 --seed 13 ") + kQuick + " --set reform.profit_levy=0.2,0.3 --threads 1";
  auto mpi = [&](int ranks, const fs::path& out) {
    const auto r = cli_test::run_cli_mpi(ranks, sweep + " --out '" + out.string() + "'");
    EXPECT_EQ(r.code, 0) << r.output;
    return r.output;
  };
  const std::string one = mpi(1, dir / "n1");
  EXPECT_NE(one.find("1 rank x 1 thread"), std::string::npos) << one;
  const std::string two = mpi(2, dir / "n2");
  EXPECT_NE(two.find("6 run now, 0 already in the database; "), std::string::npos) << two;
  EXPECT_NE(two.find("2 ranks x 1 thread"), std::string::npos) << two;
  const std::string bands1 = read_file(dir / "n1" / "bands.csv");
  EXPECT_GT(bands1.size(), 1000u);
  EXPECT_EQ(bands1, read_file(dir / "n2" / "bands.csv"));
  EXPECT_EQ(query_int(dir / "n2" / "results.sqlite", "SELECT count(*) FROM sweep_runs"), 6);
  expect_no_partial_rows(dir / "n2" / "results.sqlite");
  // And the plain launch (no MPI) agrees.
  EXPECT_EQ(bands1, fresh_bands(sweep, dir / "plain"));
}

}  // namespace
}  // namespace lightind
