// lightind: phases of plan and production — investment becoming capacity, labour,
// rationing of materials and foreign exchange, Leontief production, wages.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "policy/brands.hpp"
#include "policy/demand.hpp"
#include "policy/priority.hpp"
#include "policy/projects.hpp"
#include "policy/reform.hpp"
#include "policy/wages.hpp"

namespace lightind::detail {

void Economy::invest_and_build() {
  const YearMonth ym = YearMonth::from_index(month_);
  // Listed projects (the article's new builds and rebuilds, and heavy projects) draw their
  // cost from the investment fund first; a project the fund cannot yet pay waits.
  for (size_t p = 0; p < d_.projects.size(); ++p) {
    const ProjectDesc& pd = d_.projects[p];
    ListedProject& lp = listed_[p];
    if (lp.started || month_ < pd.start.index() || fund_units_ < pd.cost) continue;
    const auto e = static_cast<size_t>(pd.enterprise);
    const SectorDesc& s = d_.sectors[static_cast<size_t>(ent_.sector[e])];
    fund_units_ -= pd.cost;
    lp.started = true;
    lp.start_month = month_;
    const int lag = policy::project_lag(pd.gestation_months, s.gestation_months);
    const double cap = pd.new_build && pd.capacity <= 0.0 ? d_.enterprises[e].capacity : pd.capacity;
    projects_.push_back({pd.enterprise, cap, month_ + lag, static_cast<int>(p)});
    note_investment(e, pd.cost);
    event("project_started", pd.id, fmt::format("{} of {} begins", pd.new_build ? "construction" : "rebuild",
                                                d_.enterprises[e].name));
  }
  // The annual plan (January) allocates what is left of the fund to sectors: by the plan
  // LP's solution when plan.method = "lp" and the year's plan is optimal (plan_investment),
  // else by the proportional rule; within a sector, invest_in_sector. A dated change of the
  // investment shares revises the plan in its month (plan.mid_year_revision): investment
  // follows the planners' priorities (Kornai 1980), and a decision of the year revises the
  // annual plan then, as China's April 1979 work conference revised the 1979 plan (Naughton
  // 1995, ch. 2). What the fund accumulated since January goes out by the new shares, by the
  // proportional rule (the year's LP solution predates the change).
  const bool revision = ym.month != 1 && d_.policy.plan_mid_year_revision && revision_month_ == month_;
  if ((ym.month == 1 || revision) && fund_units_ > 0.0) {
    std::array<double, kMaxGroups> units_g{};
    for (int g = 0; g < d_.n_groups(); ++g) units_g[static_cast<size_t>(g)] = fund_units_ * d_.policy.investment_share[static_cast<size_t>(g)];
    const std::vector<double> units = plan_ok_ && !revision ? plan_investment() : proportional_investment(units_g);
    double allocated = 0.0;  // by group, then sector (the order of the sums is part of the results)
    for (int g = 0; g < d_.n_groups(); ++g)
      for (int k = 0; k < n_; ++k)
        if (static_cast<int>(d_.sectors[static_cast<size_t>(k)].group) == g)
          allocated += invest_in_sector(k, units[static_cast<size_t>(k)]);
    fund_units_ -= allocated;
  }
  // Projects whose gestation has passed add their capacity; listed ones also bring their
  // automation, quality and varieties, and ramp up to their efficiency.
  projects_.complete_due(month_, [&](const Project& p) {
    const auto e = static_cast<size_t>(p.enterprise);
    ent_.capacity[e] += p.capacity;
    if (p.listed < 0) return;
    const ProjectDesc& pd = d_.projects[static_cast<size_t>(p.listed)];
    ListedProject& lp = listed_[static_cast<size_t>(p.listed)];
    lp.completed = true;
    lp.complete_month = month_;
    if (pd.automation) ent_.automation[e] = *pd.automation;
    if (pd.quality) ent_.quality[e] = *pd.quality;
    ent_.varieties[e] += pd.varieties;
    lp.target_efficiency = pd.efficiency ? *pd.efficiency : ent_.base_efficiency[e];
    if (pd.new_build) ent_.base_efficiency[e] = policy::new_build_start_efficiency(lp.target_efficiency);
    lp.ramp_left = policy::ramp_months(pd.ramp_months);
    lp.ramp_step = policy::ramp_step(lp.target_efficiency, ent_.base_efficiency[e], lp.ramp_left);
    event("project_completed", pd.id, d_.enterprises[e].name + " completed");
  });
  for (size_t p = 0; p < listed_.size(); ++p) {
    ListedProject& lp = listed_[p];
    if (!lp.completed || lp.ramp_left <= 0) continue;
    ent_.base_efficiency[static_cast<size_t>(d_.projects[p].enterprise)] += lp.ramp_step;
    --lp.ramp_left;
  }
  // Depreciation: capacity shrinks by the sector's annual rate, spread over months.
  for (const SectorRun& run : sector_runs_) {
    const double keep = monthly_keep_[run.sector];
    for (size_t e = run.begin; e < run.end; ++e) ent_.capacity[e] *= keep;
  }
}

std::vector<double> Economy::proportional_investment(const std::array<double, kMaxGroups>& units_g) const {
  // To sector groups by the amounts given (the investment shares in force), within a group to
  // sectors in proportion to capacity. A group with no enterprise gets nothing (its share
  // stays in the fund).
  const auto n = static_cast<size_t>(n_);
  std::vector<double> units(n, 0.0);
  std::vector<double> sector_cap(n, 0.0);
  for (size_t e = 0; e < ent_.size(); ++e) sector_cap[static_cast<size_t>(ent_.sector[e])] += ent_.capacity[e];
  std::vector<int> group(n);
  std::vector<unsigned char> has_members(n);
  for (size_t k = 0; k < n; ++k) {
    group[k] = static_cast<int>(d_.sectors[k].group);
    has_members[k] = sector_size_[k] > 0 ? 1 : 0;
  }
  for (int g = 0; g < d_.n_groups(); ++g)
    policy::split_by_capacity(units_g[static_cast<size_t>(g)], g, group, sector_cap, has_members, units);
  return units;
}

double Economy::invest_in_sector(int k, double units_k) {
  // Within a sector to enterprises in proportion to capacity (light industry: local_share of
  // it to local enterprises). Each allocation adds capacity units / capital_per_unit after
  // the sector's gestation lag. Returns the units invested (0 when the sector has no capacity).
  if (units_k <= 0.0) return 0.0;
  const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
  const std::vector<SectorRun>& runs = sector_runs_of_[static_cast<size_t>(k)];
  double cap_local = 0.0, cap_central = 0.0;
  for (const SectorRun& run : runs)
    for (size_t e = run.begin; e < run.end; ++e) (ent_.local[e] ? cap_local : cap_central) += ent_.capacity[e];
  if (cap_local + cap_central <= 0.0) return 0.0;
  const double local_part = policy::local_part(units_k, d_.in_role(s, GroupRole::light), d_.policy.local_share, cap_local, cap_central);
  for (const SectorRun& run : runs)
    for (size_t ei = run.begin; ei < run.end; ++ei) {
      const double part = ent_.local[ei] ? local_part * ent_.capacity[ei] / cap_local
                                         : (units_k - local_part) * ent_.capacity[ei] / cap_central;
      if (part <= 0.0) continue;
      projects_.push_back({static_cast<int>(ei), policy::capacity_added(part, s.capital_per_unit), month_ + s.gestation_months, -1});
      note_investment(ei, part);
    }
  return units_k;
}

void Economy::assign_labour() {
  // Target: the labour each enterprise's potential output needs, scaled down alike when
  // the labour force outside the budget cannot staff all of it. Each month the labour
  // administration closes a share of the gap; enterprises with the talent-management right
  // close a larger share themselves.
  std::vector<double>& target = scratch_;
  double need = 0.0;
  for (const SectorRun& run : sector_runs_) {
    const double per_unit = d_.sectors[run.sector].labour_per_unit;
    for (size_t e = run.begin; e < run.end; ++e) {
      target[e] = labour_per_unit(per_unit, ent_.automation[e], d_.automation_saving) *
                  potential_output(ent_.capacity[e], ent_.efficiency(e));
      need += target[e];
    }
  }
  const double staffing = ration_factor(labour_force_ - public_workers_, need);
  staffing_ = staffing;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const ReformDesc& rf = terms(e);
    const bool talent = rights(e) && rf.talent_management;
    const double speed = policy::labour_speed(talent, reformed(e), rf.talent_reallocation, d_.state.labour_reallocation);
    ent_.workforce[e] = policy::approach(ent_.workforce[e], target[e] * staffing, speed);
  }
}

void Economy::plan_output() {
  // Production planned from demand (policy/demand.hpp): the free sectors' gross output
  // x_f = (I - A_ff)^-1 (E[f] + exports + A_ft x_t) covers their expected final demand,
  // the foreign demand sanctions and the closure let through, and the inputs of the taut
  // sectors (capital goods, public services), which the state plans at their potential.
  // Each sector then plans x + (target stock - stock), as a share of what it can produce.
  const auto n = static_cast<size_t>(n_);
  std::vector<double> potential(n, 0.0), f(n, 0.0);
  // Each enterprise's potential output this month, kept for ration_materials and produce
  // (capacity and efficiency do not change between them); the sector sums along its runs.
  potential_q_.resize(ent_.size());
  for (const SectorRun& run : sector_runs_) {
    double sum = potential[run.sector];
    for (size_t e = run.begin; e < run.end; ++e) {
      const double q = potential_output(ent_.capacity[e], ent_.efficiency(e));
      potential_q_[e] = q;
      sum += q;
    }
    potential[run.sector] = sum;
  }
  for (size_t k = 0; k < n; ++k) export_demand_[k] = policy::export_demand(foreign_demand(k), export_factor_[k]);
  for (size_t i = 0; i < n; ++i) {
    if (taut_[i]) continue;
    f[i] = expected_[i] + export_demand_[i];
    for (size_t j = 0; j < n; ++j)
      if (taut_[j]) f[i] += d_.a_at(static_cast<int>(i), static_cast<int>(j)) * potential[j];
  }
  const double target = d_.policy.plan_inventory_months;
  for (size_t i = 0; i < n; ++i) {
    if (taut_[i] || !d_.policy.plan_from_demand) {
      plan_fill_[i] = 1.0;
      continue;
    }
    double x = 0.0;
    for (size_t j = 0; j < n; ++j) x += leontief_free_[i * n + j] * f[j];
    plan_fill_[i] = policy::plan_fill(policy::planned_output(x, stock_[i], target), potential[i]);
  }
}

void Economy::ration_materials() {
  const auto n = static_cast<size_t>(n_);
  const double use = d_.policy.local_endowment_use;
  std::vector<double> pool_need(n, 0.0);  // per sector: planned output that draws on the national pool
  std::vector<double> planned(n, 0.0);    // per sector: output the plan asks for (policy/demand.hpp)
  for (const SectorRun& run : sector_runs_) {
    const size_t j = run.sector;
    const double fill = plan_fill_[j];
    double pot = st_.potential[j], plan = planned[j], pool = pool_need[j];
    for (size_t e = run.begin; e < run.end; ++e) {
      const double q = potential_q_[e];  // plan_output's: potential_output(capacity, efficiency)
      pot += q;
      plan += q * fill;
      pool += policy::pool_need(q * fill, policy::local_material_share(use, ent_.endowment_use[e]));
    }
    st_.potential[j] = pot, planned[j] = plan, pool_need[j] = pool;
  }
  if (plan_ok_) {  // plan.method = "lp": the year's plan quotas replace the priority order
    ration_by_plan(pool_need);
    return;
  }
  std::vector<int> order;
  for (Group g : d_.policy.materials_priority) order.push_back(static_cast<int>(g));
  // Arrays by group: the scenario's n_groups() of kMaxGroups are in use.
  const auto ng = static_cast<size_t>(d_.n_groups());
  std::array<double, kMaxGroups> need_g{}, factor_g{};
  std::vector<std::array<double, kMaxGroups>> r(n);
  std::vector<double> own(n, -1.0);  // share of sector i's own use of good i met; < 0: rationed with its group
  std::vector<double> producers(n, -1.0);  // share of the other materials producers' need of good i met; < 0: rationed by group
  // Domestic inputs: the producers' own use first when short (policy.own_use_first), then
  // by priority group, then in proportion to need.
  for (size_t i = 0; i < n; ++i) {
    need_g.fill(0.0);
    double need = 0.0, pool_total = 0.0;
    double producers_need = 0.0;  // the other materials producers' need of good i (final_use "intermediate")
    for (size_t j = 0; j < n; ++j) {
      const double a = d_.a_at(static_cast<int>(i), static_cast<int>(j));
      need_g[static_cast<size_t>(d_.sectors[j].group)] += a * pool_need[j];
      pool_total += a * pool_need[j];
      need += a * planned[j];
      if (j != i && d_.sectors[j].final_use == FinalUse::intermediate) producers_need += a * pool_need[j];
    }
    reserve_[i] = need;  // kept back from final sales for next month's production
    double supply = stock_[i];
    const double own_need = d_.a_at(static_cast<int>(i), static_cast<int>(i)) * pool_need[i];
    double left_total = pool_total;  // claims not yet served
    if (d_.policy.own_use_first && policy::serve_own_use(own_need, pool_total, supply, own[i])) {
      double& rest = need_g[static_cast<size_t>(d_.sectors[i].group)];
      rest = std::max(0.0, rest - own_need);
      left_total -= own_need;
    }
    if (d_.policy.material_producers_first) {
      // Then the other producers of materials (final_use = "intermediate"): the material
      // balance protects the supply of materials and lets a shortfall fall on the buffer
      // sectors that use them (Montias 1959, "Planning with material balances in Soviet-type
      // economies", AER 49(5); Kornai 1980, ch. 2-3). Without it a priority for final-goods
      // groups starves the heavy industry -> power -> coal -> heavy industry loop, whose
      // output is next month's supply, and every sector's output decays geometrically
      // (Viet Nam 1991-1995; docs/MODEL.md 10, "Materials producers next").
      if (policy::serve_own_use(producers_need, left_total, supply, producers[i]))
        for (size_t j = 0; j < n; ++j)
          if (j != i && d_.sectors[j].final_use == FinalUse::intermediate) {
            double& rest = need_g[static_cast<size_t>(d_.sectors[j].group)];
            rest = std::max(0.0, rest - d_.a_at(static_cast<int>(i), static_cast<int>(j)) * pool_need[j]);
          }
    }
    policy::priority_ration(std::span(need_g).first(ng), order, supply, d_.policy.materials_priority_share,
                            std::span(factor_g).first(ng));
    r[i] = factor_g;
  }
  // Imported inputs: the state releases up to import_share_of_fx of the reserves a month,
  // less what defence absorbs, and no more than sanctions and the border let through.
  need_g.fill(0.0);
  double import_need = 0.0;
  for (size_t j = 0; j < n; ++j) {
    need_g[static_cast<size_t>(d_.sectors[j].group)] += d_.sectors[j].import_per_unit * planned[j];
    import_need += d_.sectors[j].import_per_unit * planned[j];
  }
  const double fx_budget = policy::fx_release_usd(d_.world.import_share_of_fx, d_.policy.defence_share, fx_state_, d_.world.exchange_rate);
  std::array<double, kMaxGroups> r_import{};
  policy::priority_ration(std::span(need_g).first(ng), order,
                          policy::import_supply_usd(fx_budget, import_factor_, import_need),
                          d_.policy.materials_priority_share, std::span(r_import).first(ng));
  for (size_t j = 0; j < n; ++j) {
    const auto g = static_cast<size_t>(d_.sectors[j].group);
    double f = 1.0;
    for (size_t i = 0; i < n; ++i)
      if (d_.a_at(static_cast<int>(i), static_cast<int>(j)) > 0.0) {
        const bool own_served = i == j && own[i] >= 0.0;
        const bool producer_served = i != j && producers[i] >= 0.0 && d_.sectors[j].final_use == FinalUse::intermediate;
        f = std::min(f, own_served ? own[i] : producer_served ? producers[i] : r[i][g]);
      }
    material_factor_[j] = f;
    // Domestic substitutes replace a share of missing imports ("self-reliance").
    import_raw_[j] = d_.sectors[j].import_per_unit > 0.0 ? r_import[g] : 1.0;
    import_ration_[j] = policy::import_ration(d_.world.import_substitution, import_raw_[j]);
  }
}

void Economy::produce() {
  const auto n = static_cast<size_t>(n_);
  const double rate = d_.world.exchange_rate;
  const double use = d_.policy.local_endowment_use;
  std::vector<double> pool_output(n, 0.0);  // output that drew its inputs from the pool
  double labour_used = 0.0, labour_assigned = 0.0;
  // Over the runs of one sector: what the sector faces is read once, and the sums stay in
  // registers, each in enterprise order (the same additions in the same order).
  double light_total = st_.light_total, light_local = st_.light_local;
  drawn_.resize(ent_.size());
  for (const SectorRun& run : sector_runs_) {
    const size_t j = run.sector;
    const SectorDesc& s = d_.sectors[j];
    const bool agriculture = d_.in_role(s, GroupRole::agriculture), light = d_.in_role(s, GroupRole::light);
    const double fill = plan_fill_[j], material = material_factor_[j], imports = import_ration_[j];
    double pooled = pool_output[j], out_j = st_.output[j], cap_j = st_.capacity[j];
    for (size_t e = run.begin; e < run.end; ++e) {
      // What the plan asks of it: its potential output times the sector's plan fill.
      const double potential = potential_q_[e] * fill;  // plan_output's potential output
      // Local materials cover a share v of the domestic need outside the national pool;
      // imported inputs have no local substitute.
      const double v = policy::local_material_share(use, ent_.endowment_use[e]);
      const double f = policy::enterprise_material_factor(v, material, imports);
      const double l = labour_per_unit(s.labour_per_unit, ent_.automation[e], d_.automation_saving);
      double q = leontief_output(potential, f, ent_.workforce[e], l);
      if (agriculture) q *= crop_factor_[static_cast<size_t>(ent_.region[e])];
      ent_.output[e] = q;
      labour_used += q * l;
      labour_assigned += ent_.workforce[e];
      const double drawn = policy::drawn_from_pool(q, v, potential);
      drawn_[e] = drawn;
      pooled += drawn;
      out_j += q;
      cap_j += ent_.capacity[e];
      if (light) {
        light_total += q * s.base_price;
        if (ent_.local[e]) light_local += q * s.base_price;
        st_.output_by_region_light[static_cast<size_t>(ent_.region[e])] += q * s.base_price;
      }
    }
    pool_output[j] = pooled, st_.output[j] = out_j, st_.capacity[j] = cap_j;
  }
  st_.light_total = light_total;
  st_.light_local = light_local;
  st_.labour_used = labour_used;
  st_.labour_assigned = labour_assigned;
  for (size_t p = 0; p < listed_.size(); ++p) {
    ListedProject& lp = listed_[p];
    if (!lp.completed || lp.full) continue;
    const auto e = static_cast<size_t>(d_.projects[p].enterprise);
    // Full output: 95 % of what its capacity at the target efficiency allows, given the
    // materials and imports its sector gets this month and the economy's staffing.
    const auto j = static_cast<size_t>(ent_.sector[e]);
    const double allowed = std::min({1.0, material_factor_[j], import_ration_[j], staffing_, plan_fill_[j]});
    if (policy::full_output(lp.ramp_left, ent_.output[e], ent_.capacity[e], lp.target_efficiency, allowed)) {
      lp.full = true;
      lp.full_month = month_;
    }
  }
  // Inputs: drawn from stocks (beyond local materials) and paid at state prices to the
  // producing sector, in proportion to its enterprises' output.
  std::vector<double> unit_input_cost(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double used = 0.0;
    for (size_t j = 0; j < n; ++j) {
      const double a = d_.a_at(static_cast<int>(i), static_cast<int>(j));
      used += a * pool_output[j];
      unit_input_cost[j] += a * d_.sectors[i].state_price;
    }
    stock_[i] -= used;
    st_.intermediate_use[i] = used;
    goods_[i].intermediate = used;
  }
  // What each sector's enterprises receive for the inputs drawn from it: paid at state prices
  // to the producing sector, in proportion to its enterprises' output (credit_sector's rule,
  // applied in the pass below: each enterprise's cash sees its input costs, then its share of
  // the receipts, as when a pass per sector followed; the sector's output total is st_.output,
  // the sum credit_sector would add up again).
  std::vector<double> receipts(n, 0.0);
  for (size_t i = 0; i < n; ++i) receipts[i] = st_.intermediate_use[i] * d_.sectors[i].state_price;
  double import_won = 0.0, import_usd = 0.0, fx_demand = st_.fx_demand_usd;
  for (const SectorRun& run : sector_runs_) {
    const size_t j = run.sector;
    const SectorDesc& s = d_.sectors[j];
    const double unit_cost = unit_input_cost[j], raw = import_raw_[j], fill = plan_fill_[j];
    const bool market_good = s.final_use == FinalUse::food || s.final_use == FinalUse::consumer;
    const double amount = receipts[j], total = st_.output[j];
    const double even_share = 1.0 / static_cast<double>(sector_size_[j]);
    for (size_t e = run.begin; e < run.end; ++e) {
      // What it drew from the pool, as the pass above found it.
      const double inputs = unit_cost * drawn_[e];
      // Imported inputs for the output they allow; substitutes cover the rest. On the dual
      // track (Lau, Qian and Roland 2000) the inputs of the plan are paid at plan prices and
      // those of market sales at market prices: the dollars for the output a reformed
      // enterprise sells at market (1 - state order share, food and consumer goods) are bought
      // on the FX market at the market rate; the rest, and all of a command enterprise's, are
      // allocated by the state at the official rate.
      const double usd = s.import_per_unit * std::min(ent_.output[e], raw * (potential_q_[e] * fill));
      const double market_part = market_good && reformed(e) ? 1.0 - terms(e).state_order_share : 0.0;
      const double imports = usd * (rate + market_part * (market_fx_ - rate));
      fx_demand += usd * market_part;
      ent_.cash[e] -= inputs + imports;
      ent_.cost[e] += inputs + imports;
      import_won += imports;
      import_usd += usd;
      const double share = total > 0 ? ent_.output[e] / total : even_share;
      ent_.cash[e] += amount * share;
      ent_.revenue[e] += amount * share;
    }
  }
  st_.fx_demand_usd = fx_demand;
  for (size_t i = 0; i < n; ++i) post(Flow::intermediate, Institution::enterprises, Institution::enterprises, receipts[i]);
  // Imported inputs: enterprises pay the state in won; the state pays the world in FX.
  post(Flow::import_sales, Institution::enterprises, Institution::state, import_won);
  state_money_ += import_won;
  st_.state_revenue += import_won;
  post(Flow::imports, Institution::state, Institution::rest_of_world, import_usd * rate);
  fx_state_ -= import_usd * rate;
  fx_row_ += import_usd * rate;
  st_.imports_usd = import_usd;
  st_.imports_goods_usd = import_usd;
  for (size_t k = 0; k < n; ++k) {
    stock_[k] += st_.output[k];
    goods_[k].output = st_.output[k];
  }
}

void Economy::pay_wages() {
  // Command enterprises pay the state wage of their sector (policy/wages.hpp: the state wage
  // times the sector's wage scale); reformed ones add last month's wage fund, spread over
  // their workforce, and pay last month's development staff. With farm_pay_from_output a
  // command farm pays its workers what its output earned last month beyond its non-labour
  // costs (the household responsibility system) instead of the state wage.
  const double wage = d_.state.state_wage;
  const bool farm_from_output = d_.state.farm_pay_from_output;
  double bill = 0.0, workers = 0.0;
  for (const SectorRun& run : sector_runs_) {
    const SectorDesc& s = d_.sectors[run.sector];
    const double base = policy::sector_wage(wage, s.wage_scale);
    const bool farm_rule = farm_from_output && d_.in_role(s, GroupRole::agriculture);
    for (size_t e = run.begin; e < run.end; ++e) {
      const bool by_output = farm_rule && !reformed(e);
      const double w = !by_output ? ent_.workforce[e] * base + ent_.wage_fund[e]
                       : ent_.workforce[e] > 0 ? farm_earned_[e]
                                               : 0.0;
      ent_.wage[e] = ent_.workforce[e] > 0 ? w / ent_.workforce[e] : base;
      const double paid = w + ent_.dev_pay[e];
      ent_.bonus_paid[e] = ent_.wage_fund[e] + ent_.dev_pay[e];
      ent_.wage_fund[e] = 0.0;
      ent_.dev_pay[e] = 0.0;
      ent_.cash[e] -= paid;
      ent_.cost[e] += paid;
      ent_paid_[e] = paid;  // to the households of its workers (household_income)
      bill += paid;
      workers += ent_.workforce[e];
    }
  }
  post(Flow::wages, Institution::enterprises, Institution::households, bill);
  // Public employees are paid the state wage by the budget (no surplus recycled as pay).
  const double public_bill = public_workers_ * wage;
  public_bill_ = public_bill;
  post(Flow::public_wages, Institution::state, Institution::households, public_bill);
  state_money_ -= public_bill;
  st_.state_expenditure += public_bill;
  st_.wage_bill = bill + public_bill;
  st_.workers = workers + public_workers_;
}

}  // namespace lightind::detail
