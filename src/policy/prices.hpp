// lightind: market prices anchored in costs and money (issue 12, item 2) — pure functions.
//
// Market sellers set prices as a mark-up on unit cost and move them with excess demand
// (Dosi et al. 2010, K+S: p = (1 + mu) c; Poledna et al. 2023: prices follow unit costs and
// excess demand). On the dual track (Lau, Qian and Roland 2000, "Reform without losers")
// planned inputs are charged at state prices and the rest at market prices; imported inputs
// at the market exchange rate; labour at what work earns in the market economy. Costs pin
// down relative prices; the level is pinned by money, because households spend a share of
// their cash (excess demand falls as prices rise: the quantity theory's anchor, Godley and
// Lavoie 2007, ch. 2).
#pragma once

#include <cmath>
#include <span>

namespace lightind::policy {

/// Market unit cost of a good, won per unit:
/// c = sum_i a_i p_i + m e + l w, with a_i the input coefficients and p_i the prices the
/// seller pays for its inputs (won per unit), m the imported inputs (USD per unit) at the
/// market exchange rate e (won per USD), and l the labour per unit at the market wage w
/// (won per worker and month).
inline double unit_cost(std::span<const double> input_coefficients, std::span<const double> input_prices,
                        double import_usd_per_unit, double exchange_rate, double labour_per_unit, double wage) {
  double c = import_usd_per_unit * exchange_rate + labour_per_unit * wage;
  for (size_t i = 0; i < input_coefficients.size(); ++i) c += input_coefficients[i] * input_prices[i];
  return c;
}

/// Monthly log change of a market price:
/// g_t = k g_{t-1} + (1 - k) alpha tanh((D - S) / S) + kappa ln((1 + mu) c / p),
/// with k the stickiness, alpha the response to relative excess demand, and kappa the share
/// of the gap to the mark-up price (1 + mu) c closed in a month. tanh bounds the response
/// to extreme shortages without a cap; the cost term pulls a price back toward its cost, so
/// that a lasting excess supply cannot drive it toward zero (the drift of the old rule).
inline double cost_price_growth(double previous_growth, double demand, double supply, double adjustment,
                                double stickiness, double price, double cost, double markup, double cost_pull) {
  const double z = supply > 0.0 ? (demand - supply) / supply : (demand > 0.0 ? 1.0 : 0.0);
  double g = stickiness * previous_growth + (1.0 - stickiness) * adjustment * std::tanh(z);
  if (price > 0.0 && cost > 0.0) g += cost_pull * std::log((1.0 + markup) * cost / price);
  return g;
}

/// A price index relative to its base: sum_k w_k p_k / sum_k w_k p0_k x 100 (Laspeyres with
/// fixed weights w).
inline double price_index(std::span<const double> weights, std::span<const double> prices,
                          std::span<const double> base_prices) {
  double now = 0.0, base = 0.0;
  for (size_t k = 0; k < weights.size(); ++k) {
    now += weights[k] * prices[k];
    base += weights[k] * base_prices[k];
  }
  return base > 0.0 ? 100.0 * now / base : 0.0;
}

}  // namespace lightind::policy
