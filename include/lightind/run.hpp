// lightind: running a scenario.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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
  /// Called after each recorded month with (months done, months in all). An exception it
  /// throws stops the run there and leaves run() (or resume()) with nothing returned; what
  /// the run was given, a checkpoint included, is unchanged (the page server stops runs this way).
  std::function<void(int, int)> progress;
  /// When set (`run --profile`), the run adds its times to it: "build", "step/<phase>" for
  /// each phase of the monthly step, "record", "check"; null: nothing is timed.
  Profile* profile = nullptr;
  /// The national aggregates the caller reads (docs/INDICATORS.md names; an *_index counts as
  /// its aggregate); empty (the default): every indicator. Otherwise the run records at least
  /// these, with the same values bit for bit, and may skip the observations none of them
  /// needs: the indicators by sector and region and the whole-run ICOR, the pass over the
  /// enterprises for welfare, quality and wages by regime, and the count of persons in hardship
  /// over every household agent (FAO's method, the month's costliest observation). `fit` passes
  /// its moments' indicators.
  std::vector<std::string> aggregates;
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

/// A run paused before one of its months: the economy as built and stepped up to there, with
/// what was recorded before it. The page (`lightind serve`) keeps them to answer a setting that
/// can only act from a later month without building and stepping the earlier months again.
struct RunCheckpoint;

/// The month (YearMonth::index()) a checkpoint was taken before: its next month to step.
[[nodiscard]] int checkpoint_month(const RunCheckpoint& c);

/// run(d, opt), keeping a checkpoint before each month of `months` (month indices, sorted; a
/// month before the run's first month, `start - spin_up_months`, gives the economy as built)
/// in `kept`, in month order. The result is run(d, opt)'s, bit for bit.
[[nodiscard]] RunResult run_keeping(const Description& d, const RunOptions& opt, const std::vector<int>& months,
                                    std::vector<std::shared_ptr<const RunCheckpoint>>& kept);

/// The run of `d` continued from checkpoint `c` (taken in a run of another description of the
/// same economy), keeping checkpoints as run_keeping does for the months after c's. It is
/// bit-identical to run(d, opt) when nothing in which `d` differs from c's description can act
/// before checkpoint_month(c): that is the caller's to know (the page's knobs say from which
/// month each can act, src/serve/knobs.hpp; tests/engine/test_resume.cpp checks each against a
/// full run). Throws std::invalid_argument when `d` is not the same economy: another seed,
/// start, end or spin-up, other sectors, regions or enterprises, or other event dates; or when
/// opt.keep_accounts differs from the checkpoint's run.
[[nodiscard]] RunResult resume(const RunCheckpoint& c, const Description& d, const RunOptions& opt,
                               const std::vector<int>& months = {},
                               std::vector<std::shared_ptr<const RunCheckpoint>>* kept = nullptr);

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
