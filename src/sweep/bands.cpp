// lightind: quantile bands across the runs of a setting (bands.csv).
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "lightind/sweep.hpp"
#include "results/io.hpp"
#include "results/sqlite.hpp"

namespace lightind::sweep {

namespace io = detail::results_io;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Type 7 on an ascending, NaN-free range.
double quantile_sorted(const std::vector<double>& x, double p) {
  if (x.empty()) return kNaN;
  const double h = static_cast<double>(x.size() - 1) * p;
  const double lo = std::floor(h);
  const auto i = static_cast<size_t>(lo);
  if (i + 1 >= x.size()) return x.back();
  return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

void drop_nan_and_sort(std::vector<double>& v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  std::sort(v.begin(), v.end());
}
}  // namespace

double quantile(std::vector<double> values, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument(fmt::format("quantile: p = {} is not in [0, 1]", p));
  drop_nan_and_sort(values);
  return quantile_sorted(values, p);
}

std::array<double, 5> band(std::vector<double> values) {
  drop_nan_and_sort(values);
  std::array<double, 5> q{};
  for (size_t k = 0; k < q.size(); ++k) q[k] = quantile_sorted(values, kBandQuantiles[k]);
  return q;
}

std::uint16_t Names::id(int column, std::string_view name) {
  auto& ids = ids_[static_cast<size_t>(column)];
  const auto it = ids.find(std::string(name));
  if (it != ids.end()) return it->second;
  auto& names = names_[static_cast<size_t>(column)];
  if (names.size() >= 0xfffe) throw std::runtime_error("sweep: more than 65534 distinct names in one column");
  names.emplace_back(name);
  const auto id = static_cast<std::uint16_t>(names.size());
  ids.emplace(std::string(name), id);
  return id;
}

Rows to_rows(const Series& s, Names& names) {
  Rows r;
  r.key.reserve(s.size());
  r.value.reserve(s.size());
  // Ids per index of the series' own lists, looked up once.
  std::unordered_map<int, std::uint16_t> months;
  std::vector<std::uint16_t> ind, sec, reg;
  for (const auto& n : s.indicators) ind.push_back(names.id(1, n));
  for (const auto& n : s.sectors) sec.push_back(names.id(2, n));
  for (const auto& n : s.regions) reg.push_back(names.id(3, n));
  // Series by series, month by month: the order the results database keeps (schema 2,
  // results/sqlite.hpp) and Store::read returns, so that bands from memory and from the
  // database come out alike.
  for (const auto& series : detail::results_db::pack(s, false)) {
    for (const size_t k : series.rows) {
      auto it = months.find(s.month[k]);
      if (it == months.end()) it = months.emplace(s.month[k], names.id(0, YearMonth::from_index(s.month[k]).str())).first;
      const std::uint16_t sector = s.sector[k] >= 0 ? sec[static_cast<size_t>(s.sector[k])] : 0;
      const std::uint16_t region = s.region[k] >= 0 ? reg[static_cast<size_t>(s.region[k])] : 0;
      r.key.push_back(row_key(it->second, ind[static_cast<size_t>(s.indicator[k])], sector, region));
      // As stored in the database: non-finite values are NULL.
      r.value.push_back(std::isfinite(s.value[k]) ? s.value[k] : kNaN);
    }
  }
  return r;
}

Bands compute_bands(const std::string& setting, const std::vector<Rows>& runs) {
  Bands b;
  b.setting = setting;
  if (runs.empty()) return b;
  // Rows in the order of the first run, then rows only later runs have. Runs of one
  // scenario nearly always share the layout: then row k of every run is row k.
  b.key = runs.front().key;
  bool aligned = true;
  for (const Rows& r : runs) aligned = aligned && r.key == b.key;
  std::vector<std::vector<double>> column;  // per run, the value of each band row
  if (aligned) {
    for (const Rows& r : runs) column.push_back(r.value);
  } else {
    std::unordered_map<std::uint64_t, size_t> where;
    for (size_t k = 0; k < b.key.size(); ++k) where.emplace(b.key[k], k);
    for (const Rows& r : runs)
      for (std::uint64_t key : r.key)
        if (where.emplace(key, b.key.size()).second) b.key.push_back(key);
    for (const Rows& r : runs) {
      std::vector<double> v(b.key.size(), kNaN);
      for (size_t k = 0; k < r.size(); ++k) v[where.at(r.key[k])] = r.value[k];
      column.push_back(std::move(v));
    }
  }
  b.q.resize(b.key.size());
  std::vector<double> x(runs.size());
  for (size_t k = 0; k < b.key.size(); ++k) {
    for (size_t j = 0; j < runs.size(); ++j) x[j] = column[j][k];
    b.q[k] = band(x);
  }
  return b;
}

std::string bands_csv(const std::vector<Bands>& bands, const Names& names, bool header) {
  fmt::memory_buffer buf;
  if (header) io::append(buf, "setting,date,indicator,sector,region,quantile,value\n");
  for (const Bands& b : bands) {
    const std::string setting = io::csv_field(b.setting);
    for (size_t k = 0; k < b.key.size(); ++k) {
      const std::uint64_t key = b.key[k];
      const auto date = static_cast<std::uint16_t>(key >> 48), ind = static_cast<std::uint16_t>(key >> 32),
                 sec = static_cast<std::uint16_t>(key >> 16), reg = static_cast<std::uint16_t>(key);
      std::string prefix = setting + "," + names.name(0, date) + "," + io::csv_field(names.name(1, ind)) + "," +
                           (sec ? io::csv_field(names.name(2, sec)) : std::string()) + "," +
                           (reg ? io::csv_field(names.name(3, reg)) : std::string()) + ",";
      for (size_t q = 0; q < 5; ++q) {
        io::append(buf, prefix);
        io::append(buf, kBandNames[q]);
        io::append(buf, ",");
        io::append_exact(buf, b.q[k][q]);
        io::append(buf, "\n");
      }
    }
  }
  return fmt::to_string(buf);
}

}  // namespace lightind::sweep
