// lightind: the engine's construction, the monthly step and the ledger postings. The
// phases themselves are in phases_*.cpp; the indicators in record.cpp.
#include "engine/economy.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>

#include <pcg_random.hpp>

#include "engine/behaviour.hpp"
#include "engine/parallel.hpp"

namespace lightind::detail {

namespace {

/// Standard normal draw by Box-Muller from two pcg32 uniforms.
double normal(pcg32& rng) {
  const double u1 = (static_cast<double>(rng()) + 1.0) / 4294967297.0;
  const double u2 = static_cast<double>(rng()) / 4294967296.0;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double uniform(pcg32& rng) { return static_cast<double>(rng()) / 4294967296.0; }

}  // namespace

Economy::Economy(const Description& d, std::uint64_t seed)
    : d_(d), seed_(seed), month_(d.start.index() - d.spin_up_months), n_(d.n_sectors()), policy_(d.policy) {
  const auto n = static_cast<size_t>(n_);
  by_sector_.assign(n, {});
  ration_food_ = d.state.ration_food;
  shock_table_ = lognormal_table(d.households.income_shock, 4096);
  for (const SectorDesc& s : d.sectors) monthly_keep_.push_back(s.depreciation > 0.0 ? std::pow(1.0 - s.depreciation, 1.0 / 12.0) : 1.0);

  // Labour force; the budget pays a share of it, the rest staffs the enterprises.
  for (const RegionDesc& r : d.regions)
    labour_force_ += r.population / d.households.household_size * d.households.workers_per_household;
  public_workers_ = d.state.public_employment * labour_force_;

  // Enterprises, staffed for their potential output as far as the labour force allows.
  const size_t ne = d.enterprises.size();
  ent_.sector.resize(ne);
  ent_.region.resize(ne);
  ent_.local.resize(ne);
  ent_.regime.assign(ne, static_cast<std::uint8_t>(Regime::command));
  ent_.reform_month.assign(ne, INT32_MAX);
  for (auto* v : {&ent_.capacity, &ent_.base_efficiency, &ent_.incentive_gain, &ent_.guidance_boost, &ent_.automation,
                  &ent_.quality, &ent_.varieties, &ent_.reputation, &ent_.endowment_use, &ent_.development_share,
                  &ent_.workforce, &ent_.wage, &ent_.wage_fund, &ent_.dev_pay, &ent_.bonus_paid, &ent_.cash, &ent_.output, &ent_.market_sales,
                  &ent_.revenue, &ent_.cost})
    v->assign(ne, 0.0);
  // New builds have no capacity until their project completes.
  std::vector<std::uint8_t> new_build(ne, 0);
  for (const ProjectDesc& p : d.projects)
    if (p.new_build) new_build[static_cast<size_t>(p.enterprise)] = 1;
  pcg32 reform_rng(seed, 0xbeefULL);
  std::vector<double> potential(n, 0.0);
  for (size_t e = 0; e < ne; ++e) {
    const EnterpriseDesc& ed = d.enterprises[e];
    const SectorDesc& sd = d.sectors[static_cast<size_t>(ed.sector)];
    const RegionDesc& rd = d.regions[static_cast<size_t>(ed.region)];
    ent_.sector[e] = ed.sector;
    ent_.region[e] = ed.region;
    ent_.local[e] = ed.level == Level::local ? 1 : 0;
    ent_.capacity[e] = new_build[e] ? 0.0 : ed.capacity;
    ent_.base_efficiency[e] = ed.efficiency;
    ent_.automation[e] = ed.automation;
    ent_.quality[e] = ed.quality;
    ent_.varieties[e] = ed.varieties;
    ent_.reputation[e] = ed.reputation;
    ent_.wage[e] = d.state.state_wage;
    ent_.development_share[e] = d.reform.development_share;
    // "Relying on the mountains, relying on the sea": local factories draw part of their
    // materials from their region's best endowment.
    if (ent_.local[e]) ent_.endowment_use[e] = *std::max_element(rd.endowment.begin(), rd.endowment.end());
    // The reform reaches eligible enterprises at dates spread over the phase-in.
    const double u = uniform(reform_rng);
    if (d.reform.enabled && ed.reform && d.reform.groups[static_cast<size_t>(sd.group)])
      ent_.reform_month[e] = d.reform.start.index() + static_cast<int>(std::floor(u * d.reform.phase_in_months));
    const double q = potential_output(ent_.capacity[e], ed.efficiency);
    ent_.workforce[e] = labour_per_unit(sd.labour_per_unit, ed.automation, d.automation_saving) * q;
    potential[static_cast<size_t>(ed.sector)] += q;
    by_sector_[static_cast<size_t>(ed.sector)].push_back(static_cast<int>(e));
  }
  double need = 0.0;
  for (double w : ent_.workforce) need += w;
  const double staffing = ration_factor(labour_force_ - public_workers_, need);
  for (double& w : ent_.workforce) w *= staffing;

  // Goods: opening inventories, the intermediate reserve, market prices.
  stock_.assign(n, 0.0);
  reserve_.assign(n, 0.0);
  market_price_.assign(n, 0.0);
  price_growth_.assign(n, 0.0);
  material_factor_.assign(n, 1.0);
  import_ration_.assign(n, 1.0);
  import_raw_.assign(n, 1.0);
  demand_.assign(n, 0.0);
  supply_.assign(n, 0.0);
  price_weight_.assign(n, 0.0);
  market_fraction_.assign(n, 0.0);
  export_factor_.assign(n, 1.0);
  crop_factor_.assign(d.regions.size(), 1.0);
  varieties0_.assign(n, 0.0);
  for (size_t e = 0; e < ne; ++e)
    if (ent_.capacity[e] > 0.0) varieties0_[static_cast<size_t>(ent_.sector[e])] += ent_.varieties[e];
  double consumer_value = 0.0;  // potential final food and consumer goods, won at state prices
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& s = d.sectors[k];
    stock_[k] = s.initial_stock_months * potential[k];
    market_price_[k] = s.state_price * d.prices.market_premium;
    for (size_t j = 0; j < n; ++j) reserve_[k] += d.a_at(static_cast<int>(k), static_cast<int>(j)) * potential[j];
    if (s.final_use == FinalUse::food || s.final_use == FinalUse::consumer) {
      price_weight_[k] = potential[k] * s.state_price;
      consumer_value += std::max(0.0, potential[k] - reserve_[k]) * s.state_price;
    }
  }

  // Money: enterprises hold a month of costs; households hold initial_cash_months of
  // their income, valued at the opening market prices (the monetary overhang that
  // sustains the market price level).
  double workers = 0;
  for (size_t e = 0; e < ne; ++e) {
    const auto j = static_cast<size_t>(ent_.sector[e]);
    const SectorDesc& sd = d.sectors[j];
    const double q = potential_output(ent_.capacity[e], ent_.base_efficiency[e]);
    double c = ent_.workforce[e] * d.state.state_wage + sd.import_per_unit * q * d.world.exchange_rate;
    for (size_t i = 0; i < n; ++i) c += d.a_at(static_cast<int>(i), static_cast<int>(j)) * q * d.sectors[i].state_price;
    ent_.cash[e] = c;
    workers += ent_.workforce[e];
  }
  const double wage_bill = (workers + public_workers_) * d.state.state_wage;
  double households_total = 0;
  for (const RegionDesc& r : d.regions) households_total += r.population / d.households.household_size;
  const double monthly_spending = std::max(wage_bill, consumer_value * d.prices.market_premium);
  const double cash0 = households_total > 0 ? d.households.initial_cash_months * monthly_spending / households_total : 0;

  // Households: agents per region at the scale; the last digits of the population are
  // carried by fractional weights so that totals are exact.
  for (size_t r = 0; r < d.regions.size(); ++r) {
    const RegionDesc& rd = d.regions[r];
    population_ += rd.population;
    const double real = rd.population / d.households.household_size;
    const double agents = std::max(1.0, std::round(real / d.households.scale));
    const auto na = static_cast<size_t>(agents);
    const auto n_urban = static_cast<size_t>(std::round(agents * rd.urban_share));
    pcg32 rng(seed, 0x5eedULL + r);
    const double sigma = d.households.income_dispersion;
    for (size_t a = 0; a < na; ++a) {
      hh_.region.push_back(static_cast<std::int16_t>(r));
      hh_.urban.push_back(a < n_urban ? 1 : 0);
      hh_.weight.push_back(real / agents);
      hh_.ability.push_back(std::exp(sigma * normal(rng) - 0.5 * sigma * sigma));
      hh_.trader.push_back(uniform(rng) < d.households.trader_share ? 1 : 0);
      hh_.cash.push_back(cash0);
      hh_.share.push_back(0.0);
    }
  }

  // Money issued by the central bank; FX reserves held by the state against the world.
  const auto s0 = stocks();
  cb_money_ = -(s0[0][0] + s0[0][1]);
  fx_state_ = d.world.fx_reserves * d.world.exchange_rate;
  fx_row_ = -fx_state_;

  // Guided factories (for the guided-vs-other indicators); the leading producers that
  // fairs draw on are chosen each January (hold_fairs).
  guided_.assign(ne, 0);
  for (const GuidanceDesc& g : d.guidance) guided_[static_cast<size_t>(g.enterprise)] = 1;
  fair_member_.assign(ne, 0);
  for (size_t b = 0; b < ne; ++b) {
    const EnterpriseDesc& bd = d.enterprises[b];
    if (bd.brand.empty() || bd.level != Level::local) continue;
    std::vector<int> followers;
    for (size_t e = 0; e < ne; ++e) {
      const EnterpriseDesc& ed = d.enterprises[e];
      if (e != b && ed.brand.empty() && ed.level == Level::local && ed.region == bd.region && ed.sector == bd.sector)
        followers.push_back(static_cast<int>(e));
    }
    if (!followers.empty()) brands_.emplace_back(static_cast<int>(b), std::move(followers));
  }
  listed_.assign(d.projects.size(), ListedProject{});
  invested_by_group_.assign(kGroupCount, 0.0);

  plan_target_.assign(n, 0.0);
  year_output_.assign(n, 0.0);
  last_year_output_.assign(n, 0.0);
  goods_.assign(n, GoodsBalance{});
  st_.output_by_region_light.assign(d.regions.size(), 0.0);
  scratch_.assign(ne, 0.0);
}

void Economy::step() {
  open_month();            // opening stocks; the month's ledger starts empty
  apply_policy_events();   // dated changes of priorities (2013-01, 2013-03-18, 2018-04, 2021-01 ...)
  apply_shocks();          // sanctions, border closure and disasters in force this month
  switch_regimes();        // enterprises join the enterprise-responsibility reform as it phases in
  guidance_visits();       // on-site guidance raises a factory's efficiency and draws resources to it
  hold_fairs();            // merchandise fairs move reputation to the winners
  spread_brands();         // local brands ("Kaesong Koryo ginseng") lend their name to their region
  plan_year();             // January, plan.method = "lp": the annual plan LP from the economy's current state
  invest_and_build();      // projects draw on the fund; January: the plan allocates the rest; completions
  assign_labour();         // the labour administration moves workers toward where capacity needs them
  update_efficiency();     // restoration toward normal output; the incentive of wages by work
  ration_materials();      // scarce domestic inputs and imports rationed by priority, then in proportion
  produce();               // Leontief production: least of capacity x efficiency, labour, inputs
  pay_wages();             // state wages, wages by work, public wages
  export_goods();          // the state buys export goods and sells them abroad for FX
  buy_state_goods();       // investment fund, public services, defence
  household_purchases();   // income; food first (state shops, market); consumer goods by CES
  adjust_prices();         // market prices move with excess demand
  settle_budget();         // remittance or levy, retained profit, subsidies, central bank
  close_month();           // closing stocks and goods balances for the ledger check
  ++month_;
}

void Economy::post(Flow f, Institution from, Institution to, double amount) {
  auto& row = acc_.flows[static_cast<size_t>(f)];
  row[static_cast<size_t>(from)] -= amount;
  row[static_cast<size_t>(to)] += amount;
}

void Economy::end_spin_up() {
  events_.clear();
  std::fill(invested_by_group_.begin(), invested_by_group_.end(), 0.0);
}

void Economy::credit_sector(int k, double amount, const std::vector<double>& weight) {
  const auto& members = by_sector_[static_cast<size_t>(k)];
  double total = 0;
  for (int e : members) total += weight[static_cast<size_t>(e)];
  for (int e : members) {
    const auto ei = static_cast<size_t>(e);
    const double share = total > 0 ? weight[ei] / total : 1.0 / static_cast<double>(members.size());
    ent_.cash[ei] += amount * share;
    ent_.revenue[ei] += amount * share;
  }
}

void Economy::pay_sector(int k, double amount, Flow f) {
  if (amount == 0.0) return;
  credit_sector(k, amount, ent_.output);
  state_money_ -= amount;
  st_.state_expenditure += amount;
  post(f, Institution::state, Institution::enterprises, amount);
}

double Economy::final_available(int k) const {
  return std::max(0.0, stock_[static_cast<size_t>(k)] - reserve_[static_cast<size_t>(k)]);
}

void Economy::sector_offer(std::vector<double>& varieties, std::vector<double>& theta,
                           std::vector<double>& theta_weight) const {
  const auto n = static_cast<size_t>(n_);
  varieties.assign(n, 0.0);
  theta.assign(n, 0.0);
  theta_weight.assign(n, 0.0);
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto k = static_cast<size_t>(ent_.sector[e]);
    if (ent_.output[e] <= 0.0) continue;
    varieties[k] += ent_.varieties[e];
    theta[k] += ent_.quality[e] * ent_.reputation[e] * ent_.output[e];
    theta_weight[k] += ent_.output[e];
  }
  for (size_t k = 0; k < n; ++k) theta[k] = theta_weight[k] > 0 ? theta[k] / theta_weight[k] : 0.0;
}

void Economy::note_investment(size_t e, double units) {
  const auto k = static_cast<size_t>(ent_.sector[e]);
  const double won = units * d_.sectors[k].state_price;
  st_.investment_units[k] += won;
  invested_by_group_[static_cast<size_t>(d_.sectors[k].group)] += units;
  (ent_.local[e] ? st_.investment_local : st_.investment_central) += won;
}

void Economy::event(const std::string& kind, const std::string& subject, const std::string& text) {
  events_.push_back(Event{month_, kind, subject, text});
}

std::array<std::array<double, kInstitutionCount>, kInstrumentCount> Economy::stocks() const {
  std::array<std::array<double, kInstitutionCount>, kInstrumentCount> s{};
  const auto h = block_sums<1>(hh_.size(), [&](size_t i, std::array<double, 1>& a) { a[0] += hh_.cash[i] * hh_.weight[i]; });
  double f = 0;
  for (double c : ent_.cash) f += c;
  s[0][static_cast<size_t>(Institution::households)] = h[0];
  s[0][static_cast<size_t>(Institution::enterprises)] = f;
  s[0][static_cast<size_t>(Institution::state)] = state_money_;
  s[0][static_cast<size_t>(Institution::central_bank)] = cb_money_;
  s[1][static_cast<size_t>(Institution::state)] = fx_state_;
  s[1][static_cast<size_t>(Institution::rest_of_world)] = fx_row_;
  return s;
}

void Economy::open_month() {
  acc_ = MonthAccounts{};
  acc_.month = month_;
  acc_.opening = stocks();
  if (YearMonth::from_index(month_).month == 1) {
    last_year_output_.swap(year_output_);
    std::fill(year_output_.begin(), year_output_.end(), 0.0);
  }
  const auto n = static_cast<size_t>(n_);
  for (size_t k = 0; k < n; ++k) {
    goods_[k] = GoodsBalance{};
    goods_[k].opening_stock = stock_[k];
  }
  const size_t regions = st_.output_by_region_light.size();
  st_ = MonthStats{};
  for (auto* v : {&st_.output, &st_.potential, &st_.capacity, &st_.intermediate_use, &st_.household_units,
                  &st_.exports_units, &st_.investment_units})
    v->assign(n, 0.0);
  st_.output_by_region_light.assign(regions, 0.0);
  std::fill(ent_.revenue.begin(), ent_.revenue.end(), 0.0);
  std::fill(ent_.cost.begin(), ent_.cost.end(), 0.0);
  std::fill(ent_.market_sales.begin(), ent_.market_sales.end(), 0.0);
}

void Economy::close_month() {
  acc_.closing = stocks();
  for (size_t k = 0; k < goods_.size(); ++k) {
    goods_[k].closing_stock = stock_[k];
    year_output_[k] += st_.output[k];
  }
}

}  // namespace lightind::detail
