// The pure parts of the method of simulated moments (src/fit/msm.cpp): moments of a series
// by the annual rule, the weighted distance, candidates' overrides, the Sobol points, the
// overlay file, and the fit database's refusal of another problem.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "fit/fit.hpp"
#include "test_util.hpp"

namespace lightind::fit {
namespace {

/// Two years of monthly values: x in 2012 is 10 a month, in 2013 11 a month; y 1 and 3.
Series two_years() {
  Series s;
  const int x = s.indicator_id("x"), y = s.indicator_id("y");
  for (int m = 0; m < 24; ++m) {
    const int month = YearMonth{2012, 1}.index() + m;
    s.add(month, x, m < 12 ? 10.0 : 11.0);
    s.add(month, y, m < 12 ? 1.0 : 3.0);
  }
  return s;
}

Moment moment(MomentKind kind, std::vector<int> years, double value, double se) {
  Moment m;
  m.kind = kind;
  m.indicator = "x";
  m.years = std::move(years);
  m.value = value;
  m.se = se;
  return m;
}

TEST(FitMsm, MomentsFollowTheAnnualRule) {
  Data d;
  d.moments.push_back(moment(MomentKind::growth, {2013}, 0, 1));  // 100 (132 / 120 - 1) = 10
  d.moments.push_back(moment(MomentKind::mean, {2012, 2013}, 0, 1));  // (10 + 11) / 2
  Moment sum = moment(MomentKind::sum, {2013}, 0, 1);
  sum.plus = {"y"};
  sum.scale = 0.5;  // (132 + 36) / 2
  d.moments.push_back(sum);
  d.moments.push_back(moment(MomentKind::growth, {2012}, 0, 1));  // no 2011: NaN
  const std::vector<double> m = model_moments(two_years(), d);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_NEAR(m[0], 10.0, 1e-12);
  EXPECT_DOUBLE_EQ(m[1], 10.5);
  EXPECT_DOUBLE_EQ(m[2], 84.0);
  EXPECT_TRUE(std::isnan(m[3]));
}

TEST(FitMsm, DistanceIsInverseVarianceWeighted) {
  Data d;
  d.moments.push_back(moment(MomentKind::mean, {2012}, 1.0, 0.5));
  d.moments.push_back(moment(MomentKind::mean, {2012}, 10.0, 2.0));
  // ((2 - 1) / 0.5)^2 + ((16 - 10) / 2)^2 = 4 + 9
  EXPECT_DOUBLE_EQ(distance({2.0, 16.0}, d), 13.0);
  EXPECT_DOUBLE_EQ(distance({1.0, 10.0}, d), 0.0);
  EXPECT_EQ(distance({std::numeric_limits<double>::quiet_NaN(), 10.0}, d), kUnusable);
}

TEST(FitMsm, CandidateSetsReadBackExactly) {
  Free f;
  f.params = {FreeParam{"prices.cost_pull", 0, 1, 0.5, "x"}, FreeParam{"world.private_inflows", 0, 1e9, 1, "y"}};
  const std::vector<std::string> s = candidate_sets(f, {0.1 + 0.2, 8e7});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "prices.cost_pull=0.30000000000000004");
  EXPECT_EQ(s[1], "world.private_inflows=80000000");
}

TEST(FitMsm, SobolPointsFillTheCube) {
  const auto p = sobol_points(2, 3);
  ASSERT_EQ(p.size(), 3u);
  // Sobol's sequence after the origin: (1/2, 1/2), (3/4, 1/4), (1/4, 3/4).
  EXPECT_DOUBLE_EQ(p[0][0], 0.5);
  EXPECT_DOUBLE_EQ(p[0][1], 0.5);
  EXPECT_DOUBLE_EQ(p[1][0], 0.75);
  EXPECT_DOUBLE_EQ(p[1][1], 0.25);
  EXPECT_DOUBLE_EQ(p[2][0], 0.25);
  EXPECT_DOUBLE_EQ(p[2][1], 0.75);
  EXPECT_EQ(sobol_points(3, 5), sobol_points(3, 5));  // deterministic
}

TEST(FitMsm, FittedOverlayGroupsKeysBySection) {
  Free f;
  f.params = {FreeParam{"prices.cost_pull", 0, 1, 0.5, "not observed"},
              FreeParam{"world.fx_response", 0, 1, 0.5, "no estimate"},
              FreeParam{"prices.markup", 0, 1, 0.5, "assumed"}};
  Evaluation best;
  best.theta = {0.25, 0.125, 0.5};
  best.loss = 3.5;
  const std::string t = fitted_toml("../x.toml", "x", f, best, "lightind fit x", {0.0123, std::nan(""), 0.5});
  EXPECT_NE(t.find("extends = \"../x.toml\"\n\n[scenario]\nname = \"x-fitted\"\n"), std::string::npos) << t;
  EXPECT_NE(t.find("[prices]\n# estimate: lightind fit, se 0.0123 (range 0 to 1; free because not observed)\n"
                   "cost_pull = 0.25\n# estimate: lightind fit, se 0.5"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("[world]\n# estimate: lightind fit (range 0 to 1; free because no estimate)\nfx_response = 0.125\n"),
            std::string::npos)
      << t;
}

TEST(FitMsm, StoreRefusesAnotherProblemAndReadsBackExactly) {
  const auto dir = test_util::fresh_test_dir(test_util::scratch_root() / "fit");
  const std::string path = (dir / "fit.sqlite").string();
  Evaluation e;
  e.theta = {0.1 + 0.2, 1.0 / 3.0};
  e.seeds = {9223372036854775807ULL, 1};
  e.moments = {std::nan(""), -2.5e-300};
  e.moment_var = {0.0, 1.0 / 7.0};
  e.loss = 1.0 / 9.0;
  {
    Store s(path, "aaaa", "problem A\n");
    s.put(e);
    EXPECT_EQ(s.count(), 1);
  }
  Store s(path, "aaaa", "problem A\n");
  const std::optional<Evaluation> r = s.find({0.1 + 0.2, 1.0 / 3.0});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->seeds, e.seeds);
  EXPECT_TRUE(std::isnan(r->moments[0]));
  EXPECT_EQ(r->moments[1], e.moments[1]);
  EXPECT_EQ(r->moment_var, e.moment_var);
  EXPECT_EQ(r->loss, e.loss);
  EXPECT_FALSE(s.find({0.3, 1.0 / 3.0}).has_value());
  test_util::expect_throw_with<std::runtime_error>([&] { Store other(path, "bbbb", "problem B\n"); },
                                                   "holds another problem (hash aaaa, this one bbbb)");
}

}  // namespace
}  // namespace lightind::fit
