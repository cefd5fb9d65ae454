// lightind policy: the values in force in a month — the one reading of the dated policy
// events (2013-01 New Year address, 2013-03-18 conference, 2018-04 new strategic line,
// 2021-01 five-year plan ...), for the engine (apply_policy_events,
// src/engine/phases_policy.cpp) and the planner (src/planner/plan_build.cpp). An event may
// set any key the schema marks changeable (src/scenario/schema.cpp); the values live in
// InForce (include/lightind/description.hpp).
// Tests: tests/policy/test_in_force.cpp, tests/policy/test_events.cpp.
#pragma once

#include "lightind/description.hpp"

namespace lightind::policy {

/// One dated event's changes applied to `p`: each key the event sets replaces the value in
/// force, in the order written; the others stay. (Plan targets depend on the economy's
/// output and are set by the engine, src/policy/plan_targets.hpp.)
void apply_event(const PolicyEventDesc& ev, InForce& p);

/// The values in force in month `month` (a YearMonth index): the description's opening
/// values with every event dated up to that month applied in date order (the events are
/// sorted by date).
InForce policy_in_force(const Description& d, int month);

}  // namespace lightind::policy
