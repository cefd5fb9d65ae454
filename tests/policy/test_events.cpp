// Dated events as generic overrides, end to end (issue 11, item 4; docs/MODEL.md section 2):
// an event that changes world.consumer_imports and state.state_wage in a mid-year month
// shows in that month's series and not in the month before, against the same scenario
// without the event; values derived at the start (public workers, traders) follow.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "lightind/lightind.hpp"
#include "lightind/plan.hpp"
#include "engine/economy.hpp"
#include "policy/in_force.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;

const std::string kReference = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

/// The reference scenario, run to the end of 2016, with one event of July 2016 holding
/// `keys` (none: the scenario as it is).
Description reference_with_event(const std::string& keys, int year = 2016) {
  const fs::path dir = scenario_test::scratch_dir();  // this test's own folder
  const std::string y = std::to_string(year);
  const std::string event =
      keys.empty() ? "" : "[[policy.events]]\nid = \"mid_year_" + y + "\"\ndate = \"" + y + "-07\"\n" + keys + "\n";
  static int files = 0;
  const std::string file = scenario_test::write_file(
      dir, "scenario" + std::to_string(++files) + ".toml",
      "extends = \"" + kReference + "\"\n[scenario]\nend = \"" + y + "-12\"\n" + event);
  return load_scenario(file);
}

double at(const RunResult& r, const std::string& name, int year, int month) {
  return r.series.get(name, YearMonth{year, month}.index());
}

TEST(EventsRun, ConsumerImportsAndStateWageChangeInTheEventsMonth) {
  const RunResult base = run(reference_with_event(""));
  const RunResult ev = run(reference_with_event("world.consumer_imports = 1.2e8\nstate.state_wage = 5000"));
  // Before the event's month the two runs are the same, to the bit.
  for (int m = YearMonth{2012, 1}.index(); m < YearMonth{2016, 7}.index(); ++m)
    for (const char* name : {"consumer_imports", "nominal_wage_command", "nominal_wage", "gdp_real"})
      ASSERT_EQ(base.series.get(name, m), ev.series.get(name, m)) << name << " " << YearMonth::from_index(m).str();
  // June: the reference's values (60 million USD a month of imports under the caps of the
  // time; the state wage of 4000 won).
  EXPECT_EQ(at(ev, "consumer_imports", 2016, 6), at(base, "consumer_imports", 2016, 6));
  EXPECT_NEAR(at(ev, "nominal_wage_command", 2016, 6), 4000.0, 1e-6);
  // July, the event's month: command enterprises pay the new state wage, and the state
  // trading companies buy more (twice the USD, as far as caps and FX allow).
  EXPECT_NEAR(at(base, "nominal_wage_command", 2016, 7), 4000.0, 1e-6);
  EXPECT_NEAR(at(ev, "nominal_wage_command", 2016, 7), 5000.0, 1e-6);
  // (Traders' imports follow the real exchange rate and are limited by the FX the state
  // releases, so the doubled base does not double them: the event's month differs.)
  EXPECT_NE(at(ev, "consumer_imports", 2016, 7), at(base, "consumer_imports", 2016, 7));
  EXPECT_GT(at(ev, "nominal_wage", 2016, 7), at(base, "nominal_wage", 2016, 7));
  // And it stays in force.
  EXPECT_NEAR(at(ev, "nominal_wage_command", 2016, 12), 5000.0, 1e-6);
  // The event is logged in its month.
  bool logged = false;
  for (const Event& e : ev.events)
    if (e.subject == "mid_year_2016") logged = e.month == YearMonth{2016, 7}.index();
  EXPECT_TRUE(logged);
}

// A key of one sector: `sectors.ID.export_share` sets the foreign demand for its goods (a
// share of the opening potential output) from the event's month on: agriculture's 0.02 of
// the reference raised to 0.1 in July 2016 adds goods exports from July, none before.
TEST(EventsRun, AnExportShareEventRaisesExportsFromItsMonth) {
  const RunResult base = run(reference_with_event(""));
  const RunResult ev = run(reference_with_event("sectors.agriculture.export_share = 0.1"));
  for (int m = YearMonth{2012, 1}.index(); m < YearMonth{2016, 7}.index(); ++m)
    ASSERT_EQ(base.series.get("exports_goods", m), ev.series.get("exports_goods", m)) << YearMonth::from_index(m).str();
  for (int month = 7; month <= 12; ++month)
    EXPECT_GT(at(ev, "exports_goods", 2016, month), at(base, "exports_goods", 2016, month)) << "2016-" << month;
}

// A devaluation moves no real indicator by itself: gdp_real values output net of domestic
// inputs at base prices and of imported inputs at the opening official rate (docs/MODEL.md,
// "Money at the price in force, real quantities at base-year prices"). After an event that
// doubles the official rate, gdp_real is still that sum over the sectors' output, by hand.
TEST(EventsRun, RealValueAddedValuesImportsAtTheOpeningRate) {
  const Description d = reference_with_event("world.exchange_rate = " + std::to_string(2 * 100.0));
  ASSERT_DOUBLE_EQ(d.world.exchange_rate, 100.0);  // the reference's opening official rate
  const RunResult r = run(d);
  for (const int month : {YearMonth{2016, 6}.index(), YearMonth{2016, 12}.index()}) {
    double gdp = 0.0;
    for (int k = 0; k < d.n_sectors(); ++k) {
      const SectorDesc& s = d.sectors[static_cast<size_t>(k)];
      double unit = s.base_price - s.import_per_unit * 100.0;  // the opening rate, not 200
      for (int i = 0; i < d.n_sectors(); ++i) unit -= d.a_at(i, k) * d.sectors[static_cast<size_t>(i)].base_price;
      gdp += r.series.get("output", month, k) * unit;
    }
    EXPECT_NEAR(r.series.get("gdp_real", month), gdp, 1e-9 * gdp) << YearMonth::from_index(month).str();
  }
}

/// Share of real households that live from trade.
double trader_share(const detail::Economy& eco) {
  const detail::Households& hh = eco.households();
  double traders = 0, all = 0;
  for (size_t i = 0; i < hh.size(); ++i) {
    traders += hh.trader[i] ? hh.weight[i] : 0.0;
    all += hh.weight[i];
  }
  return traders / all;
}

TEST(EventsRun, ValuesDerivedAtTheStartFollowTheValueInForce) {
  // trader_share sets which households trade, public_employment the budget-paid workers
  // (counted in employment): both move in the event's month, not before.
  const Description base_d = reference_with_event("");
  const Description ev_d = reference_with_event("state.public_employment = 0.35\nhouseholds.trader_share = 0.3");
  detail::Economy base(base_d, base_d.seed), ev(ev_d, ev_d.seed);
  while (ev.month() < YearMonth{2016, 7}.index()) {
    base.step();
    ev.step();
  }
  EXPECT_NEAR(trader_share(ev), 0.5, 0.03);  // the scenario's 0.5, drawn household by household
  EXPECT_EQ(trader_share(ev), trader_share(base));
  EXPECT_EQ(ev.stats().workers, base.stats().workers);
  const double base_share = trader_share(base);
  base.step();
  ev.step();  // July 2016
  EXPECT_NEAR(trader_share(ev), 0.3, 0.03);
  EXPECT_EQ(trader_share(base), base_share);
  // The labour force's share paid by the budget: 0.27 -> 0.35 of the same labour force.
  EXPECT_GT(ev.stats().workers, base.stats().workers);
  const RunResult r_base = run(base_d), r_ev = run(ev_d);
  EXPECT_EQ(at(r_ev, "trader_income", 2016, 6), at(r_base, "trader_income", 2016, 6));
  EXPECT_NE(at(r_ev, "trader_income", 2016, 7), at(r_base, "trader_income", 2016, 7));
}

TEST(EventsRun, ThePlannerReadsTheValuesInForceInJanuary) {
  // The plan LP of a year from the opening state: the import release is the FX share in
  // force that January (an event of 2017-01 halves it), and an event of July does not
  // count before the next January.
  const std::string keys = "world.import_share_of_fx = 0.1";
  Description d = reference_with_event(keys);
  d.end = {2018, 12};
  const double opening = d.world.import_share_of_fx;
  EXPECT_DOUBLE_EQ(plan::initial_state(d, 2016).import_release, opening);
  EXPECT_DOUBLE_EQ(plan::initial_state(d, 2017).import_release, 0.1);
  EXPECT_DOUBLE_EQ(policy::policy_in_force(d, YearMonth{2016, 6}.index()).world.import_share_of_fx, opening);
}

TEST(EventsRun, AidInflowAddsFxEvenUnderTheBorderClosure) {
  // world.aid_inflow (USD a month) from July 2020, while the border closure of 2020-01 to
  // 2022-06 stops 85 % of other FX income: the same sum as other_fx_income brings less.
  const RunResult base = run(reference_with_event("", 2020));
  const RunResult aid = run(reference_with_event("world.aid_inflow = 5.0e7", 2020));
  const double other = reference_with_event("", 2020).world.other_fx_income;
  const RunResult more = run(reference_with_event("world.other_fx_income = " + std::to_string(other + 5.0e7), 2020));
  EXPECT_EQ(at(aid, "fx_reserves", 2020, 6), at(base, "fx_reserves", 2020, 6));
  const double by_aid = at(aid, "fx_reserves", 2020, 7) - at(base, "fx_reserves", 2020, 7);
  const double by_other = at(more, "fx_reserves", 2020, 7) - at(base, "fx_reserves", 2020, 7);
  EXPECT_GT(by_aid, 0.0);
  EXPECT_GT(by_aid, 2.0 * by_other);
  // Its default is 0: the scenario without the event has none.
  EXPECT_EQ(reference_with_event("", 2020).world.aid_inflow, 0.0);
}

}  // namespace
}  // namespace lightind
