// lightind: how much work a scenario may ask for (docs/SCENARIOS.md "Limits"). The loader
// rejects a scenario beyond these limits (ScenarioError, with the numbers), so that `check`
// refuses what `run` could not finish: too many household agents for the machine's memory,
// or more months than a run can step.
#pragma once

#include <cstdint>
#include <string>

namespace lightind {

/// Memory a run takes per household agent and per enterprise, in bytes: the engine's arrays
/// per agent (Households: region, urban, trader, weight, ability, cash, share; Enterprises:
/// about 30 numbers) with the per-agent work arrays of the monthly phases. Measured: 40 bytes
/// a household agent (peak resident memory of `lightind run --threads 1` at 0.5 and 10.25
/// million agents: 34 MB and 416 MB); 96 leaves room for the vectors' growth and the results.
inline constexpr double kBytesPerHousehold = 96;
inline constexpr double kBytesPerEnterprise = 2048;
/// Share of the machine's memory one run may plan to take (the rest: the system, other runs,
/// the results).
inline constexpr double kMemoryShare = 0.5;
/// Default longest run, spin-up included: 1200 months (100 years). A month of the reference
/// scenario takes milliseconds; far longer runs are mistakes (spin_up_months = 2^31 - 1
/// would run for years).
inline constexpr std::int64_t kDefaultMaxMonths = 1200;

struct Limits {
  std::int64_t max_agents = 0;  ///< household agents plus enterprises
  std::int64_t max_months = 0;  ///< spin-up plus the run's months
  std::uint64_t memory_bytes = 0;  ///< the machine's memory the agent limit derives from
  std::string agents_source;  ///< "LIGHTIND_MAX_AGENTS" or "memory"
  std::string months_source;  ///< "LIGHTIND_MAX_MONTHS" or "default"
};

/// The machine's memory in bytes: physical pages (sysconf), or the cgroup's memory limit when
/// lower (/sys/fs/cgroup/memory.max).
[[nodiscard]] std::uint64_t machine_memory_bytes();

/// The limits in force: LIGHTIND_MAX_AGENTS and LIGHTIND_MAX_MONTHS (positive decimal
/// integers) when set, else max_agents = kMemoryShare x memory / kBytesPerHousehold and
/// max_months = kDefaultMaxMonths. The command line's --max-agents and --max-months set these
/// variables. A malformed variable throws ScenarioError naming it.
[[nodiscard]] Limits current_limits();

}  // namespace lightind
