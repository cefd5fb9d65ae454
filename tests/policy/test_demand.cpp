// src/policy/demand.hpp against hand-computed values (issue 12, item 1).
#include <initializer_list>

#include <gtest/gtest.h>

#include "policy/demand.hpp"

namespace lightind::policy {
namespace {

/// f(a, b, c) == want for each row {a, b, c, want}: hand-computed values of one rule.
struct Row3 {
  double a, b, c, want;
};
void expect_rows(double (*f)(double, double, double), std::initializer_list<Row3> rows) {
  for (const Row3& r : rows) EXPECT_DOUBLE_EQ(f(r.a, r.b, r.c), r.want) << r.a << ", " << r.b << ", " << r.c;
}
/// f(a, b) == want for each row {a, b, want}.
struct Row2 {
  double a, b, want;
};
void expect_rows(double (*f)(double, double), std::initializer_list<Row2> rows) {
  for (const Row2& r : rows) EXPECT_DOUBLE_EQ(f(r.a, r.b), r.want) << r.a << ", " << r.b;
}

TEST(Demand, AdaptiveExpectationClosesTheGapByItsWeight) {
  // E = 100 + 0.5 (140 - 100) = 120; weight 1 is the naive expectation, 0 never learns;
  // 100 + 0.25 (60 - 100) = 90.
  expect_rows(expected_demand, {{100.0, 140.0, 0.5, 120.0}, {100.0, 140.0, 1.0, 140.0},
                                {100.0, 140.0, 0.0, 100.0}, {100.0, 60.0, 0.25, 90.0}});
}

TEST(Demand, PlannedOutputMovesTheStockToItsTarget) {
  // Expected sales 100, target one month: with 100 in stock plan 100; with 40, 160;
  // with 250 in stock, 100 + 100 - 250 < 0 -> nothing; 80 + 40 - 20 = 100.
  expect_rows(planned_output, {{100.0, 100.0, 1.0, 100.0}, {100.0, 40.0, 1.0, 160.0},
                               {100.0, 250.0, 1.0, 0.0}, {80.0, 20.0, 0.5, 100.0}});
}

TEST(Demand, PlanFillIsTheShareOfWhatCanBeProduced) {
  // 50 of 200; capacity binds at 300; nothing planned; nothing can be produced.
  expect_rows(plan_fill, {{50.0, 200.0, 0.25}, {300.0, 200.0, 1.0}, {0.0, 200.0, 0.0}, {10.0, 0.0, 0.0}});
}

TEST(Demand, ExportBanIdlesExportDemand) {
  // 30 units a month of foreign demand; a ban of severity 0.9 leaves 3.
  EXPECT_DOUBLE_EQ(export_demand(30.0, 1.0), 30.0);
  EXPECT_NEAR(export_demand(30.0, 0.1), 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(export_demand(30.0, 0.0), 0.0);
}

TEST(Demand, UnderemploymentIsTheIdleShareOfAssignedWorkers) {
  // 25 of 100 idle; none idle; overtime is not negative idleness; no workers, no idleness.
  expect_rows(underemployment, {{75.0, 100.0, 0.25}, {100.0, 100.0, 0.0}, {120.0, 100.0, 0.0}, {0.0, 0.0, 0.0}});
}

}  // namespace
}  // namespace lightind::policy
