// lightind explain: why scenario B differs from scenario A in an indicator: the Shapley value
// of each setting that differs (analysis::explain, include/lightind/explain.hpp).
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "cli/options.hpp"
#include "lightind/explain.hpp"
#include "results/output.hpp"

namespace lightind::cli {

namespace {

struct ExplainOptions {
  std::vector<std::string> scenarios;
  std::string indicator = "living_standard_index";
  int year = 2019;
  std::string out = "out/explain";
  bool force = false;
  std::uint64_t seed = 0;
  int threads = 0;
  int exact_limit = 8;
  int orderings = 64;
  std::vector<std::string> sets;
};

int run_explain(const ExplainOptions& o) {
  namespace output = lightind::detail::output;
  output::check_folder(o.out, o.force);  // refused before any run: nothing written
  analysis::ExplainRequest q;
  q.path_a = o.scenarios[0];
  q.path_b = o.scenarios[1];
  q.indicator = o.indicator;
  q.year = o.year;
  q.seed = o.seed;
  q.sets = o.sets;
  q.threads = o.threads;
  q.exact_limit = o.exact_limit;
  q.orderings = o.orderings;
  if (isatty(STDERR_FILENO) != 0)
    q.progress = [](int done, int total) {
      fmt::print(stderr, "\rexplain: {}/{} runs", done, total);
      if (done == total) fmt::print(stderr, "\n");
    };
  analysis::Explanation e;
  try {
    e = analysis::explain(q);
  } catch (const std::invalid_argument& err) {  // an unknown indicator, a year outside the run: usage
    fmt::print(stderr, "lightind: {}\n", err.what());
    return 2;
  }
  fmt::print("{}", analysis::explain_table(e));
  write_table_file(o.out, o.force, "explain", "explain.csv", analysis::explain_csv(e));
  return 0;
}

}  // namespace

void add_explain_command(CLI::App& app, Action& action) {
  auto [cmd, o] = add_command<ExplainOptions>(
      app, action, "explain",
      "why B differs from A in an indicator: the contribution of each setting that differs (Shapley values)",
      run_explain);
  cmd->footer(
      "Example:\n  lightind explain scenarios/dprk-2013.toml scenarios/heavy-priority.toml "
      "--indicator living_standard_index --year 2019\n\n"
      "Each setting whose value differs (a key; an event, shock, sector... by its id) is a player; every\n"
      "combination of them is run with one seed. Exact for up to --exact-limit settings (2^n runs), sampled\n"
      "over --orderings random orderings above, each contribution with its standard error. The contributions\n"
      "add up to the difference. Writes DIR/explain.csv.");
  cmd->add_option("scenarios", o->scenarios, "A.toml B.toml: the reference, and the scenario to explain")
      ->required()
      ->expected(2);
  cmd->add_option("--indicator", o->indicator, "a national indicator (default living_standard_index)");
  cmd->add_option("--year", o->year, "year of the annual mean (default 2019)");
  add_out_options(cmd, o->out, o->force, "write DIR/explain.csv (default out/explain)",
                  "replace an existing --out that lightind did not write");
  add_seed_option(cmd, o->seed, "random seed of every run (default: A's)");
  add_threads_option(cmd, o->threads, "worker threads, one run each (default: all cores)");
  cmd->add_option("--exact-limit", o->exact_limit, "exact Shapley values up to this many settings (default 8)")
      ->check(CLI::Range(0, 16));
  cmd->add_option("--orderings", o->orderings, "random orderings when sampled (default 64)")
      ->check(CLI::Range(2, 100000));
  add_set_option(cmd, o->sets, "override a value in every run: key=value (repeatable)");
}

}  // namespace lightind::cli
