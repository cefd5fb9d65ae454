// lightind: names of the ledger's rows and columns, and the monthly identity check.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "lightind/accounts.hpp"
#include "lightind/description.hpp"

namespace lightind {

const char* to_string(Institution i) {
  switch (i) {
    case Institution::households: return "households";
    case Institution::enterprises: return "enterprises";
    case Institution::state: return "state";
    case Institution::central_bank: return "central_bank";
    case Institution::rest_of_world: return "rest_of_world";
  }
  return "?";
}

const char* to_string(Instrument i) { return i == Instrument::money ? "money" : "fx"; }

const char* to_string(Flow f) {
  switch (f) {
    case Flow::wages: return "wages";
    case Flow::public_wages: return "public_wages";
    case Flow::intermediate: return "intermediate";
    case Flow::state_procurement: return "state_procurement";
    case Flow::state_retail: return "state_retail";
    case Flow::market_sales: return "market_sales";
    case Flow::investment_goods: return "investment_goods";
    case Flow::surplus_remittance: return "surplus_remittance";
    case Flow::export_procurement: return "export_procurement";
    case Flow::import_sales: return "import_sales";
    case Flow::exports: return "exports";
    case Flow::imports: return "imports";
    case Flow::subsidies: return "subsidies";
    case Flow::central_bank_advance: return "central_bank_advance";
    case Flow::transfers: return "transfers";
    case Flow::fx_sales: return "fx_sales";
    case Flow::central_bank_loans: return "central_bank_loans";
    case Flow::self_investment: return "self_investment";
    case Flow::public_works: return "public_works";
  }
  return "?";
}

Instrument instrument_of(Flow f) {
  return (f == Flow::exports || f == Flow::imports || f == Flow::transfers) ? Instrument::fx : Instrument::money;
}

AccountingError::AccountingError(int month, std::string account, double amount)
    : std::runtime_error(fmt::format("accounting check failed in {}: {} is off by {:.6g}",
                                     YearMonth::from_index(month).str(), account, amount)),
      month_(month),
      account_(std::move(account)),
      amount_(amount) {}

AccountingError::AccountingError(std::string message, int month, std::string account, double amount)
    : std::runtime_error(std::move(message)), month_(month), account_(std::move(account)), amount_(amount) {}

AccountingError AccountingError::non_finite(int month, std::string account, double value) {
  std::string message = fmt::format("non-finite value in {}: {} is {}", YearMonth::from_index(month).str(), account, value);
  return AccountingError(std::move(message), month, std::move(account), value);
}

void check_month(const MonthAccounts& m, const std::vector<GoodsBalance>& goods,
                 const std::vector<std::string>& sector_ids, double rel_tol) {
  // Scale of the month's money: tolerances are relative to it.
  double scale = 1.0;
  for (const auto& row : m.flows)
    for (double v : row) scale = std::max(scale, std::abs(v));
  for (int k = 0; k < kInstrumentCount; ++k)
    for (int c = 0; c < kInstitutionCount; ++c) scale = std::max(scale, std::abs(m.opening[k][c]));
  const double tol = rel_tol * scale;

  // 1. Every transaction is paid by one institution and received by another: rows sum to 0.
  for (int f = 0; f < kFlowCount; ++f) {
    double s = 0;
    for (int c = 0; c < kInstitutionCount; ++c) s += m.flows[f][c];
    if (!(std::abs(s) <= tol))  // NaN fails too
      throw AccountingError(m.month, fmt::format("flow row '{}'", to_string(static_cast<Flow>(f))), s);
  }
  // 2. Stocks change exactly by flows: per institution and instrument.
  for (int k = 0; k < kInstrumentCount; ++k) {
    for (int c = 0; c < kInstitutionCount; ++c) {
      double net = 0;
      for (int f = 0; f < kFlowCount; ++f)
        if (static_cast<int>(instrument_of(static_cast<Flow>(f))) == k) net += m.flows[f][c];
      const double change = m.closing[k][c] - m.opening[k][c];
      if (!(std::abs(change - net) <= tol))
        throw AccountingError(m.month,
                              fmt::format("{} of {} (stock change {:.6g}, net flows {:.6g})",
                                          to_string(static_cast<Instrument>(k)),
                                          to_string(static_cast<Institution>(c)), change, net),
                              change - net);
    }
  }
  // 3. Goods balance per sector.
  for (size_t s = 0; s < goods.size(); ++s) {
    const GoodsBalance& g = goods[s];
    const double gscale = std::max({1.0, g.output, g.opening_stock, g.closing_stock, g.imports});
    const double r = g.residual();
    if (!(std::abs(r) <= rel_tol * gscale * 10))
      throw AccountingError(m.month, fmt::format("goods balance of sector '{}'", s < sector_ids.size() ? sector_ids[s] : std::to_string(s)), r);
  }
}

}  // namespace lightind
