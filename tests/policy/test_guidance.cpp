// src/policy/guidance.hpp against hand-computed values (STYLE.md 2, 9).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "policy/guidance.hpp"

namespace lightind::policy {
namespace {

TEST(Guidance, MonthlyDecayHalvesOverTheHalfLife) {
  EXPECT_DOUBLE_EQ(monthly_decay(1.0), 0.5);
  EXPECT_DOUBLE_EQ(monthly_decay(2.0), std::sqrt(0.5));
  EXPECT_NEAR(std::pow(monthly_decay(12.0), 12), 0.5, 1e-15);
}

TEST(Guidance, HalfLifeOfTheLatestVisitBefore) {
  std::vector<GuidanceDesc> v(3);
  v[0].enterprise = 4;
  v[0].date = {2013, 1};
  v[0].half_life_months = 6.0;
  v[1].enterprise = 5;
  v[1].date = {2013, 2};
  v[1].half_life_months = 9.0;
  v[2].enterprise = 4;
  v[2].date = {2014, 1};
  v[2].half_life_months = 3.0;
  EXPECT_DOUBLE_EQ(guidance_half_life(v, 4, YearMonth{2013, 1}.index()), 12.0);  // not before: default
  EXPECT_DOUBLE_EQ(guidance_half_life(v, 4, YearMonth{2013, 6}.index()), 6.0);
  EXPECT_DOUBLE_EQ(guidance_half_life(v, 4, YearMonth{2014, 2}.index()), 3.0);
  EXPECT_DOUBLE_EQ(guidance_half_life(v, 5, YearMonth{2014, 2}.index()), 9.0);
  EXPECT_DOUBLE_EQ(guidance_half_life(v, 7, YearMonth{2014, 2}.index()), 12.0);
}

TEST(Guidance, ResourcesFromTheFundAndTheirCompletion) {
  EXPECT_DOUBLE_EQ(guidance_resources(50.0, 200.0), 50.0);
  EXPECT_DOUBLE_EQ(guidance_resources(50.0, 20.0), 20.0);
  EXPECT_EQ(guidance_completion(100, 12), 106);
  EXPECT_EQ(guidance_completion(100, 7), 103);  // half the gestation, rounded down
}

}  // namespace
}  // namespace lightind::policy
