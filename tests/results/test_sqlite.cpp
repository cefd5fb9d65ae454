// Tests of the SQLite results database.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "lightind/results.hpp"
#include "lightind/version.hpp"
#include "results/results_fixture.hpp"
#include "results/sqlite.hpp"

namespace lightind {
namespace {

using testing_results::scratch_dir;
using testing_results::small_description;
using testing_results::small_run;

/// A read connection for the checks (through the one SQLite wrapper; errors throw).
class Reader {
 public:
  explicit Reader(const std::string& path) : db_(path) {}

  /// The first column of the first row as text ("NULL" for NULL, "" when no row).
  std::string text(const std::string& sql) {
    detail::sqlite::Stmt s(db_, sql.c_str());
    return s.row() ? (s.null(0) ? "NULL" : s.text(0)) : "";
  }
  long long integer(const std::string& sql) { return std::stoll(text(sql)); }
  double real(const std::string& sql) {
    detail::sqlite::Stmt s(db_, sql.c_str());
    return s.row() ? s.real(0) : -1;
  }
  void exec(const std::string& sql) { db_.exec(sql.c_str(), sql); }

 private:
  detail::sqlite::Db db_;
};

TEST(Sqlite, RowsAndValuesReadBack) {
  const auto db = (scratch_dir() / "results.sqlite").string();
  EXPECT_EQ(write_sqlite(small_run(), small_description(), db), 1);
  Reader q(db);
  EXPECT_EQ(q.integer("SELECT count(*) FROM runs"), 1);
  EXPECT_EQ(q.integer("SELECT count(*) FROM series"), 10);
  EXPECT_EQ(q.integer("SELECT count(*) FROM events"), 1);
  EXPECT_EQ(q.text("SELECT scenario || '|' || title || '|' || seed || '|' || scenario_file || '|' || start || '|' || "
                   "\"end\" || '|' || settings || '|' || wall_seconds FROM runs"),
            "reference|Reference: light industry first|42|scenarios/reference.toml|2012-11|2013-01||1.5");
  EXPECT_EQ(q.text("SELECT version FROM runs"), version());
  EXPECT_EQ(q.text("SELECT source_commit FROM runs"), source_commit());
  EXPECT_NE(q.text("SELECT created_at FROM runs"), "NULL");
  EXPECT_EQ(q.integer("SELECT count(*) FROM series WHERE sector IS NULL AND region IS NULL"), 6);
  EXPECT_DOUBLE_EQ(q.real("SELECT value FROM series WHERE sector = 'textiles' AND region = 'north'"), 3.25);
  EXPECT_DOUBLE_EQ(q.real("SELECT value FROM series WHERE run_id = 1 AND indicator = 'light_output_index' AND "
                          "date = '2013-01'"),
                   1.0 / 3.0);
  EXPECT_EQ(q.text("SELECT value FROM series WHERE date = '2013-01' AND sector = 'grain'"), "NULL");  // NaN
  EXPECT_EQ(q.text("SELECT run_id || '|' || date || '|' || kind || '|' || subject || '|' || text FROM events"),
            "1|2012-12|policy_change|state|Wages raised, by 10%");
  EXPECT_EQ(q.text("PRAGMA journal_mode"), "delete");  // left in rollback mode: readers need no WAL files
  EXPECT_EQ(q.integer("PRAGMA user_version"), 1);
  EXPECT_EQ(q.text("SELECT substr(checksum, 1, 8) || length(checksum) FROM runs"), "fnv1a64:41");
  EXPECT_EQ(q.text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'series'"),
            "series_run_indicator_date");
}

TEST(Sqlite, SecondRunGetsTheNextId) {
  const auto db = (scratch_dir() / "results.sqlite").string();
  EXPECT_EQ(write_sqlite(small_run(), small_description(), db), 1);
  RunResult other = small_run();
  other.seed = 43;
  EXPECT_EQ(write_sqlite(other, small_description(), db), 2);
  Reader q(db);
  EXPECT_EQ(q.integer("SELECT count(*) FROM series WHERE run_id = 2"), 10);
  EXPECT_EQ(q.integer("SELECT seed FROM runs WHERE run_id = 2"), 43);
  EXPECT_EQ(q.integer("SELECT count(*) FROM events"), 2);
}

TEST(Sqlite, FailureMidwayLeavesNoRowsOfTheRun) {
  const auto db = (scratch_dir() / "results.sqlite").string();
  ASSERT_EQ(write_sqlite(small_run(), small_description(), db), 1);
  {
    Reader q(db);
    // The second run fails on its first "output" row, after its runs row and one series row.
    q.exec("CREATE TRIGGER boom BEFORE INSERT ON series WHEN NEW.run_id > 1 AND NEW.indicator = 'output' "
           "BEGIN SELECT RAISE(ABORT, 'boom on output'); END");
  }
  try {
    (void)write_sqlite(small_run(), small_description(), db);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("boom on output"), std::string::npos) << what;
    EXPECT_NE(what.find(db), std::string::npos) << what;
  }
  Reader q(db);
  EXPECT_EQ(q.integer("SELECT count(*) FROM runs"), 1);
  EXPECT_EQ(q.integer("SELECT count(*) FROM runs WHERE run_id > 1"), 0);
  EXPECT_EQ(q.integer("SELECT count(*) FROM series WHERE run_id > 1"), 0);
  EXPECT_EQ(q.integer("SELECT count(*) FROM series"), 10);
  EXPECT_EQ(q.integer("SELECT count(*) FROM events"), 1);
  // The database is still usable: the next good run gets id 2.
  q.exec("DROP TRIGGER boom");
  EXPECT_EQ(write_sqlite(small_run(), small_description(), db), 2);
}

TEST(Sqlite, UnopenablePathNamesIt) {
  const auto dir = scratch_dir();
  const std::string db = (dir / "no" / "such" / "folder" / "results.sqlite").string();
  try {
    (void)write_sqlite(small_run(), small_description(), db);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(db), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lightind
