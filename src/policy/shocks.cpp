// lightind policy: the shocks in force in a month (shocks.hpp).
#include "policy/shocks.hpp"

#include <algorithm>
#include <climits>

namespace lightind::policy {

int shock_end(const ShockDesc& s) { return s.end ? s.end->index() : INT32_MAX / 2; }

bool disaster_hits_region(const ShockDesc& s, int region) {
  return s.regions.empty() || std::find(s.regions.begin(), s.regions.end(), region) != s.regions.end();
}

bool disaster_hits(const ShockDesc& s, int sector, bool agriculture, int region) {
  const bool sector_hit =
      s.sectors.empty() ? agriculture : std::find(s.sectors.begin(), s.sectors.end(), sector) != s.sectors.end();
  return sector_hit && disaster_hits_region(s, region);
}

ShocksInForce shocks_in_force(const Description& d, int month) {
  ShocksInForce f;
  f.exports.assign(d.sectors.size(), 1.0);
  f.crop.assign(d.regions.size(), 1.0);
  f.ration.assign(d.regions.size(), 1.0);
  for (const ShockDesc& s : d.shocks) {
    const int start = s.start.index();
    const int end = shock_end(s);
    switch (s.kind) {
      case ShockKind::export_ban:
        if (month >= start && month <= end)
          for (int k : s.sectors) f.exports[static_cast<size_t>(k)] *= 1.0 - s.severity;
        break;
      case ShockKind::import_cap:
        if (month >= start && month <= end) f.imports *= 1.0 - s.severity;
        break;
      case ShockKind::border_closure: {
        const double force = s.severity * closure_in_force(month, start, end, s.reopen_months);
        f.imports *= 1.0 - force;
        f.closure *= 1.0 - force;
        for (double& x : f.exports) x *= 1.0 - force;
        break;
      }
      case ShockKind::disaster: {
        const int last = s.end ? end : start + 11;
        if (month >= start && month <= last)
          for (size_t r = 0; r < f.crop.size(); ++r)
            if (disaster_hits_region(s, static_cast<int>(r))) f.crop[r] *= 1.0 - s.crop_loss;
        break;
      }
      case ShockKind::ration_cut:
        if (month >= start && month <= end)
          for (size_t r = 0; r < f.ration.size(); ++r)
            if (disaster_hits_region(s, static_cast<int>(r))) f.ration[r] *= 1.0 - s.severity;
        break;
    }
  }
  return f;
}

}  // namespace lightind::policy
