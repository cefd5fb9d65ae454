// lightind: phases of final sales — exports, investment goods, household purchases,
// market prices.
#include <cmath>
#include <numeric>

#include <pcg_random.hpp>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "engine/parallel.hpp"

namespace lightind::detail {

void Economy::export_goods() {
  const double rate = d_.world.exchange_rate;
  double fx = 0.0;
  for (int k = 0; k < n_; ++k) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
    if (s.export_share <= 0.0) continue;
    const double x = std::min(s.export_share * st_.output[static_cast<size_t>(k)], final_available(k));
    stock_[static_cast<size_t>(k)] -= x;
    goods_[static_cast<size_t>(k)].exports = x;
    st_.exports_units[static_cast<size_t>(k)] = x;
    pay_sector(k, x * s.state_price, Flow::export_procurement);
    fx += x * s.export_price * rate;
  }
  post(Flow::exports, Institution::rest_of_world, Institution::state, fx);
  fx_state_ += fx;
  fx_row_ -= fx;
  st_.exports_usd = fx / rate;
}

void Economy::buy_state_goods() {
  for (int k = 0; k < n_; ++k) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
    const auto ks = static_cast<size_t>(k);
    if (s.final_use == FinalUse::capital) {
      // Capital goods go into the investment fund, allocated by the next annual plan.
      const double x = final_available(k);
      stock_[ks] -= x;
      goods_[ks].investment = x;
      fund_units_ += x;
      st_.investment_units += x * s.state_price;
      pay_sector(k, x * s.state_price, Flow::investment_goods);
    } else if (s.final_use == FinalUse::public_use) {
      // Public services are bought by the budget and provided free.
      const double x = final_available(k);
      stock_[ks] -= x;
      goods_[ks].state = x;
      st_.public_units += x * s.state_price;
      pay_sector(k, x * s.state_price, Flow::state_procurement);
    }
  }
}

void Economy::household_purchases() {
  const HouseholdsDesc& hd = d_.households;
  const auto n = static_cast<size_t>(n_);
  const double size = hd.household_size;

  // Food: one composite of the food sectors, drawn from each in proportion to what it has.
  double food_supply = 0.0, food_state_value = 0.0, food_market_value = 0.0;
  std::vector<double> avail(n, 0.0);
  for (int k = 0; k < n_; ++k) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
    if (s.final_use != FinalUse::food && s.final_use != FinalUse::consumer) continue;
    avail[static_cast<size_t>(k)] = final_available(k);
    if (s.final_use == FinalUse::food) {
      food_supply += avail[static_cast<size_t>(k)];
      food_state_value += avail[static_cast<size_t>(k)] * s.state_price * (1.0 + d_.state.retail_markup);
      food_market_value += avail[static_cast<size_t>(k)] * market_price_[static_cast<size_t>(k)];
    }
  }
  const double p_ration = food_supply > 0 ? food_state_value / food_supply : 0.0;
  const double p_food_market = food_supply > 0 ? food_market_value / food_supply : 0.0;
  const double ration_fill = ration_factor(food_supply, d_.state.ration_food * population_);
  const double ration_hh = d_.state.ration_food * size * ration_fill;  // units per household
  const double food_need_hh = hd.food_need * size;

  // Consumer goods: CES shares over sectors with their varieties, quality and reputation.
  std::vector<double> varieties(n, 0.0), theta(n, 0.0), shares(n, 0.0);
  std::vector<double> theta_w(n, 0.0);
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto k = static_cast<size_t>(ent_.sector[e]);
    if (ent_.output[e] <= 0.0) continue;
    varieties[k] += ent_.varieties[e];
    theta[k] += ent_.quality[e] * ent_.reputation[e] * ent_.output[e];
    theta_w[k] += ent_.output[e];
  }
  for (size_t k = 0; k < n; ++k) {
    theta[k] = theta_w[k] > 0 ? theta[k] / theta_w[k] : 0.0;
    if (d_.sectors[k].final_use != FinalUse::consumer || avail[k] <= 0.0) varieties[k] = 0.0;
  }
  ces_shares(varieties, theta, market_price_, hd.variety_elasticity, shares);

  // Pass 1: income. Each household's share of the wage pool is its ability times a
  // monthly shock; one pcg32 stream per fixed block keeps draws thread-count independent.
  const double sigma = hd.income_shock;
  const auto month_key = static_cast<std::uint64_t>(month_) * 0x9E3779B97F4A7C15ULL;
  std::vector<double> part(block_count(hh_.size()), 0.0);
  for_blocks(hh_.size(), [&](size_t b, size_t lo, size_t hi) {
    pcg32 rng(seed_ ^ month_key, b);
    double s = 0.0;
    for (size_t i = lo; i < hi; ++i) {
      const double u1 = (static_cast<double>(rng()) + 1.0) / 4294967297.0;
      const double u2 = static_cast<double>(rng()) / 4294967296.0;
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
      hh_.share[i] = hh_.ability[i] * std::exp(sigma * z - 0.5 * sigma * sigma);
      s += hh_.share[i] * hh_.weight[i];
    }
    part[b] = s;
  });
  const double share_total = std::accumulate(part.begin(), part.end(), 0.0);
  const double pool = st_.wage_bill;

  // Pass 2: income arrives; desired purchases at full supply.
  // acc: 0 ration units, 1 desired market food units, 2 consumer budget.
  const auto want = block_sums<3>(hh_.size(), [&](size_t i, std::array<double, 3>& acc) {
    hh_.cash[i] += share_total > 0 ? pool * hh_.share[i] / share_total : 0.0;
    const FoodPurchase f = buy_food(hd.consume_share * hh_.cash[i], ration_hh, p_ration, food_need_hh, p_food_market, 1.0);
    const double w = hh_.weight[i];
    acc[0] += f.ration_units * w;
    acc[1] += f.market_units * w;
    acc[2] += (hd.consume_share * hh_.cash[i] - f.spent) * w;
  });
  const double market_food_supply = std::max(0.0, food_supply - want[0]);
  const double food_fill = ration_factor(market_food_supply, want[1]);
  double fill_avg = 0.0;  // share of the consumer budget that finds goods: sum_k s_k phi_k
  std::vector<double> consumer_units(n, 0.0);
  for (size_t k = 0; k < n; ++k) {
    if (shares[k] <= 0.0) continue;
    const double demand = shares[k] * want[2] / market_price_[k];
    const double fill = ration_factor(avail[k], demand);
    consumer_units[k] = demand * fill;
    fill_avg += shares[k] * fill;
    demand_[k] = demand;
    supply_[k] = avail[k];
  }

  // Pass 3: purchases happen; hardship is counted.
  // acc: 0 state retail spending, 1 market spending, 2 food units, 3 people in hardship.
  const double subsistence = hd.subsistence;
  const auto done = block_sums<4>(hh_.size(), [&](size_t i, std::array<double, 4>& acc) {
    const double budget = hd.consume_share * hh_.cash[i];
    const FoodPurchase f = buy_food(budget, ration_hh, p_ration, food_need_hh, p_food_market, 1.0);
    const double market_food = f.market_units * food_fill;
    const double retail = f.ration_units * p_ration;
    const double market = market_food * p_food_market + (budget - f.spent) * fill_avg;
    hh_.cash[i] -= retail + market;
    const double w = hh_.weight[i];
    acc[0] += retail * w;
    acc[1] += market * w;
    const double food_units = f.ration_units + market_food;
    acc[2] += food_units * w;
    if (food_units < subsistence * size) acc[3] += size * w;
  });
  post(Flow::state_retail, Institution::households, Institution::state, done[0]);
  post(Flow::market_sales, Institution::households, Institution::state, done[1]);
  state_money_ += done[0] + done[1];
  st_.state_revenue += done[0] + done[1];
  st_.food_units = done[2];
  st_.hardship_people = done[3];
  st_.household_spending = done[0] + done[1];

  // Goods leave stocks: food from each food sector in proportion to its supply; the state
  // pays the producers at state prices (procurement for state shops and markets).
  const double food_units_sold = want[0] + want[1] * food_fill;
  for (int k = 0; k < n_; ++k) {
    const auto ks = static_cast<size_t>(k);
    const SectorDesc& s = d_.sectors[ks];
    double units = 0.0;
    if (s.final_use == FinalUse::food) {
      units = food_supply > 0 ? food_units_sold * avail[ks] / food_supply : 0.0;
      demand_[ks] = want[1];
      supply_[ks] = market_food_supply;
    } else if (s.final_use == FinalUse::consumer) {
      units = consumer_units[ks];
    } else {
      continue;
    }
    stock_[ks] -= units;
    goods_[ks].households = units;
    st_.household_units[ks] = units;
    st_.household_spending_base += units * s.state_price;
    pay_sector(k, units * s.state_price, Flow::state_procurement);
  }
}

void Economy::adjust_prices() {
  for (size_t k = 0; k < static_cast<size_t>(n_); ++k) {
    const FinalUse u = d_.sectors[k].final_use;
    if (u != FinalUse::food && u != FinalUse::consumer) continue;
    price_growth_[k] = price_growth(price_growth_[k], demand_[k], supply_[k], d_.prices.adjustment, d_.prices.stickiness);
    market_price_[k] *= std::exp(price_growth_[k]);
  }
}

}  // namespace lightind::detail
