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

  // Columns first: A^T in rows (row j lists product j's inputs), then transposed.
  Csr at;
  at.rows = n;
  at.cols = n;
  at.ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  const auto reserve = static_cast<std::size_t>(n) * static_cast<std::size_t>(k + k / 3 + 1);
  at.idx.reserve(reserve);
  at.val.reserve(reserve);

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
      at.idx.push_back(rows[t]);
      at.val.push_back(total * weights[t] / wsum);
    }
    at.ptr[static_cast<std::size_t>(j) + 1] = static_cast<std::int64_t>(at.idx.size());
  }

  e.final_demand.resize(static_cast<std::size_t>(n));
  for (auto& d : e.final_demand) {
    const double u = uniform01(rng);
    d = 1.0 + 99.0 * u * u * u;
  }

  e.a = transpose(at);
  return e;
}

void write_economy_binary(const SparseEconomy& e, const std::filesystem::path& file) {
  std::ofstream f(file, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + file.string());
  f.write(kMagic, sizeof(kMagic));
  put(f, e.a.rows);
  put(f, e.universal_goods);
  put(f, e.a.nnz());
  put(f, e.seed);
  put_array(f, e.a.ptr);
  put_array(f, e.a.idx);
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
  get(f, e.a.rows);
  get(f, e.universal_goods);
  get(f, nnz);
  get(f, e.seed);
  if (!f || e.a.rows < 0 || nnz < 0) throw std::runtime_error(file.string() + ": bad header");
  e.a.cols = e.a.rows;
  const auto n = static_cast<std::size_t>(e.a.rows);
  get_array(f, e.a.ptr, n + 1);
  get_array(f, e.a.idx, static_cast<std::size_t>(nnz));
  get_array(f, e.a.val, static_cast<std::size_t>(nnz));
  get_array(f, e.final_demand, n);
  if (!f || e.a.ptr.back() != nnz) throw std::runtime_error(file.string() + ": truncated or corrupt");
  return e;
}

void write_matrix_csv(const Csr& a, const std::filesystem::path& file) {
  std::ofstream f(file, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + file.string());
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "row,col,value\n");
  for (std::int32_t i = 0; i < a.rows; ++i) {
    for (auto p = a.ptr[static_cast<std::size_t>(i)]; p < a.ptr[static_cast<std::size_t>(i) + 1]; ++p)
      fmt::format_to(std::back_inserter(buf), "{},{},{}\n", i, a.idx[static_cast<std::size_t>(p)],
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
