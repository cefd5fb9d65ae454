// lightind: the monthly indicators (docs/INDICATORS.md) read off the engine's state.
#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "engine/behaviour.hpp"
#include "engine/economy.hpp"
#include "policy/aggregates.hpp"
#include "policy/demand.hpp"
#include "policy/prices.hpp"

namespace lightind::detail {

namespace {

/// The national aggregates record() computes from its pass over the enterprises and the
/// sectors' offer (Economy::observe_enterprises_), besides each reform's reformed_share_<id>.
constexpr std::array<std::string_view, 16> kFromEnterprises = {
    "living_standard",         "varieties",          "mean_quality",          "nominal_wage_command",
    "nominal_wage_responsibility", "nominal_wage_reformed_light", "real_wage_reformed_light",
    "reformed_enterprise_share", "output_guided",    "output_other_light",    "reputation_guided",
    "reputation_other_light",  "varieties_fair_participants", "quality_fair_participants", "varieties_other",
    "quality_other"};

}  // namespace

void Economy::observe_only(const std::vector<std::string>& aggregates) {
  observe_hardship_ = observe_enterprises_ = observe_detail_ = aggregates.empty();
  for (std::string_view a : aggregates) {
    if (a.ends_with("_index")) a.remove_suffix(6);  // run() computes an index from its aggregate
    if (a == "hardship_share" || a == "undernourished_share") observe_hardship_ = true;
    // The whole run's ICOR by group sums the output recorded by sector (record_final).
    if (a.starts_with("icor_") || a.starts_with("invested_total_")) observe_detail_ = true;
    if (a.starts_with("reformed_share_") ||
        std::find(kFromEnterprises.begin(), kFromEnterprises.end(), a) != kFromEnterprises.end())
      observe_enterprises_ = true;
  }
}

void Economy::record(Series& s) const {
  const int m = month_ - 1;  // the month just stepped
  const auto n = static_cast<size_t>(n_);
  auto put = [&](const char* name, double v, int sector = -1, int region = -1) {
    s.add(m, s.indicator_id(name), v, sector, region);
  };

  // Output at state prices, by group role (the scenario's groups.role); value added at state
  // prices (gdp_real).
  double gross = 0, light = 0, heavy = 0, agriculture = 0, gdp = 0;
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& sd = d_.sectors[k];
    const double v = st_.output[k] * sd.base_price;
    gross += v;
    if (d_.in_role(sd, GroupRole::light)) light += v;
    if (d_.in_role(sd, GroupRole::heavy)) heavy += v;
    if (d_.in_role(sd, GroupRole::agriculture)) agriculture += v;
    gdp += st_.output[k] * unit_value_added(k);
  }
  put("gross_output", gross);
  put("light_output", light);
  put("heavy_output", heavy);
  put("agriculture_output", agriculture);
  put("gdp_real", gdp);

  // Consumption, variety- and quality-adjusted (CES utility per person).
  std::vector<double> c(n, 0.0), varieties, theta, theta_w;
  double goods_units = 0, food_pc = st_.food_units / population_;
  if (observe_enterprises_ || observe_detail_) sector_offer(varieties, theta, theta_w);
  double total_varieties = 0, quality_sum = 0, quality_w = 0;
  for (size_t k = 0; k < n; ++k) {
    const FinalUse u = d_.sectors[k].final_use;
    if (u != FinalUse::food && u != FinalUse::consumer) continue;
    goods_units += st_.household_units[k];
    if (!observe_enterprises_) continue;  // (no offer read)
    total_varieties += varieties[k];
    quality_sum += theta[k] * theta_w[k];
    quality_w += theta_w[k];
    if (u == FinalUse::consumer) c[k] = st_.household_units[k] / population_;
  }
  put("consumer_goods_per_capita", goods_units / population_);
  // Welfare from what people consume (issue 12, item 6): a CES aggregate over food (one
  // composite) and each consumer-goods sector's varieties, with love of variety (elasticity
  // sigma, Dixit-Stiglitz 1977); varieties enter relative to the start, goods by their
  // output-weighted quality. Reputation moves market shares but is not welfare.
  std::vector<double> cw(n + 1, 0.0), nw(n + 1, 0.0), qw(n + 1, 1.0), qsum(n, 0.0), qout(n, 0.0);
  // One pass over the enterprises for every per-enterprise sum below (each sum still adds
  // in enterprise order, so the values are those of one loop per sum); the sector's roles
  // are read from a small table instead of the sector and group descriptions.
  enum : std::uint8_t { kLight = 1, kConsumerOrFood = 2 };
  std::vector<std::uint8_t> sector_flags(n, 0);
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& sd = d_.sectors[k];
    const FinalUse u = sd.final_use;
    sector_flags[k] = static_cast<std::uint8_t>((d_.in_role(sd, GroupRole::light) ? kLight : 0) |
                                                (u == FinalUse::food || u == FinalUse::consumer ? kConsumerOrFood : 0));
  }
  double w_cmd = 0, n_cmd = 0, w_ref = 0, n_ref = 0, w_rl = 0, n_rl = 0;
  double out_guided = 0, out_other_light = 0, rep_guided = 0, rep_guided_n = 0, rep_other = 0, rep_other_n = 0;
  double fair_var = 0, fair_q = 0, fair_n = 0, other_var = 0, other_q = 0, other_n = 0, reformed_n = 0;
  const bool with_reforms = !d_.reforms.empty();
  std::array<double, 256> covered{}, joined{};
  // Along the runs of one sector: its flags and price read once, its quality sums in registers.
  if (observe_enterprises_) for (const SectorRun& run : sector_runs_) {
    const size_t k = run.sector;
    const std::uint8_t flags = sector_flags[k];
    const double base_price = d_.sectors[k].base_price;
    double q_sum = qsum[k], q_out = qout[k];
    for (size_t e = run.begin; e < run.end; ++e) {
      const double out = ent_.output[e];
      if (out > 0.0) {
        q_sum += ent_.quality[e] * out;
        q_out += out;
      }
      const double wf = ent_.workforce[e];
      const bool ref = reformed(e);
      if (ref) {
        w_ref += ent_.wage[e] * wf;
        n_ref += wf;
        reformed_n += 1;
        if ((flags & kLight) != 0) {
          w_rl += ent_.wage[e] * wf;
          n_rl += wf;
        }
      } else {
        w_cmd += ent_.wage[e] * wf;
        n_cmd += wf;
      }
      if ((flags & kLight) != 0 || guided_[e]) {
        (guided_[e] ? out_guided : out_other_light) += out * base_price;
        (guided_[e] ? rep_guided : rep_other) += ent_.reputation[e];
        (guided_[e] ? rep_guided_n : rep_other_n) += 1;
      }
      if ((flags & kConsumerOrFood) != 0) {
        if (fair_member_[e]) {
          fair_var += ent_.varieties[e];
          fair_q += ent_.quality[e];
          fair_n += 1;
        } else {
          other_var += ent_.varieties[e];
          other_q += ent_.quality[e];
          other_n += 1;
        }
      }
      // Each reform of [[reforms]]: the enterprises it covers and those that have joined.
      if (with_reforms && ent_.reform_month[e] != INT32_MAX) {
        covered[ent_.reform_of[e]] += 1;
        if (ref) joined[ent_.reform_of[e]] += 1;
      }
    }
    qsum[k] = q_sum, qout[k] = q_out;
  }
  if (observe_enterprises_) for (size_t k = 0; k < n; ++k) {
    if (d_.sectors[k].final_use != FinalUse::consumer) continue;
    cw[k] = c[k];
    nw[k] = varieties0_[k] > 0 ? varieties[k] / varieties0_[k] : 0.0;
    qw[k] = qout[k] > 0 ? qsum[k] / qout[k] : 1.0;
  }
  cw[n] = food_pc;
  nw[n] = 1.0;
  if (observe_enterprises_) {
    put("living_standard", ces_utility(cw, nw, qw, d_.households.variety_elasticity));
    put("varieties", total_varieties);
    put("mean_quality", quality_w > 0 ? quality_sum / quality_w : 0.0);
  }

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
    pw0 += d_.sectors[k].base_price * d_.prices.market_premium * price_weight_[k];
  }
  put("market_price_level", pw0 > 0 ? 100.0 * pw / pw0 : 100.0);
  double ps = 0;
  for (size_t k = 0; k < n; ++k) ps += d_.sectors[k].state_price * price_weight_[k];
  put("market_to_state_price", ps > 0 ? pw / ps : 1.0);

  // Wages by regime (the article: wages at reformed factories up "several tens of times"),
  // summed in the pass over the enterprises above.
  if (observe_enterprises_) {
    const double state_wage = d_.state.state_wage;
    put("nominal_wage_command", n_cmd > 0 ? w_cmd / n_cmd : state_wage);
    put("nominal_wage_responsibility", n_ref > 0 ? w_ref / n_ref : state_wage);
    put("nominal_wage_reformed_light", n_rl > 0 ? w_rl / n_rl : state_wage);
    put("real_wage_reformed_light", (n_rl > 0 ? w_rl / n_rl : state_wage) / cpi);
    put("reformed_enterprise_share", ent_.size() > 0 ? reformed_n / static_cast<double>(ent_.size()) : 0.0);
    put("output_guided", out_guided);
    put("output_other_light", out_other_light);
    put("reputation_guided", rep_guided_n > 0 ? rep_guided / rep_guided_n : 0.0);
    put("reputation_other_light", rep_other_n > 0 ? rep_other / rep_other_n : 0.0);
    put("varieties_fair_participants", fair_n > 0 ? fair_var / fair_n : 0.0);
    put("quality_fair_participants", fair_n > 0 ? fair_q / fair_n : 0.0);
    put("varieties_other", other_n > 0 ? other_var / other_n : 0.0);
    put("quality_other", other_n > 0 ? other_q / other_n : 0.0);
  }

  // Sales by channel (won/month at the prices paid).
  put("sales_state_shops", st_.sales_state_shops);
  put("sales_markets", st_.sales_markets);
  put("sales_wholesale_shops", st_.sales_wholesale);
  put("sales_department_stores", st_.sales_department);
  put("sales_plot_food", st_.sales_plots);
  put("trader_income", st_.trader_income);

  // Investment, budget, money, trade.
  double inv_light = 0, inv_heavy = 0;
  for (size_t k = 0; k < n; ++k) {
    if (d_.in_role(d_.sectors[k], GroupRole::light)) inv_light += st_.investment_units[k];
    if (d_.in_role(d_.sectors[k], GroupRole::heavy)) inv_heavy += st_.investment_units[k];
  }
  put("investment", st_.investment_units_total);
  put("capital_imports", st_.capital_imports_units);
  put("consumer_imports", st_.consumer_imports_usd);
  put("investment_light", inv_light);
  put("investment_heavy", inv_heavy);
  put("investment_local", st_.investment_local);
  put("investment_central", st_.investment_central);
  put("public_consumption", st_.public_units);
  put("defence_absorption", st_.defence_units);
  put("state_revenue", st_.state_revenue);
  put("budget_balance", st_.state_revenue - st_.state_expenditure);
  const auto& stock = acc_.closing;  // read off the agent arrays at close_month
  put("money_supply", stock[0][static_cast<size_t>(Institution::households)] +
                          stock[0][static_cast<size_t>(Institution::enterprises)]);
  put("central_bank_credit", -cb_money_);
  put("exports", st_.exports_usd);
  put("imports", st_.imports_usd);
  put("fx_reserves", fx_state_ / d_.world.exchange_rate);
  if (observe_hardship_) {
    put("hardship_share", st_.hardship_people / population_);
    // households (issue 12, items 4-6)
    put("undernourished_share", undernourished_people_ / population_);
  }
  put("local_share_light_output", st_.light_total > 0 ? st_.light_local / st_.light_total : 0.0);

  // Demand, prices and the external account (issue 12, items 1-3).
  put("underemployment_share", policy::underemployment(st_.labour_used, st_.labour_assigned));
  double food_p = 0, food_w = 0;
  for (size_t k = 0; k < n; ++k)
    if (d_.sectors[k].final_use == FinalUse::food) {
      food_p += market_price_[k] * price_weight_[k];
      food_w += price_weight_[k];
    }
  put("market_rice_price", food_w > 0 ? food_p / food_w / d_.prices.food_kg_per_unit : 0.0);
  put("market_exchange_rate", market_fx_);
  put("cpi_market", policy::price_index(price_weight_, market_price_, price0_));
  put("exports_goods", st_.exports_goods_usd);
  put("imports_goods", st_.imports_goods_usd);
  put("unrecorded_inflows", st_.inflows_usd);
  put("central_bank_loans", st_.cb_loans);

  if (observe_detail_) {
    // By sector and region.
    for (size_t k = 0; k < n; ++k) {
      const int ks = static_cast<int>(k);
      put("output", st_.output[k], ks);
      put("capacity", st_.capacity[k], ks);
      put("utilisation", st_.capacity[k] > 0 ? 12.0 * st_.output[k] / st_.capacity[k] : 0.0, ks);
      const FinalUse u = d_.sectors[k].final_use;
      if (u == FinalUse::food || u == FinalUse::consumer) {
        put("market_price", market_price_[k], ks);
        put("quality_reputation", theta[k], ks);
        put("varieties", varieties[k], ks);
      }
      if (st_.investment_units[k] > 0) put("investment", st_.investment_units[k], ks);
    }
    for (size_t r = 0; r < st_.output_by_region_light.size(); ++r)
      put("light_output", st_.output_by_region_light[r], -1, static_cast<int>(r));
    // households (issue 12, items 4-6)
    const double food_price = food_w > 0 ? food_p / food_w : 0.0;
    for (size_t r = 0; r < hardship_r_.size(); ++r) {
      const int ri = static_cast<int>(r);
      const double pop = population_r_[r] > 0 ? population_r_[r] : 1.0;
      if (observe_hardship_) {
        put("hardship_share", hardship_r_[r] / pop, -1, ri);
        put("undernourished_share", undernourished_r_[r] / pop, -1, ri);
      }
      put("food_per_capita", food_pc_r_[r], -1, ri);
      put("food_price", food_price * food_rel_[r], -1, ri);
    }
  }

  // The scenario's [[aggregates]] (docs/MODEL.md "Sector groups and aggregates").
  for (const AggregateDesc& a : d_.aggregates) s.add(m, s.indicator_id(a.id), aggregate_value(a));
  // Each reform of [[reforms]]: the share of the enterprises it covers that have joined.
  if (with_reforms && observe_enterprises_) {
    for (size_t k = 0; k < d_.reforms.size(); ++k)
      s.add(m, s.indicator_id(reformed_share_name(d_.reforms[k].id)), covered[k] > 0 ? joined[k] / covered[k] : 0.0);
  }

  // The annual plan (plan.method = "lp"), in the month it was made (January): yearly flows.
  if (plan_month_ == m) {
    put("plan_optimal", plan_ok_ ? 1.0 : 0.0);
    if (plan_ok_) {
      put("plan_objective", plan_.objective);
      if (observe_detail_) {
        const bool targets = plan_target_year_ >= YearMonth::from_index(m).year;
        for (size_t k = 0; k < n; ++k) {
          const int ks = static_cast<int>(k);
          put("plan_gross_output", plan_.gross_output[k], ks);
          put("plan_imports", plan_.imports[k], ks);
          put("plan_shadow_price", plan_.shadow_price[k], ks);
          put("plan_capital_allocation", plan_.capital_allocation[k], ks);
          if (targets && plan_target_[k] > 0.0) {
            put("plan_target_output", plan_target_[k], ks);
            put("plan_horizon_output", plan_.horizon_output[k], ks);
          }
        }
      }
    }
  }
}

double Economy::aggregate_value(const AggregateDesc& a) const {
  const auto part = [&](int k) {
    const auto ks = static_cast<size_t>(k);
    switch (a.measure) {
      case AggregateMeasure::output: return st_.output[ks] * d_.sectors[ks].base_price;
      case AggregateMeasure::capacity: return st_.capacity[ks] * d_.sectors[ks].base_price;
      case AggregateMeasure::investment: return st_.investment_units[ks];
    }
    return 0.0;
  };
  std::vector<double> of, over;
  for (int k : a.of) of.push_back(part(k));
  for (int k : a.over) over.push_back(part(k));
  return policy::aggregate_value(of, over, a.share);
}

void Economy::record_final(Series& s) const {
  const int m = month_ - 1;
  auto put = [&](const std::string& name, double v) { s.add(m, s.indicator_id(name), v); };
  // Listed projects: months from the start of investment to full output, and investment
  // per unit of annual output, for the light and heavy roles' groups ("small investment and
  // quicker results"); the indicators are named by the role.
  for (GroupRole role : {GroupRole::light, GroupRole::heavy}) {
    const int g = d_.group_with(role);
    double months = 0, cost = 0, count = 0;
    for (size_t p = 0; p < listed_.size(); ++p) {
      const ProjectDesc& pd = d_.projects[p];
      const auto e = static_cast<size_t>(pd.enterprise);
      if (static_cast<int>(d_.sectors[static_cast<size_t>(ent_.sector[e])].group) != g || !listed_[p].full) continue;
      const double cap = pd.new_build && pd.capacity <= 0.0 ? d_.enterprises[e].capacity : pd.capacity;
      months += listed_[p].full_month - listed_[p].start_month;
      cost += cap > 0 ? pd.cost / (cap * listed_[p].target_efficiency) : 0.0;
      count += 1;
    }
    const std::string name = to_string(role);
    if (count > 0) {
      put("months_to_full_output_" + name, months / count);
      put("investment_per_output_" + name, cost / count);
    }
    put("projects_at_full_output_" + name, count);
  }
  // Incremental capital-output ratio by group over the run: investment / (value added of
  // the last twelve months - value added of the first twelve), from the output by sector
  // recorded each month (none when the run observes aggregates only: then no ICOR).
  if (!observe_detail_) return;
  const auto n = static_cast<size_t>(n_);
  std::vector<double> va_unit(n, 0.0);
  for (size_t k = 0; k < n; ++k) va_unit[k] = unit_value_added(k);
  const int out_id = s.indicator_id("output");
  const int first = d_.start.index(), last = m;
  std::array<double, kMaxGroups> va_first{}, va_last{};
  for (size_t r = 0; r < s.size(); ++r) {
    if (s.indicator[r] != out_id || s.sector[r] < 0) continue;
    const auto k = static_cast<size_t>(s.sector[r]);
    const auto g = static_cast<size_t>(d_.sectors[k].group);
    if (s.month[r] < first + 12) va_first[g] += s.value[r] * va_unit[k];
    if (s.month[r] > last - 12) va_last[g] += s.value[r] * va_unit[k];
  }
  // Every group of the scenario, named by its id: the light and heavy roles' groups first
  // (as above), then the others in the order of [[groups]] (the order of the rows written).
  std::vector<int> order;
  for (GroupRole role : {GroupRole::light, GroupRole::heavy})
    if (const int g = d_.group_with(role); g >= 0) order.push_back(g);
  for (int g = 0; g < d_.n_groups(); ++g)
    if (std::find(order.begin(), order.end(), g) == order.end()) order.push_back(g);
  for (const int gg : order) {
    const auto g = static_cast<Group>(gg);
    const auto gi = static_cast<size_t>(g);
    const double dva = va_last[gi] - va_first[gi];
    double price = 0, cnt = 0;
    for (const SectorDesc& sd : d_.sectors)
      if (sd.group == g) {
        price += sd.base_price;
        cnt += 1;
      }
    const double invested = invested_by_group_[gi] * (cnt > 0 ? price / cnt : 1.0);
    if (dva > 0) put("icor_" + d_.group_id(g), invested / dva);
    put("invested_total_" + d_.group_id(g), invested);
  }
}

}  // namespace lightind::detail
