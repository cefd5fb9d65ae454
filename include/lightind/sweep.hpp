// lightind: ensembles and parameter sweeps — grids of settings x seeds, quantile bands,
// resumable storage in the SQLite results database (docs/CLUSTER.md, README "Sweeps").
//
// A sweep is a scenario, a list of `--set` arguments and a number of seeds. Each `--set`
// is `key=value` (one value), `key=v1,v2,...` (a list) or `key=a:b:step` (a range, both
// ends included); the settings are the Cartesian product of the lists and ranges, the first
// `--set` varying slowest. Every setting runs with the same N seeds (common random numbers),
// derived from a base seed S by splitmix64 (derive_seed). A run is identified by its run
// key: the scenario's content hash, the setting's assignments and the seed; a finished run
// is written in one SQLite transaction together with its marker row, so a rerun of the same
// sweep skips it and a killed sweep loses nothing it finished.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lightind/description.hpp"
#include "lightind/run.hpp"
#include "lightind/series.hpp"

namespace lightind::detail {
struct Value;  // a scenario's merged tree (src/scenario/tree.hpp)
}  // namespace lightind::detail

namespace lightind::sweep {

// ---------------------------------------------------------------------------------------
// Grid of settings.

/// One `--set` argument, expanded: the key and its values as TOML text.
struct Axis {
  std::string key;
  std::vector<std::string> values;
  bool varies = false;  ///< given as a list or a range (it names the setting), not key=value
};

/// Parses one `--set` argument:
///   key=a:b:step   numbers a <= b, step > 0: a, a+step, ... up to b (within 1e-9 step);
///                  integers when a, b and step are integers, else floats ("1.5", "2.0")
///   key=v1,v2,...  each value as written (no empty value, no repeat)
///   key=value      one value; values starting with [ { " or ' are never split
/// Throws ScenarioError("--set", 0, key, expected, found) on a malformed argument.
[[nodiscard]] Axis parse_set(const std::string& argument);

/// One point of the grid.
struct Setting {
  int index = 0;                         ///< position in the grid, 0-based
  std::vector<std::string> assignments;  ///< "key=value", in `--set` order (for load_scenario)
  std::string label;                     ///< the varying assignments joined by ';', or "default"
  std::string canonical;                 ///< every assignment sorted by key, joined by ';'
};

/// One `key=value` taken as a single value, never split into a list or range (as `lightind
/// run --set`; Python's overrides). Throws ScenarioError("--set", ...) without '=' or key.
[[nodiscard]] Axis fixed_axis(const std::string& argument);

/// Cartesian product of the parsed `--set` arguments, the first varying slowest. Throws
/// ScenarioError when a key is given twice or the grid exceeds `max_settings`.
[[nodiscard]] std::vector<Setting> expand_grid(const std::vector<std::string>& sets, std::size_t max_settings = 100000);
/// The same from axes given directly (Python's grid {key: [values]}): every axis needs at
/// least one value and no value twice. Throws ScenarioError("--set", 0, key, ...).
[[nodiscard]] std::vector<Setting> expand_axes(const std::vector<Axis>& axes, std::size_t max_settings = 100000);

/// The seed of run `index` (0-based) of an ensemble with base seed S: the index-th output of
/// the splitmix64 generator started at S (Steele, Lea & Flood 2014), shifted right by one bit
/// so that it stays a positive SQLite integer; 0 becomes 1 (0 means "the scenario's seed").
///   z = S + (index + 1) * 0x9e3779b97f4a7c15
///   z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;  z = (z ^ (z >> 27)) * 0x94d049bb133111eb
///   seed = (z ^ (z >> 31)) >> 1
[[nodiscard]] std::uint64_t derive_seed(std::uint64_t base, std::uint64_t index);

/// 64-bit FNV-1a of the bytes (the run keys' content hash; a fingerprint, not a security measure).
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL);

/// Content hash of a scenario: FNV-1a over the text of the file and of every file it
/// `extends`, in chain order, as 16 hex digits. Throws ScenarioError when a file is unreadable.
[[nodiscard]] std::string scenario_hash(const std::string& path);

// ---------------------------------------------------------------------------------------
// Quantile bands.

/// The quantiles written to bands.csv, in order, and their names there.
inline constexpr double kBandQuantiles[] = {0.05, 0.25, 0.50, 0.75, 0.95};
inline constexpr const char* kBandNames[] = {"p5", "p25", "p50", "p75", "p95"};

/// Quantile p of `values` (sorted in place first; NaNs dropped) by linear interpolation
/// between order statistics, Hyndman & Fan's type 7 (R's default, numpy's "linear"):
///   h = (n - 1) p,  Q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])
/// with x sorted ascending and 0-based. NaN when no value is left.
[[nodiscard]] double quantile(std::vector<double> values, double p);

/// The five band quantiles of `values`, one sort: {p5, p25, p50, p75, p95}.
[[nodiscard]] std::array<double, 5> band(std::vector<double> values);

/// Names of dates, indicators, sectors and regions, shared by the runs of a band
/// computation so that a row's identity is one integer.
class Names {
 public:
  /// Id (>= 1) of a name in one of the four columns (0 date, 1 indicator, 2 sector, 3 region).
  std::uint16_t id(int column, std::string_view name);
  [[nodiscard]] const std::string& name(int column, std::uint16_t id) const { return names_[column][id - 1]; }

 private:
  std::array<std::vector<std::string>, 4> names_;
  std::array<std::unordered_map<std::string, std::uint16_t>, 4> ids_;
};

/// Row identity: date, indicator, sector and region ids, 16 bits each (0: no sector or region).
[[nodiscard]] constexpr std::uint64_t row_key(std::uint16_t date, std::uint16_t indicator, std::uint16_t sector,
                                              std::uint16_t region) {
  return (std::uint64_t{date} << 48) | (std::uint64_t{indicator} << 32) | (std::uint64_t{sector} << 16) | region;
}

/// A run's series as plain rows (the form both the database and memory give), series by series
/// (in the order they first appear) and month by month.
struct Rows {
  std::vector<std::uint64_t> key;  ///< row_key
  std::vector<double> value;       ///< NaN for NULL
  [[nodiscard]] std::size_t size() const { return value.size(); }
};
[[nodiscard]] Rows to_rows(const Series& s, Names& names);

/// Bands of one setting across its runs, row by row: rows match by key, and a row missing
/// from a run counts as NaN there (it is left out of that row's quantiles).
struct Bands {
  std::string setting;                   ///< the label in bands.csv
  std::vector<std::uint64_t> key;        ///< per row, in the order of the first run's rows, then new ones
  std::vector<std::array<double, 5>> q;  ///< per row: p5, p25, p50, p75, p95
};
[[nodiscard]] Bands compute_bands(const std::string& setting, const std::vector<Rows>& runs);

/// Tidy CSV `setting,date,indicator,sector,region,quantile,value` of all `bands`, values in
/// the shortest form that reads back exactly, empty for NaN; the header line only when
/// `header` (so that a large file can be written one setting at a time).
[[nodiscard]] std::string bands_csv(const std::vector<Bands>& bands, const Names& names, bool header = true);

/// Which rows bands.csv keeps (issue 15: 25 MB for 24 runs with every sector and region).
struct BandRows {
  std::vector<std::string> indicators;  ///< only these indicators; empty: every indicator
  bool breakdowns = false;              ///< also the sector and region rows (else national rows only)
};
/// The rows of `b` that `rows` keeps, in their order.
[[nodiscard]] Bands select_rows(const Bands& b, const Names& names, const BandRows& rows);

/// One setting's band of an indicator's annual mean: the mean over the months of `year` of
/// the monthly p5, p50 and p95 of the national row (NaN months left out; NaN when none).
struct AnnualBand {
  double p5 = 0, p50 = 0, p95 = 0;
};
/// AnnualBand of each of `indicators` (absent ones left out) in `year`, from one setting's bands.
[[nodiscard]] std::vector<std::pair<std::string, AnnualBand>> annual_bands(const Bands& b, const Names& names,
                                                                          const std::vector<std::string>& indicators,
                                                                          int year);

/// What a sweep's settings did to one indicator in one year: each setting's AnnualBand, the
/// range of the medians (largest - smallest p50) and whether it exceeds the seed noise (the
/// settings with the smallest and the largest median have p5..p95 bands that do not overlap).
struct Effect {
  std::string indicator;
  std::vector<AnnualBand> by_setting;  ///< per setting, in plan order
  int lowest = 0, highest = 0;         ///< settings with the smallest and largest median
  double range = 0;                    ///< highest p50 - lowest p50
  double relative = 0;                 ///< range / |mean of the medians| (0 when the mean is 0)
  bool beyond_noise = false;
};
/// Effects of every indicator present in each setting's annual bands (`per_setting[s]`, as
/// annual_bands gives them), largest relative range first.
[[nodiscard]] std::vector<Effect> sweep_effects(
    const std::vector<std::vector<std::pair<std::string, AnnualBand>>>& per_setting);

// ---------------------------------------------------------------------------------------
// The plan of a sweep.

/// One run of the grid: setting `setting` (index into Plan::settings) with seed number `seed_index`.
struct PlannedRun {
  int setting = 0;
  int seed_index = 0;
  std::uint64_t seed = 0;
  std::string key;  ///< run key: scenario hash|canonical assignments|seed
};

struct Plan {
  std::string scenario_path;
  std::string scenario_hash;
  std::uint64_t base_seed = 0;
  int runs_per_setting = 0;
  std::vector<Setting> settings;
  std::vector<Description> descriptions;  ///< per setting, loaded with the scenario's own seed (validated)
  std::vector<PlannedRun> runs;           ///< settings x seeds, run index = setting * N + seed_index
  /// The scenario file read and merged once, when the plan was made (the file its hash
  /// names): each run applies its setting's overrides to it (run_one).
  std::shared_ptr<const lightind::detail::Value> tree;
};

/// Loads and validates every setting (a rejected one throws ScenarioError before anything
/// runs) and lists the runs. base_seed 0: the scenario's seed.
[[nodiscard]] Plan make_plan(const std::string& scenario_path, const std::vector<std::string>& sets,
                             int runs_per_setting, std::uint64_t base_seed);
/// The same with the grid given as axes (expand_axes; Python's lightind.sweep).
[[nodiscard]] Plan make_plan_axes(const std::string& scenario_path, const std::vector<Axis>& axes,
                                  int runs_per_setting, std::uint64_t base_seed);

/// Runs one planned run: loads the setting with the run's seed (the enterprise generators
/// draw from it) and runs it without keeping accounts, with no thread limit of its own (the
/// caller's oneTBB arena bounds the threads; results do not depend on their number).
[[nodiscard]] RunResult run_one(const Plan& plan, const PlannedRun& pr);

/// The end summary: what varied (each axis with several values), the `top` largest effects
/// in `year` with their bands, and a line saying that the bands reflect seed noise only when
/// one setting ran (or, with several, that each setting's band is seed noise).
[[nodiscard]] std::string sweep_summary_text(const Plan& plan, const std::vector<Effect>& effects, int year,
                                             std::size_t top = 5);

/// A run's result in bytes and back (for MPI): the series, events and run fields.
[[nodiscard]] std::string serialize(const RunResult& r);
[[nodiscard]] RunResult deserialize(const std::string& bytes);

// ---------------------------------------------------------------------------------------
// The results database.

/// The sweep tables beside runs/series/events (one connection; not thread-safe: callers
/// serialise). WAL journal while open (rollback journal left behind when the last connection
/// closes), 60 s busy timeout, each finished run one short transaction with its checksum and
/// its marker's checksum. Schema version: PRAGMA user_version (src/results/sqlite.hpp).
class Store {
 public:
  /// Opens (creating when missing) the database; a writer waits up to `busy_timeout_ms` for
  /// another process's transaction before giving up with a message saying so. An existing
  /// file is verified first (verify()); a damaged one throws before anything is written.
  explicit Store(const std::string& db_path, int busy_timeout_ms = 60000);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Records the plan's settings and their key=value pairs (idempotent).
  void record_settings(const Plan& plan);
  /// Whether a run with this key is finished.
  [[nodiscard]] bool finished(const std::string& run_key);
  /// Writes a finished run: runs row, series, events, its marker in sweep_runs, in one
  /// transaction. Returns false (and writes nothing) when the key was finished meanwhile
  /// by another process.
  bool write(const Plan& plan, const PlannedRun& pr, const RunResult& r);
  /// The stored series of a finished run, in insertion order. Throws when it is absent, and
  /// throws detail::results_db::Damaged (a std::runtime_error) when the rows do not match the
  /// run's checksum.
  [[nodiscard]] Rows read(const std::string& run_key, Names& names);
  /// SQLite's quick_check, the schema version, every run's checksum (its series, runs row and
  /// events) and every marker's checksum, in one read transaction. Throws a
  /// std::runtime_error saying what is damaged and how to recover.
  void verify();
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  bool column_exists(const char* table, const char* column);
  void switch_to_wal();
  struct Impl;
  std::string path_;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------
// Running.

struct Progress {
  int done = 0;        ///< runs finished in this sweep, skipped ones included
  int total = 0;       ///< runs in the grid
  int skipped = 0;     ///< already finished in the database at the start
  double seconds = 0;  ///< since the start
};

struct Options {
  int threads = 0;  ///< parallel runs (oneTBB arena); 0: all cores
  /// Called (serialised) after each finished run.
  std::function<void(const Progress&)> progress;
};

/// Runs the given run indices of the plan in parallel, one run per task in a oneTBB arena of
/// `threads` threads (a run's own parallel loops are isolated, so they only use threads
/// that have no run of their own; with as many runs as threads each is single-threaded), and
/// hands each result to `sink` (called serialised, in completion order). `skip(i)`, when
/// set, is asked just before run i starts (another process may have finished it).
void execute(const Plan& plan, const std::vector<int>& indices, int threads,
             const std::function<void(int, RunResult&&)>& sink, const std::function<bool(int)>& skip = {});

/// Bands of every setting of the plan from runs held in memory (no database): runs the plan
/// as `execute` does and computes each setting's bands, its runs in seed order, as soon as
/// its last run finishes (its rows are then freed). `progress(done, total)` is called
/// (serialised) after each run; an exception it throws stops the sweep and is rethrown.
[[nodiscard]] std::vector<Bands> bands_in_memory(const Plan& plan, Names& names, int threads,
                                                 const std::function<void(int, int)>& progress = {});

/// Bands of one setting from the store, its runs in seed order.
[[nodiscard]] Bands setting_bands(const Plan& plan, Store& store, Names& names, int setting);
/// Bands of every setting from the store.
[[nodiscard]] std::vector<Bands> bands_from_store(const Plan& plan, Store& store, Names& names);

struct Summary {
  int total = 0, skipped = 0, ran = 0, taken_by_others = 0;
  double seconds = 0;        ///< wall time of the sweep (runs and writes)
  double run_seconds = 0;    ///< RunResult::wall_seconds summed over the runs done here
  double write_seconds = 0;  ///< time spent writing runs into the database (serial)
};

/// Writes finished run i to the store and counts it in `sum`: ran, or finished meanwhile by
/// another sweep (taken_by_others), with the write's and the run's seconds.
void store_result(Store& store, const Plan& plan, int i, const RunResult& r, Summary& sum);

/// The sweep's database writer off the workers' path (issue 16): one thread that hands the
/// finished runs to `write`, one at a time in the order they were pushed, while the workers
/// go on with their next run. push() waits only while `capacity` results are already queued
/// (the memory a slow disk can take). The first exception `write` throws is kept: later pushes
/// rethrow it (the workers stop) and finish() rethrows it. lock() is held around each write:
/// whoever else touches the store or what `write` updates takes it too.
class WriterThread {
 public:
  explicit WriterThread(std::function<void(int, RunResult&&)> write, size_t capacity = 8);
  WriterThread(const WriterThread&) = delete;
  WriterThread& operator=(const WriterThread&) = delete;
  /// finish(), an exception it would throw dropped.
  ~WriterThread();

  /// Queues run i's result; rethrows the writer's first exception.
  void push(int i, RunResult&& r);
  /// Waits until every queued result is written and stops the thread; rethrows the writer's
  /// first exception. Nothing may be pushed afterwards.
  void finish();
  [[nodiscard]] std::mutex& lock();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The whole sweep in this process: opens the store, skips finished runs, runs the rest,
/// writes each as it finishes (on a WriterThread). Bands are computed afterwards with bands_from_store.
Summary run_sweep(const Plan& plan, Store& store, const Options& opt);

}  // namespace lightind::sweep
