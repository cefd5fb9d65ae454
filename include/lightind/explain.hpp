// lightind: why two scenarios differ. `lightind explain A.toml B.toml` decomposes the
// difference in an indicator between scenario B and scenario A into the contributions of the
// settings that differ (each key whose value differs; each event, shock, sector... grouped by
// its id), by Shapley values over those settings (Shapley 1953; as in the attribution of
// model outputs to inputs, Lundberg & Lee 2017, and Castro, Gomez & Tejada 2009 for the
// permutation sampling): every coalition C of settings is a scenario, A with C's settings
// taken from B, run with one seed (common random numbers); phi_i is the mean over orderings
// of the settings of v(C + i) - v(C). Exact (2^n runs) for up to `exact_limit` settings,
// sampled over random orderings above, with a standard error per setting; the contributions
// add up to v(B) - v(A) exactly in both cases (each ordering's marginals telescope).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lightind::analysis {

/// Shapley values of n players for the value function v(mask) (bit i: player i in the
/// coalition): phi_i = sum over C not holding i of |C|! (n-|C|-1)! / n! (v(C+i) - v(C)).
/// Calls v on all 2^n masks (n <= 20).
[[nodiscard]] std::vector<double> shapley_exact(int n, const std::function<double(std::uint64_t)>& v);

/// The orderings (permutations of 0..n-1) a sampled Shapley estimate uses: `count` random
/// orderings from a 64-bit Mersenne twister seeded with `seed`, each with its reverse
/// (antithetic pairs, which cancel the first-order noise), so 2 * ceil(count / 2) in all.
[[nodiscard]] std::vector<std::vector<int>> shapley_orderings(int n, int count, std::uint64_t seed);

/// Shapley values estimated over `orderings`: phi_i = mean over orderings of v(pred_i + i) -
/// v(pred_i), with its standard error (sample standard deviation / sqrt(orderings), antithetic
/// pairs averaged first). The estimates sum to v(all) - v(none) exactly.
struct ShapleyEstimate {
  std::vector<double> value;
  std::vector<double> std_error;
};
[[nodiscard]] ShapleyEstimate shapley_sampled(int n, const std::vector<std::vector<int>>& orderings,
                                              const std::function<double(std::uint64_t)>& v);

/// The masks `shapley_sampled` reads for `orderings` (to run them all at once, in parallel).
[[nodiscard]] std::vector<std::uint64_t> shapley_masks(int n, const std::vector<std::vector<int>>& orderings);

struct ExplainRequest {
  std::string path_a;             ///< the reference scenario
  std::string path_b;             ///< the scenario whose difference is explained
  std::string indicator = "living_standard_index";
  int year = 2019;                ///< the indicator's annual mean in this year (analysis::annual_mean)
  std::uint64_t seed = 0;         ///< one seed for every run; 0: A's seed
  std::vector<std::string> sets;  ///< `--set key=value`, applied to every run (after the settings)
  int threads = 0;                ///< worker threads (oneTBB), one run per task; 0: all cores
  int exact_limit = 8;            ///< exact Shapley values up to this many settings
  int orderings = 64;             ///< sampled orderings above exact_limit
  std::uint64_t sample_seed = 1;  ///< seed of the sampled orderings
  /// Called after each run with (runs done, runs in all).
  std::function<void(int, int)> progress{};
};

struct Contribution {
  std::string setting;      ///< "policy.events.new_year_address_2013", "reform.profit_levy"
  std::string value_a;      ///< the setting in A as TOML ("(absent)" when A lacks it)
  std::string value_b;      ///< the setting in B
  double contribution = 0;  ///< Shapley value, in the indicator's unit
  double std_error = 0;     ///< 0 when exact
};

struct Explanation {
  std::string name_a, name_b;  ///< the scenarios' names
  std::string indicator, label, unit;
  int year = 0;
  std::uint64_t seed = 0;
  double value_a = 0, value_b = 0;  ///< v(none) and v(all): A's and B's value
  bool exact = true;
  int orderings = 0;  ///< sampled orderings (0 when exact)
  int runs = 0;       ///< distinct coalitions run
  std::vector<Contribution> contributions;  ///< largest |contribution| first
  [[nodiscard]] double total() const { return value_b - value_a; }
};

/// Settings that differ between the merged scenarios A and B, as (setting, A's text, B's
/// text); names, titles, descriptions, texts of events and the seed are not settings.
struct SettingDifference {
  std::string setting, value_a, value_b;
};
[[nodiscard]] std::vector<SettingDifference> differing_settings(const std::string& path_a, const std::string& path_b);

/// Runs the coalitions and computes the contributions. Throws ScenarioError for a rejected
/// scenario (or coalition), std::invalid_argument for an unknown indicator or a year
/// outside the run, before anything runs.
[[nodiscard]] Explanation explain(const ExplainRequest& request);

/// The terminal table: total, each contribution with its share of the total (and standard
/// error when sampled), the check that they add up.
[[nodiscard]] std::string explain_table(const Explanation& e);
/// `setting,contribution,std_error,share,value_a,value_b` rows, then `total` and `sum` rows.
[[nodiscard]] std::string explain_csv(const Explanation& e);

}  // namespace lightind::analysis
