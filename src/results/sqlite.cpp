// lightind: the SQLite results database (tables runs, series, events).
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cctype>
#include <limits>
#include <optional>
#include <type_traits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

#include "lightind/results.hpp"
#include "lightind/sweep.hpp"
#include "lightind/version.hpp"
#include "results/io.hpp"
#include "results/output.hpp"
#include "results/sqlite.hpp"

namespace lightind {

namespace io = detail::results_io;
namespace rdb = detail::results_db;

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
  wall_seconds REAL, created_at TEXT DEFAULT CURRENT_TIMESTAMP, checksum TEXT);
CREATE TABLE IF NOT EXISTS series_values(
  run_id INTEGER NOT NULL REFERENCES runs(run_id), indicator TEXT NOT NULL, sector TEXT, region TEXT,
  first_month INTEGER NOT NULL, month_list TEXT, vals TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS series_values_run_indicator ON series_values(run_id, indicator);
CREATE VIEW IF NOT EXISTS series(run_id, date, indicator, sector, region, value) AS
  SELECT v.run_id,
         printf('%04d-%02d', coalesce(json_extract(v.month_list, '$[' || j.key || ']'), v.first_month + j.key) / 12,
                coalesce(json_extract(v.month_list, '$[' || j.key || ']'), v.first_month + j.key) % 12 + 1),
         v.indicator, v.sector, v.region, j.value
  FROM series_values v, json_each(v.vals) j;
CREATE TABLE IF NOT EXISTS events(run_id INTEGER NOT NULL, date TEXT, kind TEXT, subject TEXT, text TEXT);
)sql";

/// The tables of schema versions 0 and 1 (one row per value); read, never written.
constexpr const char* kTidyTable = "series";

using detail::sqlite::Db;
using detail::sqlite::Stmt;

/// Adds one series_values row to a checksum: indicator, sector, region (NULL for the
/// aggregate), first_month, month_list (NULL when consecutive) and vals, as stored.
void hash_packed(rdb::RowHash& h, const Series& s, const rdb::PackedSeries& p) {
  h.text(s.indicators[static_cast<size_t>(p.indicator)]);
  if (p.sector >= 0) h.text(s.sectors[static_cast<size_t>(p.sector)]); else h.null();
  if (p.region >= 0) h.text(s.regions[static_cast<size_t>(p.region)]); else h.null();
  h.integer(p.first_month);
  if (p.month_list.empty()) h.null(); else h.text(p.month_list);
  h.text(p.vals);
}

/// Inserts the runs row, the series and the events; returns the run id. Runs inside the
/// caller's transaction; the statements are finalized on return or throw.
long long insert_run(const Db& db, const RunResult& r, const Description& d, const std::string& settings,
                     std::string& checksum) {
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
  // The checksum over what is stored, field by field as a reader gets it back (verify_runs).
  rdb::RowHash run_hash, series_hash;
  for (const std::string* t : {&scenario_s, &d.title}) run_hash.text(*t);
  run_hash.integer(static_cast<long long>(r.seed));
  for (const std::string* t : {&d.file, &settings, &start_s, &end_s}) run_hash.text(*t);
  run.run("cannot insert the run");
  const long long run_id = db.last_insert_rowid();

  // One row per series (indicator, sector, region) in the order they first appear, its values
  // packed as a JSON array (schema 2, results/sqlite.hpp): a few hundred rows a run instead of
  // one per value.
  const std::vector<rdb::PackedSeries> packed = rdb::pack(s);
  Stmt row(db,
           "INSERT INTO series_values(run_id, indicator, sector, region, first_month, month_list, vals) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
           "cannot prepare a statement", SQLITE_PREPARE_PERSISTENT);
  row.bind(1, run_id);
  // A sector or a region: its name, or NULL (-1: the aggregate over all).
  auto bind_part = [&](int column, std::int16_t index, const std::vector<std::string>& names) {
    if (index >= 0)
      row.bind(column, names[static_cast<size_t>(index)]);
    else
      row.bind_null(column);
  };
  for (const rdb::PackedSeries& p : packed) {
    row.bind(2, s.indicators[static_cast<size_t>(p.indicator)]);
    bind_part(3, p.sector, s.sectors);
    bind_part(4, p.region, s.regions);
    row.bind(5, static_cast<long long>(p.first_month));
    if (p.month_list.empty())
      row.bind_null(6);
    else
      row.bind(6, p.month_list);
    row.bind(7, p.vals);
    row.run("cannot insert a series row");
  }
  // The checksum over the series_values rows as a reader gets them back (results/sqlite.hpp).
  for (const rdb::PackedSeries& p : packed) hash_packed(series_hash, s, p);

  Stmt event(db, "INSERT INTO events(run_id, date, kind, subject, text) VALUES (?1, ?2, ?3, ?4, ?5)",
             "cannot prepare a statement", SQLITE_PREPARE_PERSISTENT);
  event.bind(1, run_id);
  for (const Event& e : r.events) {
    const std::string& date = dates(e.month);
    event.bind(2, date);
    event.bind(3, e.kind);
    event.bind(4, e.subject);
    event.bind(5, e.text);
    event.run("cannot insert an event");
    for (const std::string* t : {&date, &e.kind, &e.subject, &e.text}) run_hash.text(*t);
  }

  checksum = rdb::checksum_text(series_hash.value(), run_hash.value());
  Stmt sum(db, "UPDATE runs SET checksum = ?1 WHERE run_id = ?2", "cannot prepare a statement");
  sum.bind(1, checksum);
  sum.bind(2, run_id);
  sum.run("cannot write the run's checksum");
  return run_id;
}

/// Whether `name` is a table (not a view) of the database.
bool is_table(sqlite3* db, const char* name) {
  sqlite3_stmt* s = nullptr;
  bool found = false;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &s, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    found = sqlite3_step(s) == SQLITE_ROW;
  }
  sqlite3_finalize(s);
  return found;
}

/// Whether `table` has a column `column`.
bool has_column(sqlite3* db, const char* table, const char* column) {
  sqlite3_stmt* s = nullptr;
  bool found = false;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &s, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
    found = sqlite3_step(s) == SQLITE_ROW;
  }
  sqlite3_finalize(s);
  return found;
}

/// SQLITE_CORRUPT, SQLITE_NOTADB and the like: the file, not the query, is at fault.
bool is_damage(int code) {
  code &= 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT || code == SQLITE_IOERR;
}

/// Throws Damaged when the error is the file's, else std::runtime_error.
[[noreturn]] void fail_reading(sqlite3* db, const std::string& path, const char* what) {
  const int code = sqlite3_extended_errcode(db);
  if (is_damage(code))
    throw rdb::Damaged(fmt::format("{} is damaged: {}: {}", path, what, sqlite3_errmsg(db)));
  throw std::runtime_error(fmt::format("sqlite: {} in {}: {}", what, path, sqlite3_errmsg(db)));
}

/// A read statement whose errors go through fail_reading with `what`.
class Query : public rdb::ReadStatement {
 public:
  Query(sqlite3* db, const std::string& path, const char* sql, const char* what)
      : ReadStatement(db, sql, [db, &path, what](Stage) { fail_reading(db, path, what); }) {}
};

/// The user_version of the database.
int user_version(sqlite3* db, const std::string& path) {
  Query q(db, path, "PRAGMA user_version", "cannot read the schema version");
  return q.row() ? sqlite3_column_int(q.get(), 0) : 0;
}

/// The text of column `col` of a stepped statement ("" for NULL).
std::string_view q_text(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s, col))) : std::string_view();
}

}  // namespace

namespace detail::results_db {

void hash_packed_row(RowHash& h, sqlite3_stmt* s, int col) {
  for (int c = col; c < col + 3; ++c) h.column_text(s, c);
  if (sqlite3_column_type(s, col + 3) == SQLITE_INTEGER)
    h.integer(sqlite3_column_int64(s, col + 3));
  else
    h.column_text(s, col + 3);  // not what was written: the checksum will differ
  h.column_text(s, col + 4);
  h.column_text(s, col + 5);
}

bool unpack_column(sqlite3_stmt* s, int col, std::vector<int>& months, std::vector<double>& values) {
  std::optional<std::string_view> list;
  if (sqlite3_column_type(s, col + 1) != SQLITE_NULL) list = q_text(s, col + 1);
  return sqlite3_column_type(s, col) == SQLITE_INTEGER &&
         unpack(sqlite3_column_int(s, col), list, q_text(s, col + 2), months, values);
}

}  // namespace detail::results_db

namespace {

[[noreturn]] void newer_schema(const std::string& path, int v) {
  throw std::runtime_error(fmt::format(
      "{}: schema version {} (PRAGMA user_version) is not one this lightind knows (it reads versions 0 to {}); "
      "it was written by a newer lightind or is damaged",
      path, v, rdb::kSchemaVersion));
}

}  // namespace

namespace detail::results_db {

ReadStatement::ReadStatement(sqlite3* db, const char* sql, Fail fail) : fail_(std::move(fail)) {
  if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) this->fail(Stage::prepare);
}

bool ReadStatement::row() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) fail(Stage::step);
  return false;
}

std::string ReadStatement::text(int col) const {
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return t ? std::string(t, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

double ReadStatement::real(int col) const { return null(col) ? NAN : sqlite3_column_double(s_, col); }

void ReadStatement::fail(Stage stage) const {
  fail_(stage);
  throw std::logic_error("ReadStatement: the fail function returned");
}

std::vector<PackedSeries> pack(const Series& s, bool with_text) {
  std::vector<PackedSeries> out;
  std::unordered_map<std::uint64_t, size_t> where;
  for (size_t k = 0; k < s.size(); ++k) {
    const std::uint64_t key = static_cast<std::uint64_t>(static_cast<std::uint16_t>(s.indicator[k])) << 32 |
                              static_cast<std::uint64_t>(static_cast<std::uint16_t>(s.sector[k])) << 16 |
                              static_cast<std::uint16_t>(s.region[k]);
    const auto [it, added] = where.emplace(key, out.size());
    if (added) out.push_back(PackedSeries{s.indicator[k], s.sector[k], s.region[k], s.month[k], {}, {}, {}});
    out[it->second].rows.push_back(k);
  }
  if (!with_text) return out;
  char buf[64];
  auto append_number = [&](std::string& text, auto v) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back to v
    text.append(buf, r.ptr);
  };
  for (PackedSeries& p : out) {
    bool consecutive = true;
    for (size_t i = 0; i < p.rows.size(); ++i)
      consecutive = consecutive && s.month[p.rows[i]] == p.first_month + static_cast<int>(i);
    if (!consecutive) {
      p.month_list = "[";
      for (size_t i = 0; i < p.rows.size(); ++i) {
        if (i > 0) p.month_list += ',';
        append_number(p.month_list, s.month[p.rows[i]]);
      }
      p.month_list += ']';
    }
    p.vals.reserve(p.rows.size() * 20 + 2);
    p.vals = "[";
    for (size_t i = 0; i < p.rows.size(); ++i) {
      if (i > 0) p.vals += ',';
      const double v = s.value[p.rows[i]];
      if (!std::isfinite(v)) {
        p.vals += "null";  // NaN and infinities: NULL, as in the tidy table and series.csv
        continue;
      }
      const size_t at = p.vals.size();
      append_number(p.vals, v);
      // An integral value keeps a point, so that SQL reads it as a REAL ("2.0", not "2").
      if (p.vals.find_first_of(".e", at) == std::string::npos) p.vals += ".0";
    }
    p.vals += ']';
  }
  return out;
}

namespace {

/// Parses a JSON array of numbers and nulls ("[1.5,null,2e-3]") into `out` (NaN for null);
/// false when `text` is not of that form.
template <class T>
bool parse_array(std::string_view text, std::vector<T>& out) {
  out.clear();
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return false;
  const char* p = text.data() + 1;
  const char* const end = text.data() + text.size() - 1;
  if (p == end) return true;
  while (true) {
    while (p < end && *p == ' ') ++p;
    if (end - p >= 4 && std::string_view(p, 4) == "null") {
      if constexpr (!std::is_floating_point_v<T>) return false;
      out.push_back(std::numeric_limits<T>::quiet_NaN());
      p += 4;
    } else {
      T v{};
      const auto r = std::from_chars(p, end, v);
      if (r.ec != std::errc() || r.ptr == p) return false;
      out.push_back(v);
      p = r.ptr;
    }
    while (p < end && *p == ' ') ++p;
    if (p == end) return true;
    if (*p != ',') return false;
    ++p;
  }
}

}  // namespace

bool unpack(int first_month, const std::optional<std::string_view>& month_list, std::string_view vals,
            std::vector<int>& months, std::vector<double>& values) {
  if (!parse_array(vals, values)) return false;
  if (month_list) {
    if (!parse_array(*month_list, months) || months.size() != values.size()) return false;
  } else {
    months.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i) months[i] = first_month + static_cast<int>(i);
  }
  for (const int m : months)
    if (m < 0 || m >= io::kMaxMonthIndex) return false;
  return true;
}

int schema_version(sqlite3* db, const std::string& path) { return user_version(db, path); }

void check_can_add_runs(sqlite3* db, const std::string& path) {
  const int v = user_version(db, path);
  if (v < 0 || v > kSchemaVersion) newer_schema(path, v);
  if (v >= kPackedVersion || !is_table(db, kTidyTable)) return;
  bool has_runs = false;
  {
    Query q(db, path, "SELECT count(*) FROM runs", "cannot read the runs");
    has_runs = q.row() && sqlite3_column_int64(q.get(), 0) > 0;
  }
  if (has_runs)
    throw std::runtime_error(fmt::format(
        "{}: schema version {} (one row per value, written by an older lightind) cannot take new runs: this "
        "lightind writes version {} (one row per series); write to a new file (a sweep: --db NEW.sqlite). "
        "lightind report still reads this one",
        path, v, kSchemaVersion));
}

void create_tables(sqlite3* db, const std::string& path) {
  const Db conn(db, path);
  check_can_add_runs(db, path);
  const int v = user_version(db, path);
  if (v < kPackedVersion && is_table(db, kTidyTable)) {  // an older file without runs
    conn.exec("DROP TABLE series", "cannot replace the empty series table of an older schema");
  }
  conn.exec(kSchema, "cannot create the tables");
  if (!has_column(db, "runs", "checksum"))  // an empty version-0 file
    conn.exec("ALTER TABLE runs ADD COLUMN checksum TEXT", "cannot add the checksum column");
  if (v != kSchemaVersion)
    conn.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str(), "cannot set the schema version");
}

long long insert_run(sqlite3* db, const std::string& path, const RunResult& r, const Description& d,
                     const std::string& settings, std::string* checksum) {
  io::check_series(r.series);
  const Db conn(db, path);
  std::string sum;
  const long long id = lightind::insert_run(conn, r, d, settings, sum);
  if (checksum != nullptr) *checksum = std::move(sum);
  return id;
}

void RowHash::text(std::string_view t) {
  char head[5] = {'T'};
  const auto n = static_cast<std::uint32_t>(t.size());
  std::memcpy(head + 1, &n, 4);
  h_ = sweep::fnv1a64(std::string_view(head, 5), h_);
  h_ = sweep::fnv1a64(t, h_);
}

void RowHash::null() { h_ = sweep::fnv1a64("N", h_); }

void RowHash::real(double v) {
  if (!std::isfinite(v)) return null();
  if (v == 0) v = 0;  // -0 reads back as +0
  char b[9] = {'R'};
  std::memcpy(b + 1, &v, 8);
  h_ = sweep::fnv1a64(std::string_view(b, 9), h_);
}

void RowHash::integer(long long v) {
  char b[9] = {'I'};
  std::memcpy(b + 1, &v, 8);
  h_ = sweep::fnv1a64(std::string_view(b, 9), h_);
}

void RowHash::column_real(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return null();
  real(sqlite3_column_double(s, col));
}

void RowHash::column_text(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return null();
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  text(std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s, col))));
}

std::string checksum_text(std::uint64_t series, std::uint64_t run) {
  return fmt::format("fnv1a64:{:016x}:{:016x}", series, run);
}

bool series_part(const std::string& checksum, std::uint64_t& series) {
  constexpr std::string_view kPrefix = "fnv1a64:";
  if (checksum.size() != kPrefix.size() + 33 || checksum.compare(0, kPrefix.size(), kPrefix) != 0 ||
      checksum[kPrefix.size() + 16] != ':')
    return false;
  std::uint64_t v = 0;
  for (size_t i = kPrefix.size(); i < kPrefix.size() + 16; ++i) {
    const char c = checksum[i];
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = v << 4 | static_cast<std::uint64_t>(d);
  }
  series = v;
  return true;
}

sqlite3* open_readonly(const std::string& path) {
  namespace fs = std::filesystem;
  // Header bytes 18 and 19 (write and read format versions) are 2 in WAL mode.
  char header[20] = {};
  {
    std::ifstream f(path, std::ios::binary);
    f.read(header, sizeof header);
  }
  const bool wal = header[18] == 2 && header[19] == 2;
  std::error_code ec;
  const bool wal_file = fs::exists(path + "-wal", ec);
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  const bool dir_writable = ::access(dir.c_str(), W_OK) == 0;
  const bool immutable = (wal && !wal_file) || !dir_writable;
  std::string uri = "file:";
  for (const unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '~')
      uri += static_cast<char>(c);
    else
      uri += fmt::format("%{:02X}", c);
  }
  uri += immutable ? "?mode=ro&immutable=1" : "?mode=ro";
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    throw std::runtime_error(fmt::format("{}: cannot open as an SQLite database: {}", path, msg));
  }
  sqlite3_extended_result_codes(db, 1);
  return db;
}

void leave_wal(sqlite3* db) {
  // Another connection still open makes the switch fail at once ("database is locked"):
  // it is the one that switches when it closes.
  sqlite3_busy_timeout(db, 0);
  sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
}

int check_file(sqlite3* db, const std::string& path) {
  {
    Query q(db, path, "PRAGMA quick_check(5)", "SQLite's quick_check failed");
    std::vector<std::string> found;
    while (q.row()) found.push_back(q.text(0));
    if (found.size() != 1 || found[0] != "ok") {
      std::string list;
      for (const std::string& f : found) list += (list.empty() ? "" : "; ") + f;
      throw Damaged(fmt::format("{} is damaged: SQLite's quick_check found: {}", path, list));
    }
  }
  const int v = user_version(db, path);
  if (v < 0 || v > kSchemaVersion) newer_schema(path, v);
  return v;
}

std::map<long long, std::string> verify_runs(sqlite3* db, const std::string& path) {
  struct Run {
    RowHash series, run;
    std::string stored;
    bool has_stored = false;
    std::string label;
  };
  std::map<long long, Run> runs;
  if (!has_column(db, "runs", "run_id")) return {};  // no runs table yet: nothing to verify
  const bool with_checksum = has_column(db, "runs", "checksum");
  {
    Query q(db, path,
            with_checksum ? "SELECT run_id, scenario, title, seed, scenario_file, settings, start, \"end\", checksum "
                            "FROM runs ORDER BY run_id"
                          : "SELECT run_id, scenario, title, seed, scenario_file, settings, start, \"end\", NULL "
                            "FROM runs ORDER BY run_id",
            "cannot read the runs");
    while (q.row()) {
      sqlite3_stmt* s = q.get();
      Run& r = runs[sqlite3_column_int64(s, 0)];
      r.run.column_text(s, 1);
      r.run.column_text(s, 2);
      if (sqlite3_column_type(s, 3) == SQLITE_NULL)
        r.run.null();
      else
        r.run.integer(sqlite3_column_int64(s, 3));
      for (int c = 4; c <= 7; ++c) r.run.column_text(s, c);
      r.has_stored = sqlite3_column_type(s, 8) != SQLITE_NULL;
      r.stored = q.text(8);
      const std::string settings = q.text(5);
      r.label = fmt::format("run {} ({}, seed {}{})", sqlite3_column_int64(s, 0), q.text(1), sqlite3_column_int64(s, 3),
                            settings.empty() ? "" : ", " + settings);
    }
  }
  // One pass over each table in rowid order (a run's rows in the order they were written);
  // consecutive rows mostly belong to one run.
  auto pass = [&](const char* sql, const char* what, auto&& add) {
    Query q(db, path, sql, what);
    long long last = 0;
    Run* cur = nullptr;
    while (q.row()) {
      const long long id = sqlite3_column_int64(q.get(), 0);
      if (cur == nullptr || id != last) {
        const auto it = runs.find(id);
        cur = it == runs.end() ? nullptr : &it->second;
        last = id;
      }
      if (cur != nullptr) add(*cur, q.get());  // a row of no run is no run's damage
    }
  };
  pass("SELECT run_id, date, kind, subject, text FROM events", "cannot read the events", [](Run& r, sqlite3_stmt* s) {
    for (int c = 1; c <= 4; ++c) r.run.column_text(s, c);
  });
  if (!is_table(db, kTidyTable)) {  // version 2: one row per series, hashed as stored
    pass("SELECT run_id, indicator, sector, region, first_month, month_list, vals FROM series_values",
         "cannot read the series", [](Run& r, sqlite3_stmt* s) { hash_packed_row(r.series, s, 1); });
  } else {
    pass("SELECT run_id, date, indicator, sector, region, value FROM series", "cannot read the series",
         [](Run& r, sqlite3_stmt* s) {
           for (int c = 1; c <= 4; ++c) r.series.column_text(s, c);
           r.series.column_real(s, 5);
         });
  }
  std::map<long long, std::string> out;
  std::vector<std::string> bad;
  for (auto& [id, r] : runs) {
    std::string sum = checksum_text(r.series.value(), r.run.value());
    if (r.has_stored && r.stored != sum) {
      std::uint64_t stored_series = 0, series = 0;
      (void)series_part(sum, series);
      const bool series_ok = series_part(r.stored, stored_series) && stored_series == series;
      bad.push_back(fmt::format("{}: its {} do not match the checksum written with it", r.label,
                                series_ok ? "runs row or events" : "series rows"));
    }
    out.emplace(id, std::move(sum));
  }
  if (!bad.empty()) {
    std::string list;
    for (size_t i = 0; i < bad.size() && i < 5; ++i) list += (i ? "; " : "") + bad[i];
    if (bad.size() > 5) list += fmt::format("; and {} more", bad.size() - 5);
    throw Damaged(fmt::format("{} is damaged: {} of {} runs fail their checksum: {}", path, bad.size(), runs.size(),
                              list));
  }
  return out;
}

std::map<long long, std::string> verify(sqlite3* db, const std::string& path) {
  // One read transaction: the checks see one state of the file even while another
  // connection writes (WAL).
  if (sqlite3_get_autocommit(db) == 0) {
    check_file(db, path);
    return verify_runs(db, path);
  }
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) fail_reading(db, path, "cannot begin");
  try {
    check_file(db, path);
    auto out = verify_runs(db, path);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    return out;
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace detail::results_db

/// Appends one run in a single transaction (BEGIN IMMEDIATE ... COMMIT): either the runs
/// row, all its series rows and events are there, or none is. The tables and the index are
/// created when missing. WAL journal while writing, rollback journal (DELETE) left behind when
/// no other connection has the file open, so that readers need no -wal/-shm files; waits up
/// to 30 s for another writer. Empty sector/region and non-finite values are stored as NULL;
/// runs.checksum holds the run's checksum (results/sqlite.hpp).
long long write_sqlite(const RunResult& r, const Description& d, const std::string& db_path) {
  io::check_series(r.series);
  Db db(db_path);
  db.busy_timeout(30000);
  rdb::check_can_add_runs(db.get(), db_path);  // an older or newer file is left as it was
  db.exec("PRAGMA page_size=16384", "cannot set the page size");  // new databases only: fewer pages to write
  db.exec("PRAGMA journal_mode=WAL", "cannot switch to WAL");
  db.exec("BEGIN IMMEDIATE", "cannot begin a transaction");
  try {
    rdb::create_tables(db.get(), db_path);
    std::string checksum;
    const long long run_id = insert_run(db, r, d, std::string(), checksum);
    db.exec("COMMIT", "cannot commit");
    rdb::leave_wal(db.get());
    return run_id;
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace lightind

namespace lightind::detail::results_db {

void write_new_file(const RunResult& r, const Description& d, const std::string& db_path) {
  io::check_series(r.series);
  {
    std::error_code ec;
    if (std::filesystem::exists(db_path, ec))
      throw std::runtime_error(fmt::format("sqlite: {} exists; write_new_file writes only new files", db_path));
    sqlite::Db db(db_path);
    // A new file inside a folder that is renamed into place only once it is complete
    // (write_run_dir): no journal and no syncs while writing, one fsync at the end. A crash
    // leaves the temporary folder, never a partial results.sqlite in the run folder.
    db.exec("PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", "cannot set up the file");
    db.exec("BEGIN", "cannot begin a transaction");
    create_tables(db.get(), db_path);
    std::string checksum;
    (void)lightind::insert_run(db, r, d, std::string(), checksum);
    db.exec("COMMIT", "cannot commit");
  }
  output::sync_file(db_path);
}

}  // namespace lightind::detail::results_db
