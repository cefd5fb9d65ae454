// lightind policy: merchandise fairs (STYLE.md 2). Article: fairs at the Pyongyang No. 1
// Department Store (July and December 2019) rank products on "varieties, styles and
// quality"; "the competition among the various factories is becoming more and more fierce".
// Applied by hold_fairs (src/engine/phases_policy.cpp). Tests: tests/policy/test_fairs.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

namespace lightind::policy {

/// A fair's score of a participant: quality x reputation x (1 + ln varieties); prices of a
/// sector are common, so quality and variety decide ("varieties, styles and quality").
inline double fair_score(double quality, double reputation, double varieties) {
  return quality * reputation * (1.0 + std::log(std::max(1.0, varieties)));
}

/// The `participants` largest of `pool` by capacity (stable: ties keep the pool's order).
/// A partial sort on (capacity, position in the pool) picks exactly the members, in the order,
/// that a stable sort of the whole pool would put first, without ordering the rest.
inline std::vector<int> largest_by_capacity(std::vector<int> pool, std::span<const double> capacity,
                                            int participants) {
  const size_t k = std::min(pool.size(), static_cast<size_t>(participants));
  std::vector<std::pair<double, size_t>> key(pool.size());
  for (size_t i = 0; i < pool.size(); ++i) key[i] = {capacity[static_cast<size_t>(pool[i])], i};
  std::partial_sort(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(k), key.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  std::vector<int> out(k);
  for (size_t i = 0; i < k; ++i) out[i] = pool[key[i].second];
  return out;
}

/// Participants ranked by fair_score, best first (stable).
inline void rank_by_score(std::vector<int>& pool, std::span<const double> quality, std::span<const double> reputation,
                          std::span<const double> varieties) {
  std::stable_sort(pool.begin(), pool.end(), [&](int a, int b) {
    const auto ai = static_cast<size_t>(a), bi = static_cast<size_t>(b);
    return fair_score(quality[ai], reputation[ai], varieties[ai]) > fair_score(quality[bi], reputation[bi], varieties[bi]);
  });
}

/// Number of winners among n participants: ceil(w n), w = the fair's winners_share.
inline size_t fair_winners(double winners_share, size_t participants) {
  return static_cast<size_t>(std::ceil(winners_share * static_cast<double>(participants)));
}

/// Reputation factor of a participant: 1 + g for a winner, 1 - g / 4 for the others.
inline double fair_reputation_factor(bool winner, double gain) { return winner ? 1.0 + gain : 1.0 - gain / 4.0; }

/// A participant's development share after the fair: min(d_max, d + push) (competition).
inline double pushed_development_share(double share, double push, double share_max) {
  return std::min(share_max, share + push);
}

}  // namespace lightind::policy
