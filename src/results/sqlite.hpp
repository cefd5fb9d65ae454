// lightind: the one SQLite wrapper (RAII connection and prepared statement), and the
// runs/series/events tables of the results database for writers that own the connection and
// the transaction (the sweep store, src/sweep/store.cpp). Internal.
#pragma once

#include <functional>
#include <string>

#include <sqlite3.h>

#include "lightind/description.hpp"
#include "lightind/run.hpp"

namespace lightind::detail::sqlite {

/// What failed, for a connection's error handler.
struct Failure {
  std::string path;      ///< the database file
  std::string what;      ///< what was being done ("cannot open", "cannot insert the run", ...)
  std::string message;   ///< SQLite's message
  int code = 0;          ///< SQLite's extended result code (SQLITE_BUSY & 0xff when another writer held it)
  bool opening = false;  ///< the connection itself could not be opened
};

/// "sqlite: <what> in <path>: <message>", or "sqlite: cannot open <path>: <message>".
[[nodiscard]] std::string describe(const Failure& f);

/// Turns a failure into an exception; it must throw. The default throws std::runtime_error
/// with describe(f). The report's reader throws its InputError, the sweep store adds a hint
/// when another process held the database.
using Raise = std::function<void(const Failure&)>;

/// An SQLite connection: opened (read-write, created when missing, or read-only) and closed
/// with the object, or borrowed from an owner that closes it. Extended result codes are on.
/// Every failure goes through the Raise handler.
class Db {
 public:
  enum class Mode { read_write_create, read_only };
  explicit Db(const std::string& path, Mode mode = Mode::read_write_create, Raise on_failure = {});
  /// Borrows an open connection (closed by its owner).
  Db(sqlite3* borrowed, const std::string& path, Raise on_failure = {});
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  [[nodiscard]] sqlite3* get() const { return db_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  /// Raises `what` with the connection's current error.
  [[noreturn]] void fail(const std::string& what) const;
  /// Runs SQL text (one or more statements without results); raises `what` on error.
  void exec(const char* sql, const std::string& what) const;
  /// Waits up to `ms` for another connection's lock before a statement fails with SQLITE_BUSY.
  void busy_timeout(int ms) const;
  [[nodiscard]] long long last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

 private:
  [[noreturn]] void raise(Failure f) const;
  std::string path_;
  sqlite3* db_ = nullptr;
  bool owned_ = true;
  Raise raise_;
};

/// A prepared statement, finalized with the object; binds and steps are checked (raised
/// through the connection). Reusable: run() resets it, and bindings stay until rebound.
class Stmt {
 public:
  /// `what` names a failed prepare (a missing table reads "not a ... database" to a reader);
  /// `flags`: sqlite3_prepare_v3's, e.g. SQLITE_PREPARE_PERSISTENT for a statement run many times.
  Stmt(const Db& db, const char* sql, const char* what = "cannot prepare a statement", unsigned flags = 0);
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  Stmt& bind(int i, long long v);
  /// NULL for NaN and infinities (as in series.csv).
  Stmt& bind(int i, double v);
  /// No copy (SQLITE_STATIC): the string must stay alive and unchanged until the statement is
  /// stepped and rebound or finalized. Temporaries are refused at compile time.
  Stmt& bind(int i, const std::string& v);
  Stmt& bind(int i, std::string&& v) = delete;
  Stmt& bind_null(int i);

  /// Steps to the next row: true while there is one, false at the end; raises `what` on error.
  bool row(const char* what = "cannot read");
  /// Runs the statement to its end and resets it (bindings stay); raises `what` on error.
  void run(const char* what);
  void reset() { sqlite3_reset(s_); }

  /// Column values of the current row (0-based).
  [[nodiscard]] std::string text(int col) const;  ///< "" for NULL
  [[nodiscard]] bool null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  [[nodiscard]] long long integer(int col) const { return sqlite3_column_int64(s_, col); }
  [[nodiscard]] double real(int col) const;  ///< NaN for NULL

 private:
  Stmt& check(int rc);
  const Db& db_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace lightind::detail::sqlite

namespace lightind::detail::results_db {

/// Creates the tables runs, series and events and their index when missing.
void create_tables(sqlite3* db, const std::string& path);

/// Inserts the runs row (with `settings` in its settings column), the series and the events
/// inside the caller's transaction; returns the run id. Throws std::runtime_error naming `path`.
long long insert_run(sqlite3* db, const std::string& path, const RunResult& r, const Description& d,
                     const std::string& settings);

}  // namespace lightind::detail::results_db
