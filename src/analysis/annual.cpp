// lightind: annual statistics of aggregate indicators.
#include <cmath>
#include <limits>

#include "lightind/analysis.hpp"
#include "lightind/description.hpp"

namespace lightind::analysis {

namespace {

struct YearAcc {
  double sum = 0.0;  ///< every month's value (NaN propagates)
  int months = 0;
  AnnualMean mean;   ///< finite months only
};

std::map<int, YearAcc> by_year(const Series& s, const std::string& indicator) {
  std::map<int, YearAcc> acc;
  for (const auto& [m, v] : s.aggregate(indicator)) {
    YearAcc& a = acc[YearMonth::from_index(m).year];
    a.sum += v;
    a.months += 1;
    a.mean.add(v);
  }
  return acc;
}

}  // namespace

double AnnualMean::value() const {
  return finite > 0 ? sum / finite : std::numeric_limits<double>::quiet_NaN();
}

std::map<int, double> annual_mean(const Series& s, const std::string& indicator) {
  std::map<int, double> out;
  for (const auto& [y, a] : by_year(s, indicator)) out[y] = a.mean.value();
  return out;
}

std::map<int, double> annual_sum(const Series& s, const std::string& indicator) {
  std::map<int, double> out;
  for (const auto& [y, a] : by_year(s, indicator)) out[y] = a.sum;
  return out;
}

std::map<int, int> months_per_year(const Series& s, const std::string& indicator) {
  std::map<int, int> out;
  for (const auto& [y, a] : by_year(s, indicator)) out[y] = a.months;
  return out;
}

std::map<int, double> annual_growth(const Series& s, const std::string& indicator) {
  const auto acc = by_year(s, indicator);
  std::map<int, double> out;
  for (const auto& [y, a] : acc) {
    const auto prev = acc.find(y - 1);
    if (prev == acc.end() || a.months != 12 || prev->second.months != 12 || prev->second.sum == 0.0) continue;
    out[y] = 100.0 * (a.sum / prev->second.sum - 1.0);
  }
  return out;
}

double final_value(const Series& s, const std::string& indicator) {
  int last = std::numeric_limits<int>::min();
  double v = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [m, x] : s.aggregate(indicator)) {
    if (m >= last) {
      last = m;
      v = x;
    }
  }
  return v;
}

}  // namespace lightind::analysis
