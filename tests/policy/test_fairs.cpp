// src/policy/fairs.hpp against hand-computed values (STYLE.md 2, 9).
#include <array>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "policy/fairs.hpp"

namespace lightind::policy {
namespace {

TEST(Fairs, ScoreIsQualityTimesReputationTimesVariety) {
  EXPECT_DOUBLE_EQ(fair_score(1.5, 2.0, 1.0), 3.0);
  EXPECT_DOUBLE_EQ(fair_score(1.0, 1.0, std::exp(2.0)), 3.0);
  EXPECT_DOUBLE_EQ(fair_score(2.0, 1.0, 0.5), 2.0);  // fewer than one variety counts as one
}

TEST(Fairs, LargestProducersAndRanking) {
  const std::array<double, 5> capacity{10, 50, 30, 50, 5};
  // The three largest, ties in the pool's order: 1 and 3 (50), then 2 (30).
  EXPECT_EQ(largest_by_capacity({0, 1, 2, 3, 4}, capacity, 3), (std::vector<int>{1, 3, 2}));
  EXPECT_EQ(largest_by_capacity({4, 0}, capacity, 10), (std::vector<int>{0, 4}));
  // Ranked by score: quality x reputation (one variety each): 2 (3.0), 0 (2.0), 1 (2.0, after 0).
  const std::array<double, 3> quality{2.0, 1.0, 1.5}, reputation{1.0, 2.0, 2.0}, varieties{1, 1, 1};
  std::vector<int> pool{0, 1, 2};
  rank_by_score(pool, quality, reputation, varieties);
  EXPECT_EQ(pool, (std::vector<int>{2, 0, 1}));
}

TEST(Fairs, WinnersReputationAndCompetition) {
  EXPECT_EQ(fair_winners(0.2, 50), 10u);
  EXPECT_EQ(fair_winners(0.2, 7), 2u);  // ceil(1.4)
  EXPECT_EQ(fair_winners(0.2, 0), 0u);
  EXPECT_DOUBLE_EQ(fair_reputation_factor(true, 0.2), 1.2);
  EXPECT_DOUBLE_EQ(fair_reputation_factor(false, 0.2), 0.95);
  EXPECT_DOUBLE_EQ(pushed_development_share(0.2, 0.05, 0.5), 0.25);
  EXPECT_DOUBLE_EQ(pushed_development_share(0.48, 0.05, 0.5), 0.5);
}

}  // namespace
}  // namespace lightind::policy
