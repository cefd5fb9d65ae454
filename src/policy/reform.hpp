// lightind policy: the enterprise-responsibility reform (STYLE.md 2). Article: from April
// 2013 enterprises "deliver a share of output to the state and sell the rest", keep their
// profit after a levy and split it into "wages by work", development and own investment;
// from 30 May 2014 they hold product-development, quality and talent-management rights.
// Applied by switch_regimes, update_efficiency, assign_labour (src/engine/phases_*.cpp) and
// settle_budget (phases_budget.cpp). Tests: tests/policy/test_reform.cpp.
#pragma once

#include <algorithm>
#include <climits>
#include <cmath>

#include "lightind/description.hpp"

namespace lightind::policy {

/// Month index at which an eligible enterprise joins the reform: t_e = t_0 + floor(u P), with
/// u ~ U[0, 1) its draw and P the phase-in in months (dates spread evenly over the phase-in).
inline int reform_month(int start_month, int phase_in_months, double u) {
  return start_month + static_cast<int>(std::floor(u * phase_in_months));
}

/// Whether reform `rf`'s scope covers an enterprise of group `g`: the reform takes place, the
/// enterprise may join one (`enterprises.reform`), its group is among the reform's, and its
/// sector, region and level are among those listed (an empty list restricts nothing).
inline bool covers(const ReformDesc& rf, const EnterpriseDesc& ed, Group g) {
  const auto listed = [](const auto& list, auto x) { return list.empty() || std::find(list.begin(), list.end(), x) != list.end(); };
  return rf.enabled && ed.reform && rf.groups[static_cast<size_t>(g)] && listed(rf.sectors, ed.sector) &&
         listed(rf.regions, ed.region) && listed(rf.levels, ed.level);
}

/// The reform an enterprise of group `g` joins: the first in file order whose scope covers it
/// (scopes may overlap: docs/MODEL.md section 4); -1 when none does.
inline int reform_covering(const InForce& in, const EnterpriseDesc& ed, Group g) {
  for (size_t k = 0; k < in.reform_count(); ++k)
    if (covers(in.reform_at(k), ed, g)) return static_cast<int>(k);
  return -1;
}

/// Whether the rights of 30 May 2014 are in force in month t (month indices).
inline bool rights_in_force(int month, int rights_month) { return month >= rights_month; }

/// Incentive of wages by work: a wage multiple m over the state wage gives
/// 1 - exp(-(m - 1) / scale) (0 for m <= 1); efficiency target = base + gain * incentive.
inline double incentive(double wage_multiple, double scale) {
  return wage_multiple <= 1.0 ? 0.0 : 1.0 - std::exp(-(wage_multiple - 1.0) / scale);
}

/// The efficiency a reformed enterprise's incentive seeks: g* = G incentive(w / w_state),
/// G = reform.incentive_efficiency; 0 under the command regime.
inline double incentive_target(bool reformed, double incentive_efficiency, double wage, double state_wage,
                               double scale) {
  return reformed ? incentive_efficiency * incentive(wage / state_wage, scale) : 0.0;
}

/// Partial adjustment: the share `speed` of the gap to `target` closed this month,
/// x' = x + speed (target - x). Used for the incentive gain, restoration and the workforce.
inline double approach(double x, double target, double speed) { return x + speed * (target - x); }

/// Share of the gap to normal staffing closed this month: talent-management rights let a
/// reformed enterprise move its workforce faster (reform.talent_reallocation) than the
/// labour administration (state.labour_reallocation).
inline double labour_speed(bool talent_rights, bool reformed, double talent_reallocation, double labour_reallocation) {
  return talent_rights && reformed ? talent_reallocation : labour_reallocation;
}

/// A command enterprise's profit pi remitted to the state: rho pi (state.surplus_remittance).
inline double command_remittance(double profit, double remittance_share) { return remittance_share * profit; }

/// A reformed enterprise's profit split, won: levy L = l pi to the state; retained R = pi - L;
/// wages by work W = w R (paid next month); development D = d R when a development right is in
/// force (else 0); own investment I = max(0, R - w R - D).
struct ProfitSplit {
  double levy = 0, retained = 0, wage_fund = 0, development = 0, investment = 0;
};
inline ProfitSplit split_profit(double profit, double levy_share, double wage_fund_share, double development_share,
                                bool development_rights) {
  ProfitSplit s;
  s.levy = levy_share * profit;
  s.retained = profit - s.levy;
  s.wage_fund = wage_fund_share * s.retained;
  s.development = development_rights ? development_share * s.retained : 0.0;
  s.investment = std::max(0.0, s.retained - wage_fund_share * s.retained - s.development);
  return s;
}

/// What development spending D buys (product-development and quality-management rights):
/// with both rights half goes to varieties, else all to the one held. A new variety costs
/// real resources, c_N = L w + c_in won: L worker-months of development staff at the
/// enterprise's wage w and inputs c_in at state prices (variety_unit_cost), per variety held
/// (dN = D_v / (c_N max(1, N)): the next variety is harder to tell apart, so the count stays
/// bounded in real terms whatever the price level); +0.01 of quality costs c_q months of
/// output value V per unit of quality held (dq = 0.01 D_q / (c_q V q)).
struct DevelopmentGain {
  double varieties = 0, quality = 0;
};
inline DevelopmentGain development_gain(double development, bool product_development, bool quality_management,
                                        double month_value, double varieties, double quality, double variety_unit_cost,
                                        double quality_cost) {
  const double for_varieties =
      product_development && quality_management ? 0.5 * development : (product_development ? development : 0.0);
  const double for_quality = development - for_varieties;
  return {variety_unit_cost > 0.0 ? for_varieties / (variety_unit_cost * std::max(1.0, varieties)) : 0.0,
          0.01 * for_quality / (quality_cost * month_value * quality)};
}

/// Won one new variety costs at one variety held: c_N = L w + c_in (L worker-months of
/// development staff at wage w, inputs c_in won at state prices).
inline double variety_unit_cost(double labour_months, double wage, double inputs) { return labour_months * wage + inputs; }

/// Cash an enterprise holds beyond two months of running costs, won: C - W - D - 2 c (a
/// command enterprise remits it; a reformed one keeps it: its wages by work come only from
/// its profit, issue 12 item 5).
inline double excess_cash(double cash, double wage_fund, double development_pay, double running_cost) {
  return cash - wage_fund - development_pay - 2.0 * running_cost;
}

}  // namespace lightind::policy
