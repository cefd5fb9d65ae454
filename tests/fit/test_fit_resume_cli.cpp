// Kill and resume (issue 13 acceptance): `lightind fit` killed with SIGKILL after some
// evaluations are stored resumes to the same estimate as an uninterrupted fit with the same
// seeds — the same fitted.toml and the same evaluations, bit for bit — and the uninterrupted
// fit ran at another thread count. A database of another problem is refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli/cli_test_util.hpp"
#include "cli/mpi_test_util.hpp"
#include "fit/fit_test_util.hpp"
#include "test_util.hpp"

extern char** environ;

namespace lightind::cli_test {
namespace {

namespace fs = std::filesystem;
using fit_test::fit_fixture;

const std::string kData = test_util::read_file(fit_fixture("resume-data.toml"));

const std::string kFree = test_util::read_file(fit_fixture("resume-free.toml"));

std::vector<std::string> fit_args(const fs::path& dir, const fs::path& out, int threads, int seeds = 2) {
  return {"fit", "scenarios/dprk-2013.toml", "--data", (dir / "data.toml").string(), "--free",
          (dir / "free.toml").string(), "--budget", "14", "--seeds", std::to_string(seeds), "--threads",
          std::to_string(threads), "--set", "households.scale=20000", "--set", "scenario.spin_up_months=12", "--out",
          out.string()};
}

std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += " '" + a + "'";
  return s;
}

int stored(const fs::path& db) {
  if (!fs::exists(db)) return 0;
  sqlite3* h = nullptr;
  int n = 0;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 1000);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM fit_evaluations", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return n;
}

TEST(FitResumeCli, KilledFitResumesToTheSameEstimate) {
  const fs::path dir = scratch_dir();
  write_file(dir / "data.toml", kData);
  write_file(dir / "free.toml", kFree);

  const Result whole = run_cli(joined(fit_args(dir, dir / "whole", 2)));
  ASSERT_EQ(whole.code, 0) << whole.output;
  EXPECT_NE(whole.output.find("fit of dprk-2013: 14 evaluations"), std::string::npos) << whole.output;

  // The same fit at one thread, killed once four evaluations are in its database.
  const fs::path out = dir / "killed";
  std::vector<std::string> args = fit_args(dir, out, 1);
  args.insert(args.begin(), LIGHTIND_CLI);
  args.emplace_back("--quiet");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string cwd = fs::current_path().string();
  fs::current_path(LIGHTIND_SOURCE_DIR);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, LIGHTIND_CLI, nullptr, nullptr, argv.data(), environ), 0);
  fs::current_path(cwd);
  const auto t0 = std::chrono::steady_clock::now();
  int n = 0;
  while ((n = stored(out / "fit.sqlite")) < 4 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the fit ended before it was killed (" << n << " evaluations stored)";
  const int kept = stored(out / "fit.sqlite");
  ASSERT_GE(kept, 4);
  ASSERT_LT(kept, 14);

  const Result resumed = run_cli(joined(fit_args(dir, out, 1)));
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_EQ(read_file(out / "fitted.toml"), read_file(dir / "whole" / "fitted.toml"));
  EXPECT_EQ(read_file(out / "evaluations.csv"), read_file(dir / "whole" / "evaluations.csv"));
  EXPECT_EQ(read_file(out / "moments.csv"), read_file(dir / "whole" / "moments.csv"));
  EXPECT_NE(read_file(out / "fitted.toml").find("cost_pull = "), std::string::npos);

  // Another problem (three seeds) is refused in the same folder, and nothing is overwritten.
  const Result other = run_cli(joined(fit_args(dir, out, 1, 3)));
  EXPECT_EQ(other.code, 1) << other.output;
  EXPECT_NE(other.output.find("holds another problem"), std::string::npos) << other.output;
  EXPECT_EQ(read_file(out / "fitted.toml"), read_file(dir / "whole" / "fitted.toml"));
}

// Under mpirun the two ranks share the global stage; the evaluations and the estimate are those
// of one process.
TEST(FitResumeCli, MpiRanksGiveTheSameFit) {
  if (const std::string why = cli_test::mpi_missing(); !why.empty()) GTEST_SKIP() << why;
  const fs::path dir = scratch_dir();
  write_file(dir / "data.toml", kData);
  write_file(dir / "free.toml", kFree);
  const Result one = run_cli(joined(fit_args(dir, dir / "one", 1)));
  ASSERT_EQ(one.code, 0) << one.output;
  const Result two = cli_test::run_cli_mpi(2, joined(fit_args(dir, dir / "two", 1)));
  ASSERT_EQ(two.code, 0) << two.output;
  EXPECT_NE(two.output.find("2 ranks"), std::string::npos) << two.output;
  EXPECT_EQ(read_file(dir / "two" / "evaluations.csv"), read_file(dir / "one" / "evaluations.csv"));
  EXPECT_EQ(read_file(dir / "two" / "fitted.toml"), read_file(dir / "one" / "fitted.toml"));
}

TEST(FitResumeCli, BadFreeFileIsAUsageError) {
  const fs::path dir = scratch_dir();
  write_file(dir / "data.toml", kData);
  std::string free = kFree;
  free.replace(free.find("state.public_works_share"), 24, "state.public_work_share");
  write_file(dir / "free.toml", free);
  const Result r = run_cli(joined(fit_args(dir, dir / "out", 1)));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("free.toml:10: free[1].key: expected a number key of the scenario schema"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("(did you mean \"state.public_works_share\"?)"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace lightind::cli_test
