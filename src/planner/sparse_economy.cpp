// lightind: synthetic product-level economies (see sparse_economy.hpp).
#include "planner/sparse_economy.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>
#include <pcg_random.hpp>

namespace lightind::planner {

namespace {

/// Uniform in (0, 1) from one pcg32 draw (portable: no standard-library distributions).
double uniform01(pcg32& rng) { return (static_cast<double>(rng()) + 0.5) * 0x1.0p-32; }

/// Uniform integer in [0, bound).
std::int32_t below(pcg32& rng, std::int32_t bound) {
  return static_cast<std::int32_t>(rng(static_cast<std::uint32_t>(bound)));
}

constexpr double kPowerLawExponent = 0.7;  ///< density of a drawn input index ~ (i + 1)^-0.7
constexpr double kCoreShare = 0.95;        ///< share of products that use each of goods 0, 1, 2
constexpr int kUniversalDraws = 2;         ///< further inputs drawn from the universal block

constexpr char kMagic[8] = {'L', 'I', 'E', 'C', 'O', 'N', '0', '1'};

template <class T>
void put(std::ofstream& f, const T& v) {
  f.write(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <class T>
void put_array(std::ofstream& f, const std::vector<T>& v) {
  f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}
template <class T>
void get(std::ifstream& f, T& v) {
  f.read(reinterpret_cast<char*>(&v), sizeof(T));
}
template <class T>
void get_array(std::ifstream& f, std::vector<T>& v, std::size_t n) {
  v.resize(n);
  f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
}

}  // namespace

SparseEconomy generate_economy(const EconomyParams& params) {
  const std::int32_t n = params.products;
  const std::int32_t k = params.inputs_per_product;
  if (n < 2) throw std::invalid_argument("generate_economy: need at least 2 products");
  if (k < 1) throw std::invalid_argument("generate_economy: need at least 1 input per product");

  SparseEconomy e;
  e.seed = params.seed;
  e.universal_goods = std::min(n, std::max<std::int32_t>(3, n / 10000));
  const std::int32_t universal = e.universal_goods;

  pcg32 rng(params.seed, 0x5eed'ec0eULL);
  const double span = std::pow(static_cast<double>(n) + 1.0, 1.0 - kPowerLawExponent) - 1.0;
  const double inv = 1.0 / (1.0 - kPowerLawExponent);

  // Columns first (compressed sparse columns), then transposed to rows by counting.
  std::vector<std::int64_t> col_ptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<std::int32_t> row_idx;
  std::vector<double> cval;
  const auto reserve = static_cast<std::size_t>(n) * static_cast<std::size_t>(k + k / 3 + 1);
  row_idx.reserve(reserve);
  cval.reserve(reserve);

  std::vector<std::int32_t> rows;
  std::vector<double> weights;
  const std::int32_t spread = k / 3;
  for (std::int32_t j = 0; j < n; ++j) {
    std::int32_t kj = k - spread + (spread > 0 ? below(rng, 2 * spread + 1) : 0);
    kj = std::clamp(kj, 1, n - 1);
    rows.clear();
    weights.clear();
    auto take = [&](std::int32_t i, double w) {
      if (i == j || std::find(rows.begin(), rows.end(), i) != rows.end()) return false;
      rows.push_back(i);
      weights.push_back(w);
      return true;
    };
    for (std::int32_t g = 0; g < 3 && static_cast<std::int32_t>(rows.size()) < kj; ++g)
      if (uniform01(rng) < kCoreShare) take(g, 1.0 + 2.0 * uniform01(rng));
    for (int t = 0; t < kUniversalDraws && static_cast<std::int32_t>(rows.size()) < kj; ++t)
      take(below(rng, universal), 0.5 + uniform01(rng));
    while (static_cast<std::int32_t>(rows.size()) < kj) {
      const double x = std::pow(1.0 + uniform01(rng) * span, inv);
      const auto i = std::min(n - 1, static_cast<std::int32_t>(x) - 1);
      take(std::max(0, i), 0.1 + 0.9 * uniform01(rng));
    }
    double wsum = 0.0;
    for (double w : weights) wsum += w;
    const double total = 0.3 + 0.4 * uniform01(rng);
    for (std::size_t t = 0; t < rows.size(); ++t) {
      row_idx.push_back(rows[t]);
      cval.push_back(total * weights[t] / wsum);
    }
    col_ptr[static_cast<std::size_t>(j) + 1] = static_cast<std::int64_t>(row_idx.size());
  }

  e.final_demand.resize(static_cast<std::size_t>(n));
  for (auto& d : e.final_demand) {
    const double u = uniform01(rng);
    d = 1.0 + 99.0 * u * u * u;
  }

  // Transpose to rows.
  CsrMatrix& a = e.a;
  a.n = n;
  const std::size_t nnz = row_idx.size();
  a.row_ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::int32_t i : row_idx) ++a.row_ptr[static_cast<std::size_t>(i) + 1];
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) a.row_ptr[i + 1] += a.row_ptr[i];
  a.col.resize(nnz);
  a.val.resize(nnz);
  std::vector<std::int64_t> next(a.row_ptr.begin(), a.row_ptr.end() - 1);
  for (std::int32_t j = 0; j < n; ++j) {
    for (auto p = col_ptr[static_cast<std::size_t>(j)]; p < col_ptr[static_cast<std::size_t>(j) + 1]; ++p) {
      const auto q = static_cast<std::size_t>(next[static_cast<std::size_t>(row_idx[static_cast<std::size_t>(p)])]++);
      a.col[q] = j;
      a.val[q] = cval[static_cast<std::size_t>(p)];
    }
  }
  return e;
}

std::vector<double> column_abs_sums(const CsrMatrix& a) {
  std::vector<double> s(static_cast<std::size_t>(a.n), 0.0);
  const std::size_t nnz = a.val.size();
  for (std::size_t p = 0; p < nnz; ++p) s[static_cast<std::size_t>(a.col[p])] += std::abs(a.val[p]);
  return s;
}

double norm1(const CsrMatrix& a) {
  const auto s = column_abs_sums(a);
  return s.empty() ? 0.0 : *std::max_element(s.begin(), s.end());
}

void write_economy_binary(const SparseEconomy& e, const std::filesystem::path& file) {
  std::ofstream f(file, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + file.string());
  f.write(kMagic, sizeof(kMagic));
  put(f, e.a.n);
  put(f, e.universal_goods);
  put(f, e.a.nnz());
  put(f, e.seed);
  put_array(f, e.a.row_ptr);
  put_array(f, e.a.col);
  put_array(f, e.a.val);
  put_array(f, e.final_demand);
  if (!f) throw std::runtime_error("error writing " + file.string());
}

SparseEconomy read_economy_binary(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + file.string());
  char magic[sizeof(kMagic)] = {};
  f.read(magic, sizeof(magic));
  if (!f || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0)
    throw std::runtime_error(file.string() + ": not a lightind economy file");
  SparseEconomy e;
  std::int64_t nnz = 0;
  get(f, e.a.n);
  get(f, e.universal_goods);
  get(f, nnz);
  get(f, e.seed);
  if (!f || e.a.n < 0 || nnz < 0) throw std::runtime_error(file.string() + ": bad header");
  const auto n = static_cast<std::size_t>(e.a.n);
  get_array(f, e.a.row_ptr, n + 1);
  get_array(f, e.a.col, static_cast<std::size_t>(nnz));
  get_array(f, e.a.val, static_cast<std::size_t>(nnz));
  get_array(f, e.final_demand, n);
  if (!f || e.a.row_ptr.back() != nnz) throw std::runtime_error(file.string() + ": truncated or corrupt");
  return e;
}

void write_matrix_csv(const CsrMatrix& a, const std::filesystem::path& file) {
  std::ofstream f(file, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + file.string());
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "row,col,value\n");
  for (std::int32_t i = 0; i < a.n; ++i) {
    for (auto p = a.row_ptr[static_cast<std::size_t>(i)]; p < a.row_ptr[static_cast<std::size_t>(i) + 1]; ++p)
      fmt::format_to(std::back_inserter(buf), "{},{},{}\n", i, a.col[static_cast<std::size_t>(p)],
                     a.val[static_cast<std::size_t>(p)]);
    if (buf.size() > (1u << 20)) {
      f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!f) throw std::runtime_error("error writing " + file.string());
}

void write_demand_csv(const std::vector<double>& d, const std::filesystem::path& file) {
  std::ofstream f(file, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + file.string());
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "product,value\n");
  for (std::size_t i = 0; i < d.size(); ++i) fmt::format_to(std::back_inserter(buf), "{},{}\n", i, d[i]);
  f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!f) throw std::runtime_error("error writing " + file.string());
}

}  // namespace lightind::planner
