// Timing of the writers on a reference-sized series (~10^6 rows). Disabled by default:
//   lightind_tests --gtest_also_run_disabled_tests --gtest_filter='*WritersPerf*'
#include <chrono>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "lightind/results.hpp"
#include "results/results_fixture.hpp"

namespace lightind {
namespace {

TEST(WritersPerf, DISABLED_MillionRows) {
  const auto dir = testing_results::scratch_dir();
  RunResult r;
  r.scenario = "reference";
  r.seed = 1;
  Series& s = r.series;
  for (int k = 0; k < 20; ++k) s.sectors.push_back("sector_" + std::to_string(k));
  for (int k = 0; k < 12; ++k) s.regions.push_back("region_" + std::to_string(k));
  std::vector<int> ids;
  for (int k = 0; k < 25; ++k) ids.push_back(s.indicator_id("indicator_number_" + std::to_string(k)));
  double v = 1.0;
  for (int m = YearMonth{2012, 1}.index(); m <= YearMonth{2025, 12}.index(); ++m)
    for (int id : ids) {
      s.add(m, id, v *= 1.0000001);
      for (int sec = 0; sec < 20; ++sec) {
        s.add(m, id, v *= 1.0000001, sec);
        if (id < 20)
          for (int reg = 0; reg < 12; ++reg) s.add(m, id, v *= 1.0000001, sec, reg);
      }
    }
  const Description d = testing_results::small_description();
  auto time = [](const char* what, auto&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    std::printf("%-14s %.3f s\n", what, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  std::printf("%zu rows\n", s.size());
  time("series.csv", [&] { write_series_csv(r, (dir / "series.csv").string()); });
  time("summary.json", [&] { write_summary_json(r, d, (dir / "summary.json").string()); });
  time("sqlite", [&] { (void)write_sqlite(r, d, (dir / "results.sqlite").string()); });
  time("sqlite again", [&] { (void)write_sqlite(r, d, (dir / "results.sqlite").string()); });
}

}  // namespace
}  // namespace lightind
