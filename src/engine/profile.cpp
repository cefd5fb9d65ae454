// lightind: the per-phase timer of `lightind run --profile` (include/lightind/profile.hpp).
#include "lightind/profile.hpp"

#include <fmt/format.h>

namespace lightind {

void Profile::add(std::string_view name, double seconds) {
  for (Entry& e : entries)
    if (e.name == name) {
      e.seconds += seconds;
      ++e.calls;
      return;
    }
  entries.push_back(Entry{std::string(name), seconds, 1});
}

const Profile::Entry* Profile::find(std::string_view name) const {
  for (const Entry& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

double Profile::total(std::string_view prefix) const {
  double s = 0;
  for (const Entry& e : entries)
    if (std::string_view(e.name).substr(0, prefix.size()) == prefix) s += e.seconds;
  return s;
}

std::string Profile::table(double whole_seconds) const {
  std::string out = fmt::format("{:<34}{:>11}{:>11}{:>8}{:>8}\n", "part", "ms in all", "ms a call", "calls", "share");
  auto line = [&](std::string_view label, double s, std::int64_t calls) {
    const double share = whole_seconds > 0 ? 100.0 * s / whole_seconds : 0.0;
    out += fmt::format("{:<34}{:>11.3f}{:>11}{:>8}{:>7.1f}%\n", label, 1e3 * s,
                       calls > 0 ? fmt::format("{:.4f}", 1e3 * s / static_cast<double>(calls)) : std::string(), calls > 0 ? fmt::to_string(calls) : std::string(), share);
  };
  std::vector<std::string> groups_done;
  for (const Entry& e : entries) {
    const size_t slash = e.name.find('/');
    if (slash == std::string::npos) {
      line(e.name, e.seconds, e.calls);
      continue;
    }
    const std::string group = e.name.substr(0, slash);
    bool done = false;
    for (const auto& g : groups_done) done = done || g == group;
    if (done) continue;
    groups_done.push_back(group);
    line(group, total(group + "/"), 0);
    for (const Entry& p : entries)
      if (p.name.size() > slash && p.name.compare(0, slash + 1, group + "/") == 0)
        line("  " + p.name.substr(slash + 1), p.seconds, p.calls);
  }
  line("whole (from main)", whole_seconds, 0);
  return out;
}

}  // namespace lightind
