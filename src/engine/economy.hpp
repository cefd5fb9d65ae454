// lightind: the engine's state (arrays per variable, STYLE.md 10) and the monthly step.
#pragma once

#include <cstdint>
#include <vector>

#include "lightind/accounts.hpp"
#include "lightind/description.hpp"
#include "lightind/series.hpp"

namespace lightind::detail {

/// Enterprises as arrays per variable; index e runs over Description::enterprises.
struct Enterprises {
  std::vector<std::int32_t> sector, region;
  std::vector<std::uint8_t> local;  ///< 1 for local industry
  std::vector<double> capacity;     ///< units per year at efficiency 1
  std::vector<double> efficiency;   ///< share of capacity achieved
  std::vector<double> automation;   ///< 0..1
  std::vector<double> quality;      ///< quality index
  std::vector<double> varieties;    ///< product varieties
  std::vector<double> reputation;   ///< brand reputation index
  std::vector<double> workforce;    ///< workers
  std::vector<double> cash;         ///< won
  std::vector<double> output;       ///< units this month
  std::vector<double> revenue;      ///< won this month
  std::vector<double> cost;         ///< won this month (inputs, imports, wages)
  [[nodiscard]] size_t size() const { return capacity.size(); }
};

/// Household agents as arrays per variable; each stands for `weight` real households.
struct Households {
  std::vector<std::int16_t> region;
  std::vector<std::uint8_t> urban;
  std::vector<double> weight;   ///< real households per agent
  std::vector<double> ability;  ///< earning ability (lognormal, mean 1)
  std::vector<double> cash;     ///< won per real household
  std::vector<double> share;    ///< this month's income weight (ability x shock)
  [[nodiscard]] size_t size() const { return cash.size(); }
};

/// Capacity under construction (investment becoming capacity after its gestation lag).
struct Project {
  int enterprise = 0;
  double capacity = 0;     ///< units per year added on completion
  int complete_month = 0;  ///< YearMonth::index()
};

/// Aggregates of one month that the indicators read.
struct MonthStats {
  std::vector<double> output, potential, capacity;   ///< per sector, units
  std::vector<double> intermediate_use;              ///< per sector, units
  std::vector<double> household_units;               ///< per sector, units bought by households
  std::vector<double> exports_units;                 ///< per sector
  std::vector<double> output_by_region_light;        ///< per region, units of light output
  double wage_bill = 0, workers = 0;
  double household_spending = 0, household_spending_base = 0;  ///< won; the same units at state prices
  double food_units = 0;
  double hardship_people = 0;
  double investment_units = 0, public_units = 0;  ///< won at state prices
  double state_revenue = 0, state_expenditure = 0;
  double exports_usd = 0, imports_usd = 0;
  double light_local = 0, light_total = 0;
};

class Economy {
 public:
  Economy(const Description& d, std::uint64_t seed);

  /// One month: the flat list of phases of the model's timeline (STYLE.md 1).
  void step();

  /// Indicators of the month just stepped, appended to `s`.
  void record(Series& s) const;

  [[nodiscard]] int month() const { return month_; }  ///< the next month to step
  [[nodiscard]] const MonthAccounts& accounts() const { return acc_; }
  [[nodiscard]] const std::vector<GoodsBalance>& goods() const { return goods_; }
  [[nodiscard]] const Enterprises& enterprises() const { return ent_; }
  [[nodiscard]] const Households& households() const { return hh_; }
  [[nodiscard]] const MonthStats& stats() const { return st_; }
  [[nodiscard]] double population() const { return population_; }

  /// Money and FX stocks per institution, read off the agent arrays (not off the ledger).
  [[nodiscard]] std::array<std::array<double, kInstitutionCount>, kInstrumentCount> stocks() const;

 private:
  // Phases, in order. Each is one function over the state; behaviour is in behaviour.hpp.
  void open_month();           // opening stocks, reset the month's flows
  void invest_and_build();     // January: allocate the investment fund; projects complete; depreciation
  void assign_labour();        // workforces move toward the labour their potential output needs
  void ration_materials();     // proportional rationing of domestic inputs and imports
  void produce();              // Leontief production per enterprise
  void pay_wages();            // enterprises and the budget pay wages
  void export_goods();         // the state buys goods for export and sells them abroad
  void buy_state_goods();      // the state buys capital goods (investment fund) and public services
  void household_purchases();  // income, food first (ration, market), then consumer goods (CES)
  void adjust_prices();        // market prices move with excess demand
  void settle_budget();        // surplus remittance, subsidies, central bank advance
  void close_month();          // closing stocks and goods balances

  void post(Flow f, Institution from, Institution to, double amount);
  /// Credits `amount` won to the enterprises of sector k in proportion to their output this
  /// month (their share of the sector's sales).
  void credit_sector(int k, double amount);
  /// The state pays `amount` won to the enterprises of sector k (credit_sector) as flow f.
  void pay_sector(int k, double amount, Flow f);
  [[nodiscard]] double final_available(int k) const;  ///< stock beyond the intermediate reserve

  const Description& d_;
  std::uint64_t seed_;
  int month_;
  int n_;  // sectors
  double population_ = 0;
  double labour_force_ = 0;    ///< persons in the labour force
  double public_workers_ = 0;  ///< persons paid by the budget

  Enterprises ent_;
  Households hh_;
  std::vector<std::vector<int>> by_sector_;  ///< enterprise indices per sector

  // Goods, per sector.
  std::vector<double> stock_;          ///< units in inventory
  std::vector<double> reserve_;        ///< units kept back for next month's intermediate use
  std::vector<double> market_price_;   ///< won per unit
  std::vector<double> price_growth_;   ///< last month's log change
  std::vector<double> material_factor_;  ///< per sector, this month's rationing factor
  std::vector<double> demand_, supply_;  ///< per sector, household market demand and supply (units)
  std::vector<double> price_weight_;   ///< fixed weights of the market price level

  // State and rest of the world.
  double state_money_ = 0, cb_money_ = 0;
  double fx_state_ = 0, fx_row_ = 0;  ///< won-valued at the official rate
  double fund_units_ = 0;             ///< investment fund: capital goods bought, not yet allocated
  std::vector<Project> projects_;

  // Ledger of the month.
  MonthAccounts acc_;
  std::vector<GoodsBalance> goods_;
  MonthStats st_;
  std::vector<double> scratch_;  ///< per-enterprise scratch space
};

}  // namespace lightind::detail
