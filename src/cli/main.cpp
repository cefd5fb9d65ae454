// lightind: the command-line program.
//
//   lightind run SCENARIO [--seed N] [--out DIR] [--threads N] [--check] [--set key=value]...
//   lightind check SCENARIO [--set key=value]...
//   lightind accounts RUN_DIR --month YYYY-MM [--out FILE]
//   lightind --version
//
// Exit codes: 0 success, 1 other error, 2 rejected scenario or usage, 3 accounting check failed.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "lightind/lightind.hpp"

namespace {

using namespace lightind;

constexpr int kExitOther = 1, kExitScenario = 2, kExitAccounts = 3;

/// Annual mean of an aggregate indicator.
std::map<int, double> annual_mean(const Series& s, const std::string& name) {
  std::map<int, std::pair<double, int>> acc;
  for (const auto& [m, v] : s.aggregate(name)) {
    auto& a = acc[YearMonth::from_index(m).year];
    a.first += v;
    a.second += 1;
  }
  std::map<int, double> out;
  for (const auto& [y, a] : acc) out[y] = a.first / a.second;
  return out;
}

void print_headline(const RunResult& r) {
  struct Row {
    const char* name;
    const char* label;
    const char* fmt;
  };
  const Row rows[] = {
      {"light_output_index", "light output index", "{:>12.1f}"},
      {"heavy_output_index", "heavy output index", "{:>12.1f}"},
      {"gdp_real", "real GDP (won/month)", "{:>12.4g}"},
      {"living_standard_index", "living standard index", "{:>12.1f}"},
      {"consumer_goods_per_capita", "consumer goods per person", "{:>12.4g}"},
      {"real_wage_index", "real wage index", "{:>12.1f}"},
      {"market_price_level", "market price level", "{:>12.1f}"},
      {"local_share_light_output", "local share of light output", "{:>12.3f}"},
      {"hardship_share", "share below subsistence", "{:>12.3f}"},
      {"fx_reserves", "FX reserves (USD)", "{:>12.4g}"},
  };
  const auto first = annual_mean(r.series, "gdp_real");
  if (first.empty()) return;
  const int y0 = first.begin()->first, y1 = first.rbegin()->first;
  fmt::print("\n{:<30}{:>12}{:>12}\n", "headline (annual means)", y0, y1);
  for (const Row& row : rows) {
    const auto a = annual_mean(r.series, row.name);
    if (a.empty()) continue;
    fmt::print("{:<30}", row.label);
    fmt::print(fmt::runtime(row.fmt), a.at(y0));
    fmt::print(fmt::runtime(row.fmt), a.at(y1));
    fmt::print("\n");
  }
}

/// Progress on a terminal: a bar on stderr, redrawn in place; nothing when not a terminal.
struct Progress {
  bool tty = isatty(STDERR_FILENO) != 0;
  std::string label;
  void operator()(int done, int total) const {
    if (!tty) return;
    const int width = 40, filled = total > 0 ? width * done / total : width;
    fmt::print(stderr, "\r{} [{}{}] {}/{} months", label, std::string(static_cast<size_t>(filled), '#'),
               std::string(static_cast<size_t>(width - filled), ' '), done, total);
    if (done == total) fmt::print(stderr, "\n");
  }
};

int cmd_run(const std::string& path, const std::vector<std::string>& sets, std::uint64_t seed, const std::string& out,
            int threads, bool check, bool quiet) {
  const Description d = load_scenario(path, sets, seed);
  RunOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  opt.check = check;
  Progress progress{};
  progress.label = d.name;
  progress.tty = progress.tty && !quiet;
  opt.progress = progress;
  const RunResult r = run(d, opt);
  const std::string dir = out.empty() ? "out/" + d.name : out;
  write_run_dir(r, d, dir);
  if (!quiet) {
    fmt::print("{}: {} months, {} enterprises, seed {}, {:.2f} s{}\n", d.name, d.months(), d.enterprises.size(), r.seed,
               r.wall_seconds, check ? ", ledger checked every month" : "");
    print_headline(r);
    fmt::print("\nwrote {}/series.csv, summary.json, results.sqlite, accounts.csv\n", dir);
  }
  return 0;
}

int cmd_check(const std::string& path, const std::vector<std::string>& sets) {
  const Description d = load_scenario(path, sets);
  size_t listed = 0, local = 0;
  for (const auto& e : d.enterprises) {
    listed += e.generated ? 0 : 1;
    local += e.level == Level::local ? 1 : 0;
  }
  double population = 0;
  for (const auto& r : d.regions) population += r.population;
  const double agents = population / d.households.household_size / d.households.scale;
  fmt::print("{} ({})\n", d.name, d.title);
  fmt::print("  dates        {} to {} ({} months), seed {}\n", d.start.str(), d.end.str(), d.months(), d.seed);
  fmt::print("  sectors      {} (spectral radius of A {:.4f})\n", d.sectors.size(), spectral_radius(d));
  fmt::print("  regions      {} (population {:.0f})\n", d.regions.size(), population);
  fmt::print("  enterprises  {} ({} listed, {} generated; {} local)\n", d.enterprises.size(), listed,
             d.enterprises.size() - listed, local);
  fmt::print("  households   about {:.0f} agents at 1:{:g}, {:g} persons each\n", agents, d.households.scale,
             d.households.household_size);
  return 0;
}

int cmd_accounts(const std::string& dir, const std::string& month, const std::string& out) {
  const std::string text = godley_tables(dir, month);
  if (out.empty()) {
    fmt::print("{}", text);
  } else {
    std::ofstream f(out, std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + out);
    f << text;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lightind: a simulator and planner of an economy that moves its priority from heavy to light industry"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "print the version and source commit");

  std::string scenario, out, run_dir, month;
  std::vector<std::string> sets;
  std::uint64_t seed = 0;
  int threads = 0;
  bool check = false, quiet = false;

  auto* run_cmd = app.add_subcommand("run", "run a scenario and write its results");
  run_cmd->add_option("scenario", scenario, "scenario file (TOML)")->required();
  run_cmd->add_option("--seed", seed, "random seed (default: the scenario's)");
  run_cmd->add_option("--out", out, "output folder (default: out/<scenario name>)");
  run_cmd->add_option("--threads", threads, "worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  run_cmd->add_flag("--check", check, "verify the ledger every month");
  run_cmd->add_option("--set", sets, "override a scenario value: key=value (repeatable)");
  run_cmd->add_flag("--quiet,-q", quiet, "print nothing on success");

  auto* check_cmd = app.add_subcommand("check", "validate a scenario and summarise it");
  check_cmd->add_option("scenario", scenario, "scenario file (TOML)")->required();
  check_cmd->add_option("--set", sets, "override a scenario value: key=value (repeatable)");

  auto* acc_cmd = app.add_subcommand("accounts", "Godley tables (transaction flows, balance sheets) of one month");
  acc_cmd->add_option("run_dir", run_dir, "a run's output folder")->required();
  acc_cmd->add_option("--month", month, "month, YYYY-MM")->required();
  acc_cmd->add_option("--out", out, "write the CSV here instead of standard output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitScenario;
  }
  try {
    if (show_version) {
      fmt::print("lightind {} ({})\n", version(), source_commit());
      return 0;
    }
    if (*run_cmd) return cmd_run(scenario, sets, seed, out, threads, check, quiet);
    if (*check_cmd) return cmd_check(scenario, sets);
    if (*acc_cmd) return cmd_accounts(run_dir, month, out);
    fmt::print("{}", app.help());
    return 0;
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "lightind: scenario rejected: {}\n", e.what());
    return kExitScenario;
  } catch (const AccountingError& e) {
    fmt::print(stderr, "lightind: {}\n", e.what());
    return kExitAccounts;
  } catch (const std::exception& e) {
    fmt::print(stderr, "lightind: error: {}\n", e.what());
    return kExitOther;
  }
}
