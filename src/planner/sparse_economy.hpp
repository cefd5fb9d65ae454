// lightind: synthetic product-level economies for the planner at scale (issue 4, "Scale").
//
// A technical-coefficient matrix A (a(i, j) = units of good i used per unit of product j) is
// stored in the planner's one sparse matrix type, planner::Csr (csr.hpp: compressed sparse rows,
// three plain arrays), square (rows = cols = N).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "planner/csr.hpp"

namespace lightind::planner {

/// A synthetic economy: technical coefficients and final demand.
struct SparseEconomy {
  Csr a;                             ///< technical coefficients (N x N)
  std::vector<double> final_demand;  ///< d, one per product
  std::int32_t universal_goods = 0;  ///< the first this-many products are the "universal" goods
  std::uint64_t seed = 0;
};

/// What to generate.
struct EconomyParams {
  std::int32_t products = 1000;           ///< N
  std::int32_t inputs_per_product = 15;   ///< K, the mean number of inputs of a product
  std::uint64_t seed = 1;
};

/// A deterministic (for a seed) synthetic economy of N products with about K inputs each:
///  - the first U = max(3, N / 10^4) products are universal goods: products 0, 1, 2 (power,
///    steel, transport) are inputs to about 95% of products, and each product draws two more
///    inputs from the whole universal block;
///  - the remaining inputs are drawn with a power-law preference for low indices (density
///    proportional to (i + 1)^-0.7), no self-inputs, no duplicates;
///  - each column is scaled to a drawn total in [0.3, 0.7], so max column sum < 1 (productive);
///  - final demand is skewed, in [1, 100].
/// Throws std::invalid_argument on N < 2 or K < 1.
[[nodiscard]] SparseEconomy generate_economy(const EconomyParams& params);

/// Writes the economy as a compact little-endian binary: "LIECON01", N (int32), universal
/// goods (int32), nnz (int64), seed (uint64), then A's ptr, idx, val and the final demand.
void write_economy_binary(const SparseEconomy& e, const std::filesystem::path& file);
/// Reads what write_economy_binary wrote; throws std::runtime_error on a bad file.
[[nodiscard]] SparseEconomy read_economy_binary(const std::filesystem::path& file);
/// Tidy CSV of A: `row,col,value`, one line per nonzero.
void write_matrix_csv(const Csr& a, const std::filesystem::path& file);
/// Tidy CSV of the final demand: `product,value`.
void write_demand_csv(const std::vector<double>& d, const std::filesystem::path& file);

}  // namespace lightind::planner
