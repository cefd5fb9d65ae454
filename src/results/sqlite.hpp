// lightind: the runs/series/events tables of the results database, for writers that own
// the connection and the transaction (the sweep store, src/sweep/store.cpp). Internal.
#pragma once

#include <string>

#include <sqlite3.h>

#include "lightind/description.hpp"
#include "lightind/run.hpp"

namespace lightind::detail::results_db {

/// Creates the tables runs, series and events and their index when missing.
void create_tables(sqlite3* db, const std::string& path);

/// Inserts the runs row (with `settings` in its settings column), the series and the events
/// inside the caller's transaction; returns the run id. Throws std::runtime_error naming `path`.
long long insert_run(sqlite3* db, const std::string& path, const RunResult& r, const Description& d,
                     const std::string& settings);

}  // namespace lightind::detail::results_db
