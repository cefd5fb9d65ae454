// src/policy/brands.hpp against hand-computed values (STYLE.md 2, 9).
#include <array>
#include <vector>

#include <gtest/gtest.h>

#include "policy/brands.hpp"

namespace lightind::policy {
namespace {

TEST(Brands, LocalMaterialsFromTheRegionsEndowment) {
  const std::array<double, 4> endowment{0.2, 0.9, 0.4, 0.1};
  EXPECT_DOUBLE_EQ(endowment_use(true, endowment), 0.9);
  EXPECT_DOUBLE_EQ(endowment_use(false, endowment), 0.0);
  EXPECT_DOUBLE_EQ(local_material_share(0.5, 0.8), 0.4);
  EXPECT_DOUBLE_EQ(pool_need(100.0, 0.25), 75.0);
  // min(v + (1 - v) r, r_imp): 0.4 + 0.6 x 0.5 = 0.7, below imports 0.9.
  EXPECT_DOUBLE_EQ(enterprise_material_factor(0.4, 0.5, 0.9), 0.7);
  EXPECT_DOUBLE_EQ(enterprise_material_factor(0.4, 0.5, 0.6), 0.6);
  EXPECT_DOUBLE_EQ(drawn_from_pool(80.0, 0.25, 100.0), 55.0);
  EXPECT_DOUBLE_EQ(drawn_from_pool(20.0, 0.25, 100.0), 0.0);
}

TEST(Brands, ReputationSpillsOverToFollowers) {
  // r_f + s (r_b - r_f): 1 + 0.1 (2 - 1).
  EXPECT_DOUBLE_EQ(brand_spillover(1.0, 2.0, 0.1), 1.1);
  EXPECT_DOUBLE_EQ(brand_spillover(1.5, 1.0, 0.5), 1.25);
}

TEST(Brands, FollowersAreUnbrandedLocalsOfTheSameRegionAndSector) {
  std::vector<EnterpriseDesc> e(6);
  for (auto& x : e) {
    x.level = Level::local;
    x.sector = 1;
    x.region = 2;
  }
  e[0].brand = "Koryo";
  e[2].region = 3;           // other region
  e[3].sector = 0;           // other sector
  e[4].level = Level::central;
  e[5].brand = "Other";      // a second brand: not a follower, and 1 follows it too
  const auto b = brand_followers(e);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].first, 0);
  EXPECT_EQ(b[0].second, (std::vector<int>{1}));
  EXPECT_EQ(b[1].first, 5);
  EXPECT_EQ(b[1].second, (std::vector<int>{1}));
  // A central brand has no followers; a brand alone in its region and sector is left out.
  e[5].level = Level::central;
  e[1].region = 4;
  EXPECT_TRUE(brand_followers(e).empty());
}

}  // namespace
}  // namespace lightind::policy
