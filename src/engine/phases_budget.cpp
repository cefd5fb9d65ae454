// lightind: the state budget — surplus remittance, subsidies, money issued.
#include <algorithm>

#include "engine/economy.hpp"

namespace lightind::detail {

void Economy::settle_budget() {
  // Command regime: a share of each enterprise's surplus (revenue - costs) is remitted.
  double remitted = 0.0;
  for (size_t e = 0; e < ent_.size(); ++e) {
    const double profit = ent_.revenue[e] - ent_.cost[e];
    const double r = d_.state.surplus_remittance * std::max(0.0, profit);
    ent_.cash[e] -= r;
    remitted += r;
  }
  post(Flow::surplus_remittance, Institution::enterprises, Institution::state, remitted);
  state_money_ += remitted;
  st_.state_revenue += remitted;
  // Soft budget constraint: enterprises left without cash are subsidised back to zero.
  double subsidy = 0.0;
  for (size_t e = 0; e < ent_.size(); ++e)
    if (ent_.cash[e] < 0.0) {
      subsidy -= ent_.cash[e];
      ent_.cash[e] = 0.0;
    }
  post(Flow::subsidies, Institution::state, Institution::enterprises, subsidy);
  state_money_ -= subsidy;
  st_.state_expenditure += subsidy;
  // A deficit the state cannot pay from its deposits is covered by the central bank.
  if (state_money_ < 0.0) {
    const double advance = -state_money_;
    post(Flow::central_bank_advance, Institution::central_bank, Institution::state, advance);
    cb_money_ -= advance;
    state_money_ = 0.0;
  }
}

}  // namespace lightind::detail
