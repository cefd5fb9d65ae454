// Tests of src/policy/households.hpp against hand-computed values (issue 12, items 4-6).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "policy/households.hpp"

namespace lightind::policy {
namespace {

TEST(Households, LognormalShareBelowAThreshold) {
  // CV = sqrt(e - 1): s^2 = ln(e) = 1, mu = ln(1) - 1/2; at threshold e^(1/2) the z-score is
  // (1/2 + 1/2) / 1 = 1 and the share Phi(1) = 0.841344746...
  EXPECT_NEAR(lognormal_share_below(1.0, std::sqrt(std::exp(1.0) - 1.0), std::exp(0.5)), 0.8413447460685429, 1e-12);
  // At the median mean x exp(-s^2 / 2) exactly half of the class is below.
  const double cv = 0.25, s2 = std::log(1.0 + cv * cv);
  EXPECT_NEAR(lognormal_share_below(2.0, cv, 2.0 * std::exp(-0.5 * s2)), 0.5, 1e-12);
  // Mean 2, CV 0.25, threshold 1.2: z = (ln 0.6 + 0.0303123) / 0.2462202 = -1.9515555,
  // Phi(z) = 0.0254955.
  EXPECT_NEAR(lognormal_share_below(2.0, 0.25, 1.2), 0.025495501331442894, 1e-12);
  // No dispersion: all or nothing; no threshold: nobody below; nothing eaten: everyone below.
  EXPECT_DOUBLE_EQ(lognormal_share_below(1.0, 0.0, 1.2), 1.0);
  EXPECT_DOUBLE_EQ(lognormal_share_below(1.5, 0.0, 1.2), 0.0);
  EXPECT_DOUBLE_EQ(lognormal_share_below(1.5, 0.25, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(lognormal_share_below(0.0, 0.25, 1.2), 1.0);
}

TEST(Households, TabulatedSharesAgreeWithTheExactOnes) {
  const LognormalShares below(0.25, 1.2);
  for (double mean : {0.3, 0.9, 1.1, 1.2, 1.5, 2.0, 2.5, 4.0, 50.0})
    EXPECT_NEAR(below(mean), lognormal_share_below(mean, 0.25, 1.2), 1e-6) << mean;
  EXPECT_NEAR(below(2.0), 0.025495501331442894, 1e-6);  // the hand-computed case above
  EXPECT_DOUBLE_EQ(below(0.0), 1.0);
  EXPECT_DOUBLE_EQ(LognormalShares(0.25, 0.0)(1.0), 0.0);
  EXPECT_DOUBLE_EQ(LognormalShares(0.0, 1.2)(1.0), 1.0);
  EXPECT_DOUBLE_EQ(LognormalShares(0.0, 1.2)(1.3), 0.0);
}

TEST(Households, TransportCostRisesWithTheClosure) {
  EXPECT_DOUBLE_EQ(transport_cost(0.15, 1.0), 0.15);
  EXPECT_DOUBLE_EQ(transport_cost(0.15, 0.5), 0.3);
  EXPECT_DOUBLE_EQ(transport_cost(0.15, 0.1), 1.0);  // 1.5 -> at most 1: no trade
  EXPECT_DOUBLE_EQ(transport_cost(0.15, 0.0), 1.0);
}

TEST(Households, ArbitrageShareIsTheGapBeyondTheCost) {
  // Gap (150 - 100) / 150 = 1/3; cost 0.1: 1 - 0.1 x 3 = 0.7 of the surplus moves.
  EXPECT_NEAR(arbitrage_share(100.0, 150.0, 0.1), 0.7, 1e-15);
  EXPECT_DOUBLE_EQ(arbitrage_share(100.0, 150.0, 0.4), 0.0);  // the cost exceeds the gap
  EXPECT_DOUBLE_EQ(arbitrage_share(150.0, 100.0, 0.0), 0.0);  // never from dear to cheap
}

TEST(Households, RegionalTradeMovesFoodFromCheapToDear) {
  // Region 0: surplus 6 at 100; region 1: deficit 6 at 150; cost 0.1: 0.7 x 6 = 4.2 moves.
  const std::vector<double> p{100.0, 150.0}, s{10.0, 2.0}, d{4.0, 8.0};
  const std::vector<double> net = regional_trade(p, s, d, 0.1);
  EXPECT_NEAR(net[0], -4.2, 1e-12);
  EXPECT_NEAR(net[1], 4.2, 1e-12);
  // The cost above the gap: nothing moves.
  const std::vector<double> none = regional_trade(p, s, d, 0.4);
  EXPECT_DOUBLE_EQ(none[0], 0.0);
  EXPECT_DOUBLE_EQ(none[1], 0.0);
  // Two surplus regions offer 10 each to a deficit of 4 (no cost): the 20 offered are scaled
  // to the deficit, 2 from each.
  const std::vector<double> p3{100.0, 100.0, 200.0}, s3{10.0, 10.0, 0.0}, d3{0.0, 0.0, 4.0};
  const std::vector<double> net3 = regional_trade(p3, s3, d3, 0.0);
  EXPECT_NEAR(net3[0], -2.0, 1e-12);
  EXPECT_NEAR(net3[1], -2.0, 1e-12);
  EXPECT_NEAR(net3[2], 4.0, 1e-12);
  // A deficit in the cheap region draws nothing from the dear one.
  const std::vector<double> p4{100.0, 150.0}, s4{2.0, 10.0}, d4{8.0, 4.0};
  const std::vector<double> net4 = regional_trade(p4, s4, d4, 0.0);
  EXPECT_DOUBLE_EQ(net4[0], 0.0);
  EXPECT_DOUBLE_EQ(net4[1], 0.0);
}

TEST(Households, FoodWantedFollowsEngelsLaw) {
  // Has 1 of a need of 2: the first unit costs 20 of the 100 left; of the 80 left half (40)
  // would buy 2 more, but satiation 3 allows only 1: 2 units.
  EXPECT_DOUBLE_EQ(food_wanted(1.0, 2.0, 3.0, 0.5, 100.0, 20.0), 2.0);
  // A poor household (10 won) buys half a unit toward its need and nothing beyond.
  EXPECT_DOUBLE_EQ(food_wanted(1.0, 2.0, 3.0, 0.5, 10.0, 20.0), 0.5);
  // Need met: only the Engel share, 0.5 x 40 / 20 = 1 unit.
  EXPECT_DOUBLE_EQ(food_wanted(2.0, 2.0, 5.0, 0.5, 40.0, 20.0), 1.0);
  // The food share of spending falls with income: 20 / 30 at 30 won against 50 / 100 at 100.
  const double low = food_wanted(1.0, 2.0, 10.0, 0.5, 30.0, 20.0) * 20.0 / 30.0;
  const double high = food_wanted(1.0, 2.0, 10.0, 0.5, 100.0, 20.0) * 20.0 / 100.0;
  EXPECT_NEAR(low, (20.0 + 5.0) / 30.0, 1e-12);
  EXPECT_NEAR(high, (20.0 + 40.0) / 100.0, 1e-12);
  EXPECT_GT(low, high);
}

// The branch-free selections give the conditionals' values bit for bit, signed zeros,
// infinities and NaNs included (the household passes' outputs must not move by one bit).
TEST(Households, BranchFreeSelectionsAreTheConditionalsBitForBit) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const double xs[] = {0.0, -0.0, 1.5, -1.5, 1e-310, -1e-310, 3.0e300, inf, -inf, nan};
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  for (double x : xs) {
    EXPECT_EQ(bits(if_else_zero(true, x)), bits(x)) << x;
    EXPECT_EQ(bits(if_else_zero(false, x)), bits(0.0)) << x;
    EXPECT_EQ(bits(positive_part(x)), bits(std::max(0.0, x))) << x;
  }
  // Hand-computed: max(0, -2) = +0, max(0, 2.25) = 2.25, max(0, -0) = +0 (not -0).
  EXPECT_EQ(positive_part(-2.0), 0.0);
  EXPECT_EQ(positive_part(2.25), 2.25);
  EXPECT_FALSE(std::signbit(positive_part(-0.0)));
  EXPECT_FALSE(std::signbit(if_else_zero(false, -3.0)));
}

// The paired division gives the conditional division's values bit for bit, over an odd count
// (the last element by the scalar tail) and every kind of denominator.
TEST(Households, QuotientWherePositiveIsTheConditionalDivisionBitForBit) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> num = {6.0, 6.0, 6.0, -6.0, 1.0, 5.0, 7.5, -0.0, 3.0, 1e300, 2.0};
  const std::vector<double> den = {3.0, 0.0, -2.0, 4.0, nan, inf, 2.5, 2.0, -0.0, 1e-300, 8.0};
  std::vector<double> out(num.size(), -1.0);
  quotient_where_positive(num, den, out);
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  for (size_t i = 0; i < num.size(); ++i)
    EXPECT_EQ(bits(out[i]), bits(den[i] > 0 ? num[i] / den[i] : 0.0)) << i;
  // By hand: 6 / 3 = 2; a zero, negative or NaN workforce pays +0; -6 / 4 = -1.5; 5 / inf = 0;
  // 7.5 / 2.5 = 3; -0 / 2 = -0 (kept: the divisor is positive); 1e300 / 1e-300 = inf; 2 / 8 = 0.25.
  EXPECT_EQ(out[0], 2.0);
  EXPECT_EQ(bits(out[1]), bits(0.0));
  EXPECT_EQ(bits(out[2]), bits(0.0));
  EXPECT_EQ(out[3], -1.5);
  EXPECT_EQ(bits(out[4]), bits(0.0));
  EXPECT_EQ(out[5], 0.0);
  EXPECT_EQ(out[6], 3.0);
  EXPECT_TRUE(std::signbit(out[7]));
  EXPECT_EQ(bits(out[8]), bits(0.0));
  EXPECT_EQ(out[9], inf);
  EXPECT_EQ(out[10], 0.25);
}

// food_wanted with positive_part is the form with std::max it replaced, bit for bit, over a
// grid of what a household has, its need, satiation, Engel share, budget and the price.
TEST(Households, FoodWantedIsTheBranchingFormBitForBit) {
  const auto branching = [](double has, double need, double satiation, double engel, double left, double price) {
    if (price <= 0.0 || left <= 0.0) return 0.0;
    const double first = std::min(std::max(0.0, need - has), left / price);
    const double rest = left - first * price;
    const double extra = std::min(std::max(0.0, satiation - has - first), engel * rest / price);
    return first + extra;
  };
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  int cases = 0;
  for (double has : {0.0, 0.4, 1.0, 1.7, 3.0})
    for (double need : {0.0, 1.0, 1.3})
      for (double satiation : {1.0, 1.6, 2.5})
        for (double engel : {0.0, 0.35})
          for (double left : {-1.0, 0.0, 0.7, 5.0, 400.0, 1e6, 3.3e-4})
            for (double price : {0.0, 0.9, 46.0, 5000.0}) {
              EXPECT_EQ(bits(food_wanted(has, need, satiation, engel, left, price)),
                        bits(branching(has, need, satiation, engel, left, price)))
                  << has << ' ' << need << ' ' << satiation << ' ' << engel << ' ' << left << ' ' << price;
              ++cases;
            }
  EXPECT_EQ(cases, 5 * 3 * 3 * 2 * 7 * 4);
  // Hand-computed: has 0.4, need 1, satiation 1.6, engel 0.5, budget 10 at price 2: the need
  // first, 0.6 units (1.2 won); of the 8.8 left, half buys 2.2 more units, capped at
  // satiation: 1.6 - 0.4 - 0.6 = 0.6. Wanted: 1.2 units.
  EXPECT_DOUBLE_EQ(food_wanted(0.4, 1.0, 1.6, 0.5, 10.0, 2.0), 1.2);
}

TEST(Households, WagesByWorkGoToTheEmployersWorkers) {
  // Two households of share 1 and 2 (one real household each) work for firms paying 100 and
  // 400 won a worker; the bill is 1,800: lambda = 1800 / (1 x 100 + 2 x 400) = 2.
  const double lambda = work_scale(1800.0, 1.0 * 100.0 + 2.0 * 400.0);
  EXPECT_DOUBLE_EQ(lambda, 2.0);
  EXPECT_DOUBLE_EQ(income_by_work(1.0, 100.0, lambda), 200.0);
  EXPECT_DOUBLE_EQ(income_by_work(2.0, 400.0, lambda), 1600.0);  // the two add up to the bill
  // A firm that paid nothing beyond... nothing: its workers get nothing from the bill.
  EXPECT_DOUBLE_EQ(income_by_work(2.0, 0.0, lambda), 0.0);
  EXPECT_DOUBLE_EQ(work_scale(1800.0, 0.0), 0.0);
}

TEST(Households, EmployerDrawnByWorkforce) {
  const std::vector<double> cumulative{1.0, 3.0, 6.0};  // weights 1, 2, 3
  EXPECT_EQ(pick_by_weight(cumulative, 0.0), 0);
  EXPECT_EQ(pick_by_weight(cumulative, 0.2), 1);   // 1.2 falls in (1, 3]
  EXPECT_EQ(pick_by_weight(cumulative, 0.5), 2);   // 3.0: past the second's end
  EXPECT_EQ(pick_by_weight(cumulative, 0.99), 2);
  EXPECT_EQ(pick_by_weight(std::vector<double>{}, 0.5), -1);
  EXPECT_EQ(pick_by_weight(std::vector<double>{0.0, 0.0}, 0.5), -1);
}

}  // namespace
}  // namespace lightind::policy
