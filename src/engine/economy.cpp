// lightind: the monthly step and the ledger postings. The opening state is built in
// init.cpp; the phases themselves are in phases_*.cpp; the indicators in record.cpp.
#include "engine/economy.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "engine/behaviour.hpp"
#include "engine/parallel.hpp"

namespace lightind::detail {

// One phase of step(), timed into profile_ ("step/<phase>") when `run --profile` asked for
// it (STYLE.md 14, Box2D's b2Profile); off, the call alone behind one branch.
#define PHASE(call)                                         \
  do {                                                      \
    if (profile_ == nullptr) {                              \
      call;                                                 \
    } else {                                                \
      const auto phase_t0 = std::chrono::steady_clock::now(); \
      call;                                                 \
      note_phase(profile_, #call, phase_t0);                \
    }                                                       \
  } while (false)

namespace {

/// Adds the time since `t0` to `p`'s entry "step/<name of the call>".
void note_phase(Profile* p, std::string_view call, std::chrono::steady_clock::time_point t0) {
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  p->add("step/" + std::string(call.substr(0, call.find('('))), s);
}

}  // namespace

void Economy::step() {
  PHASE(open_month());                  // opening stocks; the month's ledger starts empty
  PHASE(apply_policy_events());         // dated changes of priorities (2013-01, 2013-03-18, 2018-04, 2021-01 ...)
  PHASE(apply_shocks());                // sanctions, border closure and disasters in force this month
  PHASE(switch_regimes());              // enterprises join the enterprise-responsibility reform as it phases in
  PHASE(guidance_visits());             // on-site guidance raises a factory's efficiency and draws resources to it
  PHASE(hold_fairs());                  // merchandise fairs move reputation to the winners
  PHASE(spread_brands());               // local brands ("Kaesong Koryo ginseng") lend their name to their region
  PHASE(plan_year());                   // January, plan.method = "lp": the annual plan LP from the economy's current state
  PHASE(invest_and_build());            // projects draw on the fund; January: the plan allocates the rest; completions
  PHASE(assign_labour());               // the labour administration moves workers toward where capacity needs them
  PHASE(update_efficiency());           // restoration toward normal output; the incentive of wages by work
  PHASE(plan_output());                 // output planned from expected demand and the inventory target
  PHASE(ration_materials());            // scarce domestic inputs and imports rationed by priority, then in proportion
  PHASE(produce());                     // Leontief production: least of capacity x efficiency, labour, inputs
  PHASE(pay_wages());                   // state wages, wages by work, public wages
  PHASE(export_goods());                // the state buys export goods and sells them abroad for FX
  PHASE(buy_state_goods());             // investment fund, public services, defence
  SalesMonth sales;                     // household purchases, phase to phase:
  PHASE(consumer_imports(sales));       // state trading companies buy consumer goods abroad
  PHASE(offer_by_channel(sales));       // supply by channel: state shops (ration, bundle), department stores, markets
  PHASE(household_income(sales));       // wages and income shares arrive; plans at full supply
  PHASE(food_market(sales));            // market food clears by rationing buyers or sellers
  PHASE(consumer_goods_market(sales));  // consumer goods at market by CES shares over varieties and quality
  // Persons in hardship and undernourished, from each agent's food: they only observe, so with
  // a second thread they are counted beside the phases below (joined at the end), and not at
  // all in the spin-up, whose months are not recorded (record() is their one reader).
  const bool observe_hardship = observe_hardship_ && month_ >= d_.start.index();
  const bool beside = observe_hardship && second_thread();
  PHASE(settle_sales(sales, beside));   // sellers paid by channel, purchases, plot food and trade margins
  if (beside) beside_.run([this, fill = sales.buyer_fill_r] { count_hardship(fill, true); });
  else if (observe_hardship) PHASE(count_hardship(sales.buyer_fill_r, false));  // FAO's method
  PHASE(adjust_prices());               // market prices move with excess demand and toward unit cost x mark-up
  PHASE(fx_market());                   // the market exchange rate moves with the dollar order flow
  PHASE(settle_budget());               // remittance or levy, retained profit, subsidies, central bank
  PHASE(close_month());                 // closing stocks and goods balances for the ledger check
  PHASE(update_expectations());         // expected demand follows this month's demand
  if (beside) {
    const auto t0 = std::chrono::steady_clock::now();
    beside_.wait();
    if (profile_ != nullptr) {
      profile_->add("step/count_hardship (wait)", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      profile_->add("beside/count_hardship", beside_.seconds);
    }
  }
  ++month_;
}

bool Economy::second_thread() {
  return tbb::this_task_arena::max_concurrency() > 1 &&
         tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) > 1;
}
#undef PHASE

void Economy::post(Flow f, Institution from, Institution to, double amount) {
  auto& row = acc_.flows[static_cast<size_t>(f)];
  row[static_cast<size_t>(from)] -= amount;
  row[static_cast<size_t>(to)] += amount;
}

void Economy::end_spin_up() {
  events_.clear();
  std::fill(invested_by_group_.begin(), invested_by_group_.end(), 0.0);
}

void Economy::credit_sector(int k, double amount, const std::vector<double>& weight, double total) {
  // Over the sector's runs of consecutive enterprises (its members in enterprise order).
  const auto ks = static_cast<size_t>(k);
  const double* w = weight.data();
  double* __restrict cash = ent_.cash.data();
  double* __restrict revenue = ent_.revenue.data();
  if (total > 0) {
    for (const SectorRun& run : sector_runs_of_[ks])
      for (size_t e = run.begin; e < run.end; ++e) {
        const double share = w[e] / total;
        cash[e] += amount * share;
        revenue[e] += amount * share;
      }
  } else {
    const double share = 1.0 / static_cast<double>(sector_size_[ks]);
    for (const SectorRun& run : sector_runs_of_[ks])
      for (size_t e = run.begin; e < run.end; ++e) {
        cash[e] += amount * share;
        revenue[e] += amount * share;
      }
  }
}

void Economy::pay_sector(int k, double amount, Flow f) {
  if (amount == 0.0) return;
  // By output, after produce: the sector's output total is st_.output[k], the sum of its
  // members' output in member order from zero (produce), the very total credit_sector would
  // add up again (issue 16: one pass over the members instead of two).
  credit_sector(k, amount, ent_.output, st_.output[static_cast<size_t>(k)]);
  state_money_ -= amount;
  st_.state_expenditure += amount;
  post(f, Institution::state, Institution::enterprises, amount);
}

double Economy::final_available(int k) const {
  return std::max(0.0, stock_[static_cast<size_t>(k)] - reserve_[static_cast<size_t>(k)]);
}

double Economy::consumer_price_level() const {
  double p = 0.0, w = 0.0;
  for (size_t k = 0; k < static_cast<size_t>(n_); ++k)
    if (d_.sectors[k].final_use == FinalUse::consumer) {
      p += price_weight_[k] * market_price_[k];
      w += price_weight_[k];
    }
  return w > 0.0 ? p / w : 0.0;
}

void Economy::sector_offer(std::vector<double>& varieties, std::vector<double>& theta,
                           std::vector<double>& theta_weight) const {
  const auto n = static_cast<size_t>(n_);
  varieties.assign(n, 0.0);
  theta.assign(n, 0.0);
  theta_weight.assign(n, 0.0);
  const double* output = ent_.output.data();
  const double* var = ent_.varieties.data();
  const double* quality = ent_.quality.data();
  const double* reputation = ent_.reputation.data();
  for (const SectorRun& run : sector_runs_) {
    const size_t k = run.sector;
    double v = varieties[k], t = theta[k], w = theta_weight[k];
    for (size_t e = run.begin; e < run.end; ++e) {
      if (output[e] <= 0.0) continue;
      v += var[e];
      t += quality[e] * reputation[e] * output[e];
      w += output[e];
    }
    varieties[k] = v, theta[k] = t, theta_weight[k] = w;
  }
  for (size_t k = 0; k < n; ++k) theta[k] = theta_weight[k] > 0 ? theta[k] / theta_weight[k] : 0.0;
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
  // The opening stocks are last month's closing ones when close_month took them: nothing
  // moves money between there and here (update_expectations, the run's record and checks only
  // read), so they are the same sums, bit for bit, without another pass over the agents.
  const auto opening = closing_held_ ? acc_.closing : stocks();
  closing_held_ = false;
  acc_ = MonthAccounts{};
  acc_.month = month_;
  acc_.opening = opening;
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
  closing_held_ = true;
  for (size_t k = 0; k < goods_.size(); ++k) {
    goods_[k].closing_stock = stock_[k];
    year_output_[k] += st_.output[k];
  }
}

}  // namespace lightind::detail
