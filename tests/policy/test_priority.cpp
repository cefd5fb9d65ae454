// src/policy/priority.hpp against hand-computed values (STYLE.md 2, 9).
#include <array>

#include <gtest/gtest.h>

#include "policy/priority.hpp"

namespace lightind::policy {
namespace {

TEST(Priority, OwnUseIsServedFirstOnlyWhenShort) {
  // Own need 30 of a total 100. Supply 120 covers everyone: the rule does not act.
  double available = 120.0, own = -1.0;
  EXPECT_FALSE(serve_own_use(30.0, 100.0, available, own));
  EXPECT_DOUBLE_EQ(available, 120.0);
  EXPECT_DOUBLE_EQ(own, -1.0);
  // Supply 50: the producer gets its 30 in full, 20 are left for the other 70 of need.
  available = 50.0;
  EXPECT_TRUE(serve_own_use(30.0, 100.0, available, own));
  EXPECT_DOUBLE_EQ(own, 1.0);
  EXPECT_DOUBLE_EQ(available, 20.0);
  // Supply 12 < own need 30: the producer takes all 12 (0.4 of its need), nothing is left.
  available = 12.0;
  EXPECT_TRUE(serve_own_use(30.0, 100.0, available, own));
  EXPECT_DOUBLE_EQ(own, 0.4);
  EXPECT_DOUBLE_EQ(available, 0.0);
  // No own use: nothing to serve first.
  available = 12.0;
  EXPECT_FALSE(serve_own_use(0.0, 100.0, available, own));
  EXPECT_DOUBLE_EQ(available, 12.0);
}

TEST(Priority, PriorityRationServesTheOrderFirstThenInProportion) {
  // Needs 40, 60, 0, 100; supply 120; order {1, 0}; all of the supply by priority (s = 1):
  // group 1 gets its 60, group 0 its 40, the other 20 goes to group 3 (unmet 100): 0.2.
  const std::array<double, 4> need{40, 60, 0, 100};
  const std::array<int, 2> order{1, 0};
  std::array<double, 4> f{};
  priority_ration(need, order, 120.0, 1.0, f);
  EXPECT_DOUBLE_EQ(f[0], 1.0);
  EXPECT_DOUBLE_EQ(f[1], 1.0);
  EXPECT_DOUBLE_EQ(f[2], 1.0);  // nothing needed
  EXPECT_DOUBLE_EQ(f[3], 0.2);
  // Supply 50: group 1 takes all 50 (5/6 of its need), nobody else gets anything.
  priority_ration(need, order, 50.0, 1.0, f);
  EXPECT_DOUBLE_EQ(f[1], 50.0 / 60.0);
  EXPECT_DOUBLE_EQ(f[0], 0.0);
  EXPECT_DOUBLE_EQ(f[3], 0.0);
  // Half by priority (s = 0.5, 50 of 100): group 1 gets 50 first; the other 50 over the unmet
  // 40 + 10 + 100 = 150, a third each: group 1 (50 + 10/3) / 60, group 0 1/3, group 3 1/3.
  priority_ration(need, order, 100.0, 0.5, f);
  EXPECT_NEAR(f[1], (50.0 + 10.0 / 3.0) / 60.0, 1e-15);
  EXPECT_NEAR(f[0], 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(f[3], 1.0 / 3.0, 1e-15);
  // s = 0, or no order: proportional rationing, 100 / 200 each.
  priority_ration(need, order, 100.0, 0.0, f);
  for (size_t g : {0u, 1u, 3u}) EXPECT_DOUBLE_EQ(f[g], 0.5);
  priority_ration(need, std::span<const int>{}, 100.0, 1.0, f);
  for (size_t g : {0u, 1u, 3u}) EXPECT_DOUBLE_EQ(f[g], 0.5);
  // A negative supply counts as none.
  priority_ration(need, order, -5.0, 1.0, f);
  EXPECT_DOUBLE_EQ(f[1], 0.0);
}

TEST(Priority, QuotaRationPlanFirstThenInProportion) {
  // Needs 40 and 60, plan quotas 30 and 10, supply 50: quotas served (40), the other 10 over
  // the unmet 10 + 50 = 60, a sixth each: (30 + 10/6) / 40 and (10 + 50/6) / 60.
  const std::array<double, 3> need{40, 60, 0}, quota{30, 10, 0};
  std::array<double, 3> f{};
  quota_ration(need, quota, 50.0, f);
  EXPECT_NEAR(f[0], (30.0 + 10.0 / 6.0) / 40.0, 1e-15);
  EXPECT_NEAR(f[1], (10.0 + 50.0 / 6.0) / 60.0, 1e-15);
  EXPECT_DOUBLE_EQ(f[2], 1.0);  // nothing needed
  // Supply 20 below the quotas' 40: every quota cut in half, nothing beyond them.
  quota_ration(need, quota, 20.0, f);
  EXPECT_NEAR(f[0], 15.0 / 40.0, 1e-15);
  EXPECT_NEAR(f[1], 5.0 / 60.0, 1e-15);
  // Enough for all; and no quotas at all is proportional rationing.
  quota_ration(need, quota, 200.0, f);
  EXPECT_DOUBLE_EQ(f[0], 1.0);
  EXPECT_DOUBLE_EQ(f[1], 1.0);
  const std::array<double, 3> none{0, 0, 0};
  quota_ration(need, none, 50.0, f);
  EXPECT_DOUBLE_EQ(f[0], 0.5);
  EXPECT_DOUBLE_EQ(f[1], 0.5);
}

TEST(Priority, FxReleaseAndImportSupply) {
  // 5 % of reserves of 2e9 won at 100 won/USD, defence takes 20 %: 0.05 x 0.8 x 2e9 / 100 = 8e5 USD.
  EXPECT_DOUBLE_EQ(fx_release_usd(0.05, 0.2, 2e9, 100.0), 8e5);
  EXPECT_DOUBLE_EQ(fx_release_usd(0.05, 0.0, 2e9, 100.0), 1e6);
  // Supply: the least of the release and what trade lets through (import factor x need).
  EXPECT_DOUBLE_EQ(import_supply_usd(8e5, 0.5, 1e6), 5e5);
  EXPECT_DOUBLE_EQ(import_supply_usd(8e5, 1.0, 1e6), 8e5);
}

TEST(Priority, ImportRationWithSubstitutes) {
  // s + (1 - s) r: a quarter substitutable, half the imports met -> 0.25 + 0.75 x 0.5.
  EXPECT_DOUBLE_EQ(import_ration(0.25, 0.5), 0.625);
  EXPECT_DOUBLE_EQ(import_ration(0.0, 0.3), 0.3);
  EXPECT_DOUBLE_EQ(import_ration(0.4, 1.0), 1.0);
}

}  // namespace
}  // namespace lightind::policy

namespace lightind::policy {
namespace {

TEST(QuotaPriorityRation, QuotasFirstThenThePriorityForTheRest) {
  // Three claimants in groups 0, 1, 1; needs 10, 10, 10; quotas 4, 2, 0; supply 16.
  // Quotas: 6 served, 10 left. Unmet need by group: 6 (group 0), 18 (group 1). With s = 1
  // and group 1 first: group 1 gets 10 of its 18 (factor 10/18), group 0 nothing more.
  const std::array<double, 3> need{10, 10, 10}, quota{4, 2, 0};
  const std::array<int, 3> group{0, 1, 1};
  const std::array<int, 1> order{1};
  std::array<double, 3> f{};
  quota_priority_ration(need, quota, group, 2, order, 16.0, 1.0, f);
  EXPECT_DOUBLE_EQ(f[0], 0.4);                            // its quota only
  EXPECT_DOUBLE_EQ(f[1], (2.0 + 8.0 * 10.0 / 18.0) / 10.0);  // quota + its share of group 1's 10
  EXPECT_DOUBLE_EQ(f[2], (10.0 * 10.0 / 18.0) / 10.0);
  // s = 0: the rest in proportion to unmet need (10 / 24 of it each), as quota_ration.
  quota_priority_ration(need, quota, group, 2, order, 16.0, 0.0, f);
  EXPECT_DOUBLE_EQ(f[0], (4.0 + 6.0 * 10.0 / 24.0) / 10.0);
  EXPECT_DOUBLE_EQ(f[2], (10.0 * 10.0 / 24.0) / 10.0);
  // Supply below the quotas: all quotas cut alike (3 of 6), nothing more.
  quota_priority_ration(need, quota, group, 2, order, 3.0, 1.0, f);
  EXPECT_DOUBLE_EQ(f[0], 0.2);
  EXPECT_DOUBLE_EQ(f[1], 0.1);
  EXPECT_DOUBLE_EQ(f[2], 0.0);
}

}  // namespace
}  // namespace lightind::policy
