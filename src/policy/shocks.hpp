// lightind policy: shocks — sanctions, the border closure, disasters (STYLE.md 2, 7).
// Article: UN sanctions from 2016-2017 stop exports of coal, minerals and textiles and cap
// imports; the border closed in January 2020 and reopened gradually; floods and typhoons
// destroy capacity and crops. shocks_in_force is the one reading of the shocks in force in a
// month, for the engine (apply_shocks, src/engine/phases_policy.cpp) and the planner
// (src/planner/plan_build.cpp). Tests: tests/policy/test_shocks.cpp.
#pragma once

#include <algorithm>
#include <vector>

#include "lightind/description.hpp"

namespace lightind::policy {

/// Share of a border closure in force in month t: 0 before `start`, 1 from `start` to
/// `end`, then falling linearly to 0 over `reopen` months (gradual reopening):
/// 1 - (t - end) / (reopen + 1).
inline double closure_in_force(int t, int start, int end, int reopen) {
  if (t < start) return 0.0;
  if (t <= end) return 1.0;
  if (reopen <= 0) return 0.0;
  return std::max(0.0, 1.0 - static_cast<double>(t - end) / static_cast<double>(reopen + 1));
}

/// The trade and crop state in force in a month (shares of normal, 1 = no shock).
struct ShocksInForce {
  std::vector<double> exports;  ///< per sector: share of exports allowed (export bans, closure)
  double imports = 1.0;         ///< share of normal imports allowed (import caps, closure)
  double closure = 1.0;         ///< share of cross-border traffic the closure allows (other FX income)
  std::vector<double> crop;     ///< per region: share of farm output not lost to disasters
  std::vector<double> ration;   ///< per region: share of the ration the state still ships (ration_cut)
};

/// The month's shocks, applied in the scenario's order: an export ban multiplies the banned
/// sectors' exports by 1 - severity while in force; an import cap multiplies imports by
/// 1 - severity; a border closure multiplies imports, exports and other FX income by
/// 1 - severity x closure_in_force; a disaster multiplies its regions' crops by 1 - crop_loss
/// for its duration (12 months when it has no end); a ration cut multiplies its regions'
/// ration by 1 - severity while in force (the PDS's "triage" of the north-east in 1994-97,
/// Natsios 2001).
ShocksInForce shocks_in_force(const Description& d, int month);

/// Last month (index) a shock is in force: its end, or (none) for ever.
int shock_end(const ShockDesc& s);

/// Whether a disaster hits region r (all regions when it lists none).
bool disaster_hits_region(const ShockDesc& s, int region);

/// Whether a disaster destroys capacity of sector k in region r: the sectors it lists, or,
/// when it lists none, the sectors of the agriculture-role group (`agriculture`: k is one);
/// in the regions it hits.
bool disaster_hits(const ShockDesc& s, int sector, bool agriculture, int region);

}  // namespace lightind::policy
