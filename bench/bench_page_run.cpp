// The page's run (src/serve/server.cpp run_settings) in parts, in process CPU time (best of 7,
// so that other work on a shared machine counts little): the description from the file
// against from the merged tree read once, a full run against one kept with the page's
// checkpoints, and a profit-levy change resumed from the reform's start (2013-04) against a
// full run; at 1 and 2 threads. Usage: build/release/bench/lightind_bench_page_run
#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lightind/lightind.hpp"
#include "scenario/merged.hpp"
#include "serve/knobs.hpp"

namespace {

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double wall_ms() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

template <class F>
double best_ms(F&& f, int n = 7, double (*clock)() = cpu_ms) {
  double best = 1e300;
  for (int i = 0; i < n; ++i) {
    const double t0 = clock();
    f();
    best = std::min(best, clock() - t0);
  }
  return best;
}

}  // namespace

int main() {
  using namespace lightind;
  const std::string path = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  const std::vector<std::string> levy = {"reform.profit_levy=0.4"};
  const detail::Value tree = detail::load_merged_tree(path);
  fmt::print("page run parts, reference case at default scale, process CPU ms (best of 7)\n");
  fmt::print("  description: load_scenario {:.1f}, from the merged tree {:.1f}\n",
             best_ms([&] { (void)load_scenario(path, levy); }),
             best_ms([&] { (void)detail::description_of_tree(tree, path, levy); }));
  const Description d = load_scenario(path), changed = load_scenario(path, levy);
  const serve::Knobs knobs(d);
  const std::vector<int> months = knobs.checkpoint_months();
  for (const int threads : {1, 2}) {
    RunOptions o;
    o.threads = threads;
    o.keep_accounts = false;
    std::vector<std::shared_ptr<const RunCheckpoint>> kept, later;
    const double full = best_ms([&] { (void)run(changed, o); });
    const double keeping = best_ms([&] {
      kept.clear();
      (void)run_keeping(d, o, months, kept);
    });
    const RunCheckpoint* reform = nullptr;
    for (const auto& c : kept)
      if (checkpoint_month(*c) == knobs.acts_from("profit_levy")) reform = c.get();
    const double resumed = best_ms([&] {
      later.clear();
      (void)resume(*reform, changed, o, months, &later);
    });
    fmt::print("  threads {}: full run {:.1f}, keeping {} checkpoints {:.1f}, profit levy resumed from {} {:.1f}\n",
               threads, full, months.size(), keeping, YearMonth::from_index(checkpoint_month(*reform)).str(), resumed);
    // As the page runs it: only the aggregates it draws observed (RunOptions::aggregates), and
    // in wall-clock time, which is what the page waits for.
    const auto page_view = indicators::view(indicators::View::page);
    RunOptions p = o;
    p.aggregates.assign(page_view.begin(), page_view.end());
    std::vector<std::shared_ptr<const RunCheckpoint>> kept_p;
    (void)run_keeping(d, p, months, kept_p);
    const RunCheckpoint* reform_p = nullptr;
    for (const auto& c : kept_p)
      if (checkpoint_month(*c) == knobs.acts_from("profit_levy")) reform_p = c.get();
    const double wall_all = best_ms([&] { later.clear(); (void)resume(*reform, changed, o, months, &later); }, 9, wall_ms);
    const double wall_page = best_ms([&] { later.clear(); (void)resume(*reform_p, changed, p, months, &later); }, 9, wall_ms);
    fmt::print("  threads {}: profit levy resumed, wall ms (best of 9): all observed {:.1f}, the page's {} aggregates {:.1f}\n",
               threads, wall_all, p.aggregates.size(), wall_page);
  }
}
