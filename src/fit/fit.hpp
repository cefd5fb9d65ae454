// lightind: estimation by the method of simulated moments (`lightind fit`, docs/FIT.md).
//
// A fit problem is a scenario, a data file of observed moments (scenarios/data/*.toml) and a
// free-parameters file (scenarios/*.free.toml). A candidate theta is the scenario with each
// free key overridden through the loader's `--set` path; its model moments are the mean over
// a fixed list of seeds (common random numbers: the same seeds for every candidate) of the
// moments of each run's annual series (src/analysis/annual.cpp). The distance is
//   L(theta) = sum_i w_i (m_i(theta) - d_i)^2,   w_i = 1 / se_i^2
// (McFadden 1989; Lee & Ingram 1991: simulated moments with a diagonal, inverse-variance
// weight; Franke & Westerhoff 2012 and Platt 2020 for agent-based models, black-it's
// calibrator for the same loss). The search has a global stage over the ranges (a Sobol
// sequence, Boost.Random) and a local stage (NLopt's BOBYQA, Powell 2009) from the best
// global points, both in the unit cube. Every evaluated candidate is one SQLite transaction in
// the fit database; a rerun of the same problem reads them back instead of running them, so
// a killed fit resumes along the same deterministic path to the same estimate. Internal.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lightind/scenario.hpp"
#include "lightind/series.hpp"

namespace lightind::detail {
struct Value;  // a scenario's merged tree (src/scenario/tree.hpp)
}  // namespace lightind::detail

namespace lightind::fit {

/// A rejected data or free-parameters file: FILE:LINE: KEY: expected E, found F[ (hint)].
class InputError : public ScenarioError {
 public:
  using ScenarioError::ScenarioError;
};

// ---------------------------------------------------------------------------------------
// The data file.

/// How a model moment is computed from a run's series (the one annual rule of
/// src/analysis/annual.cpp).
enum class MomentKind {
  growth,  ///< percent growth of the annual sum of `indicator` over the year before (annual_growth)
  mean,    ///< annual mean of `indicator` (annual_mean)
  sum,     ///< annual sum of `indicator` plus those of `plus`, times `scale` (annual_sum)
};

/// One observed moment: a statistic of one year, or the mean of the annual statistic over
/// `years` (a figure published for a period, "roughly 8,000 won per dollar through 2013-2019").
struct Moment {
  std::string id;    ///< "<group id>[<year>]" or "<group id>[<first>-<last>]"
  std::string group; ///< the [[moments]] table's id
  MomentKind kind = MomentKind::growth;
  std::string indicator;
  std::vector<std::string> plus;
  double scale = 1.0;
  std::vector<int> years;  ///< one year, or the years of a period mean
  double value = 0.0;      ///< the observed figure d_i
  double se = 1.0;         ///< its standard error se_i (> 0); weight 1 / se^2
};

struct Data {
  std::string file;
  std::string text;  ///< the file's bytes (hashed into the problem)
  std::vector<Moment> moments;
  /// Empty for a whole file; for a subset of its moments (the in-sample moments of `lightind
  /// validate`, src/fit/validate.hpp), what was kept: part of the problem's hash.
  std::string subset;
  [[nodiscard]] int first_year() const;
  [[nodiscard]] int last_year() const;
};

/// Reads a data file. Each `[[moments]]` table has id, text, source, kind ("growth", "mean" or
/// "sum"), indicator (a national indicator of the registry), optional plus and scale (sum only),
/// then either `values = { YEAR = x, ... }` or `years = [...]` with `value`, and either `se` (> 0)
/// or `se_relative` (> 0, times each |value|). `values`/`value` and `se`/`se_relative` each need a
/// `# source:` or `# assumption:` comment on their line or in the comment lines right above.
/// Throws InputError naming the file, line and key.
[[nodiscard]] Data load_data(const std::string& path);

// ---------------------------------------------------------------------------------------
// The free-parameters file.

struct FreeParam {
  std::string key;  ///< a scenario key, "section.key" (the `--set` path)
  double lo = 0.0, hi = 1.0, start = 0.5;
  std::string why;  ///< why no source pins it
};

struct Free {
  std::string file;
  std::string text;
  std::vector<FreeParam> params;
};

/// Reads a free-parameters file: `[[free]]` tables with key (a number key of the scenario
/// schema, "section.key"; an unknown one is refused with the nearest key names), min < max
/// inside the key's allowed range, start in [min, max], why (a non-empty string). Throws
/// InputError naming the file, line and key.
[[nodiscard]] Free load_free(const std::string& path);

// ---------------------------------------------------------------------------------------
// Moments and the distance.

/// The model moments of one run: one value per data moment, NaN where the series cannot give
/// it (a year outside the run, a growth without the year before).
[[nodiscard]] std::vector<double> model_moments(const Series& s, const Data& data);

/// L = sum_i (m_i - d_i)^2 / se_i^2. A NaN moment makes the candidate unusable: the distance is
/// then kUnusable (the optimiser sees a very bad, finite value).
inline constexpr double kUnusable = 1e12;
[[nodiscard]] double distance(const std::vector<double>& model, const Data& data);

/// The `--set` assignments of a candidate: "key=value" with each value written in the
/// shortest form that reads back exactly.
[[nodiscard]] std::vector<std::string> candidate_sets(const Free& free, const std::vector<double>& theta);

// ---------------------------------------------------------------------------------------
// The fit.

struct Options {
  std::vector<std::string> sets;  ///< fixed `--set` overrides applied before the free keys
  int seeds = 4;                  ///< runs per candidate
  std::uint64_t base_seed = 0;    ///< 0: the scenario's seed; run seeds: sweep::derive_seed(base, i)
  int budget = 60;                ///< evaluations in all (global + local)
  int threads = 0;                ///< a candidate's seeds run in parallel (0: all cores)
  bool truncate = true;           ///< runs end in December of the data's last year
};

/// One evaluated candidate, as stored.
struct Evaluation {
  int index = 0;               ///< order of evaluation (0-based)
  std::string stage;           ///< "start", "sobol" or "bobyqa"
  std::vector<double> theta;   ///< parameter values (not the unit cube)
  std::vector<std::uint64_t> seeds;  ///< the runs' seeds (the same list for every candidate)
  std::vector<double> moments; ///< mean over seeds
  std::vector<double> moment_var;  ///< variance over seeds (n - 1 denominator; 0 with one seed)
  double loss = 0.0;
};

/// Evaluates candidates: runs the scenario for each seed and returns the evaluation (the
/// index and stage are left to the caller). May be called from several threads. The
/// scenario file is read and its `extends` chain merged once; each run applies its
/// candidate's overrides to that tree (the same Description as load_scenario).
class Evaluator {
 public:
  Evaluator(std::string scenario, const Data& data, const Free& free, const Options& opt);
  [[nodiscard]] Evaluation evaluate(const std::vector<double>& theta) const;
  [[nodiscard]] const std::vector<std::uint64_t>& seeds() const { return seeds_; }
  [[nodiscard]] const std::vector<std::string>& base_sets() const { return base_sets_; }
  [[nodiscard]] const std::string& scenario_name() const { return name_; }

 private:
  std::string scenario_;
  std::shared_ptr<const lightind::detail::Value> tree_;  ///< the scenario's merged tree, read once
  const Data& data_;
  const Free& free_;
  Options opt_;
  std::vector<std::string> base_sets_;
  std::vector<std::uint64_t> seeds_;
  std::vector<std::string> aggregates_;  ///< the indicators the moments read (RunOptions::aggregates)
  std::string name_;
};

/// The fit database: the problem's hash and every evaluation, one transaction each.
class Store {
 public:
  /// Opens or creates `path`. A database of another problem (another hash) is refused with
  /// std::runtime_error saying what differs and what to do.
  Store(const std::string& path, const std::string& problem_hash, const std::string& problem_text);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  /// The stored evaluation of theta (bit-exact), if any.
  [[nodiscard]] std::optional<Evaluation> find(const std::vector<double>& theta) const;
  void put(const Evaluation& e);
  [[nodiscard]] int count() const;
  [[nodiscard]] std::vector<Evaluation> all() const;

 private:
  struct Impl;
  Impl* impl_;
};

/// What the problem is made of, as text (hashed; kept in the database to explain a refusal).
[[nodiscard]] std::string problem_text(const std::string& scenario, const Data& data, const Free& free,
                                       const Options& opt);
[[nodiscard]] std::string problem_hash(const std::string& text);

struct Progress {
  int evaluations = 0;  ///< done so far (read or run)
  int from_db = 0;      ///< of which read from the database
  int budget = 0;
  double best = 0.0;
  std::string stage;
};

/// Evaluates many candidates at once (the global stage). The default runs them one after the
/// other through the evaluator; under MPI the ranks share them.
using BatchFn = std::function<std::vector<Evaluation>(const std::vector<std::vector<double>>& thetas)>;

struct Result {
  Evaluation best;
  int evaluations = 0, from_db = 0;
  std::vector<Evaluation> all;  ///< in evaluation order
};

/// Global stage: the start point, then the first n_global - 1 Sobol points over the ranges
/// (n_global = max(2, budget / 2)); local stage: BOBYQA in the unit cube from the best and the
/// second-best distinct global points, each with half the evaluations left. The estimate is the
/// evaluated candidate with the least distance (the first in evaluation order on ties).
[[nodiscard]] Result run_fit(const Evaluator& ev, const Free& free, const Options& opt, Store& store,
                             const std::function<void(const Progress&)>& progress = {},
                             const BatchFn& batch = {});

/// The uncertainty of the estimate (src/fit/stats.hpp): the Jacobian of the simulated moments
/// by central differences with steps of a hundredth of each range (shrunk to stay inside the
/// range), weights 1/se^2, data-moment variance se^2, opt.seeds simulations. The Jacobian's
/// candidates go through the database like the search's (stage "jacobian"), so a resumed fit
/// reads them back. Throws std::invalid_argument when a moment is not finite there.
struct Uncertainty;
[[nodiscard]] Uncertainty uncertainty_at(const Evaluator& ev, const Data& data, const Free& free, const Options& opt,
                                         Store& store, const Evaluation& best);

/// The first `count` points of the Sobol sequence in `dims` dimensions (boost::random::sobol,
/// Joe & Kuo direction numbers; the origin left out), as values in [0, 1).
[[nodiscard]] std::vector<std::vector<double>> sobol_points(int dims, int count);

/// fitted.toml: an `extends` overlay of the scenario with the estimated values, each with an
/// `# estimate:` comment (and its standard error when `se` is given). `extends` is the path of
/// the scenario relative to the folder of the overlay.
/// Its [scenario] name is the scenario's with "-fitted" (its own output folders).
/// With `se` (one per parameter), each comment gives its standard error; a parameter with
/// `identified[i]` false is not reported as an estimate: its key is left out (the scenario's
/// value stands) and a comment says why (`reason[i]`) and what the search ended at.
[[nodiscard]] std::string fitted_toml(const std::string& extends, const std::string& name, const Free& free,
                                      const Evaluation& best, const std::string& command,
                                      const std::vector<double>& se = {}, const std::vector<bool>& identified = {},
                                      const std::vector<std::string>& reason = {});

/// moments.csv: id,year(s),data,se,model,model_sd,contribution at the estimate.
[[nodiscard]] std::string moments_csv(const Data& data, const Evaluation& best);

}  // namespace lightind::fit
