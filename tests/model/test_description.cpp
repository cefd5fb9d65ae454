// Tests of the frozen description's helpers.
#include <cmath>

#include <gtest/gtest.h>

#include "lightind/description.hpp"

namespace lightind {
namespace {

TEST(Description, SpectralRadiusOfMillerBlairTwoSector) {
  Description d;
  d.sectors.resize(2);
  d.a = {0.15, 0.25, 0.20, 0.05};
  // Eigenvalues of [[0.15,0.25],[0.20,0.05]]: 0.1 +- sqrt(0.0025 + 0.05) = 0.1 +- 0.229129
  EXPECT_NEAR(spectral_radius(d), 0.1 + std::sqrt(0.0525), 1e-12);
}

TEST(Description, YearMonthIndexRoundTrip) {
  YearMonth m{2013, 3};
  EXPECT_EQ(YearMonth::from_index(m.index()).str(), "2013-03");
  EXPECT_EQ((YearMonth{2014, 1}.index() - YearMonth{2013, 12}.index()), 1);
}

TEST(Description, GeneratorsApportionCountAndCapacity) {
  Description d;
  d.sectors.resize(1);
  d.regions = {RegionDesc{"a", "A", 300.0, 0.5, {}}, RegionDesc{"b", "B", 100.0, 0.5, {}}};
  GeneratorDesc g;
  g.id = "g";
  g.count = 10;
  g.capacity = 400.0;
  d.generators.push_back(g);
  expand_generators(d, 7);
  ASSERT_EQ(d.enterprises.size(), 10u);
  double cap_a = 0, cap_b = 0;
  int n_a = 0;
  for (const auto& e : d.enterprises) {
    (e.region == 0 ? cap_a : cap_b) += e.capacity;
    n_a += e.region == 0;
  }
  // 10 * 3/4 = 7.5 -> 8 by largest remainder (tie broken by region order), 2 in B.
  EXPECT_EQ(n_a, 8);
  EXPECT_NEAR(cap_a, 300.0, 1e-9);
  EXPECT_NEAR(cap_b, 100.0, 1e-9);
  // Same seed, same enterprises.
  Description d2 = d;
  expand_generators(d2, 7);
  for (size_t i = 0; i < d.enterprises.size(); ++i) EXPECT_EQ(d.enterprises[i].capacity, d2.enterprises[i].capacity);
}

}  // namespace
}  // namespace lightind
