// lightind: the command-line program.
//
//   lightind run SCENARIO [--seed N] [--out DIR] [--force] [--threads N] [--check] [--profile] [--set key=value]...
//   lightind check SCENARIO [--strict] [--quick] [--threads N] [--set key=value]...
//   lightind accounts RUN_DIR --month YYYY-MM [--out FILE] [--force]
//   lightind compare A.toml B.toml ... [--design] [--years Y,Y,...] [--out DIR] [--force] [--seed N] [--set key=value]... [--threads N]
//   lightind calibrate SCENARIO [--targets FILE] [--holdout YEAR] [--seed N] [--out DIR] [--force] [--set key=value]...
//                      [--threads N]
//   lightind clean DIR
//   lightind sweep SCENARIO --runs N [--seed S] [--set key=a:b:step|key=v1,v2,...]... [--db FILE] [--out DIR] [--threads T]
//   lightind report DIR_OR_DB... [--out FILE] [--title T] [--targets FILE]
//   lightind serve SCENARIO [--port P] [--host H] [--max-runs N] [--queue-wait S] [--threads N]
//   lightind docs indicators [--json]
//   lightind ablate SCENARIO [--ablations FILE] [--years Y,Y] [--out DIR] [--force] [--seed N] [--threads N] [--set key=value]...
//   lightind explain A.toml B.toml [--indicator NAME] [--year Y] [--out DIR] [--seed N] [--threads N] [--set key=value]...
//   lightind help [COMMAND]
//   lightind --version
//
// Exit codes: 0 success, 1 other error (a failed write: "cannot write PATH: REASON"), 2 rejected
// scenario, targets file, usage or output (an existing file or foreign folder at --out, see
// src/results/output.hpp), 3 accounting check failed, 4 a calibration finding failed or an input check
// differed (comparisons never fail), or an opening check warned under `check --strict`.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/helpers.hpp"
#include "cli/options.hpp"
#include "cli/files.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"
#include "lightind/opening_checks.hpp"
#include "results/output.hpp"

namespace {

using namespace lightind;
namespace output = lightind::detail::output;

constexpr int kExitOther = 1, kExitScenario = 2, kExitAccounts = 3, kExitTargetFailed = 4;

/// The run's headline: the registry's run_headline indicators, annual means (one NaN rule,
/// analysis::AnnualMean) of the first and last year, with their units in the scenario's currency.
void print_headline(const RunResult& r, const std::string& currency) {
  const auto first = analysis::annual_mean(r.series, "gdp_real");
  if (first.empty()) return;
  const int y0 = first.begin()->first, y1 = first.rbegin()->first;
  fmt::print("\n{:<30}{:>12}{:>12}  {}\n", "headline (annual means)", y0, y1, "unit");
  for (const std::string_view name : indicators::view(indicators::View::run_headline)) {
    const indicators::Indicator* info = indicators::find(name);
    const auto a = analysis::annual_mean(r.series, std::string(name));
    if (info == nullptr || a.empty()) continue;
    auto value = [&](int y) {
      const auto it = a.find(y);
      return it == a.end() ? std::string("-") : fmt::format(fmt::runtime(info->value_format()), it->second);
    };
    fmt::print("{:<30}{:>12}{:>12}  {}\n", info->label, value(y0), value(y1), indicators::unit(*info, currency));
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

/// When main() began: the origin of `run --profile`'s "whole" line.
const auto kMainStart = std::chrono::steady_clock::now();

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int cmd_run(const std::string& path, const std::vector<std::string>& sets, std::uint64_t seed, const std::string& out,
            bool force, int threads, bool check, bool quiet, bool profile) {
  Profile prof;
  Profile* const p = profile ? &prof : nullptr;
  auto t0 = std::chrono::steady_clock::now();
  const Description d = load_scenario(path, sets, seed);
  if (p != nullptr) p->add("load", seconds_since(t0));
  const std::string dir = out.empty() ? "out/" + output::folder_name(d.name) : out;
  output::check_folder(dir, force);  // refused before the run: nothing is written
  RunOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  opt.check = check;
  Progress progress{};
  progress.label = d.name;
  progress.tty = progress.tty && !quiet;
  opt.progress = progress;
  opt.profile = p;
  const RunResult r = run(d, opt);
  t0 = std::chrono::steady_clock::now();
  write_run_dir(r, d, dir, force, p, threads);
  if (p != nullptr) p->add("write/folder (marker, fsync, rename)", seconds_since(t0) - p->total("write/"));
  if (!quiet) {
    const std::string spin = d.spin_up_months > 0 ? fmt::format(" (after a {}-month spin-up)", d.spin_up_months) : "";
    fmt::print("{}: {} months{}, {} enterprises, seed {}, {:.2f} s{}\n", d.name, d.months(), spin, d.enterprises.size(),
               r.seed, r.wall_seconds, check ? ", ledger checked every month" : "");
    print_headline(r, d.currency);
    fmt::print("\nwrote {}/series.csv, summary.json, results.sqlite, accounts.csv\n", dir);
  }
  if (p != nullptr)
    fmt::print("{}profile of the run ({} months{}, {} thread{}):\n{}", quiet ? "" : "\n", d.months() + d.spin_up_months,
               d.spin_up_months > 0 ? " with the spin-up" : "", threads > 0 ? fmt::to_string(threads) : "default",
               threads == 1 ? "" : "s", prof.table(seconds_since(kMainStart)));
  return 0;
}

/// The opening checks (issue 14, item 7; docs/MODEL.md "Opening checks"), printed after
/// check's summary: (a) supply against need, (c) the pipeline against the lags, and unless
/// `quick`, (b) utilisation in a short run (the spin-up and 12 recorded months). Returns how
/// many warnings were printed.
size_t print_opening_checks(const Description& d, bool quick, int threads) {
  std::vector<OpeningWarning> w = supply_warnings(d);
  const auto lags = pipeline_warnings(d.spin_up_months, gestation_lags(d), has_opening_pipeline(d));
  w.insert(w.end(), lags.begin(), lags.end());
  std::string ran = "short run skipped (--quick)";
  if (!quick) {
    const auto t0 = std::chrono::steady_clock::now();
    RunOptions opt;
    opt.threads = threads;
    opt.keep_accounts = false;
    const Description first = first_months(d, 12);
    const RunResult r = run(first, opt);
    const auto u = utilisation_warnings(d, r.series);
    w.insert(w.end(), u.begin(), u.end());
    ran = fmt::format("short run of {} months in {:.2f} s", first.spin_up_months + first.months(), seconds_since(t0));
  }
  fmt::print("  opening      {} warning{} ({})\n", w.size(), w.size() == 1 ? "" : "s", ran);
  for (const OpeningWarning& x : w)
    fmt::print("warning: {}: {} [figure {:.3g}, threshold {:.3g}]\n", x.key, x.what, x.figure, x.threshold);
  return w.size();
}

int cmd_check(const std::string& path, const std::vector<std::string>& sets, bool strict, bool quick, int threads) {
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
  const Limits lim = current_limits();
  fmt::print("  limits       {} months of {} allowed ({}); {:.0f} agents of {} allowed ({})\n",
             d.spin_up_months + d.months(), lim.max_months, lim.months_source, agents + double(d.enterprises.size()),
             lim.max_agents,
             lim.agents_source == "memory"
                 ? fmt::format("{:.0f}% of {:.1f} GiB at {:.0f} bytes an agent", 100 * kMemoryShare,
                               double(lim.memory_bytes) / (1u << 30), kBytesPerHousehold)
                 : lim.agents_source);
  const size_t warnings = print_opening_checks(d, quick, threads);
  return strict && warnings > 0 ? kExitTargetFailed : 0;
}

/// Whether the file at `path` begins with the line `text` begins with (its header): a file
/// this command wrote before.
bool same_header(const std::filesystem::path& path, const std::string& text) {
  const std::string header = text.substr(0, text.find('\n') + 1);
  std::ifstream f(path, std::ios::binary);
  std::string head(header.size(), '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  return f && !header.empty() && head == header;
}

int cmd_accounts(const std::string& dir, const std::string& month, const std::string& out, bool force) {
  const std::string text = godley_tables(dir, month);
  if (out.empty()) {
    fmt::print("{}", text);
    if (std::fflush(stdout) != 0 || std::ferror(stdout))
      throw std::runtime_error(fmt::format("cannot write standard output: {}", std::strerror(errno)));
  } else {
    output::check_file(out, force, [&](const std::filesystem::path& p) { return same_header(p, text); });
    lightind::cli::write_text_file(out, text);
  }
  return 0;
}

using lightind::cli::write_text_file;
using lightind::cli::check_years;

int cmd_compare(const std::vector<std::string>& paths, std::vector<int> years, const std::string& out, bool force,
                std::uint64_t seed, const std::vector<std::string>& sets, int threads, bool design) {
  if (design && paths.size() != 4) {  // a usage error: nothing runs, nothing is written
    fmt::print(stderr,
               "lightind: compare --design: expected four scenarios (light priority with the reform, heavy with, "
               "light without, heavy without), found {}\n",
               paths.size());
    return kExitScenario;
  }
  // One library call (analysis::compare, also Python's lightind.compare): every scenario is
  // loaded before anything runs or is written.
  if (const int code = check_years(paths.front(), sets, seed, years, "compare"); code != 0) return code;
  std::vector<std::string> dirs;  // DIR/<name>/: one path component each, unique ("a/b" and "a_b" differ)
  analysis::CompareRequest req{.paths = paths, .years = std::move(years), .seed = seed, .sets = sets, .threads = threads};
  req.keep_accounts = !out.empty();
  req.on_loaded = [&](const std::vector<std::string>& names) {
    if (out.empty()) return;  // refused before anything runs: nothing is written
    for (const std::string& n : names) dirs.push_back(output::folder_name(n));
    dirs = analysis::unique_names(dirs);
    output::check_folder(out, force);
    for (const std::string& n : dirs) output::check_folder(std::filesystem::path(out) / n, force);
    output::claim_folder(out, force, "compare");
  };
  req.on_start = [&](size_t i, const std::string& name, std::uint64_t common_seed) {
    fmt::print(stderr, "running {} ({}, seed {}) ...\n", name, paths[i], common_seed);
  };
  req.on_run = [&](size_t i, const std::string&, const RunResult& r, const Description& d) {
    if (!out.empty()) write_run_dir(r, d, (std::filesystem::path(out) / dirs[i]).string(), force);
  };
  const analysis::Comparison c = analysis::compare(req);
  fmt::print("{}", c.table);
  std::vector<analysis::DesignCell> effects;
  if (design) {
    effects = analysis::design_cells({&c.series[0], &c.series[1], &c.series[2], &c.series[3]},
                                     analysis::headline_indicators(),
                                     req.years.empty() ? analysis::default_compare_years(c.series[0]) : req.years);
    fmt::print("\n{}", analysis::design_table(effects));
  }
  if (!out.empty()) {
    write_text_file(std::filesystem::path(out) / "compare.csv", analysis::compare_csv(c.cells));
    if (design) write_text_file(std::filesystem::path(out) / "design.csv", analysis::design_csv(effects));
    fmt::print("\nwrote {}/compare.csv and a run folder per scenario ({}/<name>/)\n", out, out);
  }
  return 0;
}

int cmd_calibrate(const std::string& path, std::string targets_path, std::uint64_t seed, std::string out, bool force,
                  const std::vector<std::string>& sets, int threads, int holdout) {
  namespace fs = std::filesystem;
  const Description d = load_scenario(path, sets, seed);
  if (targets_path.empty()) {
    // scenarios/calibration/<name>.toml from the current folder, else next to the scenario file.
    const std::string file = output::folder_name(d.name) + ".toml";
    targets_path = "scenarios/calibration/" + file;
    const fs::path beside = fs::path(path).parent_path() / "calibration" / file;
    if (!fs::exists(targets_path) && fs::exists(beside)) targets_path = beside.string();
  }
  const std::vector<analysis::Target> targets = analysis::load_targets(targets_path);
  if (out.empty()) out = "out/calibrate-" + output::folder_name(d.name);
  output::check_folder(out, force);  // refused before the run: nothing is written

  fmt::print(stderr, "running {} ({}, seed {}) ...\n", d.name, path, seed != 0 ? seed : d.seed);
  RunOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  opt.keep_accounts = false;
  const RunResult r = run(d, opt);
  const auto results = analysis::evaluate(targets, r.series);
  const analysis::CalibrationCounts counts = analysis::count_results(results);
  fmt::print("{}: {} targets from {} ({} findings, {} input checks, {} comparisons), seed {}\n", d.name,
             targets.size(), targets_path, counts.findings, counts.input_checks, counts.comparisons, r.seed);
  fmt::print("findings: {} of {} pass\n\n", counts.findings_passed, counts.findings);
  fmt::print("{}", analysis::calibration_table(targets, results));
  std::vector<analysis::ValidationRow> validation;
  if (holdout != 0) {
    validation = analysis::validate(targets, results, holdout);
    fmt::print("\n{}", analysis::validation_table(validation, holdout));
  }
  output::claim_folder(out, force, "calibrate");
  write_text_file(fs::path(out) / "calibration.csv", analysis::calibration_csv(targets, results));
  if (holdout != 0) {
    write_text_file(fs::path(out) / "validation.csv", analysis::validation_csv(validation));
    fmt::print("\nwrote {}/calibration.csv and {}/validation.csv\n", out, out);
  } else {
    fmt::print("\nwrote {}/calibration.csv\n", out);
  }
  // Findings and input checks decide the exit code; comparisons are never judged.
  return counts.all_pass() ? 0 : kExitTargetFailed;
}

/// lightind clean DIR: removes the temporary items that killed lightind processes left under
/// DIR, listing each; keeps those of processes still running.
int cmd_clean(const std::string& dir) {
  const auto removed = output::clean_stale_temps(dir);
  for (const auto& p : removed) fmt::print("removed {}\n", p.string());
  fmt::print("{}: {} stale temporary item{} removed\n", dir, removed.size(), removed.size() == 1 ? "" : "s");
  return 0;
}

/// Prints "lightind: PREFIX<what the error says>" on standard error; returns `exit_code`.
int complain(const char* prefix, const std::exception& e, int exit_code) {
  fmt::print(stderr, "lightind: {}{}\n", prefix, e.what());
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  lightind::cli::tune_heap();                     // reused scratch, huge pages (cli/helpers.hpp)
  lightind::cli::keep_program_args(argc, argv);  // for lightind-serve and lightind-mpi (cli/helpers.hpp)
  CLI::App app{"lightind: a simulator and planner of an economy that moves its priority from heavy to light industry"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "print the version and source commit");
  lightind::cli::add_limit_options(app);
  app.fallthrough();  // --max-agents and --max-months also after the command's name

  std::string scenario, out, run_dir, month;
  std::vector<std::string> sets;
  std::uint64_t seed = 0;
  int threads = 0;
  bool check = false, quiet = false, force = false;
  const char* const force_help =
      "replace an existing --out that lightind did not write (a folder without its .lightind-run marker, "
      "or a file); never a link, nor a file with a folder";

  auto* run_cmd = app.add_subcommand("run", "run a scenario and write its results");
  run_cmd->add_option("scenario", scenario, "scenario file (TOML)")->required();
  lightind::cli::add_seed_option(run_cmd, seed, "random seed (default: the scenario's)");
  lightind::cli::add_out_options(run_cmd, out, force, "output folder (default: out/<scenario name>)", force_help);
  lightind::cli::add_threads_option(run_cmd, threads, "worker threads (default: all cores)");
  run_cmd->add_flag("--check", check, "verify the ledger every month");
  lightind::cli::add_set_option(run_cmd, sets);
  run_cmd->add_flag("--quiet,-q", quiet, "print nothing on success");
  bool profile = false;
  run_cmd->add_flag("--profile", profile,
                    "print the time of each part of the run: loading, building, each phase of the monthly step, "
                    "recording, each file written");

  auto* check_cmd = app.add_subcommand("check", "validate a scenario and summarise it");
  check_cmd->add_option("scenario", scenario, "scenario file (TOML)")->required();
  lightind::cli::add_set_option(check_cmd, sets);
  bool strict = false, quick = false;
  check_cmd->add_flag("--strict", strict,
                      "exit 4 when an opening check warns (supply below need, utilisation far below the opening's, "
                      "an empty pipeline against long lags)");
  check_cmd->add_flag("--quick", quick, "skip the short run behind the utilisation check");
  lightind::cli::add_threads_option(check_cmd, threads, "worker threads of the short run (default: all cores)");

  auto* acc_cmd = app.add_subcommand("accounts", "Godley tables (transaction flows, balance sheets) of one month");
  acc_cmd->add_option("run_dir", run_dir, "a run's output folder")->required();
  acc_cmd->add_option_function<std::string>(
             "--month",
             [&month](const std::string& text) {
               if (!YearMonth::parse(text))
                 throw CLI::ValidationError("--month", fmt::format("expected a month written YYYY-MM (e.g. 2016-03), "
                                                                   "found \"{}\"",
                                                                   text.substr(0, 40)));
               month = text;
             },
             "month, YYYY-MM")
      ->required()
      ->type_name("YYYY-MM");
  lightind::cli::add_out_options(acc_cmd, out, force, "write the CSV here instead of standard output", force_help);

  std::vector<std::string> compare_paths;
  std::vector<int> compare_years;
  auto* cmp_cmd =
      app.add_subcommand("compare", "run several scenarios with one seed and compare their headline indicators");
  cmp_cmd->add_option("scenarios", compare_paths, "scenario files (TOML); the first is the baseline")->required();
  cmp_cmd->add_option("--years", compare_years, "years to show, comma-separated (default: four years spread over the run, from its second year to its last)")
      ->delimiter(',');
  lightind::cli::add_out_options(cmp_cmd, out, force,
                                 "write DIR/compare.csv and each scenario's run folder DIR/<name>/", force_help);
  lightind::cli::add_seed_option(cmp_cmd, seed, "random seed for every scenario (default: the first scenario's)");
  lightind::cli::add_set_option(cmp_cmd, sets, "override a value in every scenario: key=value (repeatable)");
  lightind::cli::add_threads_option(cmp_cmd, threads, "worker threads (default: all cores)");
  bool design = false;
  cmp_cmd->add_flag("--design", design,
                    "four scenarios, priority x reform (reference, heavy-priority, no-reform, heavy-no-reform): also "
                    "show the priority's and the reform's effects and their interaction (DIR/design.csv)");

  std::string targets_file;
  auto* cal_cmd = app.add_subcommand("calibrate", "run a scenario and check it against its calibration targets");
  cal_cmd->add_option("scenario", scenario, "scenario file (TOML)")->required();
  cal_cmd->add_option("--targets", targets_file, "targets file (default: scenarios/calibration/<scenario name>.toml)");
  lightind::cli::add_seed_option(cal_cmd, seed, "random seed (default: the scenario's)");
  lightind::cli::add_out_options(cal_cmd, out, force,
                                 "output folder for calibration.csv (default: out/calibrate-<scenario name>)",
                                 force_help);
  int holdout = 0;
  cal_cmd->add_option("--holdout", holdout,
                      "validate like a forecaster: growth before YEAR is the sample, YEAR and later the test, beside "
                      "two naive forecasts (DIR/validation.csv)")
      ->check(CLI::Range(1, 9999));

  std::string clean_dir;
  auto* clean_cmd = app.add_subcommand(
      "clean", "remove the temporary files and folders (NAME.lightind-tmp-PID) that killed lightind runs left in DIR");
  clean_cmd->add_option("dir", clean_dir, "folder to clean (searched recursively)")->required();
  lightind::cli::add_set_option(cal_cmd, sets);
  lightind::cli::add_threads_option(cal_cmd, threads, "worker threads (default: all cores)");

  lightind::cli::Action io_action, plan_action, gen_action, sweep_action, report_action, serve_action, plan_synthetic_action, docs_action, ablate_action, explain_action;
  lightind::cli::add_io_command(app, io_action);
  lightind::cli::add_plan_command(app, plan_action);
  lightind::cli::add_gen_economy_command(app, gen_action);
  lightind::cli::add_sweep_command(app, sweep_action);
  lightind::cli::add_report_command(app, report_action);
  lightind::cli::add_serve_command(app, serve_action);
  lightind::cli::add_plan_synthetic_command(app, plan_synthetic_action);
  lightind::cli::add_docs_command(app, docs_action);
  lightind::cli::add_ablate_command(app, ablate_action);
  lightind::cli::add_explain_command(app, explain_action);
  lightind::cli::Action fit_action, validate_action;
  lightind::cli::add_fit_command(app, fit_action);
  lightind::cli::add_validate_command(app, validate_action);

  lightind::cli::add_examples(app);
  app.footer("Example:\n  lightind run scenarios/dprk-2013.toml --out out/ref\n\n"
             "lightind help COMMAND (or lightind COMMAND --help) shows a command's options and an example.");
  // `lightind help [COMMAND]`: the same page as `lightind [COMMAND] --help`.
  std::vector<std::string> args(argv, argv + argc);
  if (args.size() >= 2 && args[1] == "help") {
    if (args.size() > 2) {
      const auto subs = app.get_subcommands({});
      if (std::none_of(subs.begin(), subs.end(), [&](const CLI::App* sub) { return sub->get_name() == args[2]; })) {
        fmt::print(stderr,
                   "lightind: help: expected the name of a command (lightind --help lists them), found \"{}\"\n",
                   args[2].substr(0, 40));
        return kExitScenario;
      }
      args = {args[0], args[2], "--help"};
    } else {
      args = {args[0], "--help"};
    }
  }
  std::vector<char*> arg_pointers;
  for (std::string& a : args) arg_pointers.push_back(a.data());
  argc = static_cast<int>(arg_pointers.size());
  argv = arg_pointers.data();
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
    if (*run_cmd) return cmd_run(scenario, sets, seed, out, force, threads, check, quiet, profile);
    if (*check_cmd) return cmd_check(scenario, sets, strict, quick, threads);
    if (*acc_cmd) return cmd_accounts(run_dir, month, out, force);
    if (*cmp_cmd) return cmd_compare(compare_paths, compare_years, out, force, seed, sets, threads, design);
    if (*cal_cmd) return cmd_calibrate(scenario, targets_file, seed, out, force, sets, threads, holdout);
    if (*clean_cmd) return cmd_clean(clean_dir);
    for (const auto* action : {&io_action, &plan_action, &gen_action, &sweep_action, &report_action, &serve_action,
                               &plan_synthetic_action, &docs_action, &ablate_action, &explain_action, &fit_action,
                               &validate_action})
      if (*action) return (*action)();
    fmt::print("{}", app.help());
    return 0;
  } catch (const ScenarioError& e) {
    return complain("scenario rejected: ", e, kExitScenario);
  } catch (const analysis::TargetsError& e) {
    return complain("targets file rejected: ", e, kExitScenario);
  } catch (const OutputRefused& e) {
    return complain("output refused: ", e, kExitScenario);
  } catch (const AccountingError& e) {
    return complain("", e, kExitAccounts);

  } catch (const std::exception& e) {
    return complain("error: ", e, kExitOther);
  }
}
