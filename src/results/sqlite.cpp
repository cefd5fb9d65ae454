// lightind: the SQLite results database (tables runs, series, events).
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

#include "lightind/results.hpp"
#include "lightind/version.hpp"
#include "results/io.hpp"
#include "results/sqlite.hpp"

namespace lightind {

namespace io = detail::results_io;

namespace detail::sqlite {

std::string describe(const Failure& f) {
  if (f.opening) return fmt::format("sqlite: cannot open {}: {}", f.path, f.message);
  return fmt::format("sqlite: {} in {}: {}", f.what, f.path, f.message);
}

Db::Db(const std::string& path, Mode mode, Raise on_failure) : path_(path), raise_(std::move(on_failure)) {
  const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Failure f{path, "cannot open", db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc),
              db_ != nullptr ? sqlite3_extended_errcode(db_) : rc, true};
    sqlite3_close(db_);
    db_ = nullptr;
    raise(std::move(f));
  }
  sqlite3_extended_result_codes(db_, 1);
}

Db::Db(sqlite3* borrowed, const std::string& path, Raise on_failure)
    : path_(path), db_(borrowed), owned_(false), raise_(std::move(on_failure)) {}

Db::~Db() {
  if (owned_) sqlite3_close(db_);
}

void Db::raise(Failure f) const {
  if (raise_) raise_(f);
  throw std::runtime_error(describe(f));  // the default, and a handler that did not throw
}

void Db::fail(const std::string& what) const {
  raise({path_, what, sqlite3_errmsg(db_), sqlite3_extended_errcode(db_), false});
}

void Db::exec(const char* sql, const std::string& what) const {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(what);
}

void Db::busy_timeout(int ms) const {
  if (sqlite3_busy_timeout(db_, ms) != SQLITE_OK) fail("cannot set the busy timeout");
}

Stmt::Stmt(const Db& db, const char* sql, const char* what, unsigned flags) : db_(db) {
  if (sqlite3_prepare_v3(db.get(), sql, -1, flags, &s_, nullptr) != SQLITE_OK) db.fail(what);
}

Stmt& Stmt::check(int rc) {
  if (rc != SQLITE_OK) db_.fail("cannot bind a value");
  return *this;
}

Stmt& Stmt::bind(int i, long long v) { return check(sqlite3_bind_int64(s_, i, v)); }

Stmt& Stmt::bind(int i, double v) {
  return check(std::isfinite(v) ? sqlite3_bind_double(s_, i, v) : sqlite3_bind_null(s_, i));
}

Stmt& Stmt::bind(int i, const std::string& v) {
  return check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
}

Stmt& Stmt::bind_null(int i) { return check(sqlite3_bind_null(s_, i)); }

bool Stmt::row(const char* what) {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) db_.fail(what);
  return false;
}

void Stmt::run(const char* what) {
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(s_);
  sqlite3_reset(s_);
  if (rc != SQLITE_DONE) db_.fail(what);
}

std::string Stmt::text(int col) const {
  const auto* t = sqlite3_column_text(s_, col);
  return t != nullptr ? reinterpret_cast<const char*>(t) : "";
}

double Stmt::real(int col) const { return null(col) ? std::nan("") : sqlite3_column_double(s_, col); }

}  // namespace detail::sqlite

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

using detail::sqlite::Db;
using detail::sqlite::Stmt;

/// Inserts the runs row, the series and the events; returns the run id. Runs inside the
/// caller's transaction; the statements are finalized on return or throw.
long long insert_run(const Db& db, const RunResult& r, const Description& d, const std::string& settings) {
  const Series& s = r.series;
  const io::MonthNames dates(s, r.events);

  Stmt run(db,
           "INSERT INTO runs(scenario, title, seed, version, source_commit, scenario_file, start, \"end\", "
           "wall_seconds, settings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
           "cannot prepare a statement", SQLITE_PREPARE_PERSISTENT);
  const std::string version_s = version(), commit_s = source_commit();
  const std::string start_s = d.start.str(), end_s = d.end.str();
  const std::string scenario_s = io::scenario_name(r, d);
  run.bind(1, scenario_s);
  run.bind(2, d.title);
  run.bind(3, static_cast<long long>(r.seed));  // seeds above 2^63 read back negative
  run.bind(4, version_s);
  run.bind(5, commit_s);
  run.bind(6, d.file);
  run.bind(7, start_s);
  run.bind(8, end_s);
  run.bind(9, r.wall_seconds);
  run.bind(10, settings);
  run.run("cannot insert the run");
  const long long run_id = db.last_insert_rowid();

  Stmt row(db, "INSERT INTO series(run_id, date, indicator, sector, region, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
           "cannot prepare a statement", SQLITE_PREPARE_PERSISTENT);
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
    row.run("cannot insert a series row");
  }

  Stmt event(db, "INSERT INTO events(run_id, date, kind, subject, text) VALUES (?1, ?2, ?3, ?4, ?5)",
             "cannot prepare a statement", SQLITE_PREPARE_PERSISTENT);
  event.bind(1, run_id);
  for (const Event& e : r.events) {
    event.bind(2, dates(e.month));
    event.bind(3, e.kind);
    event.bind(4, e.subject);
    event.bind(5, e.text);
    event.run("cannot insert an event");
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
  db.busy_timeout(30000);
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
