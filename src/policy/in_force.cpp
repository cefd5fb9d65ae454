// lightind policy: the values in force in a month (in_force.hpp).
#include "policy/in_force.hpp"

namespace lightind::policy {

void apply_event(const PolicyEventDesc& ev, InForce& p) {
  for (const EventOverride& o : ev.overrides) o.apply(p);
}

InForce policy_in_force(const Description& d, int month) {
  InForce p = d;  // the opening values (Description's base)
  for (const PolicyEventDesc& ev : d.events) {
    if (ev.date.index() > month) break;
    apply_event(ev, p);
  }
  return p;
}

}  // namespace lightind::policy
