// Stable shortage (issue 14, item 6; docs/MODEL.md section 10, "Own use first"): a short
// input that feeds its own producers settles into a standing shortage under both allocation
// rules (proportional and priority) instead of decaying toward zero. The small economy of
// small_economy.hpp with power short at the opening and used in its own production.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/small_economy.hpp"
#include "lightind/run.hpp"

namespace lightind {
namespace {

constexpr int kAgriculture = 0;
constexpr int kTextiles = 1;
constexpr int kMachinery = 2;
constexpr int kPower = 3;

/// Power uses 0.3 of a unit of power per unit of its output (station use and losses), and its
/// capacity is a third of the small economy's: at the listed capacities and efficiency 0.7 the
/// economy needs about 1.9 million units of power a year (agriculture 0.05 x 31.5 million,
/// textiles 0.1 x 1.05 million, machinery 0.2 x 0.56 million, power 0.3 x 0.35 million)
/// against the 0.35 million power can make.
/// Priority rule: light industry is served first (power is heavy industry).
Description short_power(bool priority, bool own_use_first) {
  Description d = testing::small_economy();
  d.end = {2015, 12};
  d.a[static_cast<size_t>(kPower * 4 + kPower)] = 0.3;
  for (EnterpriseDesc& e : d.enterprises)
    if (e.sector == kPower) e.capacity /= 3.0;
  if (priority) d.policy.materials_priority = {default_group::light};
  d.policy.own_use_first = own_use_first;
  return d;
}

/// The run's monthly utilisation of a sector (12 x output / capacity), with the monthly
/// stock-flow ledger checked (run throws AccountingError on a violation).
std::vector<double> utilisation(const RunResult& r, const Description& d, int sector) {
  std::vector<double> u;
  for (int m = 0; m < d.months(); ++m) u.push_back(r.series.get("utilisation", d.start.index() + m, sector));
  return u;
}

RunResult run_checked(const Description& d) {
  RunOptions opt;
  opt.check = true;
  return run(d, opt);
}

// With own use first, power runs at its potential every month: utilisation = its efficiency,
// 0.7 (no other input, labour enough). It keeps 0.3 of its output and delivers the other 0.7
// (0.245 million units a year against the others' 1.8 million): a standing shortage, in which
// a user of power (agriculture under the two rules, textiles under the plan) stays well below
// its own potential (0.7) every month.
// The same holds with the annual plan's quotas (plan.method = "lp"; a subsistence of 0.05 so
// that the small economy's plan is feasible), where the plan's material balance already
// gives power its own use as a quota (it holds there with own_use_first = false too).
TEST(Shortage, OwnUseFirstKeepsAStandingShortageUnderBothRules) {
  for (const char* rule : {"proportional", "priority", "lp"}) {
    SCOPED_TRACE(rule);
    Description d = short_power(std::string(rule) == "priority", true);
    if (std::string(rule) == "lp") {
      d.policy.plan_method = "lp";
      d.households.subsistence = 0.05;
    }
    const RunResult r = run_checked(d);
    const std::vector<double> power = utilisation(r, d, kPower), farms = utilisation(r, d, kAgriculture);
    const std::vector<double> textiles = utilisation(r, d, kTextiles), machinery = utilisation(r, d, kMachinery);
    ASSERT_EQ(power.size(), 48u);
    for (size_t m = 0; m < power.size(); ++m) {
      EXPECT_NEAR(power[m], 0.7, 1e-9) << "month " << m;
      if (m > 0) {
        EXPECT_NEAR(power[m], power[m - 1], 1e-9) << "month " << m;  // stable month to month
      }
      // The shortage stands: some user of power stays well below its potential (0.7).
      const double least = std::min({farms[m], textiles[m], machinery[m]});
      EXPECT_LT(least, 0.5) << "month " << m;
    }
  }
}

// Without the rule (policy.own_use_first = false) the short good's own use is rationed like
// any other claim: the supply is last month's output S; power gets S / N of its need, makes
// S / N of its potential Q*, and next month's supply is Q* S / N, a factor Q* / N < 1 a
// month. Proportional: utilisation 0.466 in the first month, below 0.1 by the seventh.
// Priority (light industry first): light industry's need is served first, power shares what
// is left with agriculture and machinery, and it stops within three months.
TEST(Shortage, WithoutTheRuleTheShortGoodDecays) {
  const Description dp = short_power(false, false), dq = short_power(true, false);
  const std::vector<double> prop = utilisation(run_checked(dp), dp, kPower);
  const std::vector<double> prio = utilisation(run_checked(dq), dq, kPower);
  EXPECT_NEAR(prop[0], 0.466, 1e-3);
  for (size_t m = 1; m < 7; ++m) EXPECT_LT(prop[m], 0.8 * prop[m - 1]) << "month " << m;  // shrinks each month
  EXPECT_LT(prop[6], 0.1);
  EXPECT_LT(prio[0], 0.7);
  for (size_t m = 2; m < prio.size(); ++m) EXPECT_EQ(prio[m], 0.0) << "month " << m;
}

}  // namespace
}  // namespace lightind
