// PDLP's restart criterion and primal weight (src/planner/pdlp_restart.cpp): the decision on
// given KKT errors, the thresholds taken from pdlp::Options, their checks, and the weight
// updates by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {
namespace {

// KKT errors relative to 1 at the last restart, 100 iterations so far.
Restart decide(double candidate, double previous, std::int64_t since_restart, const Options& o = {}) {
  return restart_decision(candidate, 1.0, previous, since_restart, 100, o);
}

TEST(PdlpRestart, SufficientDecay) {
  EXPECT_EQ(decide(0.2, 0.1, 1), Restart::sufficient);    // 0.2 <= 0.2 x 1, even though it rose
  EXPECT_EQ(decide(0.05, 0.5, 64), Restart::sufficient);  // sufficient is named first
}

TEST(PdlpRestart, NecessaryDecayOnlyWhenProgressStalls) {
  EXPECT_EQ(decide(0.5, 0.4, 1), Restart::necessary);  // <= 0.8 and above the previous check
  EXPECT_EQ(decide(0.8, 0.4, 1), Restart::necessary);
  EXPECT_EQ(decide(0.5, 0.6, 1), Restart::none);       // still falling
  EXPECT_EQ(decide(0.5, 0.5, 1), Restart::none);       // not above the previous
  EXPECT_EQ(decide(0.9, 0.5, 1), Restart::none);       // above 0.8
}

TEST(PdlpRestart, ArtificialAfterALongStretch) {
  EXPECT_EQ(decide(0.9, 0.5, 36), Restart::artificial);  // 36 >= 0.36 x 100
  EXPECT_EQ(decide(0.9, 0.5, 35), Restart::none);
  EXPECT_EQ(decide(1.5, 2.0, 100), Restart::artificial);  // even when the error grew
}

TEST(PdlpRestart, ThresholdsComeFromTheOptions) {
  Options o;
  o.restart_sufficient = 0.5;
  o.restart_necessary = 0.6;
  o.restart_artificial = 0.5;
  EXPECT_EQ(decide(0.5, 0.6, 1, o), Restart::sufficient);
  EXPECT_EQ(decide(0.55, 0.4, 1, o), Restart::necessary);
  EXPECT_EQ(decide(0.7, 0.4, 1, o), Restart::none);  // above 0.6
  EXPECT_EQ(decide(0.7, 0.4, 49, o), Restart::none);
  EXPECT_EQ(decide(0.7, 0.4, 50, o), Restart::artificial);
}

TEST(PdlpRestart, ThresholdsOutsideTheirRangesAreRejected) {
  EXPECT_NO_THROW(Options{}.validate());
  const auto with = [](double sufficient, double necessary, double artificial) {
    Options o;
    o.restart_sufficient = sufficient;
    o.restart_necessary = necessary;
    o.restart_artificial = artificial;
    return o;
  };
  EXPECT_THROW(with(0.0, 0.8, 0.36).validate(), std::invalid_argument);  // sufficient must be positive
  EXPECT_THROW(with(0.9, 0.8, 0.36).validate(), std::invalid_argument);  // sufficient above necessary
  EXPECT_THROW(with(0.2, 1.0, 0.36).validate(), std::invalid_argument);  // necessary must be below 1
  EXPECT_THROW(with(0.2, 0.8, 0.0).validate(), std::invalid_argument);
  EXPECT_THROW(with(0.2, 0.8, 1.5).validate(), std::invalid_argument);
  EXPECT_THROW(with(0.2, 0.8, std::nan("")).validate(), std::invalid_argument);
  EXPECT_NO_THROW(with(0.5, 0.5, 1.0).validate());
  try {
    with(0.9, 0.8, 0.36).validate();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "pdlp: restart thresholds must satisfy 0 < sufficient <= necessary < 1, got sufficient 0.9 and "
                 "necessary 0.8");
  }
  // solve() checks them before anything else.
  SparseLp lp;
  lp.row_ptr = {0};
  EXPECT_THROW((void)solve(lp, with(0.2, 0.8, 2.0)), std::invalid_argument);
}

TEST(PdlpRestart, StartingPrimalWeightIsTheRatioOfCostAndBoundNorms) {
  Scaled s;
  s.c = {3.0, 4.0};         // |c| = 5
  s.lo = {-kInf, 2.0};      // b = (6, 2), |b| = sqrt(40)
  s.hi = {6.0, kInf};
  EXPECT_DOUBLE_EQ(initial_primal_weight(s), 5.0 / std::sqrt(40.0));
  s.c = {0.0, 0.0};  // no costs: 1
  EXPECT_EQ(initial_primal_weight(s), 1.0);
  s.c = {3.0, 4.0};
  s.lo = {-kInf, -kInf};  // no finite bounds: 1
  s.hi = {kInf, kInf};
  EXPECT_EQ(initial_primal_weight(s), 1.0);
}

TEST(PdlpRestart, PrimalWeightMovesInLogarithms) {
  // theta = 0.5 from w = 1 towards |dy| / |dx| = 4: sqrt(4) = 2.
  EXPECT_DOUBLE_EQ(updated_primal_weight(1.0, 1.0, 4.0, 0.5), 2.0);
  EXPECT_DOUBLE_EQ(updated_primal_weight(1.0, 1.0, 4.0, 1.0), 4.0);
  EXPECT_EQ(updated_primal_weight(3.0, 1.0, 4.0, 0.0), 3.0);    // theta 0: fixed
  EXPECT_EQ(updated_primal_weight(3.0, 0.0, 4.0, 0.5), 3.0);    // no primal move
  EXPECT_EQ(updated_primal_weight(3.0, 1.0, 1e-12, 0.5), 3.0);  // no dual move
  EXPECT_EQ(distance(Vec{0.0, 0.0}, Vec{3.0, 4.0}), 5.0);
}

}  // namespace
}  // namespace lightind::pdlp::detail
