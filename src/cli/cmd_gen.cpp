// lightind gen-economy: writes a synthetic product-level economy (src/planner/sparse_economy.hpp).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "results/output.hpp"
#include "cli/options.hpp"
#include "planner/sparse_economy.hpp"

namespace lightind::cli {

namespace {

struct GenOptions : SyntheticEconomyOptions {
  std::string out;
  bool force = false;
};

constexpr std::int32_t kCsvLimit = 100000;  ///< A.csv only up to this many products

int run_gen_economy(const GenOptions& o) {
  o.check("gen-economy", 2'000'000'000, "2e9");
  const auto n = static_cast<std::int32_t>(o.products);
  const planner::SparseEconomy e = planner::generate_economy({n, o.inputs, o.seed});
  const double alpha = planner::norm1(e.a);

  const std::filesystem::path dir = o.out.empty() ? std::filesystem::path("out") / fmt::format("economy-{}-{}-{}", n, o.inputs, o.seed)
                                                  : std::filesystem::path(o.out);
  detail::output::claim_folder(dir, o.force, "gen-economy");
  planner::write_economy_binary(e, dir / "economy.bin");
  planner::write_demand_csv(e.final_demand, dir / "final_demand.csv");
  if (n <= kCsvLimit) planner::write_matrix_csv(e.a, dir / "A.csv");
  const std::string summary = fmt::format(
      "products: {}\ninputs per product (requested): {}\nseed: {}\nnonzeros: {}\nuniversal goods: {}\n"
      "max column sum: {:.6f}\nspectral radius bound (max column sum): {:.6f}\nproductive: {}\n",
      n, o.inputs, o.seed, e.a.nnz(), e.universal_goods, alpha, alpha, alpha < 1.0 ? "yes" : "no");
  detail::output::write_file_atomic(dir / "summary.txt", summary);
  fmt::print("{}wrote {}economy.bin, final_demand.csv and summary.txt in {}\n", summary,
             n <= kCsvLimit ? "A.csv, " : "", dir.string());
  return 0;
}

}  // namespace

void add_gen_economy_command(CLI::App& app, Action& action) {
  auto [cmd, opts] = add_command<GenOptions>(
      app, action, "gen-economy",
      "generate a synthetic product-level economy (sparse, productive, skewed)", run_gen_economy);
  add_synthetic_economy_options(cmd, *opts);
  add_out_options(cmd, opts->out, opts->force, "output folder (default: out/economy-N-K-SEED)",
                  "write into an existing --out folder that lightind did not write");
}

}  // namespace lightind::cli
