// src/policy/shocks.hpp against hand-computed values (STYLE.md 2, 7, 9).
#include <gtest/gtest.h>

#include "policy/shocks.hpp"

namespace lightind::policy {
namespace {

TEST(Shocks, ClosureInForceThenGradualReopening) {
  // Closed from 10 to 20, reopening over 3 months: 3/4, 2/4, 1/4, then 0.
  EXPECT_DOUBLE_EQ(closure_in_force(9, 10, 20, 3), 0.0);
  EXPECT_DOUBLE_EQ(closure_in_force(10, 10, 20, 3), 1.0);
  EXPECT_DOUBLE_EQ(closure_in_force(20, 10, 20, 3), 1.0);
  EXPECT_DOUBLE_EQ(closure_in_force(21, 10, 20, 3), 0.75);
  EXPECT_DOUBLE_EQ(closure_in_force(23, 10, 20, 3), 0.25);
  EXPECT_DOUBLE_EQ(closure_in_force(24, 10, 20, 3), 0.0);
  EXPECT_DOUBLE_EQ(closure_in_force(40, 10, 20, 3), 0.0);
  EXPECT_DOUBLE_EQ(closure_in_force(21, 10, 20, 0), 0.0);  // reopens at once
}

Description three_sectors_two_regions() {
  Description d;
  d.sectors.resize(3);
  d.sectors[0].group = default_group::agriculture;
  d.regions.resize(2);
  ShockDesc ban;  // exports of sector 2 stop from 2016-03 on
  ban.kind = ShockKind::export_ban;
  ban.start = {2016, 3};
  ban.sectors = {2};
  ban.severity = 1.0;
  ShockDesc cap;  // imports cut by 20 % in 2017
  cap.kind = ShockKind::import_cap;
  cap.start = {2017, 1};
  cap.end = YearMonth{2017, 12};
  cap.severity = 0.2;
  ShockDesc closure;  // 2020-01 .. 2020-12, 90 %, reopening over 3 months
  closure.kind = ShockKind::border_closure;
  closure.start = {2020, 1};
  closure.end = YearMonth{2020, 12};
  closure.severity = 0.9;
  closure.reopen_months = 3;
  ShockDesc flood;  // region 1, half the crop, 2017-08 for 12 months
  flood.kind = ShockKind::disaster;
  flood.start = {2017, 8};
  flood.regions = {1};
  flood.crop_loss = 0.5;
  flood.capacity_loss = 0.1;
  d.shocks = {ban, cap, closure, flood};
  return d;
}

TEST(Shocks, ShocksInForceMonthByMonth) {
  const Description d = three_sectors_two_regions();
  const ShocksInForce before = shocks_in_force(d, YearMonth{2016, 2}.index());
  EXPECT_EQ(before.exports, (std::vector<double>{1, 1, 1}));
  EXPECT_DOUBLE_EQ(before.imports, 1.0);
  EXPECT_DOUBLE_EQ(before.closure, 1.0);
  EXPECT_EQ(before.crop, (std::vector<double>{1, 1}));
  // 2017-09: the ban, the cap (0.8) and the flood (region 1 at 0.5).
  const ShocksInForce y2017 = shocks_in_force(d, YearMonth{2017, 9}.index());
  EXPECT_EQ(y2017.exports, (std::vector<double>{1, 1, 0}));
  EXPECT_DOUBLE_EQ(y2017.imports, 0.8);
  EXPECT_EQ(y2017.crop, (std::vector<double>{1, 0.5}));
  // The flood lasts 12 months without an end: 2018-07 is its last, 2018-08 is clear.
  EXPECT_DOUBLE_EQ(shocks_in_force(d, YearMonth{2018, 7}.index()).crop[1], 0.5);
  EXPECT_DOUBLE_EQ(shocks_in_force(d, YearMonth{2018, 8}.index()).crop[1], 1.0);
  // 2020-06: closure at 90 %: imports, other FX income and every export x 0.1.
  const ShocksInForce closed = shocks_in_force(d, YearMonth{2020, 6}.index());
  EXPECT_NEAR(closed.imports, 0.1, 1e-15);
  EXPECT_NEAR(closed.closure, 0.1, 1e-15);
  EXPECT_NEAR(closed.exports[0], 0.1, 1e-15);
  EXPECT_DOUBLE_EQ(closed.exports[2], 0.0);
  // 2021-02: second month of reopening, force 0.9 x 2/4: 1 - 0.45.
  const ShocksInForce reopening = shocks_in_force(d, YearMonth{2021, 2}.index());
  EXPECT_NEAR(reopening.imports, 0.55, 1e-15);
  EXPECT_NEAR(reopening.exports[1], 0.55, 1e-15);
}

TEST(Shocks, RationCutHitsItsRegionsWhileInForce) {
  Description d = three_sectors_two_regions();
  ShockDesc cut;  // region 0 loses 90 % of its ration in 2013-2014 (the PDS's triage)
  cut.kind = ShockKind::ration_cut;
  cut.start = {2013, 1};
  cut.end = YearMonth{2014, 12};
  cut.regions = {0};
  cut.severity = 0.9;
  d.shocks.push_back(cut);
  EXPECT_EQ(shocks_in_force(d, YearMonth{2012, 12}.index()).ration, (std::vector<double>{1, 1}));
  const ShocksInForce in = shocks_in_force(d, YearMonth{2014, 12}.index());
  EXPECT_NEAR(in.ration[0], 0.1, 1e-15);
  EXPECT_DOUBLE_EQ(in.ration[1], 1.0);
  EXPECT_DOUBLE_EQ(in.crop[0], 1.0);  // not a disaster
  EXPECT_EQ(shocks_in_force(d, YearMonth{2015, 1}.index()).ration, (std::vector<double>{1, 1}));
}

TEST(Shocks, DisasterHitsItsSectorsAndRegions) {
  const Description d = three_sectors_two_regions();
  const ShockDesc& flood = d.shocks[3];
  EXPECT_TRUE(disaster_hits_region(flood, 1));
  EXPECT_FALSE(disaster_hits_region(flood, 0));
  // No sectors listed: agriculture.
  EXPECT_TRUE(disaster_hits(flood, 0, true, 1));
  EXPECT_FALSE(disaster_hits(flood, 1, false, 1));
  EXPECT_FALSE(disaster_hits(flood, 0, true, 0));
  ShockDesc listed = flood;
  listed.sectors = {1};
  listed.regions = {};
  EXPECT_TRUE(disaster_hits(listed, 1, false, 0));
  EXPECT_FALSE(disaster_hits(listed, 0, true, 0));
  EXPECT_EQ(shock_end(d.shocks[1]), (YearMonth{2017, 12}.index()));
  EXPECT_GT(shock_end(d.shocks[0]), (YearMonth{9999, 12}.index()));
}

}  // namespace
}  // namespace lightind::policy
