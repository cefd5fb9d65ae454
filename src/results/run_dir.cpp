// lightind: a run's output folder, written whole or not at all.
#include <filesystem>
#include <future>
#include <string>
#include <thread>

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
void write_run_dir(const RunResult& r, const Description& d, const std::string& dir, bool force, Profile* profile,
                   int threads) {
  if (dir.empty()) throw OutputRefused("write_run_dir: an empty folder name; nothing written");
  const bool alongside = threads != 1 && std::thread::hardware_concurrency() > 1;
  detail::output::replace_folder(fs::path(dir), force, "run", [&](const fs::path& tmp) {
    // On a second core the text files are written while results.sqlite is (about half of
    // the writing each in the reference run). The database stays on this thread: its pages
    // come from the main heap's warm pages, where a thread's own arena faulted them in anew
    // (results.sqlite written on a second thread took 15-19 ms against 6-9 ms here).
    Profile text_profile;
    auto write_text = [&](Profile* p) {
      {
        const ProfileScope timed(p, "write/series.csv");
        write_series_csv(r, (tmp / "series.csv").string());
      }
      {
        const ProfileScope timed(p, "write/summary.json");
        write_summary_json(r, d, (tmp / "summary.json").string());
      }
      {
        const ProfileScope timed(p, "write/accounts.csv");
        write_accounts_csv(r, (tmp / "accounts.csv").string());
      }
    };
    std::future<void> text;
    if (alongside) text = detail::output::write_alongside([&] { write_text(profile != nullptr ? &text_profile : nullptr); });
    {
      const ProfileScope timed(profile, "write/results.sqlite");
      detail::results_db::write_new_file(r, d, (tmp / "results.sqlite").string());
    }
    if (!alongside) {
      write_text(profile);
      return;
    }
    {
      const ProfileScope timed(profile, "write/text files (wait)");
      text.get();  // rethrows the writers' error
    }
    if (profile != nullptr)
      for (const Profile::Entry& e : text_profile.entries)
        profile->add("alongside/" + e.name.substr(e.name.find('/') + 1), e.seconds);
  });
}

}  // namespace lightind
