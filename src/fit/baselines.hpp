// lightind: the naive forecasts a model must beat out of sample (issue 13, item 4) — zero
// growth, last year's growth and an AR(1) fitted by OLS on the same in-sample years — their
// root mean square errors, and the validation table of `lightind validate` as text and as
// fit-validation.csv (docs/FIT-STATS.md, "Out-of-sample test").
//
// The practice follows forecast evaluation of macroeconomic agent-based models: Poledna,
// Miess, Hommes & Rabitsch (2023) compare their model's out-of-sample forecasts with an
// AR(1) and a VAR fitted on the same sample; a random walk (no change) is the benchmark of
// Meese & Rogoff (1983). Every series here is an annual growth rate (percent).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::fit {

/// y_t = c + phi y_{t-1} + e_t, fitted by ordinary least squares on the pairs (y_{t-1}, y_t).
struct Ar1 {
  double c = 0.0;      ///< intercept (the series' unit)
  double phi = 0.0;    ///< persistence
  double sigma = 0.0;  ///< residual standard deviation, sqrt(SSR / (n - 2)); NaN when n = 2 (exact fit)
  int n = 0;           ///< pairs used (consecutive values, neither NaN)
};

/// OLS of y_t on (1, y_{t-1}) over consecutive values of `y`; a pair with a NaN is skipped:
///   phi = S_xy / S_xx, c = mean(y_t) - phi mean(y_{t-1})  (sums of centred products over the pairs).
/// Throws std::invalid_argument for fewer than 3 points (fewer than 2 usable pairs), an
/// infinite value, or lagged values that do not vary (S_xx = 0: phi is not determined).
[[nodiscard]] Ar1 fit_ar1(std::span<const double> y);

/// The AR(1)'s iterated forecasts from `last`: y_{T+h} = c + phi y_{T+h-1}, h = 1..horizon.
/// Throws std::invalid_argument for a negative horizon.
[[nodiscard]] std::vector<double> forecast_ar1(const Ar1& a, double last, int horizon);
/// Zero growth: `horizon` zeros (the level stays where it was).
[[nodiscard]] std::vector<double> forecast_zero_growth(int horizon);
/// Last year's growth: `horizon` copies of `last` (a random walk in growth rates).
[[nodiscard]] std::vector<double> forecast_last_growth(double last, int horizon);

/// sqrt(mean((a_i - b_i)^2)) over the pairs where neither is NaN; NaN when there is none.
/// Throws std::invalid_argument when the lengths differ.
[[nodiscard]] double rmse(std::span<const double> a, std::span<const double> b);

/// One indicator of the validation table. Every figure is an RMSE in the indicator's unit
/// (percentage points of growth) over the years counted; NaN when not computable.
struct ValidationTableRow {
  std::string indicator;
  int n_in = 0;              ///< in-sample years scored
  int n_out = 0;             ///< held-out years scored
  double model_in = 0.0;     ///< model, in sample (the fit's years)
  double model_out = 0.0;    ///< model, held-out years
  double zero_growth = 0.0;  ///< zero growth, held-out years
  double last_growth = 0.0;  ///< last in-sample year's growth, held-out years
  double ar1 = 0.0;          ///< AR(1) fitted on the in-sample years, held-out years
};

/// One row of the table from an indicator's data and model values by year: `data_in` and
/// `model_in` over the in-sample years, `data_out` and `model_out` over the held-out years
/// that follow them (equal lengths pairwise; NaN = no value). Every RMSE is scored on the
/// years where both the data and the model have a value (n_in, n_out), so that the model and
/// the baselines are judged on the same years. The baselines use `data_in` alone: zero growth,
/// the last in-sample value that is not NaN, and an AR(1) fitted on `data_in` and iterated
/// from that value (over the missing years after it too); a baseline that cannot be computed
/// (no in-sample value; an AR(1) that fit_ar1 rejects) is NaN.
/// Throws std::invalid_argument when the lengths differ.
[[nodiscard]] ValidationTableRow validation_row(std::string indicator, std::span<const double> data_in,
                                                std::span<const double> model_in, std::span<const double> data_out,
                                                std::span<const double> model_out);

/// The header of fit-validation.csv.
inline constexpr std::string_view kValidationCsvHeader =
    "indicator,n_in,n_out,model_in_rmse,model_out_rmse,zero_growth_rmse,last_growth_rmse,ar1_rmse";

/// fit-validation.csv: kValidationCsvHeader, then one line per row; an RMSE that is NaN is an
/// empty field; numbers in the shortest form that reads back exactly.
[[nodiscard]] std::string validation_csv(const std::vector<ValidationTableRow>& rows);

/// Reads fit-validation.csv text; `path` names it in errors. Throws std::invalid_argument
/// naming path:line, the column, what was expected and found (another header, another number
/// of fields, a count that is not a whole number >= 0, an RMSE that is not a number >= 0).
[[nodiscard]] std::vector<ValidationTableRow> parse_validation_csv(std::string_view text, const std::string& path);

/// The table for the terminal: per indicator, the model's RMSE in and out of sample beside
/// the three baselines out of sample, and which baselines the model beats out of sample.
[[nodiscard]] std::string validation_text(const std::vector<ValidationTableRow>& rows);

}  // namespace lightind::fit
