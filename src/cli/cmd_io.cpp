// lightind io: input-output analysis of a scenario's starting structure or of tables in
// pymrio's text layout (see include/lightind/io.hpp).
//
//   lightind io SCENARIO [--year Y] [--out DIR] [--set key=value]...
//   lightind io --pymrio DIR [--out DIR]
#include <algorithm>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "results/output.hpp"
#include "lightind/io.hpp"
#include "lightind/scenario.hpp"

namespace lightind::cli {

namespace {

struct IoArgs {
  std::string scenario;
  std::string pymrio;
  std::string out;
  int year = 0;
  std::vector<std::string> sets;
  bool force = false;
};

int run_io(const IoArgs& a) {
  if (a.scenario.empty() == a.pymrio.empty())
    throw std::runtime_error("io: give either a SCENARIO file or --pymrio DIR, not both");
  io::Table t;
  if (!a.pymrio.empty()) {
    if (!a.sets.empty() || a.year != 0) throw std::runtime_error("io: --set and --year apply to scenarios only");
    t = io::read_pymrio(a.pymrio);
  } else {
    const Description d = load_scenario(a.scenario, a.sets);
    if (a.year != 0 && (a.year < d.start.year || a.year > d.end.year))
      throw ScenarioError("--year", 0, "year", fmt::format("a year from {} to {}", d.start.year, d.end.year),
                          std::to_string(a.year));
    t = io::from_description(d);
  }
  const io::Result r = io::analyse(t);
  const std::string dir = a.out.empty() ? "out/io-" + detail::output::folder_name(t.name, "table name") : a.out;
  io::write_csv(t, r, dir, a.force);

  const size_t n = t.n();
  const auto plural = [](size_t c, const char* word) { return fmt::format("{} {}{}", c, word, c == 1 ? "" : "s"); };
  fmt::print("{}: n = {} industries, {}, {}, {}, {}; L {}\n", t.name, n,
             plural(t.regions().size(), "region"), plural(t.sectors().size(), "sector"),
             plural(t.k(), "final-demand column"), plural(t.m(), "satellite"),
             r.L_formed ? "formed (dense LU)" : "not formed (sparse LU solves)");
  if (!a.scenario.empty())
    fmt::print("x from the {} potential output (capacity x efficiency, per year){}\n", 2012,
               a.year != 0 ? fmt::format("; --year {}: the starting structure is used for now", a.year) : "");
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  const size_t top = std::min<size_t>(5, n);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                    [&](size_t i, size_t j) { return r.output_multiplier[i] > r.output_multiplier[j]; });
  fmt::print("largest output multipliers:\n");
  for (size_t q = 0; q < top; ++q)
    fmt::print("  {:<16} {:<24} {:.4f}\n", t.row_region[order[q]], t.row_sector[order[q]],
               r.output_multiplier[order[q]]);
  fmt::print("wrote {}/x.csv, A.csv{}, multipliers.csv, accounts.csv, linkages.csv\n", dir,
             r.L_formed ? ", L.csv" : "");
  return 0;
}

}  // namespace

void add_io_command(CLI::App& app, Action& action) {
  auto [cmd, args] = add_command<IoArgs>(
      app, action, "io", "input-output analysis (x, A, L, multipliers, linkages, D_cba, D_pba)", run_io);
  cmd->add_option("scenario", args->scenario, "scenario file (TOML)");
  cmd->add_option("--pymrio", args->pymrio,
                  "folder of tables in pymrio's text layout (trade_flows_Z.txt, finald_demand_Y.txt, "
                  "factor_input.txt, emissions.txt)");
  cmd->add_option("--year", args->year,
                  "year of the scenario's structure (accepted; the 2012 starting structure is used for now)");
  add_out_options(cmd, args->out, args->force, "output folder (default: out/io-<name>)",
                  "replace an existing --out folder that lightind did not write");
  add_set_option(cmd, args->sets);
  // `action` lives in main() for the whole run; it is set only when `io` was chosen.
}

}  // namespace lightind::cli
