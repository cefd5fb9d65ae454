// lightind: PDLP's iterations (see planner/pdlp.hpp, "Iteration", and the algorithm's summary at
// the top of pdlp.cpp): one PDHG step with the adaptive step size, over-relaxation and the
// step-weighted average, and the loop that every evaluation period tests termination and
// infeasibility and decides on a restart.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "planner/pdlp.hpp"

namespace lightind::pdlp::detail {

namespace {

/// The adaptive step's exponents (Applegate et al. 2021, Algorithm 1): the next step is at most
/// (1 - (k+1)^-0.3) of the largest allowed one and at most (1 + (k+1)^-0.6) times the last.
constexpr double kShrinkExponent = -0.3;
constexpr double kGrowExponent = -0.6;

/// Rays are tested only while the iterate's relative primal (or dual) residual is above this
/// many tolerances: a converging iterate's tiny differences are no certificate.
constexpr double kRayResidualFactor = 10.0;

}  // namespace

double primal_step(std::span<const double> x_s, std::span<const double> kty_s, std::span<const double> c_s,
                   std::span<const double> l_s, std::span<const double> u_s, double tau, std::span<double> xn_s) {
  // The hot loops over plain pointers, as in the original single-file solver.
  const double* x = x_s.data();
  const double* kty = kty_s.data();
  const double* c = c_s.data();
  const double* l = l_s.data();
  const double* u = u_s.data();
  double* xn = xn_s.data();
  return reduce_blocks<1>(static_cast<std::int64_t>(x_s.size()), [&](std::int64_t j0, std::int64_t j1) {
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

std::pair<double, double> dual_step(std::span<const double> y_s, std::span<const double> kx_s,
                                    std::span<const double> kxn_s, std::span<const double> lo_s,
                                    std::span<const double> hi_s, double sigma, std::span<double> yn_s) {
  const double* y = y_s.data();
  const double* kx = kx_s.data();
  const double* kxn = kxn_s.data();
  const double* lo = lo_s.data();
  const double* hi = hi_s.data();
  double* yn = yn_s.data();
  const auto r = reduce_blocks<2>(static_cast<std::int64_t>(y_s.size()), [&](std::int64_t i0, std::int64_t i1) {
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

StepSize adaptive_step(double eta, double movement, double interaction, std::int64_t k) {
  const double k1 = static_cast<double>(k) + 1.0;
  const double eta_bar = interaction != 0.0 ? movement / (2.0 * std::abs(interaction)) : kInf;
  return {eta_bar, std::min((1.0 - std::pow(k1, kShrinkExponent)) * eta_bar, (1.0 + std::pow(k1, kGrowExponent)) * eta)};
}

namespace {

using Clock = std::chrono::steady_clock;

/// A primal-dual point z = (x, y) with K x and K^T y (kept with it, so no extra products).
struct Point {
  Vec x, y, kx, kty;
};

/// The measures of the current iterate and of the average since the last restart at an
/// evaluation.
struct Evaluation {
  Measures current, average;
  Relative rc, ra;
  double elapsed = 0.0;
};

class Solver {
 public:
  Solver(const SparseLp& lp, const Options& opt, Clock::time_point t0, const Reference* ref)
      : opt_(opt), own_(precondition(lp, opt)), s_(own_), t0_(t0) {
    halpern_restart_ = opt;
    halpern_restart_.restart_necessary = opt.halpern_restart_necessary;
    m_ = static_cast<std::size_t>(lp.n_rows);
    n_ = static_cast<std::size_t>(lp.n_cols);
    bound_norm_ = std::sqrt(bound_norm2(lp.row_lo, lp.row_hi));
    for (double c : lp.obj) obj_norm_ += c * c;
    obj_norm_ = std::sqrt(obj_norm_);
    if (ref) {
      bound_norm_ = std::min(bound_norm_, ref->bound_norm);
      obj_norm_ = std::min(obj_norm_, ref->obj_norm);
      offset_ = ref->offset;
    }
  }

  Result run() { return opt_.scheme == Scheme::halpern ? run_halpern() : run_averaged(); }

 private:
  /// The polishing solver (polish_primal): the averaged scheme on `shared`, the outer solver's
  /// scaled problem with its objective zeroed, from x0 (scaled, within the bounds) and y = 0,
  /// with the outer solver's norms and primal weight; it stops at primal feasibility alone.
  Solver(Scaled& shared, const Options& opt, Clock::time_point t0, double bound_norm, double obj_norm,
         const Vec& x0, double w0)
      : opt_(opt), s_(shared), t0_(t0), feasibility_only_(true), x0_(&x0), w0_(w0) {
    m_ = s_.lo.size();
    n_ = s_.c.size();
    bound_norm_ = bound_norm;
    obj_norm_ = obj_norm;
  }

  /// Primal feasibility polishing (Options::feasibility_polishing; Applegate et al. 2025,
  /// section 5): PDHG on the feasibility problem min 0 s.t. lo <= K x <= hi, l <= x <= u from
  /// `from`'s x and y = 0, until the relative primal residual is within polish_tolerance_factor
  /// times the tolerance, in at most polish_iteration_share of the iterations so far. Returns the
  /// polished x (with K x) and `from`'s y (with K^T y), or nothing when it did not get there.
  /// The objective matters only through where the polishing starts: the feasible point found is
  /// one near `from` (PDHG from there), not the feasible point of best objective.
  std::optional<Point> polish_primal(const Point& from) {
    Options o = opt_;
    o.tolerance = opt_.tolerance * opt_.polish_tolerance_factor;
    o.max_iterations = std::max<std::int64_t>(
        opt_.evaluation_period,
        static_cast<std::int64_t>(opt_.polish_iteration_share * static_cast<double>(res_.iterations)));
    o.verbose = false;
    o.feasibility_polishing = false;
    o.scheme = Scheme::averaged;
    Vec zero(n_, 0.0);
    std::swap(s_.c, zero);  // the feasibility problem: s_.c is restored below, before any return
    Solver inner(s_, o, t0_, bound_norm_, obj_norm_, from.x, w_);
    const Result r = inner.run_averaged();
    std::swap(s_.c, zero);
    ++res_.polish_attempts;
    res_.polish_iterations += r.iterations;
    if (r.status != Status::optimal) return std::nullopt;
    Point p = inner.stopped_at_;
    p.y = from.y;
    p.kty = from.kty;
    return p;
  }

  /// At an evaluation, when polishing is on and due: the candidate (the average when its gap is
  /// the smaller, else the iterate) is polished if its gap and dual residual are within the
  /// tolerance; returns the optimal result when the polished point meets the stopping test.
  std::optional<Result> try_polishing(const Evaluation& e, const Point& average) {
    if (!opt_.feasibility_polishing || feasibility_only_ || res_.iterations < next_polish_) return std::nullopt;
    const bool use_average = e.ra.gap < e.rc.gap;
    const Relative& rl = use_average ? e.ra : e.rc;
    if (!(rl.gap <= opt_.tolerance && rl.dual <= opt_.tolerance)) return std::nullopt;
    next_polish_ = 2 * res_.iterations;
    const auto p = polish_primal(ascending() ? (use_average ? asc_a_ : asc_c_) : (use_average ? average : t_));
    if (!p) return std::nullopt;
    const Measures mp = measure_at(*p);
    if (opt_.verbose) {
      const Relative rp = rel(mp);
      fmt::print(stderr, "pdlp {:>8} it polished ({} its): obj {:.10g} / {:.10g}  gap {:.2e} pres {:.2e} dres {:.2e} val {:.2e}\n",
                 res_.iterations, res_.polish_iterations, mp.pobj + offset_, mp.dobj + offset_, rp.gap, rp.primal,
                 rp.dual, rp.value);
    }
    if (!rel(mp).within(opt_.tolerance)) return std::nullopt;
    res_.polished = true;
    return finish(Status::optimal, *p, mp);
  }

  Result run_averaged() {
    start();
    if (rel(m0_).within(opt_.tolerance))
      return finish(Status::optimal, z_, m0_);
    while (true) {
      // One accepted PDHG step (rejected trial steps count as iterations).
      const auto step = accepted_step();
      if (!step) return finish(Status::numerical_error, z_, m0_);
      if (*step <= 0.0) {  // out of iterations
        const Measures mc = measure_at(t_);
        return finish(Status::iteration_limit, t_, mc);
      }
      advance(*step);
      const bool last = !iterations_left();
      if (since_restart_ % opt_.evaluation_period != 0 && !last) continue;

      const Evaluation e = evaluate();
      if (auto polished = try_polishing(e, avg_)) return std::move(*polished);
      if (const auto st = stop(e, last)) {
        if (*st == Status::optimal && ascending())
          return prefer_average(e) ? finish(Status::optimal, asc_a_, asc_ma_) : finish(Status::optimal, asc_c_, asc_mc_);
        if (*st == Status::optimal && prefer_average(e)) return finish(Status::optimal, avg_, e.average);
        return finish(*st, t_, e.current);
      }
      restart_if_due(e);
      // The next period's difference starts here (after a restart: from the restart point).
      prev_ = t_;
      prev_valid_ = true;
    }
  }

  /// Restarted Halpern PDHG with reflection (Options::scheme, pdlp.cpp's summary): a constant
  /// step, z' = (k+1)/(k+2) (gamma (2 T(z) - z) + (1 - gamma) z) + z0 / (k+2) with the epoch's
  /// anchor z0; every evaluation period the PDHG point T(z) is tested for termination and the
  /// fixed-point error |z - T(z)|_P decides on a restart, after which T(z) is the new anchor.
  Result run_halpern() {
    start();
    const double norm = spectral_norm(s_.k, s_.kt);
    eta_ = norm > 0.0 ? opt_.step_safety / norm : 1.0;
    if (rel(m0_).within(opt_.tolerance)) return finish(Status::optimal, z_, m0_);
    Point anchor = z_;
    pid_.best_w = w_;
    bool anchor_error_due = true;  // the first step after a restart gives the anchor's error
    while (true) {
      if (!iterations_left()) return finish(Status::iteration_limit, t_, measure_at(t_));
      ++res_.iterations;
      const double tau = eta_ / w_, sigma = eta_ * w_;
      const double dx2 = primal_step(z_.x, z_.kty, s_.c, s_.l, s_.u, tau, t_.x);
      spmv(s_.k, t_.x, t_.kx);
      const auto [dy2, inter] = dual_step(z_.y, z_.kx, t_.kx, s_.lo, s_.hi, sigma, t_.y);
      spmv(s_.kt, t_.y, t_.kty);
      const double fpe = fixed_point_error(w_, eta_, dx2, dy2, inter);
      if (!std::isfinite(fpe)) return finish(Status::numerical_error, z_, m0_);
      if (anchor_error_due) {
        restart_kkt_ = fpe;
        last_candidate_kkt_ = fpe;
        anchor_error_due = false;
      }
      halpern_step(anchor);
      ++since_restart_;
      const bool last = !iterations_left();
      if (since_restart_ % opt_.evaluation_period != 0 && !last) continue;

      Evaluation e;
      e.current = measure_at(t_);
      e.rc = rel(ascend(t_, asc_c_, asc_mc_, e.current));
      e.average = e.current;  // no average in this scheme: stop() tests the PDHG point alone
      e.ra = e.rc;
      e.elapsed = std::chrono::duration<double>(Clock::now() - t0_).count();
      if (opt_.verbose)
        fmt::print(stderr,
                   "pdlp {:>8} it {:>8.2f} s  obj {:.10g} / {:.10g}  gap {:.2e} pres {:.2e} dres {:.2e} val {:.2e} "
                   "row {:.2e} | fpe {:.3e} / {:.3e} at restart  w {:.3g} eta {:.3g} restarts {}\n",
                   res_.iterations, e.elapsed, e.current.pobj, e.current.dobj, e.rc.gap, e.rc.primal, e.rc.dual,
                   e.rc.value, e.rc.rows, fpe, restart_kkt_, w_, eta_, res_.restarts);
      if (auto polished = try_polishing(e, t_)) return std::move(*polished);
      if (const auto st = stop(e, last)) {
        if (*st == Status::optimal && ascending()) return finish(*st, asc_c_, asc_mc_);
        return finish(*st, t_, e.current);
      }
      const Restart why =
          restart_decision(fpe, restart_kkt_, last_candidate_kkt_, since_restart_, res_.iterations, halpern_restart_);
      last_candidate_kkt_ = fpe;
      if (why != Restart::none) {
        w_ = pid_primal_weight(w_, distance(t_.x, anchor.x), distance(t_.y, anchor.y), e.rc.residual_ratio(), pid_,
                               opt_);
        z_ = t_;
        anchor = t_;
        since_restart_ = 0;
        anchor_error_due = true;
        ++res_.restarts;
      }
      prev_ = t_;
      prev_valid_ = true;
    }
  }

  /// z <- (k+1)/(k+2) (gamma (2 t - z) + (1 - gamma) z) + anchor / (k+2), k the steps since the
  /// restart, with K x and K^T y alike (they are linear in z).
  void halpern_step(const Point& anchor) {
    const double k = static_cast<double>(since_restart_);
    const double a = (k + 1.0) / (k + 2.0), b = 1.0 / (k + 2.0), g = opt_.reflection;
    const double ct = a * 2.0 * g, cz = a * (1.0 - 2.0 * g);
    const auto mix = [&](Vec& z, const Vec& t, const Vec& z0, std::size_t i0, std::size_t i1) {
      double* zp = z.data();
      const double* tp = t.data();
      const double* ap = z0.data();
      for (std::size_t i = i0; i < i1; ++i) zp[i] = ct * tp[i] + cz * zp[i] + b * ap[i];
    };
    for_each_block(n_, [&](std::size_t j0, std::size_t j1) {
      mix(z_.x, t_.x, anchor.x, j0, j1);
      mix(z_.kty, t_.kty, anchor.kty, j0, j1);
    });
    for_each_block(m_, [&](std::size_t i0, std::size_t i1) {
      mix(z_.y, t_.y, anchor.y, i0, i1);
      mix(z_.kx, t_.kx, anchor.kx, i0, i1);
    });
  }

  [[nodiscard]] Measures measure_at(const Point& z) const { return measure(s_, z.x, z.y, z.kx, z.kty); }

  [[nodiscard]] bool ascending() const { return opt_.dual_ascent_sweeps > 0 && !feasibility_only_; }

  /// The measures the stopping test reads for `z`, whose own are `mz`: with dual ascent on
  /// (Options::dual_ascent_sweeps), those of a copy of z (into `out`, its measures into
  /// `out_m`, both kept for the result) with its duals ascended (dual_ascent); otherwise mz.
  const Measures& ascend(const Point& z, Point& out, Measures& out_m, const Measures& mz) {
    if (!ascending()) return mz;
    out = z;
    dual_ascent(s_, out.y, out.kty, opt_.dual_ascent_sweeps);
    out_m = measure_at(out);
    return out_m;
  }

  /// The relative measures, against the reference's norms and with its offset (Reference).
  [[nodiscard]] Relative rel(Measures m) const {
    m.pobj += offset_;
    m.dobj += offset_;
    return relative(m, bound_norm_, obj_norm_, opt_.residual_value_factor, opt_.row_relative_primal);
  }

  [[nodiscard]] bool iterations_left() const { return res_.iterations < opt_.max_iterations; }

  /// Start at x = proj(0), y = 0, with step 1 / max |K~_ij| and the starting primal weight.
  void start() {
    z_.x.assign(n_, 0.0);
    for (std::size_t j = 0; j < n_; ++j) z_.x[j] = clamp(x0_ != nullptr ? (*x0_)[j] : 0.0, s_.l[j], s_.u[j]);
    z_.y.assign(m_, 0.0);
    z_.kx.assign(m_, 0.0);
    z_.kty.assign(n_, 0.0);
    spmv(s_.k, z_.x, z_.kx);
    zn_ = z_;
    avg_ = z_;
    t_ = z_;
    sum_x_.assign(n_, 0.0);
    sum_y_.assign(m_, 0.0);
    double kmax = 0.0;
    for (double v : s_.k.val) kmax = std::max(kmax, std::abs(v));
    eta_ = kmax > 0.0 ? 1.0 / kmax : 1.0;
    w_ = w0_ > 0.0 ? w0_ : initial_primal_weight(s_);
    restart_x_ = z_.x;
    restart_y_ = z_.y;
    prev_ = z_;
    m0_ = measure_at(z_);
    restart_kkt_ = m0_.kkt(w_);
    last_candidate_kkt_ = restart_kkt_;
  }

  /// Trial PDHG steps T(z) = (xn, yn) until one is accepted by the adaptive step rule; returns
  /// its step (0 when the iterations ran out first), or nothing when the step is not finite.
  std::optional<double> accepted_step() {
    while (iterations_left()) {
      ++res_.iterations;
      const double tau = eta_ / w_, sigma = eta_ * w_;
      const double dx2 = primal_step(z_.x, z_.kty, s_.c, s_.l, s_.u, tau, zn_.x);
      spmv(s_.k, zn_.x, zn_.kx);
      const auto [dy2, inter] = dual_step(z_.y, z_.kx, zn_.kx, s_.lo, s_.hi, sigma, zn_.y);
      const double movement = w_ * dx2 + dy2 / w_;
      const StepSize next = adaptive_step(eta_, movement, inter, res_.iterations);
      if (!std::isfinite(movement)) return std::nullopt;
      const bool accept = eta_ <= next.eta_bar;
      const double used = eta_;
      eta_ = next.next;
      if (accept) return used;
    }
    return 0.0;
  }

  /// Takes the accepted step: T(z) into t_, the average and the relaxed iterate.
  void advance(double step) {
    spmv(s_.kt, zn_.y, zn_.kty);
    // T(z) = (x', y'); the next iterate z + rho (T(z) - z) (plain PDHG at rho = 1).
    std::swap(t_, zn_);
    relax_and_average(step);
    weight_sum_ += step;
    ++since_restart_;
  }

  /// The current iterate's and the average's measures (the average into avg_).
  Evaluation evaluate() {
    for (std::size_t j = 0; j < n_; ++j) avg_.x[j] = sum_x_[j] / weight_sum_;
    for (std::size_t i = 0; i < m_; ++i) avg_.y[i] = sum_y_[i] / weight_sum_;
    spmv(s_.k, avg_.x, avg_.kx);
    spmv(s_.kt, avg_.y, avg_.kty);
    Evaluation e;
    e.current = measure_at(t_);
    e.average = measure_at(avg_);
    e.rc = rel(ascend(t_, asc_c_, asc_mc_, e.current));
    e.ra = rel(ascend(avg_, asc_a_, asc_ma_, e.average));
    e.elapsed = std::chrono::duration<double>(Clock::now() - t0_).count();
    if (opt_.verbose)
      fmt::print(stderr,
                 "pdlp {:>8} it {:>8.2f} s  obj {:.10g} / {:.10g}  gap {:.2e} pres {:.2e} dres {:.2e} val {:.2e} row {:.2e} | "
                 "avg gap {:.2e} pres {:.2e} dres {:.2e} val {:.2e} row {:.2e}  w {:.3g} eta {:.3g} restarts {}\n",
                 res_.iterations, e.elapsed, e.current.pobj, e.current.dobj, e.rc.gap, e.rc.primal, e.rc.dual, e.rc.value,
                 e.rc.rows, e.ra.gap, e.ra.primal, e.ra.dual, e.ra.value, e.ra.rows, w_, eta_, res_.restarts);
    return e;
  }

  /// Why the solve ends at this evaluation, if it does: not finite, optimal (the current
  /// iterate or the average within the tolerance), an infeasibility ray over the period, the
  /// iteration limit (`last`) or the time limit.
  std::optional<Status> stop(const Evaluation& e, bool last) {
    if (!std::isfinite(e.current.pobj) || !std::isfinite(e.current.dobj)) return Status::numerical_error;
    if (feasibility_only_) {  // polishing: primal feasibility alone; no rays (the outer solve tests them)
      if (e.rc.primal <= opt_.tolerance || e.ra.primal <= opt_.tolerance) return Status::optimal;
      if (last) return Status::iteration_limit;
      if (e.elapsed > opt_.time_limit_seconds) return Status::time_limit;
      return std::nullopt;
    }
    if (e.rc.within(opt_.tolerance) || e.ra.within(opt_.tolerance)) return Status::optimal;
    // Rays from the iterates' difference over the period (not across a restart).
    if (prev_valid_) {
      for (std::size_t j = 0; j < n_; ++j) {
        zn_.x[j] = t_.x[j] - prev_.x[j];
        zn_.kty[j] = t_.kty[j] - prev_.kty[j];
      }
      for (std::size_t i = 0; i < m_; ++i) {
        zn_.y[i] = t_.y[i] - prev_.y[i];
        zn_.kx[i] = t_.kx[i] - prev_.kx[i];
      }
      if (e.rc.primal > kRayResidualFactor * opt_.tolerance && dual_ray(s_, zn_.y, zn_.kty, opt_.infeasibility_tolerance))
        return Status::primal_infeasible;
      if (e.rc.dual > kRayResidualFactor * opt_.tolerance && primal_ray(s_, zn_.x, zn_.kx, opt_.infeasibility_tolerance))
        return Status::dual_infeasible;
    }
    if (last) return Status::iteration_limit;
    if (e.elapsed > opt_.time_limit_seconds) return Status::time_limit;
    return std::nullopt;
  }

  /// An optimal stop reports the average when it is within the tolerance and the current
  /// iterate is not, or both are and the average's worst measure is smaller.
  [[nodiscard]] bool prefer_average(const Evaluation& e) const {
    if (feasibility_only_) return e.ra.primal <= opt_.tolerance && !(e.rc.primal <= opt_.tolerance && e.rc.primal <= e.ra.primal);
    return e.ra.within(opt_.tolerance) && (!e.rc.within(opt_.tolerance) || e.ra.worst() < e.rc.worst());
  }

  /// Restarts to the candidate (the iterate or the average, the smaller KKT error) when the
  /// restart criterion says so: the iterate and the restart point move there, the primal weight
  /// is updated, the average starts again.
  void restart_if_due(const Evaluation& e) {
    const double kkt_c = e.current.kkt(w_), kkt_a = e.average.kkt(w_);
    const bool to_average = kkt_a < kkt_c;
    const double cand = to_average ? kkt_a : kkt_c;
    const Restart why =
        restart_decision(cand, restart_kkt_, last_candidate_kkt_, since_restart_, res_.iterations, opt_);
    last_candidate_kkt_ = cand;
    if (why == Restart::none) return;
    if (to_average) {
      std::swap(t_, avg_);
    }
    // The iterate restarts at the candidate (now in t_).
    z_ = t_;
    if (opt_.averaged_pid_weight) {
      w_ = pid_primal_weight(w_, distance(z_.x, restart_x_), distance(z_.y, restart_y_),
                             (to_average ? e.ra : e.rc).residual_ratio(), pid_, opt_);
    } else {
      w_ = updated_primal_weight(w_, distance(z_.x, restart_x_), distance(z_.y, restart_y_),
                                 opt_.primal_weight_smoothing);
    }
    restart_x_ = z_.x;
    restart_y_ = z_.y;
    restart_kkt_ = (to_average ? e.average : e.current).kkt(w_);
    last_candidate_kkt_ = restart_kkt_;
    std::fill(sum_x_.begin(), sum_x_.end(), 0.0);
    std::fill(sum_y_.begin(), sum_y_.end(), 0.0);
    weight_sum_ = 0.0;
    since_restart_ = 0;
    ++res_.restarts;
  }

  /// sum += wgt T(z);  z <- z + rho (T(z) - z)  (z = T(z) at rho = 1), with K x and K^T y alike.
  void relax_and_average(double wgt) {
    const double rho = opt_.relaxation;
    const bool plain = rho == 1.0;
    for_each_block(n_, [&](std::size_t j0, std::size_t j1) {
      for (std::size_t j = j0; j < j1; ++j) {
        sum_x_[j] += wgt * t_.x[j];
        z_.x[j] = plain ? t_.x[j] : z_.x[j] + rho * (t_.x[j] - z_.x[j]);
        z_.kty[j] = plain ? t_.kty[j] : z_.kty[j] + rho * (t_.kty[j] - z_.kty[j]);
      }
    });
    for_each_block(m_, [&](std::size_t i0, std::size_t i1) {
      for (std::size_t i = i0; i < i1; ++i) {
        sum_y_[i] += wgt * t_.y[i];
        z_.y[i] = plain ? t_.y[i] : z_.y[i] + rho * (t_.y[i] - z_.y[i]);
        z_.kx[i] = plain ? t_.kx[i] : z_.kx[i] + rho * (t_.kx[i] - z_.kx[i]);
      }
    });
  }

  template <class F>
  static void for_each_block(std::size_t n, const F& f) {
    for_blocks(static_cast<std::int64_t>(n), [&](std::int64_t, std::int64_t a, std::int64_t b) {
      f(static_cast<std::size_t>(a), static_cast<std::size_t>(b));
    });
  }

  /// The result in original units: x = D_c x~, y = D_r y~, the reduced costs the column bounds
  /// hold, and the relative measures.
  Result finish(Status st, const Point& z, const Measures& me) {
    if (feasibility_only_) stopped_at_ = z;  // the polished point, for the outer solver
    const Vec &x = z.x, &y = z.y, &kty = z.kty;
    Result& res = res_;
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
    const Relative rl = rel(me);
    res.relative_gap = rl.gap;
    res.relative_primal_residual = rl.primal;
    res.relative_dual_residual = rl.dual;
    res.relative_residual_value = rl.value;
    res.relative_row_residual = rl.rows;
    res.seconds = std::chrono::duration<double>(Clock::now() - t0_).count();
    return res;
  }

  Options opt_;
  Options halpern_restart_;  ///< opt_ with Halpern's restart_necessary (the restart test's thresholds)
  Pid pid_;
  Scaled own_;  ///< the scaled problem (empty in a polishing solver, which works on its outer solver's)
  Scaled& s_;   ///< the problem the iterations run on: own_, or the outer solver's
  Clock::time_point t0_;
  bool feasibility_only_ = false;  ///< a polishing solver: stops at primal feasibility
  const Vec* x0_ = nullptr;        ///< the starting x (scaled), or none: proj(0)
  double w0_ = 0.0;                ///< the starting primal weight, or 0: initial_primal_weight
  Point stopped_at_;               ///< a polishing solver's final point
  Point asc_c_, asc_a_;            ///< the iterate and the average with their duals ascended (dual ascent)
  Measures asc_mc_, asc_ma_;       ///< their measures
  std::int64_t next_polish_ = 0;   ///< polishing is due from this iteration on
  Result res_;
  std::size_t m_ = 0, n_ = 0;
  double bound_norm_ = 0.0, obj_norm_ = 0.0, offset_ = 0.0;
  double eta_ = 1.0, w_ = 1.0;
  Measures m0_;  ///< the starting point's
  double restart_kkt_ = 0.0, last_candidate_kkt_ = 0.0;
  std::int64_t since_restart_ = 0;
  double weight_sum_ = 0.0;
  bool prev_valid_ = false;
  Point z_;    ///< the iterate
  Point zn_;   ///< the trial step's point, and scratch for the rays' differences
  Point t_;    ///< T(z): the last accepted PDHG step's point (within the bounds)
  Point avg_;  ///< the step-weighted average since the last restart (at evaluations)
  Point prev_;  ///< t_ at the previous evaluation (the rays' differences start there)
  Vec sum_x_, sum_y_;  ///< step-weighted sums of T(z) since the last restart
  Vec restart_x_, restart_y_;
};

}  // namespace

Result iterate(const SparseLp& lp, const Options& options, Clock::time_point t0, const Reference* ref) {
  Solver solver(lp, options, t0, ref);
  return solver.run();
}

}  // namespace lightind::pdlp::detail
