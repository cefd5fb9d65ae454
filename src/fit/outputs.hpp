// lightind: the files `lightind fit` writes, as a contract with their readers (the report's
// "Fit" section, `lightind docs calibration`): the comments of the fitted overlay
// (fitted.toml), moments.csv, uncertainty.csv and evaluations.csv, each written and read back
// here (docs/FIT.md, "Outputs" and "The overlay's comments").
//
// The overlay's comments. Above each estimated key:
//   # estimate: lightind fit[, se SE] (range LO to HI; free because WHY)
//   KEY = VALUE
// and, for a parameter the data do not identify (its key is left out, the scenario's value
// stands), one line in the key's section:
//   # not identified by the data (REASON): SECTION.KEY left at the scenario's value (the search ended at X; range LO to HI; free because WHY)
// SE is written with 4 significant digits, LO, HI, X and VALUE in the shortest form that
// reads back exactly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fit/fit.hpp"

namespace lightind::fit {

/// One free parameter as the overlay states it.
struct OverlayParam {
  std::string key;          ///< "section.key"
  bool identified = true;   ///< false: the key is left out of the overlay
  double value = 0.0;       ///< the estimate; where the search ended when not identified
  double se = 0.0;          ///< NaN when the comment gives none
  double lo = 0.0, hi = 0.0;
  std::string why;          ///< why the parameter is free
  std::string reason;       ///< why it is not identified ("" when it is)
  int line = 0;             ///< the comment's line (1-based)
};

/// What fitted.toml says: the command, the distance at the estimate, `extends`, and each
/// parameter in file order.
struct Overlay {
  std::string file;
  std::string command;   ///< the header's command line ("" when absent)
  double distance = 0.0; ///< NaN when the header gives none
  std::string extends;
  std::vector<OverlayParam> params;
  [[nodiscard]] const OverlayParam* find(std::string_view key) const;
};

/// The comment line above an estimated key (without the newline); `se` NaN: none.
[[nodiscard]] std::string estimate_comment(double se, const FreeParam& p);
/// The comment line of a parameter the data do not identify (without the newline).
[[nodiscard]] std::string not_identified_comment(const std::string& reason, double ended_at, const FreeParam& p);

/// Reads fitted.toml text (`path` names it in errors). Throws std::invalid_argument
/// "PATH:LINE: ..." for a text that is not TOML, a comment starting `# estimate:` or
/// `# not identified` that does not follow the format, an estimate comment not followed by a
/// number key, or a key given twice.
[[nodiscard]] Overlay parse_overlay(std::string_view text, const std::string& path);

/// The header of moments.csv.
inline constexpr std::string_view kMomentsCsvHeader = "moment,data,se,model,model_sd,weighted_sq_error";

/// One row of moments.csv.
struct MomentRow {
  std::string id;
  double data = 0.0, se = 0.0;   ///< the observed figure and its standard error (> 0)
  double model = 0.0;            ///< the model's mean over seeds (NaN when it has none)
  double model_sd = 0.0;         ///< its standard deviation over seeds (NaN when none)
  double weighted_sq_error = 0.0;
};

/// Reads moments.csv text. Throws std::invalid_argument "PATH:LINE: COLUMN: expected ...,
/// found ..." for another header, another number of fields, an empty id, data that is not a
/// finite number, an se that is not a number > 0, or a model figure that is not a number
/// (empty = NaN).
[[nodiscard]] std::vector<MomentRow> parse_moments_csv(std::string_view text, const std::string& path);

/// One row of uncertainty.csv (the sensitivity columns are not kept).
struct UncertaintyRow {
  std::string parameter;
  double estimate = 0.0;
  double se = 0.0;  ///< NaN where not identified
  bool identified = true;
};

/// Reads uncertainty.csv text (header `parameter,estimate,se,identified,...`). Throws
/// std::invalid_argument "PATH:LINE: COLUMN: ..." as parse_moments_csv.
[[nodiscard]] std::vector<UncertaintyRow> parse_uncertainty_csv(std::string_view text, const std::string& path);

/// The start values of the search: the row of stage `start` of evaluations.csv text (header
/// `index,stage,loss,<key>...`) as (key, value) pairs; empty when there is no such row.
/// Throws std::invalid_argument "PATH:LINE: ..." for another header or a value that is not a number.
[[nodiscard]] std::vector<std::pair<std::string, double>> parse_start_values(std::string_view text,
                                                                           const std::string& path);

}  // namespace lightind::fit

namespace lightind::fit {

/// The topic of `lightind docs calibration`: docs/CALIBRATION.md's tables of free parameters.
inline constexpr std::string_view kCalibrationTopic = "calibration";

/// The markdown table of the free parameters of scenario NAME, from the files
/// `root`/scenarios/NAME.toml (the scenario's value and its `# source:` / `# assumption:`
/// status), NAME.free.toml (range, why free) and NAME.fitted.toml (the estimate, its standard
/// error, or why it is not identified): one row per free parameter, in the free file's order.
/// nullopt when NAME is not a plain scenario name or has no free file. Throws
/// std::invalid_argument (or InputError) for a file that cannot be read, a free key the
/// scenario does not write, or an overlay whose range or reason for a key differ from the
/// free file's (the overlay is stale: fit again).
[[nodiscard]] std::optional<std::string> free_parameter_table(const std::string& root, std::string_view name);

/// `doc` (docs/CALIBRATION.md, read from `file`) with every calibration block regenerated
/// from the files under `root`; std::runtime_error when it has none.
[[nodiscard]] std::string calibration_document(std::string_view doc, std::string_view file, const std::string& root);

}  // namespace lightind::fit
