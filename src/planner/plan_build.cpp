// lightind: building the plan LP from a Description (docs/PLANNER.md, "The linear programme").
#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lightind/plan.hpp"

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

std::array<double, kGroupCount> group_weights(const std::array<double, kGroupCount>& share) {
  std::array<double, kGroupCount> w{};
  for (int g = 0; g < kGroupCount; ++g) w[static_cast<size_t>(g)] = 1.0 + kGroupCount * share[static_cast<size_t>(g)];
  return w;
}

namespace {

/// Investment shares in force at the start of `year`: the scenario's, then every dated
/// policy event up to January of that year that sets them.
std::array<double, kGroupCount> shares_in_force(const Description& d, int year) {
  std::array<double, kGroupCount> s = d.policy.investment_share;
  const YearMonth jan{year, 1};
  for (const PolicyEventDesc& ev : d.events)
    if (ev.date <= jan && ev.investment_share) s = *ev.investment_share;
  return s;
}

/// Share of a border closure in force in month `m` (1 between start and end, then a linear reopening).
double closure_force(int m, int start, int end, int reopen) {
  if (m < start) return 0.0;
  if (m <= end) return 1.0;
  if (reopen <= 0 || m > end + reopen) return 0.0;
  return 1.0 - static_cast<double>(m - end) / static_cast<double>(reopen + 1);
}

struct TradeFactors {
  std::vector<double> exports;  ///< per sector, mean over the year's months
  double imports = 1.0;         ///< mean over the year's months
  double closure = 1.0;         ///< mean over the year's months (other FX income)
};

/// The year's mean trade factors under the shocks in force (the engine's apply_shocks, month by month).
TradeFactors trade_factors(const Description& d, int year) {
  const size_t n = d.sectors.size();
  TradeFactors tf;
  tf.exports.assign(n, 0.0);
  tf.imports = tf.closure = 0.0;
  for (int mo = 1; mo <= 12; ++mo) {
    const int month = YearMonth{year, mo}.index();
    std::vector<double> ex(n, 1.0);
    double im = 1.0, cl = 1.0;
    for (const ShockDesc& s : d.shocks) {
      const int start = s.start.index();
      const int end = s.end ? s.end->index() : INT32_MAX / 2;
      switch (s.kind) {
        case ShockKind::export_ban:
          if (month >= start && month <= end)
            for (int k : s.sectors) ex[static_cast<size_t>(k)] *= 1.0 - s.severity;
          break;
        case ShockKind::import_cap:
          if (month >= start && month <= end) im *= 1.0 - s.severity;
          break;
        case ShockKind::border_closure: {
          const double force = s.severity * closure_force(month, start, end, s.reopen_months);
          im *= 1.0 - force;
          cl *= 1.0 - force;
          for (double& f : ex) f *= 1.0 - force;
          break;
        }
        case ShockKind::disaster:
          break;
      }
    }
    for (size_t i = 0; i < n; ++i) tf.exports[i] += ex[i] / 12.0;
    tf.imports += im / 12.0;
    tf.closure += cl / 12.0;
  }
  return tf;
}

}  // namespace

Lp build(const Description& d, int year, const PlanOptions& opt) {
  const int n = d.n_sectors();
  const auto un = static_cast<size_t>(n);
  Lp lp;
  lp.x.assign(un, -1);
  lp.c.assign(un, -1);
  lp.k.assign(un, -1);
  lp.m.assign(un, -1);
  lp.balance_row.assign(un, -1);
  lp.weight.assign(un, 0.0);
  lp.export_share.assign(un, 0.0);

  const auto w = group_weights(shares_in_force(d, year));
  TradeFactors tf;
  if (opt.sanctions) {
    tf = trade_factors(d, year);
  } else {
    tf.exports.assign(un, 1.0);
  }

  // Capacity and automation at the start: listed and generated enterprises, except those
  // that only exist once a new-build project completes.
  std::vector<std::uint8_t> new_build(d.enterprises.size(), 0);
  for (const ProjectDesc& p : d.projects)
    if (p.new_build) new_build[static_cast<size_t>(p.enterprise)] = 1;
  std::vector<double> capacity(un, 0.0), automation_cap(un, 0.0), raw_cap(un, 0.0);
  for (size_t e = 0; e < d.enterprises.size(); ++e) {
    if (new_build[e]) continue;
    const EnterpriseDesc& ed = d.enterprises[e];
    const auto s = static_cast<size_t>(ed.sector);
    capacity[s] += ed.capacity * ed.efficiency;
    raw_cap[s] += ed.capacity;
    automation_cap[s] += ed.capacity * ed.automation;
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

  // Goods balance: x_i - sum_j a_ij x_j - e_i x_i - c_i - k_i >= 0.
  for (int i = 0; i < n; ++i) {
    const auto ui = static_cast<size_t>(i);
    const SectorDesc& s = d.sectors[ui];
    const int r = lp.add_row("bal_" + s.id, "goods balance of " + s.id, RowKind::balance, i, 0.0, kInf, size[ui]);
    lp.balance_row[ui] = r;
    for (int j = 0; j < n; ++j) {
      double v = -d.a_at(i, j);
      if (j == i) v += 1.0 - lp.export_share[ui];
      lp.add(r, lp.x[static_cast<size_t>(j)], v);
    }
    if (lp.c[ui] >= 0) lp.add(r, lp.c[ui], -1.0);
    if (lp.k[ui] >= 0) lp.add(r, lp.k[ui], -1.0);
  }
  // Capacity: x_i <= sum_e capacity_e * efficiency_e.
  for (int i = 0; i < n; ++i) {
    const auto ui = static_cast<size_t>(i);
    const std::string& id = d.sectors[ui].id;
    const int r = lp.add_row("cap_" + id, "capacity of " + id, RowKind::capacity, i, -kInf, capacity[ui], size[ui]);
    lp.add(r, lp.x[ui], 1.0);
  }
  // Labour: sum_i l_i (1 - saving * automation_i) x_i / 12 <= labour force.
  double population = 0.0;
  for (const RegionDesc& reg : d.regions) population += reg.population;
  const HouseholdsDesc& h = d.households;
  const double labour_force = h.household_size > 0.0 ? population / h.household_size * h.workers_per_household *
                                                             (1.0 - d.state.public_employment)
                                                       : 0.0;
  {
    const int r = lp.add_row("labour", "labour force", RowKind::labour, -1, -kInf, labour_force,
                             std::max(1.0, labour_force));
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      const double aut = raw_cap[ui] > 0.0 ? automation_cap[ui] / raw_cap[ui] : 0.0;
      lp.add(r, lp.x[ui], d.sectors[ui].labour_per_unit * (1.0 - d.automation_saving * aut) / 12.0);
    }
  }
  // Imports: m_i = import_per_unit_i x_i.
  for (int i = 0; i < n; ++i) {
    const auto ui = static_cast<size_t>(i);
    if (lp.m[ui] < 0) continue;
    const std::string& id = d.sectors[ui].id;
    const int r = lp.add_row("imp_" + id, "imported inputs of " + id, RowKind::imports, i, 0.0, 0.0,
                             std::max(1.0, d.sectors[ui].import_per_unit * capacity[ui]));
    lp.add(r, lp.m[ui], 1.0);
    lp.add(r, lp.x[ui], -d.sectors[ui].import_per_unit);
  }
  // Foreign exchange: sum m <= f_imp * (base + sum_i e_i p_i x_i).
  {
    const WorldDesc& wd = d.world;
    const double base = wd.fx_reserves * wd.import_share_of_fx * 12.0 + wd.other_fx_income * 12.0 * tf.closure;
    const int r = lp.add_row("fx", "foreign exchange for imports", RowKind::fx, -1, -kInf, tf.imports * base,
                             std::max(1.0, tf.imports * base));
    for (int i = 0; i < n; ++i) {
      const auto ui = static_cast<size_t>(i);
      if (lp.m[ui] >= 0) lp.add(r, lp.m[ui], 1.0);
      lp.add(r, lp.x[ui], -tf.imports * lp.export_share[ui] * d.sectors[ui].export_price);
    }
  }
  // Minimum needs: food final use >= subsistence * population * 12.
  {
    const double need = h.subsistence * population * 12.0;
    bool any = false;
    for (int i = 0; i < n; ++i) any = any || (lp.c[static_cast<size_t>(i)] >= 0 &&
                                              d.sectors[static_cast<size_t>(i)].final_use == FinalUse::food);
    if (any && need > 0.0) {
      const int r = lp.add_row("food_min", "food minimum needs", RowKind::food_min, -1, need, kInf, need);
      for (int i = 0; i < n; ++i)
        if (lp.c[static_cast<size_t>(i)] >= 0 && d.sectors[static_cast<size_t>(i)].final_use == FinalUse::food)
          lp.add(r, lp.c[static_cast<size_t>(i)], 1.0);
    }
  }
  // Investment floor: k_i >= floor * x_i for capital-goods sectors.
  for (int i = 0; i < n; ++i) {
    const auto ui = static_cast<size_t>(i);
    if (lp.k[ui] < 0) continue;
    const std::string& id = d.sectors[ui].id;
    const int r = lp.add_row("inv_" + id, "investment floor of " + id, RowKind::investment_floor, i, 0.0, kInf,
                             size[ui]);
    lp.add(r, lp.k[ui], 1.0);
    lp.add(r, lp.x[ui], -opt.investment_floor);
  }
  lp.col_scale.resize(lp.col_names.size(), 1.0);
  lp.row_scale.resize(lp.row_names.size(), 1.0);
  return lp;
}

}  // namespace lightind::plan
