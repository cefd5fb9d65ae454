// lightind: writing results — series.csv, summary.json, results.sqlite, accounts.
#pragma once

#include <stdexcept>
#include <string>

#include "lightind/description.hpp"
#include "lightind/run.hpp"

namespace lightind {

/// Tidy CSV with the header `date,scenario,run,indicator,sector,region,value`.
/// Values printed with %.10g: byte-identical for identical runs.
void write_series_csv(const RunResult& r, const std::string& path);
/// The same text as write_series_csv writes, in memory.
[[nodiscard]] std::string series_csv(const RunResult& r);

/// Every aggregate indicator's mean over each calendar year and its last month's value
/// (docs/INDICATORS.md), with the scenario name, seed, program version and source commit.
void write_summary_json(const RunResult& r, const Description& d, const std::string& path);

/// Appends the run to an SQLite database (tables runs, series, events; created when
/// missing) in one transaction: a killed run leaves no partial rows. Returns the run id.
long long write_sqlite(const RunResult& r, const Description& d, const std::string& db_path);

/// Every month's transaction-flow matrix, balance sheets and goods balances, tidy:
/// `date,table,row,column,value` with table "flows", "opening", "closing" or "goods";
/// values at full precision (they read back exactly).
void write_accounts_csv(const RunResult& r, const std::string& path);

/// An output that lightind refuses to write because it would replace or delete something
/// lightind did not write (an existing file, a folder without lightind's marker
/// `.lightind-run`, a symbolic link), or because a name cannot be a folder name. Nothing
/// has been written. The program exits 2; Python raises FileExistsError.
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes series.csv, summary.json, results.sqlite, accounts.csv and the marker
/// `.lightind-run` into `dir`. Everything is written into a temporary sibling folder first
/// and renamed into place at the end, so an interrupted run leaves no partial output folder.
/// An existing `dir` is replaced only when it is a lightind folder or empty, or any folder
/// when `force`; otherwise (and always for a file or link) OutputRefused.
/// With `profile` (`run --profile`), each writer's time is added to it as "write/<file>".
/// Unless `threads` is 1 (or the machine has one core), the text files are written on a
/// thread of their own while results.sqlite is written (issue 16: the files are ready sooner;
/// the folder appears as before, once every file is on disk); their times are then added as
/// "alongside/<file>", and the time the database's writer waited for them as
/// "write/text files (wait)".
void write_run_dir(const RunResult& r, const Description& d, const std::string& dir, bool force = false,
                   Profile* profile = nullptr, int threads = 0);

/// `lightind accounts`: from a run folder's accounts.csv, the Godley tables of one month
/// ("YYYY-MM") as CSV text: the transaction-flow matrix (rows = flows, columns =
/// institutions, with row and column sums) and the balance sheets.
[[nodiscard]] std::string godley_tables(const std::string& run_dir, const std::string& month);

}  // namespace lightind
