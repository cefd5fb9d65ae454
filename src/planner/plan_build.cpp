// lightind: building the plan LP from a Description (docs/PLANNER.md, "The linear programme").
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lightind/plan.hpp"
#include "policy/in_force.hpp"
#include "policy/shocks.hpp"

namespace lightind::plan {

const char* to_string(RowKind k) {
  switch (k) {
    case RowKind::balance: return "balance";
    case RowKind::capacity: return "capacity";
    case RowKind::labour: return "labour";
    case RowKind::fx: return "fx";
    case RowKind::imports: return "imports";
    case RowKind::food_min: return "food_min";
    case RowKind::investment_floor: return "investment_floor";
    case RowKind::fund: return "fund";
    case RowKind::target: return "target";
  }
  return "?";
}

int Lp::add_col(std::string name, double lo, double hi, double cost, double scale) {
  col_scale.resize(col_names.size(), 1.0);
  col_scale.push_back(scale);
  col_names.push_back(std::move(name));
  col_lo.push_back(lo);
  col_hi.push_back(hi);
  obj.push_back(cost);
  return n_cols() - 1;
}

int Lp::add_row(std::string name, std::string label, RowKind kind, int sector, double lo, double hi, double scale) {
  row_scale.resize(row_names.size(), 1.0);
  row_scale.push_back(scale);
  row_names.push_back(std::move(name));
  row_labels.push_back(std::move(label));
  row_kinds.push_back(kind);
  row_sector.push_back(sector);
  row_lo.push_back(lo);
  row_hi.push_back(hi);
  return n_rows() - 1;
}

void Lp::add(int row, int col, double value) {
  if (value == 0.0) return;
  a_row.push_back(row);
  a_col.push_back(col);
  a_val.push_back(value);
}

std::vector<double> Lp::activities(const std::vector<double>& cols) const {
  std::vector<double> act(row_names.size(), 0.0);
  for (size_t t = 0; t < a_val.size(); ++t)
    act[static_cast<size_t>(a_row[t])] += a_val[t] * cols[static_cast<size_t>(a_col[t])];
  return act;
}

std::array<double, kMaxGroups> group_weights(const std::array<double, kMaxGroups>& share, int n_groups) {
  std::array<double, kMaxGroups> w{};
  for (int g = 0; g < n_groups; ++g) w[static_cast<size_t>(g)] = 1.0 + n_groups * share[static_cast<size_t>(g)];
  return w;
}

namespace {

struct TradeFactors {
  std::vector<double> exports;  ///< per sector, mean over the year's months
  double imports = 1.0;         ///< mean over the year's months
  double closure = 1.0;         ///< mean over the year's months (other FX income)
};

/// The year's mean trade factors under the shocks in force month by month (policy/shocks.hpp,
/// the engine's reading of the shocks).
TradeFactors trade_factors(const Description& d, int year) {
  const size_t n = d.sectors.size();
  TradeFactors tf;
  tf.exports.assign(n, 0.0);
  tf.imports = tf.closure = 0.0;
  for (int mo = 1; mo <= 12; ++mo) {
    const policy::ShocksInForce f = policy::shocks_in_force(d, YearMonth{year, mo}.index());
    const std::vector<double>& ex = f.exports;
    const double im = f.imports, cl = f.closure;
    for (size_t i = 0; i < n; ++i) tf.exports[i] += ex[i] / 12.0;
    tf.imports += im / 12.0;
    tf.closure += cl / 12.0;
  }
  return tf;
}

}  // namespace

bool State::horizon() const {
  if (fund > 0.0) return true;
  return std::any_of(target.begin(), target.end(), [](double t) { return t > 0.0; });
}

State initial_state(const Description& d, int year) {
  const auto un = static_cast<size_t>(d.n_sectors());
  State s;
  s.year = year;
  // Capacity and automation at the start: listed and generated enterprises, except those
  // that only exist once a new-build project completes.
  std::vector<std::uint8_t> new_build(d.enterprises.size(), 0);
  for (const ProjectDesc& p : d.projects)
    if (p.new_build) new_build[static_cast<size_t>(p.enterprise)] = 1;
  s.capacity.assign(un, 0.0);
  s.raw_capacity.assign(un, 0.0);
  s.automation.assign(un, 0.0);
  for (size_t e = 0; e < d.enterprises.size(); ++e) {
    if (new_build[e]) continue;
    const EnterpriseDesc& ed = d.enterprises[e];
    const auto k = static_cast<size_t>(ed.sector);
    s.capacity[k] += ed.capacity * ed.efficiency;
    s.raw_capacity[k] += ed.capacity;
    s.automation[k] += ed.capacity * ed.automation;
  }
  for (size_t k = 0; k < un; ++k) s.automation[k] = s.raw_capacity[k] > 0.0 ? s.automation[k] / s.raw_capacity[k] : 0.0;
  double population = 0.0;
  for (const RegionDesc& reg : d.regions) population += reg.population;
  // The values in force in January of the year (dated events, policy/in_force.hpp).
  const InForce f = policy::policy_in_force(d, YearMonth{year, 1}.index());
  const HouseholdsDesc& h = f.households;
  s.labour_force = h.household_size > 0.0 ? population / h.household_size * h.workers_per_household *
                                                (1.0 - f.state.public_employment)
                                          : 0.0;
  s.fx_reserves = d.world.fx_reserves;
  s.import_release = f.world.import_share_of_fx;
  s.stock.assign(un, 0.0);
  s.investment_share = f.policy.investment_share;
  s.target.assign(un, 0.0);
  return s;
}

Lp build(const Description& d, int year, const PlanOptions& opt) { return build(d, initial_state(d, year), opt); }

Lp build(const Description& d, const State& st, const PlanOptions& opt) {
  const int n = d.n_sectors();
  const auto un = static_cast<size_t>(n);
  const int year = st.year;
  Lp lp;
  lp.x.assign(un, -1);
  lp.c.assign(un, -1);
  lp.k.assign(un, -1);
  lp.m.assign(un, -1);
  for (auto* v : {&lp.z, &lp.x2, &lp.c2, &lp.k2, &lp.m2, &lp.u}) v->assign(un, -1);
  lp.z_step.assign(un, {});
  lp.balance_row.assign(un, -1);
  lp.weight.assign(un, 0.0);
  lp.export_share.assign(un, 0.0);

  const auto w = group_weights(st.investment_share, d.n_groups());
  TradeFactors tf;
  if (opt.sanctions) {
    tf = trade_factors(d, year);
  } else {
    tf.exports.assign(un, 1.0);
  }
  const auto at = [](const std::vector<double>& v, size_t i) { return i < v.size() ? v[i] : 0.0; };
  std::vector<double> capacity(un), automation(un);
  for (size_t i = 0; i < un; ++i) {
    capacity[i] = at(st.capacity, i);
    automation[i] = at(st.automation, i);
  }

  // Columns, scaled for the solver by the sector's capacity (imports by its import bill at capacity).
  std::vector<double> size(un, 1.0);
  for (size_t i = 0; i < un; ++i) size[i] = std::max(1.0, capacity[i]);
  for (int i = 0; i < n; ++i) {
    const SectorDesc& s = d.sectors[static_cast<size_t>(i)];
    const auto ui = static_cast<size_t>(i);
    lp.x[ui] = lp.add_col("x_" + s.id, 0.0, kInf, 0.0, size[ui]);
    if (s.final_use == FinalUse::food || s.final_use == FinalUse::consumer || s.final_use == FinalUse::public_use) {
      lp.weight[ui] = w[static_cast<size_t>(s.group)];
      lp.c[ui] = lp.add_col("c_" + s.id, 0.0, kInf, -lp.weight[ui], size[ui]);
    }
    if (s.final_use == FinalUse::capital) lp.k[ui] = lp.add_col("k_" + s.id, 0.0, kInf, 0.0, size[ui]);
    if (s.import_per_unit > 0.0)
      lp.m[ui] = lp.add_col("m_" + s.id, 0.0, kInf, 0.0, std::max(1.0, s.import_per_unit * capacity[ui]));
    lp.export_share[ui] = s.export_share * tf.exports[ui];
  }

  // The rows of one year (the plan year, or the horizon year with suffix "2"): goods
  // balances (stocks beyond the reserve may be drawn in the plan year), capacities, labour,
  // imports, foreign exchange, the food minimum and the investment floor.
  const double labour_force = st.labour_force;
  double population = 0.0;
  for (const RegionDesc& reg : d.regions) population += reg.population;
  // The values in force in January of the plan year (dated events, policy/in_force.hpp).
  const InForce f = policy::policy_in_force(d, YearMonth{year, 1}.index());
  const HouseholdsDesc& h = f.households;
  const WorldDesc& wd = f.world;
  const double fx_base =
      st.fx_reserves * st.import_release * 12.0 + wd.other_fx_income * 12.0 * tf.closure + wd.aid_inflow * 12.0;
  const auto year_rows = [&](const std::vector<int>& x, const std::vector<int>& c, const std::vector<int>& k,
                             const std::vector<int>& m, const std::vector<double>& cap, const std::string& sfx,
                             bool first) {
    // Goods balance: x_i - sum_j a_ij x_j - e_i x_i - c_i - k_i >= -stock_i.
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      const SectorDesc& s = d.sectors[ui];
      const double stock = first ? at(st.stock, ui) : 0.0;
      const int r = lp.add_row("bal" + sfx + "_" + s.id, "goods balance of " + s.id + (first ? "" : " (horizon)"),
                               RowKind::balance, i, stock > 0.0 ? -stock : 0.0, kInf, size[ui]);
      if (first) lp.balance_row[ui] = r;
      for (int j = 0; j < n; ++j) {
        double v = -d.a_at(i, j);
        if (j == i) v += 1.0 - lp.export_share[ui];
        lp.add(r, x[static_cast<size_t>(j)], v);
      }
      if (c[ui] >= 0) lp.add(r, c[ui], -1.0);
      if (k[ui] >= 0) lp.add(r, k[ui], -1.0);
    }
    // Capacity: x_i <= sum_e capacity_e * efficiency_e (horizon: plus the new capacity, see below).
    std::vector<int> cap_row(un, -1);
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      const std::string& id = d.sectors[ui].id;
      cap_row[ui] = lp.add_row("cap" + sfx + "_" + id, "capacity of " + id + (first ? "" : " (horizon)"),
                               RowKind::capacity, i, -kInf, cap[ui], size[ui]);
      lp.add(cap_row[ui], x[ui], 1.0);
    }
    // Labour: sum_i l_i (1 - saving * automation_i) x_i / 12 <= labour force.
    {
      const int r = lp.add_row("labour" + sfx, std::string("labour force") + (first ? "" : " (horizon)"),
                               RowKind::labour, -1, -kInf, labour_force, std::max(1.0, labour_force));
      for (int i = 0; i < n; ++i) {
        const auto ui = static_cast<size_t>(i);
        lp.add(r, x[ui], d.sectors[ui].labour_per_unit * (1.0 - d.automation_saving * automation[ui]) / 12.0);
      }
    }
    // Imports: m_i = import_per_unit_i x_i. With import substitution sigma > 0 (the engine's
    // state) domestic substitutes stand in for a share sigma of the imports at capacity, as in
    // the engine (output <= cap (sigma + (1 - sigma) r), imports = r cap mu):
    //   m_i >= mu_i (x_i - sigma cap_i) / (1 - sigma).
    const double sub = std::clamp(st.import_substitution, 0.0, 1.0);
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      if (m[ui] < 0) continue;
      const std::string& id = d.sectors[ui].id;
      const double mu = d.sectors[ui].import_per_unit;
      const double scale = std::max(1.0, mu * capacity[ui]);
      const std::string label = "imported inputs of " + id + (first ? "" : " (horizon)");
      if (sub <= 0.0) {
        const int r = lp.add_row("imp" + sfx + "_" + id, label, RowKind::imports, i, 0.0, 0.0, scale);
        lp.add(r, m[ui], 1.0);
        lp.add(r, x[ui], -mu);
      } else if (sub < 1.0) {
        const int r = lp.add_row("imp" + sfx + "_" + id, label, RowKind::imports, i, -mu * sub * cap[ui] / (1.0 - sub),
                                 kInf, scale);
        lp.add(r, m[ui], 1.0);
        lp.add(r, x[ui], -mu / (1.0 - sub));
      }
    }
    // Foreign exchange: sum m <= f_imp * (base + sum_i e_i p_i x_i).
    {
      const int r = lp.add_row("fx" + sfx, std::string("foreign exchange for imports") + (first ? "" : " (horizon)"),
                               RowKind::fx, -1, -kInf, tf.imports * fx_base, std::max(1.0, tf.imports * fx_base));
      for (int i = 0; i < n; ++i) {
        const auto ui = static_cast<size_t>(i);
        if (m[ui] >= 0) lp.add(r, m[ui], 1.0);
        lp.add(r, x[ui], -tf.imports * lp.export_share[ui] * d.sectors[ui].export_price);
      }
    }
    // Minimum needs: food final use >= subsistence * population * 12.
    {
      const double need = h.subsistence * population * 12.0;
      bool any = false;
      for (int i = 0; i < n; ++i)
        any = any || (c[static_cast<size_t>(i)] >= 0 && d.sectors[static_cast<size_t>(i)].final_use == FinalUse::food);
      if (any && need > 0.0) {
        const int r = lp.add_row("food_min" + sfx, std::string("food minimum needs") + (first ? "" : " (horizon)"),
                                 RowKind::food_min, -1, need, kInf, need);
        for (int i = 0; i < n; ++i)
          if (c[static_cast<size_t>(i)] >= 0 && d.sectors[static_cast<size_t>(i)].final_use == FinalUse::food)
            lp.add(r, c[static_cast<size_t>(i)], 1.0);
        // The horizon's minimum is soft (a unit short costs target_weight): a look-ahead that
        // cannot feed everyone (no stocks, this year's trade shocks) values investment in
        // food, it does not make this year's plan infeasible.
        if (!first) lp.add(r, lp.add_col("u_food_min2", 0.0, kInf, opt.target_weight, need), 1.0);
      }
    }
    // Investment floor: k_i >= floor * x_i for capital-goods sectors.
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      if (k[ui] < 0) continue;
      const std::string& id = d.sectors[ui].id;
      const int r = lp.add_row("inv" + sfx + "_" + id, "investment floor of " + id + (first ? "" : " (horizon)"),
                               RowKind::investment_floor, i, 0.0, kInf, size[ui]);
      lp.add(r, k[ui], 1.0);
      lp.add(r, x[ui], -opt.investment_floor);
    }
    return cap_row;
  };
  year_rows(lp.x, lp.c, lp.k, lp.m, capacity, "", true);

  if (st.horizon()) {
    // The horizon year, horizon_years after the plan year: the same rows with the capacity
    // left after depreciation plus what the plan's investment adds,
    //   x2_i <= (1 - delta_i)^H cap_i + eff_i z_i / kappa_i,
    // where z_i is the capital allocated to sector i (units of capital goods, kappa_i of them
    // per unit of annual capacity) and eff_i its mean efficiency. Each group's allocation stays
    // within its investment share of the fund; targets are soft: x2_i + u_i >= T_i, u_i costing
    // target_weight a unit.
    const int hy = std::max(1, st.horizon_years);
    std::vector<double> cap2(un, 0.0);
    for (int i = 0; i < n; ++i) {
      const SectorDesc& s = d.sectors[static_cast<size_t>(i)];
      const auto ui = static_cast<size_t>(i);
      cap2[ui] = capacity[ui] * std::pow(1.0 - s.depreciation, hy);
      lp.x2[ui] = lp.add_col("x2_" + s.id, 0.0, kInf, 0.0, size[ui]);
      if (lp.c[ui] >= 0) lp.c2[ui] = lp.add_col("c2_" + s.id, 0.0, kInf, -lp.weight[ui], size[ui]);
      if (lp.k[ui] >= 0) lp.k2[ui] = lp.add_col("k2_" + s.id, 0.0, kInf, 0.0, size[ui]);
      if (lp.m[ui] >= 0)
        lp.m2[ui] = lp.add_col("m2_" + s.id, 0.0, kInf, 0.0, std::max(1.0, s.import_per_unit * capacity[ui]));
      const double raw = at(st.raw_capacity, ui);
      if (st.fund > 0.0 && raw > 0.0 && opt.max_expansion > 0.0) {
        // Diminishing returns to a year's expansion: `steps` equal steps of the bound, the
        // first column z_j, the others z_j_2, z_j_3, ... (z_step).
        const int steps = std::max(1, opt.expansion_steps);
        const double width = opt.max_expansion * raw * s.capital_per_unit / steps;
        const double scale = std::max(1.0, size[ui] * s.capital_per_unit);
        lp.z[ui] = lp.add_col("z_" + s.id, 0.0, width, 0.0, scale);
        for (int step = 2; step <= steps; ++step)
          lp.z_step[ui].push_back(lp.add_col("z_" + s.id + "_" + std::to_string(step), 0.0, width, 0.0, scale));
      }
      const double t = at(st.target, ui);
      if (t > 0.0) lp.u[ui] = lp.add_col("u_" + s.id, 0.0, kInf, opt.target_weight, std::max(1.0, t));
    }
    const std::vector<int> cap_row = year_rows(lp.x2, lp.c2, lp.k2, lp.m2, cap2, "2", false);
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      if (lp.z[ui] < 0) continue;
      const double eff = capacity[ui] / at(st.raw_capacity, ui);
      lp.add(cap_row[ui], lp.z[ui], -eff / d.sectors[ui].capital_per_unit);
      double ret = 1.0;  // capacity a unit adds in this step, relative to the first
      for (int col : lp.z_step[ui]) {
        ret *= 1.0 - opt.expansion_decline;
        lp.add(cap_row[ui], col, -ret * eff / d.sectors[ui].capital_per_unit);
      }
    }
    // The fund: sum_{j in g} z_j <= share_g * fund.
    for (int g = 0; g < d.n_groups(); ++g) {
      bool any = false;
      for (int i = 0; i < n; ++i)
        any = any || (lp.z[static_cast<size_t>(i)] >= 0 && static_cast<int>(d.sectors[static_cast<size_t>(i)].group) == g);
      if (!any) continue;
      const double cap = st.investment_share[static_cast<size_t>(g)] * st.fund;
      const std::string& gname = d.group_id(static_cast<Group>(g));
      const int r = lp.add_row("fund_" + gname, "investment fund share of " + gname, RowKind::fund, -1, -kInf, cap,
                               std::max(1.0, cap));
      for (int i = 0; i < n; ++i)
        if (lp.z[static_cast<size_t>(i)] >= 0 && static_cast<int>(d.sectors[static_cast<size_t>(i)].group) == g) {
          lp.add(r, lp.z[static_cast<size_t>(i)], 1.0);
          for (int col : lp.z_step[static_cast<size_t>(i)]) lp.add(r, col, 1.0);
        }
    }
    // Targets: x2_i + u_i >= T_i.
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      if (lp.u[ui] < 0) continue;
      const std::string& id = d.sectors[ui].id;
      const double t = at(st.target, ui);
      const int r = lp.add_row("tgt_" + id, "plan target of " + id, RowKind::target, i, t, kInf, std::max(1.0, t));
      lp.add(r, lp.x2[ui], 1.0);
      lp.add(r, lp.u[ui], 1.0);
    }
  }
  lp.col_scale.resize(lp.col_names.size(), 1.0);
  lp.row_scale.resize(lp.row_names.size(), 1.0);
  return lp;
}

}  // namespace lightind::plan
