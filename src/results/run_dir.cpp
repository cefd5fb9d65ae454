// lightind: a run's output folder, written whole or not at all.
#include <filesystem>
#include <string>

#include "lightind/profile.hpp"
#include "lightind/results.hpp"
#include "results/output.hpp"
#include "results/sqlite.hpp"

namespace lightind {

namespace fs = std::filesystem;

/// Writes the marker, series.csv, summary.json, results.sqlite (a fresh database) and
/// accounts.csv into `dir.lightind-tmp-<pid>`, then renames it to `dir`
/// (detail::output::replace_folder: an existing `dir` is replaced only when it is lightind's,
/// empty, or `force`). On any error `dir` is left as it was.
void write_run_dir(const RunResult& r, const Description& d, const std::string& dir, bool force, Profile* profile) {
  if (dir.empty()) throw OutputRefused("write_run_dir: an empty folder name; nothing written");
  detail::output::replace_folder(fs::path(dir), force, "run", [&](const fs::path& tmp) {
    {
      const ProfileScope timed(profile, "write/series.csv");
      write_series_csv(r, (tmp / "series.csv").string());
    }
    {
      const ProfileScope timed(profile, "write/summary.json");
      write_summary_json(r, d, (tmp / "summary.json").string());
    }
    {
      const ProfileScope timed(profile, "write/results.sqlite");
      detail::results_db::write_new_file(r, d, (tmp / "results.sqlite").string());
    }
    const ProfileScope timed(profile, "write/accounts.csv");
    write_accounts_csv(r, (tmp / "accounts.csv").string());
  });
}

}  // namespace lightind
