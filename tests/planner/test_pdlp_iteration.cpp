// PDLP's iterations (src/planner/pdlp_iteration.cpp): one PDHG step's primal and dual halves
// and the adaptive step size by hand, and the loop taking its restart thresholds from the
// options.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "planner/pdlp.hpp"
#include "planner/wyndor.hpp"

namespace lightind::pdlp::detail {
namespace {

TEST(PdlpIteration, PrimalStepByHand) {
  // x - tau (c - K^T y) = (1 - 0.5 (1 - 0.5), 2 - 0.5 (1 + 1)) = (0.75, 1), inside the bounds.
  const Vec x{1.0, 2.0}, kty{0.5, -1.0}, c{1.0, 1.0}, l{0.0, 0.0}, u{1.2, 10.0};
  Vec xn(2);
  EXPECT_DOUBLE_EQ(primal_step(x, kty, c, l, u, 0.5, xn), 0.0625 + 1.0);
  EXPECT_EQ(xn, (Vec{0.75, 1.0}));
  // tau = 4: (-1, -6), projected onto the lower bounds (0, 0).
  EXPECT_DOUBLE_EQ(primal_step(x, kty, c, l, u, 4.0, xn), 1.0 + 4.0);
  EXPECT_EQ(xn, (Vec{0.0, 0.0}));
}

TEST(PdlpIteration, DualStepByHand) {
  // sigma = 0.5. Row 0 (K x >= 0): v = 0 - 0.5 (2 2 - 1) = -1.5, and the prox keeps y >= 0:
  // y' = max(v, 0) = 0. Row 1 (K x <= 3): v = 1 - 0.5 (2 6 - 2) = -4; -v / sigma = 8 clamped to
  // 3, y' = -4 + 0.5 3 = -2.5. |y' - y|^2 = 3.5^2; (y' - y).(K x' - K x) = -3.5 4 = -14.
  const Vec y{0.0, 1.0}, kx{1.0, 2.0}, kxn{2.0, 6.0}, lo{0.0, -kInf}, hi{kInf, 3.0};
  Vec yn(2);
  const auto [d2, inter] = dual_step(y, kx, kxn, lo, hi, 0.5, yn);
  EXPECT_EQ(yn, (Vec{0.0, -2.5}));
  EXPECT_DOUBLE_EQ(d2, 12.25);
  EXPECT_DOUBLE_EQ(inter, -14.0);
}

TEST(PdlpIteration, AdaptiveStepByHand) {
  // movement 8, interaction -2: eta_bar = 8 / (2 2) = 2. After the 3rd step (k + 1 = 4):
  // min((1 - 4^-0.3) 2, (1 + 4^-0.6) 1) = min(0.68049, 1.43528).
  const StepSize s = adaptive_step(1.0, 8.0, -2.0, 3);
  EXPECT_EQ(s.eta_bar, 2.0);
  EXPECT_NEAR(s.next, 0.680492, 1e-6);
  // Without interaction the step is unlimited and grows by (1 + 4^-0.6).
  const StepSize free = adaptive_step(1.0, 8.0, 0.0, 3);
  EXPECT_EQ(free.eta_bar, kInf);
  EXPECT_NEAR(free.next, 1.435275, 1e-6);
}

TEST(PdlpIteration, LoopUsesTheRestartThresholdsOfTheOptions) {
  // Wyndor Glass (optimum -36). With the artificial restart at every check (threshold 1e-9 of
  // the iterations) the loop restarts at every evaluation; with sufficient and necessary
  // decay out of reach and the artificial restart at 1 it restarts at most once (at the first
  // check, when no trial step was rejected before it: the accepted steps since the restart
  // never again reach all iterations).
  const SparseLp lp = testing::wyndor_lp();
  Options o;
  o.tolerance = 1e-8;
  o.evaluation_period = 8;
  o.restart_artificial = 1e-9;
  const Result every = solve(lp, o);
  ASSERT_EQ(every.status, Status::optimal);
  EXPECT_NEAR(every.primal_objective, -36.0, 1e-5);
  EXPECT_EQ(every.restarts, every.iterations / o.evaluation_period - 1);  // all checks but the last (optimal)
  o.restart_sufficient = o.restart_necessary = 1e-300;
  o.restart_artificial = 1.0;
  o.max_iterations = 400;
  const Result once = solve(lp, o);
  EXPECT_LE(once.restarts, 1);
  EXPECT_GT(every.restarts, 5);
}

}  // namespace
}  // namespace lightind::pdlp::detail
