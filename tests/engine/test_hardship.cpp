// Hardship can happen (issue 12, items 4-6, acceptance "Hardship can happen"): the stress
// scenario of the 1994-1998 famine's shocks (scenarios/examples/stress-1990s.toml) reaches a
// national hardship_share above 0.2 with different peaks by region, the north-east worse than
// the western grain basket; the reference stays below that peak in every month.
#include <algorithm>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "lightind/lightind.hpp"

namespace lightind {
namespace {

RunResult run_file(const std::string& file, const std::vector<std::string>& sets = {}) {
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/" + file, sets);
  RunOptions opt;
  opt.check = true;  // the ledger holds every month
  opt.keep_accounts = false;
  return run(d, opt);
}

double peak(const std::vector<std::pair<int, double>>& s) {
  double p = 0.0;
  for (const auto& [m, v] : s) p = std::max(p, v);
  return p;
}

int region_index(const Series& s, const std::string& id) {
  const auto it = std::find(s.regions.begin(), s.regions.end(), id);
  return it == s.regions.end() ? -1 : static_cast<int>(it - s.regions.begin());
}

/// Peak of a region's hardship_share over the run.
double region_peak(const Series& s, const std::string& id) {
  const int r = region_index(s, id);
  EXPECT_GE(r, 0) << id;
  double p = 0.0;
  for (const auto& [m, v] : s.aggregate("hardship_share")) p = std::max(p, s.get("hardship_share", m, -1, r));
  return p;
}

TEST(Hardship, StressScenarioReachesHardshipWithRegionalPeaksAndTheReferenceStaysBelow) {
  const RunResult stress = run_file("scenarios/examples/stress-1990s.toml");
  const double national = peak(stress.series.aggregate("hardship_share"));
  EXPECT_GT(national, 0.2);
  std::map<std::string, double> by_region;
  double lo = 1.0, hi = 0.0;
  for (const std::string& id : stress.series.regions) {
    by_region[id] = region_peak(stress.series, id);
    lo = std::min(lo, by_region[id]);
    hi = std::max(hi, by_region[id]);
  }
  EXPECT_GT(hi - lo, 0.02);  // regional peaks differ
  // The north-east (cut off from the PDS first) is worse than the western grain basket.
  for (const char* ne : {"north_hamgyong", "ryanggang"})
    for (const char* west : {"south_hwanghae", "north_hwanghae"}) EXPECT_GT(by_region[ne], by_region[west]) << ne << " vs " << west;
  // The undernourished include those in hardship (MDER above subsistence).
  for (const auto& [m, v] : stress.series.aggregate("hardship_share"))
    EXPECT_GE(stress.series.get("undernourished_share", m), v) << m;

  const RunResult reference = run_file("scenarios/dprk-2013.toml");
  for (const auto& [m, v] : reference.series.aggregate("hardship_share")) EXPECT_LT(v, national) << m;
}

TEST(Hardship, CropLossInOneRegionRaisesItsPriceAndHungerMoreThanElsewhere) {
  // The reference to 2013, and the same with nine tenths of North Hamgyong's crop lost in 2013.
  const std::string file = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  const Description base = load_scenario(file, {"scenario.end=2013-12"});
  Description hit = base;
  int nh = -1;
  for (size_t r = 0; r < base.regions.size(); ++r)
    if (base.regions[r].id == "north_hamgyong") nh = static_cast<int>(r);
  ASSERT_GE(nh, 0);
  ShockDesc loss;
  loss.id = "test_crop_loss";
  loss.kind = ShockKind::disaster;
  loss.start = {2013, 1};
  loss.end = YearMonth{2013, 12};
  loss.regions = {nh};
  loss.crop_loss = 0.9;
  hit.shocks.push_back(loss);
  RunOptions opt;
  opt.check = true;
  opt.keep_accounts = false;
  const RunResult a = run(base, opt), b = run(hit, opt);
  const int m = YearMonth{2013, 12}.index();
  const int west = region_index(a.series, "south_hwanghae");
  ASSERT_GE(west, 0);
  // Its relative food price and its hunger rise more than the grain basket's.
  const double price_rise_nh = b.series.get("food_price", m, -1, nh) / a.series.get("food_price", m, -1, nh);
  const double price_rise_w = b.series.get("food_price", m, -1, west) / a.series.get("food_price", m, -1, west);
  EXPECT_GT(price_rise_nh, price_rise_w);
  const double hunger_nh = b.series.get("hardship_share", m, -1, nh) - a.series.get("hardship_share", m, -1, nh);
  const double hunger_w = b.series.get("hardship_share", m, -1, west) - a.series.get("hardship_share", m, -1, west);
  EXPECT_GT(hunger_nh, 0.0);
  EXPECT_GT(hunger_nh, hunger_w);
}

}  // namespace
}  // namespace lightind
