// Tests of the SQLite results database.
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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
  EXPECT_EQ(q.integer("PRAGMA user_version"), 2);
  EXPECT_EQ(q.text("SELECT substr(checksum, 1, 8) || length(checksum) FROM runs"), "fnv1a64:41");
  EXPECT_EQ(q.text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'series_values'"),
            "series_values_run_indicator");
  // One row per series, its values packed; `series` is the tidy view of them.
  EXPECT_EQ(q.text("SELECT type FROM sqlite_master WHERE name = 'series'"), "view");
  EXPECT_EQ(q.integer("SELECT count(*) FROM series_values"), 4);
  EXPECT_EQ(q.text("SELECT indicator || '|' || first_month || '|' || coalesce(month_list, 'NULL') || '|' || vals "
                   "FROM series_values WHERE sector = 'grain'"),
            "output|24154|NULL|[10.5,11.0,null]");
  EXPECT_EQ(q.text("SELECT typeof(value) FROM series WHERE indicator = 'output' AND date = '2012-12' AND sector IS "
                   "NULL"),
            "real");  // 200.0 stays a REAL, as in the tidy table
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
    // The second run fails on its first "output" row, after its runs row and one series_values row.
    q.exec("CREATE TRIGGER boom BEFORE INSERT ON series_values WHEN NEW.run_id > 1 AND NEW.indicator = 'output' "
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

TEST(Sqlite, PackKeepsEachSeriesInOrderWithItsMonths) {
  RunResult r = small_run();
  Series& s = r.series;
  const int output = s.indicator_id("output");
  s.add(YearMonth{2013, 3}.index(), output, -0.0, 1, 0);  // textiles/north: November, then March (a gap)
  s.add(YearMonth{2013, 4}.index(), output, 1e300, 1, 0);
  s.add(YearMonth{2013, 5}.index(), output, std::numeric_limits<double>::infinity(), 1, 0);
  const auto packed = detail::results_db::pack(s);
  ASSERT_EQ(packed.size(), 4U);
  EXPECT_EQ(packed[0].vals, "[1.0,2.0,0.3333333333333333]");  // shortest text that reads back exactly
  EXPECT_EQ(packed[0].month_list, "");                        // consecutive months: no list
  EXPECT_EQ(packed[0].first_month, (YearMonth{2012, 11}.index()));
  EXPECT_EQ(packed[1].vals, "[100.0,200.0,300.0]");
  EXPECT_EQ(packed[2].vals, "[10.5,11.0,null]");
  EXPECT_EQ(packed[3].sector, 1);
  EXPECT_EQ(packed[3].region, 0);
  EXPECT_EQ(packed[3].vals, "[3.25,-0.0,1e+300,null]");
  EXPECT_EQ(packed[3].month_list, "[24154,24158,24159,24160]");
  EXPECT_EQ(packed[3].rows, (std::vector<size_t>{3, 10, 11, 12}));

  std::vector<int> months;
  std::vector<double> values;
  ASSERT_TRUE(detail::results_db::unpack(packed[3].first_month, packed[3].month_list, packed[3].vals, months, values));
  EXPECT_EQ(months, (std::vector<int>{24154, 24158, 24159, 24160}));
  ASSERT_EQ(values.size(), 4U);
  EXPECT_EQ(values[0], 3.25);
  EXPECT_TRUE(values[1] == 0.0 && std::signbit(values[1]));
  EXPECT_EQ(values[2], 1e300);
  EXPECT_TRUE(std::isnan(values[3]));
  ASSERT_TRUE(detail::results_db::unpack(100, std::nullopt, packed[0].vals, months, values));
  EXPECT_EQ(months, (std::vector<int>{100, 101, 102}));
  EXPECT_EQ(values[2], 1.0 / 3.0);
}

TEST(Sqlite, UnpackRefusesWhatPackNeverWrites) {
  std::vector<int> months;
  std::vector<double> values;
  for (const char* bad : {"", "[", "1,2", "[1,,2]", "[1;2]", "[nul]", "[1,2", "[abc]", "[1,2,]"})
    EXPECT_FALSE(detail::results_db::unpack(0, std::nullopt, bad, months, values)) << bad;
  EXPECT_FALSE(detail::results_db::unpack(0, std::string_view("[1]"), "[1.0,2.0]", months, values));  // lengths differ
  EXPECT_FALSE(detail::results_db::unpack(0, std::string_view("[1.5]"), "[1.0]", months, values));    // not a month
  EXPECT_FALSE(detail::results_db::unpack(0, std::string_view("[null]"), "[1.0]", months, values));
  EXPECT_FALSE(detail::results_db::unpack(-1, std::nullopt, "[1.0]", months, values));  // month out of range
  EXPECT_TRUE(detail::results_db::unpack(0, std::nullopt, "[]", months, values));
  EXPECT_TRUE(values.empty());
}

/// A results database of schema version 1 (one row per value), as lightind wrote before
/// issue 16, with one run of two values.
void write_version_1(const std::string& path) {
  Reader q(path);
  q.exec(
      "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, title TEXT, seed INTEGER NOT NULL, "
      "version TEXT, source_commit TEXT, scenario_file TEXT, settings TEXT NOT NULL DEFAULT '', start TEXT, "
      "\"end\" TEXT, wall_seconds REAL, created_at TEXT DEFAULT CURRENT_TIMESTAMP, checksum TEXT);"
      "CREATE TABLE series(run_id INTEGER NOT NULL, date TEXT NOT NULL, indicator TEXT NOT NULL, sector TEXT, "
      "region TEXT, value REAL);"
      "CREATE TABLE events(run_id INTEGER NOT NULL, date TEXT, kind TEXT, subject TEXT, text TEXT);"
      "INSERT INTO runs(scenario, seed) VALUES ('old', 1);"
      "INSERT INTO series VALUES (1, '2013-01', 'gdp_real', NULL, NULL, 1.5), (1, '2013-02', 'gdp_real', NULL, "
      "NULL, 2.5);"
      "PRAGMA user_version = 1;");
}

TEST(Sqlite, OlderSchemaIsReadButTakesNoNewRuns) {
  const auto db = (scratch_dir() / "old.sqlite").string();
  write_version_1(db);
  try {
    (void)write_sqlite(small_run(), small_description(), db);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(db + ": schema version 1 (one row per value"), std::string::npos) << what;
    EXPECT_NE(what.find("write to a new file"), std::string::npos) << what;
  }
  Reader q(db);
  EXPECT_EQ(q.integer("PRAGMA user_version"), 1);  // left as it was
  EXPECT_EQ(q.integer("SELECT count(*) FROM runs"), 1);
  sqlite3* raw = detail::results_db::open_readonly(db);
  const auto sums = detail::results_db::verify(raw, db);  // read the old way: no checksum, no damage
  sqlite3_close(raw);
  EXPECT_EQ(sums.size(), 1U);
}

TEST(Sqlite, EmptyOlderFileBecomesVersion2) {
  const auto db = (scratch_dir() / "empty-old.sqlite").string();
  {
    Reader q(db);
    q.exec("CREATE TABLE runs(run_id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, title TEXT, seed INTEGER NOT NULL, "
           "version TEXT, source_commit TEXT, scenario_file TEXT, settings TEXT NOT NULL DEFAULT '', start TEXT, "
           "\"end\" TEXT, wall_seconds REAL, created_at TEXT DEFAULT CURRENT_TIMESTAMP);"
           "CREATE TABLE series(run_id INTEGER NOT NULL, date TEXT NOT NULL, indicator TEXT NOT NULL, sector TEXT, "
           "region TEXT, value REAL);");
  }
  EXPECT_EQ(write_sqlite(small_run(), small_description(), db), 1);
  Reader q(db);
  EXPECT_EQ(q.integer("PRAGMA user_version"), 2);
  EXPECT_EQ(q.text("SELECT type FROM sqlite_master WHERE name = 'series'"), "view");
  EXPECT_EQ(q.integer("SELECT count(*) FROM series"), 10);
  EXPECT_EQ(q.text("SELECT substr(checksum, 1, 8) FROM runs"), "fnv1a64:");
}

TEST(Sqlite, VerifyFindsAChangedPackedValue) {
  const auto db = (scratch_dir() / "results.sqlite").string();
  ASSERT_EQ(write_sqlite(small_run(), small_description(), db), 1);
  {
    Reader q(db);
    q.exec("UPDATE series_values SET vals = '[10.5,11.5,null]' WHERE sector = 'grain'");
  }
  sqlite3* raw = detail::results_db::open_readonly(db);
  try {
    (void)detail::results_db::verify(raw, db);
    ADD_FAILURE() << "no exception";
  } catch (const detail::results_db::Damaged& e) {
    EXPECT_NE(std::string(e.what()).find("series rows do not match the checksum"), std::string::npos) << e.what();
  }
  sqlite3_close(raw);
}

TEST(Sqlite, ANewFileHoldsWhatWriteSqliteWrites) {
  const auto dir = scratch_dir();
  const auto a = (dir / "a.sqlite").string(), b = (dir / "b.sqlite").string();
  ASSERT_EQ(write_sqlite(small_run(), small_description(), a), 1);
  detail::results_db::write_new_file(small_run(), small_description(), b);
  const std::string rows = "SELECT group_concat(run_id || date || indicator || coalesce(sector, '-') || "
                           "coalesce(region, '-') || coalesce(value, 'NULL'), ';') FROM series";
  Reader qa(a), qb(b);
  EXPECT_EQ(qb.text(rows), qa.text(rows));
  EXPECT_EQ(qb.text("SELECT checksum FROM runs"), qa.text("SELECT checksum FROM runs"));
  EXPECT_EQ(qb.integer("PRAGMA user_version"), 2);
  EXPECT_EQ(qb.text("PRAGMA journal_mode"), "delete");  // readers need no journal files
  EXPECT_FALSE(std::filesystem::exists(b + "-journal"));
  EXPECT_FALSE(std::filesystem::exists(b + "-wal"));
  try {
    detail::results_db::write_new_file(small_run(), small_description(), a);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(a + " exists"), std::string::npos) << e.what();
  }
  EXPECT_EQ(qa.integer("SELECT count(*) FROM runs"), 1);  // left as it was
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
