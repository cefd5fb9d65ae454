// Tests of write_run_dir: the folder appears whole or not at all.
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "lightind/profile.hpp"
#include "lightind/results.hpp"
#include "results/results_fixture.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using testing_results::scratch_dir;
using testing_results::read_file;
using testing_results::small_description;
using testing_results::small_run;

/// Names in `dir` other than `keep`: leftovers such as "run.tmp-123" or "run.old-123".
std::vector<std::string> others(const fs::path& dir, const std::string& keep) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != keep) out.push_back(e.path().filename().string());
  return out;
}

TEST(ResultsRunDir, WritesFourFilesAndCreatesParents) {
  const auto base = scratch_dir();
  const fs::path dir = base / "a" / "b" / "run";
  write_run_dir(small_run(), small_description(), dir.string());
  for (const char* f : {"series.csv", "summary.json", "results.sqlite", "accounts.csv"})
    EXPECT_TRUE(fs::is_regular_file(dir / f)) << f;
  EXPECT_TRUE(others(dir.parent_path(), "run").empty());
  EXPECT_EQ(read_file(dir / "series.csv").substr(0, 48), "date,scenario,run,indicator,sector,region,value\n");
  EXPECT_NE(godley_tables(dir.string(), "2012-12").find("wages,200,-200,0,0,0,0\n"), std::string::npos);
}

TEST(ResultsRunDir, ReplacesItsOwnFolderOnly) {
  const auto base = scratch_dir();
  const fs::path dir = base / "run";
  fs::create_directories(dir);
  std::ofstream(dir / "stale.txt") << "old";
  // Not lightind's (no marker): refused, left as it was; replaced when forced.
  EXPECT_THROW(write_run_dir(small_run(), small_description(), dir.string()), OutputRefused);
  EXPECT_EQ(read_file(dir / "stale.txt"), "old");
  write_run_dir(small_run(), small_description(), dir.string(), /*force=*/true);
  EXPECT_FALSE(fs::exists(dir / "stale.txt"));
  // Now lightind's: replaced without force.
  std::ofstream(dir / "stale.txt") << "old";
  write_run_dir(small_run(), small_description(), (dir.string() + "/"));  // a trailing slash is fine
  EXPECT_FALSE(fs::exists(dir / "stale.txt"));
  EXPECT_TRUE(fs::is_regular_file(dir / "series.csv"));
  EXPECT_EQ(read_file(dir / ".lightind-run").substr(0, 9), "lightind ");
  EXPECT_TRUE(others(base, "run").empty());
}

TEST(ResultsRunDir, ParentThatIsAFileLeavesNothing) {
  const auto base = scratch_dir();
  std::ofstream(base / "file") << "x";
  EXPECT_THROW(write_run_dir(small_run(), small_description(), (base / "file" / "run").string()),
               std::filesystem::filesystem_error);
  EXPECT_TRUE(others(base, "file").empty());
}

TEST(ResultsRunDir, FailingWriterLeavesNoFolderAndKeepsTheOldOne) {
  const auto base = scratch_dir();
  RunResult bad = small_run();
  bad.goods.pop_back();  // accounts.csv, the last file, refuses: series, summary and db are written by then
  EXPECT_THROW(write_run_dir(bad, small_description(), (base / "run").string()), std::runtime_error);
  EXPECT_TRUE(others(base, "").empty());

  fs::create_directories(base / "kept");
  std::ofstream(base / "kept" / ".lightind-run") << "lightind 0 run\n";  // a lightind folder: it may be replaced
  std::ofstream(base / "kept" / "marker") << "m";
  bad = small_run();
  bad.series.month[3] = -1;  // the first file refuses
  EXPECT_THROW(write_run_dir(bad, small_description(), (base / "kept").string()), std::runtime_error);
  EXPECT_EQ(read_file(base / "kept" / "marker"), "m");
  EXPECT_TRUE(others(base, "kept").empty());
}

TEST(ResultsRunDir, TextFilesWrittenAlongsideAreTheSameAsOneAfterTheOther) {
  // threads 0: the text files on a second thread while results.sqlite is written (on a
  // machine with more than one core); threads 1: one file after the other.
  const auto base = scratch_dir();
  write_run_dir(small_run(), small_description(), (base / "one").string(), false, nullptr, 1);
  Profile profile;
  write_run_dir(small_run(), small_description(), (base / "two").string(), false, &profile, 0);
  for (const char* f : {"series.csv", "summary.json", "accounts.csv", "results.sqlite"})
    EXPECT_EQ(read_file(base / "one" / f), read_file(base / "two" / f)) << f;
  // Every writer is in the profile once, on whichever thread it ran.
  size_t writers = 0;
  for (const Profile::Entry& e : profile.entries)
    for (const char* f : {"series.csv", "summary.json", "accounts.csv", "results.sqlite"})
      if (e.name == std::string("write/") + f || e.name == std::string("alongside/") + f) ++writers;
  EXPECT_EQ(writers, 4u);
}

TEST(ResultsRunDir, FailingWriterOnOneThreadLeavesNoFolder) {
  const auto base = scratch_dir();
  RunResult bad = small_run();
  bad.goods.pop_back();  // accounts.csv refuses
  EXPECT_THROW(write_run_dir(bad, small_description(), (base / "run").string(), false, nullptr, 1), std::runtime_error);
  EXPECT_TRUE(others(base, "").empty());
}

}  // namespace
}  // namespace lightind
