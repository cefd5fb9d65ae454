// lightind: a run's output folder, written whole or not at all.
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

#include "lightind/results.hpp"

namespace lightind {

namespace fs = std::filesystem;

/// Writes series.csv, summary.json, results.sqlite (a fresh database) and accounts.csv into
/// `dir.tmp-<pid>`, then renames it to `dir`; an existing `dir` is renamed to `dir.old-<pid>`
/// first and removed last. On any error the temporary folder is removed and the error
/// rethrown, leaving `dir` as it was.
void write_run_dir(const RunResult& r, const Description& d, const std::string& dir) {
  fs::path target(dir);
  if (!target.has_filename()) target = target.parent_path();  // "out/" -> "out"
  if (target.empty()) throw std::runtime_error("write_run_dir: empty folder name");
  const std::string pid = std::to_string(static_cast<long long>(::getpid()));
  const fs::path tmp = target.string() + ".tmp-" + pid;
  const fs::path old = target.string() + ".old-" + pid;

  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  fs::remove_all(tmp);  // left by a killed process with the same pid
  try {
    fs::create_directory(tmp);
    write_series_csv(r, (tmp / "series.csv").string());
    write_summary_json(r, d, (tmp / "summary.json").string());
    write_sqlite(r, d, (tmp / "results.sqlite").string());
    write_accounts_csv(r, (tmp / "accounts.csv").string());

    const bool replace = fs::exists(fs::symlink_status(target));
    if (replace) {
      fs::remove_all(old);
      fs::rename(target, old);
    }
    try {
      fs::rename(tmp, target);
    } catch (...) {
      if (replace) {
        std::error_code ec;
        fs::rename(old, target, ec);  // put the previous output back
      }
      throw;
    }
    if (replace) {
      std::error_code ec;
      fs::remove_all(old, ec);  // the new output is in place; a leftover is only clutter
    }
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    throw;
  }
}

}  // namespace lightind
