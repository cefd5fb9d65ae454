// src/policy/fairs.hpp against hand-computed values (STYLE.md 2, 9).
#include <algorithm>
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
  // Ties follow the pool's order, not the indices: 3 before 1 when the pool lists 3 first.
  EXPECT_EQ(largest_by_capacity({3, 4, 1, 0, 2}, capacity, 2), (std::vector<int>{3, 1}));
  EXPECT_EQ(largest_by_capacity({3, 4, 1, 0, 2}, capacity, 0), (std::vector<int>{}));
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

TEST(Fairs, LargestProducersMatchAStableSortOfThePool) {
  // The partial sort picks what a stable sort of the whole pool puts first, with many ties.
  std::vector<double> capacity(500);
  for (size_t i = 0; i < capacity.size(); ++i) capacity[i] = static_cast<double>((i * 7919) % 13);
  std::vector<int> pool;
  for (int i = 499; i >= 0; i -= 2) pool.push_back(i);
  for (int i = 0; i < 500; i += 2) pool.push_back(i);
  std::vector<int> sorted = pool;
  std::stable_sort(sorted.begin(), sorted.end(), [&](int a, int b) {
    return capacity[static_cast<size_t>(a)] > capacity[static_cast<size_t>(b)];
  });
  for (int k : {1, 37, 250, 499, 500}) {
    const std::vector<int> want(sorted.begin(), sorted.begin() + k);
    EXPECT_EQ(lightind::policy::largest_by_capacity(pool, capacity, k), want) << k;
  }
}
