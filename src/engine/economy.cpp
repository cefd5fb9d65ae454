// lightind: the engine's construction, the monthly step, the ledger postings and the
// indicators. The phases themselves are in phases_*.cpp.
#include "engine/economy.hpp"

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

}  // namespace

Economy::Economy(const Description& d, std::uint64_t seed)
    : d_(d), seed_(seed), month_(d.start.index()), n_(d.n_sectors()) {
  const auto n = static_cast<size_t>(n_);
  by_sector_.assign(n, {});

  // Labour force; the budget pays a share of it, the rest staffs the enterprises.
  for (const RegionDesc& r : d.regions)
    labour_force_ += r.population / d.households.household_size * d.households.workers_per_household;
  public_workers_ = d.state.public_employment * labour_force_;

  // Enterprises, staffed for their potential output as far as the labour force allows.
  const size_t ne = d.enterprises.size();
  ent_.sector.resize(ne);
  ent_.region.resize(ne);
  ent_.local.resize(ne);
  for (auto* v : {&ent_.capacity, &ent_.efficiency, &ent_.automation, &ent_.quality, &ent_.varieties,
                  &ent_.reputation, &ent_.workforce, &ent_.cash, &ent_.output, &ent_.revenue, &ent_.cost})
    v->assign(ne, 0.0);
  std::vector<double> potential(n, 0.0);
  for (size_t e = 0; e < ne; ++e) {
    const EnterpriseDesc& ed = d.enterprises[e];
    const SectorDesc& sd = d.sectors[static_cast<size_t>(ed.sector)];
    ent_.sector[e] = ed.sector;
    ent_.region[e] = ed.region;
    ent_.local[e] = ed.level == Level::local ? 1 : 0;
    ent_.capacity[e] = ed.capacity;
    ent_.efficiency[e] = ed.efficiency;
    ent_.automation[e] = ed.automation;
    ent_.quality[e] = ed.quality;
    ent_.varieties[e] = ed.varieties;
    ent_.reputation[e] = ed.reputation;
    const double q = potential_output(ed.capacity, ed.efficiency);
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
  demand_.assign(n, 0.0);
  supply_.assign(n, 0.0);
  price_weight_.assign(n, 0.0);
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& s = d.sectors[k];
    stock_[k] = s.initial_stock_months * potential[k];
    market_price_[k] = s.state_price * d.prices.market_premium;
    if (s.final_use == FinalUse::food || s.final_use == FinalUse::consumer)
      price_weight_[k] = potential[k] * s.state_price;
    for (size_t j = 0; j < n; ++j) reserve_[k] += d.a_at(static_cast<int>(k), static_cast<int>(j)) * potential[j];
  }

  // Money: enterprises hold a month of costs; households initial_cash_months of income.
  double workers = 0, costs = 0;
  for (size_t e = 0; e < ne; ++e) {
    const auto j = static_cast<size_t>(ent_.sector[e]);
    const SectorDesc& sd = d.sectors[j];
    const double q = potential_output(ent_.capacity[e], ent_.efficiency[e]);
    double c = ent_.workforce[e] * d.state.state_wage + sd.import_per_unit * q * d.world.exchange_rate;
    for (size_t i = 0; i < n; ++i) c += d.a_at(static_cast<int>(i), static_cast<int>(j)) * q * d.sectors[i].state_price;
    ent_.cash[e] = c;
    costs += c;
    workers += ent_.workforce[e];
  }
  const double wage_bill = (workers * staffing + public_workers_) * d.state.state_wage;

  // Households: agents per region at the scale; the last digits of the population are
  // carried by fractional weights so that totals are exact.
  double households_total = 0;
  for (const RegionDesc& r : d.regions) households_total += r.population / d.households.household_size;
  const double cash0 = households_total > 0 ? d.households.initial_cash_months * wage_bill / households_total : 0;
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
      hh_.cash.push_back(cash0);
      hh_.share.push_back(0.0);
    }
  }

  // Money issued by the central bank; FX reserves held by the state against the world.
  const auto s0 = stocks();
  cb_money_ = -(s0[0][0] + s0[0][1]);
  fx_state_ = d.world.fx_reserves * d.world.exchange_rate;
  fx_row_ = -fx_state_;
  (void)costs;

  goods_.assign(n, GoodsBalance{});
  st_.output.assign(n, 0.0);
  st_.potential.assign(n, 0.0);
  st_.capacity.assign(n, 0.0);
  st_.intermediate_use.assign(n, 0.0);
  st_.household_units.assign(n, 0.0);
  st_.exports_units.assign(n, 0.0);
  st_.output_by_region_light.assign(d.regions.size(), 0.0);
  scratch_.assign(ne, 0.0);
}

void Economy::step() {
  open_month();            // opening stocks; the month's ledger starts empty
  invest_and_build();      // January: the plan allocates the investment fund; projects complete; depreciation
  assign_labour();         // the labour administration moves workers toward where capacity needs them
  ration_materials();      // scarce domestic inputs and imports rationed in proportion to need
  produce();               // Leontief production: least of capacity x efficiency, labour, inputs
  pay_wages();             // enterprise and public wages to households
  export_goods();          // the state buys export goods and sells them abroad for FX
  buy_state_goods();       // the state buys capital goods for the investment fund, and public services
  household_purchases();   // income; food first (ration, then market); consumer goods by CES
  adjust_prices();         // market prices move with excess demand
  settle_budget();         // surplus remitted, losses subsidised, deficit covered by the central bank
  close_month();           // closing stocks and goods balances for the ledger check
  ++month_;
}

void Economy::post(Flow f, Institution from, Institution to, double amount) {
  auto& row = acc_.flows[static_cast<size_t>(f)];
  row[static_cast<size_t>(from)] -= amount;
  row[static_cast<size_t>(to)] += amount;
}

void Economy::credit_sector(int k, double amount) {
  const auto& members = by_sector_[static_cast<size_t>(k)];
  double total = 0;
  for (int e : members) total += ent_.output[static_cast<size_t>(e)];
  for (int e : members) {
    const auto ei = static_cast<size_t>(e);
    const double share = total > 0 ? ent_.output[ei] / total : 1.0 / static_cast<double>(members.size());
    ent_.cash[ei] += amount * share;
    ent_.revenue[ei] += amount * share;
  }
}

void Economy::pay_sector(int k, double amount, Flow f) {
  if (amount == 0.0) return;
  credit_sector(k, amount);
  state_money_ -= amount;
  st_.state_expenditure += amount;
  post(f, Institution::state, Institution::enterprises, amount);
}

double Economy::final_available(int k) const {
  return std::max(0.0, stock_[static_cast<size_t>(k)] - reserve_[static_cast<size_t>(k)]);
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
  for (size_t k = 0; k < goods_.size(); ++k) {
    goods_[k] = GoodsBalance{};
    goods_[k].opening_stock = stock_[k];
  }
  const MonthStats keep = st_;
  st_ = MonthStats{};
  st_.output.assign(keep.output.size(), 0.0);
  st_.potential.assign(keep.output.size(), 0.0);
  st_.capacity.assign(keep.output.size(), 0.0);
  st_.intermediate_use.assign(keep.output.size(), 0.0);
  st_.household_units.assign(keep.output.size(), 0.0);
  st_.exports_units.assign(keep.output.size(), 0.0);
  st_.output_by_region_light.assign(keep.output_by_region_light.size(), 0.0);
  std::fill(ent_.revenue.begin(), ent_.revenue.end(), 0.0);
  std::fill(ent_.cost.begin(), ent_.cost.end(), 0.0);
}

void Economy::close_month() {
  acc_.closing = stocks();
  for (size_t k = 0; k < goods_.size(); ++k) goods_[k].closing_stock = stock_[k];
}

}  // namespace lightind::detail
