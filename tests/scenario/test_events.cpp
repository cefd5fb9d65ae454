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

/// kMiniScenario with one event of July 2013 holding `keys` (one per line).
std::string with_event(const std::string& keys) {
  return kMiniScenario + "\n[[policy.events]]\nid = \"mid_year\"\ndate = \"2013-07\"\n" + keys + "\n";
}

int event_line(const std::string& text, const std::string& key) { return line_of(text, key); }

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

TEST(EventsScenario, UnknownKeyOfASectionNamesTheChangeableKeysAndSuggests) {
  const std::string text = with_event("state.state_wag = 4000");
  const ScenarioError e =
      expect_file_error(text, event_line(text, "state.state_wag"), "policy.events.mid_year.state.state_wag");
  EXPECT_NE(e.expected().find("a key of [state] that an event may change (one of: state_wage, ration_food"),
            std::string::npos)
      << e.expected();
  EXPECT_EQ(e.found(), "\"state_wag\"");
  EXPECT_NE(message(e).find("did you mean \"state_wage\""), std::string::npos) << message(e);
}

TEST(EventsScenario, KeySetOnceForTheRunIsRejected) {
  const std::string text = with_event("world.fx_reserves = 5e8");
  const ScenarioError e =
      expect_file_error(text, event_line(text, "world.fx_reserves"), "policy.events.mid_year.world.fx_reserves");
  EXPECT_NE(e.expected().find("a key of [world] that an event may change"), std::string::npos) << e.expected();
  EXPECT_NE(e.expected().find("consumer_imports"), std::string::npos) << e.expected();
  EXPECT_EQ(e.expected().find("fx_reserves"), std::string::npos) << e.expected();
  EXPECT_EQ(e.found(), "\"fx_reserves\" (set once for the run: no event may change it)");
}

TEST(EventsScenario, SectionWithoutChangeableKeysOrUnknownNameIsRejected) {
  const std::string sectors = with_event("scenario.end = \"2014-01\"");
  const ScenarioError a =
      expect_file_error(sectors, event_line(sectors, "scenario.end"), "policy.events.mid_year.scenario");
  EXPECT_NE(a.expected().find("SECTION.KEY of a key an event may change"), std::string::npos) << a.expected();
  EXPECT_NE(a.expected().find("a short form (investment_share"), std::string::npos) << a.expected();
  // A bare key of another section: the suggestion is its SECTION.KEY.
  const std::string bare = with_event("state_wage = 4000");
  const ScenarioError b =
      expect_file_error(bare, event_line(bare, "state_wage ="), "policy.events.mid_year.state_wage");
  EXPECT_NE(message(b).find("did you mean \"state.state_wage\""), std::string::npos) << message(b);
  // A misspelt section.
  const std::string typo = with_event("wrold.consumer_imports = 1");
  const ScenarioError c = expect_file_error(typo, event_line(typo, "wrold"), "policy.events.mid_year.wrold");
  EXPECT_NE(message(c).find("did you mean \"world\""), std::string::npos) << message(c);
}

TEST(EventsScenario, ValuesAreCheckedAgainstTheKeysTypeAndRange) {
  const std::string negative = with_event("state.state_wage = -1");
  const ScenarioError a = expect_file_error(negative, event_line(negative, "state.state_wage"),
                                            "policy.events.mid_year.state.state_wage");
  EXPECT_EQ(a.expected(), "a number >= 0");
  EXPECT_EQ(a.found(), "-1");
  const std::string text = with_event("prices.stickiness = \"high\"");
  const ScenarioError b =
      expect_file_error(text, event_line(text, "prices.stickiness"), "policy.events.mid_year.prices.stickiness");
  EXPECT_EQ(b.found(), "a string \"high\"");
  const std::string shares = with_event("policy.investment_share = { heavy = 0.5, light = 0.4 }");
  const ScenarioError c = expect_file_error(shares, event_line(shares, "policy.investment_share"),
                                            "policy.events.mid_year.policy.investment_share");
  EXPECT_EQ(c.expected(), "shares summing to 1 (within 1e-6)");
  const std::string not_table = with_event("state = 4");
  const ScenarioError d =
      expect_file_error(not_table, event_line(not_table, "state = 4"), "policy.events.mid_year.state");
  EXPECT_EQ(d.found(), "an integer 4");
}

TEST(EventsScenario, KeySetTwiceInOneEventIsRejected) {
  const std::string text = with_event("local_share = 0.3\npolicy.local_share = 0.4");
  const ScenarioError e = expect_file_error(text, event_line(text, "policy.local_share"),
                                            "policy.events.mid_year.policy.local_share");
  EXPECT_EQ(e.expected(), "each key set once in an event");
}

TEST(EventsScenario, BoundPairIsCheckedOnTheValuesInForce) {
  // [reform] development_share 0.2 + wage_fund_share 0.5: an event raising the first to 0.6
  // breaks the pair's bound from its month on.
  const std::string text = with_event("reform.development_share = 0.6");
  const ScenarioError e = expect_file_error(text, event_line(text, "id = \"mid_year\"") - 1, "policy.events.mid_year");
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
