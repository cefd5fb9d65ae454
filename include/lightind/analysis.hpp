// lightind: analysis of run results — annual statistics, calibration targets, comparisons.
//
// Pure functions over a Series (no I/O except loading a targets file), so that the
// program, the Python module and the report share one definition of "annual mean",
// "growth" and "target passed".
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lightind/description.hpp"
#include "lightind/indicators.hpp"
#include "lightind/run.hpp"
#include "lightind/series.hpp"

namespace lightind::analysis {

// ---------------------------------------------------------------------------------------
// Annual statistics of aggregate indicators (sector and region -1).

/// The annual mean, one rule for summary.json, calibrate, compare, the run's headline and
/// Python (docs/INDICATORS.md): months whose value is not finite (NaN, inf) are left out, and
/// a year with no finite month has no mean (NaN; null in summary.json).
struct AnnualMean {
  double sum = 0.0;  ///< of the finite values
  int finite = 0;    ///< finite values added
  void add(double v) {
    if (std::isfinite(v)) {
      sum += v;
      ++finite;
    }
  }
  [[nodiscard]] double value() const;  ///< sum / finite; NaN when no value was finite
};

/// Mean of an aggregate indicator over the months of each calendar year present (AnnualMean's
/// rule): year -> mean. Empty when the indicator is absent.
[[nodiscard]] std::map<int, double> annual_mean(const Series& s, const std::string& indicator);

/// Sum of an aggregate indicator over the months of each calendar year present (for
/// monthly flows: the yearly total): year -> sum. Every month counts: a NaN month makes the
/// year's sum NaN (a total cannot skip a month).
[[nodiscard]] std::map<int, double> annual_sum(const Series& s, const std::string& indicator);

/// Number of months of each calendar year present: year -> count (12 for a full year).
[[nodiscard]] std::map<int, int> months_per_year(const Series& s, const std::string& indicator);

/// Annual growth in percent of the yearly sum: year -> 100 (sum[y] / sum[y-1] - 1), for each
/// year y such that y and y-1 are both complete (12 months) and sum[y-1] != 0.
[[nodiscard]] std::map<int, double> annual_growth(const Series& s, const std::string& indicator);

/// The value of the latest month of an aggregate indicator; NaN when absent.
[[nodiscard]] double final_value(const Series& s, const std::string& indicator);

// ---------------------------------------------------------------------------------------
// Calibration targets (docs/CALIBRATION.md, "Calibration targets and `lightind calibrate`").

enum class TargetKind : std::uint8_t { level = 0, ratio, growth, less, max, range, yearly_sum, sign_share };
const char* to_string(TargetKind k);

/// What a target is evidence of (docs/CALIBRATION.md, "Findings, checks of inputs and comparisons"):
/// - finding: a result that must emerge from the mechanisms; the headline counts these.
/// - input_check: a restatement of the scenario's inputs (a lag, a capital cost, an opening
///   capacity split); listed apart, with what it restates, because passing it shows only that
///   the inputs say what they were meant to say.
/// - comparison: the model beside a published figure that is not a target (a different
///   definition, or data the model is not fitted to); reported, never passed or failed.
enum class TargetClass : std::uint8_t { finding = 0, input_check, comparison };
const char* to_string(TargetClass c);  ///< "finding", "input-check", "comparison"

/// One year of a `growth` target: a number (percent) or only a sign ("fell" / "rose").
struct GrowthTarget {
  int year = 0;
  std::optional<double> percent;  ///< absent for a sign-only year
  int sign = 0;                   ///< -1 "fell", +1 "rose", 0 for a numeric year
  int line = 0;
};

/// One `[[targets]]` entry. Which fields matter depends on `kind`; the others keep their
/// defaults (NaN, 0, empty).
struct Target {
  std::string id;
  std::string text;    ///< what the target says, in words
  std::string source;  ///< citation
  TargetKind kind = TargetKind::level;
  std::string indicator;              ///< empty for sign_share
  TargetClass target_class = TargetClass::finding;
  std::string restates;               ///< input_check: the input it restates, in words
  int line = 0;  ///< line of the `[[targets]]` header in the file

  int year = 0;                      ///< level, ratio; less (when not at the final month or `years`)
  double value = 0.0;                ///< level, max
  double tolerance = 0.0;            ///< level (absolute), growth (pp of the error), yearly_sum (relative)
  std::string base_indicator;        ///< ratio (defaults to `indicator`)
  std::vector<int> base_years;       ///< ratio
  double min = 0.0;                  ///< ratio, range, sign_share
  std::optional<double> max;         ///< ratio, range (required there)
  std::vector<GrowthTarget> values;  ///< growth, by year
  std::vector<GrowthTarget> history; ///< growth: published years the model cannot compute (for the baselines only)
  bool rmse = false;                 ///< growth: error = "rmse" (root mean square) instead of "mae"
  bool signs_decide = true;          ///< growth: signs = "required" (default) or "reported"
  std::string other;                 ///< less
  bool at_final = false;             ///< less: compare last values instead of annual means in `year`
  std::vector<int> years;            ///< max, range; less (each year)
  bool monthly = false;              ///< max, range: every month's value instead of annual means
  std::vector<std::string> plus;     ///< yearly_sum: indicators added to `indicator`
  double scale = 1.0;                ///< yearly_sum: the yearly sum is multiplied by this (e.g. 1e-9: USD -> bn)
  std::map<int, double> levels;      ///< yearly_sum: year -> published total
  std::vector<std::string> of;       ///< sign_share: ids of the growth targets pooled
};

/// A malformed targets file. `what()` reads `FILE:LINE: KEY: expected EXPECTED, found FOUND`.
class TargetsError : public std::runtime_error {
 public:
  TargetsError(std::string file, int line, std::string key, const std::string& expected, const std::string& found,
               const std::string& hint = {});
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] int line() const { return line_; }
  [[nodiscard]] const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
};

/// Parses a targets file (TOML, `[[targets]]` tables). Throws TargetsError.
[[nodiscard]] std::vector<Target> load_targets(const std::string& path);
/// Same, from text; `name` stands in for the file name in errors.
[[nodiscard]] std::vector<Target> parse_targets(std::string_view text, const std::string& name);

/// One evaluated year of a growth target.
struct GrowthYear {
  int year = 0;
  double model = 0.0;             ///< model growth, percent; NaN when not computable
  std::optional<double> percent;  ///< the target's number, or absent (sign only)
  int sign = 0;                   ///< the target's sign for a sign-only year
  bool computable = false;
  bool ok = false;  ///< the sign matches (a published 0 has none: ok); the numbers are judged by the error
};

/// One line below a target in the table (a year of a yearly_sum, range or less target).
struct DetailRow {
  std::string label;   ///< "2013" or "2020-03"
  std::string model;
  std::string wanted;
  std::string mark;    ///< "ok", "wrong" or ""
};

/// The outcome of a target. Numbers are NaN where they do not apply (see docs/CALIBRATION.md
/// for what model_value, target_value and tolerance mean for each kind).
struct TargetResult {
  std::string id;
  TargetKind kind = TargetKind::level;
  TargetClass target_class = TargetClass::finding;
  bool pass = false;  ///< for a comparison: whether the model lies within the published figure (not counted)
  int signs_right = 0;  ///< growth: years with data (a sign) whose model growth has that sign; sign_share: pooled
  int signs_total = 0;  ///< growth: years with data that have a sign (computable or not); sign_share: pooled
  double model_value = 0.0;
  double target_value = 0.0;
  double tolerance = 0.0;
  std::string model_text;          ///< the model's number in words, e.g. "0.612" or "x24.3"
  std::string target_text;         ///< the target in words, e.g. "0.667 +/- 0.07" or ">= 20"
  std::string note;                ///< why it could not be computed, or what was left out
  std::vector<GrowthYear> growth;  ///< growth targets: each year
  std::vector<DetailRow> details;  ///< yearly_sum, range, less over years: each year (or month)
};

/// Evaluates one target. A sign_share target needs the growth targets it pools: use the
/// vector form (alone it fails with a note).
[[nodiscard]] TargetResult evaluate(const Target& t, const Series& s);
/// Evaluates every target; sign_share targets pool the results of the growth targets they name.
[[nodiscard]] std::vector<TargetResult> evaluate(const std::vector<Target>& targets, const Series& s);

/// Counts by class: findings passed / all findings, input checks that agree / all, comparisons.
struct CalibrationCounts {
  int findings = 0, findings_passed = 0;
  int input_checks = 0, input_checks_passed = 0;
  int comparisons = 0;
  /// Exit status 0 of `calibrate`: every finding passes and every input check agrees.
  [[nodiscard]] bool all_pass() const {
    return findings_passed == findings && input_checks_passed == input_checks;
  }
};
[[nodiscard]] CalibrationCounts count_results(const std::vector<TargetResult>& results);

/// The results as a table for a terminal (at most 100 columns): findings, then "Checks of
/// inputs", then comparisons, each block with its own count; the headline counts findings only.
[[nodiscard]] std::string calibration_table(const std::vector<Target>& targets,
                                            const std::vector<TargetResult>& results);
/// The results as CSV: `target,class,source,kind,model_value,target_value,tolerance,pass`
/// (`pass` empty for a comparison).
[[nodiscard]] std::string calibration_csv(const std::vector<Target>& targets, const std::vector<TargetResult>& results);

// ---------------------------------------------------------------------------------------
// Validation like a forecaster (docs/CALIBRATION.md, "Holdout validation"): the growth
// targets' numeric years before `holdout` are the sample the scenario was fitted on, the
// years from `holdout` on are the test; two naive forecasts made at the end of the sample
// are the baselines.

/// One growth target split at the holdout year. Errors in percentage points; NaN where no year counts.
struct ValidationRow {
  std::string target;
  std::string indicator;
  int in_years = 0;                ///< numeric years before the holdout that the model computes
  double in_rmse = 0.0;            ///< model, in sample
  int out_years = 0;               ///< numeric years from the holdout on that the model computes
  double out_rmse = 0.0;           ///< model, out of sample
  double random_walk = 0.0;        ///< the random-walk forecast: the last published growth before the holdout
  int random_walk_year = 0;        ///< the year it comes from
  double random_walk_rmse = 0.0;   ///< its out-of-sample RMSE (same years as the model's)
  double mean = 0.0;               ///< the mean-growth forecast: mean of the published growth before the holdout
  int mean_from = 0, mean_to = 0;  ///< the years it averages
  double mean_rmse = 0.0;          ///< its out-of-sample RMSE
  int in_signs_right = 0, in_signs = 0;    ///< computable years with a sign, before the holdout
  int out_signs_right = 0, out_signs = 0;  ///< from the holdout on
  std::string note;
};

/// One row per growth target with at least one numeric year (in file order).
[[nodiscard]] std::vector<ValidationRow> validate(const std::vector<Target>& targets,
                                                  const std::vector<TargetResult>& results, int holdout);
/// The rows as a table (at most 100 columns), legend first.
[[nodiscard]] std::string validation_table(const std::vector<ValidationRow>& rows, int holdout);
/// `target,indicator,sample,years,model_rmse,random_walk_rmse,mean_rmse,signs_right,signs`
/// (two lines per target: sample `in` and `out`; the baselines only on `out`).
[[nodiscard]] std::string validation_csv(const std::vector<ValidationRow>& rows);

// ---------------------------------------------------------------------------------------
// Comparing scenarios.

/// The headline indicators of `lightind compare`, in display order (the registry's
/// indicators::View::compare).
[[nodiscard]] const std::vector<std::string>& headline_indicators();

/// How a difference from the first scenario is shown (the registry's entry; percent for an
/// unregistered name).
using DifferenceKind = indicators::DifferenceKind;
[[nodiscard]] DifferenceKind difference_kind(const std::string& indicator);

/// Unique names for compared runs: each scenario's name, a repeated one suffixed "-2", "-3", ...
[[nodiscard]] std::vector<std::string> unique_names(const std::vector<std::string>& names);

/// One scenario's run, for comparison.
struct ComparedRun {
  std::string name;  ///< unique among the compared runs
  const Series* series = nullptr;
  std::string currency = "won";  ///< its scenario's `scenario.currency`, for the units
};

/// One cell of the comparison: an indicator's annual mean in a year for a scenario.
struct CompareCell {
  std::string scenario;
  std::string indicator;
  int year = 0;
  double value = 0.0;       ///< NaN when the scenario lacks the indicator or year
  double difference = 0.0;  ///< value - the first scenario's value; NaN for the first
  std::string unit;         ///< the indicator's unit in the scenario's currency (indicators::unit)
};

/// Annual means of `indicators` (those present in at least one run) in `years` (those
/// inside the first run; empty: default_compare_years of the first run), for every run;
/// ordered by indicator, year, then run.
[[nodiscard]] std::vector<CompareCell> compare_cells(const std::vector<ComparedRun>& runs,
                                                     const std::vector<std::string>& indicators,
                                                     const std::vector<int>& years);
/// The side-by-side table (at most 100 columns for up to five runs), legend first.
[[nodiscard]] std::string compare_table(const std::vector<ComparedRun>& runs, const std::vector<CompareCell>& cells);
/// Tidy CSV: `scenario,indicator,year,value,difference` (difference empty for the first).
[[nodiscard]] std::string compare_csv(const std::vector<CompareCell>& cells);

/// The years a comparison shows when none are given, from the run's own dates (no country's
/// years in code): four years evenly spread from the second year of the run (the first is the
/// base of the indices) to its last, rounded, each once: 2012-2025 gives 2013, 2017, 2021,
/// 2025; 1978-1985 gives 1979, 1981, 1983, 1985; a one-year run gives that year.
[[nodiscard]] std::vector<int> default_compare_years(int first_year, int last_year);
/// default_compare_years of the years the series covers (none when it is empty).
[[nodiscard]] std::vector<int> default_compare_years(const Series& s);

/// `lightind compare` (and Python's lightind.compare) as one call.
struct CompareRequest {
  std::vector<std::string> paths;  ///< scenario files; the first is the baseline
  std::vector<int> years;          ///< empty: default_compare_years() of the first run
  std::uint64_t seed = 0;          ///< one seed for every scenario; 0: the first scenario's
  std::vector<std::string> sets;   ///< `--set key=value` overrides, applied to every scenario
  int threads = 0;                 ///< worker threads of each run (0: all cores)
  bool keep_accounts = false;      ///< keep the accounts (for writing run folders)
  /// Called once every scenario is loaded, before anything runs, with the unique names (the
  /// command line checks and claims its output folders here: a refusal writes nothing).
  std::function<void(const std::vector<std::string>&)> on_loaded{};
  /// Called before each run: (index, unique name, seed).
  std::function<void(std::size_t, const std::string&, std::uint64_t)> on_start{};
  /// Passed to each run as RunOptions::progress.
  std::function<void(int, int)> progress{};
  /// Called after each run with its result and description (the command line writes its folder).
  std::function<void(std::size_t, const std::string&, const RunResult&, const Description&)> on_run{};
};

struct Comparison {
  std::vector<std::string> names;  ///< unique: a repeated scenario name gets "-2", "-3", ...
  std::uint64_t seed = 0;          ///< the seed every scenario ran with
  std::vector<Series> series;      ///< per scenario
  std::vector<CompareCell> cells;  ///< compare_cells of the headline indicators
  std::string table;               ///< compare_table
};

/// Loads every scenario first (a rejected one throws ScenarioError before anything runs),
/// runs them in order with one seed (request.seed, else the first scenario's), and compares
/// their headline indicators (headline_indicators()) in `years`.
[[nodiscard]] Comparison compare(const CompareRequest& request);

// ---------------------------------------------------------------------------------------
// The counterfactual design: priority (light / heavy) x reform (on / off)
// (docs/MODEL.md, "Counterfactuals as a design").

/// The four runs of the 2x2 design, in `lightind compare --design` order.
struct DesignRuns {
  const Series* light_reform = nullptr;     ///< the reference (scenarios/dprk-2013.toml)
  const Series* heavy_reform = nullptr;     ///< scenarios/heavy-priority.toml
  const Series* light_no_reform = nullptr;  ///< scenarios/no-reform.toml
  const Series* heavy_no_reform = nullptr;  ///< scenarios/heavy-no-reform.toml
};

/// One effect of the design on an indicator's annual mean in a year, in the indicator's units.
struct DesignCell {
  std::string indicator;
  int year = 0;
  double priority_with_reform = 0.0;     ///< light - heavy, both with the reform
  double priority_without_reform = 0.0;  ///< light - heavy, both without
  double reform_light = 0.0;             ///< reform - no reform, both under the light priority
  double reform_heavy = 0.0;             ///< reform - no reform, both under the heavy priority
  double interaction = 0.0;  ///< priority_with_reform - priority_without_reform (= reform_light - reform_heavy)
};

/// The design's effects for `indicators` in `years` (those inside the reference run; NaN
/// where a run lacks the year).
[[nodiscard]] std::vector<DesignCell> design_cells(const DesignRuns& runs, const std::vector<std::string>& indicators,
                                                   const std::vector<int>& years);
/// The effects as a table (at most 100 columns), legend first.
[[nodiscard]] std::string design_table(const std::vector<DesignCell>& cells);
/// `indicator,year,priority_with_reform,priority_without_reform,reform_light,reform_heavy,interaction`.
[[nodiscard]] std::string design_csv(const std::vector<DesignCell>& cells);

// ---------------------------------------------------------------------------------------
// Ablation: each mechanism switched off in turn (docs/MODEL.md, "Ablation").

/// One mechanism of an ablations file (scenarios/ablations/<scenario name>.toml): how it is
/// switched off, and the expected sign of the effect of switching it off on each indicator.
struct Ablation {
  std::string name;                  ///< e.g. "reform"
  std::string reason;                ///< one line: why the expected signs
  std::vector<std::string> sets;     ///< `--set key=value` overrides that switch it off
  std::vector<std::string> remove;   ///< list entries removed (remove_entries): "projects", "shocks:disaster", ...
  std::map<std::string, int> expected;  ///< indicator -> expected sign of ablated - reference (-1, 0, +1)
  int from = 0;                      ///< first year it acts; earlier years expect no effect (0)
  int line = 0;                      ///< line of its `[[mechanisms]]` header
};

/// Parses an ablations file (TOML, `[[mechanisms]]` tables with name, reason, sets, remove,
/// expected = { INDICATOR = "+" | "-" | "0" | "?" }, from = YEAR). Throws ScenarioError naming the file,
/// line and key.
[[nodiscard]] std::vector<Ablation> load_ablations(const std::string& path);
[[nodiscard]] std::vector<Ablation> parse_ablations(std::string_view text, const std::string& name);

/// Removes list entries from a loaded scenario (what `--set` cannot do): "projects" (all
/// factory projects; a new build's factory is then never built: capacity 0), "guidance",
/// "fairs", "channels:KIND" (department_store, wholesale_shop, ...), "shocks:KIND"
/// (export_ban, import_cap, border_closure, disaster), "policy.events:ID". Throws
/// ScenarioError(file, line, "remove", ...) for an unknown word, kind or id.
void remove_entries(Description& d, const std::string& what, const std::string& file = "remove", int line = 0);

/// The indicators an ablation reports: living_standard, light_output, gdp_real, hardship_share.
[[nodiscard]] const std::vector<std::string>& ablation_indicators();

/// One cell: a mechanism's effect on an indicator's annual mean in a year.
struct AblationCell {
  std::string mechanism;
  std::string indicator;
  int year = 0;
  double reference = 0.0;  ///< the reference run's annual mean
  double ablated = 0.0;    ///< the run without the mechanism
  double effect = 0.0;     ///< ablated - reference
  int sign = 0;            ///< sign of the effect (0 when |effect| <= 1e-9 |reference|); NaN effect: 0
  std::optional<int> expected;  ///< the file's expected sign; absent for "?" or not given
  [[nodiscard]] bool mismatch() const { return expected && *expected != sign; }
};

struct AblateRequest {
  std::string path;            ///< the scenario (the reference)
  std::string ablations;       ///< the ablations file; empty: scenarios/ablations/<name>.toml (see ablate())
  std::vector<int> years;      ///< empty: {2019, 2021}
  std::uint64_t seed = 0;      ///< 0: the scenario's
  std::vector<std::string> sets;  ///< applied to the reference and every ablation first
  int threads = 0;             ///< worker threads of each run (0: all cores)
  /// Called before each run: (index, mechanism name or "reference", count of runs).
  std::function<void(std::size_t, const std::string&, std::size_t)> on_start;
};

struct AblationResult {
  std::string scenario;             ///< the reference's name
  std::string ablations_path;       ///< the file read
  std::uint64_t seed = 0;
  std::vector<int> years;           ///< those inside the run
  std::vector<Ablation> mechanisms;
  std::vector<AblationCell> cells;  ///< by mechanism, then indicator, then year
  std::string table;                ///< ablation_table
  [[nodiscard]] int mismatches() const;
};

/// Loads the reference and every ablated scenario first (a rejected override or removal
/// throws before anything runs), then runs them in order with one seed. The ablations file
/// defaults to scenarios/ablations/<folder name of the scenario>.toml from the current
/// folder, else ablations/<...>.toml next to the scenario file.
[[nodiscard]] AblationResult ablate(const AblateRequest& request);
/// One row per mechanism; a "!" marks an effect whose sign differs from the expected one,
/// and the mismatches are listed below the table.
[[nodiscard]] std::string ablation_table(const AblationResult& r);
/// `mechanism,indicator,year,reference,ablated,effect,sign,expected,mismatch`.
[[nodiscard]] std::string ablation_csv(const AblationResult& r);

/// Shortens `name` to at most `width` characters (a trailing "~" marks a cut).
[[nodiscard]] std::string shorten(const std::string& name, std::size_t width);

}  // namespace lightind::analysis
