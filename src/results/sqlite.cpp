// lightind: the SQLite results database (tables runs, series, events).
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

#include "lightind/results.hpp"
#include "lightind/version.hpp"
#include "results/io.hpp"
#include "results/sqlite.hpp"

namespace lightind {

namespace io = detail::results_io;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs(
  run_id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, title TEXT, seed INTEGER NOT NULL, version TEXT,
  source_commit TEXT, scenario_file TEXT, settings TEXT NOT NULL DEFAULT '', start TEXT, "end" TEXT,
  wall_seconds REAL, created_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS series(
  run_id INTEGER NOT NULL REFERENCES runs(run_id), date TEXT NOT NULL, indicator TEXT NOT NULL,
  sector TEXT, region TEXT, value REAL);
CREATE INDEX IF NOT EXISTS series_run_indicator_date ON series(run_id, indicator, date);
CREATE TABLE IF NOT EXISTS events(run_id INTEGER NOT NULL, date TEXT, kind TEXT, subject TEXT, text TEXT);
)sql";

/// An open connection; errors are thrown as std::runtime_error naming the database.
class Db {
 public:
  explicit Db(const std::string& path) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      const std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error(fmt::format("sqlite: cannot open {}: {}", path, msg));
    }
    sqlite3_extended_result_codes(db_, 1);
  }
  /// Borrows an open connection (closed by its owner).
  Db(sqlite3* db, const std::string& path) : path_(path), db_(db), owned_(false) {}
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() {
    if (owned_) sqlite3_close(db_);
  }

  sqlite3* get() const { return db_; }
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(fmt::format("sqlite: {} in {}: {}", what, path_, sqlite3_errmsg(db_)));
  }
  void exec(const char* sql, const char* what) const {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(what);
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  bool owned_ = true;
};

/// A prepared statement, reused with reset/bind.
class Stmt {
 public:
  Stmt(const Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) != SQLITE_OK)
      db.fail("cannot prepare a statement");
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  void bind(int i, long long v) { check(sqlite3_bind_int64(s_, i, v)); }
  /// NULL for NaN and infinities (as in series.csv).
  void bind(int i, double v) { check(std::isfinite(v) ? sqlite3_bind_double(s_, i, v) : sqlite3_bind_null(s_, i)); }
  /// The text must outlive the next step (SQLITE_STATIC: no copy).
  void bind(int i, const std::string& v) {
    check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  void bind_null(int i) { check(sqlite3_bind_null(s_, i)); }
  /// Runs the statement once and resets it (bindings stay).
  void step(const char* what) {
    const int rc = sqlite3_step(s_);
    sqlite3_reset(s_);
    if (rc != SQLITE_DONE) db_.fail(what);
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) db_.fail("cannot bind a value");
  }
  const Db& db_;
  sqlite3_stmt* s_ = nullptr;
};

/// Inserts the runs row, the series and the events; returns the run id. Runs inside the
/// caller's transaction; the statements are finalized on return or throw.
long long insert_run(const Db& db, const RunResult& r, const Description& d, const std::string& settings) {
  const Series& s = r.series;
  const io::MonthNames dates(s, r.events);

  Stmt run(db,
           "INSERT INTO runs(scenario, title, seed, version, source_commit, scenario_file, start, \"end\", "
           "wall_seconds, settings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  const std::string version_s = version(), commit_s = source_commit();
  const std::string start_s = d.start.str(), end_s = d.end.str();
  run.bind(1, io::scenario_name(r, d));
  run.bind(2, d.title);
  run.bind(3, static_cast<long long>(r.seed));  // seeds above 2^63 read back negative
  run.bind(4, version_s);
  run.bind(5, commit_s);
  run.bind(6, d.file);
  run.bind(7, start_s);
  run.bind(8, end_s);
  run.bind(9, r.wall_seconds);
  run.bind(10, settings);
  run.step("cannot insert the run");
  const long long run_id = sqlite3_last_insert_rowid(db.get());

  Stmt row(db, "INSERT INTO series(run_id, date, indicator, sector, region, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  row.bind(1, run_id);
  for (size_t k = 0; k < s.size(); ++k) {
    row.bind(2, dates(s.month[k]));
    row.bind(3, s.indicators[static_cast<size_t>(s.indicator[k])]);
    if (s.sector[k] >= 0)
      row.bind(4, s.sectors[static_cast<size_t>(s.sector[k])]);
    else
      row.bind_null(4);
    if (s.region[k] >= 0)
      row.bind(5, s.regions[static_cast<size_t>(s.region[k])]);
    else
      row.bind_null(5);
    row.bind(6, s.value[k]);
    row.step("cannot insert a series row");
  }

  Stmt event(db, "INSERT INTO events(run_id, date, kind, subject, text) VALUES (?1, ?2, ?3, ?4, ?5)");
  event.bind(1, run_id);
  for (const Event& e : r.events) {
    event.bind(2, dates(e.month));
    event.bind(3, e.kind);
    event.bind(4, e.subject);
    event.bind(5, e.text);
    event.step("cannot insert an event");
  }
  return run_id;
}

}  // namespace

namespace detail::results_db {

void create_tables(sqlite3* db, const std::string& path) {
  const Db conn(db, path);
  conn.exec(kSchema, "cannot create the tables");
}

long long insert_run(sqlite3* db, const std::string& path, const RunResult& r, const Description& d,
                     const std::string& settings) {
  io::check_series(r.series);
  const Db conn(db, path);
  return lightind::insert_run(conn, r, d, settings);
}

}  // namespace detail::results_db

/// Appends one run in a single transaction (BEGIN IMMEDIATE ... COMMIT): either the runs
/// row, all its series rows and events are there, or none is. The tables and the index are
/// created when missing. WAL journal; waits up to 30 s for another writer. Empty
/// sector/region and non-finite values are stored as NULL.
long long write_sqlite(const RunResult& r, const Description& d, const std::string& db_path) {
  io::check_series(r.series);
  Db db(db_path);
  if (sqlite3_busy_timeout(db.get(), 30000) != SQLITE_OK) db.fail("cannot set the busy timeout");
  db.exec("PRAGMA page_size=16384", "cannot set the page size");  // new databases only: fewer pages to write
  db.exec("PRAGMA journal_mode=WAL", "cannot switch to WAL");
  db.exec("BEGIN IMMEDIATE", "cannot begin a transaction");
  try {
    db.exec(kSchema, "cannot create the tables");
    const long long run_id = insert_run(db, r, d, std::string());
    db.exec("COMMIT", "cannot commit");
    return run_id;
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace lightind
