// lightind: PDLP's optimality measures and stopping tests (see planner/pdlp.hpp,
// "Termination"): the relative duality gap and primal and dual residuals of Applegate et al.
// 2021 (section 3, "Termination criteria") on the original (unscaled) problem, and the
// infeasibility certificates from iterate differences.
#include <algorithm>
#include <array>
#include <cmath>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {

double bound_norm2(std::span<const double> lo, std::span<const double> hi) {
  double s = 0.0;
  for (std::size_t i = 0; i < lo.size(); ++i) {
    double b = 0.0;
    if (lo[i] > -kInf) b = std::max(b, std::abs(lo[i]));
    if (hi[i] < kInf) b = std::max(b, std::abs(hi[i]));
    s += b * b;
  }
  return s;
}

Measures measure(const Scaled& s, const Vec& x, const Vec& y, const Vec& kx, const Vec& kty) {
  Measures r;
  const auto rows_n = static_cast<std::int64_t>(y.size());
  // Each block's worst row against its own size, beside the sums: a maximum, the same in any
  // order (per block, then over the blocks).
  std::vector<double> worst(static_cast<std::size_t>(std::max<std::int64_t>(1, planner::n_blocks(rows_n))), 0.0);
  const auto rows = reduce_blocks<4>(rows_n, [&](std::int64_t i0, std::int64_t i1) {
    std::array<double, 4> a{};
    double w = 0.0;
    for (auto i = static_cast<std::size_t>(i0); i < static_cast<std::size_t>(i1); ++i) {
      const double res = kx[i] - clamp(kx[i], s.lo[i], s.hi[i]);
      a[0] += res * res;
      const double ro = res / s.dr[i];
      a[1] += ro * ro;
      a[3] += std::abs(res * y[i]);
      if (y[i] > 0.0 && s.lo[i] > -kInf) a[2] += s.lo[i] * y[i];
      if (y[i] < 0.0 && s.hi[i] < kInf) a[2] += s.hi[i] * y[i];
      if (res != 0.0) {
        double bound = 0.0;  // the largest finite bound, scaled
        if (s.lo[i] > -kInf) bound = std::max(bound, std::abs(s.lo[i]));
        if (s.hi[i] < kInf) bound = std::max(bound, std::abs(s.hi[i]));
        // (|res| / dr) / (1 + bound / dr): original units over the row's own size
        w = std::max(w, std::abs(res) / (s.dr[i] + bound));
      }
    }
    worst[static_cast<std::size_t>(i0 / planner::kBlock)] = w;
    return a;
  });
  for (const double w : worst) r.row_residual = std::max(r.row_residual, w);
  const auto cols = reduce_blocks<5>(static_cast<std::int64_t>(x.size()), [&](std::int64_t j0, std::int64_t j1) {
    std::array<double, 5> a{};
    for (auto j = static_cast<std::size_t>(j0); j < static_cast<std::size_t>(j1); ++j) {
      const double rc = s.c[j] - kty[j];
      double lam = 0.0;
      if (rc > 0.0 && s.l[j] > -kInf) lam = rc;
      if (rc < 0.0 && s.u[j] < kInf) lam = rc;
      const double res = rc - lam;
      a[0] += res * res;
      const double ro = res / s.dc[j];
      a[1] += ro * ro;
      if (lam > 0.0) a[2] += s.l[j] * lam;
      if (lam < 0.0) a[2] += s.u[j] * lam;
      a[3] += s.c[j] * x[j];
      a[4] += std::abs(res * x[j]);
    }
    return a;
  });
  r.pres2_s = rows[0];
  r.pres2 = rows[1];
  r.dres2_s = cols[0];
  r.dres2 = cols[1];
  r.dobj = rows[2] + cols[2];
  r.pobj = cols[3];
  r.residual_value = rows[3] + cols[4];
  return r;
}

Relative relative(const Measures& m, double bound_norm, double obj_norm, double value_factor, bool check_rows) {
  const double size = 1.0 + std::abs(m.pobj) + std::abs(m.dobj);
  return {std::abs(m.pobj - m.dobj) / size, std::sqrt(m.pres2) / (1.0 + bound_norm),
          std::sqrt(m.dres2) / (1.0 + obj_norm), m.residual_value / size, value_factor, m.row_residual, check_rows};
}

bool primal_ray(const Scaled& s, const Vec& dx, const Vec& kdx, double tol) {
  double cd = 0.0, dmax = 0.0, viol = 0.0;
  for (std::size_t j = 0; j < dx.size(); ++j) cd += s.c[j] * dx[j];  // c.d in either space
  for (std::size_t j = 0; j < dx.size(); ++j) {
    const double d = dx[j] * s.dc[j];
    dmax = std::max(dmax, std::abs(d));
    if (s.l[j] > -kInf && d < 0.0) viol = std::max(viol, -d);
    if (s.u[j] < kInf && d > 0.0) viol = std::max(viol, d);
  }
  for (std::size_t i = 0; i < kdx.size(); ++i) {
    const double v = kdx[i] / s.dr[i];
    if (s.lo[i] > -kInf && v < 0.0) viol = std::max(viol, -v);
    if (s.hi[i] < kInf && v > 0.0) viol = std::max(viol, v);
  }
  return dmax > 0.0 && cd < 0.0 && viol <= tol * dmax;
}

bool dual_ray(const Scaled& s, const Vec& dy, const Vec& ktdy, double tol) {
  double dmax = 0.0, viol = 0.0, value = 0.0;
  for (std::size_t i = 0; i < dy.size(); ++i) {
    const double d = dy[i] * s.dr[i];
    dmax = std::max(dmax, std::abs(d));
    if (d > 0.0) {
      if (s.lo[i] > -kInf) value += s.lo[i] * dy[i];
      else viol = std::max(viol, d);
    } else if (d < 0.0) {
      if (s.hi[i] < kInf) value += s.hi[i] * dy[i];
      else viol = std::max(viol, -d);
    }
  }
  for (std::size_t j = 0; j < ktdy.size(); ++j) {
    const double r = -ktdy[j];  // reduced cost of the ray (scaled)
    const double ro = r / s.dc[j];
    if (r > 0.0) {
      if (s.l[j] > -kInf) value += s.l[j] * r;
      else viol = std::max(viol, ro);
    } else if (r < 0.0) {
      if (s.u[j] < kInf) value += s.u[j] * r;
      else viol = std::max(viol, -ro);
    }
  }
  return dmax > 0.0 && value > 0.0 && viol <= tol * dmax;
}

void dual_ascent(const Scaled& s, Vec& y, Vec& kty, int sweeps) {
  const std::size_t m = y.size();
  std::vector<std::pair<double, double>> breaks;  // (y_r where the slope drops, by how much)
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    for (std::size_t r = 0; r < m; ++r) {
      const double lo = s.lo[r], hi = s.hi[r];
      const bool lo_finite = lo > -kInf, hi_finite = hi < kInf;
      if (!lo_finite && !hi_finite) continue;  // a free row's dual stays 0
      breaks.clear();
      double slope = 0.0;  // of the columns' part, as y_r -> -inf
      bool boxed = true;
      for (auto q = s.k.ptr[r]; q < s.k.ptr[r + 1]; ++q) {
        const auto j = static_cast<std::size_t>(s.k.idx[static_cast<std::size_t>(q)]);
        const double a = s.k.val[static_cast<std::size_t>(q)];
        if (a == 0.0) continue;
        if (!(s.l[j] > -kInf && s.u[j] < kInf)) {
          boxed = false;
          break;
        }
        // Column j adds min over [l, u] of (rc_j - a (t - y_r)) x_j: slope -a l while its
        // reduced cost is positive, -a u once negative (a > 0; mirrored for a < 0).
        slope += a > 0.0 ? -a * s.l[j] : -a * s.u[j];
        breaks.emplace_back(y[r] + (s.c[j] - kty[j]) / a, std::abs(a) * (s.u[j] - s.l[j]));
      }
      if (!boxed) continue;
      if (lo_finite && hi_finite) breaks.emplace_back(0.0, hi - lo);
      std::sort(breaks.begin(), breaks.end());
      // The row's part: hi t for t < 0, lo t for t > 0; t >= 0 when hi is infinite, t <= 0
      // when lo is.
      std::size_t k = 0;
      double t = -kInf;
      bool found = false;
      if (!hi_finite) {
        slope += lo;
        while (k < breaks.size() && breaks[k].first <= 0.0) slope -= breaks[k++].second;
        t = 0.0;
        found = slope <= 0.0;
      } else {
        slope += hi;
        if (slope <= 0.0) continue;  // the dual does not fall as y_r -> -inf: nothing to find
      }
      while (!found && k < breaks.size()) {
        if (!lo_finite && breaks[k].first >= 0.0) break;  // the domain ends at 0
        t = breaks[k].first;
        slope -= breaks[k++].second;
        found = slope <= 0.0;
      }
      if (!found && !lo_finite) {  // rising up to the end of the domain
        t = 0.0;
        found = true;
      }
      if (!found || !std::isfinite(t) || t == y[r]) continue;  // unbounded along y_r, or already there
      const double d = t - y[r];
      y[r] = t;
      for (auto q = s.k.ptr[r]; q < s.k.ptr[r + 1]; ++q)
        kty[static_cast<std::size_t>(s.k.idx[static_cast<std::size_t>(q)])] += s.k.val[static_cast<std::size_t>(q)] * d;
    }
  }
}

}  // namespace lightind::pdlp::detail
