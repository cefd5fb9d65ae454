// State prices and wages as policy (issue 14, item 3; docs/MODEL.md sections 12, 14, 16): a
// dated change of a sector's state purchase price changes what the state pays in that month
// by the quantity times the change, and not the real indicators (valued at base-year
// prices); a retail price below the purchase price is a budget subsidy; a sector's wage
// scale gives the expected wage bill; a farm paid from its output pays its workers what its
// output earned the month before. Every run's ledger is checked month by month.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "engine/economy.hpp"
#include "engine/small_economy.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"
#include "policy/wages.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

const std::string kFeldman = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/examples/feldman-mahalanobis.toml";

/// The two-sector Feldman-Mahalanobis economy (tiny, full utilisation: its real output does
/// not depend on money) to the end of 2006, with one event of July 2005 holding `keys`
/// (none: the scenario as it is), run with the ledger checked every month.
RunResult feldman_with_event(const std::string& keys, const std::vector<std::string>& sets = {}) {
  const std::string event = keys.empty() ? "" : "[[policy.events]]\nid = \"prices_2005\"\ndate = \"2005-07\"\n" + keys + "\n";
  static int files = 0;
  const std::string file =
      scenario_test::write_file(scenario_test::scratch_dir(), "feldman" + std::to_string(++files) + ".toml",
                                "extends = \"" + kFeldman + "\"\n[scenario]\nend = \"2006-12\"\n" + event);
  RunOptions opt;
  opt.check = true;
  return run(load_scenario(file, sets), opt);
}

/// Position of month (year, month) in a run's accounts and goods balances.
size_t at(const RunResult& r, int year, int month) {
  const int m = YearMonth{year, month}.index();
  for (size_t i = 0; i < r.accounts.size(); ++i)
    if (r.accounts[i].month == m) return i;
  ADD_FAILURE() << "no accounts for " << year << "-" << month;
  return 0;
}

/// What institution `who` received in flow `f` (negative: paid).
double flow(const RunResult& r, size_t i, Flow f, Institution who) {
  return r.accounts[i].flows[static_cast<size_t>(f)][static_cast<size_t>(who)];
}

constexpr size_t kCapital = 0, kConsumer = 1;  // the Feldman-Mahalanobis sectors, in file order

TEST(StatePrices, PurchasePriceEventChangesTheStatesOutlayNotRealOutput) {
  const RunResult base = feldman_with_event("");
  const RunResult ev = feldman_with_event("sectors.capital_goods.state_price = 1.25");
  // June 2005: capital goods are bought for the fund at 1 won a unit in both runs.
  const size_t june = at(ev, 2005, 6), july = at(ev, 2005, 7);
  const double x_june = ev.goods[june][kCapital].investment;
  ASSERT_GT(x_june, 0.0);
  EXPECT_NEAR(-flow(ev, june, Flow::investment_goods, Institution::state), x_june * 1.0, 1e-9 * x_june);
  // July, the event's month: the same units (production does not depend on the price), paid
  // at 1.25: the outlay rises by the units x 0.25 over the run without the event.
  const double x = ev.goods[july][kCapital].investment;
  ASSERT_EQ(x, base.goods[july][kCapital].investment);
  const double outlay = -flow(ev, july, Flow::investment_goods, Institution::state);
  const double outlay_base = -flow(base, july, Flow::investment_goods, Institution::state);
  EXPECT_NEAR(outlay, x * 1.25, 1e-9 * outlay);
  EXPECT_NEAR(outlay - outlay_base, x * 0.25, 1e-9 * outlay);
  // The capital-goods enterprise receives it: its sector's payments went up alike.
  EXPECT_NEAR(flow(ev, july, Flow::investment_goods, Institution::enterprises), x * 1.25, 1e-9 * outlay);
  // Real quantities stay valued at the base-year price: every month of every real indicator
  // is the run without the event's, to the bit (at the new price July's gross output would
  // be x_output x 0.25 higher).
  for (const char* name : {"gross_output", "gdp_real", "heavy_output", "light_output", "investment_heavy"})
    for (int m = YearMonth{2005, 1}.index(); m <= YearMonth{2006, 12}.index(); ++m)
      ASSERT_EQ(ev.series.get(name, m), base.series.get(name, m)) << name << " " << YearMonth::from_index(m).str();
  EXPECT_GT(ev.series.get("heavy_output", YearMonth{2005, 7}.index()), 0.0);
}

TEST(StatePrices, RetailPriceBelowThePurchasePriceIsABudgetSubsidy) {
  // All consumer goods go through state shops (no reform, shop_share 1): households pay the
  // retail price of 0.8 won, the state pays the producer the purchase price of 1 won. (The
  // consumer-goods workers' wages give households the won to buy with.)
  const RunResult ev =
      feldman_with_event("sectors.consumer_goods.retail_price = 0.8", {"sectors.consumer_goods.labour_per_unit=10"});
  for (const auto& [month, retail] : {std::pair{6, 1.0}, std::pair{7, 0.8}, std::pair{12, 0.8}}) {
    const size_t i = at(ev, 2005, month);
    const double units = ev.goods[i][kConsumer].households;
    ASSERT_GT(units, 0.0);
    const double paid_by_households = -flow(ev, i, Flow::state_retail, Institution::households);
    const double paid_by_state = -flow(ev, i, Flow::state_procurement, Institution::state);
    EXPECT_NEAR(paid_by_households, units * retail, 1e-9 * units) << "2005-" << month;
    EXPECT_NEAR(paid_by_state, units * 1.0, 1e-9 * units) << "2005-" << month;
  }
}

TEST(StatePrices, SectorWageScaleGivesTheWageBill) {
  // Capital goods employ 10 workers per unit of monthly output; their state wage is 1.5 times
  // the state wage of 3000 won, and twice it from July 2005. Consumer goods need no labour.
  const RunResult ev = feldman_with_event("sectors.capital_goods.wage_scale = 2.0",
                                          {"sectors.capital_goods.labour_per_unit=10",
                                           "sectors.capital_goods.wage_scale=1.5"});
  for (const auto& [month, wage] : {std::pair{6, 4500.0}, std::pair{7, 6000.0}}) {
    const size_t i = at(ev, 2005, month);
    const int m = YearMonth{2005, month}.index();
    const double workers = ev.series.get("employment", m);
    ASSERT_GT(workers, 0.0);
    EXPECT_NEAR(ev.series.get("nominal_wage_command", m), wage, 1e-9 * wage) << "2005-" << month;
    EXPECT_NEAR(flow(ev, i, Flow::wages, Institution::households), workers * wage, 1e-9 * workers * wage)
        << "2005-" << month;
  }
}

TEST(FarmPay, OutputEarningsHandComputed) {
  // Revenue 1000, costs 700 of which 400 wages: the output earned 1000 - 300 = 700.
  EXPECT_DOUBLE_EQ(policy::output_earnings(1000.0, 700.0, 400.0), 700.0);
  // Inputs dearer than the revenue: nothing to pay out.
  EXPECT_DOUBLE_EQ(policy::output_earnings(200.0, 700.0, 400.0), 0.0);
  EXPECT_DOUBLE_EQ(policy::sector_wage(3000.0, 1.5), 4500.0);
  EXPECT_EQ(policy::sector_wage(3000.0, 1.0), 3000.0);
}

TEST(FarmPay, FarmsPayLastMonthsOutputEarningsOthersTheStateWage) {
  for (const bool from_output : {false, true}) {
    Description d = testing::small_economy();
    d.state.farm_pay_from_output = from_output;
    detail::Economy eco(d, d.seed);
    eco.step();
    for (int month = 0; month < 6; ++month) {
      // What each enterprise's output earned this month beyond inputs and imports.
      const detail::Enterprises& before = eco.enterprises();
      std::vector<double> earned(before.size());
      for (size_t e = 0; e < before.size(); ++e)
        earned[e] = policy::output_earnings(before.revenue[e], before.cost[e], before.wage[e] * before.workforce[e]);
      eco.step();
      const detail::Enterprises& ent = eco.enterprises();
      double bill = 0.0;
      int farms = 0;
      for (size_t e = 0; e < ent.size(); ++e) {
        const bool farm = d.in_role(d.sectors[static_cast<size_t>(ent.sector[e])], GroupRole::agriculture);
        const double paid = ent.wage[e] * ent.workforce[e];
        const double expected = farm && from_output ? earned[e] : ent.workforce[e] * d.state.state_wage;
        EXPECT_NEAR(paid, expected, 1e-9 * std::max(1.0, expected)) << "enterprise " << e << " month " << month;
        farms += farm ? 1 : 0;
        bill += paid;
      }
      ASSERT_GT(farms, 0);
      EXPECT_NEAR(eco.accounts().flows[static_cast<size_t>(Flow::wages)][static_cast<size_t>(Institution::households)],
                  bill, 1e-9 * bill);
    }
  }
}

}  // namespace
}  // namespace lightind
