// lightind: the month's settlement — remittance (command) or levy and retained profit
// (enterprise responsibility), development and self-investment, subsidies, the budget's
// surplus and the central bank.
#include <algorithm>
#include <cmath>

#include "engine/economy.hpp"
#include "policy/projects.hpp"
#include "policy/reform.hpp"
#include "policy/wages.hpp"

namespace lightind::detail {

void Economy::settle_budget() {
  // The market price level relative to state prices: what a won of retained profit buys.
  const double premium = market_premium();
  double remitted = 0.0, bought_units = 0.0, bought_won = 0.0, self_built = 0.0;
  for (const SectorRun& run : sector_runs_) {  // the runs cover every enterprise
    const SectorDesc& s = d_.sectors[run.sector];
    for (size_t e = run.begin; e < run.end; ++e) {
      // What its output earned this month beyond its non-labour costs: next month's pay of a
      // farm paid from its output (state.farm_pay_from_output, pay_wages).
      farm_earned_[e] = policy::output_earnings(ent_.revenue[e], ent_.cost[e], ent_paid_[e]);
      // Profit of the month: revenue less running costs. Last month's wages by work and
      // development pay were shares of last month's profit, not costs of this month: counting
      // them again would leave a share of every month's revenue undistributed (the cash piled
      // up in reformed enterprises once the rule that paid out excess cash was deleted).
      const double profit = ent_.revenue[e] - (ent_.cost[e] - ent_.bonus_paid[e]);
      if (profit <= 0.0) continue;
      if (!reformed(e)) {
        // Command: the surplus is remitted ("surplus remitted").
        const double r = policy::command_remittance(profit, d_.state.surplus_remittance);
        ent_.cash[e] -= r;
        remitted += r;
        continue;
      }
      const ReformDesc& rf = terms(e);  // its reform's terms and rights
      const bool develop = rights(e) && rf.product_development, improve = rights(e) && rf.quality_management;
      // Enterprise responsibility: a levy on profit; the rest is kept and split into wages by
      // work (paid next month), development (new varieties, quality) and own investment.
      const policy::ProfitSplit split =
          policy::split_profit(profit, rf.profit_levy, rf.wage_fund_share, ent_.development_share[e], develop || improve);
      ent_.cash[e] -= split.levy;
      remitted += split.levy;
      ent_.wage_fund[e] += split.wage_fund;
      const double dev = split.development;
      if (dev > 0.0) {
        // Development staff are paid next month; the new varieties and quality come now. A new
        // variety costs real resources (issue 12, item 6): variety_labour worker-months of staff
        // at the enterprise's wage and variety_inputs won of inputs at state prices, per variety
        // it already has; each 0.01 of quality costs quality_cost months of its output value
        // per unit of quality it has: the more it offers, the dearer the next step.
        ent_.dev_pay[e] += dev;
        // Both at market values, like the funds that pay for them: the month's value of its
        // capacity (not of this month's output, which a plan or a closure may leave near zero),
        // development staff at what a worker earns in the market economy, inputs at the
        // market-to-state price ratio.
        const double month_value = std::max(1.0, ent_.capacity[e] / 12.0 * s.state_price * premium);
        const double variety_cost = policy::variety_unit_cost(rf.variety_labour, market_wage_, rf.variety_inputs * premium);
        const policy::DevelopmentGain gain = policy::development_gain(dev, develop, improve, month_value, ent_.varieties[e],
                                                                      ent_.quality[e], variety_cost, rf.quality_cost);
        ent_.varieties[e] += gain.varieties;
        ent_.quality[e] += gain.quality;
      }
      // Own investment: capital goods bought from the state's fund at market-level prices.
      const double invest_won = split.investment;
      const double units = std::min(fund_units_ - bought_units, invest_won / (s.state_price * premium));
      double spent = 0.0;
      if (units > 0.0) {
        const double won = units * s.state_price * premium;
        ent_.cash[e] -= won;
        spent = won;
        bought_units += units;
        bought_won += won;
        projects_.push_back({static_cast<int>(e), policy::capacity_added(units, s.capital_per_unit), month_ + s.gestation_months, -1});
        note_investment(e, units);
      }
      // What the fund cannot supply the enterprise builds by its own means ("self-reliance"):
      // construction labour and local materials bought from households at market prices,
      // capital of the same real value (won / (state price x premium)). Its investment
      // hunger is met by the second economy rather than hoarded (Kornai 1980, ch. 9).
      const double rest = std::max(0.0, std::min(invest_won - spent, ent_.cash[e]));
      if (rest > 0.0) {
        const double self_units = rest / (s.state_price * premium);
        ent_.cash[e] -= rest;
        self_built += rest;
        projects_.push_back({static_cast<int>(e), policy::capacity_added(self_units, s.capital_per_unit), month_ + s.gestation_months, -1});
        note_investment(e, self_units);
      }
    }
  }
  fund_units_ -= bought_units;
  // Self-built investment: its won go to the households who build and supply, alike per
  // household (no data on who they are).
  if (self_built > 0.0) {
    post(Flow::self_investment, Institution::enterprises, Institution::households, self_built);
    pay_households_alike(self_built);
    st_.self_investment = self_built;
  }
  // A command enterprise remits its cash beyond two months of running costs. A reformed one
  // keeps it: its wages by work are its wage fund out of profit and nothing else (issue 12,
  // item 5; no rule turns surplus cash into wages).
  // Soft budget constraint (Kornai 1986, "The soft budget constraint"): enterprises left
  // without cash borrow from the central bank back to zero; the credit is new money and is
  // not called in. In the same pass, after the remittance of the enterprise's excess cash
  // (each sum still adds in enterprise order).
  double credit = 0.0;
  for (size_t e = 0; e < ent_.size(); ++e) {
    if (!reformed(e)) {
      const double running = ent_.cost[e] - ent_.bonus_paid[e];
      const double excess = policy::excess_cash(ent_.cash[e], ent_.wage_fund[e], ent_.dev_pay[e], running);
      if (!(excess <= 0.0)) {  // as the skip of excess <= 0 before (a NaN is remitted)
        ent_.cash[e] -= excess;
        remitted += excess;
      }
    }
    if (ent_.cash[e] < 0.0) {
      credit -= ent_.cash[e];
      ent_.cash[e] = 0.0;
    }
  }
  post(Flow::surplus_remittance, Institution::enterprises, Institution::state, remitted);
  post(Flow::investment_goods, Institution::enterprises, Institution::state, bought_won);
  state_money_ += remitted + bought_won;
  st_.state_revenue += remitted + bought_won;
  post(Flow::central_bank_loans, Institution::central_bank, Institution::enterprises, credit);
  cb_money_ -= credit;
  st_.cb_loans = credit;
  // A deficit the state cannot pay from its deposits is covered by the central bank.
  if (state_money_ < 0.0) {
    const double advance = -state_money_;
    post(Flow::central_bank_advance, Institution::central_bank, Institution::state, advance);
    cb_money_ -= advance;
    state_money_ = 0.0;
  }
  // Public works: the budget spends a share of its deposits on state construction (housing,
  // streets, resorts, factories), whose labour and local materials it buys from households at
  // market prices; what they build is capital of the same real value for the investment fund.
  // A socialist budget spends what it collects (Kornai 1992, ch. 8); in the stock-flow
  // consistent closure the state's spending returns its revenue to circulation (Godley and
  // Lavoie 2007, ch. 3). Without it the levy on reformed enterprises piles up in the budget
  // and market prices fall year after year.
  if (state_money_ > 0.0 && d_.state.public_works_share > 0.0)
    state_construction(d_.state.public_works_share * state_money_, premium);
}

double Economy::market_premium() const {
  double pm = 0.0, ps = 0.0;
  for (size_t k = 0; k < static_cast<size_t>(n_); ++k) {
    pm += market_price_[k] * price_weight_[k];
    ps += d_.sectors[k].state_price * price_weight_[k];
  }
  return ps > 0 ? pm / ps : 1.0;
}

void Economy::pay_households_alike(double won) {
  const double per_household = won / hh_weight_total_;
  for (double& c : hh_.cash) c += per_household;
}

void Economy::state_construction(double spend, double premium) {
  post(Flow::public_works, Institution::state, Institution::households, spend);
  state_money_ -= spend;
  st_.state_expenditure += spend;
  pay_households_alike(spend);
  double ps = 0.0, w = 0.0;  // the fund's units are valued at the mean state price x premium
  for (size_t k = 0; k < static_cast<size_t>(n_); ++k)
    if (taut_[k]) {
      ps += d_.sectors[k].state_price;
      w += 1.0;
    }
  const double unit_won = (w > 0.0 ? ps / w : 1.0) * premium;
  fund_units_ += spend / unit_won;
  st_.public_works += spend;
}

}  // namespace lightind::detail
