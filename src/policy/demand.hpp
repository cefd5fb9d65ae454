// lightind: production planned from demand (issue 12, item 1) — pure functions.
//
// Enterprises plan output from the sales they expect and an inventory target, within their
// capacity, inputs and labour (Poledna et al. 2023, "Economic forecasting with an agent-based
// model", and BeforeIT.jl: Q_i = E[D_i] + (target stock - stock); Dosi et al. 2010, the K+S
// model: desired production = expected demand + desired inventories - inventories). In a
// planned economy the material balance does the same with the input-output matrix: gross
// output x = (I - A)^-1 f covers the expected final demand f and the inputs the other
// sectors' plans need (Leontief; Kornai 1980, "Economics of Shortage", ch. 2 and 9, on
// "taut" plans: the state's own demand for investment goods is never satisfied).
#pragma once

#include <algorithm>

namespace lightind::policy {

/// Adaptive expectation of demand (Poledna et al. 2023, eq. for expected sales; Nerlove 1958):
/// E_t = E_{t-1} + lambda (D_{t-1} - E_{t-1}), units a month; lambda in [0, 1] is the weight
/// of the latest observation (1: naive expectation E_t = D_{t-1}).
inline double expected_demand(double previous_expectation, double last_demand, double weight) {
  return previous_expectation + weight * (last_demand - previous_expectation);
}

/// Output a sector plans, units a month: its expected sales (final and intermediate, x =
/// (I - A)^-1 f) plus the move of its stock toward `target_months` of those sales within one
/// month (Dosi et al. 2010: Q^d = D^e + N^d - N_{t-1}); never negative (a sector with too
/// much stock plans nothing).
inline double planned_output(double expected, double stock, double target_months) {
  return std::max(0.0, expected + target_months * expected - stock);
}

/// The share of an enterprise's producible output that the sector's plan asks for:
/// min(1, plan / producible). Every enterprise of a sector produces the same share of what
/// it can (the plan is split in proportion to capacity, as ministries split targets).
inline double plan_fill(double sector_plan, double sector_producible) {
  if (sector_producible <= 0.0) return 0.0;
  return std::clamp(sector_plan / sector_producible, 0.0, 1.0);
}

/// Export demand for a sector's goods, units a month: the foreign buyers' demand at the
/// opening level (export_share of the opening output) times the share that sanctions and
/// the border closure let through. A ban idles the export capacity: its output is not
/// planned, and its inputs and labour are released (issue 12, item 1).
inline double export_demand(double opening_exports, double allowed_share) {
  return opening_exports * allowed_share;
}

/// Under-employment (Kornai 1980, ch. 11, "unemployment on the job"): the share of the
/// workers the labour administration has assigned to enterprises whom production does not
/// need this month, 1 - used / assigned (0 when nobody is assigned).
inline double underemployment(double labour_used, double labour_assigned) {
  if (labour_assigned <= 0.0) return 0.0;
  return std::clamp(1.0 - labour_used / labour_assigned, 0.0, 1.0);
}

}  // namespace lightind::policy
