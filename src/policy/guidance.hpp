// lightind policy: on-site guidance (STYLE.md 2). Article: the leader's visits to factories
// raise their output and draw resources to them; the effect fades. Applied by
// guidance_visits (src/engine/phases_policy.cpp). Tests: tests/policy/test_guidance.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

#include "lightind/description.hpp"

namespace lightind::policy {

/// Monthly decay factor of an effect with half-life h months: 0.5^(1/h).
inline double monthly_decay(double half_life_months) { return std::pow(0.5, 1.0 / half_life_months); }

/// Half-life (months) of enterprise e's guidance boost in month t: that of its latest visit
/// before t (the visits listed in date order), 12 when none.
inline double guidance_half_life(std::span<const GuidanceDesc> visits, int enterprise, int month) {
  double half_life = 12.0;
  for (const GuidanceDesc& g : visits)
    if (g.enterprise == enterprise && g.date.index() < month) half_life = g.half_life_months;
  return half_life;
}

/// Units of the investment fund a visit draws to its factory: min(resources, fund).
inline double guidance_resources(double resources, double fund_units) { return std::min(resources, fund_units); }

/// Month a visit's resources become capacity: half the sector's gestation after the visit.
inline int guidance_completion(int month, int gestation_months) { return month + gestation_months / 2; }

}  // namespace lightind::policy
