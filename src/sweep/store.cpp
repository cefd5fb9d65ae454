// lightind: the sweep tables of the results database (sweep_settings,
// sweep_setting_values, sweep_runs) beside runs/series/events.
//
// Crash safety comes from SQLite: a finished run — its runs row, series, events and its
// sweep_runs marker — is one transaction (BEGIN IMMEDIATE ... COMMIT) in WAL mode, so a
// process killed at any moment leaves either all of it or none. Concurrent sweeps on one
// database wait for each other's short write transactions (busy timeout); a run finished
// by one is skipped by the other, and the primary key on run_key forbids a second copy.
//
// Trust: an existing database is verified before anything is run (SQLite's quick_check, the
// schema version, every run's checksum and every marker's checksum, results/sqlite.hpp), and
// each run's series again as they are read for the bands. A damaged file is refused with a
// message saying what is damaged and how to recover; the database is left in rollback-journal
// mode when the last connection closes, so that readers need no -wal/-shm files.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <vector>
#include <stdexcept>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <sqlite3.h>

#include "lightind/sweep.hpp"
#include "results/sqlite.hpp"

namespace lightind::sweep {

namespace {

constexpr const char* kSweepSchema = R"sql(
CREATE TABLE IF NOT EXISTS sweep_settings(
  setting_key TEXT PRIMARY KEY, scenario TEXT NOT NULL, scenario_hash TEXT NOT NULL, scenario_file TEXT,
  label TEXT NOT NULL, assignments TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sweep_setting_values(
  setting_key TEXT NOT NULL REFERENCES sweep_settings(setting_key), key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY(setting_key, key));
CREATE TABLE IF NOT EXISTS sweep_runs(
  run_key TEXT PRIMARY KEY, run_id INTEGER NOT NULL UNIQUE REFERENCES runs(run_id),
  setting_key TEXT NOT NULL REFERENCES sweep_settings(setting_key), base_seed INTEGER NOT NULL,
  seed_index INTEGER NOT NULL, seed INTEGER NOT NULL, series_rows INTEGER NOT NULL,
  status TEXT NOT NULL CHECK(status = 'finished'),
  finished_at TEXT DEFAULT CURRENT_TIMESTAMP, checksum TEXT);
)sql";

std::string setting_key(const Plan& plan, const Setting& s) { return plan.scenario_hash + "|" + s.canonical; }

namespace rdb = detail::results_db;

/// A marker's checksum: "fnv1a64:<16 hex>" over its run key, setting key, seed, number of
/// series rows and its run's checksum (so that a marker pointing at another run, or at a run
/// whose rows changed, fails).
std::string marker_checksum(std::string_view run_key, std::string_view setting, long long seed, long long rows,
                            std::string_view run_checksum) {
  rdb::RowHash h;
  h.text(run_key);
  h.text(setting);
  h.integer(seed);
  h.integer(rows);
  h.text(run_checksum);
  return fmt::format("fnv1a64:{:016x}", h.value());
}

/// What a user can do about a damaged sweep database.
std::string recovery_hint(const std::string& path) {
  return fmt::format(
      ". Nothing was run and no bands were written. To recover, move the file aside (mv '{0}' '{0}.damaged') and "
      "rerun the same command: every run is done again; docs/CLUSTER.md (\"Damaged databases\") shows how to keep "
      "the runs that verify",
      path);
}

}  // namespace

using detail::sqlite::Db;
using detail::sqlite::Stmt;

struct Store::Impl {
  std::string path;
  int busy_timeout_ms = 60000;
  std::unique_ptr<Db> db;

  [[nodiscard]] sqlite3* raw() const { return db->get(); }
  void exec(const char* sql, const std::string& what) const { db->exec(sql, what); }
  void rollback() const { sqlite3_exec(raw(), "ROLLBACK", nullptr, nullptr, nullptr); }
  /// The store's failures: damage gets the recovery hint, a busy database the likely cause.
  [[noreturn]] static void raise(const detail::sqlite::Failure& f, int busy_timeout_ms) {
    if (f.opening) throw std::runtime_error(detail::sqlite::describe(f));
    std::string msg = detail::sqlite::describe(f);
    if ((f.code & 0xff) == SQLITE_CORRUPT || (f.code & 0xff) == SQLITE_NOTADB)
      msg = fmt::format("{} is damaged: {}: {}", f.path, f.what, f.message) + recovery_hint(f.path);
    if ((f.code & 0xff) == SQLITE_BUSY)
      msg += fmt::format(" (another process held the database for more than {:g} s; is another sweep writing it?)",
                         busy_timeout_ms / 1000.0);
    throw std::runtime_error(msg);
  }
};

Store::Store(const std::string& db_path, int busy_timeout_ms) : path_(db_path), impl_(std::make_unique<Impl>()) {
  impl_->path = db_path;
  std::error_code ec;
  const bool existing = std::filesystem::file_size(db_path, ec) > 0 && !ec;
  impl_->busy_timeout_ms = busy_timeout_ms;
  impl_->db = std::make_unique<Db>(db_path, Db::Mode::read_write_create,
                                   [ms = busy_timeout_ms](const detail::sqlite::Failure& f) { Impl::raise(f, ms); });
  try {
    impl_->db->busy_timeout(busy_timeout_ms);
    if (existing) {  // before anything writes to it
      verify();
      detail::results_db::check_can_add_runs(impl_->raw(), db_path);
    }
    impl_->exec("PRAGMA page_size=16384", "cannot set the page size");
    switch_to_wal();
    // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a killed process
    // loses nothing it committed (the WAL is written before COMMIT returns); a power cut may
    // lose the last commits but never corrupts the database (sqlite.org/pragma.html#pragma_synchronous).
    impl_->exec("PRAGMA synchronous=NORMAL", "cannot set synchronous");
    impl_->exec("BEGIN IMMEDIATE", "cannot begin a transaction");
    try {
      detail::results_db::create_tables(impl_->raw(), db_path);
      impl_->exec(kSweepSchema, "cannot create the sweep tables");
      if (!column_exists("sweep_runs", "checksum"))  // a version-0 file: its markers keep a NULL checksum
        impl_->exec("ALTER TABLE sweep_runs ADD COLUMN checksum TEXT", "cannot add the checksum column");
      impl_->exec("COMMIT", "cannot commit");
    } catch (...) {
      impl_->rollback();
      throw;
    }
  } catch (...) {
    impl_->db.reset();
    throw;
  }
}

Store::~Store() {
  rdb::leave_wal(impl_->raw());
  impl_->db.reset();
}

void Store::switch_to_wal() {
  // Leaving the rollback journal needs the file to itself, and SQLite does not wait for that
  // (no busy handler): retry until the busy timeout, as a writer would wait.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(impl_->busy_timeout_ms);
  while (true) {
    std::string mode;
    const int rc = sqlite3_exec(
        impl_->raw(), "PRAGMA journal_mode=WAL",
        [](void* out, int, char** values, char**) {
          *static_cast<std::string*>(out) = values[0] != nullptr ? values[0] : "";
          return 0;
        },
        &mode, nullptr);
    if (rc != SQLITE_OK &&
        ((sqlite3_extended_errcode(impl_->raw()) & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline))
      impl_->db->fail("cannot switch to WAL");
    if (mode == "wal") return;
    if (!mode.empty() && std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error(fmt::format("sqlite: cannot switch {} to WAL (journal mode {})", impl_->path, mode));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool Store::column_exists(const char* table, const char* column) {
  Stmt q(*impl_->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
  const std::string table_s(table), column_s(column);
  q.bind(1, table_s).bind(2, column_s);
  return q.row("cannot read the table's columns");
}

void Store::verify() {
  Impl& im = *impl_;
  try {
    im.exec("BEGIN", "cannot begin a transaction");
    struct Rollback {
      const Impl& im;
      ~Rollback() { im.rollback(); }
    } end{im};
    const std::map<long long, std::string> sums = rdb::verify(im.raw(), im.path);
    if (!column_exists("sweep_runs", "checksum")) return;  // no sweep tables, or version 0
    Stmt q(*im.db, "SELECT run_key, run_id, setting_key, seed, series_rows, checksum FROM sweep_runs");
    std::vector<std::string> bad;
    int markers = 0;
    while (q.row("cannot read sweep_runs")) {
      ++markers;
      if (sqlite3_column_type(q.get(), 5) == SQLITE_NULL) continue;
      auto text = [&](int c) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), c));
        return t ? std::string(t, static_cast<size_t>(sqlite3_column_bytes(q.get(), c))) : std::string();
      };
      const std::string key = text(0);
      const auto run = sums.find(sqlite3_column_int64(q.get(), 1));
      const bool ok = run != sums.end() && text(5) == marker_checksum(key, text(2), sqlite3_column_int64(q.get(), 3),
                                                                       sqlite3_column_int64(q.get(), 4), run->second);
      if (!ok) bad.push_back(fmt::format("the marker of run key {} (run {})", key, sqlite3_column_int64(q.get(), 1)));
    }
    if (!bad.empty()) {
      std::string list;
      for (size_t i = 0; i < bad.size() && i < 5; ++i) list += (i ? "; " : "") + bad[i];
      if (bad.size() > 5) list += fmt::format("; and {} more", bad.size() - 5);
      throw rdb::Damaged(fmt::format("{} is damaged: {} of {} finished-run markers (sweep_runs) fail their checksum: {}",
                                     im.path, bad.size(), markers, list));
    }
  } catch (const rdb::Damaged& e) {
    throw rdb::Damaged(e.what() + recovery_hint(im.path));
  }
}

void Store::record_settings(const Plan& plan) {
  Impl& im = *impl_;
  im.exec("BEGIN IMMEDIATE", "cannot begin a transaction");
  try {
    Stmt set(*im.db,
                   "INSERT OR IGNORE INTO sweep_settings(setting_key, scenario, scenario_hash, scenario_file, label, "
                   "assignments) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    Stmt val(*im.db, "INSERT OR IGNORE INTO sweep_setting_values(setting_key, key, value) VALUES (?1, ?2, ?3)");
    for (size_t i = 0; i < plan.settings.size(); ++i) {
      const Setting& s = plan.settings[i];
      const std::string key = setting_key(plan, s);
      set.bind(1, key).bind(2, plan.descriptions[i].name).bind(3, plan.scenario_hash).bind(4, plan.scenario_path);
      set.bind(5, s.label).bind(6, s.canonical).run("cannot insert a setting");
      for (const std::string& a : s.assignments) {
        const size_t eq = a.find('=');
        const std::string name = a.substr(0, eq), value = a.substr(eq + 1);
        val.bind(1, key).bind(2, name).bind(3, value).run("cannot insert a setting value");
      }
    }
    im.exec("COMMIT", "cannot commit");
  } catch (...) {
    im.rollback();
    throw;
  }
}

bool Store::finished(const std::string& run_key) {
  Stmt q(*impl_->db, "SELECT 1 FROM sweep_runs WHERE run_key = ?1");
  q.bind(1, run_key);
  return q.row("cannot read sweep_runs");
}

bool Store::write(const Plan& plan, const PlannedRun& pr, const RunResult& r) {
  Impl& im = *impl_;
  const Setting& s = plan.settings[static_cast<size_t>(pr.setting)];
  const Description& d = plan.descriptions[static_cast<size_t>(pr.setting)];
  im.exec("BEGIN IMMEDIATE", "cannot begin a transaction");
  try {
    {
      Stmt q(*im.db, "SELECT 1 FROM sweep_runs WHERE run_key = ?1");
      q.bind(1, pr.key);
      if (q.row("cannot read sweep_runs")) {
        im.rollback();
        return false;
      }
    }
    std::string run_checksum;
    const long long run_id = rdb::insert_run(im.raw(), im.path, r, d, s.canonical, &run_checksum);
    Stmt mark(*im.db,
                    "INSERT INTO sweep_runs(run_key, run_id, setting_key, base_seed, seed_index, seed, series_rows, "
                    "status, checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'finished', ?8)");
    const std::string skey = setting_key(plan, s);
    const auto seed = static_cast<long long>(pr.seed);
    const auto rows = static_cast<long long>(r.series.size());
    mark.bind(1, pr.key).bind(2, run_id).bind(3, skey);
    mark.bind(4, static_cast<long long>(plan.base_seed)).bind(5, static_cast<long long>(pr.seed_index));
    const std::string checksum = marker_checksum(pr.key, skey, seed, rows, run_checksum);
    mark.bind(6, seed).bind(7, rows).bind(8, checksum);
    mark.run("cannot insert the run's marker");
    im.exec("COMMIT", "cannot commit");
    return true;
  } catch (...) {
    im.rollback();
    throw;
  }
}

Rows Store::read(const std::string& run_key, Names& names) {
  Impl& im = *impl_;
  long long run_id = 0;
  std::uint64_t expected = 0;
  bool checked = false;
  {
    Stmt q(*im.db, "SELECT m.run_id, r.checksum FROM sweep_runs m LEFT JOIN runs r USING (run_id) WHERE run_key = ?1");
    q.bind(1, run_key);
    if (!q.row("cannot read sweep_runs"))
      throw std::runtime_error(fmt::format("sweep: run {} is not in {}", run_key, im.path));
    run_id = sqlite3_column_int64(q.get(), 0);
    if (sqlite3_column_type(q.get(), 1) != SQLITE_NULL) {  // NULL: written before checksums
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1));
      if (!rdb::series_part(std::string(t, static_cast<size_t>(sqlite3_column_bytes(q.get(), 1))), expected))
        throw rdb::Damaged(fmt::format("{} is damaged: run {} has a malformed checksum", im.path, run_id) +
                           recovery_hint(im.path));
      checked = true;
    }
  }
  // The run's series_values rows (schema 2: one per series) in the order they were written;
  // the store refuses older files, so there is no tidy table here.
  Rows out;
  Stmt q(*im.db,
         "SELECT indicator, sector, region, first_month, month_list, vals FROM series_values WHERE run_id = ?1 "
         "ORDER BY rowid");
  q.bind(1, run_id);
  auto text = [&](int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(q.get(), col))) : std::string_view();
  };
  rdb::RowHash hash;  // the same fields in the same order as at writing (results/sqlite.hpp)
  std::vector<int> months;
  std::vector<double> values;
  std::string last_date;
  std::uint16_t date_id = 0;
  int last_month = -1;
  while (q.row("cannot read the series")) {
    rdb::hash_packed_row(hash, q.get(), 0);
    if (!rdb::unpack_column(q.get(), 3, months, values))
      throw rdb::Damaged(fmt::format("{} is damaged: run {} (run key {}): a series_values row is not a list of values",
                                     im.path, run_id, run_key) +
                         recovery_hint(im.path));
    std::uint16_t id[4] = {0, 0, 0, 0};
    for (int c = 0; c < 3; ++c)
      if (sqlite3_column_type(q.get(), c) != SQLITE_NULL) id[c + 1] = names.id(c + 1, text(c));
    for (size_t i = 0; i < values.size(); ++i) {
      if (months[i] != last_month) {
        last_month = months[i];
        last_date = YearMonth::from_index(last_month).str();
        date_id = names.id(0, last_date);
      }
      out.key.push_back(row_key(date_id, id[1], id[2], id[3]));
      out.value.push_back(values[i]);
    }
  }
  if (checked && hash.value() != expected)
    throw rdb::Damaged(fmt::format("{} is damaged: run {} (run key {}): its series rows do not match the checksum "
                                   "written with them",
                                   im.path, run_id, run_key) +
                       recovery_hint(im.path));
  return out;
}

}  // namespace lightind::sweep
