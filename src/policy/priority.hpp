// lightind policy: priority rationing of scarce materials and foreign exchange (STYLE.md 2).
// Article: raw materials, fuel and foreign exchange "concentrated on light industry"; the
// state releases a share of its reserves for imported inputs. The engine's phase
// ration_materials (src/engine/phases_production.cpp) and, with plan.method = "lp",
// ration_by_plan (src/engine/phases_plan.cpp) apply these. Tests: tests/policy/test_priority.cpp.
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "engine/behaviour.hpp"

namespace lightind::policy {

/// Priority rationing of one scarce good over sector groups ("raw materials concentrated
/// on light industry"): a share `s` of the supply A goes to the groups in `order`, each
/// served in full in turn; what is left, A - served, is shared by all groups in proportion
/// to their unmet need. Writes each group's factor (share of its need met) into `factor`.
/// With s = 0 or an empty order this is proportional rationing; with s = 1 the listed
/// groups are served in full before any other. Units: need and available alike (units or USD).
inline void priority_ration(std::span<const double> need, std::span<const int> order, double available, double s,
                            std::span<double> factor) {
  const double supply = std::max(0.0, available);
  double left = s * supply;
  std::vector<double> served(need.size(), 0.0);
  for (int g : order) {
    const auto gi = static_cast<size_t>(g);
    served[gi] = std::min(need[gi], left);
    left -= served[gi];
  }
  double used = 0.0, unmet = 0.0;
  for (size_t g = 0; g < need.size(); ++g) {
    used += served[g];
    unmet += need[g] - served[g];
  }
  const double r = detail::ration_factor(supply - used, unmet);
  for (size_t g = 0; g < need.size(); ++g)
    factor[g] = need[g] > 0.0 ? (served[g] + r * (need[g] - served[g])) / need[g] : 1.0;
}

/// Own use first (policy.own_use_first; Kornai 1980, *Economics of Shortage*: a shortage
/// economy reproduces a standing shortage, and the planners protect the inputs of the
/// bottleneck sector). When the supply A of a good cannot cover the total need of its
/// claimants, its own producers' need of it (a_ii x their pool need) is served first and the
/// rest of the supply is rationed among the others. Without this rule a short good that is an
/// input of its own production shrinks by the same factor every month: its output is its
/// supply's share of its need times capacity, and that output is next month's supply.
/// Returns false (and changes nothing) when the rule does not act: no own need, or a supply
/// that covers everyone. Otherwise writes the share of the own need met into `own_factor`,
/// takes what it served off `available` and returns true.
inline bool serve_own_use(double own_need, double total_need, double& available, double& own_factor) {
  if (own_need <= 0.0 || available >= total_need) return false;
  const double served = std::min(own_need, std::max(0.0, available));
  own_factor = served / own_need;
  available -= served;
  return true;
}

/// Rationing by plan quotas (plan.method = "lp": the annual plan decides who gets a scarce
/// good): every claimant j is first served up to its quota q_j (0 <= q_j <= need_j), all
/// quotas cut alike to A / sum q when the supply A cannot cover them; what is left,
/// A - served, is shared in proportion to the unmet need. Writes factor_j = served_j / need_j
/// (1 when nothing is needed). With every quota 0 this is proportional rationing.
inline void quota_ration(std::span<const double> need, std::span<const double> quota, double available,
                         std::span<double> factor) {
  const double supply = std::max(0.0, available);
  double q = 0.0;
  for (double x : quota) q += x;
  const double rq = detail::ration_factor(supply, q);
  double used = 0.0, unmet = 0.0;
  for (size_t j = 0; j < need.size(); ++j) {
    used += rq * quota[j];
    unmet += need[j] - rq * quota[j];
  }
  const double r = detail::ration_factor(supply - used, unmet);
  for (size_t j = 0; j < need.size(); ++j)
    factor[j] = need[j] > 0.0 ? (rq * quota[j] + r * (need[j] - rq * quota[j])) / need[j] : 1.0;
}

/// Plan quotas first, then the materials priority for the rest (plan.method = "lp"): every
/// claimant j is served up to its quota q_j (all cut alike when the supply cannot cover
/// them, as quota_ration); what is left is rationed among the groups' unmet needs by
/// priority_ration (the share s by `order`, the rest in proportion), so that "raw materials
/// for light industry first" also decides who gets what the plan left open. group[j] is j's
/// group (0..groups-1). Writes factor_j = served_j / need_j (1 when nothing is needed).
inline void quota_priority_ration(std::span<const double> need, std::span<const double> quota,
                                  std::span<const int> group, int groups, std::span<const int> order,
                                  double available, double s, std::span<double> factor) {
  const double supply = std::max(0.0, available);
  double q = 0.0;
  for (double x : quota) q += x;
  const double rq = detail::ration_factor(supply, q);
  std::vector<double> unmet_g(static_cast<size_t>(groups), 0.0), factor_g(static_cast<size_t>(groups), 1.0);
  double used = 0.0;
  for (size_t j = 0; j < need.size(); ++j) {
    used += rq * quota[j];
    unmet_g[static_cast<size_t>(group[j])] += need[j] - rq * quota[j];
  }
  priority_ration(unmet_g, order, supply - used, s, factor_g);
  for (size_t j = 0; j < need.size(); ++j) {
    const double served = rq * quota[j] + factor_g[static_cast<size_t>(group[j])] * (need[j] - rq * quota[j]);
    factor[j] = need[j] > 0.0 ? served / need[j] : 1.0;
  }
}

/// Foreign exchange released for imported inputs this month, USD:
/// B = f_imp (1 - d) R / rate, with f_imp = world.import_share_of_fx (share of the reserves
/// released a month), d the defence share (defence absorbs its part), R the state's reserves
/// in won at the official rate.
inline double fx_release_usd(double import_share_of_fx, double defence_share, double reserves_won, double exchange_rate) {
  return import_share_of_fx * (1.0 - defence_share) * reserves_won / exchange_rate;
}

/// Imported inputs available this month, USD: min(B, f_trade M), the FX released B and no
/// more than sanctions and the border let through (f_trade the import factor in force, M
/// the month's import need at potential output).
inline double import_supply_usd(double fx_release, double import_factor, double import_need) {
  return std::min(fx_release, import_factor * import_need);
}

/// Output a sector's imports allow, as a share of its potential: s + (1 - s) r, with r the
/// share of its imported inputs it gets and s world.import_substitution (domestic
/// substitutes replace a share of missing imports: "self-reliance").
inline double import_ration(double substitution, double import_share_met) {
  return substitution + (1.0 - substitution) * import_share_met;
}

}  // namespace lightind::policy
