// lightind: phases of policy — dated events, shocks, the reform's phase-in, on-site
// guidance, merchandise fairs, and enterprise efficiency.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"

namespace lightind::detail {

void Economy::apply_policy_events() {
  // Events are sorted by date; each applies in its month and stays in force.
  while (next_event_ < d_.events.size() && d_.events[next_event_].date.index() <= month_) {
    const PolicyEventDesc& ev = d_.events[next_event_++];
    if (ev.investment_share) policy_.investment_share = *ev.investment_share;
    if (ev.local_share) policy_.local_share = *ev.local_share;
    if (ev.materials_priority) policy_.materials_priority = *ev.materials_priority;
    if (ev.materials_priority_share) policy_.materials_priority_share = *ev.materials_priority_share;
    if (ev.defence_share) policy_.defence_share = *ev.defence_share;
    if (ev.light_efficiency_target) policy_.light_efficiency_target = *ev.light_efficiency_target;
    if (ev.restoration_speed) policy_.restoration_speed = *ev.restoration_speed;
    if (ev.ration_food) ration_food_ = *ev.ration_food;
    if (!ev.plan_targets.empty()) set_plan_targets(ev);
    event("policy", ev.id, ev.text.empty() ? ev.id : ev.text);
  }
}

void Economy::apply_shocks() {
  std::fill(export_factor_.begin(), export_factor_.end(), 1.0);
  std::fill(crop_factor_.begin(), crop_factor_.end(), 1.0);
  import_factor_ = 1.0;
  closure_factor_ = 1.0;
  for (const ShockDesc& s : d_.shocks) {
    const int start = s.start.index();
    const int end = s.end ? s.end->index() : INT32_MAX / 2;
    switch (s.kind) {
      case ShockKind::export_ban:
        // UN sanctions: exports of the banned sectors stop (by `severity`) from the date on.
        if (month_ >= start && month_ <= end)
          for (int k : s.sectors) export_factor_[static_cast<size_t>(k)] *= 1.0 - s.severity;
        break;
      case ShockKind::import_cap:
        if (month_ >= start && month_ <= end) import_factor_ *= 1.0 - s.severity;
        break;
      case ShockKind::border_closure: {
        // The 2020 closure stops trade both ways, then reopens gradually.
        const double force = s.severity * closure_in_force(month_, start, end, s.reopen_months);
        import_factor_ *= 1.0 - force;
        closure_factor_ *= 1.0 - force;
        for (double& f : export_factor_) f *= 1.0 - force;
        break;
      }
      case ShockKind::disaster: {
        // Floods and typhoons: capacity destroyed at once; crops lost while it lasts.
        const int last = s.end ? end : start + 11;
        const auto hit = [&](int r) {
          return s.regions.empty() || std::find(s.regions.begin(), s.regions.end(), r) != s.regions.end();
        };
        if (month_ == start && s.capacity_loss > 0.0) {
          for (size_t e = 0; e < ent_.size(); ++e) {
            const int k = ent_.sector[e];
            const bool sector_hit = s.sectors.empty() ? d_.sectors[static_cast<size_t>(k)].group == Group::agriculture
                                                      : std::find(s.sectors.begin(), s.sectors.end(), k) != s.sectors.end();
            if (sector_hit && hit(ent_.region[e])) ent_.capacity[e] *= 1.0 - s.capacity_loss;
          }
        }
        if (month_ >= start && month_ <= last)
          for (size_t r = 0; r < crop_factor_.size(); ++r)
            if (hit(static_cast<int>(r))) crop_factor_[r] *= 1.0 - s.crop_loss;
        break;
      }
    }
    if (month_ == start) event("shock", s.id, fmt::format("{} begins", to_string(s.kind)));
  }
}

void Economy::switch_regimes() {
  int joined = 0;
  for (size_t e = 0; e < ent_.size(); ++e)
    if (ent_.reform_month[e] == month_) {
      ent_.regime[e] = static_cast<std::uint8_t>(Regime::responsibility);
      ++joined;
    }
  if (joined > 0 && month_ == d_.reform.start.index())
    event("reform", "enterprises", "the enterprise-responsibility reform begins");
  if (d_.reform.enabled && month_ == d_.reform.rights_date.index())
    event("reform", "rights", "enterprises granted product development, quality and talent management rights");
}

void Economy::guidance_visits() {
  // Boosts decay with each visit's half-life; the decay uses the latest visit's half-life.
  for (size_t e = 0; e < ent_.size(); ++e) {
    if (ent_.guidance_boost[e] <= 0.0) continue;
    double half_life = 12.0;
    for (const GuidanceDesc& g : d_.guidance)
      if (static_cast<size_t>(g.enterprise) == e && g.date.index() < month_) half_life = g.half_life_months;
    ent_.guidance_boost[e] *= monthly_decay(half_life);
  }
  for (const GuidanceDesc& g : d_.guidance) {
    if (g.date.index() != month_) continue;
    const auto e = static_cast<size_t>(g.enterprise);
    ent_.guidance_boost[e] += g.efficiency_boost;
    ent_.reputation[e] *= 1.0 + g.reputation_boost;
    // Resources drawn to the visited factory: from the investment fund, as capacity.
    const double units = std::min(g.resources, fund_units_);
    if (units > 0.0) {
      const SectorDesc& s = d_.sectors[static_cast<size_t>(ent_.sector[e])];
      fund_units_ -= units;
      projects_.push_back({g.enterprise, units / s.capital_per_unit, month_ + s.gestation_months / 2, -1});
      note_investment(e, units);
    }
    event("guidance", d_.enterprises[e].id, "on-site guidance at " + d_.enterprises[e].name);
  }
}

std::vector<int> Economy::leading_producers(const FairDesc& f) const {
  std::vector<int> pool;
  for (int k = 0; k < n_; ++k) {
    const FinalUse u = d_.sectors[static_cast<size_t>(k)].final_use;
    const bool shown = f.sectors.empty() ? (u == FinalUse::food || u == FinalUse::consumer)
                                         : std::find(f.sectors.begin(), f.sectors.end(), k) != f.sectors.end();
    if (shown) pool.insert(pool.end(), by_sector_[static_cast<size_t>(k)].begin(), by_sector_[static_cast<size_t>(k)].end());
  }
  std::stable_sort(pool.begin(), pool.end(), [&](int a, int b) {
    return ent_.capacity[static_cast<size_t>(a)] > ent_.capacity[static_cast<size_t>(b)];
  });
  pool.resize(std::min(pool.size(), static_cast<size_t>(f.participants)));
  return pool;
}

void Economy::hold_fairs() {
  // Each January the leading producers of the first fair's kind are noted, so that the
  // varieties and quality of "fair participants" compare like with like across years.
  if (!d_.fairs.empty() && (YearMonth::from_index(month_).month == 1 || month_ == d_.start.index())) {
    std::fill(fair_member_.begin(), fair_member_.end(), 0);
    for (int e : leading_producers(d_.fairs.front())) fair_member_[static_cast<size_t>(e)] = 1;
  }
  for (const FairDesc& f : d_.fairs) {
    if (f.date.index() != month_) continue;
    // Participants: the largest producers of the sectors shown, by this month's capacity.
    std::vector<int> pool = leading_producers(f);
    std::stable_sort(pool.begin(), pool.end(), [&](int a, int b) {
      const auto ai = static_cast<size_t>(a), bi = static_cast<size_t>(b);
      return fair_score(ent_.quality[ai], ent_.reputation[ai], ent_.varieties[ai]) >
             fair_score(ent_.quality[bi], ent_.reputation[bi], ent_.varieties[bi]);
    });
    const auto winners = static_cast<size_t>(std::ceil(f.winners_share * static_cast<double>(pool.size())));
    for (size_t i = 0; i < pool.size(); ++i) {
      const auto e = static_cast<size_t>(pool[i]);
      ent_.reputation[e] *= i < winners ? 1.0 + f.reputation_gain : 1.0 - f.reputation_gain / 4.0;
      // "The competition among the various factories is becoming more and more fierce."
      ent_.development_share[e] = std::min(d_.reform.development_share_max, ent_.development_share[e] + f.development_push);
    }
    event("fair", f.id, fmt::format("merchandise fair: {} participants, {} winners", pool.size(), winners));
  }
}

void Economy::spread_brands() {
  // "Local industrial enterprises ... develop local characteristic industries ... many
  // famous light industry brand products with local names": r_f += s (r_brand - r_f).
  const double s = policy_.brand_spillover;
  if (s <= 0.0) return;
  for (const auto& [brand, followers] : brands_) {
    const double r = ent_.reputation[static_cast<size_t>(brand)];
    for (int f : followers) ent_.reputation[static_cast<size_t>(f)] += s * (r - ent_.reputation[static_cast<size_t>(f)]);
  }
}

void Economy::update_efficiency() {
  const ReformDesc& rf = d_.reform;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(ent_.sector[e])];
    // "Restore the production of factories and enterprises to normal levels."
    if (s.group == Group::light && policy_.light_efficiency_target > ent_.base_efficiency[e])
      ent_.base_efficiency[e] += policy_.restoration_speed * (policy_.light_efficiency_target - ent_.base_efficiency[e]);
    // Wages by work: the incentive raises efficiency toward base + gain x incentive.
    const double target = reformed(e) ? rf.incentive_efficiency * incentive(ent_.wage[e] / d_.state.state_wage, rf.incentive_scale) : 0.0;
    ent_.incentive_gain[e] += rf.efficiency_response * (target - ent_.incentive_gain[e]);
  }
}

}  // namespace lightind::detail
