// lightind: phases of final sales — exports, state purchases, household purchases through
// the channels (state shops, department stores, factory wholesale shops, markets), prices.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <pcg_random.hpp>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "engine/parallel.hpp"
#include "policy/channels.hpp"
#include "policy/fx.hpp"
#include "policy/projects.hpp"
#include "policy/prices.hpp"
#include "policy/households.hpp"

namespace lightind::detail {

namespace {

/// Sums of `width` quantities over agents 0..n, in fixed blocks added in block order
/// (deterministic at any thread count, as block_sums): f(lo, hi, acc) adds the agents of the
/// block [lo, hi) into acc (a vector of `width` zeros), each sum in agent order.
template <class F>
std::vector<double> block_sums_n(size_t n, size_t width, F&& f) {
  std::vector<std::vector<double>> part(block_count(n));
  for_blocks(n, [&](size_t b, size_t lo, size_t hi) {
    std::vector<double> acc(width, 0.0);
    f(lo, hi, acc);
    part[b] = std::move(acc);
  });
  std::vector<double> total(width, 0.0);
  for (const auto& p : part)
    for (size_t k = 0; k < width; ++k) total[k] += p[k];
  return total;
}

/// `units` of sector k at the state retail price in force (InForce::retail_price), multiplied
/// in the order the single-price rule always did, so that a scenario without retail prices
/// keeps its series to the bit.
double at_retail(const InForce& d, size_t k, double units) {
  const SectorDesc& s = d.sectors[k];
  return s.retail_price ? units * *s.retail_price : units * s.state_price * (1.0 + d.state.retail_markup);
}

}  // namespace

void Economy::export_goods() {
  // Exports meet the foreign demand sanctions and the closure let through (plan_output);
  // a share of what sanctions cut still leaves unrecorded (sanctions_evasion). The state
  // pays producers at state prices and earns the export price in FX.
  const double rate = d_.world.exchange_rate;
  const double open = closure_factor_;  // share of cross-border traffic the closure allows
  double fx = 0.0, unrecorded = 0.0;
  for (int k = 0; k < n_; ++k) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
    const auto ks = static_cast<size_t>(k);
    const double foreign = foreign_demand(ks);
    if (foreign <= 0.0) continue;
    const double recorded = std::min(export_demand_[ks], final_available(k));
    const double sanctioned = open > 0.0 ? foreign * std::max(0.0, open - export_factor_[ks]) : 0.0;
    const double evaded = std::min(d_.world.sanctions_evasion * sanctioned, final_available(k) - recorded);
    const double x = recorded + std::max(0.0, evaded);
    stock_[ks] -= x;
    goods_[ks].exports = x;
    st_.exports_units[ks] = x;
    pay_sector(k, x * s.state_price, Flow::export_procurement);
    fx += recorded * s.export_price * rate;
    unrecorded += std::max(0.0, evaded) * s.export_price * rate;
  }
  st_.exports_goods_usd = fx / rate;
  post(Flow::exports, Institution::rest_of_world, Institution::state, fx);
  // Unrecorded inflows (docs/MODEL.md "The external account"): smuggled exports, earnings
  // outside goods exports (services, workers abroad; cut by the closure like exports), aid
  // and credit (not stopped by the closure).
  const double other = unrecorded + d_.world.other_fx_income * rate * open + d_.world.aid_inflow * rate;
  post(Flow::transfers, Institution::rest_of_world, Institution::state, other);
  fx_state_ += fx + other;
  fx_row_ -= fx + other;
  st_.inflows_usd = other / rate;
  st_.exports_usd = (fx + other) / rate;
  // Dollars households receive from outside (remittances, private earnings abroad,
  // smuggling) are sold to the state's banks at the market rate: the FX market's supply,
  // with the share of export earnings the trading companies sell there.
  const double priv = d_.world.private_inflows * open;
  if (priv > 0.0) {
    post(Flow::transfers, Institution::rest_of_world, Institution::state, priv * rate);
    fx_state_ += priv * rate;
    fx_row_ -= priv * rate;
    post(Flow::fx_sales, Institution::state, Institution::households, priv * market_fx_);
    state_money_ -= priv * market_fx_;
    st_.state_expenditure += priv * market_fx_;
    fx_inflow_won_ = priv * market_fx_;
    // Each household gets the same won per real household (no data on who receives).
    pay_households_alike(fx_inflow_won_);
  } else {
    fx_inflow_won_ = 0.0;
  }
  st_.inflows_usd += priv;
  st_.exports_usd += priv;
  st_.fx_supply_usd = priv + d_.world.fx_market_share * (fx + other) / rate;
  // Capital goods the plan imports, paid from reserves above a floor of other imports; cut
  // by sanctions on machinery and the closure (import_factor_).
  if (d_.world.capital_import_price > 0.0) {
    const double usd = policy::capital_imports_usd(d_.world.capital_imports, import_factor_, fx_state_ / rate,
                                                   st_.imports_usd + d_.world.consumer_imports, d_.world.reserve_floor_months);
    const double units = usd / d_.world.capital_import_price;
    fund_units_ += units;
    st_.capital_imports_units = units;
    post(Flow::imports, Institution::state, Institution::rest_of_world, usd * rate);
    fx_state_ -= usd * rate;
    fx_row_ += usd * rate;
    st_.imports_usd += usd;
    st_.imports_goods_usd += usd;
  }
  // Defence absorbs a share of FX earnings (imports for the army; not in recorded goods trade).
  const double defence_fx = std::min(d_.policy.defence_share * fx, std::max(0.0, fx_state_));
  post(Flow::imports, Institution::state, Institution::rest_of_world, defence_fx);
  fx_state_ -= defence_fx;
  fx_row_ += defence_fx;
  st_.imports_usd += defence_fx / rate;
}

// Value added per unit at base-year (opening) state prices: real, like gdp_real (section 14).
double Economy::unit_value_added(size_t k) const {
  const SectorDesc& sd = d_.sectors[k];
  double inputs = sd.import_per_unit * base_rate_;
  for (size_t i = 0; i < static_cast<size_t>(n_); ++i) inputs += d_.a_at(static_cast<int>(i), static_cast<int>(k)) * d_.sectors[i].base_price;
  return sd.base_price - inputs;
}

double Economy::national_income() const {
  double y = 0.0;
  for (size_t k = 0; k < static_cast<size_t>(n_); ++k) y += st_.output[k] * unit_value_added(k);
  return y;
}

double Economy::defence_take(int k) const {
  return std::min(d_.policy.defence_share * st_.output[static_cast<size_t>(k)], final_available(k));
}

void Economy::buy_state_goods() {
  // The accumulation rate (policy.accumulation_rate; docs/MODEL.md "The accumulation rate"):
  // the fund takes s x national income a month, from the capital goods on offer first (after
  // defence), the rest as state construction. Absent, the fund takes all the capital goods the
  // sectors deliver (the taut plan: Kornai 1980, ch. 9).
  policy::Accumulation acc;  // take 1, no construction
  if (d_.policy.accumulation_rate) {
    double offer = 0.0;
    for (int k = 0; k < n_; ++k) {
      const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
      if (s.final_use != FinalUse::capital) continue;
      const bool defence = d_.in_role(s, GroupRole::heavy) && d_.policy.defence_share > 0.0;
      offer += (final_available(k) - (defence ? defence_take(k) : 0.0)) * s.state_price;
    }
    acc = policy::accumulation(*d_.policy.accumulation_rate, national_income(), offer);
  }
  for (int k = 0; k < n_; ++k) {
    const SectorDesc& s = d_.sectors[static_cast<size_t>(k)];
    const auto ks = static_cast<size_t>(k);
    // Defence takes its share of heavy-industry output ("nuclear and economic development").
    if (d_.in_role(s, GroupRole::heavy) && d_.policy.defence_share > 0.0) {
      const double x = defence_take(k);
      stock_[ks] -= x;
      goods_[ks].state += x;
      st_.defence_units += x * s.base_price;
      pay_sector(k, x * s.state_price, Flow::state_procurement);
    }
    if (s.final_use == FinalUse::capital) {
      // Capital goods go into the investment fund, allocated by projects and the annual plan
      // (a share acc.take of them under an accumulation rate; the rest stays in stock).
      const double x = acc.take * final_available(k);
      stock_[ks] -= x;
      goods_[ks].investment = x;
      fund_units_ += x;
      st_.investment_units_total += x * s.base_price;
      pay_sector(k, x * s.state_price, Flow::investment_goods);
    } else if (s.final_use == FinalUse::public_use) {
      // Public services are bought by the budget and provided free.
      const double x = final_available(k);
      stock_[ks] -= x;
      goods_[ks].state += x;
      st_.public_units += x * s.base_price;
      pay_sector(k, x * s.state_price, Flow::state_procurement);
    }
  }
  // Accumulation beyond the capital goods on offer: state construction (labour and local
  // materials from households at market prices), paid by the budget; a deficit is covered by
  // the central bank in settle_budget (forced saving: Kornai 1980).
  if (acc.construction > 0.0) {
    const double premium = market_premium();
    state_construction(acc.construction * premium, premium);
  }
}

void Economy::consumer_imports(SalesMonth& m) {
  // Imported consumer goods (state trading companies): bought with FX, cut by sanctions and
  // the border closure, and sold with the state's goods, by the goods' price weights.
  const auto n = static_cast<size_t>(n_);
  const double rate = d_.world.exchange_rate;
  m.imported.assign(n, 0.0);
  double weight_total = 0.0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::consumer) weight_total += price_weight_[k];
  // Traders import more when the market price level rises against the market rate
  // (policy/fx.hpp); their dollars are part of the FX market's demand.
  const double wanted = policy::import_demand_usd(d_.world.consumer_imports, consumer_price_level(), market_fx_,
                                                  price_fx_ratio0_, d_.world.import_elasticity);
  const double usd = std::min(wanted * import_factor_, std::max(0.0, d_.world.import_share_of_fx * fx_state_ / rate));
  st_.fx_demand_usd += usd;
  st_.imports_goods_usd += usd;
  if (usd > 0.0 && weight_total > 0.0) {
    for (size_t k = 0; k < n; ++k) {
      if (d_.sectors[k].final_use != FinalUse::consumer) continue;
      // Units: USD at the opening official rate (base_rate_) over the base price: a dollar
      // buys the same goods abroad whatever the rate in force, so a devaluation does not
      // change the imported quantity (docs/MODEL.md "Imported consumer goods at the opening rate").
      m.imported[k] = usd * base_rate_ * price_weight_[k] / weight_total / d_.sectors[k].base_price;
      stock_[k] += m.imported[k];
      goods_[k].imports = m.imported[k];
    }
    post(Flow::imports, Institution::state, Institution::rest_of_world, usd * rate);
    fx_state_ -= usd * rate;
    fx_row_ += usd * rate;
    st_.imports_usd += usd;
    st_.consumer_imports_usd = usd;
  }
}

void Economy::offer_by_channel(SalesMonth& m) {
  const HouseholdsDesc& hd = d_.households;
  const auto n = static_cast<size_t>(n_);
  // Channels open this month: department stores and factory wholesale shops (policy/channels.hpp).
  m.channels = policy::channels_open(d_.channels, month_, ent_.size());

  // Supply of each final good: reformed enterprises sell (1 - state order share) of their
  // output at market; the rest goes to the state, which sells shop_share of it (and food
  // up to the ration) in state shops at state prices and the remainder at market prices.
  m.avail.assign(n, 0.0);
  m.state_shop.assign(n, 0.0);
  m.market_ent.assign(n, 0.0);
  m.market_state.assign(n, 0.0);
  m.weight.assign(ent_.size(), 0.0);  // reformed enterprises' market-sales weights
  m.weight_sum.assign(n, 0.0);
  const double sigma_ces = hd.variety_elasticity;
  for (int k = 0; k < n_; ++k) {
    const auto ks = static_cast<size_t>(k);
    const FinalUse u = d_.sectors[ks].final_use;
    if (u != FinalUse::food && u != FinalUse::consumer) continue;
    m.avail[ks] = final_available(k);
    double reformed_output = 0.0, weight_sum = 0.0;
    for (const SectorRun& run : sector_runs_of_[ks])
      for (size_t ei = run.begin; ei < run.end; ++ei) {
        if (!reformed(ei)) continue;
        const double sigma_order = terms(ei).state_order_share;
        reformed_output += (1.0 - sigma_order) * ent_.output[ei];
        // Reputation and quality move market share (fairs, brands): CES weight theta^(sigma-1).
        m.weight[ei] = policy::market_weight(sigma_order, ent_.output[ei], ent_.quality[ei], ent_.reputation[ei], sigma_ces);
        // The sum settle_sales shares the sector's sales by; the members left out have weight
        // +0.0, whose addition leaves a sum from +0.0 unchanged.
        weight_sum += m.weight[ei];
      }
    m.weight_sum[ks] = weight_sum;
    market_fraction_[ks] = policy::market_fraction(reformed_output, st_.output[ks]);
    m.market_ent[ks] = m.avail[ks] * market_fraction_[ks];
    const double to_state = m.avail[ks] - m.market_ent[ks];
    m.state_shop[ks] = policy::state_shop_units(u == FinalUse::consumer, to_state, d_.state.shop_share);
  }
  // Food through state shops is the ration (the public distribution system).
  double state_food = 0.0, state_food_value = 0.0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::food) {
      state_food += m.state_shop[k];
      state_food_value += at_retail(d_, k, m.state_shop[k]);
    }
  // The ration reaches the persons of the regions the state still ships to (ration_cut
  // shocks: the PDS's triage, issue 12 item 4); the food it does not ship goes to market.
  m.ration_served = 0.0;
  for (size_t r = 0; r < population_r_.size(); ++r) m.ration_served += population_r_[r] * ration_factor_[r];
  m.ration_pp = policy::ration_per_person(d_.state.ration_food, state_food, m.ration_served);
  m.p_ration = state_food > 0 ? state_food_value / state_food : 0.0;
  const double ration_fill = state_food > 0 ? m.ration_pp * m.ration_served / state_food : 0.0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::food) {
      m.market_state[k] = m.state_shop[k] * (1.0 - ration_fill);
      m.state_shop[k] -= m.market_state[k];
    } else if (d_.sectors[k].final_use == FinalUse::consumer) {
      m.market_state[k] = m.avail[k] - m.market_ent[k] - m.state_shop[k];
    }
  // The state-shop bundle of consumer goods: the same per person for everyone.
  m.shop_value_pp = 0.0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::consumer)
      m.shop_value_pp += at_retail(d_, k, m.state_shop[k]) / population_;

  // Market food: one composite at the supply-weighted market price.
  m.food_market_supply = 0.0;
  double food_market_value = 0.0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::food) {
      m.food_market_supply += m.market_ent[k] + m.market_state[k];
      food_market_value += (m.market_ent[k] + m.market_state[k]) * market_price_[k];
    }
  m.p_food = m.food_market_supply > 0 ? food_market_value / m.food_market_supply : 0.0;
  if (m.p_food <= 0.0) {  // no enterprise or state food at market: the plots set the price
    double w = 0.0;
    for (size_t k = 0; k < n; ++k)
      if (d_.sectors[k].final_use == FinalUse::food) {
        m.p_food += market_price_[k] * price_weight_[k];
        w += price_weight_[k];
      }
    m.p_food = w > 0 ? m.p_food / w : 0.0;
  }

  // Consumer goods at market: CES shares over sectors with their varieties and quality.
  std::vector<double> varieties, theta, theta_w;
  m.shares.assign(n, 0.0);
  sector_offer(varieties, theta, theta_w);
  for (size_t k = 0; k < n; ++k) {
    if (d_.sectors[k].final_use != FinalUse::consumer || m.market_ent[k] + m.market_state[k] <= 0.0) varieties[k] = 0.0;
  }
  ces_shares(varieties, theta, market_price_, sigma_ces, m.shares);

  // What a household does with its budget: the month's prices and supplies.
  const double size = hd.household_size;
  HouseholdMonth& h = m.household;
  h.consume_share = hd.consume_share;
  h.need = hd.food_need * size;
  h.satiation = std::max(hd.food_satiation, hd.food_need) * size;
  h.engel = hd.food_engel_share;
  h.ration = m.ration_pp * size;
  h.p_food = m.p_food;
  // Invariants of the month, hoisted out of the per-household plan (one division each).
  const double ration_cost = m.ration_pp * size * m.p_ration;  // the full ration, won per household
  h.state_cost = ration_cost + m.shop_value_pp * size;          // ration and shop bundle
  h.inv_state_cost = h.state_cost > 0 ? 1.0 / h.state_cost : 0.0;
  h.inv_p_food = m.p_food > 0 ? 1.0 / m.p_food : 0.0;
  const double plot = hd.plot_food * size;
  m.crop_of_region.assign(crop_factor_.size(), 0.0);
  for (size_t r = 0; r < m.crop_of_region.size(); ++r) m.crop_of_region[r] = plot * crop_factor_[r];
  // Regional food markets (issue 12, item 4): each region's households face its own food
  // price, the national market food price times the region's relative price.
  m.household_r.assign(food_rel_.size(), h);
  for (size_t r = 0; r < food_rel_.size(); ++r) {
    HouseholdMonth& hr = m.household_r[r];
    hr.ration = h.ration * ration_factor_[r];
    hr.state_cost = ration_cost * ration_factor_[r] + m.shop_value_pp * size;
    hr.inv_state_cost = hr.state_cost > 0 ? 1.0 / hr.state_cost : 0.0;
    m.household_r[r].p_food = m.p_food * food_rel_[r];
    m.household_r[r].inv_p_food = m.household_r[r].p_food > 0 ? 1.0 / m.household_r[r].p_food : 0.0;
  }
}

void Economy::food_weights() {
  // Where the market food of enterprises and the state is sold: in the regions that produce
  // food (final use food), by their output this month at state prices (crop losses in a
  // region cut its share); by population when no food is produced.
  std::fill(food_region_weight_.begin(), food_region_weight_.end(), 0.0);
  double total = 0.0;
  for (const SectorRun& run : sector_runs_) {
    const SectorDesc& s = d_.sectors[run.sector];
    if (s.final_use != FinalUse::food) continue;
    // Enterprises come in long runs of one region (generators add them region by region): the
    // region's sum stays in a register over its run, each value added in enterprise order as
    // before, so the sums are the same bit for bit.
    size_t r = static_cast<size_t>(ent_.region[run.begin]);
    double in_r = food_region_weight_[r];
    for (size_t e = run.begin; e < run.end; ++e) {
      const auto re = static_cast<size_t>(ent_.region[e]);
      if (re != r) {
        food_region_weight_[r] = in_r;
        r = re;
        in_r = food_region_weight_[r];
      }
      const double v = ent_.output[e] * s.base_price;
      in_r += v;
      total += v;
    }
    food_region_weight_[r] = in_r;
  }
  if (total <= 0.0) food_region_weight_ = population_r_;
}

void Economy::household_income(SalesMonth& m) {
  // Pass 1: income shares. Each household's share of income is its ability times a monthly
  // shock; traders share the market margins. One pcg32 stream per fixed block keeps the
  // draws independent of the thread count. Wages by work go to the workers of the firm that
  // earned them (issue 12, item 4): a worker's household earns its share times its own
  // employer's pay per worker (policy::income_by_work), scaled so that the month's whole
  // wage bill is paid out.
  const auto month_key = static_cast<std::uint64_t>(month_) * 0x9E3779B97F4A7C15ULL;
  std::vector<double>& employer_wage = employer_wage_;  // won per worker, by employer + 1 (each set below)
  employer_wage.resize(ent_.size() + 1);
  employer_wage[0] = public_workers_ > 0 ? public_bill_ / public_workers_ : 0.0;
  policy::quotient_where_positive(ent_paid_, ent_.workforce, std::span<double>(employer_wage).subspan(1));
  auto wage_of = [&](size_t i) { return employer_wage[static_cast<size_t>(hh_.employer[i] + 1)]; };
  std::vector<std::array<double, 3>> part(block_count(hh_.size()));
  for_blocks(hh_.size(), [&](size_t b, size_t lo, size_t hi) {
    pcg32 rng(seed_ ^ month_key, b);
    // The three sums in registers, each agent's term selected with a mask (policy::if_else_zero):
    // a sum indexed by the traders' flag lived on the stack, every addition waiting on the
    // last one's store. The terms are >= 0 and the sums start at +0.0, so adding +0.0 where
    // nothing was added before leaves them the same, bit for bit.
    double s0 = 0.0, s1 = 0.0, s2 = 0.0;
    const double* ability = hh_.ability.data();
    const double* weight = hh_.weight.data();
    const std::uint8_t* trader = hh_.trader.data();
    double* share = hh_.share.data();
    for (size_t i = lo; i < hi; ++i) {
      share[i] = ability[i] * tabulated_shock(shock_table_, static_cast<double>(rng()) * 0x1p-32);
      const double sw = share[i] * weight[i];
      const bool works = trader[i] == 0;
      s0 += policy::if_else_zero(works, sw);
      s1 += policy::if_else_zero(!works, sw);
      s2 += policy::if_else_zero(works, sw * wage_of(i));
    }
    part[b] = {s0, s1, s2};
  });
  std::array<double, 2>& share_total = m.share_total;
  share_total = {};
  double weighted_wages = 0.0;
  for (const auto& p : part) {
    share_total[0] += p[0];
    share_total[1] += p[1];
    weighted_wages += p[2];
  }
  const double bill = st_.wage_bill;
  const double lambda = policy::work_scale(bill, weighted_wages);
  const double size = d_.households.household_size;
  const size_t nr = food_rel_.size();

  // Pass 2: income arrives; plans at full supply, at the region's food price.
  // acc: 0 ration units, 1 shop bundle share x people, 2 plot food offered, 3 market food wanted,
  //      4 consumer budget, 5 state-shop spending; then per region: 6 + 2 r plot food
  //      offered, 7 + 2 r market food wanted
  // The pass runs over the runs of one region and kind (hh_runs_), keeping the sums in
  // registers in agent order: the same additions in the same order as one sum per agent.
  const std::vector<double>& crop_of_region = m.crop_of_region;
  // How the wage bill reaches households this month (the same rule for every agent): by
  // work, by income share among the non-traders, or by income share among everyone.
  const int pay_rule = lambda > 0 ? 0 : (share_total[0] > 0 ? 1 : 2);
  const double* share = hh_.share.data();
  const double* weight = hh_.weight.data();
  const std::uint8_t* trader = hh_.trader.data();
  const std::int32_t* employer = hh_.employer.data();
  const double* pay = employer_wage.data() + 1;  // pay[employer]: won per worker; pay[-1]: the budget's
  double* cash = hh_.cash.data();
  PlanOfMonth& plan = hh_plan_;
  for (std::vector<double>* v : {&plan.held, &plan.offered, &plan.want, &plan.consumer_budget, &plan.spent_state})
    v->resize(hh_.size());
  const std::vector<double> want = block_sums_n(hh_.size(), 6 + 2 * nr, [&](size_t lo, size_t hi, std::vector<double>& acc) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    for_runs_in(hh_runs_, lo, hi, [&](size_t i0, size_t i1, const HouseholdRun& run) {
      const HouseholdMonth& h = m.household_r[run.region];
      const double crop = run.urban ? 0.0 : crop_of_region[run.region];
      double offered_r = acc[6 + 2 * run.region], want_r = acc[7 + 2 * run.region];
      for (size_t i = i0; i < i1; ++i) {
        // Wages go to the households that are not traders (to all by share when no worker's
        // employer paid anything, or every agent trades). The traders' flag selects with a mask
        // (policy::if_else_zero: a trader adds +0.0, as before), not a branch: 584,401
        // mispredictions in this pass on the reference run before, 7,295 after (callgrind).
        if (pay_rule == 0)
          cash[i] += policy::if_else_zero(trader[i] == 0, policy::income_by_work(share[i], pay[employer[i]], lambda));
        else if (pay_rule == 1)
          cash[i] += policy::if_else_zero(trader[i] == 0, bill * share[i] / share_total[0]);
        else
          cash[i] += bill * share[i] / share_total[1];
        const HouseholdPlan p = household_plan(h, cash[i], crop);
        plan.held[i] = p.ration + p.own;
        plan.offered[i] = p.offered;
        plan.want[i] = p.want;
        plan.consumer_budget[i] = p.consumer_budget;
        plan.spent_state[i] = p.spent_state;
        const double w = weight[i];
        a0 += p.ration * w;
        a1 += p.shop * size * w;
        a2 += p.offered * w;
        a3 += p.want * w;
        a4 += p.consumer_budget * w;
        a5 += p.spent_state * w;
        offered_r += p.offered * w;
        want_r += p.want * w;
      }
      acc[6 + 2 * run.region] = offered_r;
      acc[7 + 2 * run.region] = want_r;
    });
    acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3, acc[4] = a4, acc[5] = a5;
  });
  for (size_t k = 0; k < 6; ++k) m.want[k] = want[k];
  m.food_offered.assign(nr, 0.0);
  m.food_want.assign(nr, 0.0);
  for (size_t r = 0; r < nr; ++r) {
    m.food_offered[r] = want[6 + 2 * r];
    m.food_want[r] = want[7 + 2 * r];
  }
}

void Economy::food_market(SalesMonth& m) {
  // Regional food markets (issue 12, item 4). The market food of enterprises and the state is
  // sold where it is produced (food_weights); with the plots' food it is each region's supply.
  // Traders move food from cheap to dear regions up to the price gap minus the transport cost
  // (policy::regional_trade; the closure raises the cost); then each region's market clears
  // by proportional rationing of its buyers or sellers.
  const size_t nr = food_rel_.size();
  food_weights();
  double wsum = 0.0;
  for (double w : food_region_weight_) wsum += w;
  std::vector<double> price(nr), supply(nr);
  m.food_alloc.assign(nr, 0.0);
  for (size_t r = 0; r < nr; ++r) {
    m.food_alloc[r] = wsum > 0 ? m.food_market_supply * food_region_weight_[r] / wsum : 0.0;
    supply[r] = m.food_alloc[r] + m.food_offered[r];
    price[r] = m.household_r[r].p_food;
  }
  const double tau = policy::transport_cost(d_.prices.food_transport_cost, closure_factor_);
  m.food_net_in = policy::regional_trade(price, supply, m.food_want, tau);
  m.buyer_fill_r.assign(nr, 0.0);
  m.seller_fill_r.assign(nr, 0.0);
  double alloc_sold = 0.0, alloc_value = 0.0, alloc = 0.0;
  m.arbitrage_income = 0.0;
  m.offered_total = 0.0;
  double sold_total = 0.0;
  std::vector<double> after(nr);
  for (size_t r = 0; r < nr; ++r) {
    after[r] = supply[r] + m.food_net_in[r];
    const double sold = std::min(after[r], m.food_want[r]);
    m.buyer_fill_r[r] = ration_factor(after[r], m.food_want[r]);
    // Local sellers sell what the region buys less what came in, plus what went out.
    m.seller_fill_r[r] = supply[r] > 0 ? std::clamp((sold - m.food_net_in[r]) / supply[r], 0.0, 1.0) : 0.0;
    alloc += m.food_alloc[r];
    alloc_sold += m.food_alloc[r] * m.seller_fill_r[r];
    alloc_value += m.food_alloc[r] * m.seller_fill_r[r] * price[r];
    // Traders buy at the origin's price and sell at the destination's: their gain.
    m.arbitrage_income += m.food_net_in[r] * price[r];
    m.offered_total += supply[r];
    sold_total += sold;
  }
  m.seller_fill = alloc > 0 ? alloc_sold / alloc : 0.0;
  m.p_food_sellers = alloc_sold > 0 ? alloc_value / alloc_sold : m.p_food;
  m.buyer_fill = ration_factor(m.offered_total, m.want[3]);
  // Each region's price moves with its own excess demand after trade, relative to the
  // national market food price (whose level adjust_prices sets): the relative prices keep a
  // supply-weighted mean of 1, so the national price stays the mean of the regional ones.
  double rel_w = 0.0, rel_sum = 0.0;
  for (size_t r = 0; r < nr; ++r) {
    food_growth_[r] = price_growth(food_growth_[r], m.food_want[r], after[r], d_.prices.adjustment, d_.prices.stickiness);
    food_rel_[r] *= std::exp(food_growth_[r]);
    rel_w += after[r];
    rel_sum += after[r] * food_rel_[r];
  }
  if (rel_w > 0.0 && rel_sum > 0.0)
    for (double& v : food_rel_) v *= rel_w / rel_sum;
}

void Economy::consumer_goods_market(SalesMonth& m) {
  // Consumer goods at market: demand by CES shares of the households' consumer budgets,
  // served in proportion when supply falls short.
  const auto n = static_cast<size_t>(n_);
  m.fill_avg = 0.0;
  m.consumer_sold.assign(n, 0.0);
  for (size_t k = 0; k < n; ++k) {
    demand_[k] = supply_[k] = 0.0;
    if (m.shares[k] <= 0.0) continue;
    const double supply = m.market_ent[k] + m.market_state[k];
    const double demand = m.shares[k] * m.want[4] / market_price_[k];
    const double fill = ration_factor(supply, demand);
    m.consumer_sold[k] = demand * fill;
    m.fill_avg += m.shares[k] * fill;
    demand_[k] = demand;
    supply_[k] = supply;
  }
}

void Economy::settle_sales(const SalesMonth& m, bool keep_food) {
  const double margin = d_.prices.market_margin;
  const double p_food = m.p_food_sellers;  // what enterprises and the state get, by region of sale
  const std::array<double, 6>& want = m.want;
  // Sellers: reformed enterprises (by their market weights, less channel margins), the
  // state's commercial shops, and plot sellers; the traders' margins form their income.
  double to_state = 0.0, to_enterprises = 0.0;
  // Traders' margins on plot food sold in each region, and their gain on food moved between regions.
  double trader_pool = m.arbitrage_income;
  for (size_t r = 0; r < m.food_offered.size(); ++r)
    trader_pool += m.food_offered[r] * m.seller_fill_r[r] * m.household_r[r].p_food * margin;
  for (int k = 0; k < n_; ++k) {
    const auto ks = static_cast<size_t>(k);
    const SectorDesc& s = d_.sectors[ks];
    if (s.final_use != FinalUse::food && s.final_use != FinalUse::consumer) continue;
    const double supply_k = m.market_ent[ks] + m.market_state[ks];
    double sold_k = 0.0, price = market_price_[ks], shop_units = 0.0;
    if (s.final_use == FinalUse::food) {
      sold_k = supply_k * m.seller_fill;
      price = p_food;
      shop_units = m.ration_pp > 0 && m.ration_served > 0 ? m.state_shop[ks] * want[0] / (m.ration_pp * m.ration_served) : 0.0;
      demand_[ks] = want[3];
      supply_[ks] = m.offered_total;
    } else {
      sold_k = m.consumer_sold[ks];
      shop_units = m.state_shop[ks] * (population_ > 0 ? want[1] / population_ : 0.0);
    }
    const double ent_units = supply_k > 0 ? sold_k * m.market_ent[ks] / supply_k : 0.0;
    const double state_units = sold_k - ent_units;
    // Reformed enterprises: revenue by their market weights, less channel margins.
    double ent_revenue = 0.0;
    if (ent_units > 0.0) {
      const double wsum = m.weight_sum[ks];  // offer_by_channel's sum, in member order
      // The statistics' sums in registers along the loop (each in member order, as before).
      double sum_wholesale = st_.sales_wholesale, sum_department = st_.sales_department, sum_markets = st_.sales_markets;
      for (const SectorRun& run : sector_runs_of_[ks])
        for (size_t ei = run.begin; ei < run.end; ++ei) {
          if (m.weight[ei] <= 0.0) continue;
          const double gross = ent_units * price * m.weight[ei] / wsum;
          // Wholesalers buying at the factory shop and market traders keep their margins;
          // department stores keep theirs for the state.
          const policy::ChannelSale sale = policy::sell_by_channel(gross, m.channels.own_shop[ei], m.channels.own_margin[ei],
                                                                   m.channels.dept_share, m.channels.dept_margin, margin);
          trader_pool += sale.traders;
          ent_.cash[ei] += sale.net;
          ent_.revenue[ei] += sale.net;
          ent_.market_sales[ei] += gross;
          ent_revenue += sale.net;
          sum_wholesale += sale.wholesale;
          sum_department += sale.department;
          sum_markets += sale.markets;
          to_state += sale.state;
        }
      st_.sales_wholesale = sum_wholesale, st_.sales_department = sum_department, st_.sales_markets = sum_markets;
    }
    to_enterprises += ent_revenue;
    // The state's goods sold at market: its trading network hands them to traders at the
    // state price (with the retail mark-up), and the traders keep the rest of the market
    // price (at least their margin): the rent of the dual track goes to those who trade
    // (Lau, Qian and Roland 2000; Kornai 1992, ch. 19 on the second economy), so the won
    // spent at market stay in circulation instead of piling up in the budget.
    const double wholesale = std::min(d_.retail_price(ks), price * (1.0 - margin));
    to_state += state_units * wholesale;
    trader_pool += state_units * (price - wholesale);
    st_.sales_markets += state_units * price;
    // Goods leave stocks; the state pays producers at state prices for what it sold.
    const double units = sold_k + shop_units;
    stock_[ks] -= units;
    goods_[ks].households = units;
    st_.household_units[ks] = units;
    st_.household_spending_base += units * s.base_price;
    // The state pays producers for the domestic part of what it sold (imports are its own).
    const double state_pool = m.avail[ks] - m.market_ent[ks];
    const double domestic = state_pool > 0 ? std::max(0.0, 1.0 - m.imported[ks] / state_pool) : 1.0;
    pay_sector(k, (state_units + shop_units) * domestic * s.state_price, Flow::state_procurement);
  }
  // Pass 3: purchases happen at the region's food price; plot sellers and traders are paid.
  // acc: 0 state-shop spending, 1 market spending, 2 food units, 3 plot revenue, 4 trader
  //      income; per region 5 + r food units
  const std::array<double, 2>& share_total = m.share_total;
  const double fill_avg = m.fill_avg;
  const size_t nr = food_rel_.size();
  // As in household_income, over the runs of one region and kind with the sums in registers
  // in agent order.
  const double* share = hh_.share.data();
  const double* weight = hh_.weight.data();
  const std::uint8_t* trader = hh_.trader.data();
  double* cash = hh_.cash.data();
  const bool traders_trade = share_total[1] > 0;
  const PlanOfMonth& plan = hh_plan_;
  // For count_hardship beside the later phases: each agent's food (keep_food, see there).
  if (keep_food) hh_food_.resize(hh_.size());
  double* eaten = hh_food_.data();
  const std::vector<double> done = block_sums_n(hh_.size(), 5 + nr, [&](size_t lo, size_t hi, std::vector<double>& acc) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;
    for_runs_in(hh_runs_, lo, hi, [&](size_t i0, size_t i1, const HouseholdRun& run) {
      const size_t r = run.region;
      const HouseholdMonth& h = m.household_r[r];
      const double buyer_fill = m.buyer_fill_r[r];
      double food_r = acc[5 + r];
      for (size_t i = i0; i < i1; ++i) {
        // The plan pass 2 made (hh_plan_): the same cash, prices and crop.
        const double p_want = plan.want[i], p_spent_state = plan.spent_state[i];
        const double market_food = p_want * buyer_fill;
        const double market = market_food * h.p_food + plan.consumer_budget[i] * fill_avg;
        const double plot_revenue = plan.offered[i] * m.seller_fill_r[r] * h.p_food * (1.0 - margin);
        // With no traders among the agents, the margins go to everyone by income share.
        // The traders' flag differs from one agent to the next: selected with a mask, not a
        // branch (policy::if_else_zero, the same value bit for bit).
        const double trade = traders_trade ? policy::if_else_zero(trader[i] != 0, trader_pool * share[i] / share_total[1])
                                           : trader_pool * share[i] / share_total[0];
        cash[i] += plot_revenue + trade - p_spent_state - market;
        const double w = weight[i];
        a0 += p_spent_state * w;
        a1 += market * w;
        const double food = plan.held[i] + market_food;
        if (keep_food) eaten[i] = food;
        a2 += food * w;
        a3 += plot_revenue * w;
        a4 += trade * w;
        food_r += food * w;
      }
      acc[5 + r] = food_r;
    });
    acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3, acc[4] = a4;
  });
  st_.food_units = done[2];
  for (size_t r = 0; r < nr; ++r) food_pc_r_[r] = population_r_[r] > 0 ? done[5 + r] / population_r_[r] : 0.0;
  st_.household_spending = done[0] + done[1];

  // Money. State shops: households pay the state. Market: each seller is paid its share of
  // what was sold; the traders' margin and the department stores' margin are taken out.
  post(Flow::state_retail, Institution::households, Institution::state, done[0]);
  state_money_ += done[0];
  st_.state_revenue += done[0];
  st_.sales_state_shops = done[0];
  // Household to household: plot food and trade margins (nets to zero in the column).
  post(Flow::market_sales, Institution::households, Institution::households, done[3] + done[4]);
  st_.sales_plots = done[3];
  st_.trader_income = done[4];
  post(Flow::market_sales, Institution::households, Institution::enterprises, to_enterprises);
  post(Flow::market_sales, Institution::households, Institution::state, to_state);
  state_money_ += to_state;
  st_.state_revenue += to_state;
}

void Economy::count_hardship(const std::vector<double>& buyer_fill_r, bool from_food) {
  // Food consumption is spread lognormally within each household class (an agent: its region,
  // employer and income), FAO's method: persons in hardship (below subsistence) and
  // undernourished (below the minimum dietary energy requirement), by region. It only observes
  // (record reads it), so step() runs it beside its later phases when the run has a second
  // thread. Each agent's food is what settle_sales' pass 3 found: its ration and own food
  // (hh_plan_.held) and the market food it wanted (hh_plan_.want) as far as its region's
  // buyers were served (buyer_fill_r). On one thread it is computed again here the same way
  // (the same value, bit for bit), which is cheaper than writing it out and reading it back;
  // beside, pass 3 wrote it to hh_food_ (`from_food`), which keeps this task off the arrays
  // the next month writes (reading them on the other core made household_income 30 % slower:
  // its writes had to take the lines back).
  // acc: 0 persons in hardship, 1 undernourished; per region 2 + 2 r, 3 + 2 r
  const HouseholdsDesc& hd = d_.households;
  const double size = hd.household_size;
  const policy::LognormalShares below_subsistence(hd.consumption_cv, hd.subsistence),
      below_mder(hd.consumption_cv, hd.mder);
  const double hard_at_zero = below_subsistence(0.0), under_at_zero = below_mder(0.0);
  const size_t nr = food_rel_.size();
  const double* weight = hh_.weight.data();
  const double* held = hh_plan_.held.data();
  const double* want = hh_plan_.want.data();
  const double* eaten = hh_food_.data();
  const std::vector<double> n = block_sums_n(hh_.size(), 2 + 2 * nr, [&](size_t lo, size_t hi, std::vector<double>& acc) {
    double a0 = 0, a1 = 0;
    for_runs_in(hh_runs_, lo, hi, [&](size_t i0, size_t i1, const HouseholdRun& run) {
      const size_t r = run.region;
      const double buyer_fill = buyer_fill_r[r];
      double hard_r = acc[2 + 2 * r], under_r = acc[3 + 2 * r];
      for (size_t i = i0; i < i1; ++i) {
        const double food = from_food ? eaten[i] : held[i] + want[i] * buyer_fill;  // pass 3's, bit for bit
        const double persons = size * weight[i];
        const double log_food = food > 0.0 ? std::log(food / size) : 0.0;
        const double hard = persons * (food > 0.0 ? below_subsistence.of_log(log_food) : hard_at_zero);
        const double under = persons * (food > 0.0 ? below_mder.of_log(log_food) : under_at_zero);
        a0 += hard;
        a1 += under;
        hard_r += hard;
        under_r += under;
      }
      acc[2 + 2 * r] = hard_r;
      acc[3 + 2 * r] = under_r;
    });
    acc[0] = a0, acc[1] = a1;
  });
  st_.hardship_people = n[0];
  undernourished_people_ = n[1];
  for (size_t r = 0; r < nr; ++r) {
    hardship_r_[r] = n[2 + 2 * r];
    undernourished_r_[r] = n[3 + 2 * r];
  }
}

void Economy::household_runs() {
  hh_runs_.clear();
  for (size_t i = 0; i < hh_.size(); ++i) {
    const auto r = static_cast<size_t>(hh_.region[i]);
    const bool urban = hh_.urban[i] != 0;
    if (hh_runs_.empty() || hh_runs_.back().region != r || hh_runs_.back().urban != urban)
      hh_runs_.push_back({i, i, r, urban});
    hh_runs_.back().end = i + 1;
  }
  hh_weight_total_ = 0.0;
  for (double w : hh_.weight) hh_weight_total_ += w;
}

void Economy::adjust_prices() {
  // Market prices move with excess demand and toward unit cost x (1 + mark-up)
  // (policy/prices.hpp). Unit cost on the dual track: inputs with a market (food, consumer
  // goods) at market prices, planned inputs at state prices, imported inputs at the market
  // rate, labour at what a worker earns this month (wages and market income per worker).
  const auto n = static_cast<size_t>(n_);
  const double workers = st_.workers > 0.0 ? st_.workers : 1.0;
  const double wage = (st_.wage_bill + st_.trader_income + st_.sales_plots + fx_inflow_won_) / workers;
  market_wage_ = wage;
  std::vector<double> input_price(n), a(n);
  for (size_t i = 0; i < n; ++i) {
    const FinalUse u = d_.sectors[i].final_use;
    input_price[i] = (u == FinalUse::food || u == FinalUse::consumer) ? market_price_[i] : d_.sectors[i].state_price;
  }
  for (size_t k = 0; k < n; ++k) {
    const FinalUse u = d_.sectors[k].final_use;
    if (u != FinalUse::food && u != FinalUse::consumer) continue;
    for (size_t i = 0; i < n; ++i) a[i] = d_.a_at(static_cast<int>(i), static_cast<int>(k));
    const double cost = policy::unit_cost(a, input_price, d_.sectors[k].import_per_unit, market_fx_,
                                          d_.sectors[k].labour_per_unit, wage);
    price_growth_[k] = policy::cost_price_growth(price_growth_[k], demand_[k], supply_[k], d_.prices.adjustment,
                                                 d_.prices.stickiness, market_price_[k], cost, d_.prices.markup,
                                                 d_.prices.cost_pull);
    market_price_[k] *= std::exp(price_growth_[k]);
  }
}

}  // namespace lightind::detail
