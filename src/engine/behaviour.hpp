// lightind: behavioural equations as pure functions of plain numbers (STYLE.md 2, 3).
// Each states its equation and what it models; tests check them by hand
// (tests/engine/test_behaviour.cpp). The phases in src/engine/phases_*.cpp apply them; the
// mechanisms of the article's policies are in src/policy/.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "policy/households.hpp"

namespace lightind::detail {

/// Standard normal quantile z = Phi^-1(p), 0 < p < 1: Newton's method on
/// Phi(z) = erfc(-z / sqrt 2) / 2 from a logistic first guess, kept inside a shrinking
/// bracket (a step that leaves it bisects), to machine precision.
inline double normal_quantile(double p) {
  double lo = -40.0, hi = 40.0;
  double z = 0.5876 * std::log(p / (1.0 - p));  // logistic approximation: Phi(z) ~ 1 / (1 + e^(-1.702 z))
  for (int it = 0; it < 200; ++it) {
    const double cdf = 0.5 * std::erfc(-z / 1.4142135623730951);
    (cdf < p ? lo : hi) = z;
    const double pdf = 0.3989422804014327 * std::exp(-0.5 * z * z);
    double next = z - (cdf - p) / pdf;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const bool done = std::abs(next - z) < 1e-15 * std::max(1.0, std::abs(z));
    z = next;
    if (done) break;
  }
  return z;
}

/// Inverse-CDF table of the mean-one lognormal shock exp(sigma z - sigma^2 / 2): node j at
/// probability (j + 0.5) / n. A draw u in [0, 1) reads `tabulated_shock` between nodes, so
/// one uniform replaces a normal draw and an exp (the tails beyond the outer nodes,
/// probability 1 / n in all, are cut off).
inline std::vector<double> lognormal_table(double sigma, int n) {
  std::vector<double> t(static_cast<size_t>(n));
  for (int j = 0; j < n; ++j)
    t[static_cast<size_t>(j)] = std::exp(sigma * normal_quantile((j + 0.5) / n) - 0.5 * sigma * sigma);
  return t;
}

/// A draw from a lognormal_table `t` for a uniform u in [0, 1): linear between nodes.
inline double tabulated_shock(const std::vector<double>& t, double u) {
  const double x = u * static_cast<double>(t.size() - 1);
  const auto j = static_cast<size_t>(x);
  return t[j] + (x - static_cast<double>(j)) * (t[j + 1] - t[j]);
}

/// Potential monthly output of an enterprise: q* = K_cap * e / 12, with K_cap the annual
/// capacity (units/year) and e the efficiency ("restore factories to normal output").
inline double potential_output(double capacity_per_year, double efficiency) {
  return capacity_per_year * efficiency / 12.0;
}

/// Proportional rationing: the share of every claimant's need that can be met,
/// r = min(1, available / need); r = 1 when nothing is needed.
inline double ration_factor(double available, double need) {
  if (need <= 0.0) return 1.0;
  return std::clamp(available / need, 0.0, 1.0);
}

/// Labour needed per unit of output: l * (1 - s * a), with l the labour coefficient at zero
/// automation, a the automation level and s the share of labour saved at full automation
/// ("production automation, assembly lines").
inline double labour_per_unit(double labour_coefficient, double automation, double automation_saving) {
  return labour_coefficient * (1.0 - automation_saving * automation);
}

/// Leontief production: q = q* * min(1, r_materials, r_labour), where r_labour is the
/// workforce over the labour that q* needs.
inline double leontief_output(double potential, double material_factor, double workforce, double labour_unit) {
  double f = std::min(1.0, material_factor);
  if (labour_unit > 0.0 && potential > 0.0) f = std::min(f, workforce / (labour_unit * potential));
  return potential * std::max(0.0, f);
}

/// CES expenditure shares over sectors with N_k symmetric varieties of quality theta_k at
/// price p_k (love of variety): s_k = N_k theta_k^(sigma-1) p_k^(1-sigma) / sum_l (...).
/// Derived from U = [sum_k sum_v (theta_k c_kv)^((sigma-1)/sigma)]^(sigma/(sigma-1)).
/// Writes the shares into `out` (same length); all zero when no good is available.
inline void ces_shares(std::span<const double> varieties, std::span<const double> theta,
                       std::span<const double> price, double sigma, std::span<double> out) {
  double total = 0.0;
  for (size_t k = 0; k < out.size(); ++k) {
    const double w = (varieties[k] > 0.0 && price[k] > 0.0)
                         ? varieties[k] * std::pow(theta[k], sigma - 1.0) * std::pow(price[k], 1.0 - sigma)
                         : 0.0;
    out[k] = w;
    total += w;
  }
  for (double& s : out) s = total > 0.0 ? s / total : 0.0;
}

/// CES utility of per-capita purchases c_k with N_k varieties of quality theta_k:
/// U = [sum_k N_k^(1/sigma) (theta_k c_k)^((sigma-1)/sigma)]^(sigma/(sigma-1)).
/// With one variety of quality 1 in one sector, U = c.
inline double ces_utility(std::span<const double> c, std::span<const double> varieties,
                          std::span<const double> theta, double sigma) {
  const double rho = (sigma - 1.0) / sigma;
  double s = 0.0;
  for (size_t k = 0; k < c.size(); ++k)
    if (c[k] > 0.0 && varieties[k] > 0.0) s += std::pow(varieties[k], 1.0 / sigma) * std::pow(theta[k] * c[k], rho);
  return s > 0.0 ? std::pow(s, 1.0 / rho) : 0.0;
}

/// Market price change with stickiness: g_t = k g_{t-1} + (1 - k) * alpha * tanh(z), with z
/// the relative excess demand (D - S) / S; p_t = p_{t-1} exp(g_t). tanh bounds the monthly
/// response to extreme shortages without a hard cap.
inline double price_growth(double previous_growth, double demand, double supply, double adjustment,
                           double stickiness) {
  const double z = supply > 0.0 ? (demand - supply) / supply : (demand > 0.0 ? 1.0 : 0.0);
  return stickiness * previous_growth + (1.0 - stickiness) * adjustment * std::tanh(z);
}

/// A household's month: what it faces when it plans its purchases (the same for all).
struct HouseholdMonth {
  double consume_share = 0;   ///< share of its cash a household spends in a month
  double need = 0;            ///< food need, units per household
  double satiation = 0;       ///< the most food a household buys, units per household
  double engel = 0;           ///< share of the budget beyond the need spent on more food
  double ration = 0;          ///< the full ration, units per household
  double p_food = 0;          ///< won per unit of market food
  double state_cost = 0;      ///< won per household: the full ration and the state-shop bundle
  double inv_state_cost = 0;  ///< 1 / state_cost (0 when state_cost is 0)
  double inv_p_food = 0;      ///< 1 / p_food (0 when p_food is 0)
};

/// What a household does with its budget B = consume_share x cash, units or won per household:
/// it buys the share a = min(1, B / C_state) of the ration and of the state-shop bundle it
/// can afford (C_state their cost); eats its plot's crop up to the food need beyond the
/// ration and offers the rest at market; wants market food by Engel's law (food_wanted: the
/// need first as far as the rest of the budget reaches, then the share `engel` of what is
/// left, up to satiation); and spends what is left on consumer goods.
struct HouseholdPlan {
  double ration = 0;           ///< units of the ration bought
  double shop = 0;             ///< share of the state-shop bundle bought
  double own = 0;              ///< units of its plot's crop eaten
  double offered = 0;          ///< units of its plot's crop offered at market
  double want = 0;             ///< units of market food wanted
  double consumer_budget = 0;  ///< won for consumer goods at market
  double spent_state = 0;      ///< won spent in state shops
};
[[gnu::always_inline]] inline HouseholdPlan household_plan(const HouseholdMonth& h, double cash, double crop) {
  HouseholdPlan p;
  const double budget = h.consume_share * cash;
  const double afford = h.state_cost > 0 ? std::min(1.0, budget * h.inv_state_cost) : 1.0;
  p.ration = h.ration * afford;
  p.shop = afford;
  p.spent_state = h.state_cost * afford;
  p.own = std::min(crop, policy::positive_part(h.need - p.ration));
  p.offered = crop - p.own;
  const double left = budget - p.spent_state;
  p.want = policy::food_wanted(p.ration + p.own, h.need, h.satiation, h.engel, left, h.p_food);
  p.consumer_budget = policy::positive_part(left - p.want * h.p_food);
  return p;
}

/// Feldman-Mahalanobis closed form (validation case):
/// Y_t = Y_0 [1 + a0 (li bi + lc bc)/(li bi) ((1 + li bi)^t - 1)], a0 = I_0 / Y_0.
inline double feldman_mahalanobis_output(double y0, double i0, double lambda_i, double beta_i, double beta_c, int t) {
  const double li_bi = lambda_i * beta_i, lc_bc = (1.0 - lambda_i) * beta_c;
  return y0 * (1.0 + (i0 / y0) * (li_bi + lc_bc) / li_bi * (std::pow(1.0 + li_bi, t) - 1.0));
}

}  // namespace lightind::detail
