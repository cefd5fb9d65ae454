// lightind: the engine's annual plan (plan.method = "lp"; docs/PLANNER.md, "The engine's
// annual plan"). Each January the planner's LP is built from the economy's current state
// (capacities, efficiencies, automation, labour, FX reserves, stocks, the investment fund,
// the multi-year plan's targets) and solved with CLP; its solution sets the year's materials
// and FX quotas and the fund's allocation to sectors. An infeasible or unsolved plan falls
// back to the proportional rule for the year, with an event saying why.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "policy/plan_targets.hpp"
#include "policy/priority.hpp"
#include "lightind/plan.hpp"

namespace lightind::detail {

void Economy::set_plan_targets(const PolicyEventDesc& ev) {
  // T_k = multiple_k x (output of sector k in the calendar year before the event); in the
  // run's first year, when there is no such year, its potential output over a year.
  std::fill(plan_target_.begin(), plan_target_.end(), 0.0);
  std::vector<double> potential(static_cast<size_t>(n_), 0.0);
  for (size_t e = 0; e < ent_.size(); ++e)
    potential[static_cast<size_t>(ent_.sector[e])] += 12.0 * potential_output(ent_.capacity[e], ent_.efficiency(e));
  for (const auto& [k, multiple] : ev.plan_targets) {
    const auto uk = static_cast<size_t>(k);
    plan_target_[uk] = policy::plan_target(multiple, last_year_output_[uk], potential[uk]);
  }
  plan_target_year_ = ev.plan_end ? ev.plan_end->year : 0;
}

PlanInput Economy::plan_input() const {
  const YearMonth ym = YearMonth::from_index(month_);
  const auto n = static_cast<size_t>(n_);
  PlanInput in;
  plan::State& s = in.state;
  s.year = ym.year;
  s.capacity.assign(n, 0.0);
  s.raw_capacity.assign(n, 0.0);
  s.automation.assign(n, 0.0);
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto k = static_cast<size_t>(ent_.sector[e]);
    s.capacity[k] += ent_.capacity[e] * ent_.efficiency(e);
    s.raw_capacity[k] += ent_.capacity[e];
    s.automation[k] += ent_.capacity[e] * ent_.automation[e];
  }
  for (size_t k = 0; k < n; ++k) s.automation[k] = s.raw_capacity[k] > 0.0 ? s.automation[k] / s.raw_capacity[k] : 0.0;
  s.labour_force = labour_force_ - public_workers_;
  s.fx_reserves = std::max(0.0, fx_state_ / d_.world.exchange_rate);
  s.import_release = d_.world.import_share_of_fx * (1.0 - d_.policy.defence_share);
  s.import_substitution = d_.world.import_substitution;
  s.stock.assign(n, 0.0);
  for (int k = 0; k < n_; ++k) s.stock[static_cast<size_t>(k)] = final_available(k);
  s.investment_share = d_.policy.investment_share;
  s.fund = fund_units_;
  s.target.assign(n, 0.0);
  if (plan_target_year_ >= ym.year) {
    s.horizon_years = policy::horizon_years(plan_target_year_, ym.year);
    s.target = plan_target_;
  }
  in.options.investment_floor = d_.policy.plan_investment_floor;
  in.options.max_expansion = d_.policy.plan_max_expansion;
  in.options.expansion_steps = d_.policy.plan_expansion_steps;
  in.options.expansion_decline = d_.policy.plan_expansion_decline;
  in.options.target_weight = d_.policy.plan_target_weight;
  return in;
}

void Economy::plan_year() {
  const YearMonth ym = YearMonth::from_index(month_);
  if (ym.month != 1) return;
  if (capture_month_ == month_) captured_ = plan_input();  // simulated_plan_input
  if (d_.policy.plan_method != "lp") return;
  const auto n = static_cast<size_t>(n_);
  const PlanInput in = plan_input();
  const plan::State& s = in.state;
  const plan::PlanOptions& opt = in.options;
  const plan::Lp lp = plan::build(d_, s, opt);
  plan_ = plan::solve(lp, d_);
  plan_ok_ = plan_.status == plan::Status::optimal;
  plan_fund_ = s.fund;
  plan_month_ = month_;
  if (plan_ok_) {
    std::string scarce;
    double best = 0.0;
    for (size_t k = 0; k < n; ++k)
      if (plan_.shadow_price[k] > best) {
        best = plan_.shadow_price[k];
        scarce = d_.sectors[k].id;
      }
    event("plan", fmt::format("annual_plan_{}", ym.year),
          fmt::format("annual plan {} (LP): objective {:.6g}; {} binding constraints{}{}", ym.year, plan_.objective,
                      plan_.binding.size(), plan_.binding.empty() ? "" : ", first: " + plan_.binding.front().name,
                      scarce.empty() ? "" : "; scarcest good: " + scarce));
  } else {
    std::string why = plan::to_string(plan_.status);
    if (!plan_.violations.empty())
      why += fmt::format(": {} {} by {:.4g}", plan_.violations.front().name,
                         plan_.violations.front().lower ? "short" : "over", plan_.violations.front().amount);
    event("plan_fallback", fmt::format("annual_plan_{}", ym.year),
          fmt::format("annual plan {} not optimal ({}); the proportional rule allocates this year", ym.year, why));
  }
}

std::vector<double> Economy::plan_investment() const {
  // The plan's capital allocation z_k, scaled by min(1, fund now / fund planned) when listed
  // projects drew on the fund after the plan was made; what the plan leaves of each group's
  // share goes to the group's sectors by the proportional rule.
  const auto n = static_cast<size_t>(n_);
  const double scale = plan_fund_ > 0.0 ? std::min(1.0, fund_units_ / plan_fund_) : 0.0;
  std::vector<double> units(n, 0.0);
  std::array<double, kMaxGroups> rest{};
  for (int g = 0; g < d_.n_groups(); ++g) rest[static_cast<size_t>(g)] = fund_units_ * d_.policy.investment_share[static_cast<size_t>(g)];
  for (size_t k = 0; k < n; ++k) {
    units[k] = scale * plan_.capital_allocation[k];
    rest[static_cast<size_t>(d_.sectors[k].group)] -= units[k];
  }
  for (double& r : rest) r = std::max(0.0, r);
  const std::vector<double> more = proportional_investment(rest);
  for (size_t k = 0; k < n; ++k) units[k] += more[k];
  return units;
}

void Economy::ration_by_plan(const std::vector<double>& pool_need) {
  // Domestic input i: sector j's quota is the plan's monthly use a_ij x_j / 12 (its part drawn
  // on the national pool), at most its need; then quota_priority_ration. Imports: the plan's
  // m_j / 12.
  const auto n = static_cast<size_t>(n_);
  std::vector<double> need(n), quota(n), factor(n);
  // What the quotas leave goes by the materials priority in force (policy/priority.hpp).
  std::vector<int> group(n), order;
  for (size_t j = 0; j < n; ++j) group[j] = static_cast<int>(d_.sectors[j].group);
  for (Group g : d_.policy.materials_priority) order.push_back(static_cast<int>(g));
  const double share = d_.policy.materials_priority_share;
  std::fill(material_factor_.begin(), material_factor_.end(), 1.0);
  for (size_t i = 0; i < n; ++i) {
    double reserve = 0.0;
    for (size_t j = 0; j < n; ++j) {
      const double a = d_.a_at(static_cast<int>(i), static_cast<int>(j));
      const double pool = st_.potential[j] > 0.0 ? pool_need[j] / st_.potential[j] : 0.0;
      need[j] = a * pool_need[j];
      quota[j] = std::min(need[j], a * plan_.gross_output[j] / 12.0 * pool);
      reserve += a * st_.potential[j];
    }
    reserve_[i] = reserve;  // kept back from final sales for next month's production
    // The producers' own use first when short (policy.own_use_first), then the quotas.
    double supply = stock_[i], total = 0.0, own = -1.0;
    for (double x : need) total += x;
    const bool own_first = d_.policy.own_use_first && policy::serve_own_use(need[i], total, supply, own);
    if (own_first) need[i] = quota[i] = 0.0;
    policy::quota_priority_ration(need, quota, group, d_.n_groups(), order, supply, share, factor);
    if (own_first) factor[i] = own;
    for (size_t j = 0; j < n; ++j)
      if (d_.a_at(static_cast<int>(i), static_cast<int>(j)) > 0.0) material_factor_[j] = std::min(material_factor_[j], factor[j]);
  }
  // Imported inputs: the same FX budget as the proportional rule, shared by the plan's quotas.
  double import_need = 0.0;
  for (size_t j = 0; j < n; ++j) {
    need[j] = d_.sectors[j].import_per_unit * st_.potential[j];
    quota[j] = std::min(need[j], plan_.imports[j] / 12.0);
    import_need += need[j];
  }
  const double fx_budget = policy::fx_release_usd(d_.world.import_share_of_fx, d_.policy.defence_share, fx_state_, d_.world.exchange_rate);
  policy::quota_priority_ration(need, quota, group, d_.n_groups(), order,
                                policy::import_supply_usd(fx_budget, import_factor_, import_need), share, factor);
  for (size_t j = 0; j < n; ++j) {
    import_raw_[j] = d_.sectors[j].import_per_unit > 0.0 ? factor[j] : 1.0;
    import_ration_[j] = policy::import_ration(d_.world.import_substitution, import_raw_[j]);
  }
}

}  // namespace lightind::detail
