// lightind: tidy CSV writers — series.csv and accounts.csv.
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lightind/results.hpp"
#include "results/io.hpp"

namespace lightind {

namespace io = detail::results_io;

/// One row per series row, in the order added:
///   date,scenario,run,indicator,sector,region,value
/// date "YYYY-MM"; run = the seed; sector/region empty for -1 (aggregates); value `{:.10g}`,
/// empty when NaN or infinite. The whole file is built in memory and written at once.
std::string series_csv(const RunResult& r) {
  const Series& s = r.series;
  io::check_series(s);
  const io::MonthNames dates(s, {});
  // ",<scenario>,<seed>," is the same on every row.
  const std::string middle = fmt::format(",{},{},", io::csv_field(r.scenario), r.seed);
  std::vector<std::string> indicators, sectors, regions;
  for (const auto& x : s.indicators) indicators.push_back(io::csv_field(x));
  for (const auto& x : s.sectors) sectors.push_back(io::csv_field(x));
  for (const auto& x : s.regions) regions.push_back(io::csv_field(x));

  fmt::memory_buffer buf;
  buf.reserve(64 + s.size() * (middle.size() + 40));
  io::append(buf, "date,scenario,run,indicator,sector,region,value\n");
  for (size_t k = 0; k < s.size(); ++k) {
    io::append(buf, dates(s.month[k]));
    io::append(buf, middle);
    io::append(buf, indicators[static_cast<size_t>(s.indicator[k])]);
    buf.push_back(',');
    if (s.sector[k] >= 0) io::append(buf, sectors[static_cast<size_t>(s.sector[k])]);
    buf.push_back(',');
    if (s.region[k] >= 0) io::append(buf, regions[static_cast<size_t>(s.region[k])]);
    buf.push_back(',');
    io::append_g10(buf, s.value[k]);
    buf.push_back('\n');
  }
  return {buf.data(), buf.size()};
}

void write_series_csv(const RunResult& r, const std::string& path) { io::write_file(path, series_csv(r)); }

/// Every month of r.accounts, every cell: tables "flows" (row Flow, column Institution),
/// "opening" and "closing" (row Instrument, column Institution), then, when r.goods is
/// kept, "goods" (row sector id, column the goods-balance item). Values are written in
/// the shortest form that reads back exactly, so `godley_tables` sums the stored doubles.
void write_accounts_csv(const RunResult& r, const std::string& path) {
  if (!r.goods.empty() && r.goods.size() != r.accounts.size())
    throw std::runtime_error(fmt::format("cannot write {}: {} months of goods balances for {} months of accounts",
                                         path, r.goods.size(), r.accounts.size()));
  static constexpr std::array<const char*, 10> kGoodsColumns = {
      "opening_stock", "output", "imports", "intermediate", "households",
      "investment",    "state",  "exports", "losses",       "closing_stock"};

  fmt::memory_buffer buf;
  io::append(buf, "date,table,row,column,value\n");
  std::string date;
  auto cell = [&](const char* table, std::string_view row, const char* column, double v) {
    io::append(buf, date);
    buf.push_back(',');
    io::append(buf, table);
    buf.push_back(',');
    io::append(buf, row);
    buf.push_back(',');
    io::append(buf, column);
    buf.push_back(',');
    io::append_exact(buf, v);
    buf.push_back('\n');
  };
  auto stocks = [&](const char* table, const auto& m) {
    for (int k = 0; k < kInstrumentCount; ++k)
      for (int i = 0; i < kInstitutionCount; ++i)
        cell(table, to_string(static_cast<Instrument>(k)), to_string(static_cast<Institution>(i)),
             m[static_cast<size_t>(k)][static_cast<size_t>(i)]);
  };
  for (size_t t = 0; t < r.accounts.size(); ++t) {
    const MonthAccounts& m = r.accounts[t];
    if (m.month < 0 || m.month >= io::kMaxMonthIndex)
      throw std::runtime_error(fmt::format("cannot write {}: month index {} is out of range", path, m.month));
    date = YearMonth::from_index(m.month).str();
    for (int f = 0; f < kFlowCount; ++f)
      for (int i = 0; i < kInstitutionCount; ++i)
        cell("flows", to_string(static_cast<Flow>(f)), to_string(static_cast<Institution>(i)),
             m.flows[static_cast<size_t>(f)][static_cast<size_t>(i)]);
    stocks("opening", m.opening);
    stocks("closing", m.closing);
    if (r.goods.empty()) continue;
    const auto& goods = r.goods[t];
    for (size_t s = 0; s < goods.size(); ++s) {
      const std::string id = io::csv_field(s < r.series.sectors.size() ? r.series.sectors[s] : std::to_string(s));
      const GoodsBalance& g = goods[s];
      const std::array<double, 10> v = {g.opening_stock, g.output, g.imports, g.intermediate, g.households,
                                        g.investment,    g.state,  g.exports, g.losses,       g.closing_stock};
      for (size_t c = 0; c < v.size(); ++c) cell("goods", id, kGoodsColumns[c], v[c]);
    }
  }
  io::write_file(path, {buf.data(), buf.size()});
}

}  // namespace lightind
