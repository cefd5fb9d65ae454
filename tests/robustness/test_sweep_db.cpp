// Issue 10, defects 7 and 11: a damaged sweep database is refused before a resume writes
// bands from it (and by `report`), and `report` reads databases read-only without leaving
// -wal/-shm files beside them, on read-only media too.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "results/sqlite.hpp"
#include "sweep/sweep_test_util.hpp"

namespace lightind {
namespace {

using namespace sweep_test;
namespace fs = std::filesystem;

/// Three finished runs of a short scenario in DIR/pristine.sqlite, their bands in
/// DIR/pristine/bands.csv.
fs::path pristine_sweep(const fs::path& dir) {
  const fs::path db = dir / "pristine.sqlite";
  const auto r = run_cli("sweep scenarios/dprk-2013.toml --runs 3 --seed 5 --threads 2 -q " + kQuick + " --db '" +
                         db.string() + "' --out '" + (dir / "pristine").string() + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "pristine" / "bands.csv"));
  return db;
}

/// `lightind sweep` of the same grid on `db`, bands into `out` (all runs are finished: a resume).
cli_test::Result resume(const fs::path& db, const fs::path& out) {
  return run_cli("sweep scenarios/dprk-2013.toml --runs 3 --seed 5 --threads 2 -q " + kQuick + " --db '" +
                 db.string() + "' --out '" + out.string() + "'");
}

void flip_bit(const fs::path& file, std::uint64_t offset, int bit) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f) << file;
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.get(c);
  c = static_cast<char>(c ^ (1 << bit));
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(c);
}

/// Runs SQL on a database (read-write).
void exec_sql(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

/// A copy of `pristine` at `to` with `sql` run on it: a database altered behind lightind's back.
fs::path altered_copy(const fs::path& pristine, const fs::path& to, const std::string& sql) {
  fs::copy_file(pristine, to);
  exec_sql(to, sql);
  return to;
}

/// Byte offsets of `text` in the table-leaf pages (b-tree page type 13) of the database,
/// page 1 left out: places where a flipped bit changes a stored row but leaves a valid file.
std::vector<std::uint64_t> offsets_in_table_rows(const fs::path& db, const std::string& text) {
  const std::string bytes = read_file(db);
  const auto page_size = static_cast<std::uint64_t>((static_cast<unsigned char>(bytes[16]) << 8) |
                                                    static_cast<unsigned char>(bytes[17]));
  std::vector<std::uint64_t> out;
  for (size_t at = bytes.find(text, page_size); at != std::string::npos; at = bytes.find(text, at + 1))
    if (bytes[at / page_size * page_size] == 13) out.push_back(at);
  return out;
}

/// A shell command's exit status and output (stdout and stderr).
cli_test::Result shell(const std::string& cmd) { return test_util::run_shell(cmd + " 2>&1"); }

/// The files of a folder, sorted.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Robustness, D7_ResumeRefusesABitFlippedDatabase) {
  const fs::path dir = scratch_dir();
  const fs::path pristine = pristine_sweep(dir);
  const std::string bands = read_file(dir / "pristine" / "bands.csv");
  ASSERT_GT(bands.size(), 100000u);

  // One flipped bit in a stored value (a digit 0 before a comma of a series' packed values
  // becomes 1): a valid SQLite file that quick_check passes, a run that is no longer what was
  // written.
  const auto dates = offsets_in_table_rows(pristine, "0,");
  ASSERT_GT(dates.size(), 100u);
  {
    const fs::path db = dir / "date.sqlite";
    fs::copy_file(pristine, db);
    flip_bit(db, dates[dates.size() / 2], 0);
    const auto r = resume(db, dir / "date");
    EXPECT_NE(r.code, 0) << r.output;
    EXPECT_NE(r.output.find(db.string() + " is damaged"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("fail their checksum"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("move the file aside"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "date" / "bands.csv"));
    EXPECT_TRUE(!fs::exists(dir / "date") || listing(dir / "date").empty());

    // `report` refuses the same file (exit 2: input rejected) and writes nothing.
    const auto rep = run_cli("report '" + db.string() + "' --out '" + (dir / "date.html").string() + "'");
    EXPECT_EQ(rep.code, 2) << rep.output;
    EXPECT_NE(rep.output.find(db.string() + " is damaged"), std::string::npos) << rep.output;
    EXPECT_FALSE(fs::exists(dir / "date.html"));
  }

  // Ten trials of five bits flipped at random places past page 1 (fixed seeds): each resume
  // is refused with no bands.csv, or writes exactly the bands of the intact file (the bits
  // fell where nothing a band reads is stored).
  const auto size = fs::file_size(pristine);
  int refused = 0;
  for (int trial = 0; trial < 10; ++trial) {
    const fs::path db = dir / fmt::format("trial{}.sqlite", trial);
    const fs::path out = dir / fmt::format("trial{}", trial);
    fs::copy_file(pristine, db);
    std::mt19937_64 rng(static_cast<std::uint64_t>(trial) + 1);
    std::uniform_int_distribution<std::uint64_t> at(16384, size - 1);
    std::uniform_int_distribution<int> bit(0, 7);
    for (int k = 0; k < 5; ++k) flip_bit(db, at(rng), bit(rng));
    const auto r = resume(db, out);
    if (r.code != 0) {
      ++refused;
      EXPECT_NE(r.output.find("is damaged"), std::string::npos) << "trial " << trial << ": " << r.output;
      EXPECT_FALSE(fs::exists(out / "bands.csv")) << "trial " << trial;
    } else {
      EXPECT_TRUE(read_file(out / "bands.csv") == bands) << "trial " << trial << ": wrong bands written with exit 0";
    }
  }
  EXPECT_GE(refused, 5);
  std::printf("bit-flip trials: %d of 10 refused, the others wrote the intact bands\n", refused);
}

TEST(Robustness, D7_RowsChangedBySqlFailTheChecksum) {
  const fs::path dir = scratch_dir();
  const fs::path pristine = pristine_sweep(dir);

  // A value of run 2 changed by SQL: a valid database, a wrong number.
  const fs::path value = altered_copy(pristine, dir / "value.sqlite",
      "UPDATE series_values SET vals = json_set(vals, '$[0]', json_extract(vals, '$[0]') * 1.01) WHERE rowid = "
      "(SELECT min(rowid) FROM series_values WHERE run_id = 2 AND indicator = 'gdp_real' AND sector IS NULL "
      "AND region IS NULL)");
  auto r = resume(value, dir / "value");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("1 of 3 runs fail their checksum: run 2 (dprk-2013, seed "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("its series rows do not match the checksum written with it"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "value" / "bands.csv"));
  auto rep = run_cli("report '" + value.string() + "' --out '" + (dir / "value.html").string() + "'");
  EXPECT_EQ(rep.code, 2) << rep.output;
  EXPECT_NE(rep.output.find("1 of 3 runs fail their checksum: run 2"), std::string::npos) << rep.output;
  EXPECT_FALSE(fs::exists(dir / "value.html"));

  // A deleted row.
  const fs::path gone = altered_copy(pristine, dir / "gone.sqlite",
      "DELETE FROM series_values WHERE rowid = (SELECT max(rowid) FROM series_values WHERE run_id = 3)");
  r = resume(gone, dir / "gone");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("fail their checksum: run 3"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "gone" / "bands.csv"));

  // Two markers swapped (each run key now points at another seed's rows).
  const fs::path swapped = altered_copy(pristine, dir / "swapped.sqlite",
      "UPDATE sweep_runs SET run_id = -1 WHERE run_id = 1; UPDATE sweep_runs SET run_id = 1 WHERE run_id = 2; "
      "UPDATE sweep_runs SET run_id = 2 WHERE run_id = -1");
  r = resume(swapped, dir / "swapped");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("2 of 3 finished-run markers (sweep_runs) fail their checksum"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "swapped" / "bands.csv"));

  // The intact file resumes (nothing to run) and gives the same bands.
  const fs::path same = dir / "same.sqlite";
  fs::copy_file(pristine, same);
  r = resume(same, dir / "same");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(read_file(dir / "same" / "bands.csv") == read_file(dir / "pristine" / "bands.csv"));
}

TEST(Robustness, D7_SchemaVersionIsCheckedAndOldFilesStillRead) {
  const fs::path dir = scratch_dir();
  const fs::path pristine = pristine_sweep(dir);
  EXPECT_EQ(query_int(pristine, "PRAGMA user_version"), detail::results_db::kSchemaVersion);
  EXPECT_EQ(query_int(pristine, "SELECT count(*) FROM runs WHERE checksum LIKE 'fnv1a64:%'"), 3);
  EXPECT_EQ(query_int(pristine, "SELECT count(*) FROM sweep_runs WHERE checksum LIKE 'fnv1a64:%'"), 3);

  // A version this build does not know is refused, with the version in the message.
  const fs::path newer = altered_copy(pristine, dir / "newer.sqlite",
      "PRAGMA user_version = 7");
  auto r = resume(newer, dir / "newer");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("schema version 7 (PRAGMA user_version) is not one this lightind knows"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "newer" / "bands.csv"));
  r = run_cli("report '" + newer.string() + "' --out '" + (dir / "newer.html").string() + "'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("schema version 7"), std::string::npos) << r.output;

  // A file of an older schema (here version 1: one row per value, as lightind wrote before
  // issue 16) is still read by `report`, but a sweep does not resume it: it says so and
  // leaves it as it was.
  // The tidy table the older lightind wrote, from the view of the same rows, in their order.
  const fs::path old = altered_copy(pristine, dir / "old.sqlite",
      "CREATE TABLE series_tidy AS SELECT * FROM series; DROP VIEW series; DROP TABLE series_values; "
      "ALTER TABLE series_tidy RENAME TO series; UPDATE runs SET checksum = NULL; "
      "UPDATE sweep_runs SET checksum = NULL; PRAGMA user_version = 1");
  r = run_cli("report '" + old.string() + "' --out '" + (dir / "old.html").string() + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  r = resume(old, dir / "old");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find(old.string() + ": schema version 1 (one row per value, written by an older lightind) "
                          "cannot take new runs"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "old" / "bands.csv"));
  EXPECT_EQ(query_int(old, "PRAGMA user_version"), 1);
  EXPECT_EQ(query_int(old, "SELECT count(*) FROM series"), query_int(pristine, "SELECT count(*) FROM series"));
}

/// A copy of the pristine database left in WAL mode with no -wal file (as an older lightind,
/// or a sweep whose last connection could not switch, leaves it).
fs::path wal_copy(const fs::path& pristine, const fs::path& to) {
  fs::create_directories(to.parent_path());
  altered_copy(pristine, to, "PRAGMA journal_mode=WAL");
  const std::string head = read_file(to).substr(0, 20);
  EXPECT_EQ(head[18], 2);  // WAL mode in the header
  EXPECT_FALSE(fs::exists(to.string() + "-wal"));
  return to;
}

TEST(Robustness, D11_ReportLeavesNoWalFiles) {
  const fs::path dir = scratch_dir();
  const fs::path pristine = pristine_sweep(dir);
  // The sweep leaves its database in rollback-journal mode: readers need no WAL files.
  EXPECT_EQ(read_file(pristine).substr(18, 2), std::string("\x01\x01", 2));
  EXPECT_EQ(listing(dir), (std::vector<std::string>{"pristine", "pristine.sqlite"}));

  const fs::path wal = wal_copy(pristine, dir / "wal" / "results.sqlite");
  for (const fs::path& db : {pristine, wal}) {
    const auto r = run_cli("report '" + db.string() + "' --out '" + (dir / "r.html").string() + "'");
    EXPECT_EQ(r.code, 0) << r.output;
    EXPECT_FALSE(fs::exists(db.string() + "-wal")) << db;
    EXPECT_FALSE(fs::exists(db.string() + "-shm")) << db;
  }
  EXPECT_EQ(listing(dir / "wal"), std::vector<std::string>{"results.sqlite"});

  // The connection the report reads through is read-only.
  sqlite3* h = detail::results_db::open_readonly(wal.string());
  EXPECT_EQ(sqlite3_db_readonly(h, "main"), 1);
  EXPECT_EQ(sqlite3_exec(h, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) & 0xff, SQLITE_READONLY);
  sqlite3_close(h);
  EXPECT_EQ(listing(dir / "wal"), std::vector<std::string>{"results.sqlite"});
}

TEST(Robustness, D11_ReportReadOnlyMedia) {
  const fs::path dir = scratch_dir();
  const fs::path pristine = pristine_sweep(dir);
  const fs::path wal = wal_copy(pristine, dir / "src" / "results.sqlite");
  const fs::path mnt = dir / "mnt";
  fs::create_directories(mnt);
  // A read-only tmpfs in a private mount namespace (gone when the shell exits); where that is
  // not permitted, a folder without write permission (effective for a user other than root).
  const std::string script = fmt::format(
      "unshare -m sh -c 'mount -t tmpfs -o size=64m tmpfs \"$1\" && cp \"$2\" \"$1/results.sqlite\" && "
      "mount -o remount,ro \"$1\" || exit 97; if touch \"$1/probe\" 2>/dev/null; then exit 98; fi; "
      "\"$3\" report \"$1/results.sqlite\" --out \"$4\"; rc=$?; echo files: $(ls -A \"$1\"); exit $rc' sh '{}' '{}' "
      "'{}' '{}'",
      mnt.string(), wal.string(), LIGHTIND_CLI, (dir / "ro.html").string());
  auto r = shell(script);
  if (r.code == 97 || r.code == 127 || (r.code == 1 && r.output.find("unshare") != std::string::npos)) {
    ASSERT_NE(geteuid(), 0u) << "no read-only mount possible here and root ignores permissions: " << r.output;
    fs::permissions(dir / "src", fs::perms::owner_read | fs::perms::owner_exec);
    r = run_cli("report '" + wal.string() + "' --out '" + (dir / "ro.html").string() + "'");
    fs::permissions(dir / "src", fs::perms::owner_all);
    EXPECT_EQ(listing(dir / "src"), std::vector<std::string>{"results.sqlite"});
  } else {
    EXPECT_NE(r.code, 98) << "the mount is writable: " << r.output;
    EXPECT_NE(r.output.find("files: results.sqlite\n"), std::string::npos) << r.output;
  }
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("wrote " + (dir / "ro.html").string() + " "), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(dir / "ro.html"));
}

}  // namespace
}  // namespace lightind
