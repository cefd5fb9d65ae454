// lightind: the engine's opening state — enterprises staffed for their potential output,
// opening inventories, prices and money, household agents, brands — built from the
// validated description, apart from the monthly step (economy.cpp).
#include <algorithm>
#include <climits>
#include <cmath>
#include <initializer_list>
#include <map>
#include <mutex>
#include <utility>

#include <Eigen/Dense>
#include <pcg_random.hpp>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "policy/brands.hpp"
#include "policy/households.hpp"
#include "policy/projects.hpp"
#include "policy/reform.hpp"

namespace lightind::detail {

namespace {

/// Standard normal draw by Box-Muller from two pcg32 uniforms.
double normal(pcg32& rng) {
  const double u1 = (static_cast<double>(rng()) + 1.0) / 4294967297.0;
  const double u2 = static_cast<double>(rng()) / 4294967296.0;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double uniform(pcg32& rng) { return static_cast<double>(rng()) / 4294967296.0; }

/// lognormal_table(sigma, n), computed once per process for each (sigma, n): a fit or a sweep
/// builds thousands of economies with the same few shock sizes, and the table's 4,096 Newton
/// solves of the normal quantile were about 17 M instructions of each build. The same values.
std::vector<double> cached_lognormal_table(double sigma, int n) {
  static std::mutex mutex;
  static std::map<std::pair<double, int>, std::vector<double>> cache;
  const std::lock_guard lock(mutex);
  if (cache.size() > 64) cache.clear();  // a fit over the shock size: bounded memory
  auto [it, added] = cache.try_emplace({sigma, n});
  if (added) it->second = lognormal_table(sigma, n);
  return it->second;
}

}  // namespace

Economy::Economy(const Description& d, std::uint64_t seed)
    : d_(d), seed_(seed), month_(d.start.index() - d.spin_up_months), n_(d.n_sectors()) {
  const auto n = static_cast<size_t>(n_);
  base_prices(d_);
  shock_table_ = cached_lognormal_table(d.households.income_shock, 4096);
  for (const SectorDesc& s : d.sectors) monthly_keep_.push_back(policy::monthly_keep(s.depreciation));

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
  ent_.reform_of.assign(ne, 0);
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
    ent_.wage[e] = d.state.state_wage * sd.wage_scale;
    // Its reform: the first whose scope covers it (file order); reform 0's terms otherwise.
    const int k = policy::reform_covering(d, ed, sd.group);
    ent_.reform_of[e] = static_cast<std::uint8_t>(std::max(k, 0));
    const ReformDesc& rf = d.reform_at(ent_.reform_of[e]);
    ent_.development_share[e] = rf.development_share;
    // "Relying on the mountains, relying on the sea": local factories draw part of their
    // materials from their region's best endowment.
    if (ent_.local[e]) ent_.endowment_use[e] = policy::endowment_use(true, rd.endowment);
    // The reform reaches eligible enterprises at dates spread over the phase-in.
    const double u = uniform(reform_rng);
    if (k >= 0) ent_.reform_month[e] = policy::reform_month(rf.start.index(), rf.phase_in_months, u);
    const double q = potential_output(ent_.capacity[e], ed.efficiency);
    ent_.workforce[e] = labour_per_unit(sd.labour_per_unit, ed.automation, d.automation_saving) * q;
    potential[static_cast<size_t>(ed.sector)] += q;
  }
  for (size_t e = 0; e < ent_.size(); ++e) {
    const auto k = static_cast<size_t>(ent_.sector[e]);
    if (sector_runs_.empty() || sector_runs_.back().sector != k) sector_runs_.push_back({e, e, k});
    sector_runs_.back().end = e + 1;
  }
  sector_runs_of_.assign(n, {});
  sector_size_.assign(n, 0);
  for (const SectorRun& run : sector_runs_) {
    sector_runs_of_[run.sector].push_back(run);
    sector_size_[run.sector] += run.end - run.begin;
  }
  double need = 0.0;
  for (double w : ent_.workforce) need += w;
  const double staffing = ration_factor(labour_force_ - public_workers_, need);
  for (double& w : ent_.workforce) w *= staffing;

  // Goods: opening inventories, the intermediate reserve, market prices.
  for (std::vector<double>* v :
       {&stock_, &reserve_, &market_price_, &price_growth_, &demand_, &supply_, &price_weight_, &market_fraction_})
    v->assign(n, 0.0);
  for (std::vector<double>* v : {&material_factor_, &import_ration_, &import_raw_, &export_factor_}) v->assign(n, 1.0);
  crop_factor_.assign(d.regions.size(), 1.0);
  varieties0_.assign(n, 0.0);
  for (size_t e = 0; e < ne; ++e)
    if (ent_.capacity[e] > 0.0) varieties0_[static_cast<size_t>(ent_.sector[e])] += ent_.varieties[e];
  double consumer_value = 0.0;  // potential final food and consumer goods, won at opening market prices
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& s = d.sectors[k];
    stock_[k] = s.initial_stock_months * potential[k];
    const bool food = s.final_use == FinalUse::food;
    market_price_[k] = s.state_price * (food && d.prices.food_premium > 0.0 ? d.prices.food_premium : d.prices.market_premium);
    for (size_t j = 0; j < n; ++j) reserve_[k] += d.a_at(static_cast<int>(k), static_cast<int>(j)) * potential[j];
    if (s.final_use == FinalUse::food || s.final_use == FinalUse::consumer) {
      price_weight_[k] = potential[k] * d_.sectors[k].base_price;  // d_: its base prices are filled in
      consumer_value += std::max(0.0, potential[k] - reserve_[k]) * market_price_[k];
    }
  }

  // Production planned from demand (policy/demand.hpp): the state takes all that capital
  // and public-service sectors can produce (Kornai's investment hunger: a taut plan); the
  // other sectors plan from expected final demand through (I - A_ff)^-1. Expectations open
  // at the opening final output, so that the first month's plan is the opening output.
  taut_.assign(n, 0);
  opening_potential_ = potential;
  export_demand_.assign(n, 0.0);
  expected_.assign(n, 0.0);
  plan_fill_.assign(n, 1.0);
  for (size_t k = 0; k < n; ++k) {
    const FinalUse u = d.sectors[k].final_use;
    taut_[k] = (u == FinalUse::capital || u == FinalUse::public_use) ? 1 : 0;
    if (taut_[k]) continue;
    double used = 0.0;
    for (size_t j = 0; j < n; ++j) used += d.a_at(static_cast<int>(k), static_cast<int>(j)) * potential[j];
    expected_[k] = std::max(0.0, potential[k] - used - d.sectors[k].export_share * potential[k]);
  }
  {
    Eigen::MatrixXd m = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        if (!taut_[i] && !taut_[j]) m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) -= d.a_at(static_cast<int>(i), static_cast<int>(j));
    const Eigen::MatrixXd inv = m.partialPivLu().inverse();
    leontief_free_.assign(n * n, 0.0);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        if (!taut_[i] && !taut_[j]) leontief_free_[i * n + j] = inv(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
  }
  price0_ = market_price_;
  market_fx_ = d.world.market_exchange_rate > 0.0 ? d.world.market_exchange_rate : d.world.exchange_rate;
  base_rate_ = d.world.exchange_rate;
  price_fx_ratio0_ = consumer_price_level() / market_fx_;

  // Money: enterprises hold a month of costs; households hold initial_cash_months of
  // their income, valued at the opening market prices (the monetary overhang that
  // sustains the market price level).
  double workers = 0;  // at the state wage: each worker counts its sector's wage scale
  for (size_t e = 0; e < ne; ++e) {
    const auto j = static_cast<size_t>(ent_.sector[e]);
    const SectorDesc& sd = d.sectors[j];
    const double q = potential_output(ent_.capacity[e], ent_.base_efficiency[e]);
    double c = ent_.workforce[e] * d.state.state_wage * sd.wage_scale + sd.import_per_unit * q * d.world.exchange_rate;
    for (size_t i = 0; i < n; ++i) c += d.a_at(static_cast<int>(i), static_cast<int>(j)) * q * d.sectors[i].state_price;
    ent_.cash[e] = c;
    workers += ent_.workforce[e] * sd.wage_scale;
  }
  const double wage_bill = (workers + public_workers_) * d.state.state_wage;
  double households_total = 0;
  for (const RegionDesc& r : d.regions) households_total += r.population / d.households.household_size;
  const double monthly_spending = std::max(wage_bill, consumer_value);
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
      hh_.trader_draw.push_back(rng());  // uniform(rng) = draw / 2^32
      hh_.trader.push_back(hh_.trader_draw.back() / 4294967296.0 < d.households.trader_share ? 1 : 0);
      hh_.cash.push_back(cash0);
      hh_.share.push_back(0.0);
    }
  }

  // households (issue 12, item 4): each agent works for an employer of its region, drawn in
  // proportion to the employers' workforce: rural households among the farms (agriculture),
  // urban ones among the other enterprises, and the budget's public employees (its share of
  // the labour force, spread by population) for both. Its wages come from that employer.
  const size_t nr = d.regions.size();
  population_r_.assign(nr, 0.0);
  for (size_t r = 0; r < nr; ++r) population_r_[r] = d.regions[r].population;
  hh_.employer.assign(hh_.size(), -1);
  {
    std::vector<std::vector<int>> firms(2 * nr);  // [2 r + urban]
    for (size_t e = 0; e < ne; ++e) {
      const bool farm = d.in_role(d.sectors[static_cast<size_t>(ent_.sector[e])], GroupRole::agriculture);
      if (ent_.workforce[e] > 0.0) firms[2 * static_cast<size_t>(ent_.region[e]) + (farm ? 0 : 1)].push_back(static_cast<int>(e));
    }
    const double public_share = labour_force_ > 0 ? public_workers_ / labour_force_ : 0.0;
    std::vector<std::vector<double>> cumulative(2 * nr);
    for (size_t c = 0; c < 2 * nr; ++c) {
      if (firms[c].empty()) firms[c] = firms[c ^ 1U];  // no farm (or no factory): the region's others
      double total = 0.0, wf = 0.0;
      for (int e : firms[c]) wf += ent_.workforce[static_cast<size_t>(e)];
      // Public employees weigh public_share / (1 - public_share) of the enterprises' workforce.
      const double pub = public_share < 1.0 ? wf * public_share / (1.0 - public_share) : 1.0;
      cumulative[c].push_back(total += (firms[c].empty() ? 1.0 : pub));
      for (int e : firms[c]) cumulative[c].push_back(total += ent_.workforce[static_cast<size_t>(e)]);
    }
    pcg32 rng(seed, 0xe3b1ULL);
    for (size_t i = 0; i < hh_.size(); ++i) {
      const size_t c = 2 * static_cast<size_t>(hh_.region[i]) + hh_.urban[i];
      const int pick = policy::pick_by_weight(cumulative[c], uniform(rng));
      hh_.employer[i] = pick <= 0 ? -1 : firms[c][static_cast<size_t>(pick - 1)];
    }
  }
  household_runs();
  ent_paid_.assign(ne, 0.0);
  // Before a month has been settled, a farm paid from its output pays the state wage.
  farm_earned_.assign(ne, 0.0);
  for (size_t e = 0; e < ne; ++e) farm_earned_[e] = ent_.workforce[e] * ent_.wage[e];
  food_rel_.assign(nr, 1.0);
  ration_factor_.assign(nr, 1.0);
  food_growth_.assign(nr, 0.0);
  food_region_weight_.assign(nr, 0.0);
  hardship_r_.assign(nr, 0.0);
  undernourished_r_.assign(nr, 0.0);
  food_pc_r_.assign(nr, 0.0);

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
  brands_ = policy::brand_followers(d.enterprises);
  listed_.assign(d.projects.size(), ListedProject{});
  invested_by_group_.assign(static_cast<size_t>(d.n_groups()), 0.0);

  // The opening pipeline (docs/MODEL.md "The opening state"): construction under way at the
  // opening, started and paid for before it (no money moves now), completing over each
  // sector's gestation lag and the months to the first January allocation, split over its
  // enterprises by capacity.
  const int opening_month = YearMonth::from_index(month_).month;
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& s = d.sectors[k];
    double cap_k = 0.0;
    for (const SectorRun& run : sector_runs_of_[k])
      for (size_t e = run.begin; e < run.end; ++e) cap_k += ent_.capacity[e];
    if (cap_k <= 0.0) continue;
    const std::vector<double> c =
        policy::opening_pipeline(cap_k, policy::pipeline_months(s.gestation_months, opening_month), monthly_keep_[k],
                                 s.opening_pipeline, s.opening_growth ? s.opening_growth : d.opening_capacity_growth);
    for (size_t m = 0; m < c.size(); ++m)
      for (const SectorRun& run : sector_runs_of_[k])
        for (size_t e = run.begin; e < run.end; ++e) {
          const double share = ent_.capacity[e] / cap_k;
          if (c[m] > 0.0 && share > 0.0)
            projects_.push_back({static_cast<int>(e), c[m] * share, month_ + static_cast<int>(m), -1});
        }
  }

  plan_target_.assign(n, 0.0);
  year_output_.assign(n, 0.0);
  last_year_output_.assign(n, 0.0);
  goods_.assign(n, GoodsBalance{});
  st_.output_by_region_light.assign(d.regions.size(), 0.0);
  scratch_.assign(ne, 0.0);
}

}  // namespace lightind::detail
