// The page's reuse of a built economy (src/serve/, lightind::resume): a run resumed from a
// checkpoint of the baseline, taken before the month from which a knob can act
// (Knobs::acts_from), is bit-identical to a full run with the same settings, for every knob
// that allows it; on the reference scenario.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lightind/lightind.hpp"
#include "serve/knobs.hpp"
#include "serve/reference_knobs.hpp"

namespace lightind::serve {
namespace {

using test_ref::kScenario;
using test_ref::knobs;
using test_ref::reference;

RunOptions page_options() {
  RunOptions o;
  o.threads = 1;
  o.keep_accounts = false;
  return o;
}

/// The baseline run with a checkpoint before each of the knobs' months.
const std::vector<std::shared_ptr<const RunCheckpoint>>& checkpoints() {
  static const auto kept = [] {
    std::vector<std::shared_ptr<const RunCheckpoint>> k;
    (void)run_keeping(reference(), page_options(), knobs().checkpoint_months(), k);
    return k;
  }();
  return kept;
}

const RunCheckpoint& checkpoint_at(int month) {
  for (const auto& c : checkpoints())
    if (checkpoint_month(*c) == month) return *c;
  throw std::logic_error("no checkpoint at " + YearMonth::from_index(month).str());
}

/// Same rows, bit for bit, and the same events.
::testing::AssertionResult identical(const RunResult& a, const RunResult& b) {
  const Series &x = a.series, &y = b.series;
  if (x.indicators != y.indicators || x.month != y.month || x.indicator != y.indicator || x.sector != y.sector ||
      x.region != y.region)
    return ::testing::AssertionFailure() << "different rows (" << x.size() << " against " << y.size() << ")";
  for (size_t i = 0; i < x.size(); ++i)
    if (std::memcmp(&x.value[i], &y.value[i], sizeof(double)) != 0)
      return ::testing::AssertionFailure() << x.indicators[static_cast<size_t>(x.indicator[i])] << " in "
                                           << YearMonth::from_index(x.month[i]).str() << ": " << x.value[i] << " against "
                                           << y.value[i];
  if (a.events.size() != b.events.size()) return ::testing::AssertionFailure() << "different events";
  for (size_t i = 0; i < a.events.size(); ++i)
    if (a.events[i].month != b.events[i].month || a.events[i].kind != b.events[i].kind ||
        a.events[i].subject != b.events[i].subject || a.events[i].text != b.events[i].text)
      return ::testing::AssertionFailure() << "event " << i << " differs";
  return ::testing::AssertionSuccess();
}

/// A value of knob k away from the baseline, inside its range.
std::string moved(const Knob& k) {
  double v = k.value + 5 * k.step <= k.max ? k.value + 5 * k.step : k.value - 5 * k.step;
  if (k.name == "sanction_severity") v = 0.5;
  if (k.name == "guidance_frequency") v = 0.5;
  if (k.name == "closure_months") v = 12;
  return format_value(k, v);
}

TEST(PageRuns, ActsFromOnTheReference) {
  const Description& d = reference();
  const int first = d.start.index() - d.spin_up_months;  // 2010-01 (24 months of spin-up)
  EXPECT_EQ(first, (YearMonth{2010, 1}.index()));
  EXPECT_EQ(knobs().acts_from("light_share"), first);
  EXPECT_EQ(knobs().acts_from("profit_levy"), (YearMonth{2013, 4}.index()));  // reform.start
  EXPECT_EQ(knobs().acts_from("closure_months"), (YearMonth{2020, 1}.index()));
  EXPECT_EQ(knobs().acts_from("reform_start"), -1);
  EXPECT_EQ(knobs().acts_from("seed"), -1);
  EXPECT_EQ(knobs().acts_from("no_such_knob"), -1);
  const auto months = knobs().checkpoint_months();
  EXPECT_TRUE(std::is_sorted(months.begin(), months.end()));
  EXPECT_EQ(months.front(), first);
  EXPECT_EQ(checkpoints().size(), months.size());
}

TEST(PageRuns, EveryKnobResumedFromItsMonthEqualsTheFullRun) {
  int resumed = 0;
  for (const Knob& k : knobs().list()) {
    if (k.acts_from < 0 || !k.available) continue;
    const auto sets = knobs().sets(knobs().parse({{k.name, moved(k)}}));
    ASSERT_FALSE(sets.empty()) << k.name;
    const Description d = load_scenario(kScenario, sets);
    const RunResult full = run(d, page_options());
    const RunResult again = resume(checkpoint_at(k.acts_from), d, page_options());
    EXPECT_TRUE(identical(full, again)) << k.name << "=" << moved(k) << " from "
                                        << YearMonth::from_index(k.acts_from).str();
    ++resumed;
  }
  EXPECT_EQ(resumed, 12);  // all but reform_start, income_dispersion and the seed
}

TEST(PageRuns, ResumedTooLateDiffers) {
  // The checkpoint months are tight for the reform's keys: the levy acts in the reform's first
  // month, so a checkpoint one month later (from another run: the baseline's) misses it.
  const Knob& levy = *knobs().find("profit_levy");
  const Description d = load_scenario(kScenario, knobs().sets(knobs().parse({{"profit_levy", "0.6"}})));
  std::vector<std::shared_ptr<const RunCheckpoint>> late;
  (void)run_keeping(reference(), page_options(), {levy.acts_from + 1}, late);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_FALSE(identical(run(d, page_options()), resume(*late[0], d, page_options())));
}

TEST(PageRuns, KeptCheckpointsChainAndTheRunIsUnchanged) {
  // run_keeping's result is run's; a run resumed from a checkpoint keeps its own later ones.
  const RunResult plain = run(reference(), page_options());
  std::vector<std::shared_ptr<const RunCheckpoint>> kept;
  EXPECT_TRUE(identical(plain, run_keeping(reference(), page_options(), knobs().checkpoint_months(), kept)));
  const Description d = load_scenario(kScenario, knobs().sets(knobs().parse({{"profit_levy", "0.5"}})));
  const int levy = knobs().acts_from("profit_levy"), closure = knobs().acts_from("closure_months");
  std::vector<std::shared_ptr<const RunCheckpoint>> later;
  const RunResult a = resume(checkpoint_at(levy), d, page_options(), knobs().checkpoint_months(), &later);
  ASSERT_FALSE(later.empty());
  for (const auto& c : later) EXPECT_GT(checkpoint_month(*c), levy);
  // Levy and closure changed: from the levy run's closure checkpoint.
  const auto both = knobs().sets(knobs().parse({{"profit_levy", "0.5"}, {"closure_months", "12"}}));
  const Description d2 = load_scenario(kScenario, both);
  const auto at = std::find_if(later.begin(), later.end(), [&](const auto& c) { return checkpoint_month(*c) == closure; });
  ASSERT_NE(at, later.end());
  EXPECT_TRUE(identical(run(d2, page_options()), resume(**at, d2, page_options())));
  EXPECT_TRUE(identical(run(d, page_options()), a));
}

TEST(PageRuns, AThrowingProgressStopsTheRunAndLeavesTheCheckpointAsItWas) {
  // The page server stops a run nobody waits for any more by throwing from `progress`
  // between two months (src/serve/server.cpp, Running): the exception leaves the run, and the
  // checkpoint it resumed from, shared with later runs, still gives the full run.
  struct Stop {};
  const Description d = load_scenario(kScenario, knobs().sets(knobs().parse({{"profit_levy", "0.45"}})));
  const RunCheckpoint& from = checkpoint_at(knobs().acts_from("profit_levy"));
  RunOptions stopping = page_options();
  int calls = 0;
  stopping.progress = [&calls](int, int) {
    if (++calls == 5) throw Stop{};
  };
  std::vector<std::shared_ptr<const RunCheckpoint>> later;
  EXPECT_THROW((void)resume(from, d, stopping, knobs().checkpoint_months(), &later), Stop);
  EXPECT_EQ(calls, 5);
  EXPECT_TRUE(identical(run(d, page_options()), resume(from, d, page_options())));
}

TEST(PageRuns, ResumeRefusesAnotherEconomy) {
  const RunCheckpoint& c = checkpoint_at(knobs().acts_from("profit_levy"));
  RunOptions other_seed = page_options();
  other_seed.seed = 7;
  EXPECT_THROW((void)resume(c, reference(), other_seed), std::invalid_argument);
  const Description shorter = load_scenario(kScenario, {"scenario.end=2020-12"});
  EXPECT_THROW((void)resume(c, shorter, page_options()), std::invalid_argument);
  RunOptions accounts = page_options();
  accounts.keep_accounts = true;
  EXPECT_THROW((void)resume(c, reference(), accounts), std::invalid_argument);
  RunOptions fewer = page_options();
  fewer.aggregates = {"gdp_real"};  // its series would lack rows the checkpoint's has
  EXPECT_THROW((void)resume(c, reference(), fewer), std::invalid_argument);
}

}  // namespace
}  // namespace lightind::serve
