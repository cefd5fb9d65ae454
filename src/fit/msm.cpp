// lightind: the method of simulated moments — model moments, the distance, candidates,
// the global (Sobol) and local (BOBYQA) stages, and the output files (docs/FIT.md).
#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <nlopt.hpp>
#include <numeric>

#include "fit/fit.hpp"
#include "fit/outputs.hpp"
#include "fit/stats.hpp"
#include "lightind/analysis.hpp"
#include "lightind/run.hpp"
#include "lightind/sweep.hpp"
#include "scenario/merged.hpp"

namespace lightind::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The annual statistic of one moment's kind in `year`, NaN when the series cannot give it.
double annual_statistic(const Series& s, const Moment& m, int year,
                        std::map<std::string, std::map<int, double>>& cache) {
  auto get = [&](const std::string& tag, const std::string& ind, auto&& fn) -> const std::map<int, double>& {
    auto it = cache.find(tag + ind);
    if (it == cache.end()) it = cache.emplace(tag + ind, fn(s, ind)).first;
    return it->second;
  };
  auto at = [&](const std::map<int, double>& series) {
    const auto it = series.find(year);
    return it == series.end() ? kNaN : it->second;
  };
  switch (m.kind) {
    case MomentKind::growth:
      return at(get("g:", m.indicator, analysis::annual_growth));
    case MomentKind::mean:
      return at(get("m:", m.indicator, analysis::annual_mean));
    case MomentKind::sum: {
      double v = at(get("s:", m.indicator, analysis::annual_sum));
      for (const std::string& p : m.plus) v += at(get("s:", p, analysis::annual_sum));
      return v * m.scale;
    }
  }
  return kNaN;
}

}  // namespace

std::vector<double> model_moments(const Series& s, const Data& data) {
  std::map<std::string, std::map<int, double>> cache;
  std::vector<double> out;
  out.reserve(data.moments.size());
  for (const Moment& m : data.moments) {
    double sum = 0.0;
    for (int y : m.years) sum += annual_statistic(s, m, y, cache);
    out.push_back(sum / static_cast<double>(m.years.size()));
  }
  return out;
}

double distance(const std::vector<double>& model, const Data& data) {
  double l = 0.0;
  for (size_t i = 0; i < data.moments.size(); ++i) {
    const double e = (model[i] - data.moments[i].value) / data.moments[i].se;
    if (!std::isfinite(e)) return kUnusable;
    l += e * e;
  }
  return std::min(l, kUnusable);
}

std::vector<std::string> candidate_sets(const Free& free, const std::vector<double>& theta) {
  std::vector<std::string> out;
  for (size_t i = 0; i < free.params.size(); ++i) out.push_back(fmt::format("{}={}", free.params[i].key, theta[i]));
  return out;
}

// ---------------------------------------------------------------------------------------

Evaluator::Evaluator(std::string scenario, const Data& data, const Free& free, const Options& opt)
    : scenario_(std::move(scenario)),
      tree_(std::make_shared<const lightind::detail::Value>(lightind::detail::load_merged_tree(scenario_))),
      data_(data),
      free_(free),
      opt_(opt) {
  base_sets_ = opt.sets;
  if (opt.truncate) base_sets_.push_back(fmt::format("scenario.end=\"{}-12\"", data.last_year()));
  // Loading once checks the scenario, the fixed overrides and the start values before any run.
  std::vector<double> start;
  for (const FreeParam& p : free.params) start.push_back(p.start);
  std::vector<std::string> sets = base_sets_;
  for (std::string& s : candidate_sets(free, start)) sets.push_back(std::move(s));
  const Description d = lightind::detail::description_of_tree(*tree_, scenario_, sets);
  name_ = d.name;
  if (data.first_year() < d.start.year)
    throw InputError(data.file, 0, "moments",
                     fmt::format("years the run covers (from {}; a growth needs the year before)", d.start.year),
                     fmt::format("a moment of {}", data.first_year()));
  const std::uint64_t base = opt.base_seed != 0 ? opt.base_seed : d.seed;
  for (int i = 0; i < opt.seeds; ++i) seeds_.push_back(sweep::derive_seed(base, static_cast<std::uint64_t>(i)));
  // The runs observe only what the moments read (RunOptions::aggregates).
  for (const Moment& m : data.moments) {
    aggregates_.push_back(m.indicator);
    for (const std::string& p : m.plus) aggregates_.push_back(p);
  }
  std::sort(aggregates_.begin(), aggregates_.end());
  aggregates_.erase(std::unique(aggregates_.begin(), aggregates_.end()), aggregates_.end());
}

Evaluation Evaluator::evaluate(const std::vector<double>& theta) const {
  std::vector<std::string> sets = base_sets_;
  for (std::string& s : candidate_sets(free_, theta)) sets.push_back(std::move(s));
  const size_t n = seeds_.size(), k = data_.moments.size();
  std::vector<std::vector<double>> per_seed(n);
  tbb::task_arena arena(opt_.threads > 0 ? opt_.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, n, [&](size_t j) {
      // As `lightind run --seed SEED --set ...` (and a sweep's runs): generators draw from the seed.
      tbb::this_task_arena::isolate([&] {
        const Description d = lightind::detail::description_of_tree(*tree_, scenario_, sets, seeds_[j]);
        RunOptions ro;
        ro.seed = seeds_[j];
        ro.threads = 1;
        ro.keep_accounts = false;
        ro.aggregates = aggregates_;  // the moments' indicators: nothing else is observed
        std::vector<double> m(k, kNaN);
        try {
          m = model_moments(run(d, ro).series, data_);
        } catch (const AccountingError&) {
          // A candidate whose run breaks down (a non-finite indicator) has no moments: unusable.
        }
        per_seed[j] = std::move(m);
      });
    });
  });
  Evaluation e;
  e.theta = theta;
  e.seeds = seeds_;
  e.moments.assign(k, 0.0);
  e.moment_var.assign(k, 0.0);
  for (size_t i = 0; i < k; ++i) {
    double sum = 0.0;
    for (size_t j = 0; j < n; ++j) sum += per_seed[j][i];  // seed order: the same at any thread count
    const double mean = sum / static_cast<double>(n);
    double ss = 0.0;
    for (size_t j = 0; j < n; ++j) ss += (per_seed[j][i] - mean) * (per_seed[j][i] - mean);
    e.moments[i] = mean;
    e.moment_var[i] = n > 1 ? ss / static_cast<double>(n - 1) : 0.0;
  }
  e.loss = distance(e.moments, data_);
  return e;
}

// ---------------------------------------------------------------------------------------

std::string problem_text(const std::string& scenario, const Data& data, const Free& free, const Options& opt) {
  std::string t = fmt::format("scenario {} (content {})\n", scenario, sweep::scenario_hash(scenario));
  t += fmt::format("data {} (content {:016x})\n", data.file, sweep::fnv1a64(data.text));
  if (!data.subset.empty()) t += "data subset: " + data.subset + "\n";
  t += fmt::format("free {} (content {:016x})\n", free.file, sweep::fnv1a64(free.text));
  t += fmt::format("seeds {} base {} budget {} truncate {}\n", opt.seeds, opt.base_seed, opt.budget, opt.truncate);
  for (const std::string& s : opt.sets) t += "set " + s + "\n";
  return t;
}

std::string problem_hash(const std::string& text) {
  // Paths are left out of the hash (a moved folder is the same problem); contents are in it.
  std::string stable;
  for (size_t pos = 0; pos < text.size();) {
    const size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    const size_t paren = line.find(" (content ");
    if (paren != std::string::npos) line = line.substr(0, line.find(' ')) + line.substr(paren);
    stable += line + "\n";
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  return fmt::format("{:016x}", sweep::fnv1a64(stable));
}

std::vector<std::vector<double>> sobol_points(int dims, int count) {
  boost::random::sobol gen(static_cast<std::size_t>(dims));
  // Boost's engine leaves out the origin: its first point is (1/2, ..., 1/2).
  const double span = static_cast<double>(boost::random::sobol::max()) - static_cast<double>(boost::random::sobol::min()) + 1.0;
  std::vector<std::vector<double>> out(static_cast<size_t>(count), std::vector<double>(static_cast<size_t>(dims)));
  for (auto& p : out)
    for (double& u : p) u = static_cast<double>(gen() - boost::random::sobol::min()) / span;
  return out;
}

namespace {

std::vector<double> to_theta(const Free& free, const std::vector<double>& u) {
  std::vector<double> theta(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    const FreeParam& p = free.params[i];
    theta[i] = std::clamp(p.lo + u[i] * (p.hi - p.lo), p.lo, p.hi);  // keeps rounding inside the key's range
  }
  return theta;
}

std::vector<double> to_unit(const Free& free, const std::vector<double>& theta) {
  std::vector<double> u(theta.size());
  for (size_t i = 0; i < theta.size(); ++i) {
    const FreeParam& p = free.params[i];
    u[i] = (theta[i] - p.lo) / (p.hi - p.lo);
  }
  return u;
}

/// Candidate bookkeeping shared by the two stages: the database first, then the evaluator.
struct Search {
  const Evaluator& ev;
  Store& store;
  const std::function<void(const Progress&)>& progress;
  Result result;
  Progress pg;
  std::vector<std::vector<double>> batch_fresh;  ///< run by the batch just before: not "from the database"

  void record(Evaluation e, bool from_db) {
    ++result.evaluations;
    if (from_db) ++result.from_db;
    if (result.all.empty() || e.loss < result.best.loss) result.best = e;
    result.all.push_back(std::move(e));
    pg.evaluations = result.evaluations;
    pg.from_db = result.from_db;
    pg.best = result.best.loss;
    if (progress) progress(pg);
  }

  double evaluate(const std::vector<double>& theta, const std::string& stage) {
    if (std::optional<Evaluation> e = store.find(theta)) {
      const double loss = e->loss;
      const auto fresh = std::find(batch_fresh.begin(), batch_fresh.end(), theta);
      const bool read = fresh == batch_fresh.end();
      if (!read) batch_fresh.erase(fresh);
      record(std::move(*e), read);
      return loss;
    }
    Evaluation e = ev.evaluate(theta);
    e.stage = stage;
    e.index = store.count();
    store.put(e);
    const double loss = e.loss;
    record(std::move(e), false);
    return loss;
  }
};

}  // namespace

Result run_fit(const Evaluator& ev, const Free& free, const Options& opt, Store& store,
               const std::function<void(const Progress&)>& progress, const BatchFn& batch) {
  const int dims = static_cast<int>(free.params.size());
  const int budget = std::max(2, opt.budget);
  const int n_global = std::max(2, budget / 2);
  Search s{ev, store, progress, {}, {}, {}};
  s.pg.budget = budget;

  // Global stage: the start values, then Sobol points over the ranges.
  std::vector<std::vector<double>> global;
  std::vector<double> start;
  for (const FreeParam& p : free.params) start.push_back(p.start);
  global.push_back(start);
  for (const auto& u : sobol_points(dims, n_global - 1)) global.push_back(to_theta(free, u));
  s.pg.stage = "sobol";
  if (batch) {
    // Run what the database lacks in one batch (MPI ranks share it), store it, then read in order.
    std::vector<std::vector<double>> missing;
    for (const auto& t : global)
      if (!store.find(t) && std::find(missing.begin(), missing.end(), t) == missing.end()) missing.push_back(t);
    for (Evaluation& e : batch(missing)) {  // called even with nothing missing: MPI ranks wait for it
      e.stage = e.theta == start ? "start" : "sobol";
      e.index = store.count();
      store.put(e);
    }
    s.batch_fresh = missing;
  }
  for (size_t i = 0; i < global.size(); ++i) (void)s.evaluate(global[i], i == 0 ? "start" : "sobol");

  // Local stage: BOBYQA (NLopt) in the unit cube from the two best distinct global points.
  std::vector<size_t> order(global.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return s.result.all[a].loss < s.result.all[b].loss; });
  std::vector<std::vector<double>> starts;
  for (size_t i : order) {
    if (starts.size() == 2) break;
    if (starts.empty() || starts.front() != global[i]) starts.push_back(global[i]);
  }
  int left = budget - s.result.evaluations;
  s.pg.stage = "bobyqa";
  for (size_t k = 0; k < starts.size() && left > 0; ++k) {
    const int share = k + 1 == starts.size() ? left : left / 2;
    if (share <= 0) continue;
    nlopt::opt o(nlopt::LN_BOBYQA, static_cast<unsigned>(dims));
    o.set_lower_bounds(std::vector<double>(static_cast<size_t>(dims), 0.0));
    o.set_upper_bounds(std::vector<double>(static_cast<size_t>(dims), 1.0));
    o.set_maxeval(share);
    // A tenth of each range as the first trust-region radius; stop at a millionth of it.
    o.set_initial_step(0.1);
    o.set_xtol_abs(1e-6);
    const int before = s.result.evaluations;
    auto objective = [](const std::vector<double>& u, std::vector<double>&, void* data) {
      auto* pair = static_cast<std::pair<Search*, const Free*>*>(data);
      return pair->first->evaluate(to_theta(*pair->second, u), "bobyqa");
    };
    std::pair<Search*, const Free*> data{&s, &free};
    o.set_min_objective(objective, &data);
    std::vector<double> x = to_unit(free, starts[k]);
    double f = 0.0;
    try {
      (void)o.optimize(x, f);
    } catch (const nlopt::roundoff_limited&) {
      // BOBYQA stopped early: its evaluations are stored and counted.
    } catch (const std::runtime_error&) {
      // NLopt's generic failure (e.g. a trust region that cannot shrink further): likewise.
    }
    left -= s.result.evaluations - before;
  }
  return s.result;
}

Uncertainty uncertainty_at(const Evaluator& ev, const Data& data, const Free& free, const Options& opt, Store& store,
                           const Evaluation& best) {
  const auto k = static_cast<Eigen::Index>(free.params.size());
  const auto m = static_cast<Eigen::Index>(data.moments.size());
  Eigen::VectorXd theta(k), step(k), weights(m), variance(m);
  for (Eigen::Index i = 0; i < k; ++i) {
    const FreeParam& p = free.params[static_cast<size_t>(i)];
    const double t = best.theta[static_cast<size_t>(i)];
    theta(i) = t;
    double h = 0.01 * (p.hi - p.lo);
    const double room = std::min(t - p.lo, p.hi - t);
    if (room > 0 && room < h) h = room;  // at a bound itself the step leaves the range (the schema's range decides)
    step(i) = h;
  }
  for (Eigen::Index i = 0; i < m; ++i) {
    const double se = data.moments[static_cast<size_t>(i)].se;
    weights(i) = 1.0 / (se * se);
    variance(i) = se * se;
  }
  const MomentFn f = [&](const Eigen::VectorXd& x) {
    const std::vector<double> t(x.data(), x.data() + x.size());
    std::optional<Evaluation> e = store.find(t);
    if (!e) {
      e = ev.evaluate(t);
      e->stage = "jacobian";
      e->index = store.count();
      store.put(*e);
    }
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(e->moments.data(), m));
  };
  return msm_uncertainty(numerical_jacobian(f, theta, step), weights, variance, opt.seeds);
}

// ---------------------------------------------------------------------------------------

std::string fitted_toml(const std::string& extends, const std::string& name, const Free& free,
                        const Evaluation& best, const std::string& command, const std::vector<double>& se,
                        const std::vector<bool>& identified, const std::vector<std::string>& reason) {
  std::string out = fmt::format(
      "# Estimated by the method of simulated moments (docs/FIT.md):\n#   {}\n"
      "# distance {} at the estimate (sum of squared moment errors over their standard errors).\n"
      "extends = \"{}\"\n\n[scenario]\nname = \"{}-fitted\"\n",
      command, best.loss, extends, name);
  std::vector<std::string> sections;
  for (const FreeParam& p : free.params) {
    const std::string sec = p.key.substr(0, p.key.find('.'));
    if (std::find(sections.begin(), sections.end(), sec) == sections.end()) sections.push_back(sec);
  }
  for (const std::string& sec : sections) {
    out += fmt::format("\n[{}]\n", sec);
    for (size_t i = 0; i < free.params.size(); ++i) {
      const FreeParam& p = free.params[i];
      if (p.key.substr(0, p.key.find('.')) != sec) continue;
      // The comments' format is a contract with their readers (src/fit/outputs.hpp).
      if (i < identified.size() && !identified[i]) {
        out += not_identified_comment(i < reason.size() ? reason[i] : "flat", best.theta[i], p) + "\n";
        continue;
      }
      out += fmt::format("{}\n{} = {}\n", estimate_comment(i < se.size() ? se[i] : std::nan(""), p),
                         p.key.substr(p.key.find('.') + 1), best.theta[i]);
    }
  }
  return out;
}

std::string moments_csv(const Data& data, const Evaluation& best) {
  std::string out = std::string(kMomentsCsvHeader) + "\n";
  for (size_t i = 0; i < data.moments.size(); ++i) {
    const Moment& m = data.moments[i];
    const double z = (best.moments[i] - m.value) / m.se;
    out += fmt::format("{},{},{},{},{},{}\n", m.id, m.value, m.se, best.moments[i], std::sqrt(best.moment_var[i]),
                       z * z);
  }
  return out;
}

}  // namespace lightind::fit
