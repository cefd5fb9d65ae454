// lightind: where outputs go, and how (internal). The rules (README.md "Outputs and
// --force", docs/OUTPUTS.md):
//   - a folder name made from a scenario name is one path component (folder_name);
//   - lightind replaces or writes into an existing folder only when it is its own (it holds
//     the marker file `.lightind-run`) or empty, unless forced; never a file or a symbolic
//     link where a folder goes;
//   - every file is written through a temporary sibling `NAME.lightind-tmp-<pid>` with checked
//     writes, fsync'ed and renamed into place; errors name the path and the system's reason;
//   - temporary items of a killed process (`NAME.lightind-tmp-<pid>`, `NAME.lightind-old-<pid>`,
//     and the older `NAME.tmp-<pid>` / `NAME.old-<pid>` next to a target) are removed by the
//     next write to the same place, or by `lightind clean DIR`, once their pid is gone.
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::detail::output {

namespace fs = std::filesystem;

/// The marker file lightind writes into every folder it creates: "lightind VERSION KIND\n".
inline constexpr const char* kMarker = ".lightind-run";

/// `name` as one folder-name component: '/', '\\' and control characters (NUL included)
/// become '_'. Throws OutputRefused when the result is empty, only dots ("." or ".."), or
/// longer than 200 bytes. `what` names the source in the message (e.g. "scenario name").
[[nodiscard]] std::string folder_name(std::string_view name, std::string_view what = "scenario name");

/// Whether `dir` is a folder holding lightind's marker file.
[[nodiscard]] bool is_ours(const fs::path& dir);

/// Throws OutputRefused unless a folder may be written at `dir`: it is missing, an empty
/// folder, a lightind folder, or (force) any folder. A file, a symbolic link or anything
/// else that is not a folder is refused even when forced.
void check_folder(const fs::path& dir, bool force);

/// check_folder, then creates `dir` (and its parents) when missing and writes the marker
/// ("lightind VERSION KIND") into it: a folder that commands may write files into.
void claim_folder(const fs::path& dir, bool force, std::string_view kind);

/// Replaces the folder `target` (check_folder first) with one that `fill` writes: a
/// temporary sibling `target.lightind-tmp-<pid>` holding the marker is filled, then renamed
/// into place; the previous folder goes to `target.lightind-old-<pid>` and is removed last.
/// On any error the temporary folder is removed and `target` is left as it was.
void replace_folder(const fs::path& target, bool force, std::string_view kind,
                    const std::function<void(const fs::path& tmp)>& fill);

/// Throws OutputRefused unless a file may be written at `path`: missing, a device or pipe
/// (written in place), a regular file that `ours` recognises as lightind's, or (force) a
/// regular file. A folder or a symbolic link to a regular file is refused even when forced.
void check_file(const fs::path& path, bool force, const std::function<bool(const fs::path&)>& ours);

/// A file written whole or not at all: into `path.lightind-tmp-<pid>` (or straight into
/// `path` when it is a device or pipe, such as /dev/stdout), every write checked; commit()
/// flushes, fsyncs, closes and renames it into place. Destroyed uncommitted, it removes the
/// temporary file. Errors throw std::runtime_error "cannot write PATH: REASON".
class AtomicFile {
 public:
  explicit AtomicFile(fs::path path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();
  void write(std::string_view data);
  void commit();

 private:
  fs::path path_, tmp_;
  int fd_ = -1;
  bool in_place_ = false;
};

/// AtomicFile in one call.
void write_file_atomic(const fs::path& path, std::string_view data);

/// Writes `data` to `path` (a new file, no rename), every write checked and fsync'ed: for
/// files inside a temporary folder that is renamed into place later.
void write_file_synced(const fs::path& path, std::string_view data);

/// fsync of a file another writer wrote (results.sqlite of a run folder); errors as above.
void sync_file(const fs::path& path);

/// Runs `write` on a thread of its own while the caller goes on writing other files of the
/// same folder: the files it writes are synced by the caller's folder syncer (replace_folder),
/// so the folder is still renamed only once they are on disk. get() on the result waits for it
/// and rethrows what it threw; the caller must wait for it before `fill` returns.
[[nodiscard]] std::future<void> write_alongside(std::function<void()> write);

/// A file written in pieces (the CSV writers: a small buffer written out as it fills, no
/// copy of the whole text in memory), then synced and closed as write_file_synced does.
class SyncedFile {
 public:
  explicit SyncedFile(fs::path path);
  SyncedFile(const SyncedFile&) = delete;
  SyncedFile& operator=(const SyncedFile&) = delete;
  ~SyncedFile();
  void write(std::string_view data);
  /// fsync (or hand to the folder's syncer, see replace_folder) and close; throws as above.
  void close();

 private:
  fs::path path_;
  int fd_ = -1;
};

/// Whether `name` is a temporary item lightind makes for a target ("X.lightind-tmp-PID",
/// "X.lightind-old-PID"; with `legacy`, also "X.tmp-PID" and "X.old-PID"); sets `pid`.
[[nodiscard]] bool temp_pid(const std::string& name, bool legacy, long long& pid);

/// Whether process `pid` is alive (kill(pid, 0) does not answer ESRCH).
[[nodiscard]] bool pid_alive(long long pid);

/// Removes the temporary siblings of `target` left by processes that are gone; returns them.
std::vector<fs::path> remove_stale_temps(const fs::path& target);

/// `lightind clean DIR`: every stale temporary item under `dir` (recursively, not following
/// links): "X.lightind-tmp-PID" and "X.lightind-old-PID" whose process is gone. Returns the
/// removed paths; keeps everything whose process is alive.
std::vector<fs::path> clean_stale_temps(const fs::path& dir);

}  // namespace lightind::detail::output
