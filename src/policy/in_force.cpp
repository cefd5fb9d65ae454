// lightind policy: the policy in force in a month (in_force.hpp).
#include "policy/in_force.hpp"

namespace lightind::policy {

void apply_event(const PolicyEventDesc& ev, PolicyInForce& p) {
  if (ev.investment_share) p.policy.investment_share = *ev.investment_share;
  if (ev.local_share) p.policy.local_share = *ev.local_share;
  if (ev.materials_priority) p.policy.materials_priority = *ev.materials_priority;
  if (ev.materials_priority_share) p.policy.materials_priority_share = *ev.materials_priority_share;
  if (ev.defence_share) p.policy.defence_share = *ev.defence_share;
  if (ev.light_efficiency_target) p.policy.light_efficiency_target = *ev.light_efficiency_target;
  if (ev.restoration_speed) p.policy.restoration_speed = *ev.restoration_speed;
  if (ev.ration_food) p.ration_food = *ev.ration_food;
}

PolicyInForce policy_in_force(const Description& d, int month) {
  PolicyInForce p{d.policy, d.state.ration_food};
  for (const PolicyEventDesc& ev : d.events) {
    if (ev.date.index() > month) break;
    apply_event(ev, p);
  }
  return p;
}

}  // namespace lightind::policy
