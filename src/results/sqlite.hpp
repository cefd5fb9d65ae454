// lightind: the one SQLite wrapper (RAII connection and prepared statement), the
// runs/series/events tables of the results database for writers that own the connection and
// the transaction (the sweep store, src/sweep/store.cpp), and the checks a reader or a
// resuming writer makes before trusting a database (the sweep store, the report's inputs).
// Internal.
//
// Schema version (PRAGMA user_version): 0 for files written before checksums (tables runs,
// series, events; read with SQLite's quick_check only), 1 with runs.checksum (and, in a
// sweep's database, sweep_runs.checksum), 2 with one row per series (table series_values, its
// values packed as a JSON array) and `series` a view giving the tidy form of versions 0 and 1
// (one row per value). Files of versions 0 and 1 are read; runs are added only to version 2
// files (a sweep refuses to resume an older database). A file with a higher version is refused.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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
  /// The statement itself, for column reads the class does not wrap (RowHash::column_*).
  [[nodiscard]] sqlite3_stmt* get() const { return s_; }

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

/// The schema version this build writes and the highest it reads.
inline constexpr int kSchemaVersion = 2;
/// The first version with one row per series (series_values; `series` is a view).
inline constexpr int kPackedVersion = 2;

/// One series (indicator, sector, region) of a run as series_values stores it.
struct PackedSeries {
  std::int16_t indicator = 0, sector = -1, region = -1;  ///< indexes into Series' name lists
  int first_month = 0;     ///< YearMonth::index() of the first value
  std::string month_list;  ///< JSON array of every value's month index; empty when they follow first_month one by one
  std::string vals;        ///< JSON array of the values: shortest text that reads back exactly; null for NaN, infinities
  std::vector<size_t> rows;  ///< the series' rows in `Series`, in order
};

/// The series of `s` in the order they first appear, each with its rows in order; without
/// `with_text`, month_list and vals are left empty (the order alone: sweep::to_rows).
[[nodiscard]] std::vector<PackedSeries> pack(const Series& s, bool with_text = true);

/// The months and values of one series_values row (`month_list` absent when NULL); false
/// when the text is not what pack() writes (a damaged file).
bool unpack(int first_month, const std::optional<std::string_view>& month_list, std::string_view vals,
            std::vector<int>& months, std::vector<double>& values);

/// unpack() on the columns first_month, month_list and vals of a stepped statement, at
/// `col`, `col` + 1 and `col` + 2.
bool unpack_column(sqlite3_stmt* s, int col, std::vector<int>& months, std::vector<double>& values);

/// The schema version of an open database (PRAGMA user_version).
[[nodiscard]] int schema_version(sqlite3* db, const std::string& path);

/// A database that failed a check: what() names the file and says what is damaged.
class Damaged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Creates the tables runs, series_values (with the view series) and events and their index
/// when missing and sets the schema version. Throws Damaged for a file of a newer schema
/// version, std::runtime_error for a file of version 0 or 1 that holds runs (one row per
/// value: new runs go to a new file).
void create_tables(sqlite3* db, const std::string& path);

/// write_sqlite for a file that does not exist yet inside a folder renamed into place when
/// complete (write_run_dir): the same tables and rows, written without a journal and synced
/// once at the end. Throws std::runtime_error naming the path (also when it exists).
void write_new_file(const RunResult& r, const Description& d, const std::string& db_path);

/// Throws what create_tables throws for a file that cannot take new runs (a newer schema
/// version; an older one that holds runs), before anything is changed in it.
void check_can_add_runs(sqlite3* db, const std::string& path);

/// Inserts the runs row (with `settings` in its settings column and its checksum), the
/// series and the events inside the caller's transaction; returns the run id, and the run's
/// checksum in `checksum` when given. Throws std::runtime_error naming `path`.
long long insert_run(sqlite3* db, const std::string& path, const RunResult& r, const Description& d,
                     const std::string& settings, std::string* checksum = nullptr);

/// FNV-1a (64 bit) over a sequence of fields, each tagged with its kind so that NULL, an
/// empty text and a number never hash alike: text 'T' + 4-byte length + bytes, NULL 'N',
/// real 'R' + 8 bytes (-0 as 0: SQLite stores an integral REAL as an integer and reads it
/// back as +0; NaN and infinities are NULL, as written), integer 'I' + 8 bytes.
class RowHash {
 public:
  void text(std::string_view t);
  void null();
  void real(double v);
  void integer(long long v);
  /// A column of a stepped statement: NULL, text or real (the series value column).
  void column_real(sqlite3_stmt* s, int col);
  void column_text(sqlite3_stmt* s, int col);
  [[nodiscard]] std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

/// Adds a stepped statement's series_values columns indicator, sector, region, first_month,
/// month_list and vals (at `col` .. `col` + 5) to a checksum, as insert_run hashed them.
void hash_packed_row(RowHash& h, sqlite3_stmt* s, int col);

/// The checksum text stored in runs.checksum: "fnv1a64:<series>:<run>", 16 hex digits each;
/// <series> over the run's series rows: in versions 0 and 1 the tidy rows (date, indicator,
/// sector, region, value) in insertion order; in version 2 the series_values rows as stored
/// (indicator, sector, region, first_month, month_list, vals) in insertion order, <run> over the runs row's scenario, title, seed, scenario_file, settings, start,
/// end and then its events (date, kind, subject, text) in insertion order.
[[nodiscard]] std::string checksum_text(std::uint64_t series, std::uint64_t run);
/// The series part of a checksum text; false when `checksum` is not of that form.
bool series_part(const std::string& checksum, std::uint64_t& series);

/// A prepared statement that reads rows, finalized when it goes out of scope. `fail` throws
/// the reader's own error: it gets Stage::prepare when the SQL cannot be prepared (a table
/// or column is missing) and Stage::step when a row cannot be read.
class ReadStatement {
 public:
  enum class Stage { prepare, step };
  using Fail = std::function<void(Stage)>;

  ReadStatement(sqlite3* db, const char* sql, Fail fail);
  ReadStatement(const ReadStatement&) = delete;
  ReadStatement& operator=(const ReadStatement&) = delete;
  ~ReadStatement() { sqlite3_finalize(s_); }

  /// Steps to the next row: true while there is one.
  bool row();
  /// Starts again from the first row (bindings stay).
  void reset() { sqlite3_reset(s_); }
  void bind(int i, long long v) { sqlite3_bind_int64(s_, i, v); }
  [[nodiscard]] sqlite3_stmt* get() const { return s_; }
  /// A column of the current row: its text ("" for NULL), whether it is NULL, an integer, a
  /// real (NaN for NULL).
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] bool null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  [[nodiscard]] long long integer(int col) const { return sqlite3_column_int64(s_, col); }
  [[nodiscard]] double real(int col) const;

 private:
  [[noreturn]] void fail(Stage stage) const;
  Fail fail_;
  sqlite3_stmt* s_ = nullptr;
};

/// Opens a database for reading only, without creating anything beside it: URI
/// `file:PATH?mode=ro`, plus `immutable=1` when the file is in WAL mode and no -wal file is
/// beside it (nothing is pending: a read-only connection would otherwise create -wal and
/// -shm files, and cannot open it at all in a folder it cannot write) or when its folder is
/// not writable. Throws std::runtime_error naming the path.
[[nodiscard]] sqlite3* open_readonly(const std::string& path);

/// Leaves the database in rollback-journal (DELETE) mode after the last write, so that
/// readers never need -wal/-shm files: does nothing (and waits for nothing) while another
/// connection has the database open; that one switches when it closes.
void leave_wal(sqlite3* db);

/// SQLite's quick_check and the schema version; throws Damaged naming `path` and what is
/// wrong. Returns the schema version.
int check_file(sqlite3* db, const std::string& path);

/// Recomputes every run's checksum in one pass over the series and events tables and
/// compares it with runs.checksum; throws Damaged listing the runs that differ (runs of a
/// version-0 file have no checksum and are only counted). Returns the computed checksum of
/// every run by run id.
std::map<long long, std::string> verify_runs(sqlite3* db, const std::string& path);

/// check_file, then verify_runs, in one read transaction.
std::map<long long, std::string> verify(sqlite3* db, const std::string& path);

}  // namespace lightind::detail::results_db
