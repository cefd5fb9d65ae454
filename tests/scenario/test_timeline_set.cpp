// Whole-timeline policy overrides (src/scenario/timeline.hpp): `policy.light_investment_share`
// sets the light group's share in every period, the other groups rescaled in proportion.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lightind/scenario.hpp"
#include "policy/in_force.hpp"
#include "scenario/timeline.hpp"

namespace lightind {
namespace {

const std::string kReference = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

TEST(TimelineSet, RescaledSharesByHand) {
  // heavy 0.55, light 0.08, agriculture 0.15, extraction 0.12, services 0.10; light -> 0.4:
  // the others (sum 0.92) scale by 0.6 / 0.92.
  const std::vector<std::string> keys{"heavy", "light", "agriculture", "extraction", "services"};
  const auto y = detail::rescaled_shares(keys, {0.55, 0.08, 0.15, 0.12, 0.10}, "light", 0.4);
  EXPECT_DOUBLE_EQ(y[1], 0.4);
  EXPECT_NEAR(y[0], 0.55 * 0.6 / 0.92, 1e-15);
  EXPECT_NEAR(y[2], 0.15 * 0.6 / 0.92, 1e-15);
  EXPECT_NEAR(y[0] + y[1] + y[2] + y[3] + y[4], 1.0, 1e-12);
  // Others all zero: equal parts.
  const auto z = detail::rescaled_shares(keys, {0, 1, 0, 0, 0}, "light", 0.2);
  EXPECT_DOUBLE_EQ(z[0], 0.2);
  EXPECT_DOUBLE_EQ(z[4], 0.2);
}

TEST(TimelineSet, LightShareHoldsInEveryPeriod) {
  const Description d = load_scenario(kReference, {"policy.light_investment_share=0.4"});
  EXPECT_DOUBLE_EQ(d.policy.investment_share[1], 0.4);
  EXPECT_NEAR(d.policy.investment_share[0], 0.55 * 0.6 / 0.92, 1e-12);
  int share_events = 0;
  for (const PolicyEventDesc& e : d.events) {
    if (!e.find("policy.investment_share")) continue;
    ++share_events;
    InForce f = d;
    policy::apply_event(e, f);
    EXPECT_DOUBLE_EQ(f.policy.investment_share[1], 0.4) << e.id;
    double sum = 0;
    for (const double x : f.policy.investment_share) sum += x;
    EXPECT_NEAR(sum, 1.0, 1e-12) << e.id;
  }
  EXPECT_EQ(share_events, 3);  // 2013-01, 2018-04, 2021-01 in the reference
  // In force in 2019 (after the 2018 event): heavy 0.35 of the others' 0.75, times 0.6.
  const InForce f2019 = policy::policy_in_force(d, YearMonth{2019, 6}.index());
  EXPECT_NEAR(f2019.policy.investment_share[0], 0.35 * 0.6 / 0.75, 1e-12);
}

TEST(TimelineSet, OutOfRangeNamesTheSet) {
  try {
    (void)load_scenario(kReference, {"policy.light_investment_share=1.5"});
    FAIL() << "accepted";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), "--set");
    EXPECT_EQ(e.key(), "policy.light_investment_share");
    EXPECT_NE(std::string(e.what()).find("found a number 1.5"), std::string::npos) << e.what();
  }
}

TEST(TimelineSet, OneShareSetAloneNamesTheSetArgumentAndTheKnob) {
  try {
    (void)load_scenario(kReference, {"policy.investment_share.light=0.4"});
    FAIL() << "accepted";
  } catch (const ScenarioError& e) {
    const std::string w = e.what();
    EXPECT_EQ(e.file(), "--set") << w;  // not dprk-2013.toml:728
    EXPECT_EQ(w.find("dprk-2013.toml"), std::string::npos) << w;
    EXPECT_NE(w.find("after --set policy.investment_share.light=0.4"), std::string::npos) << w;
    EXPECT_NE(w.find("lower or raise the other shares"), std::string::npos) << w;
    EXPECT_NE(w.find("did you mean \"policy.light_investment_share=0.4\""), std::string::npos) << w;
  }
}

TEST(TimelineSet, MissingFileNamedWithoutLineZero) {
  try {
    (void)load_scenario("no-such-scenario.toml");
    FAIL() << "accepted";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "no-such-scenario.toml: expected a readable scenario file, found no such file");
  }
}

}  // namespace
}  // namespace lightind
