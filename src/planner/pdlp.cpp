// lightind: restarted primal-dual hybrid gradient for LPs (PDLP), from Applegate et al. 2021,
// "Practical large-scale linear programming using primal-dual hybrid gradient" (NeurIPS), with
// the KKT-error restart criteria of Lu and Yang 2023 (cuPDLP.jl). See docs/PLANNER.md,
// "The scalable planner".
//
// Problem: min c.x  s.t.  lo <= K x <= hi,  l <= x <= u. Saddle point:
//   min_x max_y  c.x - y.K x + p(y),   p(y) = sum_i min_{z in [lo_i, hi_i]} y_i z
// (y_i >= 0 where only lo_i is finite, <= 0 where only hi_i is). One PDHG iteration, step eta,
// primal weight w (tau = eta / w, sigma = eta w):
//   x' = proj_[l,u](x - tau (c - K^T y))
//   v  = y - sigma K (2 x' - x),   y' = v + sigma proj_[lo,hi](-v / sigma)     (the prox of -p)
// Adaptive step (the paper's Algorithm 1): with k the iteration count,
//   eta_bar = (w |x'-x|^2 + |y'-y|^2 / w) / (2 |(y'-y).K(x'-x)|),
//   eta_next = min((1 - (k+1)^-0.3) eta_bar, (1 + (k+1)^-0.6) eta); the step is kept when eta <= eta_bar.
// Every `evaluation_period` iterations: termination on the original (unscaled) problem for the
// current iterate and the step-weighted average since the last restart; infeasibility rays from
// the iterates' difference over the period; restart to whichever of the two has the smaller
// KKT error KKT_w(z) = sqrt(w |primal residual|^2 + |dual residual|^2 / w + gap^2) when it fell
// below 0.2 of the last restart's (sufficient), below 0.8 and rose since the last check
// (necessary), or when the iterations since the restart exceed 0.36 of all (artificial). At a
// restart the primal weight moves halfway (in logs) to |y - y_restart| / |x - x_restart|.
// Preconditioning: Ruiz equilibration (infinity norm, 10 passes), then Pock-Chambolle (alpha = 1).
#include "planner/pdlp.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "lightind/pdlp.hpp"

namespace lightind::pdlp {

const char* to_string(Status s) {
  switch (s) {
    case Status::optimal: return "optimal";
    case Status::primal_infeasible: return "primal infeasible";
    case Status::dual_infeasible: return "dual infeasible (unbounded or infeasible)";
    case Status::iteration_limit: return "not converged (iteration limit)";
    case Status::time_limit: return "not converged (time limit)";
    case Status::numerical_error: return "not converged (numerical error)";
  }
  return "?";
}

void SparseLp::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("SparseLp: " + what); };
  if (n_rows < 0 || n_cols < 0) fail("negative size");
  const auto m = static_cast<std::size_t>(n_rows), n = static_cast<std::size_t>(n_cols);
  if (row_ptr.size() != m + 1 || row_ptr.front() != 0) fail("row_ptr must have n_rows + 1 entries starting at 0");
  if (col.size() != val.size() || static_cast<std::int64_t>(val.size()) != row_ptr.back())
    fail("col and val must have row_ptr.back() entries");
  for (std::size_t r = 0; r < m; ++r)
    if (row_ptr[r + 1] < row_ptr[r]) fail(fmt::format("row_ptr decreases at row {}", r));
  for (std::int32_t j : col)
    if (j < 0 || j >= n_cols) fail(fmt::format("column index {} outside 0..{}", j, n_cols - 1));
  for (double v : val)
    if (!std::isfinite(v)) fail("a matrix entry is not finite");
  if (obj.size() != n || col_lo.size() != n || col_hi.size() != n) fail("obj, col_lo, col_hi must have n_cols entries");
  if (row_lo.size() != m || row_hi.size() != m) fail("row_lo, row_hi must have n_rows entries");
  for (std::size_t j = 0; j < n; ++j) {
    if (!std::isfinite(obj[j])) fail(fmt::format("objective of column {} is not finite", j));
    if (std::isnan(col_lo[j]) || std::isnan(col_hi[j]) || col_lo[j] > col_hi[j] || col_lo[j] == kInf ||
        col_hi[j] == -kInf)
      fail(fmt::format("column {} has bounds [{}, {}]", j, col_lo[j], col_hi[j]));
  }
  for (std::size_t r = 0; r < m; ++r)
    if (std::isnan(row_lo[r]) || std::isnan(row_hi[r]) || row_lo[r] > row_hi[r] || row_lo[r] == kInf ||
        row_hi[r] == -kInf)
      fail(fmt::format("row {} has bounds [{}, {}]", r, row_lo[r], row_hi[r]));
}

namespace detail {

namespace {

std::int64_t n_blocks(std::int64_t n) { return (n + kBlock - 1) / kBlock; }

/// f(block, begin, end) for every fixed block of [0, n), in parallel.
template <class F>
void for_blocks(std::int64_t n, const F& f) {
  const std::int64_t nb = n_blocks(n);
  if (nb <= 1) {
    if (n > 0) f(std::int64_t{0}, std::int64_t{0}, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, nb, 1), [&](const tbb::blocked_range<std::int64_t>& r) {
    for (std::int64_t b = r.begin(); b != r.end(); ++b) f(b, b * kBlock, std::min(n, (b + 1) * kBlock));
  });
}

}  // namespace

/// Sums of M quantities over [0, n): f(begin, end) returns a block's partial sums; the partials
/// are added in block order (deterministic whatever the thread count).
template <std::size_t M, class F>
std::array<double, M> reduce_blocks(std::int64_t n, const F& f) {
  std::vector<std::array<double, M>> part(static_cast<std::size_t>(std::max<std::int64_t>(1, n_blocks(n))));
  for_blocks(n, [&](std::int64_t b, std::int64_t i0, std::int64_t i1) { part[static_cast<std::size_t>(b)] = f(i0, i1); });
  std::array<double, M> s{};
  for (const auto& p : part)
    for (std::size_t q = 0; q < M; ++q) s[q] += p[q];
  return s;
}

Csr transpose(const Csr& a) {
  Csr t;
  t.rows = a.cols;
  t.cols = a.rows;
  t.ptr.assign(static_cast<std::size_t>(a.cols) + 1, 0);
  for (std::int32_t j : a.idx) ++t.ptr[static_cast<std::size_t>(j) + 1];
  for (std::size_t j = 0; j < static_cast<std::size_t>(a.cols); ++j) t.ptr[j + 1] += t.ptr[j];
  t.idx.resize(a.idx.size());
  t.val.resize(a.val.size());
  std::vector<std::int64_t> next(t.ptr.begin(), t.ptr.end() - 1);
  for (std::int32_t i = 0; i < a.rows; ++i)
    for (auto p = a.ptr[static_cast<std::size_t>(i)]; p < a.ptr[static_cast<std::size_t>(i) + 1]; ++p) {
      const auto q = static_cast<std::size_t>(next[static_cast<std::size_t>(a.idx[static_cast<std::size_t>(p)])]++);
      t.idx[q] = i;
      t.val[q] = a.val[static_cast<std::size_t>(p)];
    }
  return t;
}

void spmv(const Csr& a, std::span<const double> x, std::span<double> y) {
  const std::int64_t* ptr = a.ptr.data();
  const std::int32_t* idx = a.idx.data();
  const double* val = a.val.data();
  const double* xv = x.data();
  double* yv = y.data();
  for_blocks(a.rows, [&](std::int64_t, std::int64_t i0, std::int64_t i1) {
    for (std::int64_t i = i0; i < i1; ++i) {
      double s = 0.0;
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) s += val[p] * xv[idx[p]];
      yv[i] = s;
    }
  });
}

double dot(std::span<const double> x, std::span<const double> y) {
  const double* a = x.data();
  const double* b = y.data();
  return reduce_blocks<1>(static_cast<std::int64_t>(x.size()), [&](std::int64_t i0, std::int64_t i1) {
    double s = 0.0;
    for (std::int64_t i = i0; i < i1; ++i) s += a[i] * b[i];
    return std::array<double, 1>{s};
  })[0];
}

}  // namespace detail

namespace {

using detail::Csr;
using detail::reduce_blocks;
using Clock = std::chrono::steady_clock;
using Vec = std::vector<double>;

double clamp(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

/// The preconditioned problem: K~ = D_r K D_c, c~ = D_c c, bounds on x~ = x / D_c and on
/// K~ x~ = D_r K x. Then x = D_c x~ and y = D_r y~.
struct Scaled {
  Csr k, kt;
  Vec c, l, u, lo, hi;
  Vec dr, dc;
};

Scaled precondition(const SparseLp& lp, const Options& opt) {
  Scaled s;
  const auto m = static_cast<std::size_t>(lp.n_rows), n = static_cast<std::size_t>(lp.n_cols);
  s.k.rows = lp.n_rows;
  s.k.cols = lp.n_cols;
  s.k.ptr = lp.row_ptr;
  s.k.idx = lp.col;
  s.k.val = lp.val;
  s.dr.assign(m, 1.0);
  s.dc.assign(n, 1.0);
  Vec rs(m), cs(n);
  const auto apply = [&](bool sum) {
    // rs, cs: the rows' and columns' infinity norms (Ruiz) or absolute sums (Pock-Chambolle, alpha = 1).
    std::fill(rs.begin(), rs.end(), 0.0);
    std::fill(cs.begin(), cs.end(), 0.0);
    for (std::size_t i = 0; i < m; ++i)
      for (auto p = s.k.ptr[i]; p < s.k.ptr[i + 1]; ++p) {
        const double a = std::abs(s.k.val[static_cast<std::size_t>(p)]);
        const auto j = static_cast<std::size_t>(s.k.idx[static_cast<std::size_t>(p)]);
        if (sum) {
          rs[i] += a;
          cs[j] += a;
        } else {
          rs[i] = std::max(rs[i], a);
          cs[j] = std::max(cs[j], a);
        }
      }
    for (double& v : rs) v = v > 0.0 ? 1.0 / std::sqrt(v) : 1.0;
    for (double& v : cs) v = v > 0.0 ? 1.0 / std::sqrt(v) : 1.0;
    for (std::size_t i = 0; i < m; ++i) {
      s.dr[i] *= rs[i];
      for (auto p = s.k.ptr[i]; p < s.k.ptr[i + 1]; ++p)
        s.k.val[static_cast<std::size_t>(p)] *= rs[i] * cs[static_cast<std::size_t>(s.k.idx[static_cast<std::size_t>(p)])];
    }
    for (std::size_t j = 0; j < n; ++j) s.dc[j] *= cs[j];
  };
  for (int it = 0; it < opt.ruiz_iterations; ++it) apply(false);
  if (opt.pock_chambolle) apply(true);
  s.kt = detail::transpose(s.k);
  s.c.resize(n);
  s.l.resize(n);
  s.u.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    s.c[j] = lp.obj[j] * s.dc[j];
    s.l[j] = lp.col_lo[j] / s.dc[j];
    s.u[j] = lp.col_hi[j] / s.dc[j];
  }
  s.lo.resize(m);
  s.hi.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    s.lo[i] = lp.row_lo[i] * s.dr[i];
    s.hi[i] = lp.row_hi[i] * s.dr[i];
  }
  return s;
}

/// Optimality measures of a point (x~, y~) given K~ x~ and K~^T y~: objectives (the same in both
/// spaces) and squared residual norms in the scaled and the original space.
struct Measures {
  double pobj = 0.0, dobj = 0.0;
  double pres2_s = 0.0, dres2_s = 0.0;  ///< scaled
  double pres2 = 0.0, dres2 = 0.0;      ///< original
  /// sum |y_i| |primal residual_i| + sum |x_j| |dual residual_j|: what the residuals are worth
  /// in the objective (the same in both spaces)
  double residual_value = 0.0;
  [[nodiscard]] double kkt(double w) const {
    const double g = pobj - dobj;
    return std::sqrt(w * pres2_s + dres2_s / w + g * g);
  }
};

Measures measure(const Scaled& s, const Vec& x, const Vec& y, const Vec& kx, const Vec& kty) {
  Measures r;
  const auto rows = reduce_blocks<4>(static_cast<std::int64_t>(y.size()), [&](std::int64_t i0, std::int64_t i1) {
    std::array<double, 4> a{};
    for (auto i = static_cast<std::size_t>(i0); i < static_cast<std::size_t>(i1); ++i) {
      const double res = kx[i] - clamp(kx[i], s.lo[i], s.hi[i]);
      a[0] += res * res;
      const double ro = res / s.dr[i];
      a[1] += ro * ro;
      a[3] += std::abs(res * y[i]);
      if (y[i] > 0.0 && s.lo[i] > -kInf) a[2] += s.lo[i] * y[i];
      if (y[i] < 0.0 && s.hi[i] < kInf) a[2] += s.hi[i] * y[i];
    }
    return a;
  });
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

struct Relative {
  double gap, primal, dual, value;
  double value_factor = 0.0;  ///< the residual value must be within this times the tolerance (0: not checked)
  [[nodiscard]] bool within(double tol) const {
    return gap <= tol && primal <= tol && dual <= tol && (value_factor <= 0.0 || value <= value_factor * tol);
  }
  [[nodiscard]] double worst() const { return std::max({gap, primal, dual}); }
};

Relative relative(const Measures& m, double bound_norm, double obj_norm, double value_factor) {
  const double size = 1.0 + std::abs(m.pobj) + std::abs(m.dobj);
  return {std::abs(m.pobj - m.dobj) / size, std::sqrt(m.pres2) / (1.0 + bound_norm),
          std::sqrt(m.dres2) / (1.0 + obj_norm), m.residual_value / size, value_factor};
}

/// Ray certificates from an iterate difference (dx~, K~ dx~) or (dy~, K~^T dy~), in original units.
/// Primal ray (the dual is infeasible): c.d < 0, d in the recession cone of the column bounds
/// and K d in that of the row bounds. Dual ray (the primal is infeasible): y-signs consistent
/// with the finite row bounds, -K^T d held by the finite column bounds, and a positive dual value.
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

class Solver {
 public:
  Solver(const SparseLp& lp, const Options& opt) : opt_(opt), s_(precondition(lp, opt)) {
    m_ = static_cast<std::size_t>(lp.n_rows);
    n_ = static_cast<std::size_t>(lp.n_cols);
    for (std::size_t i = 0; i < m_; ++i) {
      double b = 0.0;
      if (lp.row_lo[i] > -kInf) b = std::max(b, std::abs(lp.row_lo[i]));
      if (lp.row_hi[i] < kInf) b = std::max(b, std::abs(lp.row_hi[i]));
      bound_norm_ += b * b;
    }
    bound_norm_ = std::sqrt(bound_norm_);
    for (double c : lp.obj) obj_norm_ += c * c;
    obj_norm_ = std::sqrt(obj_norm_);
  }

  Result run(Clock::time_point t0) {
    Result res;
    const auto iters_left = [&] { return res.iterations < opt_.max_iterations; };
    // Start at x = proj(0), y = 0.
    x_.assign(n_, 0.0);
    for (std::size_t j = 0; j < n_; ++j) x_[j] = clamp(0.0, s_.l[j], s_.u[j]);
    y_.assign(m_, 0.0);
    kx_.assign(m_, 0.0);
    kty_.assign(n_, 0.0);
    detail::spmv(s_.k, x_, kx_);
    xn_ = x_;
    yn_ = y_;
    kxn_ = kx_;
    ktyn_ = kty_;
    sum_x_.assign(n_, 0.0);
    sum_y_.assign(m_, 0.0);
    ax_ = x_;
    ay_ = y_;
    kax_ = kx_;
    ktay_ = kty_;
    tx_ = x_;
    ty_ = y_;
    tkx_ = kx_;
    tkty_ = kty_;
    double kmax = 0.0;
    for (double v : s_.k.val) kmax = std::max(kmax, std::abs(v));
    eta_ = kmax > 0.0 ? 1.0 / kmax : 1.0;
    // Primal weight: |c~| / |b~| when both are non-zero.
    double cn = 0.0, bn = 0.0;
    for (double v : s_.c) cn += v * v;
    for (std::size_t i = 0; i < m_; ++i) {
      double b = 0.0;
      if (s_.lo[i] > -kInf) b = std::max(b, std::abs(s_.lo[i]));
      if (s_.hi[i] < kInf) b = std::max(b, std::abs(s_.hi[i]));
      bn += b * b;
    }
    w_ = (cn > 1e-20 && bn > 1e-20) ? std::sqrt(cn) / std::sqrt(bn) : 1.0;

    restart_x_ = x_;
    restart_y_ = y_;
    prev_x_ = x_;
    prev_y_ = y_;
    prev_kx_ = kx_;
    prev_kty_ = kty_;
    bool prev_valid = false;
    const Measures m0 = measure(s_, x_, y_, kx_, kty_);
    double restart_kkt = m0.kkt(w_), last_candidate_kkt = restart_kkt;
    std::int64_t since_restart = 0;
    double weight_sum = 0.0;

    const auto finish = [&](Status st, const Vec& x, const Vec& y, const Vec& kty, const Measures& me) {
      res.status = st;
      res.x.resize(n_);
      res.y.resize(m_);
      res.reduced_cost.resize(n_);
      for (std::size_t j = 0; j < n_; ++j) {
        res.x[j] = x[j] * s_.dc[j];
        const double rc = s_.c[j] - kty[j];
        double lam = 0.0;
        if (rc > 0.0 && s_.l[j] > -kInf) lam = rc;
        if (rc < 0.0 && s_.u[j] < kInf) lam = rc;
        res.reduced_cost[j] = lam / s_.dc[j];
      }
      for (std::size_t i = 0; i < m_; ++i) res.y[i] = y[i] * s_.dr[i];
      res.primal_objective = me.pobj;
      res.dual_objective = me.dobj;
      const Relative rel = relative(me, bound_norm_, obj_norm_, opt_.residual_value_factor);
      res.relative_gap = rel.gap;
      res.relative_primal_residual = rel.primal;
      res.relative_dual_residual = rel.dual;
      res.relative_residual_value = rel.value;
      res.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      return res;
    };

    if (relative(m0, bound_norm_, obj_norm_, opt_.residual_value_factor).within(opt_.tolerance)) return finish(Status::optimal, x_, y_, kty_, m0);

    while (true) {
      // One accepted PDHG step (rejected trial steps count as iterations).
      double step = 0.0;
      while (true) {
        if (!iters_left()) break;
        ++res.iterations;
        const double tau = eta_ / w_, sigma = eta_ * w_;
        const double dx2 = primal_step(tau);
        detail::spmv(s_.k, xn_, kxn_);
        const auto [dy2, inter] = dual_step(sigma);
        const double k1 = static_cast<double>(res.iterations) + 1.0;
        const double movement = w_ * dx2 + dy2 / w_;
        const double eta_bar = inter != 0.0 ? movement / (2.0 * std::abs(inter)) : kInf;
        const double eta_next = std::min((1.0 - std::pow(k1, -0.3)) * eta_bar, (1.0 + std::pow(k1, -0.6)) * eta_);
        if (!std::isfinite(movement)) return finish(Status::numerical_error, x_, y_, kty_, m0);
        const bool accept = eta_ <= eta_bar;
        const double used = eta_;
        eta_ = eta_next;
        if (accept) {
          step = used;
          break;
        }
      }
      if (step <= 0.0) {  // out of iterations
        const Measures mc = measure(s_, tx_, ty_, tkx_, tkty_);
        return finish(Status::iteration_limit, tx_, ty_, tkty_, mc);
      }
      detail::spmv(s_.kt, yn_, ktyn_);
      // T(z) = (x', y'); the next iterate z + rho (T(z) - z) (plain PDHG at rho = 1).
      std::swap(tx_, xn_);
      std::swap(ty_, yn_);
      std::swap(tkx_, kxn_);
      std::swap(tkty_, ktyn_);
      relax_and_average(step);
      weight_sum += step;
      ++since_restart;

      const bool last = !iters_left();
      if (since_restart % opt_.evaluation_period != 0 && !last) continue;

      // Evaluate the current iterate and the average since the last restart.
      for (std::size_t j = 0; j < n_; ++j) ax_[j] = sum_x_[j] / weight_sum;
      for (std::size_t i = 0; i < m_; ++i) ay_[i] = sum_y_[i] / weight_sum;
      detail::spmv(s_.k, ax_, kax_);
      detail::spmv(s_.kt, ay_, ktay_);
      const Measures mc = measure(s_, tx_, ty_, tkx_, tkty_);
      const Measures ma = measure(s_, ax_, ay_, kax_, ktay_);
      const Relative rc = relative(mc, bound_norm_, obj_norm_, opt_.residual_value_factor),
                     ra = relative(ma, bound_norm_, obj_norm_, opt_.residual_value_factor);
      const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
      if (opt_.verbose)
        fmt::print(stderr,
                   "pdlp {:>8} it {:>8.2f} s  obj {:.10g} / {:.10g}  gap {:.2e} pres {:.2e} dres {:.2e} val {:.2e} | avg "
                   "gap {:.2e} pres {:.2e} dres {:.2e} val {:.2e}  w {:.3g} eta {:.3g} restarts {}\n",
                   res.iterations, elapsed, mc.pobj, mc.dobj, rc.gap, rc.primal, rc.dual, rc.value, ra.gap, ra.primal,
                   ra.dual, ra.value,
                   w_, eta_, res.restarts);
      if (!std::isfinite(mc.pobj) || !std::isfinite(mc.dobj)) return finish(Status::numerical_error, tx_, ty_, tkty_, mc);
      if (rc.within(opt_.tolerance) || ra.within(opt_.tolerance)) {
        if (ra.within(opt_.tolerance) && (!rc.within(opt_.tolerance) || ra.worst() < rc.worst()))
          return finish(Status::optimal, ax_, ay_, ktay_, ma);
        return finish(Status::optimal, tx_, ty_, tkty_, mc);
      }
      // Rays from the iterates' difference over the period (not across a restart).
      if (prev_valid) {
        for (std::size_t j = 0; j < n_; ++j) {
          xn_[j] = tx_[j] - prev_x_[j];
          ktyn_[j] = tkty_[j] - prev_kty_[j];
        }
        for (std::size_t i = 0; i < m_; ++i) {
          yn_[i] = ty_[i] - prev_y_[i];
          kxn_[i] = tkx_[i] - prev_kx_[i];
        }
        // Only while the iterate is far from feasibility (a converging iterate's tiny
        // differences are no certificate).
        if (rc.primal > 10.0 * opt_.tolerance && dual_ray(s_, yn_, ktyn_, opt_.infeasibility_tolerance))
          return finish(Status::primal_infeasible, tx_, ty_, tkty_, mc);
        if (rc.dual > 10.0 * opt_.tolerance && primal_ray(s_, xn_, kxn_, opt_.infeasibility_tolerance))
          return finish(Status::dual_infeasible, tx_, ty_, tkty_, mc);
      }
      if (last) return finish(Status::iteration_limit, tx_, ty_, tkty_, mc);
      if (elapsed > opt_.time_limit_seconds) return finish(Status::time_limit, tx_, ty_, tkty_, mc);

      // Restart?
      const double kkt_c = mc.kkt(w_), kkt_a = ma.kkt(w_);
      const bool to_average = kkt_a < kkt_c;
      const double cand = to_average ? kkt_a : kkt_c;
      const bool sufficient = cand <= 0.2 * restart_kkt;
      const bool necessary = cand <= 0.8 * restart_kkt && cand > last_candidate_kkt;
      const bool artificial = static_cast<double>(since_restart) >= 0.36 * static_cast<double>(res.iterations);
      last_candidate_kkt = cand;
      if (sufficient || necessary || artificial) {
        if (to_average) {
          std::swap(tx_, ax_);
          std::swap(ty_, ay_);
          std::swap(tkx_, kax_);
          std::swap(tkty_, ktay_);
        }
        // The iterate restarts at the candidate (now in tx_ .. tkty_).
        x_ = tx_;
        y_ = ty_;
        kx_ = tkx_;
        kty_ = tkty_;
        double ddx = 0.0, ddy = 0.0;
        for (std::size_t j = 0; j < n_; ++j) ddx += (x_[j] - restart_x_[j]) * (x_[j] - restart_x_[j]);
        for (std::size_t i = 0; i < m_; ++i) ddy += (y_[i] - restart_y_[i]) * (y_[i] - restart_y_[i]);
        ddx = std::sqrt(ddx);
        ddy = std::sqrt(ddy);
        const double th = opt_.primal_weight_smoothing;
        if (th > 0.0 && ddx > 1e-10 && ddy > 1e-10) w_ = std::exp(th * std::log(ddy / ddx) + (1.0 - th) * std::log(w_));
        restart_x_ = x_;
        restart_y_ = y_;
        restart_kkt = (to_average ? ma : mc).kkt(w_);
        last_candidate_kkt = restart_kkt;
        std::fill(sum_x_.begin(), sum_x_.end(), 0.0);
        std::fill(sum_y_.begin(), sum_y_.end(), 0.0);
        weight_sum = 0.0;
        since_restart = 0;
        ++res.restarts;
      }
      // The next period's difference starts here (after a restart: from the restart point).
      prev_x_ = tx_;
      prev_y_ = ty_;
      prev_kx_ = tkx_;
      prev_kty_ = tkty_;
      prev_valid = true;
    }
  }

 private:
  /// xn = proj_[l,u](x - tau (c - K^T y)); returns |xn - x|^2.
  double primal_step(double tau) {
    const double* x = x_.data();
    const double* kty = kty_.data();
    const double* c = s_.c.data();
    const double* l = s_.l.data();
    const double* u = s_.u.data();
    double* xn = xn_.data();
    return reduce_blocks<1>(static_cast<std::int64_t>(n_), [&](std::int64_t j0, std::int64_t j1) {
      double d2 = 0.0;
      for (std::int64_t j = j0; j < j1; ++j) {
        const double v = clamp(x[j] - tau * (c[j] - kty[j]), l[j], u[j]);
        const double d = v - x[j];
        d2 += d * d;
        xn[j] = v;
      }
      return std::array<double, 1>{d2};
    })[0];
  }

  /// yn = v + sigma proj_[lo,hi](-v / sigma), v = y - sigma (2 K xn - K x); returns |yn - y|^2
  /// and (yn - y).(K xn - K x).
  std::pair<double, double> dual_step(double sigma) {
    const double* y = y_.data();
    const double* kx = kx_.data();
    const double* kxn = kxn_.data();
    const double* lo = s_.lo.data();
    const double* hi = s_.hi.data();
    double* yn = yn_.data();
    const auto r = reduce_blocks<2>(static_cast<std::int64_t>(m_), [&](std::int64_t i0, std::int64_t i1) {
      double d2 = 0.0, in = 0.0;
      for (std::int64_t i = i0; i < i1; ++i) {
        const double v = y[i] - sigma * (2.0 * kxn[i] - kx[i]);
        const double nv = v + sigma * clamp(-v / sigma, lo[i], hi[i]);
        const double d = nv - y[i];
        d2 += d * d;
        in += d * (kxn[i] - kx[i]);
        yn[i] = nv;
      }
      return std::array<double, 2>{d2, in};
    });
    return {r[0], r[1]};
  }

  /// sum += wgt T(z);  z <- z + rho (T(z) - z)  (z = T(z) at rho = 1), with K x and K^T y alike.
  void relax_and_average(double wgt) {
    const double rho = opt_.relaxation;
    const bool plain = rho == 1.0;
    for_each_block(n_, [&](std::size_t j0, std::size_t j1) {
      for (std::size_t j = j0; j < j1; ++j) {
        sum_x_[j] += wgt * tx_[j];
        x_[j] = plain ? tx_[j] : x_[j] + rho * (tx_[j] - x_[j]);
        kty_[j] = plain ? tkty_[j] : kty_[j] + rho * (tkty_[j] - kty_[j]);
      }
    });
    for_each_block(m_, [&](std::size_t i0, std::size_t i1) {
      for (std::size_t i = i0; i < i1; ++i) {
        sum_y_[i] += wgt * ty_[i];
        y_[i] = plain ? ty_[i] : y_[i] + rho * (ty_[i] - y_[i]);
        kx_[i] = plain ? tkx_[i] : kx_[i] + rho * (tkx_[i] - kx_[i]);
      }
    });
  }

  template <class F>
  static void for_each_block(std::size_t n, const F& f) {
    reduce_blocks<1>(static_cast<std::int64_t>(n), [&](std::int64_t a, std::int64_t b) {
      f(static_cast<std::size_t>(a), static_cast<std::size_t>(b));
      return std::array<double, 1>{};
    });
  }

  Options opt_;
  Scaled s_;
  std::size_t m_ = 0, n_ = 0;
  double bound_norm_ = 0.0, obj_norm_ = 0.0;
  double eta_ = 1.0, w_ = 1.0;
  Vec x_, y_, kx_, kty_, xn_, yn_, kxn_, ktyn_;
  Vec tx_, ty_, tkx_, tkty_;  ///< T(z): the last PDHG step's point (within the bounds), and K x', K^T y'
  Vec sum_x_, sum_y_, ax_, ay_, kax_, ktay_;
  Vec restart_x_, restart_y_, prev_x_, prev_y_, prev_kx_, prev_kty_;
};

}  // namespace

Result solve(const SparseLp& lp, const Options& options) {
  lp.validate();
  if (!(options.tolerance > 0.0)) throw std::invalid_argument("pdlp: tolerance must be positive");
  if (options.evaluation_period < 1) throw std::invalid_argument("pdlp: evaluation_period must be at least 1");
  const auto t0 = Clock::now();
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  Result r;
  arena.execute([&] {
    Solver solver(lp, options);
    r = solver.run(t0);
  });
  return r;
}

}  // namespace lightind::pdlp
