// src/policy/in_force.hpp: the policy in force in a month, against hand-set events (STYLE.md 9).
#include <gtest/gtest.h>

#include "policy/in_force.hpp"

namespace lightind::policy {
namespace {

/// An event's override of `key` by `set` (the loader builds them from the schema).
EventOverride over(std::string key, std::function<void(InForce&)> set) { return {std::move(key), "", std::move(set)}; }
const std::array<double, kMaxGroups> kShares2013{0.3, 0.3, 0.2, 0.1, 0.1};

TEST(InForce, EventsUpToTheMonthApplyInDateOrder) {
  Description d;
  d.policy.investment_share = {0.1, 0.5, 0.2, 0.1, 0.1};
  d.policy.local_share = 0.3;
  d.policy.defence_share = 0.2;
  d.state.ration_food = 12.0;
  PolicyEventDesc a;  // 2013-01: shares and the ration
  a.date = {2013, 1};
  a.overrides = {over("policy.investment_share", [](InForce& p) { p.policy.investment_share = kShares2013; }),
                 over("state.ration_food", [](InForce& p) { p.state.ration_food = 10.0; })};
  PolicyEventDesc b;  // 2013-03: local share and priority
  b.date = {2013, 3};
  b.overrides = {over("policy.local_share", [](InForce& p) { p.policy.local_share = 0.6; }),
                 over("policy.materials_priority", [](InForce& p) {
                   p.policy.materials_priority = {default_group::light, default_group::agriculture};
                 })};
  PolicyEventDesc c;  // 2018-04: the ration again, defence
  c.date = {2018, 4};
  c.overrides = {over("state.ration_food", [](InForce& p) { p.state.ration_food = 8.0; }),
                 over("policy.defence_share", [](InForce& p) { p.policy.defence_share = 0.1; })};
  d.events = {a, b, c};

  const InForce before = policy_in_force(d, YearMonth{2012, 12}.index());
  EXPECT_EQ(before.policy.investment_share, d.policy.investment_share);
  EXPECT_DOUBLE_EQ(before.state.ration_food, 12.0);
  EXPECT_DOUBLE_EQ(before.policy.local_share, 0.3);

  const InForce jan = policy_in_force(d, YearMonth{2013, 1}.index());
  EXPECT_EQ(jan.policy.investment_share, kShares2013);
  EXPECT_DOUBLE_EQ(jan.state.ration_food, 10.0);
  EXPECT_DOUBLE_EQ(jan.policy.local_share, 0.3);  // not yet
  EXPECT_TRUE(jan.policy.materials_priority.empty());

  const InForce y2015 = policy_in_force(d, YearMonth{2015, 6}.index());
  EXPECT_EQ(y2015.policy.investment_share, kShares2013);  // stays in force
  EXPECT_DOUBLE_EQ(y2015.policy.local_share, 0.6);
  EXPECT_EQ(y2015.policy.materials_priority, (std::vector<Group>{default_group::light, default_group::agriculture}));
  EXPECT_DOUBLE_EQ(y2015.policy.defence_share, 0.2);

  const InForce y2018 = policy_in_force(d, YearMonth{2018, 4}.index());
  EXPECT_DOUBLE_EQ(y2018.state.ration_food, 8.0);
  EXPECT_DOUBLE_EQ(y2018.policy.defence_share, 0.1);
  EXPECT_DOUBLE_EQ(y2018.policy.local_share, 0.6);
}

TEST(InForce, ApplyEventChangesOnlyWhatItSets) {
  InForce p;
  p.policy.restoration_speed = 0.1;
  p.policy.light_efficiency_target = 0.7;
  p.state.ration_food = 5.0;
  PolicyEventDesc ev;
  ev.overrides = {over("policy.restoration_speed", [](InForce& q) { q.policy.restoration_speed = 0.3; }),
                  over("policy.materials_priority_share", [](InForce& q) { q.policy.materials_priority_share = 0.5; })};
  apply_event(ev, p);
  EXPECT_DOUBLE_EQ(p.policy.restoration_speed, 0.3);
  EXPECT_DOUBLE_EQ(p.policy.materials_priority_share, 0.5);
  EXPECT_DOUBLE_EQ(p.policy.light_efficiency_target, 0.7);
  EXPECT_DOUBLE_EQ(p.state.ration_food, 5.0);
}

}  // namespace
}  // namespace lightind::policy
