// lightind: a per-phase timer the program can print (`lightind run --profile`), after
// Box2D's b2Profile (STYLE.md 14): which phase is slow needs no external profiler.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lightind {

/// Wall-clock time per named part of a run (steady clock), in the order the parts first
/// ran: loading, building, each phase of the monthly step, recording, each writer. Off
/// (RunOptions::profile null), nothing is timed.
struct Profile {
  struct Entry {
    std::string name;     ///< "load", "build", "step/produce", "write/results.sqlite" ...
    double seconds = 0;   ///< summed over every call
    std::int64_t calls = 0;
  };
  std::vector<Entry> entries;

  /// Adds `seconds` to the entry `name` (a new entry at the end when there is none).
  void add(std::string_view name, double seconds);
  /// The entry `name`, or null.
  [[nodiscard]] const Entry* find(std::string_view name) const;
  /// Seconds summed over the entries whose name begins with `prefix` ("step/").
  [[nodiscard]] double total(std::string_view prefix = {}) const;
  /// The table `run --profile` prints: one line per entry (milliseconds in all, per call,
  /// share of `whole_seconds`), grouped parts indented under their group, then the whole.
  [[nodiscard]] std::string table(double whole_seconds) const;
};

/// Times one scope into a profile when there is one: `ProfileScope s(profile, "load");`.
class ProfileScope {
 public:
  ProfileScope(Profile* p, std::string_view name) : p_(p), name_(name) {
    if (p_ != nullptr) t0_ = std::chrono::steady_clock::now();
  }
  ProfileScope(const ProfileScope&) = delete;
  ProfileScope& operator=(const ProfileScope&) = delete;
  ~ProfileScope() {
    if (p_ != nullptr) p_->add(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count());
  }

 private:
  Profile* p_;
  std::string_view name_;
  std::chrono::steady_clock::time_point t0_{};
};

}  // namespace lightind
