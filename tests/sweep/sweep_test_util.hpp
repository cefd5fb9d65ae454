// Helpers for the sweep tests: child processes of the program, database queries.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "cli/cli_test_util.hpp"

extern char** environ;

namespace lightind::sweep_test {

using cli_test::read_file;
using cli_test::run_cli;
using cli_test::scratch_dir;

/// Options that make a reference run short: two years at 1:10,000 households.
inline const std::string kQuick = "--set scenario.end=2013-12 --set households.scale=10000";

/// `lightind ARGS` started in the background from the source folder (sh -c), its output
/// in `log`. Returns the pid.
inline pid_t spawn_cli(const std::string& args, const std::filesystem::path& log) {
  const std::string cmd = std::string("cd '") + LIGHTIND_SOURCE_DIR + "' && exec '" + LIGHTIND_CLI + "' " + args +
                          " > '" + log.string() + "' 2>&1";
  pid_t pid = -1;
  const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) return -1;
  return pid;
}

/// Waits for a child; its exit status, or 128 + signal when killed.
inline int wait_child(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

/// The first column of the first row of a query (an integer), opened read-only; -1 on error.
inline long long query_int(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 10000);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return v;
}

/// The first column of every row of a query, as text.
inline std::vector<std::string> query_texts(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 10000);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
      while (sqlite3_step(s) == SQLITE_ROW) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        out.emplace_back(t ? t : "");
      }
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return out;
}

/// Checks that every runs row of the database has its sweep marker, every series and events
/// row its run, and SQLite's own integrity check passes.
/// `min_rows`: the fewest series rows a run may have (a reference run has thousands).
inline void expect_no_partial_rows(const std::filesystem::path& db, int min_rows = 1000) {
  EXPECT_EQ(query_texts(db, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs WHERE run_id NOT IN (SELECT run_id FROM sweep_runs)"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_runs WHERE run_id NOT IN (SELECT run_id FROM runs)"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM series WHERE run_id NOT IN (SELECT run_id FROM sweep_runs)"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM events WHERE run_id NOT IN (SELECT run_id FROM sweep_runs)"), 0);
  // Every finished run has all its series rows: as many as its marker says it wrote.
  EXPECT_EQ(query_int(db,
                      "SELECT count(*) FROM sweep_runs r WHERE series_rows != "
                      "(SELECT count(*) FROM series s WHERE s.run_id = r.run_id)"),
            0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sweep_runs WHERE series_rows < " + std::to_string(min_rows)), 0);
}

}  // namespace lightind::sweep_test
