// lightind: PDLP's adaptive restarts and primal weight (see planner/pdlp.hpp, "Restart"): the
// restart criteria of Applegate et al. 2021 (section 3, "Adaptive restarts") in the KKT-error
// form of Lu and Yang 2023 (cuPDLP.jl), and the primal weight update of the paper's
// Algorithm 3.
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

double distance(const Vec& a, const Vec& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d);
}

}  // namespace lightind::pdlp::detail
