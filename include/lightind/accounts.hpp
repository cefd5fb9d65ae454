// lightind: the double-entry ledger's public view — transaction-flow matrices and balance
// sheets per month (Godley tables), and the goods balance.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace lightind {

/// Institutional sectors: the columns of the transaction-flow matrix.
enum class Institution : std::uint8_t { households = 0, enterprises, state, central_bank, rest_of_world };
inline constexpr int kInstitutionCount = 5;
const char* to_string(Institution i);

/// Financial instruments whose stocks the ledger tracks.
enum class Instrument : std::uint8_t { money = 0, fx };  ///< won deposits/cash; FX valued in won at the official rate
inline constexpr int kInstrumentCount = 2;
const char* to_string(Instrument i);

/// Kinds of money flow: the rows of the transaction-flow matrix.
enum class Flow : std::uint8_t {
  wages = 0,             ///< enterprises -> households
  public_wages,          ///< state -> households
  intermediate,          ///< enterprises -> enterprises (nets to zero in the column)
  state_procurement,     ///< state -> enterprises: goods delivered at state prices
  state_retail,          ///< households -> state: goods bought in state shops
  market_sales,          ///< households -> state or enterprises: goods bought at market prices
  investment_goods,      ///< state -> enterprises: capital goods for the investment fund
  surplus_remittance,    ///< enterprises -> state: remitted surplus / levy on profit
  export_procurement,    ///< state -> enterprises: goods bought for export (won)
  import_sales,          ///< enterprises -> state: imported inputs sold to enterprises (won)
  exports,               ///< rest of world -> state (FX)
  imports,               ///< state -> rest of world (FX)
  subsidies,             ///< state -> enterprises: losses covered
  central_bank_advance,  ///< central bank -> state: money issued to cover the deficit
  transfers,             ///< rest of world -> state (FX): unrecorded inflows households sell to the state's banks
  fx_sales,              ///< state -> households: won paid at the market rate for the dollars households sell
  central_bank_loans,    ///< central bank -> enterprises: credit to enterprises short of cash (soft budget)
  self_investment,       ///< enterprises -> households: construction labour and local materials of self-built investment
  public_works,          ///< state -> households: labour and local materials of state construction
};
inline constexpr int kFlowCount = 19;
const char* to_string(Flow f);
/// The instrument a flow moves.
Instrument instrument_of(Flow f);

/// One month of the ledger: signed receipts (+) and payments (-) per flow and institution,
/// and the opening and closing stocks per institution and instrument.
struct MonthAccounts {
  int month = 0;  ///< YearMonth::index()
  std::array<std::array<double, kInstitutionCount>, kFlowCount> flows{};
  std::array<std::array<double, kInstitutionCount>, kInstrumentCount> opening{};
  std::array<std::array<double, kInstitutionCount>, kInstrumentCount> closing{};
};

/// Goods balance of one sector in one month, in units.
struct GoodsBalance {
  double opening_stock = 0, output = 0, imports = 0;
  double intermediate = 0, households = 0, investment = 0, state = 0, exports = 0, losses = 0;
  double closing_stock = 0;
  /// output + imports - uses - (closing - opening); zero when the goods balance holds.
  [[nodiscard]] double residual() const {
    return opening_stock + output + imports - intermediate - households - investment - state - exports - losses -
           closing_stock;
  }
};

/// Thrown by the check when an identity fails: names the month, the account and the amount.
class AccountingError : public std::runtime_error {
 public:
  AccountingError(int month, std::string account, double amount);
  /// A value that is not a finite number (NaN or infinite) in `account` ("indicator
  /// employment, sector food") in `month`: "non-finite value in 2015-03: ... is nan".
  static AccountingError non_finite(int month, std::string account, double value);
  int month() const { return month_; }
  const std::string& account() const { return account_; }
  double amount() const { return amount_; }

 private:
  AccountingError(std::string message, int month, std::string account, double amount);
  int month_;
  std::string account_;
  double amount_;
};

/// Verifies one month: every flow row sums to zero, every institution's stocks changed
/// exactly by its flows (per instrument), and every sector's goods balance holds.
/// Tolerance is relative to the size of the flows. Throws AccountingError.
void check_month(const MonthAccounts& m, const std::vector<GoodsBalance>& goods,
                 const std::vector<std::string>& sector_ids, double rel_tol = 1e-9);

}  // namespace lightind
