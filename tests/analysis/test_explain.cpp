// Shapley attribution (include/lightind/explain.hpp): the pure functions on value functions
// whose Shapley values are known by hand, and the settings that differ between two scenarios.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "lightind/explain.hpp"
#include "test_util.hpp"

namespace lightind {
namespace {

using analysis::shapley_exact;

double bit(std::uint64_t m, int i) { return static_cast<double>((m >> i) & 1U); }

TEST(ShapleyExact, AdditiveGameGivesEachTerm) {
  // v(C) = sum of a_i over C: phi_i = a_i.
  const std::vector<double> a{3.0, -1.5, 0.25, 7.0};
  const auto phi = shapley_exact(4, [&](std::uint64_t m) {
    double s = 0;
    for (int i = 0; i < 4; ++i) s += a[static_cast<size_t>(i)] * bit(m, i);
    return s;
  });
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(phi[i], a[i], 1e-12) << i;
}

TEST(ShapleyExact, InteractionSplitEqually) {
  // v = 2 x0 + 6 x0 x1 + 5 x2: players 0 and 1 share the interaction 6 equally:
  // phi = (2 + 3, 3, 5), and they add up to v(all) = 13.
  const auto phi = shapley_exact(3, [](std::uint64_t m) {
    return 2 * bit(m, 0) + 6 * bit(m, 0) * bit(m, 1) + 5 * bit(m, 2);
  });
  EXPECT_NEAR(phi[0], 5.0, 1e-12);
  EXPECT_NEAR(phi[1], 3.0, 1e-12);
  EXPECT_NEAR(phi[2], 5.0, 1e-12);
}

TEST(ShapleyExact, ThreeWayGloveGame) {
  // v = 1 when players 0 and (1 or 2) are in: phi = (2/3, 1/6, 1/6) (the glove game).
  const auto phi = shapley_exact(3, [](std::uint64_t m) { return bit(m, 0) * std::max(bit(m, 1), bit(m, 2)); });
  EXPECT_NEAR(phi[0], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(phi[1], 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(phi[2], 1.0 / 6.0, 1e-12);
}

TEST(ShapleySampled, AdditiveGameIsExactWithZeroError) {
  // Every ordering gives each additive player its own term: no sampling error.
  const int n = 12;
  const auto orderings = analysis::shapley_orderings(n, 10, 42);
  EXPECT_EQ(orderings.size(), 10U);
  const auto est = analysis::shapley_sampled(n, orderings, [&](std::uint64_t m) {
    double s = 0;
    for (int i = 0; i < n; ++i) s += (i + 1) * bit(m, i);
    return s;
  });
  for (int i = 0; i < n; ++i) {
    EXPECT_NEAR(est.value[static_cast<size_t>(i)], i + 1, 1e-12);
    EXPECT_NEAR(est.std_error[static_cast<size_t>(i)], 0.0, 1e-12);
  }
}

TEST(ShapleySampled, InteractionsWithinTheErrorAndSumExact) {
  // v = sum_i i x_i + 10 x0 x1 x2 + 4 x3 x4: exact phi = i + 10/3 (i < 3), i + 2 (i = 3, 4).
  const int n = 10;
  const auto v = [](std::uint64_t m) {
    double s = 10 * bit(m, 0) * bit(m, 1) * bit(m, 2) + 4 * bit(m, 3) * bit(m, 4);
    for (int i = 0; i < 10; ++i) s += i * bit(m, i);
    return s;
  };
  const auto exact = shapley_exact(n, v);
  EXPECT_NEAR(exact[0], 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(exact[4], 4.0 + 2.0, 1e-12);
  const auto orderings = analysis::shapley_orderings(n, 400, 7);
  const auto est = analysis::shapley_sampled(n, orderings, v);
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<size_t>(i);
    sum += est.value[k];
    EXPECT_LE(std::fabs(est.value[k] - exact[k]), 4 * est.std_error[k] + 1e-12) << i;
  }
  EXPECT_NEAR(sum, v((std::uint64_t{1} << n) - 1) - v(0), 1e-9);  // the orderings telescope
  EXPECT_GT(est.std_error[0], 0.0);
  // The masks cover every prefix of every ordering, and the empty coalition.
  const auto masks = analysis::shapley_masks(n, orderings);
  EXPECT_EQ(masks.front(), 0U);
  EXPECT_EQ(masks.back(), (std::uint64_t{1} << n) - 1);
}

TEST(ExplainSettings, EventsGroupedByIdLabelsLeftOut) {
  const std::string dir = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/";
  const auto d = analysis::differing_settings(dir + "dprk-2013.toml", dir + "heavy-priority.toml");
  std::vector<std::string> names;
  for (const auto& s : d) names.push_back(s.setting);
  // heavy-priority changes four dated events (scenario.name and title are labels).
  EXPECT_EQ(names, (std::vector<std::string>{"policy.events.five_year_plan_2021",
                                              "policy.events.light_industry_conference",
                                              "policy.events.new_strategic_line_2018",
                                              "policy.events.new_year_address_2013"}));
}

}  // namespace
}  // namespace lightind
