// lightind: input-output analysis (`lightind io`), with pymrio's names for every quantity.
//
// An input-output system of n industries (region, sector) is given by its flows Z (n x n),
// its final demand Y (n x k, k final-demand columns, each with a region and a category) and
// optional satellite accounts F (m x n: emissions, labour ...) and value added (n).
//
//   x = Z 1 + Y 1                  gross output
//   A = Z diag(x)^-1               technical coefficients (column j is 0 where x_j = 0)
//   L = (I - A)^-1                 Leontief inverse (formed only when n <= dense_limit)
//   S = F diag(x)^-1               satellite (stressor) coefficients
//   M = S L                        multipliers (stressor per unit of final demand)
//   output multipliers  1' L       (column sums of L)
//   backward linkages   1' L / mean(1' L)          (Rasmussen)
//   forward linkages    L 1 / mean(L 1)            (row sums of L, normalised; not Ghosh)
//   D_cba[r] = M Y_r               consumption-based account of final-demand region r, with
//                                  Y_r the sum of region r's final-demand columns (pymrio's
//                                  D_cba summed over sectors, without F_Y)
//   D_pba[r] = sum of F over the industries of region r   (production-based account)
//
// Larger systems are solved without forming L: Eigen's SparseLU of I - A and of (I - A)',
// one solve per right-hand side (1' for the output multipliers, each row of S, ...).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "lightind/description.hpp"

namespace lightind::io {

/// An input-output system as read from files or built from a scenario. Matrices are dense,
/// row-major.
struct Table {
  std::string name;                      ///< used for the default output folder
  std::vector<std::string> row_region;   ///< region of each industry (n)
  std::vector<std::string> row_sector;   ///< sector of each industry (n)
  std::vector<double> Z;                 ///< n x n inter-industry flows
  std::vector<std::string> fd_region;    ///< region of each final-demand column (k)
  std::vector<std::string> fd_category;  ///< category of each final-demand column (k)
  std::vector<double> Y;                 ///< n x k final demand
  std::vector<std::string> stressors;    ///< satellite names (m)
  std::vector<double> F;                 ///< m x n satellite accounts
  std::vector<double> value_added;       ///< n; empty: value added is x - 1'Z
  /// n x n coefficients to use instead of Z diag(x)^-1 (scenario input); empty: from Z and x.
  std::vector<double> A_given;

  [[nodiscard]] std::size_t n() const { return row_sector.size(); }
  [[nodiscard]] std::size_t k() const { return fd_region.size(); }
  [[nodiscard]] std::size_t m() const { return stressors.size(); }
  /// Distinct regions of the industries then of final demand, in order of first appearance.
  [[nodiscard]] std::vector<std::string> regions() const;
  /// Distinct sectors, in order of first appearance.
  [[nodiscard]] std::vector<std::string> sectors() const;
};

struct Options {
  std::size_t dense_limit = 2000;  ///< L is formed (dense LU) when n <= this; else sparse solves
};

/// One account row: D_cba or D_pba of one region and one stressor.
struct AccountRow {
  std::string region;
  std::string account;   ///< "D_cba" or "D_pba"
  std::string stressor;  ///< "value_added" or a satellite name
  double value = 0.0;
};

/// Everything computed from a Table. Vectors are per industry (n) unless stated.
struct Result {
  std::size_t n = 0;
  std::vector<double> x;                       ///< gross output
  std::vector<double> A;                       ///< n x n
  bool L_formed = false;
  std::vector<double> L;                       ///< n x n when formed, else empty
  std::vector<double> value_added;             ///< per industry
  std::vector<double> value_added_coefficient; ///< value added / x (0 where x = 0)
  std::vector<double> S;                       ///< m x n
  std::vector<double> M;                       ///< m x n
  std::vector<double> output_multiplier;       ///< column sums of L
  std::vector<double> value_added_multiplier;  ///< v' L
  std::vector<double> backward_linkage;        ///< column sums of L / their mean
  std::vector<double> forward_linkage;         ///< row sums of L / their mean
  std::vector<AccountRow> accounts;            ///< D_cba then D_pba, by region, by stressor
};

/// Computes every quantity. Throws std::runtime_error when the table is inconsistent or
/// I - A is singular.
[[nodiscard]] Result analyse(const Table& t, const Options& opt = {});

/// Reads trade_flows_Z.txt, finald_demand_Y.txt and, when present, factor_input.txt (its rows
/// summed give value added) and emissions.txt (satellites) from `dir`, in pymrio's text
/// layout. Throws std::runtime_error "FILE:LINE: ..." on any problem.
[[nodiscard]] Table read_pymrio(const std::filesystem::path& dir);

/// The scenario's starting structure as a single-region table named after the scenario:
/// x_j = potential output of 2012 (sum over enterprises of sector j of capacity x efficiency,
/// units per year; new builds excluded), A = the scenario's coefficients, Z = A diag(x),
/// Y = x - Z 1 (net final demand, may be negative where potential output does not cover
/// intermediate use), value added = x - 1'Z (imported inputs not subtracted), satellites
/// `labour` (workers: potential monthly output x labour_per_unit x (1 - automation_saving x
/// automation)) and `imports` (USD per year: import_per_unit x x).
[[nodiscard]] Table from_description(const Description& d);

/// Writes x.csv, A.csv, L.csv (when formed), multipliers.csv, accounts.csv and linkages.csv
/// into `dir` through a temporary sibling folder renamed into place. A.csv lists every entry
/// when L is formed and only the non-zero ones otherwise. Values are printed with {:.12g}.
/// An existing `dir` is replaced only when it is a lightind folder (marker `.lightind-run`) or
/// empty, or any folder when `force`; otherwise lightind::OutputRefused.
void write_csv(const Table& t, const Result& r, const std::filesystem::path& dir, bool force = false);

}  // namespace lightind::io
