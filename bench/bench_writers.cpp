// lightind: each result writer on the reference run, timed alone (issue 16): the reference
// scenario is run once, then each writer writes its file `--reps` times into fresh folders;
// prints the median and the best in milliseconds; "run folder" is write_run_dir, all of them
// with the marker, the syncs and the rename, as `lightind run` writes them. Uses the public API only, so that the same
// file builds against an older lightind for a before/after comparison.
//   lightind_bench_writers [--reps N] [--scenario FILE] [--dir DIR]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lightind/lightind.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  int reps = 20;
  std::string scenario = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  fs::path dir = fs::temp_directory_path() / ("lightind-bench-writers-" + std::to_string(::getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
    if (a == "--scenario") scenario = argv[i + 1];
    if (a == "--dir") dir = argv[i + 1];
  }
  const lightind::Description d = lightind::load_scenario(scenario, {});
  lightind::RunOptions opt;
  opt.threads = 1;
  const lightind::RunResult r = lightind::run(d, opt);
  fs::create_directories(dir);
  std::printf("%zu series rows, %zu months of accounts; %d repetitions each\n", r.series.size(), r.accounts.size(),
              reps);
  std::printf("%-16s %10s %10s\n", "writer", "median ms", "best ms");
  const std::vector<std::pair<const char*, std::function<void(const fs::path&)>>> writers = {
      {"series.csv", [&](const fs::path& p) { lightind::write_series_csv(r, (p / "series.csv").string()); }},
      {"summary.json", [&](const fs::path& p) { lightind::write_summary_json(r, d, (p / "summary.json").string()); }},
      {"results.sqlite", [&](const fs::path& p) { (void)lightind::write_sqlite(r, d, (p / "results.sqlite").string()); }},
      {"accounts.csv", [&](const fs::path& p) { lightind::write_accounts_csv(r, (p / "accounts.csv").string()); }},
      {"run folder", [&](const fs::path& p) { lightind::write_run_dir(r, d, (p / "run").string()); }},
  };
  for (const auto& [name, write] : writers) {
    std::vector<double> ms;
    for (int k = 0; k < reps; ++k) {
      const fs::path p = dir / (std::string(name) + "-" + std::to_string(k));
      fs::create_directories(p);
      const auto t0 = std::chrono::steady_clock::now();
      write(p);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      fs::remove_all(p);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    std::printf("%-16s %10.2f %10.2f\n", name, median, ms.front());
  }
  fs::remove_all(dir);
  return 0;
}
