// lightind: the monthly indicators (docs/INDICATORS.md) read off the engine's state.
#include <cmath>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"

namespace lightind::detail {

void Economy::record(Series& s) const {
  const int m = month_ - 1;  // the month just stepped
  const auto n = static_cast<size_t>(n_);
  auto put = [&](const char* name, double v, int sector = -1, int region = -1) {
    s.add(m, s.indicator_id(name), v, sector, region);
  };

  // Output at state prices, by group; value added at state prices (gdp_real).
  double gross = 0, light = 0, heavy = 0, gdp = 0;
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& sd = d_.sectors[k];
    const double v = st_.output[k] * sd.state_price;
    gross += v;
    if (sd.group == Group::light) light += v;
    if (sd.group == Group::heavy) heavy += v;
    double inputs = sd.import_per_unit * d_.world.exchange_rate;
    for (size_t i = 0; i < n; ++i) inputs += d_.a_at(static_cast<int>(i), static_cast<int>(k)) * d_.sectors[i].state_price;
    gdp += st_.output[k] * (sd.state_price - inputs);
  }
  put("gross_output", gross);
  put("light_output", light);
  put("heavy_output", heavy);
  put("gdp_real", gdp);

  // Consumption, variety- and quality-adjusted (CES utility per person).
  std::vector<double> c(n, 0.0), varieties(n, 0.0), theta(n, 0.0), theta_w(n, 0.0);
  double goods_units = 0, food_pc = st_.food_units / population_;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto k = static_cast<size_t>(ent_.sector[e]);
    if (ent_.output[e] <= 0.0) continue;
    varieties[k] += ent_.varieties[e];
    theta[k] += ent_.quality[e] * ent_.reputation[e] * ent_.output[e];
    theta_w[k] += ent_.output[e];
  }
  double total_varieties = 0, quality_sum = 0, quality_w = 0;
  for (size_t k = 0; k < n; ++k) {
    const FinalUse u = d_.sectors[k].final_use;
    if (u != FinalUse::food && u != FinalUse::consumer) continue;
    goods_units += st_.household_units[k];
    total_varieties += varieties[k];
    quality_sum += theta_w[k] > 0 ? theta[k] : 0.0;
    quality_w += theta_w[k];
    theta[k] = theta_w[k] > 0 ? theta[k] / theta_w[k] : 0.0;
    if (u == FinalUse::consumer) c[k] = st_.household_units[k] / population_;
  }
  put("consumer_goods_per_capita", goods_units / population_);
  put("living_standard", food_pc + ces_utility(c, varieties, theta, d_.households.variety_elasticity));
  put("varieties", total_varieties);
  put("mean_quality", quality_w > 0 ? quality_sum / quality_w : 0.0);

  // Wages, employment, prices.
  const double wage = st_.workers > 0 ? st_.wage_bill / st_.workers : 0.0;
  const double cpi = st_.household_spending_base > 0 ? st_.household_spending / st_.household_spending_base : 1.0;
  put("nominal_wage", wage);
  put("consumer_price_level", cpi);
  put("real_wage", wage / cpi);
  put("employment", st_.workers);
  double pw = 0, pw0 = 0;
  for (size_t k = 0; k < n; ++k) {
    pw += market_price_[k] * price_weight_[k];
    pw0 += d_.sectors[k].state_price * d_.prices.market_premium * price_weight_[k];
  }
  put("market_price_level", pw0 > 0 ? 100.0 * pw / pw0 : 100.0);

  // Investment, budget, money, trade.
  put("investment", st_.investment_units);
  put("public_consumption", st_.public_units);
  put("state_revenue", st_.state_revenue);
  put("budget_balance", st_.state_revenue - st_.state_expenditure);
  const auto stock = stocks();
  put("money_supply", stock[0][static_cast<size_t>(Institution::households)] +
                          stock[0][static_cast<size_t>(Institution::enterprises)]);
  put("central_bank_credit", -cb_money_);
  put("exports", st_.exports_usd);
  put("imports", st_.imports_usd);
  put("fx_reserves", fx_state_ / d_.world.exchange_rate);
  put("hardship_share", st_.hardship_people / population_);
  put("local_share_light_output", st_.light_total > 0 ? st_.light_local / st_.light_total : 0.0);

  // By sector and region.
  for (size_t k = 0; k < n; ++k) {
    const int ks = static_cast<int>(k);
    put("output", st_.output[k], ks);
    put("capacity", st_.capacity[k], ks);
    put("utilisation", st_.capacity[k] > 0 ? 12.0 * st_.output[k] / st_.capacity[k] : 0.0, ks);
    const FinalUse u = d_.sectors[k].final_use;
    if (u == FinalUse::food || u == FinalUse::consumer) put("market_price", market_price_[k], ks);
  }
  for (size_t r = 0; r < st_.output_by_region_light.size(); ++r)
    put("light_output", st_.output_by_region_light[r], -1, static_cast<int>(r));
}

}  // namespace lightind::detail
