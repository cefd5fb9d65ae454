// Tests of the page's knobs: validation of request parameters and the mapping of each knob
// to scenario keys (src/serve/knobs.hpp), on the reference scenario.
#include <algorithm>
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "lightind/lightind.hpp"
#include "serve/knobs.hpp"
#include "serve/reference_knobs.hpp"

namespace lightind::serve {
namespace {

/// The policy an event sets, over the description's opening values.
PolicyDesc set_by(const Description& d, const PolicyEventDesc& ev) {
  InForce f = d;
  for (const EventOverride& o : ev.overrides) o.apply(f);
  return f.policy;
}

using test_ref::kScenario;
using test_ref::knobs;
using test_ref::reference;
using Params = std::vector<std::pair<std::string, std::string>>;

/// The scenario loaded with the overrides of `params`.
Description with(const Params& params) { return load_scenario(kScenario, knobs().sets(knobs().parse(params))); }

const PolicyEventDesc& event(const Description& d, const std::string& id) {
  return *std::find_if(d.events.begin(), d.events.end(), [&](const PolicyEventDesc& e) { return e.id == id; });
}
const ShockDesc& shock(const Description& d, const std::string& id) {
  return *std::find_if(d.shocks.begin(), d.shocks.end(), [&](const ShockDesc& s) { return s.id == id; });
}

TEST(Knobs, BaselineValuesComeFromTheScenario) {
  const Knobs& k = knobs();
  EXPECT_DOUBLE_EQ(k.find("light_share")->value, 0.20);  // new_year_address_2013
  EXPECT_DOUBLE_EQ(k.find("local_share")->value, 0.75);  // light_industry_conference
  EXPECT_DOUBLE_EQ(k.find("profit_levy")->value, 0.3);
  EXPECT_DOUBLE_EQ(k.find("state_order_share")->value, 0.5);
  EXPECT_DOUBLE_EQ(k.find("reform_start")->value, (YearMonth{2013, 4}.index()));
  EXPECT_DOUBLE_EQ(k.find("closure_months")->value, 29);  // 2020-01 to 2022-06
  EXPECT_DOUBLE_EQ(k.find("sanction_severity")->value, 1.0);
  EXPECT_DOUBLE_EQ(k.find("guidance_frequency")->value, 1.0);
  EXPECT_DOUBLE_EQ(k.find("other_fx_income")->value, 80.0);  // USD 8e7 a month, in millions
  EXPECT_DOUBLE_EQ(k.find("seed")->value, 20130318);
  int policy = 0;
  for (const Knob& x : k.list()) policy += x.group == "policy" ? 1 : 0;
  EXPECT_EQ(policy, 8);
  const auto baseline = k.parse({});
  EXPECT_EQ(k.query(baseline), "");
  EXPECT_TRUE(k.sets(baseline).empty());
  EXPECT_EQ(k.seed(baseline), 20130318u);
}

TEST(Knobs, ProvenanceCommentIsTheNearestSourceOrAssumptionAbove) {
  const std::string text =
      "[world]\n"                                   // 1
      "# what it is\n"                              // 2
      "# source: Bank of Korea 2016\n"              // 3
      "# more words\n"                              // 4
      "a = 1\n"                                     // 5
      "b = 2 # assumption: read as two\n"           // 6
      "c = \"x # not a comment\"\n"                  // 7
      "\n"                                          // 8
      "d = 4\n"                                     // 9
      "[[shocks]]\n"                                // 10
      "id = \"s1\"\n"                               // 11
      "# assumption: from January\n"                // 12
      "start = \"2020-01\"\n"                       // 13
      "end = \"2022-06\"\n";                        // 14
  EXPECT_EQ(provenance_comment(text, 5), "source: Bank of Korea 2016");
  EXPECT_EQ(provenance_comment(text, 6), "assumption: read as two");  // trailing comment
  EXPECT_EQ(provenance_comment(text, 7), "source: Bank of Korea 2016");  // '#' inside a string is text
  EXPECT_EQ(provenance_comment(text, 9), "");  // a blank line ends the block
  EXPECT_EQ(provenance_comment(text, 11), "");  // a table header ends it
  EXPECT_EQ(provenance_comment(text, 14), "assumption: from January");  // the key written with it
  EXPECT_EQ(provenance_comment(text, 0), "");
  EXPECT_EQ(provenance_comment(text, 99), "");
  EXPECT_EQ(key_line(text, "t.toml", "world.b"), 6);
  EXPECT_EQ(key_line(text, "t.toml", "shocks.s1.end"), 14);
  EXPECT_EQ(key_line(text, "t.toml", "shocks.s2.end"), 0);
  EXPECT_EQ(key_line(text, "t.toml", "world.z"), 0);
}

TEST(Knobs, EachKnobHasAPlainLineAndTheScenarioCommentOfItsKey) {
  const Knobs k(reference(), kScenario);
  for (const Knob& x : k.list()) {
    EXPECT_FALSE(x.plain.empty()) << x.name;
    EXPECT_TRUE(x.source.rfind("source:", 0) == 0 || x.source.rfind("assumption:", 0) == 0) << x.name << ": " << x.source;
  }
  EXPECT_EQ(k.find("profit_levy")->source_key, "reform.profit_levy");
  EXPECT_EQ(k.find("profit_levy")->source,
            "assumption: 30 % of profit paid to the state (\"except for part of the benefits paid to the country\")");
  EXPECT_EQ(k.find("light_share")->source_key, "policy.events.new_year_address_2013.investment_share");
  EXPECT_EQ(k.find("closure_months")->source.rfind("source: border sealed 21-22 January 2020", 0), 0u);
}

TEST(Knobs, LightShareSendsTheWholeTimelineKey) {
  // One --set, the whole-timeline key (issue 15, Build 2), not one key per dated event.
  EXPECT_EQ(knobs().sets(knobs().parse({{"light_share", "0.3"}})),
            std::vector<std::string>{"policy.light_investment_share=0.3"});
  const Description d = with({{"light_share", "0.3"}});
  // 2013-01: light 0.2 -> 0.3; the others x 0.7 / 0.8 (heavy 0.40 -> 0.35).
  const auto a = set_by(d, event(d, "new_year_address_2013")).investment_share;
  EXPECT_NEAR(a[static_cast<size_t>(d.group_with(GroupRole::light))], 0.30, 1e-12);
  EXPECT_NEAR(a[static_cast<size_t>(d.group_with(GroupRole::heavy))], 0.35, 1e-12);
  EXPECT_NEAR(a[static_cast<size_t>(d.group_with(GroupRole::agriculture))], 0.175, 1e-12);
  // 2018-04: light 0.25 -> 0.3 (the same share in every period); heavy 0.35 x 0.7 / 0.75.
  const auto b = set_by(d, event(d, "new_strategic_line_2018")).investment_share;
  EXPECT_NEAR(b[static_cast<size_t>(d.group_with(GroupRole::light))], 0.30, 1e-12);
  EXPECT_NEAR(b[static_cast<size_t>(d.group_with(GroupRole::heavy))], 0.35 * 0.7 / 0.75, 1e-12);
  double sum = 0;
  for (const double x : b) sum += x;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  // The opening (pre-2013) shares too: light 0.08 -> 0.3, heavy 0.55 x 0.7 / 0.92.
  EXPECT_NEAR(d.policy.investment_share[static_cast<size_t>(d.group_with(GroupRole::light))], 0.30, 1e-12);
  EXPECT_NEAR(d.policy.investment_share[static_cast<size_t>(d.group_with(GroupRole::heavy))], 0.55 * 0.7 / 0.92, 1e-12);
  // The same description as the command line's --set of that key.
  const Description cli = load_scenario(kScenario, {"policy.light_investment_share=0.3"});
  EXPECT_EQ(cli.policy.investment_share, d.policy.investment_share);
  for (size_t i = 0; i < d.events.size(); ++i)
    EXPECT_EQ(set_by(cli, cli.events[i]).investment_share, set_by(d, d.events[i]).investment_share) << d.events[i].id;
}

TEST(Knobs, LocalShareReformAndSimpleKeys) {
  const Description d = with({{"local_share", "0.5"},
                              {"profit_levy", "0.45"},
                              {"state_order_share", "0.2"},
                              {"reform_start", "2015-07"},
                              {"other_fx_income", "100"},
                              {"import_substitution", "0.5"}});
  EXPECT_DOUBLE_EQ(set_by(d, event(d, "light_industry_conference")).local_share, 0.5);
  EXPECT_DOUBLE_EQ(set_by(d, event(d, "five_year_plan_2021")).local_share, 0.5);
  EXPECT_DOUBLE_EQ(d.policy.local_share, 0.5);  // the 2012 value: 0.5 in the file, untouched
  EXPECT_DOUBLE_EQ(d.reform.profit_levy, 0.45);
  EXPECT_DOUBLE_EQ(d.reform.state_order_share, 0.2);
  EXPECT_EQ(d.reform.start.str(), "2015-07");
  EXPECT_DOUBLE_EQ(d.world.other_fx_income, 1e8);
  EXPECT_DOUBLE_EQ(d.world.import_substitution, 0.5);
}

TEST(Knobs, SanctionSeverityScalesBansAndCapsAtMostOne) {
  const Description half = with({{"sanction_severity", "0.5"}});
  EXPECT_DOUBLE_EQ(shock(half, "unsc_2321").severity, 0.3);
  EXPECT_DOUBLE_EQ(shock(half, "unsc_2375_petroleum").severity, 0.05);
  EXPECT_DOUBLE_EQ(shock(half, "border_closure_2020").severity, 0.85);  // not a sanction
  const Description twice = with({{"sanction_severity", "2"}});
  EXPECT_DOUBLE_EQ(shock(twice, "unsc_2321").severity, 1.0);  // 0.6 x 2, capped
  EXPECT_DOUBLE_EQ(shock(twice, "unsc_2397_imports").severity, 0.5);
}

TEST(Knobs, ClosureLengthMovesTheEndAndZeroRemovesTheClosure) {
  const Description twelve = with({{"closure_months", "12"}});
  EXPECT_EQ(shock(twelve, "border_closure_2020").end->str(), "2021-01");
  EXPECT_DOUBLE_EQ(shock(twelve, "border_closure_2020").severity, 0.85);
  const Description none = with({{"closure_months", "0"}});
  EXPECT_DOUBLE_EQ(shock(none, "border_closure_2020").severity, 0.0);
}

TEST(Knobs, GuidanceFrequencyDropsVisitsEvenlyOrScalesThem) {
  const int end = reference().end.index();
  auto within = [&](const Description& d) {
    return std::count_if(d.guidance.begin(), d.guidance.end(),
                         [&](const GuidanceDesc& g) { return g.date.index() <= end; });
  };
  ASSERT_EQ(reference().guidance.size(), 44u);
  EXPECT_EQ(within(with({{"guidance_frequency", "0.5"}})), 22);
  EXPECT_EQ(within(with({{"guidance_frequency", "0.25"}})), 11);
  EXPECT_EQ(within(with({{"guidance_frequency", "0"}})), 0);
  const Description more = with({{"guidance_frequency", "1.5"}});
  EXPECT_EQ(within(more), 44);
  EXPECT_DOUBLE_EQ(more.guidance[0].efficiency_boost, reference().guidance[0].efficiency_boost * 1.5);
  EXPECT_DOUBLE_EQ(more.guidance[0].resources, reference().guidance[0].resources * 1.5);
}

TEST(Knobs, QueryIsCanonical) {
  const Knobs& k = knobs();
  EXPECT_EQ(k.query(k.parse({{"reform_start", "2014-01"}, {"light_share", "0.30"}, {"profit_levy", "0.3"}})),
            "light_share=0.3&reform_start=2014-01");
  EXPECT_EQ(k.seed(k.parse({{"seed", "7"}})), 7u);
}

TEST(Knobs, BadParametersAreRejectedWithAMessage) {
  const Knobs& k = knobs();
  auto message = [&](const Params& p) {
    try {
      (void)k.parse(p);
    } catch (const KnobError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(message({{"light_share", "0.7"}}), "light_share: expected a value from 0.02 to 0.6, found 0.7");
  EXPECT_EQ(message({{"light_share", "abc"}}), "light_share: expected a number, found \"abc\"");
  for (const char* bad : {"", " 0.3", "0x1", "1e999", "nan", "inf", "0.3.1", "--1"})
    EXPECT_NE(message({{"light_share", bad}}).find("expected a number"), std::string::npos) << bad;
  EXPECT_EQ(message({{"reform_start", "2013-13"}}), "reform_start: expected a month YYYY-MM, found \"2013-13\"");
  EXPECT_EQ(message({{"reform_start", "2011-12"}}), "reform_start: expected a value from 2012-01 to 2025-12, found 2011-12");
  EXPECT_EQ(message({{"closure_months", "3.5"}}), "closure_months: expected a whole number, found \"3.5\"");
  EXPECT_EQ(message({{"profit_levy", "0.3"}, {"profit_levy", "0.4"}}), "profit_levy: given more than once");
  EXPECT_EQ(message({{"levy", "0.3"}}).rfind("unknown parameter \"levy\" (known: light_share, profit_levy", 0), 0u);
}

TEST(Knobs, AKnobTheScenarioLacksIsRejected) {
  const Description no_reform = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/no-reform.toml");
  const Knobs k(no_reform);
  EXPECT_FALSE(k.find("profit_levy")->available);
  EXPECT_NO_THROW((void)k.parse({{"profit_levy", "0.3"}}));  // the baseline value is harmless
  EXPECT_THROW((void)k.parse({{"profit_levy", "0.5"}}), KnobError);
}

}  // namespace
}  // namespace lightind::serve
