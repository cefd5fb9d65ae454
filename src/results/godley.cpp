// lightind: `lightind accounts` — one month's Godley tables from a run folder.
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "lightind/results.hpp"
#include "results/io.hpp"

namespace lightind {

namespace io = detail::results_io;

namespace {

constexpr std::array<const char*, 10> kGoodsColumns = {
    "opening_stock", "output", "imports", "intermediate", "households",
    "investment",    "state",  "exports", "losses",       "closing_stock"};

using Stocks = std::array<std::array<double, kInstitutionCount>, kInstrumentCount>;

template <typename Enum, int N>
int index_of(std::string_view name) {
  for (int i = 0; i < N; ++i)
    if (name == to_string(static_cast<Enum>(i))) return i;
  return -1;
}

int goods_column(std::string_view name) {
  for (size_t i = 0; i < kGoodsColumns.size(); ++i)
    if (name == kGoodsColumns[i]) return static_cast<int>(i);
  return -1;
}

double parse_number(const std::string& s, const std::string& file, size_t line) {
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw std::runtime_error(fmt::format("{}:{}: '{}' is not a number", file, line, s));
  return v;
}

void line_end(fmt::memory_buffer& buf) { buf.push_back('\n'); }
void cell(fmt::memory_buffer& buf, double v) {
  buf.push_back(',');
  io::append_g10(buf, v);
}

}  // namespace

/// The month's transaction-flow matrix (rows = flows, columns = institutions, a `sum`
/// column that should be 0 on every row, and a `sum` row of column sums: each institution's
/// net change of stocks), a blank line, the balance sheets (opening and closing, per
/// instrument, with a `sum` column), and, when the run kept them, a blank line and the
/// goods balances (one row per sector, with the residual that should be 0). `{:.10g}`;
/// NaN and infinities print as empty fields.
std::string godley_tables(const std::string& run_dir, const std::string& month) {
  const std::string file = (std::filesystem::path(run_dir) / "accounts.csv").string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw std::runtime_error(fmt::format("no accounts file {}: is {} a run folder written with the accounts kept?",
                                         file, run_dir));
  const std::string text = io::read_file(file);

  std::array<std::array<double, kInstitutionCount>, kFlowCount> flows{};
  Stocks opening{}, closing{};
  std::vector<std::string> goods_ids;
  std::vector<std::array<double, kGoodsColumns.size()>> goods;
  bool found = false;
  std::string first, last;

  std::vector<std::string> f;
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.empty() || line == "\r") continue;
    io::split_csv_line(line, f);
    if (line_no == 1) {
      if (f != std::vector<std::string>{"date", "table", "row", "column", "value"})
        throw std::runtime_error(fmt::format("{}: not an accounts file (header '{}')", file, line));
      continue;
    }
    if (f.size() != 5) throw std::runtime_error(fmt::format("{}:{}: expected 5 fields, got {}", file, line_no, f.size()));
    const std::string& date = f[0];
    if (first.empty() || date < first) first = date;
    if (last.empty() || last < date) last = date;
    if (date != month) continue;
    found = true;
    const std::string &table = f[1], &row = f[2], &column = f[3];
    auto bad = [&](const std::string& what) {
      return std::runtime_error(fmt::format("{}:{}: unknown {} '{}' in table '{}'", file, line_no, what,
                                            what == "column" ? column : row, table));
    };
    const double v = parse_number(f[4], file, line_no);
    if (table == "goods") {
      const int c = goods_column(column);
      if (c < 0) throw bad("column");
      size_t s = 0;
      while (s < goods_ids.size() && goods_ids[s] != row) ++s;
      if (s == goods_ids.size()) {
        goods_ids.push_back(row);
        goods.emplace_back();
      }
      goods[s][static_cast<size_t>(c)] = v;
      continue;
    }
    const int inst = index_of<Institution, kInstitutionCount>(column);
    if (inst < 0) throw bad("column");
    if (table == "flows") {
      const int fl = index_of<Flow, kFlowCount>(row);
      if (fl < 0) throw bad("row");
      flows[static_cast<size_t>(fl)][static_cast<size_t>(inst)] = v;
    } else if (table == "opening" || table == "closing") {
      const int k = index_of<Instrument, kInstrumentCount>(row);
      if (k < 0) throw bad("row");
      (table == "opening" ? opening : closing)[static_cast<size_t>(k)][static_cast<size_t>(inst)] = v;
    } else {
      throw std::runtime_error(fmt::format("{}:{}: unknown table '{}'", file, line_no, table));
    }
  }
  if (!found) {
    if (first.empty()) throw std::runtime_error(fmt::format("month {} is not in {}: it holds no months", month, file));
    throw std::runtime_error(
        fmt::format("month {} is not in {}: it holds {} to {}", month, file, first, last));
  }

  fmt::memory_buffer out;
  std::string header;
  for (int i = 0; i < kInstitutionCount; ++i) header += fmt::format(",{}", to_string(static_cast<Institution>(i)));
  header += ",sum\n";

  // Transaction-flow matrix.
  io::append(out, "flow");
  io::append(out, header);
  std::array<double, kInstitutionCount> column_sum{};
  for (int fl = 0; fl < kFlowCount; ++fl) {
    io::append(out, to_string(static_cast<Flow>(fl)));
    double row_sum = 0;
    for (size_t i = 0; i < kInstitutionCount; ++i) {
      const double v = flows[static_cast<size_t>(fl)][i];
      cell(out, v);
      row_sum += v;
      column_sum[i] += v;
    }
    cell(out, row_sum);
    line_end(out);
  }
  io::append(out, "sum");
  double total = 0;
  for (double v : column_sum) {
    cell(out, v);
    total += v;
  }
  cell(out, total);
  line_end(out);

  // Balance sheets.
  line_end(out);
  io::append(out, "stock,instrument");
  io::append(out, header);
  auto stocks = [&](const char* name, const Stocks& m) {
    for (int k = 0; k < kInstrumentCount; ++k) {
      io::append(out, name);
      out.push_back(',');
      io::append(out, to_string(static_cast<Instrument>(k)));
      double sum = 0;
      for (double v : m[static_cast<size_t>(k)]) {
        cell(out, v);
        sum += v;
      }
      cell(out, sum);
      line_end(out);
    }
  };
  stocks("opening", opening);
  stocks("closing", closing);

  // Goods balances.
  if (!goods.empty()) {
    line_end(out);
    io::append(out, "sector");
    for (const char* c : kGoodsColumns) {
      out.push_back(',');
      io::append(out, c);
    }
    io::append(out, ",residual\n");
    for (size_t s = 0; s < goods.size(); ++s) {
      io::append(out, io::csv_field(goods_ids[s]));
      const auto& g = goods[s];
      for (double v : g) cell(out, v);
      const GoodsBalance b{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9]};
      cell(out, b.residual());
      line_end(out);
    }
  }
  return fmt::to_string(out);
}

}  // namespace lightind
