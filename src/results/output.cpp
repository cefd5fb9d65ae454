// lightind: where outputs go, and how (src/results/output.hpp).
#include "results/output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "lightind/results.hpp"
#include "lightind/version.hpp"

namespace lightind::detail::output {

namespace {

std::string pid_text() { return std::to_string(static_cast<long long>(::getpid())); }

[[noreturn]] void fail(const fs::path& path, int err) {
  throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
}

void write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

/// fsync of a folder, so a rename into it survives a crash; best effort (some file systems
/// refuse to fsync a folder).
void sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

/// The files of a folder that replace_folder fills are synced on a thread of their own while
/// the next file is formatted (the syncs wait on the disk, not the processor); replace_folder
/// waits for every one of them (finish) before it syncs the folder and renames it into place,
/// so the folder is renamed only when all its files are on disk, as when each was synced at
/// once. Errors are those of fsync and close, thrown by finish naming the first file.
class Syncer {
 public:
  Syncer() : thread_([this] { loop(); }) {}
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;
  ~Syncer() { stop(); }

  /// Syncs and closes `fd` (the file `path`), now owned by the syncer.
  void add(int fd, fs::path path) {
    {
      const std::lock_guard<std::mutex> lock(m_);
      queue_.emplace_back(fd, std::move(path));
    }
    cv_.notify_one();
  }

  /// Waits until every file added is synced and closed; throws for the first that failed.
  void finish() {
    stop();
    if (err_ != 0) fail(err_path_, err_);
  }

 private:
  void stop() {
    if (!thread_.joinable()) return;
    {
      const std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void loop() {
    for (;;) {
      std::pair<int, fs::path> item;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
        if (queue_.empty()) return;
        item = std::move(queue_.front());
        queue_.pop_front();
      }
      int err = ::fsync(item.first) != 0 ? errno : 0;
      if (::close(item.first) != 0 && err == 0) err = errno;
      if (err != 0) {
        const std::lock_guard<std::mutex> lock(m_);
        if (err_ == 0) {
          err_ = err;
          err_path_ = std::move(item.second);
        }
      }
    }
  }

  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::pair<int, fs::path>> queue_;
  bool done_ = false;
  int err_ = 0;
  fs::path err_path_;
  std::thread thread_;  // last: started once the members above exist
};

/// The syncer of the folder this thread is filling (replace_folder), if any.
thread_local Syncer* t_syncer = nullptr;

/// Sets t_syncer for a scope and puts the previous one back.
class SyncerScope {
 public:
  explicit SyncerScope(Syncer* s) : prev_(std::exchange(t_syncer, s)) {}
  SyncerScope(const SyncerScope&) = delete;
  SyncerScope& operator=(const SyncerScope&) = delete;
  ~SyncerScope() { t_syncer = prev_; }

 private:
  Syncer* prev_;
};

/// fsync and close of a written file: at once, or on the folder's syncer thread.
void sync_and_close(int fd, const fs::path& path) {
  if (t_syncer != nullptr) {
    t_syncer->add(fd, path);
    return;
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    fail(path, e);
  }
  if (::close(fd) != 0) fail(path, errno);
}

/// "a"/"b" without a trailing separator ("out/" -> "out").
fs::path strip(fs::path p) {
  if (!p.has_filename()) p = p.parent_path();
  return p;
}

std::string some_entries(const fs::path& dir, size_t& count) {
  std::string names;
  count = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (count < 3) names += fmt::format("{}'{}'", count ? ", " : "", e.path().filename().string());
    ++count;
  }
  return names;
}

bool folder_empty(const fs::path& dir) {
  std::error_code ec;
  return fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

/// "PATH IS; lightind does not replace WHAT (not even with --force): nothing written; ADVICE".
[[noreturn]] void refuse_even_forced(const fs::path& path, const char* is, const char* what, const char* advice) {
  throw OutputRefused(fmt::format("{} {}; lightind does not replace {} (not even with --force): nothing written; {}",
                                  path.string(), is, what, advice));
}

}  // namespace

std::string folder_name(std::string_view name, std::string_view what) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (c == '/' || c == '\\' || u < 0x20 || u == 0x7f) ? '_' : c;
  }
  const bool dots = out.find_first_not_of('.') == std::string::npos;  // "", ".", "..", ...
  if (dots || out.size() > 200) {
    std::string shown;
    for (const char c : name.substr(0, 60)) {
      const auto u = static_cast<unsigned char>(c);
      shown += u < 0x20 || u == 0x7f ? fmt::format("\\x{:02x}", u) : std::string(1, c);
    }
    throw OutputRefused(fmt::format(
        "{} '{}{}' cannot name an output folder: expected 1 to 200 bytes that are not all dots, found {}; "
        "nothing written (rename the scenario, or give --out DIR)",
        what, shown, name.size() > 60 ? "..." : "", out.empty() ? "an empty name" : out.size() > 200 ? fmt::format("{} bytes", out.size()) : "only dots"));
  }
  return out;
}

bool is_ours(const fs::path& dir) {
  std::error_code ec;
  const fs::path marker = dir / kMarker;
  if (!fs::is_regular_file(fs::symlink_status(marker, ec))) return false;
  const int fd = ::open(marker.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[9] = {};
  const ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  return n == 9 && std::string_view(head, 9) == "lightind ";
}

void check_folder(const fs::path& dir_in, bool force) {
  const fs::path dir = strip(dir_in);
  if (dir.empty()) throw OutputRefused("an empty output folder name; nothing written");
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (!fs::exists(st)) return;
  if (fs::is_symlink(st))
    refuse_even_forced(dir, "is a symbolic link", "links", "give --out the folder it points to, or another folder");
  if (!fs::is_directory(st))
    refuse_even_forced(dir, "exists and is a file, not a folder", "a file with a folder",
                       "remove it yourself or choose another --out");
  // A run killed while it wrote the marker leaves only the marker's temporary file: ours, and
  // stale once its process is gone (the folder is then as empty as it was).
  remove_stale_temps(dir / kMarker);
  if (force || is_ours(dir) || folder_empty(dir)) return;
  size_t count = 0;
  const std::string names = some_entries(dir, count);
  throw OutputRefused(fmt::format(
      "{} exists and is not a lightind output folder (it has no {} marker and holds {} entr{}: {}{}); nothing "
      "written; choose another --out, or add --force to replace it and delete what it holds",
      dir.string(), kMarker, count, count == 1 ? "y" : "ies", names, count > 3 ? ", ..." : ""));
}

void claim_folder(const fs::path& dir_in, bool force, std::string_view kind) {
  const fs::path dir = strip(dir_in);
  check_folder(dir, force);
  fs::create_directories(dir);
  if (!is_ours(dir)) write_file_atomic(dir / kMarker, fmt::format("lightind {} {}\n", version(), kind));
}

void replace_folder(const fs::path& target_in, bool force, std::string_view kind,
                    const std::function<void(const fs::path& tmp)>& fill) {
  const fs::path target = strip(target_in);
  check_folder(target, force);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  remove_stale_temps(target);
  const std::string pid = pid_text();
  const fs::path tmp = target.string() + ".lightind-tmp-" + pid;
  const fs::path old = target.string() + ".lightind-old-" + pid;
  fs::remove_all(tmp);  // this process's own name: left by a killed process with the same pid
  try {
    fs::create_directory(tmp);
    {
      Syncer syncer;
      const SyncerScope scope(&syncer);
      write_file_synced(tmp / kMarker, fmt::format("lightind {} {}\n", version(), kind));
      fill(tmp);
      syncer.finish();  // every file on disk before the folder is synced and renamed
    }
    sync_folder(tmp);
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
    sync_folder(target.parent_path());
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

void check_file(const fs::path& path, bool force, const std::function<bool(const fs::path&)>& ours) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (!fs::exists(st)) return;
  const fs::file_status to = fs::status(path, ec);
  if (fs::is_character_file(to) || fs::is_fifo(to) || fs::is_block_file(to)) return;  // written in place
  if (fs::is_symlink(st))
    refuse_even_forced(path, "is a symbolic link", "links", "choose another --out");
  if (fs::is_directory(st))
    refuse_even_forced(path, "is a folder", "a folder with a file", "choose another --out");
  if (!fs::is_regular_file(st))
    throw OutputRefused(fmt::format("{} exists and is not a regular file: nothing written; choose another --out",
                                    path.string()));
  if (force || (ours && ours(path))) return;
  throw OutputRefused(fmt::format(
      "{} exists and is not a file lightind wrote; nothing written; choose another --out, or add --force to "
      "overwrite it",
      path.string()));
}

AtomicFile::AtomicFile(fs::path path) : path_(std::move(path)) {
  std::error_code ec;
  const fs::file_status to = fs::status(path_, ec);
  in_place_ = fs::is_character_file(to) || fs::is_fifo(to);
  if (in_place_) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail(path_, errno);
    return;
  }
  remove_stale_temps(path_);
  tmp_ = path_.string() + ".lightind-tmp-" + pid_text();
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(tmp_, errno);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::write(std::string_view data) {
  if (fd_ < 0) throw std::logic_error("AtomicFile::write after commit");
  write_all(fd_, data, in_place_ ? path_ : tmp_);
}

void AtomicFile::commit() {
  const fs::path& written = in_place_ ? path_ : tmp_;
  if (!in_place_ && ::fsync(fd_) != 0) fail(written, errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(written, errno);
  if (in_place_) return;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) fail(path_, errno);
  tmp_.clear();
  sync_folder(path_.parent_path());
}

void write_file_atomic(const fs::path& path, std::string_view data) {
  AtomicFile f(path);
  f.write(data);
  f.commit();
}

void write_file_synced(const fs::path& path, std::string_view data) {
  SyncedFile f(path);
  f.write(data);
  f.close();
}

void sync_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, errno);
  sync_and_close(fd, path);
}

std::future<void> write_alongside(std::function<void()> write) {
  return std::async(std::launch::async, [syncer = t_syncer, write = std::move(write)] {
    const SyncerScope scope(syncer);
    write();
  });
}

SyncedFile::SyncedFile(fs::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(path_, errno);
}

SyncedFile::~SyncedFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SyncedFile::write(std::string_view data) {
  if (fd_ < 0) throw std::logic_error("SyncedFile::write after close");
  write_all(fd_, data, path_);
}

void SyncedFile::close() {
  const int fd = std::exchange(fd_, -1);
  if (fd < 0) throw std::logic_error("SyncedFile::close twice");
  sync_and_close(fd, path_);
}

bool temp_pid(const std::string& name, bool legacy, long long& pid) {
  const size_t dash = name.rfind('-');
  if (dash == std::string::npos || dash + 1 >= name.size() || name.size() - dash > 12) return false;
  for (size_t i = dash + 1; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return false;
  const std::string_view head(name.data(), dash + 1);
  bool match = false;
  for (std::string_view suffix : {std::string_view(".lightind-tmp-"), std::string_view(".lightind-old-")})
    match = match || (head.size() > suffix.size() && head.substr(head.size() - suffix.size()) == suffix);
  if (legacy)
    for (std::string_view suffix : {std::string_view(".tmp-"), std::string_view(".old-")})
      match = match || (head.size() > suffix.size() && head.substr(head.size() - suffix.size()) == suffix);
  if (!match) return false;
  pid = std::stoll(name.substr(dash + 1));
  return pid > 0;
}

bool pid_alive(long long pid) {
  if (pid <= 0 || pid > 0x7fffffffLL) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

std::vector<fs::path> remove_stale_temps(const fs::path& target_in) {
  std::vector<fs::path> removed;
  const fs::path target = strip(target_in);
  const std::string base = target.filename().string();
  if (base.empty()) return removed;
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    long long pid = 0;
    if (name.size() <= base.size() + 1 || name.compare(0, base.size(), base) != 0 || name[base.size()] != '.')
      continue;
    const std::string rest = name.substr(base.size());  // ".lightind-tmp-123", ".tmp-123", ...
    if (!temp_pid("x" + rest, true, pid) || rest.find('.', 1) != std::string::npos) continue;
    if (pid_alive(pid)) continue;
    std::error_code rec;
    fs::remove_all(target.parent_path() / name, rec);
    if (!rec) removed.push_back(target.parent_path() / name);
  }
  return removed;
}

std::vector<fs::path> clean_stale_temps(const fs::path& dir) {
  std::vector<fs::path> removed;
  const fs::file_status st = fs::symlink_status(dir);
  if (!fs::is_directory(st)) throw std::runtime_error(fmt::format("clean: {} is not a folder", dir.string()));
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(dir), end = fs::recursive_directory_iterator(); it != end; ++it) {
    long long pid = 0;
    if (!temp_pid(it->path().filename().string(), false, pid)) continue;
    if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
    if (!pid_alive(pid)) stale.push_back(it->path());
  }
  for (const fs::path& p : stale) {
    fs::remove_all(p);
    removed.push_back(p);
  }
  return removed;
}

}  // namespace lightind::detail::output
