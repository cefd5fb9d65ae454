// lightind benchmarks: whole runs of the reference scenario, and agent-months per second
// at household scales 1:1000, 1:100 and 1:10 (issue 2). Counters:
//   months/s        simulated months per second of wall time
//   agent_months/s  (enterprises + household agents) x months per second
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "lightind/lightind.hpp"

namespace {

const std::string kReference = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

void run_reference(benchmark::State& state, const std::vector<std::string>& sets) {
  const lightind::Description d = lightind::load_scenario(kReference, sets);
  lightind::RunOptions opt;
  opt.keep_accounts = false;
  opt.threads = static_cast<int>(state.range(1));
  std::int64_t months = 0, agent_months = 0;
  for (auto _ : state) {
    const lightind::RunResult r = lightind::run(d, opt);
    benchmark::DoNotOptimize(r.series.value.data());
    months += d.months();
    agent_months += r.agent_months;
  }
  state.counters["months/s"] = benchmark::Counter(static_cast<double>(months), benchmark::Counter::kIsRate);
  state.counters["agent_months/s"] = benchmark::Counter(static_cast<double>(agent_months), benchmark::Counter::kIsRate);
  state.counters["agents"] = static_cast<double>(agent_months) / static_cast<double>(months);
}

/// Arguments: household scale (real households per agent), threads.
void BM_Reference(benchmark::State& state) {
  run_reference(state, {"households.scale=" + std::to_string(state.range(0))});
}

}  // namespace

BENCHMARK(BM_Reference)
    ->ArgNames({"scale", "threads"})
    ->Args({1000, 1})
    ->Args({100, 1})
    ->Args({10, 1})
    ->Args({10, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
