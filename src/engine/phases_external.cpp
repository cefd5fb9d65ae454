// lightind: the month's closing phases of issue 12 — the FX market's rate and the
// producers' expectations of demand.
#include <algorithm>
#include <cmath>

#include "engine/economy.hpp"
#include "policy/demand.hpp"
#include "policy/fx.hpp"

namespace lightind::detail {

void Economy::fx_market() {
  // The dealer moves the market rate against the month's dollar order flow (policy/fx.hpp):
  // demand from traders' consumer imports and from the imported inputs of what reformed
  // enterprises sell at market; supply from households' inflows and the trading companies'
  // sales of a share of the state's FX receipts.
  market_fx_ *= std::exp(policy::exchange_rate_growth(st_.fx_demand_usd, st_.fx_supply_usd, d_.world.fx_response));
}

void Economy::update_expectations() {
  // Demand a free sector saw this month, units: what households bought plus the market
  // demand left unserved, and the state's own uses (defence); exports enter the plan
  // directly as foreign demand (plan_output). Food's unserved market demand is one total
  // for all food; each food sector takes its share by what households bought of it.
  const auto n = static_cast<size_t>(n_);
  double food_units = 0.0, food_unmet = 0.0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::food) {
      food_units += st_.household_units[k];
      food_unmet = std::max(0.0, demand_[k] - supply_[k]);  // the same national total for every food sector
    }
  const double weight = d_.policy.plan_expectation_weight;
  for (size_t k = 0; k < n; ++k) {
    if (taut_[k]) continue;
    const FinalUse u = d_.sectors[k].final_use;
    double unmet = 0.0;
    if (u == FinalUse::food)
      unmet = food_units > 0.0 ? food_unmet * st_.household_units[k] / food_units : 0.0;
    else if (u == FinalUse::consumer)
      unmet = std::max(0.0, demand_[k] - supply_[k]);
    const double demand = st_.household_units[k] + unmet + goods_[k].state;
    expected_[k] = policy::expected_demand(expected_[k], demand, weight);
  }
}

}  // namespace lightind::detail
