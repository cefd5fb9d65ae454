// What a parallel pass of the engine costs against the same pass on one thread (issue 16, why
// a run of the default size gains little from a second thread): the engine's own loop
// (detail::for_blocks over fixed blocks of kBlock agents) with each block's work a busy wait
// of a set length, after a set length of serial work (the enterprise phases between two
// household passes, during which oneTBB's worker may go to sleep). Prints the median wall
// time of one pass, in microseconds, at 1 and 2 threads.
//
//   lightind_bench_fork_join [--repeats R]   (default 301)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "engine/parallel.hpp"

namespace {

using Clock = std::chrono::steady_clock;

/// Busy for `us` microseconds (work that needs no memory: a pass's arithmetic).
void spin(double us) {
  const auto until = Clock::now() + std::chrono::duration<double, std::micro>(us);
  while (Clock::now() < until) {
  }
}

/// Median microseconds of one for_blocks pass over `agents` agents, each block busy for
/// `us_per_agent` x its agents, after `gap_us` of serial work, `repeats` times.
double pass_us(int threads, std::size_t agents, double us_per_agent, double gap_us, int repeats) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  std::vector<double> t;
  t.reserve(static_cast<std::size_t>(repeats));
  for (int r = 0; r < repeats; ++r) {
    spin(gap_us);
    const auto t0 = Clock::now();
    lightind::detail::for_blocks(agents, [&](std::size_t, std::size_t lo, std::size_t hi) {
      spin(us_per_agent * static_cast<double>(hi - lo));
    });
    t.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(t.size() / 2), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = 301;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) {
      repeats = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--repeats R]\n", argv[0]);
      return 2;
    }
  }
  // The reference run's household passes: 5,987 agents (blocks of 4,096 and 1,891) at about
  // 7 ns an agent and pass; 60,000 agents (15 blocks) for comparison.
  constexpr double kNsPerAgent = 0.007;  // microseconds
  fmt::print("one for_blocks pass (blocks of {} agents), median of {} (microseconds)\n", lightind::detail::kBlock, repeats);
  fmt::print("{:>8} {:>14} {:>10} {:>10} {:>10} {:>10}\n", "agents", "serial gap", "work", "1 thread", "2 threads",
             "2 / 1");
  for (const std::size_t agents : {std::size_t{5987}, std::size_t{60000}})
    for (const double gap : {0.0, 50.0, 500.0}) {
      const double one = pass_us(1, agents, kNsPerAgent, gap, repeats);
      const double two = pass_us(2, agents, kNsPerAgent, gap, repeats);
      fmt::print("{:>8} {:>11.0f} us {:>7.1f} us {:>7.1f} us {:>7.1f} us {:>10.2f}\n", agents, gap,
                 kNsPerAgent * static_cast<double>(agents), one, two, two / one);
    }
  return 0;
}
