// lightind policy: the policy in force in a month — the one reading of the dated policy
// events (2013-01 New Year address, 2013-03-18 conference, 2018-04 new strategic line,
// 2021-01 five-year plan ...), for the engine (apply_policy_events,
// src/engine/phases_policy.cpp) and the planner (src/planner/plan_build.cpp).
// Tests: tests/policy/test_in_force.cpp.
#pragma once

#include "lightind/description.hpp"

namespace lightind::policy {

/// The policy values in force: the description's policy and food ration, as dated events
/// changed them.
struct PolicyInForce {
  PolicyDesc policy;
  double ration_food = 0;  ///< units of food per person a month through the public distribution system
};

/// One dated event's changes applied to `p`: each field the event sets replaces the value in
/// force; the others stay. (Plan targets depend on the economy's output and are set by the
/// engine, src/policy/plan_targets.hpp.)
void apply_event(const PolicyEventDesc& ev, PolicyInForce& p);

/// The policy in force in month `month` (a YearMonth index): the description's values with
/// every event dated up to that month applied in date order (the events are sorted by date).
PolicyInForce policy_in_force(const Description& d, int month);

}  // namespace lightind::policy
