// lightind: phases of plan and production — investment becoming capacity, rationing of
// materials and foreign exchange, Leontief production, wages.
#include <cmath>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"

namespace lightind::detail {

void Economy::invest_and_build() {
  const YearMonth ym = YearMonth::from_index(month_);
  // The annual plan (January) allocates last year's investment fund: to sector groups by
  // policy.investment_share, within a group to sectors in proportion to their capacity,
  // within a sector to enterprises in proportion to capacity (light industry: local_share
  // of it to local enterprises). Each allocation is a project that adds capacity
  // units / capital_per_unit after the sector's gestation lag.
  if (ym.month == 1 && fund_units_ > 0.0) {
    std::vector<double> sector_cap(static_cast<size_t>(n_), 0.0);
    for (size_t e = 0; e < ent_.size(); ++e) sector_cap[static_cast<size_t>(ent_.sector[e])] += ent_.capacity[e];
    double allocated = 0.0;
    for (int g = 0; g < kGroupCount; ++g) {
      const double units_g = fund_units_ * d_.policy.investment_share[static_cast<size_t>(g)];
      if (units_g <= 0.0) continue;
      double cap_g = 0.0;
      int members = 0;
      for (int k = 0; k < n_; ++k)
        if (static_cast<int>(d_.sectors[static_cast<size_t>(k)].group) == g && !by_sector_[static_cast<size_t>(k)].empty()) {
          cap_g += sector_cap[static_cast<size_t>(k)];
          ++members;
        }
      if (members == 0) continue;  // no enterprise to invest in: the share stays in the fund
      for (int k = 0; k < n_; ++k) {
        const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
        const auto& ents = by_sector_[static_cast<size_t>(k)];
        if (static_cast<int>(s.group) != g || ents.empty()) continue;
        const double units_k = cap_g > 0 ? units_g * sector_cap[static_cast<size_t>(k)] / cap_g : units_g / members;
        // Split between local and central enterprises.
        double cap_local = 0.0, cap_central = 0.0;
        for (int e : ents) (ent_.local[static_cast<size_t>(e)] ? cap_local : cap_central) += ent_.capacity[static_cast<size_t>(e)];
        double local_part = units_k * (s.group == Group::light ? d_.policy.local_share : cap_local / (cap_local + cap_central));
        if (cap_local + cap_central <= 0.0) continue;
        if (cap_local <= 0.0) local_part = 0.0;
        if (cap_central <= 0.0) local_part = units_k;
        for (int e : ents) {
          const auto ei = static_cast<size_t>(e);
          const double part = ent_.local[ei] ? local_part * ent_.capacity[ei] / cap_local
                                             : (units_k - local_part) * ent_.capacity[ei] / cap_central;
          if (part <= 0.0) continue;
          projects_.push_back({e, part / s.capital_per_unit, month_ + s.gestation_months});
        }
        allocated += units_k;
      }
    }
    fund_units_ -= allocated;
  }
  // Projects whose gestation has passed add their capacity.
  size_t keep = 0;
  for (const Project& p : projects_) {
    if (p.complete_month <= month_)
      ent_.capacity[static_cast<size_t>(p.enterprise)] += p.capacity;
    else
      projects_[keep++] = p;
  }
  projects_.resize(keep);
  // Depreciation: capacity shrinks by the sector's annual rate, spread over months.
  for (size_t e = 0; e < ent_.size(); ++e) {
    const double dep = d_.sectors[static_cast<size_t>(ent_.sector[e])].depreciation;
    if (dep > 0.0) ent_.capacity[e] *= std::pow(1.0 - dep, 1.0 / 12.0);
  }
}

void Economy::assign_labour() {
  // Target: the labour each enterprise's potential output needs, scaled down alike when
  // the labour force outside the budget cannot staff all of it; each month a share
  // (state.labour_reallocation) of the gap is closed.
  std::vector<double>& target = scratch_;
  double need = 0.0;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(ent_.sector[e])];
    target[e] = labour_per_unit(s.labour_per_unit, ent_.automation[e], d_.automation_saving) *
                potential_output(ent_.capacity[e], ent_.efficiency[e]);
    need += target[e];
  }
  const double staffing = ration_factor(labour_force_ - public_workers_, need);
  const double speed = d_.state.labour_reallocation;
  for (size_t e = 0; e < ent_.size(); ++e) ent_.workforce[e] += speed * (target[e] * staffing - ent_.workforce[e]);
}

void Economy::ration_materials() {
  const auto n = static_cast<size_t>(n_);
  for (size_t e = 0; e < ent_.size(); ++e)
    st_.potential[static_cast<size_t>(ent_.sector[e])] += potential_output(ent_.capacity[e], ent_.efficiency[e]);
  // Domestic inputs: every user of good i gets the same share r_i of its need.
  std::vector<double> r(n, 1.0);
  for (size_t i = 0; i < n; ++i) {
    double need = 0.0;
    for (size_t j = 0; j < n; ++j) need += d_.a_at(static_cast<int>(i), static_cast<int>(j)) * st_.potential[j];
    reserve_[i] = need;  // kept back from final sales for next month's production
    r[i] = ration_factor(stock_[i], need);
  }
  // Imported inputs: the state releases up to import_share_of_fx of its reserves a month.
  double import_need = 0.0;
  for (size_t j = 0; j < n; ++j) import_need += d_.sectors[j].import_per_unit * st_.potential[j];
  const double fx_budget = d_.world.import_share_of_fx * fx_state_ / d_.world.exchange_rate;
  const double r_import = ration_factor(fx_budget, import_need);
  for (size_t j = 0; j < n; ++j) {
    double f = d_.sectors[j].import_per_unit > 0.0 ? r_import : 1.0;
    for (size_t i = 0; i < n; ++i)
      if (d_.a_at(static_cast<int>(i), static_cast<int>(j)) > 0.0) f = std::min(f, r[i]);
    material_factor_[j] = f;
  }
}

void Economy::produce() {
  const auto n = static_cast<size_t>(n_);
  const double rate = d_.world.exchange_rate;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto j = static_cast<size_t>(ent_.sector[e]);
    const SectorDesc& s = d_.sectors[j];
    const double q = leontief_output(potential_output(ent_.capacity[e], ent_.efficiency[e]), material_factor_[j],
                                     ent_.workforce[e], labour_per_unit(s.labour_per_unit, ent_.automation[e], d_.automation_saving));
    ent_.output[e] = q;
    st_.output[j] += q;
    st_.capacity[j] += ent_.capacity[e];
    if (s.group == Group::light) {
      st_.light_total += q * s.state_price;
      if (ent_.local[e]) st_.light_local += q * s.state_price;
      st_.output_by_region_light[static_cast<size_t>(ent_.region[e])] += q * s.state_price;
    }
  }
  // Inputs: drawn from stocks and paid at state prices to the producing sector.
  std::vector<double> unit_input_cost(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double used = 0.0;
    for (size_t j = 0; j < n; ++j) {
      const double a = d_.a_at(static_cast<int>(i), static_cast<int>(j));
      used += a * st_.output[j];
      unit_input_cost[j] += a * d_.sectors[i].state_price;
    }
    stock_[i] -= used;
    st_.intermediate_use[i] = used;
    goods_[i].intermediate = used;
  }
  double import_won = 0.0;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto j = static_cast<size_t>(ent_.sector[e]);
    const double inputs = unit_input_cost[j] * ent_.output[e];
    const double imports = d_.sectors[j].import_per_unit * ent_.output[e] * rate;
    ent_.cash[e] -= inputs + imports;
    ent_.cost[e] += inputs + imports;
    import_won += imports;
  }
  for (size_t i = 0; i < n; ++i) {
    const double receipts = st_.intermediate_use[i] * d_.sectors[i].state_price;
    credit_sector(static_cast<int>(i), receipts);
    post(Flow::intermediate, Institution::enterprises, Institution::enterprises, receipts);
  }
  // Imported inputs: enterprises pay the state in won; the state pays the world in FX.
  post(Flow::import_sales, Institution::enterprises, Institution::state, import_won);
  state_money_ += import_won;
  st_.state_revenue += import_won;
  post(Flow::imports, Institution::state, Institution::rest_of_world, import_won);
  fx_state_ -= import_won;
  fx_row_ += import_won;
  st_.imports_usd = import_won / rate;
  for (size_t k = 0; k < n; ++k) {
    stock_[k] += st_.output[k];
    goods_[k].output = st_.output[k];
  }
}

void Economy::pay_wages() {
  const double wage = d_.state.state_wage;
  double bill = 0.0, workers = 0.0;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const double w = ent_.workforce[e] * wage;
    ent_.cash[e] -= w;
    ent_.cost[e] += w;
    bill += w;
    workers += ent_.workforce[e];
  }
  post(Flow::wages, Institution::enterprises, Institution::households, bill);
  // Public employees (services, administration, defence) are paid by the budget.
  const double public_bill = public_workers_ * wage;
  post(Flow::public_wages, Institution::state, Institution::households, public_bill);
  state_money_ -= public_bill;
  st_.state_expenditure += public_bill;
  st_.wage_bill = bill + public_bill;
  st_.workers = workers + public_workers_;
}

}  // namespace lightind::detail
