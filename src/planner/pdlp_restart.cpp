// lightind: PDLP's adaptive restarts and primal weight (see planner/pdlp.hpp, "Restart"): the
// restart criteria of Applegate et al. 2021 (section 3, "Adaptive restarts") in the KKT-error
// form of Lu and Yang 2023 (cuPDLP.jl), and the primal weight update of the paper's
// Algorithm 3.
#include <algorithm>
#include <cmath>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {

namespace {
/// Below this, a move between restart points is treated as no move: its ratio would be noise.
constexpr double kNoMove = 1e-10;
/// Below this, |c~|^2 or |b~|^2 is treated as zero (no costs or no bounds to weigh).
constexpr double kNoNorm2 = 1e-20;
}  // namespace

Restart restart_decision(double candidate, double at_restart, double previous, std::int64_t since_restart,
                         std::int64_t iterations, const Options& options) {
  if (candidate <= options.restart_sufficient * at_restart) return Restart::sufficient;
  if (candidate <= options.restart_necessary * at_restart && candidate > previous) return Restart::necessary;
  if (static_cast<double>(since_restart) >= options.restart_artificial * static_cast<double>(iterations))
    return Restart::artificial;
  return Restart::none;
}

double initial_primal_weight(const Scaled& s) {
  double cn = 0.0;
  for (double v : s.c) cn += v * v;
  const double bn = bound_norm2(s.lo, s.hi);
  return (cn > kNoNorm2 && bn > kNoNorm2) ? std::sqrt(cn) / std::sqrt(bn) : 1.0;
}

double updated_primal_weight(double w, double dx, double dy, double theta) {
  if (theta > 0.0 && dx > kNoMove && dy > kNoMove) return std::exp(theta * std::log(dy / dx) + (1.0 - theta) * std::log(w));
  return w;
}

double pid_primal_weight(double w, double dx, double dy, double residual_ratio, Pid& pid, const Options& o) {
  constexpr double kMinMove = 1e-16, kMaxMove = 1e12, kMinRatio = 1e-8, kMaxRatio = 1e8;
  double next;
  // A ratio of 0 or infinity says only that one residual is exactly zero (a dual residual is 0
  // whenever every column is bounded on both sides): no sign of imbalance, so it does not stop
  // the update.
  const bool balanced = residual_ratio == 0.0 || !std::isfinite(residual_ratio) ||
                        (residual_ratio > kMinRatio && residual_ratio < kMaxRatio);
  if (dx > kMinMove && dy > kMinMove && dx < kMaxMove && dy < kMaxMove && balanced) {
    const double e = std::log(w * dx / dy);
    pid.sum = o.pid_decay * pid.sum + e;
    next = w * std::exp(-(o.pid_kp * e + o.pid_ki * pid.sum + o.pid_kd * (e - pid.last)));
    pid.last = e;
  } else {
    next = pid.best_w;
    pid.sum = 0.0;
    pid.last = 0.0;
  }
  if (residual_ratio > 0.0 && std::isfinite(residual_ratio)) {
    const double balance = std::abs(std::log10(residual_ratio));
    if (balance < pid.best_balance) {
      pid.best_balance = balance;
      pid.best_w = next;
    }
  }
  return next;
}

double fixed_point_error(double w, double eta, double dx2, double dy2, double interaction) {
  return std::sqrt(std::max(0.0, (w * dx2 + dy2 / w) / eta + 2.0 * interaction));
}

double spectral_norm(const Csr& k, const Csr& kt, int max_iterations, double tolerance) {
  const auto n = static_cast<std::size_t>(k.cols);
  if (n == 0 || k.val.empty()) return 0.0;
  Vec v(n, 1.0 / std::sqrt(static_cast<double>(n))), kv(static_cast<std::size_t>(k.rows)), w(n);
  double estimate = 0.0;
  for (int it = 0; it < max_iterations; ++it) {
    spmv(k, v, kv);
    spmv(kt, kv, w);
    const double norm = std::sqrt(dot(w, w));  // |K^T K v| with |v| = 1: -> sigma_max^2
    if (norm == 0.0) return 0.0;
    for (std::size_t j = 0; j < n; ++j) v[j] = w[j] / norm;
    const double next = std::sqrt(norm);
    const bool settled = std::abs(next - estimate) <= tolerance * next;
    estimate = next;
    if (settled) break;
  }
  return estimate;
}

double distance(const Vec& a, const Vec& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d);
}

}  // namespace lightind::pdlp::detail
