// lightind: phases of policy — dated events, shocks, the reform's phase-in, on-site
// guidance, merchandise fairs, and enterprise efficiency.
#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "policy/brands.hpp"
#include "policy/fairs.hpp"
#include "policy/guidance.hpp"
#include "policy/in_force.hpp"
#include "policy/projects.hpp"
#include "policy/reform.hpp"
#include "policy/shocks.hpp"

namespace lightind::detail {

void Economy::apply_policy_events() {
  // The events that fall due now set the values in force (d_'s InForce sections,
  // policy/in_force.hpp, read alike by the planner) from this month on, for every phase;
  // they are logged, and a plan event sets its targets.
  if (next_event_ >= d_.events.size() || d_.events[next_event_].date.index() > month_) return;
  const InForce before = d_;
  while (next_event_ < d_.events.size() && d_.events[next_event_].date.index() <= month_) {
    const PolicyEventDesc& ev = d_.events[next_event_++];
    policy::apply_event(ev, d_);
    if (!ev.plan_targets.empty()) set_plan_targets(ev);
    event("policy", ev.id, ev.text.empty() ? ev.id : ev.text);
  }
  follow_in_force(before);
}

void Economy::follow_in_force(const InForce& before) {
  // New investment shares revise the year's plan this month (invest_and_build).
  if (d_.policy.investment_share != before.policy.investment_share) revision_month_ = month_;
  // Budget-paid workers are a share of the labour force (init.cpp).
  if (d_.state.public_employment != before.state.public_employment)
    public_workers_ = d_.state.public_employment * labour_force_;
  // Traders: the households whose draw falls below the share (init.cpp).
  if (d_.households.trader_share != before.households.trader_share)
    for (size_t i = 0; i < hh_.size(); ++i)
      hh_.trader[i] = hh_.trader_draw[i] / 4294967296.0 < d_.households.trader_share ? 1 : 0;
  // Enterprises' development shares start at their reform's and fairs push them up: a new
  // share moves those of that reform by the change, within [0, development_share_max].
  for (size_t k = 0; k < d_.reform_count(); ++k) {
    const ReformDesc &now = d_.reform_at(k), &was = before.reform_at(k);
    if (now.development_share == was.development_share && now.development_share_max == was.development_share_max)
      continue;
    const double delta = now.development_share - was.development_share;
    for (size_t e = 0; e < ent_.size(); ++e)
      if (ent_.reform_of[e] == k)
        ent_.development_share[e] = std::clamp(ent_.development_share[e] + delta, 0.0, now.development_share_max);
  }
}

void Economy::apply_shocks() {
  // The trade and crop state in force this month (policy/shocks.hpp, read alike by the
  // planner); a disaster destroys capacity in its first month.
  policy::ShocksInForce in_force = policy::shocks_in_force(d_, month_);
  export_factor_ = std::move(in_force.exports);
  import_factor_ = in_force.imports;
  closure_factor_ = in_force.closure;
  crop_factor_ = std::move(in_force.crop);
  ration_factor_ = std::move(in_force.ration);  // households (issue 12, items 4-6)
  for (const ShockDesc& s : d_.shocks) {
    const int start = s.start.index();
    if (s.kind == ShockKind::disaster && month_ == start && s.capacity_loss > 0.0)
      for (size_t e = 0; e < ent_.size(); ++e) {
        const int k = ent_.sector[e];
        if (policy::disaster_hits(s, k, d_.in_role(d_.sectors[static_cast<size_t>(k)], GroupRole::agriculture), ent_.region[e]))
          ent_.capacity[e] *= 1.0 - s.capacity_loss;
      }
    if (month_ == start) event("shock", s.id, fmt::format("{} begins", to_string(s.kind)));
  }
}

void Economy::switch_regimes() {
  std::array<int, 256> joined{};  // per reform
  for (size_t e = 0; e < ent_.size(); ++e)
    if (ent_.reform_month[e] == month_) {
      ent_.regime[e] = static_cast<std::uint8_t>(Regime::responsibility);
      ++joined[ent_.reform_of[e]];
    }
  for (size_t k = 0; k < d_.reform_count(); ++k) {
    const ReformDesc& rf = d_.reform_at(k);
    // [reform]: the subjects and texts of the one reform; [[reforms]]: each named by its id.
    const std::string of = rf.id.empty() ? "" : " " + rf.id;
    if (joined[k] > 0 && month_ == rf.start.index())
      event("reform", rf.id.empty() ? "enterprises" : rf.id, "the enterprise-responsibility reform" + of + " begins");
    if (rf.enabled && month_ == rf.rights_date.index())
      event("reform", rf.id.empty() ? "rights" : rf.id + " rights",
            "enterprises" + (of.empty() ? "" : " of reform" + of) +
                " granted product development, quality and talent management rights");
  }
}

void Economy::guidance_visits() {
  // Boosts decay with each visit's half-life; the decay uses the latest visit's half-life.
  for (size_t e = 0; e < ent_.size(); ++e) {
    if (ent_.guidance_boost[e] <= 0.0) continue;
    const double half_life = policy::guidance_half_life(d_.guidance, static_cast<int>(e), month_);
    ent_.guidance_boost[e] *= policy::monthly_decay(half_life);
  }
  for (const GuidanceDesc& g : d_.guidance) {
    if (g.date.index() != month_) continue;
    const auto e = static_cast<size_t>(g.enterprise);
    ent_.guidance_boost[e] += g.efficiency_boost;
    ent_.reputation[e] *= 1.0 + g.reputation_boost;
    // Resources drawn to the visited factory: from the investment fund, as capacity.
    const double units = policy::guidance_resources(g.resources, fund_units_);
    if (units > 0.0) {
      const SectorDesc& s = d_.sectors[static_cast<size_t>(ent_.sector[e])];
      fund_units_ -= units;
      projects_.push_back({g.enterprise, policy::capacity_added(units, s.capital_per_unit),
                           policy::guidance_completion(month_, s.gestation_months), -1});
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
    if (!shown) continue;
    for (const SectorRun& run : sector_runs_of_[static_cast<size_t>(k)])
      for (size_t e = run.begin; e < run.end; ++e) pool.push_back(static_cast<int>(e));
  }
  return policy::largest_by_capacity(std::move(pool), ent_.capacity, f.participants);
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
    policy::rank_by_score(pool, ent_.quality, ent_.reputation, ent_.varieties);
    const size_t winners = policy::fair_winners(f.winners_share, pool.size());
    for (size_t i = 0; i < pool.size(); ++i) {
      const auto e = static_cast<size_t>(pool[i]);
      ent_.reputation[e] *= policy::fair_reputation_factor(i < winners, f.reputation_gain);
      // "The competition among the various factories is becoming more and more fierce."
      ent_.development_share[e] =
          policy::pushed_development_share(ent_.development_share[e], f.development_push, terms(e).development_share_max);
    }
    event("fair", f.id, fmt::format("merchandise fair: {} participants, {} winners", pool.size(), winners));
  }
}

void Economy::spread_brands() {
  // "Local industrial enterprises ... develop local characteristic industries ... many
  // famous light industry brand products with local names": r_f += s (r_brand - r_f).
  const double s = d_.policy.brand_spillover;
  if (s <= 0.0) return;
  for (const auto& [brand, followers] : brands_) {
    const double r = ent_.reputation[static_cast<size_t>(brand)];
    for (int f : followers) {
      double& rf = ent_.reputation[static_cast<size_t>(f)];
      rf = policy::brand_spillover(rf, r, s);
    }
  }
}

void Economy::update_efficiency() {
  const double light_target = d_.policy.light_efficiency_target, restoration = d_.policy.restoration_speed;
  for (const SectorRun& run : sector_runs_) {
    const SectorDesc& s = d_.sectors[run.sector];
    const bool light = d_.in_role(s, GroupRole::light);
    const double sector_wage = d_.state.state_wage * s.wage_scale;
    for (size_t e = run.begin; e < run.end; ++e) {
      const ReformDesc& rf = terms(e);
      // "Restore the production of factories and enterprises to normal levels."
      if (light && light_target > ent_.base_efficiency[e])
        ent_.base_efficiency[e] = policy::approach(ent_.base_efficiency[e], light_target, restoration);
      // Wages by work: the incentive raises efficiency toward base + gain x incentive; the
      // wage multiple is over the state wage of the enterprise's sector (its wage scale).
      const double target =
          policy::incentive_target(reformed(e), rf.incentive_efficiency, ent_.wage[e], sector_wage, rf.incentive_scale);
      ent_.incentive_gain[e] = policy::approach(ent_.incentive_gain[e], target, rf.efficiency_response);
    }
  }
}

}  // namespace lightind::detail
