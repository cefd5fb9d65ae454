// src/policy/in_force.hpp: the policy in force in a month, against hand-set events (STYLE.md 9).
#include <gtest/gtest.h>

#include "policy/in_force.hpp"

namespace lightind::policy {
namespace {

TEST(InForce, EventsUpToTheMonthApplyInDateOrder) {
  Description d;
  d.policy.investment_share = {0.1, 0.5, 0.2, 0.1, 0.1};
  d.policy.local_share = 0.3;
  d.policy.defence_share = 0.2;
  d.state.ration_food = 12.0;
  PolicyEventDesc a;  // 2013-01: shares and the ration
  a.date = {2013, 1};
  a.investment_share = std::array<double, kGroupCount>{0.3, 0.3, 0.2, 0.1, 0.1};
  a.ration_food = 10.0;
  PolicyEventDesc b;  // 2013-03: local share and priority
  b.date = {2013, 3};
  b.local_share = 0.6;
  b.materials_priority = std::vector<Group>{Group::light, Group::agriculture};
  PolicyEventDesc c;  // 2018-04: the ration again, defence
  c.date = {2018, 4};
  c.ration_food = 8.0;
  c.defence_share = 0.1;
  d.events = {a, b, c};

  const PolicyInForce before = policy_in_force(d, YearMonth{2012, 12}.index());
  EXPECT_EQ(before.policy.investment_share, d.policy.investment_share);
  EXPECT_DOUBLE_EQ(before.ration_food, 12.0);
  EXPECT_DOUBLE_EQ(before.policy.local_share, 0.3);

  const PolicyInForce jan = policy_in_force(d, YearMonth{2013, 1}.index());
  EXPECT_EQ(jan.policy.investment_share, *a.investment_share);
  EXPECT_DOUBLE_EQ(jan.ration_food, 10.0);
  EXPECT_DOUBLE_EQ(jan.policy.local_share, 0.3);  // not yet
  EXPECT_TRUE(jan.policy.materials_priority.empty());

  const PolicyInForce y2015 = policy_in_force(d, YearMonth{2015, 6}.index());
  EXPECT_EQ(y2015.policy.investment_share, *a.investment_share);  // stays in force
  EXPECT_DOUBLE_EQ(y2015.policy.local_share, 0.6);
  EXPECT_EQ(y2015.policy.materials_priority, (std::vector<Group>{Group::light, Group::agriculture}));
  EXPECT_DOUBLE_EQ(y2015.policy.defence_share, 0.2);

  const PolicyInForce y2018 = policy_in_force(d, YearMonth{2018, 4}.index());
  EXPECT_DOUBLE_EQ(y2018.ration_food, 8.0);
  EXPECT_DOUBLE_EQ(y2018.policy.defence_share, 0.1);
  EXPECT_DOUBLE_EQ(y2018.policy.local_share, 0.6);
}

TEST(InForce, ApplyEventChangesOnlyWhatItSets) {
  PolicyInForce p;
  p.policy.restoration_speed = 0.1;
  p.policy.light_efficiency_target = 0.7;
  p.ration_food = 5.0;
  PolicyEventDesc ev;
  ev.restoration_speed = 0.3;
  ev.materials_priority_share = 0.5;
  apply_event(ev, p);
  EXPECT_DOUBLE_EQ(p.policy.restoration_speed, 0.3);
  EXPECT_DOUBLE_EQ(p.policy.materials_priority_share, 0.5);
  EXPECT_DOUBLE_EQ(p.policy.light_efficiency_target, 0.7);
  EXPECT_DOUBLE_EQ(p.ration_food, 5.0);
}

}  // namespace
}  // namespace lightind::policy
