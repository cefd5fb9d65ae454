// lightind: the limits on a scenario's work (include/lightind/limits.hpp).
#include "lightind/limits.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "lightind/scenario.hpp"

namespace lightind {

namespace {

/// A positive decimal integer from the environment variable `name`, or 0 when unset.
std::int64_t env_limit(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return 0;
  const std::string text(v);
  const bool digits = !text.empty() && text.size() <= 18 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::int64_t n = digits ? std::stoll(text) : 0;
  if (n < 1)
    throw ScenarioError(name, 0, name, "a whole number from 1 to 999999999999999999 (environment variable)",
                        "\"" + text.substr(0, 40) + "\"");
  return n;
}

}  // namespace

std::uint64_t machine_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  std::uint64_t bytes = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                                              : std::uint64_t{4} << 30;
  std::ifstream cgroup("/sys/fs/cgroup/memory.max");
  std::string limit;
  if (cgroup >> limit && !limit.empty() && std::all_of(limit.begin(), limit.end(), ::isdigit) && limit.size() < 20)
    bytes = std::min<std::uint64_t>(bytes, std::stoull(limit));
  return bytes;
}

Limits current_limits() {
  Limits l;
  l.memory_bytes = machine_memory_bytes();
  if (const std::int64_t n = env_limit("LIGHTIND_MAX_AGENTS")) {
    l.max_agents = n;
    l.agents_source = "LIGHTIND_MAX_AGENTS";
  } else {
    l.max_agents = static_cast<std::int64_t>(kMemoryShare * static_cast<double>(l.memory_bytes) / kBytesPerHousehold);
    l.agents_source = "memory";
  }
  if (const std::int64_t n = env_limit("LIGHTIND_MAX_MONTHS")) {
    l.max_months = n;
    l.months_source = "LIGHTIND_MAX_MONTHS";
  } else {
    l.max_months = kDefaultMaxMonths;
    l.months_source = "default";
  }
  return l;
}

}  // namespace lightind
