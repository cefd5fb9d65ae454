// lightind policy: local industry and brands (STYLE.md 2). Article: "relying on the
// mountains, relying on the sea", local factories draw part of their materials from their
// region's best endowment; "local industrial enterprises ... develop local characteristic
// industries ... many famous light industry brand products with local names". Applied by
// the opening state (src/engine/init.cpp), ration_materials and produce
// (phases_production.cpp) and spread_brands (phases_policy.cpp). Tests: tests/policy/test_brands.cpp.
#pragma once

#include <algorithm>
#include <span>
#include <utility>
#include <vector>

#include "lightind/description.hpp"

namespace lightind::policy {

/// A local enterprise's endowment use: its region's best endowment (0..1); 0 for central ones.
inline double endowment_use(bool local, std::span<const double> region_endowments) {
  return local ? *std::max_element(region_endowments.begin(), region_endowments.end()) : 0.0;
}

/// Share v of an enterprise's domestic material need met locally: v = u x e, with u the
/// policy's local_endowment_use and e the enterprise's endowment use.
inline double local_material_share(double policy_use, double enterprise_endowment_use) {
  return policy_use * enterprise_endowment_use;
}

/// Potential output that draws on the national pool of materials: q* (1 - v).
inline double pool_need(double potential, double local_share) { return potential * (1.0 - local_share); }

/// Materials factor of an enterprise: local materials cover the share v outside the pool,
/// imported inputs have no local substitute: min(v + (1 - v) r_materials, r_imports).
inline double enterprise_material_factor(double local_share, double material_factor, double import_ration) {
  return std::min(local_share + (1.0 - local_share) * material_factor, import_ration);
}

/// Output that drew its inputs from the pool: max(0, q - v q*).
inline double drawn_from_pool(double output, double local_share, double potential) {
  return std::max(0.0, output - local_share * potential);
}

/// A follower's reputation moves toward its local brand's: r_f' = r_f + s (r_brand - r_f),
/// s = policy.brand_spillover a month.
inline double brand_spillover(double follower, double brand, double spillover) {
  return follower + spillover * (brand - follower);
}

/// Each local branded enterprise with the unbranded local enterprises of its region and
/// sector that follow it (brands without followers are left out), in enterprise order.
inline std::vector<std::pair<int, std::vector<int>>> brand_followers(std::span<const EnterpriseDesc> enterprises) {
  std::vector<std::pair<int, std::vector<int>>> brands;
  const size_t ne = enterprises.size();
  for (size_t b = 0; b < ne; ++b) {
    const EnterpriseDesc& bd = enterprises[b];
    if (bd.brand.empty() || bd.level != Level::local) continue;
    std::vector<int> followers;
    for (size_t e = 0; e < ne; ++e) {
      const EnterpriseDesc& ed = enterprises[e];
      if (e != b && ed.brand.empty() && ed.level == Level::local && ed.region == bd.region && ed.sector == bd.sector)
        followers.push_back(static_cast<int>(e));
    }
    if (!followers.empty()) brands.emplace_back(static_cast<int>(b), std::move(followers));
  }
  return brands;
}

}  // namespace lightind::policy
