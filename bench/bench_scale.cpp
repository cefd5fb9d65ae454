// lightind benchmark: the engine at national scale (issue 5). Prints a table and, with
// --out FILE, keeps it. Every ratio is measured in the same run:
//   - one simulated year (no spin-up) of the reference scenario at households.scale = S (default 1, the
//     1:1 population, about 6 million household agents), at 1 and 2 threads: seconds per
//     year and agent-months per second per core;
//   - a plain streaming pass over the same agent arrays (every household and enterprise
//     variable read once, summed; one thread), the memory-bandwidth limit of a month: its
//     agent-months per second, and the engine's ratio to it (goal: within 3x);
//   - the reference scenario at its default scale, whole run with its spin-up (goal: under
//     60 ms), best of R.
//
//   lightind_bench_scale [--scale S] [--months M] [--runs R] [--threads 1,2,...] [--out FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "engine/economy.hpp"
#include "lightind/lightind.hpp"

namespace {

using Clock = std::chrono::steady_clock;
const std::string kReference = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// One read of every agent variable; returns a sum so the compiler keeps the loads.
double stream_pass(const lightind::detail::Economy& e) {
  const auto& h = e.households();
  double s = 0;
  for (size_t i = 0; i < h.size(); ++i)
    s += h.weight[i] + h.ability[i] + h.cash[i] + h.share[i] + h.region[i] + h.urban[i] + h.trader[i];
  const auto& n = e.enterprises();
  const std::vector<double>* cols[] = {&n.capacity,  &n.base_efficiency, &n.incentive_gain, &n.guidance_boost,
                                       &n.automation, &n.quality, &n.varieties, &n.reputation, &n.endowment_use,
                                       &n.development_share, &n.workforce, &n.wage, &n.wage_fund, &n.dev_pay,
                                       &n.bonus_paid, &n.cash, &n.output, &n.market_sales, &n.revenue, &n.cost};
  for (size_t i = 0; i < n.size(); ++i) {
    s += n.sector[i] + n.region[i] + n.local[i] + n.regime[i] + n.reform_month[i];
    for (const auto* c : cols) s += (*c)[i];
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double scale = 1;
  int months = 12, runs = 10;
  std::string out;
  std::vector<int> thread_counts{1, 2};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--scale") scale = std::stod(argv[i + 1]);
    else if (a == "--months") months = std::stoi(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    else if (a == "--out") out = argv[i + 1];
    else if (a == "--threads") {
      thread_counts.clear();
      for (std::string t = argv[i + 1]; !t.empty();) {
        const size_t comma = t.find(',');
        thread_counts.push_back(std::stoi(t.substr(0, comma)));
        t = comma == std::string::npos ? "" : t.substr(comma + 1);
      }
    }
    else {
      std::fprintf(stderr, "usage: %s [--scale S] [--months M] [--runs R] [--threads 1,2,...] [--out FILE]\n", argv[0]);
      return 2;
    }
  }
  std::string text;
  auto line = [&](const std::string& l) {
    std::printf("%s\n", l.c_str());
    std::fflush(stdout);
    text += l + "\n";
  };
  const int end_month = months;  // from 2012-01
  const std::string end = fmt::format("scenario.end={}-{:02d}", 2012 + (end_month - 1) / 12, (end_month - 1) % 12 + 1);
  const lightind::Description d = lightind::load_scenario(kReference, {fmt::format("households.scale={}", scale), end, "scenario.spin_up_months=0"});

  {
    std::ifstream cpu("/proc/cpuinfo");
    std::string l, model = "unknown CPU";
    while (std::getline(cpu, l))
      if (l.rfind("model name", 0) == 0) {
        model = l.substr(l.find(':') + 2);
        break;
      }
    line(fmt::format("machine: {}, {} hardware threads", model, std::thread::hardware_concurrency()));
  }
  // Streaming pass over the arrays of an economy of this size (one thread).
  const auto t_build = Clock::now();
  const lightind::detail::Economy eco(d, d.seed);
  const double build_s = seconds_since(t_build);
  const double agents = static_cast<double>(eco.households().size() + eco.enterprises().size());
  double sink = 0, best_pass = 1e300;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = Clock::now();
    sink += stream_pass(eco);
    best_pass = std::min(best_pass, seconds_since(t0));
  }
  const double stream_rate = agents / best_pass;
  const double bytes = static_cast<double>(eco.households().size()) * 36.0 + static_cast<double>(eco.enterprises().size()) * 181.0;
  line(fmt::format("reference scenario at 1:{:g}: {:.0f} household agents + {} enterprises = {:.0f} agents; {} months",
                   scale, static_cast<double>(eco.households().size()), eco.enterprises().size(), agents, months));
  line(fmt::format("set-up of the economy: {:.2f} s", build_s));
  line(fmt::format("streaming pass (1 thread): {:.1f} ms per pass over {:.0f} MB = {:.2f} GB/s, {:.1f} M agent-months/s",
                   best_pass * 1e3, bytes / 1e6, bytes / best_pass / 1e9, stream_rate / 1e6));
  line("");
  line(fmt::format("{:>8} {:>14} {:>14} {:>16} {:>22} {:>18}", "threads", "run (s)", "year* (s)", "agent-months/s*",
                   "agent-months/s/core*", "stream / engine*"));
  for (int threads : thread_counts) {
    lightind::RunOptions opt;
    opt.threads = threads;
    opt.keep_accounts = false;
    const auto t0 = Clock::now();
    const lightind::RunResult r = lightind::run(d, opt);
    const double s = seconds_since(t0) - 0.0;
    // * stepping only: the run's time less the set-up of the economy measured above.
    const double stepping = r.wall_seconds - build_s;
    const double rate = static_cast<double>(r.agent_months) / stepping;
    line(fmt::format("{:>8} {:>14.2f} {:>14.2f} {:>15.2f}M {:>21.2f}M {:>17.1f}x", threads, r.wall_seconds,
                     stepping * 12.0 / months, rate / 1e6, rate / threads / 1e6, stream_rate / (rate / threads)));
    sink += s;
  }
  line("* stepping only: the run less the set-up of the economy (the line above), per simulated year.");
  line("");
  // The reference scenario at its default scale, whole run, best of `runs`.
  const lightind::Description ref = lightind::load_scenario(kReference);
  for (int threads : thread_counts) {
    lightind::RunOptions opt;
    opt.threads = threads;
    opt.keep_accounts = false;
    double best = 1e300;
    for (int i = 0; i < runs; ++i) best = std::min(best, lightind::run(ref, opt).wall_seconds);
    line(fmt::format("reference whole run at default scale (1:{:g}), {} thread{}: {:.1f} ms (best of {}; goal < 60 ms)",
                     ref.households.scale, threads, threads > 1 ? "s" : "", best * 1e3, runs, threads));
  }
  if (sink == 42.0) std::printf(" ");
  if (!out.empty()) std::ofstream(out) << text;
  return 0;
}
