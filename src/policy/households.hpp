// lightind policy: households who can go hungry (issue 12, items 4-6; STYLE.md 2). Income tied
// to the employer and the region, regional food markets linked by trade, a lognormal
// distribution of food consumption within each class of households (FAO's prevalence of
// undernourishment), and varieties that cost real resources. Applied by household_income,
// food_market and settle_sales (src/engine/phases_markets.cpp), settle_budget
// (phases_budget.cpp) and record (record.cpp). Tests: tests/policy/test_households.cpp.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lightind::policy {

/// Share of persons whose food consumption lies below `threshold` when consumption in a class
/// is lognormal with mean `mean` and coefficient of variation `cv` (FAO's method for the
/// prevalence of undernourishment, FAO 2014 "Refinements to the FAO methodology for
/// estimating the prevalence of undernourishment indicator"): s^2 = ln(1 + CV^2),
/// mu = ln(mean) - s^2 / 2, share = Phi((ln(threshold) - mu) / s). With CV = 0 the share is
/// 1 below the threshold and 0 at or above it.
inline double lognormal_share_below(double mean, double cv, double threshold) {
  if (threshold <= 0.0) return 0.0;
  if (mean <= 0.0) return 1.0;
  if (cv <= 0.0) return mean < threshold ? 1.0 : 0.0;
  const double s2 = std::log1p(cv * cv);
  const double s = std::sqrt(s2);
  const double z = (std::log(threshold / mean) + 0.5 * s2) / s;
  return 0.5 * std::erfc(-z / 1.4142135623730951);
}

/// lognormal_share_below for many classes at once (the household pass): the month's CV and
/// thresholds fixed, each class costs one log and a table lookup. Phi is read from a table
/// of 8,193 nodes on [-8, 8], linear between nodes (error below 1e-6: h^2 / 8 x max |phi'|
/// with h = 1/512), 0 below and 1 above the range.
class LognormalShares {
 public:
  LognormalShares(double cv, double threshold) : cv_(cv), threshold_(threshold) {
    const double s2 = std::log1p(cv * cv);
    s_ = std::sqrt(s2);
    inv_s_ = s_ > 0.0 ? 1.0 / s_ : 0.0;
    log_threshold_ = threshold > 0.0 ? std::log(threshold) : 0.0;
    offset_ = threshold > 0.0 ? log_threshold_ + 0.5 * s2 : 0.0;
  }
  /// Share of a class with mean consumption `mean` below the threshold.
  [[nodiscard]] double operator()(double mean) const {
    if (threshold_ <= 0.0) return 0.0;
    if (mean <= 0.0) return 1.0;
    if (cv_ <= 0.0) return mean < threshold_ ? 1.0 : 0.0;
    return of_log(std::log(mean));
  }
  /// The same from log(mean), mean > 0 (two thresholds of one class share the log).
  [[nodiscard]] double of_log(double log_mean) const {
    if (threshold_ <= 0.0) return 0.0;
    if (cv_ <= 0.0) return log_mean < log_threshold_ ? 1.0 : 0.0;
    const double z = (offset_ - log_mean) * inv_s_;
    if (z <= -kRange) return 0.0;
    if (z >= kRange) return 1.0;
    const double x = (z + kRange) * ((kNodes - 1) / (2.0 * kRange));
    // x is in [0, 8192] here: through a signed integer, the conversion is one instruction
    // (to an unsigned one it is a compare and a branch), the same j.
    const auto j = static_cast<size_t>(static_cast<std::int64_t>(x));
    if (j + 1 >= kNodes) return t_[kNodes - 1];
    return t_[j] + (x - static_cast<double>(j)) * (t_[j + 1] - t_[j]);
  }

 private:
  static constexpr size_t kNodes = 8193;
  static constexpr double kRange = 8.0;
  /// Phi at the nodes, built once.
  static const double* table() {
    static const std::vector<double> t = [] {
      std::vector<double> v(kNodes);
      for (size_t j = 0; j < kNodes; ++j) {
        const double z = -kRange + 2.0 * kRange * static_cast<double>(j) / (kNodes - 1);
        v[j] = 0.5 * std::erfc(-z / 1.4142135623730951);
      }
      return v;
    }();
    return t.data();
  }
  double cv_, threshold_, s_ = 0, inv_s_ = 0, offset_ = 0, log_threshold_ = 0;
  const double* t_ = table();
};

/// Transport cost of food between regions as a share of the destination price: the normal
/// cost tau raised by the border closure, which also closed internal movement (checkpoints,
/// travel permits): tau / c for c the share of traffic the closure allows, at most 1 (no trade).
inline double transport_cost(double tau, double closure_factor) {
  if (closure_factor <= 0.0) return 1.0;
  return std::min(1.0, tau / closure_factor);
}

/// Share of a surplus that traders move from a region at price p_from to one at p_to when
/// the transport cost is the share tau of the destination price: trade runs "up to the
/// price gap minus the transport cost", f = max(0, 1 - tau / g) with g = (p_to - p_from) / p_to
/// the relative gap (no trade unless the gap exceeds the cost; nearly all the surplus moves
/// when the gap is large against the cost).
inline double arbitrage_share(double p_from, double p_to, double tau) {
  if (p_to <= p_from || p_to <= 0.0) return 0.0;
  const double gap = (p_to - p_from) / p_to;
  return std::max(0.0, 1.0 - tau / gap);
}

/// Regional food trade (spatial arbitrage, Takayama and Judge 1971 in its simplest form):
/// regions with supply beyond their demand (surplus S_i = max(0, supply - demand)) send
/// x_ij = f_ij S_i d_j / sum_l d_l to regions short of food (deficit d_j = max(0, demand -
/// supply)) that are dearer (f_ij = arbitrage_share(p_i, p_j, tau)); when the shipments to j
/// exceed its deficit they are scaled down to it. Returns the net inflow per region
/// (negative: shipped out); the inflows sum to zero (food moves, none is lost).
inline std::vector<double> regional_trade(std::span<const double> price, std::span<const double> supply,
                                          std::span<const double> demand, double tau) {
  const size_t r = price.size();
  std::vector<double> surplus(r), deficit(r), net(r, 0.0);
  double deficit_total = 0.0;
  for (size_t i = 0; i < r; ++i) {
    surplus[i] = std::max(0.0, supply[i] - demand[i]);
    deficit[i] = std::max(0.0, demand[i] - supply[i]);
    deficit_total += deficit[i];
  }
  if (deficit_total <= 0.0) return net;
  std::vector<double> x(r * r, 0.0), inflow(r, 0.0);
  for (size_t i = 0; i < r; ++i) {
    if (surplus[i] <= 0.0) continue;
    for (size_t j = 0; j < r; ++j) {
      if (deficit[j] <= 0.0) continue;
      x[i * r + j] = arbitrage_share(price[i], price[j], tau) * surplus[i] * deficit[j] / deficit_total;
      inflow[j] += x[i * r + j];
    }
  }
  for (size_t i = 0; i < r; ++i)
    for (size_t j = 0; j < r; ++j) {
      const double v = x[i * r + j];
      if (v <= 0.0) continue;
      const double moved = inflow[j] > deficit[j] ? v * deficit[j] / inflow[j] : v;
      net[i] -= moved;
      net[j] += moved;
    }
  return net;
}

/// x when `keep` holds, +0.0 otherwise, without a branch: the bits of x masked by all ones or
/// all zeros. The same value as `keep ? x : 0.0` bit for bit (x's sign, infinities and NaNs
/// pass through when kept). In the household passes a branch on a flag that differs from one
/// agent to the next (a trader or not) is mispredicted about as often as it is taken:
/// callgrind's branch simulation counted 580,030 mispredictions in the reference run on the
/// traders' flag in settle_sales' household pass, 4,920 with this mask
/// (bench/results/issue16-session11-vm-2026-12-06.txt, section 2).
inline double if_else_zero(bool keep, double x) {
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(keep);
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & mask);
}

/// out[i] = num[i] / den[i] where den[i] > 0, else +0.0 (den 0, negative or NaN), the same
/// values as that conditional division bit for bit, two at a time with SSE2: each lane divides
/// by den or by 1 and is then masked (GCC does not vectorise the conditional division, whose
/// dropped lanes could raise a floating-point exception). household_income's pay per worker
/// of each employer (7,365 divisions a month in the reference run). `num` and `den` hold at
/// least out.size() values.
inline void quotient_where_positive(std::span<const double> num, std::span<const double> den, std::span<double> out) {
  const std::size_t n = out.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128d one = _mm_set1_pd(1.0), zero = _mm_setzero_pd();
  for (; i + 2 <= n; i += 2) {
    const __m128d d = _mm_loadu_pd(den.data() + i);
    const __m128d pos = _mm_cmpgt_pd(d, zero);
    const __m128d safe = _mm_or_pd(_mm_and_pd(pos, d), _mm_andnot_pd(pos, one));
    _mm_storeu_pd(out.data() + i, _mm_and_pd(pos, _mm_div_pd(_mm_loadu_pd(num.data() + i), safe)));
  }
#endif
  for (; i < n; ++i) out[i] = den[i] > 0 ? num[i] / den[i] : 0.0;
}

/// max(0, x) as std::max(0.0, x) gives it, bit for bit: x when x > 0, else +0.0 (so -0.0 and
/// NaN give +0.0, as std::max(0.0, x) returns its first argument unless 0.0 < x). With SSE2
/// the compare writes a mask (cmpgtsd, andpd); _mm_max_sd was not used because GCC may emit
/// maxsd with its operands swapped, which lets -0.0 and NaN through. In food_wanted and
/// household_plan it took household_income from 18.8 to 15.8 ms on the reference run (the
/// same mispredictions in callgrind before and after: why it is faster was not established).
inline double positive_part(double x) {
#if defined(__SSE2__)
  const __m128d v = _mm_set_sd(x);
  return _mm_cvtsd_f64(_mm_and_pd(_mm_cmpgt_sd(v, _mm_setzero_pd()), v));
#else
  return if_else_zero(x > 0.0, x);
#endif
}

/// Food a household wants at market, units, with Engel's law: it first buys food up to its
/// need beyond what it has (ration and own crop, `has`) as far as its budget `left` reaches;
/// of the budget still left it spends the share `engel` on more food, up to `satiation`
/// (Engel 1857: the food share of spending falls as income rises; no fixed cap at the need).
inline double food_wanted(double has, double need, double satiation, double engel, double left, double price) {
  if (price <= 0.0 || left <= 0.0) return 0.0;
  const double first = std::min(positive_part(need - has), left / price);
  const double rest = left - first * price;
  const double extra = std::min(positive_part(satiation - has - first), engel * rest / price);
  return first + extra;
}

/// Wage income of a worker's household, won per household: y = lambda x w_e, its income
/// share x (ability x shock) times the pay per worker w_e of ITS employer this month (wage,
/// wages by work, development staff; the budget's state wage for public employees), with
/// lambda = B / sum_h x_h w_e(h) (weights: real households) spreading the month's whole wage
/// bill B over the workers' households. Wages by work thus go to the workers of the firm
/// that earned them (issue 12, item 4), at any agent scale (an agent earns its employer's
/// wage rate, not a split of its bill among however many agents drew it).
inline double income_by_work(double share, double employer_wage, double lambda) { return lambda * share * employer_wage; }

/// lambda of income_by_work: the wage bill over the share-weighted employer wages of the
/// workers' households, B / sum_h x_h w_e(h); 0 when no household has a paying employer.
inline double work_scale(double wage_bill, double weighted_wages) {
  return weighted_wages > 0.0 ? wage_bill / weighted_wages : 0.0;
}

/// Index of the employer a uniform draw u in [0, 1) picks when employers are drawn in
/// proportion to their weights (workforce): the first i with cumulative weight > u x total.
/// `cumulative` holds the running sums; returns -1 when it is empty or all weights are 0.
inline int pick_by_weight(std::span<const double> cumulative, double u) {
  if (cumulative.empty() || cumulative.back() <= 0.0) return -1;
  const double target = u * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  return static_cast<int>(std::min<std::ptrdiff_t>(it - cumulative.begin(), static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
}

}  // namespace lightind::policy
