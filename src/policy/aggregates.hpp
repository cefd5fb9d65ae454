// lightind: the scenario's aggregates (`[[aggregates]]`): sums and shares of sector values.
#pragma once

#include <span>

namespace lightind::policy {

/// An aggregate of sector values (national-accounts aggregation: a group's output is the sum
/// of its sectors' output at constant prices): with `share` false, S = sum_k of_k; with
/// `share` true, S / sum_k over_k, the share of the denominator's sectors (the light share of
/// industrial output), 0 when the denominator is not positive.
inline double aggregate_value(std::span<const double> of, std::span<const double> over, bool share) {
  double num = 0.0;
  for (double x : of) num += x;
  if (!share) return num;
  double den = 0.0;
  for (double x : over) den += x;
  return den > 0.0 ? num / den : 0.0;
}

}  // namespace lightind::policy
