// lightind: tidy CSV writers — series.csv and accounts.csv.
#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lightind/results.hpp"
#include "results/io.hpp"
#include "results/output.hpp"

namespace lightind {

namespace io = detail::results_io;

namespace {

/// Where the CSV writers put their text: rows are formatted into room() and committed with
/// done(); at most `n` bytes are written into room(n).
class StringSink {
 public:
  explicit StringSink(size_t expected) { text_.resize(expected); }
  char* room(size_t n) {
    if (used_ + n > text_.size()) text_.resize(std::max(2 * text_.size(), used_ + n));
    return text_.data() + used_;
  }
  void done(char* end) { used_ = static_cast<size_t>(end - text_.data()); }
  std::string take() {
    text_.resize(used_);
    return std::move(text_);
  }

 private:
  std::string text_;
  size_t used_ = 0;
};

/// A file written through a small buffer as it fills (no copy of the whole text in memory),
/// synced when finished (output::SyncedFile).
class FileSink {
 public:
  explicit FileSink(const std::string& path) : file_(path), buf_(kChunk) {}
  char* room(size_t n) {
    if (used_ + n > buf_.size()) {
      flush();
      if (n > buf_.size()) buf_.resize(n);
    }
    return buf_.data() + used_;
  }
  void done(char* end) { used_ = static_cast<size_t>(end - buf_.data()); }
  void finish() {
    flush();
    file_.close();
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 18;
  void flush() {
    file_.write({buf_.data(), used_});
    used_ = 0;
  }
  detail::output::SyncedFile file_;
  std::vector<char> buf_;
  size_t used_ = 0;
};

inline char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

size_t longest(const std::vector<std::string>& v) {
  size_t n = 0;
  for (const auto& x : v) n = std::max(n, x.size());
  return n;
}

/// The text of series.csv (see series_csv) once the series is checked: constructing it
/// throws for a series that cannot be written, before any file is created.
class SeriesText {
 public:
  explicit SeriesText(const RunResult& r) : r_(r), dates_((io::check_series(r.series), r.series), {}) {
    const Series& s = r.series;
    // ",<scenario>,<seed>," is the same on every row.
    middle_ = fmt::format(",{},{},", io::csv_field(r.scenario), r.seed);
    for (const auto& x : s.indicators) indicators_.push_back(io::csv_field(x));
    for (const auto& x : s.sectors) sectors_.push_back(io::csv_field(x));
    for (const auto& x : s.regions) regions_.push_back(io::csv_field(x));
    // The longest row: date, the middle, the names, three commas, the value, the line end.
    row_ = 7 + middle_.size() + longest(indicators_) + longest(sectors_) + longest(regions_) + 3 + io::kNumberRoom + 1;
  }

  template <typename Sink>
  void rows(Sink& out) const {
    const Series& s = r_.series;
    const std::string_view head = "date,scenario,run,indicator,sector,region,value\n";
    out.done(put(out.room(head.size()), head));
    for (size_t k = 0; k < s.size(); ++k) {
      char* p = out.room(row_);
      p = put(p, dates_(s.month[k]));
      p = put(p, middle_);
      p = put(p, indicators_[static_cast<size_t>(s.indicator[k])]);
      *p++ = ',';
      if (s.sector[k] >= 0) p = put(p, sectors_[static_cast<size_t>(s.sector[k])]);
      *p++ = ',';
      if (s.region[k] >= 0) p = put(p, regions_[static_cast<size_t>(s.region[k])]);
      *p++ = ',';
      p = io::write_g10(p, s.value[k]);
      *p++ = '\n';
      out.done(p);
    }
  }

 private:
  const RunResult& r_;
  io::MonthNames dates_;
  std::string middle_;
  std::vector<std::string> indicators_, sectors_, regions_;
  size_t row_ = 0;
};

}  // namespace

/// One row per series row, in the order added:
///   date,scenario,run,indicator,sector,region,value
/// date "YYYY-MM"; run = the seed; sector/region empty for -1 (aggregates); value `{:.10g}`,
/// empty when NaN or infinite.
std::string series_csv(const RunResult& r) {
  const SeriesText text(r);
  StringSink out(64 + r.series.size() * 80);
  text.rows(out);
  return out.take();
}

void write_series_csv(const RunResult& r, const std::string& path) {
  const SeriesText text(r);
  FileSink out(path);
  text.rows(out);
  out.finish();
}

/// Every month of r.accounts, every cell: tables "flows" (row Flow, column Institution),
/// "opening" and "closing" (row Instrument, column Institution), then, when r.goods is
/// kept, "goods" (row sector id, column the goods-balance item). Values are written in
/// the shortest form that reads back exactly, so `godley_tables` sums the stored doubles.
void write_accounts_csv(const RunResult& r, const std::string& path) {
  if (!r.goods.empty() && r.goods.size() != r.accounts.size())
    throw std::runtime_error(fmt::format("cannot write {}: {} months of goods balances for {} months of accounts",
                                         path, r.goods.size(), r.accounts.size()));
  for (const MonthAccounts& m : r.accounts)
    if (m.month < 0 || m.month >= io::kMaxMonthIndex)
      throw std::runtime_error(fmt::format("cannot write {}: month index {} is out of range", path, m.month));
  static constexpr std::array<const char*, 10> kGoodsColumns = {
      "opening_stock", "output", "imports", "intermediate", "households",
      "investment",    "state",  "exports", "losses",       "closing_stock"};

  // Every cell's ",table,row,column," is the same each month: made once.
  auto cell_text = [](const char* table, std::string_view row, const char* column) {
    return fmt::format(",{},{},{},", table, row, column);
  };
  std::vector<std::string> flows, opening, closing, goods;
  for (int f = 0; f < kFlowCount; ++f)
    for (int i = 0; i < kInstitutionCount; ++i)
      flows.push_back(cell_text("flows", to_string(static_cast<Flow>(f)), to_string(static_cast<Institution>(i))));
  for (int k = 0; k < kInstrumentCount; ++k)
    for (int i = 0; i < kInstitutionCount; ++i) {
      opening.push_back(cell_text("opening", to_string(static_cast<Instrument>(k)), to_string(static_cast<Institution>(i))));
      closing.push_back(cell_text("closing", to_string(static_cast<Instrument>(k)), to_string(static_cast<Institution>(i))));
    }
  size_t goods_sectors = 0;
  for (const auto& g : r.goods) goods_sectors = std::max(goods_sectors, g.size());
  for (size_t s = 0; s < goods_sectors; ++s) {
    const std::string id = io::csv_field(s < r.series.sectors.size() ? r.series.sectors[s] : std::to_string(s));
    for (const char* column : kGoodsColumns) goods.push_back(cell_text("goods", id, column));
  }
  const size_t row = 7 + std::max({longest(flows), longest(opening), longest(closing), longest(goods)}) +
                     io::kNumberRoom + 1;

  FileSink out(path);
  const std::string_view head = "date,table,row,column,value\n";
  out.done(put(out.room(head.size()), head));
  std::string date;
  auto cell = [&](const std::string& text, double v) {
    char* p = out.room(row);
    p = put(p, date);
    p = put(p, text);
    p = io::write_exact(p, v);
    *p++ = '\n';
    out.done(p);
  };
  auto stocks = [&](const std::vector<std::string>& text, const auto& m) {
    for (int k = 0; k < kInstrumentCount; ++k)
      for (int i = 0; i < kInstitutionCount; ++i)
        cell(text[static_cast<size_t>(k * kInstitutionCount + i)], m[static_cast<size_t>(k)][static_cast<size_t>(i)]);
  };
  for (size_t t = 0; t < r.accounts.size(); ++t) {
    const MonthAccounts& m = r.accounts[t];
    date = YearMonth::from_index(m.month).str();
    for (int f = 0; f < kFlowCount; ++f)
      for (int i = 0; i < kInstitutionCount; ++i)
        cell(flows[static_cast<size_t>(f * kInstitutionCount + i)], m.flows[static_cast<size_t>(f)][static_cast<size_t>(i)]);
    stocks(opening, m.opening);
    stocks(closing, m.closing);
    if (r.goods.empty()) continue;
    const auto& g_month = r.goods[t];
    for (size_t s = 0; s < g_month.size(); ++s) {
      const GoodsBalance& g = g_month[s];
      const std::array<double, 10> v = {g.opening_stock, g.output, g.imports, g.intermediate, g.households,
                                        g.investment,    g.state,  g.exports, g.losses,       g.closing_stock};
      for (size_t c = 0; c < v.size(); ++c) cell(goods[s * kGoodsColumns.size() + c], v[c]);
    }
  }
  out.finish();
}

}  // namespace lightind
