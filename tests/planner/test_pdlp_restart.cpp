// PDLP's restart criterion and primal weight (src/planner/pdlp_restart.cpp): the decision on
// given KKT errors, the thresholds taken from pdlp::Options, their checks, and the weight
// updates by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <tuple>

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

TEST(PdlpRestart, PidWeightByHand) {
  // w = 1, |dx| = 2, |dy| = 1: e = log 2, S = 0.3 0 + log 2, and with kp + ki = 1 the first
  // update lands on |dy| / |dx|: log w' = -(0.99 + 0.01) log 2, w' = 0.5.
  const Options o;
  Pid pid;
  const double w1 = pid_primal_weight(1.0, 2.0, 1.0, 1.0, pid, o);
  EXPECT_DOUBLE_EQ(w1, 0.5);
  EXPECT_DOUBLE_EQ(pid.sum, std::log(2.0));
  EXPECT_DOUBLE_EQ(pid.last, std::log(2.0));
  EXPECT_EQ(pid.best_w, 0.5);  // ratio 1: |log10 1| = 0, the best balance
  // Again from 0.5 with the same moves: e = log(0.5 2 / 1) = 0, S = 0.3 log 2, so only the
  // integral term moves it: w'' = 0.5 exp(-0.01 0.3 log 2) = 0.5 2^-0.003.
  const double w2 = pid_primal_weight(w1, 2.0, 1.0, 10.0, pid, o);
  EXPECT_DOUBLE_EQ(w2, 0.5 * std::pow(2.0, -0.003));
  EXPECT_NEAR(pid.sum, 0.3 * std::log(2.0), 1e-15);
  EXPECT_EQ(pid.best_w, 0.5);  // |log10 10| = 1 is no better than 0
  // The derivative term: kd = 1 alone, from last = log 2 to e = 0: log w -= -log 2, w doubles.
  Options d;
  d.pid_kp = d.pid_ki = 0.0;
  d.pid_kd = 1.0;
  Pid p2;
  p2.last = std::log(2.0);
  EXPECT_DOUBLE_EQ(pid_primal_weight(0.5, 2.0, 1.0, 1.0, p2, d), 1.0);
  // All gains 0: the weight stays.
  Options fixed;
  fixed.pid_kp = fixed.pid_ki = fixed.pid_kd = 0.0;
  Pid p3;
  EXPECT_EQ(pid_primal_weight(3.0, 2.0, 1.0, 1.0, p3, fixed), 3.0);
}

TEST(PdlpRestart, PidSafeguardReturnsToTheBestBalancedWeight) {
  const Options o;
  Pid pid;
  pid.best_w = 7.0;
  pid.best_balance = 0.5;
  pid.sum = pid.last = 1.0;
  // A move too small, a move too large, residuals 1e9 apart: back to 7, the memory cleared.
  for (const auto& [dx, dy, ratio] : {std::tuple{1e-17, 1.0, 1.0}, std::tuple{1.0, 1e13, 1.0},
                                     std::tuple{1.0, 1.0, 1e9}, std::tuple{1.0, 1.0, 1e-9}}) {
    Pid p = pid;
    EXPECT_EQ(pid_primal_weight(2.0, dx, dy, ratio, p, o), 7.0) << dx << " " << dy << " " << ratio;
    EXPECT_EQ(p.sum, 0.0);
    EXPECT_EQ(p.last, 0.0);
  }
  // A residual ratio of exactly 0 or infinity (one residual exactly zero) is no imbalance: the
  // controller moves: w 2, |dx| = |dy|, so e = log 2 and, on a fresh controller, S = log 2 and
  // log w' = log 2 - (0.99 + 0.01) log 2.
  for (const double ratio : {0.0, kInf}) {
    Pid p;
    p.best_w = 7.0;
    const double w = pid_primal_weight(2.0, 1.0, 1.0, ratio, p, o);
    EXPECT_DOUBLE_EQ(w, 1.0);
    EXPECT_EQ(p.best_w, 7.0);  // and it is not a measured balance
  }
}

TEST(PdlpRestart, FixedPointErrorByHand) {
  // w 2, eta 0.5, |dx|^2 1, |dy|^2 4, dy.K dx -1: (2 1 + 4 / 2) / 0.5 - 2 = 6.
  EXPECT_DOUBLE_EQ(fixed_point_error(2.0, 0.5, 1.0, 4.0, -1.0), std::sqrt(6.0));
  EXPECT_DOUBLE_EQ(fixed_point_error(1.0, 1.0, 9.0, 16.0, 0.0), 5.0);
  EXPECT_EQ(fixed_point_error(1.0, 1.0, 0.0, 0.0, -1.0), 0.0);  // rounding below 0: 0
}

TEST(PdlpRestart, SpectralNormByPowerIteration) {
  // K = [[1, 2], [0, 3]]: K^T K = [[1, 2], [2, 13]], eigenvalues 7 +- sqrt(40), so
  // ||K||_2 = sqrt(7 + sqrt(40)) = 3.650281539872885.
  const Csr k{.rows = 2, .cols = 2, .ptr = {0, 2, 3}, .idx = {0, 1, 1}, .val = {1.0, 2.0, 3.0}};
  EXPECT_NEAR(spectral_norm(k, planner::transpose(k), 200, 1e-14), std::sqrt(7.0 + std::sqrt(40.0)), 1e-12);
  // [[3, 0], [4, 5]]: singular values sqrt(45) and sqrt(5); the start (1, 1) is the top one's vector.
  const Csr b{.rows = 2, .cols = 2, .ptr = {0, 1, 3}, .idx = {0, 0, 1}, .val = {3.0, 4.0, 5.0}};
  EXPECT_NEAR(spectral_norm(b, planner::transpose(b)), std::sqrt(45.0), 1e-12);
  EXPECT_EQ(spectral_norm(Csr{}, Csr{}), 0.0);
}

}  // namespace
}  // namespace lightind::pdlp::detail
