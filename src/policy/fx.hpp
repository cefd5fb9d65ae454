// lightind: the market exchange rate and the external account (issue 12, items 2-3) —
// pure functions.
//
// Beside the official rate (a policy variable, about 100 won per USD) dollars trade at a
// market rate. The state's banks and trading companies act as the market's dealer: they buy
// the dollars that households receive from outside (workers abroad, remittances, smuggling)
// and sell dollars for imports bought at market prices (traders' consumer imports, reformed
// enterprises' imported inputs). Like a dealer who moves his quote against his order flow
// (Lyons 2001, "The Microstructure Approach to Exchange Rates", ch. 4; Evans and Lyons
// 2002), the rate rises when dollar demand exceeds the dollars supplied. Import demand
// falls as the dollar gets dearer relative to domestic market prices (the real exchange
// rate), which anchors the rate to the price level (purchasing-power parity in the long run).
#pragma once

#include <algorithm>
#include <cmath>

namespace lightind::policy {

/// Traders' demand for imported consumer goods, USD a month:
/// M = M0 (q / q0)^eta, with q = P / e the domestic market price level P over the market
/// exchange rate e (what a dollar's worth of imports sells for at home, in dollars) and q0 its
/// opening value; eta is the price elasticity of import demand.
inline double import_demand_usd(double base_usd, double price_level, double exchange_rate, double base_ratio,
                                double elasticity) {
  if (base_usd <= 0.0 || exchange_rate <= 0.0 || base_ratio <= 0.0 || price_level <= 0.0) return 0.0;
  return base_usd * std::pow((price_level / exchange_rate) / base_ratio, elasticity);
}

/// Monthly log change of the market exchange rate (won per USD): the dealer's response to
/// relative excess demand for dollars, g = beta tanh((D - S) / S), with D and S in USD.
inline double exchange_rate_growth(double dollar_demand, double dollar_supply, double response) {
  const double z = dollar_supply > 0.0 ? (dollar_demand - dollar_supply) / dollar_supply : (dollar_demand > 0.0 ? 1.0 : 0.0);
  return response * std::tanh(z);
}

/// The state's spending on imported capital goods this month, USD: what the plan asks for,
/// cut by sanctions on machinery and the border closure, and no more than the reserves less
/// a floor of `floor_months` of this month's other goods imports (a prudential floor, not a
/// target: reserves move with the balance of payments above it).
inline double capital_imports_usd(double planned_usd, double allowed_share, double reserves_usd,
                                  double other_imports_usd, double floor_months) {
  const double free = std::max(0.0, reserves_usd - floor_months * other_imports_usd);
  return std::min(planned_usd * allowed_share, free);
}

}  // namespace lightind::policy
