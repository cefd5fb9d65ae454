// Tests of the policy mechanisms of scenario files (docs/SCENARIOS.md "Policy mechanisms"):
// [policy] extras and [[policy.events]], [reform], [[projects]], [[guidance]], [[channels]],
// [[fairs]], [[shocks]], and the new keys of [households], [prices], [state] and
// [[enterprises]]; their defaults, `extends`, `--set`, and rejected inputs (src/scenario/).
#include <gtest/gtest.h>

#include "lightind/scenario.hpp"
#include "scenario/scenario_test_util.hpp"
#include "scenario/schema.hpp"

namespace lightind {
namespace {

using namespace scenario_test;

constexpr size_t idx(Group g) { return static_cast<size_t>(g); }

/// The policy an event sets, over default values (its overrides applied).
PolicyDesc event_policy(const PolicyEventDesc& ev) {
  InForce f;
  for (const EventOverride& o : ev.overrides) o.apply(f);
  return f.policy;
}
/// The text of the value an event sets for `key`, "" when it does not set it.
std::string set_text(const PolicyEventDesc& ev, std::string_view key) {
  const EventOverride* o = ev.find(key);
  return o ? o->text : "";
}

/// The mini scenario (whose last line is [policy] investment_share) with every section of
/// the policy mechanisms. Events are written out of date order on purpose.
const std::string kPolicyScenario = kMiniScenario + scenario_test::fixture("policy-sections.toml");

TEST(LoaderPolicy, DefaultsWhenNoPolicySectionIsWritten) {
  const Description d = load_scenario_text(kMiniScenario, "mini.toml");
  EXPECT_TRUE(d.policy.materials_priority.empty());
  EXPECT_DOUBLE_EQ(d.policy.defence_share, 0.0);
  EXPECT_DOUBLE_EQ(d.policy.local_endowment_use, 0.0);
  EXPECT_DOUBLE_EQ(d.policy.light_efficiency_target, 0.0);
  EXPECT_DOUBLE_EQ(d.policy.restoration_speed, 0.0);
  EXPECT_TRUE(d.events.empty());
  EXPECT_TRUE(d.projects.empty());
  EXPECT_TRUE(d.guidance.empty());
  EXPECT_TRUE(d.channels.empty());
  EXPECT_TRUE(d.fairs.empty());
  EXPECT_TRUE(d.shocks.empty());
  EXPECT_DOUBLE_EQ(d.households.plot_food, 0.0);
  EXPECT_DOUBLE_EQ(d.households.trader_share, 0.0);
  EXPECT_DOUBLE_EQ(d.prices.market_margin, 0.0);
  EXPECT_DOUBLE_EQ(d.state.shop_share, 1.0);
  EXPECT_TRUE(d.enterprises[0].reform);

  // [reform] absent: the documented defaults (ReformDesc's own).
  const ReformDesc def;
  const ReformDesc& r = d.reform;
  EXPECT_FALSE(r.enabled);
  EXPECT_EQ(r.start, (YearMonth{2013, 4}));
  EXPECT_EQ(r.phase_in_months, 24);
  EXPECT_EQ(r.groups, (std::array<bool, kMaxGroups>{true, true, false, true, false}));
  EXPECT_EQ(r.groups, def.groups);
  EXPECT_DOUBLE_EQ(r.state_order_share, 0.5);
  EXPECT_DOUBLE_EQ(r.profit_levy, 0.3);
  EXPECT_DOUBLE_EQ(r.wage_fund_share, 0.5);
  EXPECT_DOUBLE_EQ(r.development_share, 0.2);
  EXPECT_DOUBLE_EQ(r.incentive_efficiency, 0.2);
  EXPECT_DOUBLE_EQ(r.incentive_scale, 10.0);
  EXPECT_DOUBLE_EQ(r.efficiency_response, 0.05);
  EXPECT_EQ(r.rights_date, r.start);  // absent: the reform's start (no country's date in code)
  EXPECT_TRUE(r.product_development);
  EXPECT_TRUE(r.quality_management);
  EXPECT_TRUE(r.talent_management);
  EXPECT_DOUBLE_EQ(r.variety_labour, def.variety_labour);
  EXPECT_DOUBLE_EQ(r.variety_inputs, def.variety_inputs);
  EXPECT_DOUBLE_EQ(r.quality_cost, def.quality_cost);
  EXPECT_DOUBLE_EQ(r.talent_reallocation, def.talent_reallocation);
  EXPECT_DOUBLE_EQ(r.development_share_max, def.development_share_max);
}

TEST(LoaderPolicy, EverySectionLoadsWithValuesAndDefaults) {
  const std::string path = write_file(scratch_dir(), "policy.toml", kPolicyScenario);
  const Description d = load_scenario(path);

  EXPECT_EQ(d.policy.materials_priority, (std::vector<Group>{default_group::heavy, default_group::agriculture}));
  EXPECT_DOUBLE_EQ(d.policy.defence_share, 0.15);
  EXPECT_DOUBLE_EQ(d.policy.local_endowment_use, 0.3);
  EXPECT_DOUBLE_EQ(d.policy.light_efficiency_target, 0.8);
  EXPECT_DOUBLE_EQ(d.policy.restoration_speed, 0.1);
  EXPECT_DOUBLE_EQ(d.households.plot_food, 0.3);
  EXPECT_DOUBLE_EQ(d.households.trader_share, 0.05);
  EXPECT_DOUBLE_EQ(d.prices.market_margin, 0.15);
  EXPECT_DOUBLE_EQ(d.state.shop_share, 0.3);

  // Events in date order; the two of 2013-03 in the order of the file.
  ASSERT_EQ(d.events.size(), 3u);
  EXPECT_EQ(d.events[0].id, "new_year");
  EXPECT_EQ(d.events[1].id, "conference");
  EXPECT_EQ(d.events[2].id, "same_month");
  const PolicyEventDesc& ny = d.events[0];
  EXPECT_EQ(ny.date, (YearMonth{2013, 1}));
  EXPECT_EQ(ny.text, "");
  EXPECT_EQ(set_text(ny, "policy.local_share"), "0.2");
  EXPECT_EQ(set_text(ny, "state.ration_food"), "0.5");
  EXPECT_EQ(ny.overrides.size(), 2u);
  EXPECT_EQ(ny.source_line, line_of(kPolicyScenario, "id = \"new_year\"") - 1);
  const PolicyEventDesc& conf = d.events[1];
  EXPECT_EQ(conf.date, (YearMonth{2013, 3}));
  EXPECT_EQ(conf.text, "March plenary");
  ASSERT_TRUE(conf.find("policy.investment_share"));
  EXPECT_DOUBLE_EQ(event_policy(conf).investment_share[idx(default_group::heavy)], 0.5);
  EXPECT_DOUBLE_EQ(event_policy(conf).investment_share[idx(default_group::light)], 0.5);
  EXPECT_DOUBLE_EQ(event_policy(conf).investment_share[idx(default_group::services)], 0.0);
  ASSERT_TRUE(conf.find("policy.materials_priority"));
  EXPECT_EQ(event_policy(conf).materials_priority, std::vector<Group>{default_group::light});
  EXPECT_FALSE(conf.find("policy.local_share"));
  EXPECT_EQ(set_text(d.events[2], "policy.defence_share"), "0.1");

  const ReformDesc& r = d.reform;
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(r.start, (YearMonth{2013, 4}));  // as written (required with enabled = true)
  EXPECT_EQ(r.phase_in_months, 12);
  EXPECT_EQ(r.groups, (std::array<bool, kMaxGroups>{false, true, false, false, false}));
  EXPECT_DOUBLE_EQ(r.state_order_share, 0.5);
  EXPECT_DOUBLE_EQ(r.profit_levy, 0.4);
  EXPECT_DOUBLE_EQ(r.wage_fund_share, 0.6);
  EXPECT_DOUBLE_EQ(r.development_share, 0.3);
  EXPECT_EQ(r.rights_date, (YearMonth{2014, 6}));
  EXPECT_TRUE(r.product_development);
  EXPECT_FALSE(r.talent_management);

  ASSERT_EQ(d.enterprises[1].id, "bakery");  // listed enterprises first, in the order written
  EXPECT_FALSE(d.enterprises[1].reform);
  EXPECT_TRUE(d.enterprises[0].reform);

  ASSERT_EQ(d.projects.size(), 2u);
  const ProjectDesc& rebuild = d.projects[0];
  EXPECT_EQ(rebuild.id, "mill_rebuild");
  EXPECT_EQ(rebuild.enterprise, 0);
  EXPECT_FALSE(rebuild.new_build);
  EXPECT_EQ(rebuild.start, (YearMonth{2012, 6}));
  EXPECT_EQ(rebuild.gestation_months, -1);  // the sector's
  EXPECT_DOUBLE_EQ(rebuild.cost, 200.0);
  EXPECT_DOUBLE_EQ(rebuild.capacity, 100.0);
  EXPECT_EQ(rebuild.automation, 0.5);
  EXPECT_FALSE(rebuild.quality.has_value());
  EXPECT_FALSE(rebuild.efficiency.has_value());
  EXPECT_EQ(rebuild.varieties, 0);
  EXPECT_EQ(rebuild.ramp_months, 6);
  EXPECT_EQ(rebuild.source_line, line_of(kPolicyScenario, "id = \"mill_rebuild\"") - 1);
  const ProjectDesc& build = d.projects[1];
  EXPECT_EQ(build.enterprise, 1);
  EXPECT_TRUE(build.new_build);
  EXPECT_EQ(build.gestation_months, 8);
  EXPECT_DOUBLE_EQ(build.capacity, 300.0);  // capacity 0 (default) for a new build: the listed capacity
  EXPECT_FALSE(build.automation.has_value());
  EXPECT_EQ(build.quality, 1.2);
  EXPECT_EQ(build.efficiency, 0.9);
  EXPECT_EQ(build.varieties, 3);
  EXPECT_EQ(build.ramp_months, 2);

  ASSERT_EQ(d.guidance.size(), 2u);
  EXPECT_EQ(d.guidance[0].date, (YearMonth{2012, 9}));
  EXPECT_EQ(d.guidance[0].enterprise, 0);
  EXPECT_DOUBLE_EQ(d.guidance[0].efficiency_boost, 0.1);
  EXPECT_DOUBLE_EQ(d.guidance[0].half_life_months, 12.0);
  EXPECT_DOUBLE_EQ(d.guidance[0].resources, 50.0);
  EXPECT_DOUBLE_EQ(d.guidance[0].reputation_boost, 0.05);
  EXPECT_EQ(d.guidance[1].enterprise, 1);
  EXPECT_DOUBLE_EQ(d.guidance[1].efficiency_boost, 0.2);
  EXPECT_DOUBLE_EQ(d.guidance[1].half_life_months, 6.0);
  EXPECT_DOUBLE_EQ(d.guidance[1].resources, 0.0);
  EXPECT_DOUBLE_EQ(d.guidance[1].reputation_boost, 0.1);
  EXPECT_EQ(d.guidance[1].source_line, line_of(kPolicyScenario, "id = \"bakery_2013\"") - 1);

  ASSERT_EQ(d.channels.size(), 2u);
  EXPECT_EQ(d.channels[0].name, "state_shops");  // defaults to the id
  EXPECT_EQ(d.channels[0].kind, ChannelKind::state_shop);
  EXPECT_DOUBLE_EQ(d.channels[0].margin, 0.1);
  EXPECT_TRUE(d.channels[0].enterprises.empty());
  EXPECT_DOUBLE_EQ(d.channels[0].share, 0.0);
  EXPECT_EQ(d.channels[0].opens, d.start);  // default: the scenario's start
  EXPECT_EQ(d.channels[1].name, "Factory wholesale shops");
  EXPECT_EQ(d.channels[1].kind, ChannelKind::wholesale_shop);
  EXPECT_EQ(d.channels[1].enterprises, (std::vector<int>{1, 0}));
  EXPECT_DOUBLE_EQ(d.channels[1].share, 0.25);
  EXPECT_EQ(d.channels[1].opens, (YearMonth{2013, 6}));

  ASSERT_EQ(d.fairs.size(), 2u);
  EXPECT_EQ(d.fairs[0].date, (YearMonth{2013, 7}));
  EXPECT_EQ(d.fairs[0].sectors, std::vector<int>{0});
  EXPECT_EQ(d.fairs[0].participants, 5);
  EXPECT_DOUBLE_EQ(d.fairs[0].winners_share, 0.4);
  EXPECT_TRUE(d.fairs[1].sectors.empty());
  EXPECT_EQ(d.fairs[1].participants, 50);
  EXPECT_DOUBLE_EQ(d.fairs[1].winners_share, 0.2);
  EXPECT_DOUBLE_EQ(d.fairs[1].reputation_gain, 0.2);
  EXPECT_DOUBLE_EQ(d.fairs[1].development_push, 0.05);

  ASSERT_EQ(d.shocks.size(), 2u);
  const ShockDesc& ban = d.shocks[0];
  EXPECT_EQ(ban.kind, ShockKind::export_ban);
  EXPECT_EQ(ban.start, (YearMonth{2013, 3}));
  EXPECT_FALSE(ban.end.has_value());  // permanent
  EXPECT_EQ(ban.sectors, std::vector<int>{1});
  EXPECT_DOUBLE_EQ(ban.severity, 0.8);
  EXPECT_EQ(ban.reopen_months, 0);
  EXPECT_TRUE(ban.regions.empty());
  const ShockDesc& flood = d.shocks[1];
  EXPECT_EQ(flood.kind, ShockKind::disaster);
  ASSERT_TRUE(flood.end.has_value());
  EXPECT_EQ(*flood.end, (YearMonth{2012, 10}));
  EXPECT_EQ(flood.regions, (std::vector<int>{1, 0}));
  EXPECT_TRUE(flood.sectors.empty());
  EXPECT_DOUBLE_EQ(flood.severity, 1.0);
  EXPECT_DOUBLE_EQ(flood.capacity_loss, 0.05);
  EXPECT_DOUBLE_EQ(flood.crop_loss, 0.2);
  EXPECT_EQ(flood.source_line, line_of(kPolicyScenario, "id = \"flood\"") - 1);
}

TEST(LoaderPolicy, ExtendsOverridesReformKeysAndMergesIdArrays) {
  const auto dir = scratch_dir();
  write_file(dir, "base.toml", kPolicyScenario);
  const std::string child = R"(extends = "base.toml"

[reform]
profit_levy = 0.25

[[policy.events]]
id = "conference"
local_share = 0.4

[[policy.events]]
id = "line_2018"
date = "2012-05"

[[shocks]]
id = "border"
kind = "border_closure"
start = "2013-02"
end = "2013-08"
reopen_months = 3

[[guidance]]
id = "mill_2012"
resources = 80

[[guidance]]
id = "bakery_2013_05"
date = "2013-05"
enterprise = "bakery"
)";
  const Description d = load_scenario(write_file(dir, "child.toml", child));
  EXPECT_DOUBLE_EQ(d.reform.profit_levy, 0.25);  // overridden
  EXPECT_TRUE(d.reform.enabled);                 // the other keys kept
  EXPECT_DOUBLE_EQ(d.reform.wage_fund_share, 0.6);
  EXPECT_EQ(d.reform.groups, (std::array<bool, kMaxGroups>{false, true, false, false, false}));

  ASSERT_EQ(d.shocks.size(), 3u);  // the parent's two, then the child's
  EXPECT_EQ(d.shocks[0].id, "sanctions");
  EXPECT_EQ(d.shocks[1].id, "flood");
  EXPECT_EQ(d.shocks[2].id, "border");
  EXPECT_EQ(d.shocks[2].kind, ShockKind::border_closure);
  EXPECT_EQ(d.shocks[2].end, (YearMonth{2013, 8}));
  EXPECT_EQ(d.shocks[2].reopen_months, 3);

  // Events merge by id (one key of "conference" overridden, one event added) and are sorted.
  ASSERT_EQ(d.events.size(), 4u);
  EXPECT_EQ(d.events[0].id, "line_2018");
  EXPECT_EQ(d.events[2].id, "conference");
  EXPECT_EQ(set_text(d.events[2], "policy.local_share"), "0.4");
  EXPECT_EQ(d.events[2].text, "March plenary");
  EXPECT_TRUE(d.events[2].find("policy.investment_share"));

  // Guidance visits merge by id too: one overridden, one added.
  ASSERT_EQ(d.guidance.size(), 3u);
  EXPECT_DOUBLE_EQ(d.guidance[0].resources, 80.0);
  EXPECT_EQ(d.guidance[0].date, (YearMonth{2012, 9}));
  EXPECT_EQ(d.guidance[2].date, (YearMonth{2013, 5}));
  EXPECT_EQ(d.guidance[2].enterprise, 1);
}

TEST(LoaderPolicy, ExtendsCanClearAnInheritedList) {
  const auto dir = scratch_dir();
  write_file(dir, "base.toml", kPolicyScenario);
  const std::string child = "extends = \"base.toml\"\nshocks = []\nguidance = []\n\n[policy]\nmaterials_priority = []\n";
  const Description d = load_scenario(write_file(dir, "child.toml", child));
  EXPECT_TRUE(d.shocks.empty());
  EXPECT_TRUE(d.guidance.empty());
  EXPECT_TRUE(d.policy.materials_priority.empty());
  EXPECT_EQ(d.projects.size(), 2u);
}

TEST(LoaderPolicy, SetOverridesPolicyKeys) {
  const Description d = load_scenario_text(
      kPolicyScenario, "policy.toml",
      {"reform.profit_levy=0.5", "reform.enabled=false", "reform.groups=[\"heavy\", \"services\"]",
       "policy.events.conference.local_share=0.3", "policy.events.new_year.investment_share.heavy=1",
       "policy.materials_priority=[]", "guidance.bakery_2013.resources=7", "shocks.sanctions.end=2014-01",
       "enterprises.bakery.reform=true", "prices.market_margin=0.2", "projects.bakery_new.capacity=120"});
  EXPECT_DOUBLE_EQ(d.reform.profit_levy, 0.5);
  EXPECT_FALSE(d.reform.enabled);
  EXPECT_EQ(d.reform.groups, (std::array<bool, kMaxGroups>{true, false, false, false, true}));
  EXPECT_EQ(d.events[1].id, "conference");
  EXPECT_EQ(set_text(d.events[1], "policy.local_share"), "0.3");
  ASSERT_TRUE(d.events[0].find("policy.investment_share"));
  EXPECT_DOUBLE_EQ(event_policy(d.events[0]).investment_share[idx(default_group::heavy)], 1.0);
  EXPECT_TRUE(d.policy.materials_priority.empty());
  EXPECT_DOUBLE_EQ(d.guidance[1].resources, 7.0);
  EXPECT_DOUBLE_EQ(d.guidance[0].resources, 50.0);
  EXPECT_EQ(d.shocks[0].end, (YearMonth{2014, 1}));
  EXPECT_TRUE(d.enterprises[1].reform);
  EXPECT_DOUBLE_EQ(d.prices.market_margin, 0.2);
  EXPECT_DOUBLE_EQ(d.projects[1].capacity, 120.0);
}

TEST(LoaderPolicy, SetOnAScenarioWithoutTheSection) {
  // [reform] absent from the file: --set creates it, the other keys take their defaults.
  // A reform that takes place names its start (issue 14 item 2).
  const Description d = load_scenario_text(kMiniScenario, "mini.toml", {"reform.enabled=true", "reform.start=2012-09"});
  EXPECT_TRUE(d.reform.enabled);
  EXPECT_EQ(d.reform.start, (YearMonth{2012, 9}));
  EXPECT_DOUBLE_EQ(d.reform.profit_levy, 0.3);
}

TEST(LoaderPolicy, EveryWordOfTheNewChoicesMapsToItsEnumerator) {
  expect_each_word_maps(kPolicyScenario, "channels", "kind", "channels.state_shops.kind=", "",
                        [](const Description& d) { return to_string(d.channels[0].kind); });
  expect_each_word_maps(kPolicyScenario, "shocks", "kind", "shocks.flood.kind=", "",
                        [](const Description& d) { return to_string(d.shocks[1].kind); });
  // Group names are the scenario's [[groups]] ids (here the five defaults): each maps to its index.
  for (const GroupDesc& g : default_groups()) {
    const Description d =
        load_scenario_text(kPolicyScenario, "policy.toml", {"policy.materials_priority=[\"" + g.id + "\"]"});
    ASSERT_EQ(d.policy.materials_priority.size(), 1u);
    EXPECT_EQ(d.group_id(d.policy.materials_priority[0]), g.id);
  }
}

// Rejected inputs.

// The cases of tests/scenario/rejections.toml that edit the policy scenario.
TEST(BadInputPolicy, EditsOfThePolicyScenario) {
  const std::vector<Rejection> cases = read_rejections("policy", kPolicyScenario);
  EXPECT_EQ(cases.size(), 18u);
  for (const Rejection& r : cases) expect_rejection(r);
}

TEST(BadInputPolicy, ListOfManyIdsShowsTenThenDots) {
  std::string regions;
  for (int i = 0; i < 12; ++i)
    regions += "\n[[regions]]\nid = \"r" + std::to_string(i) + "\"\npopulation = 10\n";
  const std::string text =
      kMiniScenario + regions + "\n[[shocks]]\nid = \"s\"\nkind = \"disaster\"\nstart = \"2012-05\"\nregions = [\"r1\", \"mars\"]\n";
  const ScenarioError e = expect_file_error(text, line_of(text, "\"mars\""), "shocks.s.regions");
  EXPECT_EQ(e.expected(),
            "an array of distinct ids of defined regions (one of: north, south, r0, r1, r2, r3, r4, r5, r6, r7, ...)");
  EXPECT_EQ(e.found(), "\"mars\"");
}

TEST(BadInputPolicy, NestedSectionIsNoTopLevelSection) {
  const std::string text = kMiniScenario + "\n[[events]]\nid = \"x\"\ndate = \"2013-01\"\n";
  const ScenarioError e = expect_file_error(text, line_of(text, "[[events]]"), "events");
  EXPECT_EQ(e.expected().find("policy.events"), std::string::npos) << e.expected();
}

TEST(BadInputPolicy, SetErrorsInTheNewSections) {
  const std::string path = write_file(scratch_dir(), "policy.toml", kPolicyScenario);
  const ScenarioError e1 =
      expect_set_error(path, "policy.events.confrence.local_share=0.1", "policy.events.confrence.local_share");
  EXPECT_NE(message(e1).find("did you mean \"policy.events.conference.local_share\""), std::string::npos)
      << message(e1);
  const ScenarioError e2 = expect_set_error(path, "reform.profit_levvy=0.1", "reform.profit_levvy");
  EXPECT_NE(message(e2).find("did you mean \"reform.profit_levy\""), std::string::npos) << message(e2);
  const ScenarioError e4 = expect_set_error(path, "guidance.mill_2013.resources=1", "guidance.mill_2013.resources");
  EXPECT_NE(message(e4).find("did you mean \"guidance.mill_2012.resources\""), std::string::npos) << message(e4);
  expect_set_error(path, "guidance.resources=1", "guidance.resources");
  const ScenarioError e5 = expect_error(
      [&] { (void)load_scenario_text(kMiniScenario, "mini.toml", {"shocks.flood.end=2013-01"}); }, "--set", 0,
      "shocks.flood.end");
  EXPECT_EQ(e5.expected(), "the id of a defined shock (none defined)");
  expect_set_error(path, "guidance=1", "guidance");
  // A value of the wrong type is reported by validation, under the --set name.
  const ScenarioError e3 = expect_set_error(path, "reform.enabled=maybe", "reform.enabled");
  EXPECT_EQ(e3.found(), "a string \"maybe\"");
}

}  // namespace
}  // namespace lightind
