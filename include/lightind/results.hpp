// lightind: writing results — series.csv, summary.json, results.sqlite, accounts.
#pragma once

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

/// Writes series.csv, summary.json, results.sqlite and accounts.csv into `dir`. Everything
/// is written into a temporary sibling folder first and renamed into place at the end, so
/// an interrupted run leaves no partial output folder.
void write_run_dir(const RunResult& r, const Description& d, const std::string& dir);

/// `lightind accounts`: from a run folder's accounts.csv, the Godley tables of one month
/// ("YYYY-MM") as CSV text: the transaction-flow matrix (rows = flows, columns =
/// institutions, with row and column sums) and the balance sheets.
[[nodiscard]] std::string godley_tables(const std::string& run_dir, const std::string& month);

}  // namespace lightind
