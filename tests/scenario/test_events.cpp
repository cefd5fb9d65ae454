// [[policy.events]] as generic overrides (issue 11, item 4; docs/SCENARIOS.md
// "[[policy.events]]"): an event sets any key the schema marks changeable, as SECTION.KEY
// or a short form; unknown, fixed, doubled and out-of-range keys are rejected with the
// file, line and key; `--set` reaches an event's SECTION.KEY (src/scenario/).
#include <gtest/gtest.h>

#include "lightind/scenario.hpp"
#include "policy/in_force.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

using namespace scenario_test;

/// kMiniScenario with an event of July 2013 and no keys yet.
const std::string kWithEvent = kMiniScenario + "\n[[policy.events]]\nid = \"mid_year\"\ndate = \"2013-07\"\n";

/// kMiniScenario with one event of July 2013 holding `keys` (one per line).
std::string with_event(const std::string& keys) { return kWithEvent + keys + "\n"; }

TEST(EventsScenario, SectionKeysAndShortFormsBecomeOverridesInForceFromTheirMonth) {
  const std::string text = with_event(
      "world.consumer_imports = 2.5e6\nstate.state_wage = 4500\nlocal_share = 0.4\nration_food = 0.3\n"
      "households.plot_food = 0.2\nreform.profit_levy = 0.25\nplan.target_weight = 20");
  const Description d = load_scenario_text(text, "events.toml");
  ASSERT_EQ(d.events.size(), 1u);
  const PolicyEventDesc& ev = d.events[0];
  // In the order written; dotted keys group by section as TOML reads them.
  std::vector<std::string> keys;
  for (const EventOverride& o : ev.overrides) keys.push_back(o.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"world.consumer_imports", "state.state_wage", "policy.local_share",
                                            "state.ration_food", "households.plot_food", "reform.profit_levy",
                                            "plan.target_weight"}));
  EXPECT_EQ(ev.find("state.state_wage")->text, "4500");
  EXPECT_EQ(ev.find("world.fx_reserves"), nullptr);

  const InForce june = policy::policy_in_force(d, YearMonth{2013, 6}.index());
  EXPECT_DOUBLE_EQ(june.world.consumer_imports, 0.0);
  EXPECT_DOUBLE_EQ(june.state.state_wage, 3000.0);
  const InForce july = policy::policy_in_force(d, YearMonth{2013, 7}.index());
  EXPECT_DOUBLE_EQ(july.world.consumer_imports, 2.5e6);
  EXPECT_DOUBLE_EQ(july.state.state_wage, 4500.0);
  EXPECT_DOUBLE_EQ(july.policy.local_share, 0.4);
  EXPECT_DOUBLE_EQ(july.state.ration_food, 0.3);
  EXPECT_DOUBLE_EQ(july.households.plot_food, 0.2);
  EXPECT_DOUBLE_EQ(july.reform.profit_levy, 0.25);
  EXPECT_DOUBLE_EQ(july.policy.plan_target_weight, 20.0);
  // What the event does not set stays as it was.
  EXPECT_DOUBLE_EQ(july.world.exchange_rate, d.world.exchange_rate);
  EXPECT_EQ(july.policy.investment_share, d.policy.investment_share);
  // The description's own values are the opening ones.
  EXPECT_DOUBLE_EQ(d.state.state_wage, 3000.0);
}

TEST(EventsScenario, SubTableFormIsTheSameAsDottedKeys) {
  const std::string text = with_event("[policy.events.state]\nstate_wage = 4200\nshop_share = 0.6");
  const Description d = load_scenario_text(text, "events.toml");
  const InForce f = policy::policy_in_force(d, YearMonth{2013, 7}.index());
  EXPECT_DOUBLE_EQ(f.state.state_wage, 4200.0);
  EXPECT_DOUBLE_EQ(f.state.shop_share, 0.6);
}

// A key of one sector (issue 14 item 3): `sectors.ID.KEY` changes that sector's value in force
// from the event's month; the others and the base-year price stay.
TEST(EventsScenario, SectorKeysChangeOneSectorFromTheirMonth) {
  const Description d = load_scenario_text(
      with_event("sectors.food.state_price = 1.2\nsectors.food.retail_price = 0.9\nsectors.steel.wage_scale = 1.5"),
      "events.toml");
  ASSERT_EQ(d.events.size(), 1u);
  std::vector<std::string> keys;
  for (const EventOverride& o : d.events[0].overrides) keys.push_back(o.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"sectors.food.state_price", "sectors.food.retail_price",
                                            "sectors.steel.wage_scale"}));
  const int food = d.sector_index("food"), steel = d.sector_index("steel");
  const auto f = static_cast<size_t>(food), st = static_cast<size_t>(steel);
  const InForce june = policy::policy_in_force(d, YearMonth{2013, 6}.index());
  EXPECT_DOUBLE_EQ(june.sectors[f].state_price, d.sectors[f].state_price);
  EXPECT_FALSE(june.sectors[f].retail_price.has_value());
  // Without a retail price, the state-shop price is the purchase price with the mark-up.
  EXPECT_DOUBLE_EQ(june.retail_price(f), d.sectors[f].state_price * (1.0 + d.state.retail_markup));
  EXPECT_DOUBLE_EQ(june.sectors[st].wage_scale, 1.0);
  const InForce july = policy::policy_in_force(d, YearMonth{2013, 7}.index());
  EXPECT_DOUBLE_EQ(july.sectors[f].state_price, 1.2);
  EXPECT_DOUBLE_EQ(july.retail_price(f), 0.9);
  EXPECT_DOUBLE_EQ(july.sectors[st].wage_scale, 1.5);
  EXPECT_DOUBLE_EQ(july.sectors[st].state_price, d.sectors[st].state_price);
  // The base-year price is the opening state price, whatever the events do.
  EXPECT_DOUBLE_EQ(july.sectors[f].base_price, d.sectors[f].state_price);
  EXPECT_DOUBLE_EQ(d.sectors[f].base_price, d.sectors[f].state_price);
}

// The cases of tests/scenario/rejections.toml that add keys to the event: unknown keys and
// sections (with suggestions), values of the wrong type or range, a key set twice.
TEST(EventsScenario, RejectedKeysAndValues) {
  const std::vector<Rejection> cases = read_rejections("event", kWithEvent);
  EXPECT_EQ(cases.size(), 12u);
  for (const Rejection& r : cases) expect_rejection(r);
}

TEST(EventsScenario, KeySetOnceForTheRunIsRejected) {
  const std::string text = with_event("world.fx_reserves = 5e8");
  const ScenarioError e =
      expect_file_error(text, line_of(text, "world.fx_reserves"), "policy.events.mid_year.world.fx_reserves");
  EXPECT_NE(e.expected().find("a key of [world] that an event may change"), std::string::npos) << e.expected();
  EXPECT_NE(e.expected().find("consumer_imports"), std::string::npos) << e.expected();
  EXPECT_EQ(e.expected().find("fx_reserves"), std::string::npos) << e.expected();
  EXPECT_EQ(e.found(), "\"fx_reserves\" (set once for the run: no event may change it)");
}

TEST(EventsScenario, BoundPairIsCheckedOnTheValuesInForce) {
  // [reform] development_share 0.2 + wage_fund_share 0.5: an event raising the first to 0.6
  // breaks the pair's bound from its month on.
  const std::string text = with_event("reform.development_share = 0.6");
  const ScenarioError e = expect_file_error(text, line_of(text, "id = \"mid_year\"") - 1, "policy.events.mid_year");
  EXPECT_EQ(e.expected(), "values in force with reform.development_share + reform.wage_fund_share <= 1");
  EXPECT_NE(e.found().find("reform.development_share = 0.6 and reform.wage_fund_share = 0.5 in force from 2013-07"),
            std::string::npos)
      << e.found();
  // Lowering the other key in the same event keeps the pair within the bound.
  EXPECT_NO_THROW((void)load_scenario_text(
      with_event("reform.development_share = 0.6\nreform.wage_fund_share = 0.3"), "events.toml"));
}

TEST(EventsScenario, SetReachesAnEventsSectionKeyAndShortForms) {
  const std::string text = with_event("state.state_wage = 4500");
  const Description d = load_scenario_text(
      text, "events.toml",
      {"policy.events.mid_year.state.state_wage=5000", "policy.events.mid_year.world.consumer_imports=7",
       "policy.events.mid_year.ration_food=0.25"});
  const InForce f = policy::policy_in_force(d, YearMonth{2013, 7}.index());
  EXPECT_DOUBLE_EQ(f.state.state_wage, 5000.0);
  EXPECT_DOUBLE_EQ(f.world.consumer_imports, 7.0);
  EXPECT_DOUBLE_EQ(f.state.ration_food, 0.25);
  // A --set of a fixed key of an event is rejected like the file's.
  try {
    (void)load_scenario_text(text, "events.toml", {"policy.events.mid_year.world.fx_reserves=1"});
    ADD_FAILURE() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "policy.events.mid_year.world.fx_reserves");
  }
}

}  // namespace
}  // namespace lightind
