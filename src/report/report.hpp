// lightind: the self-contained HTML report (`lightind report`): reading run folders,
// compare folders, results databases and sweep bands, and writing one HTML file with the
// charting library, the page script and the data inlined (docs/REPORT.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fit/baselines.hpp"
#include "fit/outputs.hpp"
#include "lightind/description.hpp"
#include "lightind/series.hpp"

namespace lightind::report {

/// An input that cannot be read: what() names the path (and line), what was expected and found.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One run found in the inputs: its aggregate series (sector and region -1) and events.
struct RunData {
  std::string name;           ///< scenario name, made unique among the runs ("-2", "-3", ...)
  std::string scenario;       ///< scenario name as stored
  std::string source;         ///< the file or folder it came from
  std::uint64_t seed = 0;
  std::string scenario_file;  ///< path of the scenario file when known (results.sqlite runs.scenario_file)
  std::string settings;       ///< runs.settings (sweeps), "" otherwise
  std::string currency;       ///< `scenario.currency` from the run folder's summary.json; "" when unknown
  Series series;              ///< aggregate rows only
  std::vector<Event> events;
};

/// Quantile bands of one setting's indicator over seeds (bands.csv of `lightind sweep`,
/// aggregate rows): month -> quantile (p5, p25, p50, p75, p95) -> value.
struct Band {
  std::string setting;
  std::string indicator;
  std::string source;
  std::map<int, std::map<std::string, double>> values;
};

/// An attribution of the difference between two runs to the settings that differ
/// (`lightind explain`'s explain.csv: `setting,contribution,...`), kept as read: the header
/// and the rows as text, for the report's findings.
struct Explain {
  std::string source;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

/// The out-of-sample table of `lightind validate` (fit-validation.csv, src/fit/baselines.hpp).
struct FitValidation {
  std::string source;
  std::vector<fit::ValidationTableRow> rows;
};

/// One free parameter of a fit as the report shows it (uncertainty.csv, fitted.toml's comments,
/// evaluations.csv's start row).
struct FitParameter {
  std::string key;
  double start = 0.0;     ///< the search's start (the hand value); NaN when evaluations.csv is absent
  double estimate = 0.0;  ///< where the search ended (not an estimate when not identified)
  double se = 0.0;        ///< NaN where not identified or not computed
  bool identified = true;
  double lo = 0.0, hi = 0.0;  ///< the range searched; NaN when fitted.toml is absent
  std::string why;        ///< why it is free ("" when fitted.toml is absent)
  std::string reason;     ///< why it is not identified
};

/// A fit's output folder (`lightind fit --out`, docs/FIT.md "Outputs"), or a fitted overlay
/// given by name: the moments at the estimate and the parameter table.
struct FitResult {
  std::string source;
  std::string command;   ///< the fit's command line (fitted.toml's header), "" when unknown
  double distance = 0.0; ///< the distance at the estimate; NaN when unknown
  std::vector<fit::MomentRow> moments;  ///< moments.csv (empty for an overlay alone)
  std::vector<FitParameter> parameters;
};

struct Inputs {
  std::vector<RunData> runs;
  std::vector<Band> bands;
  std::vector<Explain> explains;  ///< explain.csv files found (given, or in an input folder)
  std::vector<FitValidation> fit_validations;  ///< fit-validation.csv files found (given, or in an input folder)
  std::vector<FitResult> fits;  ///< fit folders (moments.csv and uncertainty.csv, or fitted.toml) and overlays given
};

/// Whether `dir` holds a fit's outputs: moments.csv and uncertainty.csv, or fitted.toml.
[[nodiscard]] bool is_fit_folder(const std::string& dir);

/// Reads a fit folder: uncertainty.csv (estimates, standard errors, identified), fitted.toml
/// (command, distance, each parameter's range and reason; the estimates where uncertainty.csv
/// is absent), moments.csv and evaluations.csv (the start values), each when present; or a
/// fitted overlay file given by name. Throws InputError with the file and line of a malformed
/// file (src/fit/outputs.hpp).
[[nodiscard]] FitResult read_fit(const std::string& path);

/// Reads a fit-validation.csv (fit::parse_validation_csv). Throws InputError with the file,
/// line, column, what was expected and found.
[[nodiscard]] FitValidation read_fit_validation_csv(const std::string& path);

/// Reads an explain.csv (header starting `setting,contribution`). Throws InputError with the
/// file and line for another header, a row with another number of fields or a contribution
/// that is not a number.
[[nodiscard]] Explain read_explain_csv(const std::string& path);

/// Better or worse for an indicator whose registry direction is `direction` ("higher",
/// "lower" or "neither", indicators::to_string(Direction)): "better" or "worse" for a
/// non-zero difference in a direction that has one, "same" for zero (or not a number),
/// "changed" for "neither".
[[nodiscard]] std::string judge(const std::string& direction, double difference);

/// Reads each path: a run folder (results.sqlite, else series.csv), a compare folder (its
/// run sub-folders, in the order of compare.csv), a results database (*.sqlite, *.db: every
/// run), or a bands.csv; a folder's bands.csv is read too. Throws InputError for a missing
/// path, a path with nothing to read or a malformed file.
[[nodiscard]] Inputs read_inputs(const std::vector<std::string>& paths);

/// Groups `runs` by scenario and settings (in order of first appearance); each group of two
/// or more seeds becomes one run (its first) and, for each of its aggregate indicators, a
/// Band of the quantiles over the seeds month by month (type 7: linear between order
/// statistics, h = (n - 1) p). Returns the bands; `runs` keeps one run per group.
[[nodiscard]] std::vector<Band> seed_bands(std::vector<RunData>& runs, const std::string& source);

/// Reads a results database: every run, in run_id order.
[[nodiscard]] std::vector<RunData> read_database(const std::string& path);
/// Reads a series.csv (tidy `date,scenario,run,indicator,sector,region,value`).
[[nodiscard]] RunData read_series_csv(const std::string& path);
/// Reads a bands.csv (tidy `setting,date,indicator,sector,region,quantile,value`).
[[nodiscard]] std::vector<Band> read_bands_csv(const std::string& path);

/// The scenario's parameters as (key, value) rows in a fixed order: sections' scalars,
/// investment shares, dated policy events, the reform, shocks and counts of projects,
/// visits, fairs and enterprises.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parameter_rows(const Description& d);

struct Options {
  std::string title = "lightind report";
  std::string targets;  ///< calibration targets file; "" = scenarios/calibration/<name>.toml or beside the scenario
  std::size_t max_runs = 12;  ///< runs drawn (the first ones); a note says how many were left out
};

/// The report's data (the JSON inlined into the page): indicators, months, each run's
/// values, bands, the first run's events, the calibration table of the first run that has
/// targets, and the parameters of the runs whose scenario file can be loaded. `notes`
/// collects what was left out and why.
[[nodiscard]] nlohmann::ordered_json report_data(const Inputs& in, const Options& opt, std::vector<std::string>& notes);

/// The whole HTML document for `data`.
[[nodiscard]] std::string report_html(const nlohmann::ordered_json& data, const std::string& title);

}  // namespace lightind::report
