// lightind: the command-line program.
//
//   lightind run SCENARIO [--seed N] [--out DIR] [--threads N] [--check] [--set key=value]...
//   lightind check SCENARIO [--set key=value]...
//   lightind accounts RUN_DIR --month YYYY-MM [--out FILE]
//   lightind compare A.toml B.toml ... [--years Y,Y,...] [--out DIR] [--seed N] [--set key=value]... [--threads N]
//   lightind calibrate SCENARIO [--targets FILE] [--seed N] [--out DIR] [--set key=value]... [--threads N]
//   lightind sweep SCENARIO --runs N [--seed S] [--set key=a:b:step|key=v1,v2,...]... [--db FILE] [--out DIR] [--threads T]
//   lightind report DIR_OR_DB... [--out FILE] [--title T] [--targets FILE]
//   lightind serve [SCENARIO] [--port P] [--host H] [--max-runs N] [--queue-wait S] [--threads N]
//   lightind --version
//
// Exit codes: 0 success, 1 other error, 2 rejected scenario, targets file or usage, 3 accounting
// check failed, 4 a calibration target failed.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"

namespace {

using namespace lightind;

constexpr int kExitOther = 1, kExitScenario = 2, kExitAccounts = 3, kExitTargetFailed = 4;

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
    const std::string spin = d.spin_up_months > 0 ? fmt::format(" (after a {}-month spin-up)", d.spin_up_months) : "";
    fmt::print("{}: {} months{}, {} enterprises, seed {}, {:.2f} s{}\n", d.name, d.months(), spin, d.enterprises.size(),
               r.seed, r.wall_seconds, check ? ", ledger checked every month" : "");
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

using lightind::cli::write_text_file;

int cmd_compare(const std::vector<std::string>& paths, std::vector<int> years, const std::string& out,
                std::uint64_t seed, const std::vector<std::string>& sets, int threads) {
  // Load everything first: a rejected scenario stops the command before anything runs or is written.
  std::vector<Description> ds;
  ds.push_back(load_scenario(paths.front(), sets, seed));
  const std::uint64_t common_seed = seed != 0 ? seed : ds.front().seed;
  for (size_t i = 1; i < paths.size(); ++i) ds.push_back(load_scenario(paths[i], sets, common_seed));
  std::vector<std::string> names;  // unique: a repeated name gets "-2", "-3", ...
  for (const Description& d : ds) names.push_back(d.name);
  names = analysis::unique_names(names);
  if (years.empty()) years = {2015, 2019, 2021, 2025};

  std::vector<Series> series;
  series.reserve(ds.size());
  for (size_t i = 0; i < ds.size(); ++i) {
    fmt::print(stderr, "running {} ({}, seed {}) ...\n", names[i], paths[i], common_seed);
    RunOptions opt;
    opt.seed = common_seed;
    opt.threads = threads;
    opt.keep_accounts = !out.empty();
    RunResult r = run(ds[i], opt);
    if (!out.empty()) write_run_dir(r, ds[i], (std::filesystem::path(out) / names[i]).string());
    series.push_back(std::move(r.series));
  }
  std::vector<analysis::ComparedRun> runs;
  for (size_t i = 0; i < ds.size(); ++i) runs.push_back({names[i], &series[i]});
  const auto cells = analysis::compare_cells(runs, analysis::headline_indicators(), years);
  fmt::print("{}", analysis::compare_table(runs, cells));
  if (!out.empty()) {
    std::filesystem::create_directories(out);
    write_text_file(std::filesystem::path(out) / "compare.csv", analysis::compare_csv(cells));
    fmt::print("\nwrote {}/compare.csv and a run folder per scenario ({}/<name>/)\n", out, out);
  }
  return 0;
}

int cmd_calibrate(const std::string& path, std::string targets_path, std::uint64_t seed, std::string out,
                  const std::vector<std::string>& sets, int threads) {
  namespace fs = std::filesystem;
  const Description d = load_scenario(path, sets, seed);
  if (targets_path.empty()) {
    // scenarios/calibration/<name>.toml from the current folder, else next to the scenario file.
    targets_path = "scenarios/calibration/" + d.name + ".toml";
    const fs::path beside = fs::path(path).parent_path() / "calibration" / (d.name + ".toml");
    if (!fs::exists(targets_path) && fs::exists(beside)) targets_path = beside.string();
  }
  const std::vector<analysis::Target> targets = analysis::load_targets(targets_path);
  if (out.empty()) out = "out/calibrate-" + d.name;

  fmt::print(stderr, "running {} ({}, seed {}) ...\n", d.name, path, seed != 0 ? seed : d.seed);
  RunOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  opt.keep_accounts = false;
  const RunResult r = run(d, opt);
  const auto results = analysis::evaluate(targets, r.series);
  fmt::print("{}: {} targets from {}, seed {}\n\n", d.name, targets.size(), targets_path, r.seed);
  fmt::print("{}", analysis::calibration_table(targets, results));
  fs::create_directories(out);
  write_text_file(fs::path(out) / "calibration.csv", analysis::calibration_csv(targets, results));
  fmt::print("\nwrote {}/calibration.csv\n", out);
  const bool all = std::all_of(results.begin(), results.end(), [](const analysis::TargetResult& t) { return t.pass; });
  return all ? 0 : kExitTargetFailed;
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

  std::vector<std::string> compare_paths;
  std::vector<int> compare_years;
  auto* cmp_cmd =
      app.add_subcommand("compare", "run several scenarios with one seed and compare their headline indicators");
  cmp_cmd->add_option("scenarios", compare_paths, "scenario files (TOML); the first is the baseline")->required();
  cmp_cmd->add_option("--years", compare_years, "years to show, comma-separated (default: 2015,2019,2021,2025)")
      ->delimiter(',');
  cmp_cmd->add_option("--out", out, "write DIR/compare.csv and each scenario's run folder DIR/<name>/");
  cmp_cmd->add_option("--seed", seed, "random seed for every scenario (default: the first scenario's)");
  cmp_cmd->add_option("--set", sets, "override a value in every scenario: key=value (repeatable)");
  cmp_cmd->add_option("--threads", threads, "worker threads (default: all cores)")->check(CLI::NonNegativeNumber);

  std::string targets_file;
  auto* cal_cmd = app.add_subcommand("calibrate", "run a scenario and check it against its calibration targets");
  cal_cmd->add_option("scenario", scenario, "scenario file (TOML)")->required();
  cal_cmd->add_option("--targets", targets_file, "targets file (default: scenarios/calibration/<scenario name>.toml)");
  cal_cmd->add_option("--seed", seed, "random seed (default: the scenario's)");
  cal_cmd->add_option("--out", out, "output folder for calibration.csv (default: out/calibrate-<scenario name>)");
  cal_cmd->add_option("--set", sets, "override a scenario value: key=value (repeatable)");
  cal_cmd->add_option("--threads", threads, "worker threads (default: all cores)")->check(CLI::NonNegativeNumber);

  lightind::cli::Action io_action, plan_action, gen_action, sweep_action, report_action, serve_action, plan_synthetic_action, docs_action;
  lightind::cli::add_io_command(app, io_action);
  lightind::cli::add_plan_command(app, plan_action);
  lightind::cli::add_gen_economy_command(app, gen_action);
  lightind::cli::add_sweep_command(app, sweep_action);
  lightind::cli::add_report_command(app, report_action);
  lightind::cli::add_serve_command(app, serve_action);
  lightind::cli::add_plan_synthetic_command(app, plan_synthetic_action);
  lightind::cli::add_docs_command(app, docs_action);

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
    if (*cmp_cmd) return cmd_compare(compare_paths, compare_years, out, seed, sets, threads);
    if (*cal_cmd) return cmd_calibrate(scenario, targets_file, seed, out, sets, threads);
    for (const auto* action : {&io_action, &plan_action, &gen_action, &sweep_action, &report_action, &serve_action,
                               &plan_synthetic_action, &docs_action})
      if (*action) return (*action)();
    fmt::print("{}", app.help());
    return 0;
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "lightind: scenario rejected: {}\n", e.what());
    return kExitScenario;
  } catch (const analysis::TargetsError& e) {
    fmt::print(stderr, "lightind: targets file rejected: {}\n", e.what());
    return kExitScenario;
  } catch (const AccountingError& e) {
    fmt::print(stderr, "lightind: {}\n", e.what());
    return kExitAccounts;
  } catch (const std::exception& e) {
    fmt::print(stderr, "lightind: error: {}\n", e.what());
    return kExitOther;
  }
}
