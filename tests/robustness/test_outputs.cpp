// Issue 10, part A: lightind never deletes what it did not write; full disks and killed runs.
//   D1: a scenario name cannot make a folder outside out/ (run, compare, calibrate, sweep).
//   D4: an existing --out that lightind did not write is refused (exit 2) unless --force;
//       a file is never replaced by a folder.
//   D8: writes are checked (full disk: a non-zero exit with the system's reason, no partial or
//       temporary file); stale temporary items of killed runs are cleaned, live ones kept.
// The program runs from a scratch folder (its default out/ is then the scratch's own).
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using cli_test::read_file;
using cli_test::write_file;

const std::string kSource = LIGHTIND_SOURCE_DIR;
const std::string kReference = kSource + "/scenarios/dprk-2013.toml";
const std::string kTargets = kSource + "/scenarios/calibration/dprk-2013.toml";

/// Runs `lightind ARGS` in folder `cwd` (after the shell text `prefix`); stdout and stderr together.
cli_test::Result run_in(const fs::path& cwd, const std::string& args, const std::string& prefix = "") {
  return test_util::run_shell("cd '" + cwd.string() + "' && " + prefix + "'" + LIGHTIND_CLI + "' " + args + " 2>&1");
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Every path under `dir`, relative, sorted.
std::vector<std::string> tree(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

/// A scratch folder with a mount point inside unmounted first (a previous failed test).
fs::path scratch() {
  const fs::path dir = cli_test::scratch_path();
  if (fs::exists(dir / "full")) ::umount2((dir / "full").c_str(), MNT_DETACH);
  return cli_test::scratch_dir();
}

/// The pid of a process that has exited (a reaped child): a temporary item named after it is stale.
long long dead_pid() {
  const pid_t p = fork();
  if (p == 0) _exit(0);
  int status = 0;
  waitpid(p, &status, 0);
  return p;
}

// --- D1: names --------------------------------------------------------------------------------

TEST(Robustness, D1_NameWithDotDotStaysInsideOut) {
  const fs::path dir = scratch();
  write_file(dir / "victim" / "precious.txt", "mine");
  fs::create_directories(dir / "w");
  const auto r = run_in(dir / "w", "run '" + kReference + "' -q --set 'scenario.name=\"../../victim\"'");
  EXPECT_EQ(read_file(dir / "victim" / "precious.txt"), "mine") << r.output;
  EXPECT_EQ(tree(dir / "victim"), std::vector<std::string>{"precious.txt"});
  // Either the name is refused (exit 2) or the run lands inside w/out/ under a mapped name.
  if (r.code == 0) {
    EXPECT_TRUE(fs::is_regular_file(dir / "w" / "out" / ".._.._victim" / "series.csv")) << r.output;
  } else {
    EXPECT_EQ(r.code, 2) << r.output;
  }
}

TEST(Robustness, D1_EmptyNameRejected) {
  const fs::path dir = scratch();
  write_file(dir / "out" / "earlier" / "series.csv", "an earlier run");
  const auto r = run_in(dir, "run '" + kReference + "' -q --set 'scenario.name=\"\"'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "name")) << r.output;
  EXPECT_EQ(read_file(dir / "out" / "earlier" / "series.csv"), "an earlier run");
  EXPECT_EQ(tree(dir / "out"), (std::vector<std::string>{"earlier", "earlier/series.csv"}));
}

TEST(Robustness, D1_DotNameRejected) {
  const fs::path dir = scratch();
  write_file(dir / "out" / "earlier" / "series.csv", "an earlier run");
  const auto r = run_in(dir, "run '" + kReference + "' -q --set 'scenario.name=\"..\"'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(read_file(dir / "out" / "earlier" / "series.csv"), "an earlier run");
  EXPECT_TRUE(fs::exists(dir / "out" / "earlier"));
}

TEST(Robustness, D1_CalibrateAndSweepNamesStayInsideOut) {
  const fs::path dir = scratch();
  write_file(dir / "victim" / "precious.txt", "mine");
  fs::create_directories(dir / "w");
  const std::string name = " --set 'scenario.name=\"../../victim\"'";
  const auto c = run_in(dir / "w", "calibrate '" + kReference + "' --targets '" + kTargets + "'" + name);
  const auto s = run_in(dir / "w", "sweep '" + kReference + "' --runs 1 -q --threads 1" + name);
  EXPECT_EQ(tree(dir / "victim"), std::vector<std::string>{"precious.txt"}) << c.output << s.output;
  EXPECT_EQ(read_file(dir / "victim" / "precious.txt"), "mine");
  if (c.code == 0 || c.code == 4) {
    EXPECT_TRUE(fs::is_regular_file(dir / "w" / "out" / "calibrate-.._.._victim" / "calibration.csv")) << c.output;
  }
  if (s.code == 0) {
    EXPECT_TRUE(fs::is_regular_file(dir / "w" / "out" / "sweep-.._.._victim" / "bands.csv")) << s.output;
  }
}

TEST(Robustness, D1_CompareNamesStayInsideOut) {
  const fs::path dir = scratch();
  write_file(dir / "escape" / "precious.txt", "mine");
  const auto r = run_in(dir, "compare '" + kReference + "' '" + kReference + "' --years 2015 --threads 1 --out cmp" +
                                 " --set 'scenario.name=\"../escape\"'");
  EXPECT_EQ(tree(dir / "escape"), std::vector<std::string>{"precious.txt"}) << r.output;
  if (r.code == 0) {
    EXPECT_TRUE(fs::is_regular_file(dir / "cmp" / ".._escape" / "series.csv")) << r.output;
    EXPECT_TRUE(fs::is_regular_file(dir / "cmp" / ".._escape-2" / "series.csv")) << r.output;
  } else {
    EXPECT_EQ(r.code, 2) << r.output;
  }
}

// --- D4: existing outputs ---------------------------------------------------------------------

TEST(Robustness, D4_OutIsPlainFileRefused) {
  const fs::path dir = scratch();
  write_file(dir / "notes.txt", "my notes");
  for (const char* force : {"", " --force"}) {
    const auto r = run_in(dir, "run '" + kReference + "' -q --out notes.txt" + force);
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_TRUE(has(r.output, "notes.txt") && has(r.output, "is a file")) << r.output;
    EXPECT_EQ(read_file(dir / "notes.txt"), "my notes");
    EXPECT_EQ(tree(dir), std::vector<std::string>{"notes.txt"});
  }
}

TEST(Robustness, D4_OutNonLightindFolderRefused) {
  const fs::path dir = scratch();
  write_file(dir / "mydocs" / "letter.txt", "dear");
  const auto r = run_in(dir, "run '" + kReference + "' -q --out mydocs");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "mydocs") && has(r.output, "letter.txt") && has(r.output, "--force")) << r.output;
  EXPECT_EQ(tree(dir), (std::vector<std::string>{"mydocs", "mydocs/letter.txt"}));
  // compare, calibrate and sweep refuse it too, before running anything.
  const auto c = run_in(dir, "compare '" + kReference + "' --out mydocs");
  EXPECT_EQ(c.code, 2) << c.output;
  EXPECT_FALSE(has(c.output, "running")) << c.output;
  const auto k = run_in(dir, "calibrate '" + kReference + "' --targets '" + kTargets + "' --out mydocs");
  EXPECT_EQ(k.code, 2) << k.output;
  const auto s = run_in(dir, "sweep '" + kReference + "' --runs 1 -q --out mydocs");
  EXPECT_EQ(s.code, 2) << s.output;
  EXPECT_EQ(tree(dir), (std::vector<std::string>{"mydocs", "mydocs/letter.txt"}));
  EXPECT_EQ(read_file(dir / "mydocs" / "letter.txt"), "dear");
}

TEST(Robustness, D4_ForceReplaces) {
  const fs::path dir = scratch();
  write_file(dir / "mydocs" / "letter.txt", "dear");
  const auto r = run_in(dir, "run '" + kReference + "' -q --out mydocs --force");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_FALSE(fs::exists(dir / "mydocs" / "letter.txt"));
  EXPECT_TRUE(fs::is_regular_file(dir / "mydocs" / "series.csv"));
  EXPECT_EQ(read_file(dir / "mydocs" / ".lightind-run").substr(0, 9), "lightind ");
}

TEST(Robustness, D4_OwnRunFolderReplaced) {
  const fs::path dir = scratch();
  ASSERT_EQ(run_in(dir, "run '" + kReference + "' -q").code, 0);
  const std::string marker = read_file(dir / "out" / "dprk-2013" / ".lightind-run");
  EXPECT_TRUE(marker.rfind("lightind ", 0) == 0 && has(marker, " run\n")) << marker;
  const auto r = run_in(dir, "run '" + kReference + "' -q --seed 7");  // replaces its own folder
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(has(read_file(dir / "out" / "dprk-2013" / "summary.json"), "\"seed\": 7,")) << r.output;
  EXPECT_EQ(tree(dir / "out").size(), 6u);  // the folder, its marker and four files; no leftovers
  // An empty folder is used as it is.
  fs::create_directories(dir / "empty");
  EXPECT_EQ(run_in(dir, "run '" + kReference + "' -q --out empty").code, 0);
}

TEST(Robustness, D4_ReportAndAccountsRefuseForeignFiles) {
  const fs::path dir = scratch();
  ASSERT_EQ(run_in(dir, "run '" + kReference + "' -q --out run").code, 0);
  write_file(dir / "page.html", "<p>mine</p>");
  write_file(dir / "table.csv", "mine");
  const auto r = run_in(dir, "report run --out page.html");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "page.html") && has(r.output, "--force")) << r.output;
  EXPECT_EQ(read_file(dir / "page.html"), "<p>mine</p>");
  const auto a = run_in(dir, "accounts run --month 2016-03 --out table.csv");
  EXPECT_EQ(a.code, 2) << a.output;
  EXPECT_EQ(read_file(dir / "table.csv"), "mine");
  // lightind's own report and table are overwritten; --force overwrites another file.
  ASSERT_EQ(run_in(dir, "report run --out own.html").code, 0);
  EXPECT_EQ(run_in(dir, "report run --out own.html").code, 0);
  ASSERT_EQ(run_in(dir, "accounts run --month 2016-03 --out own.csv").code, 0);
  EXPECT_EQ(run_in(dir, "accounts run --month 2016-04 --out own.csv").code, 0);
  EXPECT_EQ(run_in(dir, "accounts run --month 2016-03 --out table.csv --force").code, 0);
  EXPECT_EQ(read_file(dir / "table.csv").substr(0, 5), "flow,");
  EXPECT_EQ(run_in(dir, "accounts run --month 2016-03 --out run").code, 2);  // a folder is never replaced by a file
}

// --- D8: full disks, killed runs --------------------------------------------------------------

/// A folder where every write fails: a 64 KiB tmpfs filled up (ENOSPC), when this process may
/// mount; otherwise a plain folder with the command run under `ulimit -f 0` (EFBIG).
struct FullDisk {
  fs::path dir;
  std::string prefix, reason;
  bool mounted = false;
  explicit FullDisk(const fs::path& scratch) : dir(scratch / "full") {
    fs::create_directories(dir);
    if (::geteuid() == 0 && ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") == 0) {
      mounted = true;
      reason = "No space left on device";
      std::ofstream f(dir / "filler", std::ios::binary);
      const std::string block(4096, 'x');
      for (int i = 0; i < 64 && f; ++i) f << block << std::flush;
    } else {
      prefix = "trap '' XFSZ; ulimit -f 0; ";
      reason = "File too large";
    }
  }
  ~FullDisk() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
  std::vector<std::string> left() const {  // what the command left, besides the filler
    auto t = tree(dir);
    t.erase(std::remove(t.begin(), t.end(), "filler"), t.end());
    return t;
  }
};

/// `lightind ARGS`, run in `dir` with the disk under dir/full full, writing `target` there:
/// it fails naming the target and the system's reason, and leaves nothing in dir/full.
void expect_full_disk_fails(const fs::path& dir, const std::string& args, const std::string& target) {
  const FullDisk full(dir);
  const auto r = run_in(dir, args, full.prefix);
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_TRUE(has(r.output, target) && has(r.output, full.reason)) << r.output;
  EXPECT_TRUE(full.left().empty()) << testing::PrintToString(full.left());
}

TEST(Robustness, D8_AccountsFullDiskFails) {
  const fs::path dir = scratch();
  ASSERT_EQ(run_in(dir, "run '" + kReference + "' -q --out run").code, 0);
  const auto d = run_in(dir, "accounts run --month 2016-03 --out /dev/full");
  EXPECT_NE(d.code, 0) << d.output;
  EXPECT_TRUE(has(d.output, "/dev/full") && has(d.output, "No space left on device")) << d.output;

  expect_full_disk_fails(dir, "accounts run --month 2016-03 --out full/acc.csv", "full/acc.csv");
}

TEST(Robustness, D8_ReportFullDiskLeavesNoTemp) {
  const fs::path dir = scratch();
  ASSERT_EQ(run_in(dir, "run '" + kReference + "' -q --out run").code, 0);
  expect_full_disk_fails(dir, "report run --out full/report.html", "full/report.html");
}

TEST(Robustness, D8_RunFullDiskLeavesNoFolder) {
  const fs::path dir = scratch();
  expect_full_disk_fails(dir, "run '" + kReference + "' -q --out full/run", "full/run");
}

TEST(Robustness, D8_StaleTempCleanedOnNextRun) {
  const fs::path dir = scratch();
  const std::string pid = std::to_string(dead_pid());
  write_file(dir / "out" / ("run.lightind-tmp-" + pid) / "series.csv", "half");
  write_file(dir / "out" / ("run.lightind-old-" + pid) / "series.csv", "old");
  write_file(dir / "out" / ("run.tmp-" + pid) / "series.csv", "half, older version");
  write_file(dir / "out" / ("report.html.lightind-tmp-" + pid), "<html");
  write_file(dir / "out" / ("report.html.tmp-" + pid), "<html");
  write_file(dir / "out" / ("runs.tmp-" + pid), "not ours: another name");
  ASSERT_EQ(run_in(dir, "run '" + kReference + "' -q --out out/run").code, 0);
  ASSERT_EQ(run_in(dir, "report out/run --out out/report.html").code, 0);
  const std::vector<std::string> expected{"report.html",         "run",
                                          "run/.lightind-run",   "run/accounts.csv",
                                          "run/results.sqlite", "run/series.csv",
                                          "run/summary.json",   "runs.tmp-" + pid};
  auto got = tree(dir / "out");  // SQLite's -wal/-shm beside the database (report reads it) do not count
  got.erase(std::remove_if(got.begin(), got.end(),
                           [](const std::string& p) { return p.rfind("run/results.sqlite-", 0) == 0; }),
            got.end());
  EXPECT_EQ(got, expected);
}

TEST(Robustness, D8_KilledWhileWritingTheMarker) {
  // A sweep killed while it wrote the folder's marker left only the marker's temporary file;
  // the resume refused the folder as "not a lightind output folder" (SweepCli.KillAndResume
  // under load).
  const fs::path dir = scratch();
  const std::string pid = std::to_string(dead_pid());
  write_file(dir / "out" / "run" / (".lightind-run.lightind-tmp-" + pid), "lightind");
  const auto r = run_in(dir, "run '" + kReference + "' -q --out out/run");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "run" / ".lightind-run"));
  EXPECT_FALSE(fs::exists(dir / "out" / "run" / (".lightind-run.lightind-tmp-" + pid)));
}

TEST(Robustness, D8_LiveTempKept) {
  const fs::path dir = scratch();
  const std::string live = std::to_string(::getpid());  // this test: alive
  const std::string dead = std::to_string(dead_pid());
  write_file(dir / "out" / ("run.lightind-tmp-" + live) / "series.csv", "being written");
  write_file(dir / "out" / "sub" / ("bands.csv.lightind-tmp-" + live), "being written");
  write_file(dir / "out" / "sub" / ("bands.csv.lightind-tmp-" + dead), "stale");
  write_file(dir / "out" / ("x.lightind-old-" + dead) / "series.csv", "stale");
  write_file(dir / "out" / ("notes.tmp-" + dead), "not lightind's name");
  ASSERT_EQ(run_in(dir, "run '" + kReference + "' -q --out out/run").code, 0);
  EXPECT_TRUE(fs::exists(dir / "out" / ("run.lightind-tmp-" + live) / "series.csv"));
  const auto c = run_in(dir, "clean out");
  ASSERT_EQ(c.code, 0) << c.output;
  EXPECT_TRUE(has(c.output, "bands.csv.lightind-tmp-" + dead) && has(c.output, "x.lightind-old-" + dead) &&
              has(c.output, "2 stale temporary items removed"))
      << c.output;
  EXPECT_TRUE(fs::exists(dir / "out" / ("run.lightind-tmp-" + live) / "series.csv"));
  EXPECT_TRUE(fs::exists(dir / "out" / "sub" / ("bands.csv.lightind-tmp-" + live)));
  EXPECT_FALSE(fs::exists(dir / "out" / "sub" / ("bands.csv.lightind-tmp-" + dead)));
  EXPECT_FALSE(fs::exists(dir / "out" / ("x.lightind-old-" + dead)));
  EXPECT_TRUE(fs::exists(dir / "out" / ("notes.tmp-" + dead)));
  EXPECT_TRUE(fs::is_regular_file(dir / "out" / "run" / "series.csv"));
}

}  // namespace
}  // namespace lightind
