// lightind: running a scenario.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lightind/accounts.hpp"
#include "lightind/description.hpp"
#include "lightind/plan.hpp"
#include "lightind/profile.hpp"
#include "lightind/series.hpp"

namespace lightind {

struct RunOptions {
  std::uint64_t seed = 0;  ///< 0: the scenario's seed
  int threads = 0;         ///< 0: oneTBB's default
  bool check = false;      ///< verify the ledger every month (throws AccountingError)
  bool keep_accounts = true;  ///< keep every month's transaction-flow matrix in the result
  /// Called after each month with (months done, months in all).
  std::function<void(int, int)> progress;
  /// When set (`run --profile`), the run adds its times to it: "build", "step/<phase>" for
  /// each phase of the monthly step, "record", "check"; null: nothing is timed.
  Profile* profile = nullptr;
};

struct RunResult {
  std::string scenario;  ///< Description::name
  std::uint64_t seed = 0;
  Series series;
  std::vector<Event> events;
  std::vector<MonthAccounts> accounts;  ///< one per month when keep_accounts
  std::vector<std::vector<GoodsBalance>> goods;  ///< per month, per sector, when keep_accounts
  double wall_seconds = 0;
  std::int64_t agent_months = 0;  ///< (enterprises + household agents) x months
};

/// Runs the description from its start to its end month. Deterministic for a seed,
/// whatever the thread count. Throws AccountingError when `check` finds a violation, and
/// (checked or not) when an indicator is not a finite number (AccountingError::non_finite;
/// with `check`, in the month it appears).
[[nodiscard]] RunResult run(const Description& d, const RunOptions& opt = {});

/// What the annual plan LP plans with: the economy's state and the plan knobs in force.
struct PlanInput {
  plan::State state;
  plan::PlanOptions options;
};

/// The economy's state in January of `year`, as the engine's annual plan reads it
/// (plan.method = "lp"): the run is simulated (spin-up included) up to that January.
/// `lightind plan --state simulated`. Throws std::invalid_argument for a year outside the run.
[[nodiscard]] PlanInput simulated_plan_input(const Description& d, int year, std::uint64_t seed = 0);

}  // namespace lightind
