// lightind: checks that the opening economy can run (issue 14, item 7). Pure functions of the
// description (and, for utilisation, of a short run's series); `lightind check` prints what
// they find and `check --strict` fails on it (docs/MODEL.md "Opening checks").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "lightind/description.hpp"
#include "lightind/series.hpp"

namespace lightind {

/// One finding: `key` (a sector id, or a scenario key), what is wrong, the figure found and
/// the threshold it was held against.
struct OpeningWarning {
  std::string key;
  std::string what;
  double figure = 0.0;
  double threshold = 0.0;
};

/// (a) warns when a sector's opening supply covers less than this share of its opening need.
inline constexpr double kSupplyCoverThreshold = 0.9;
/// (b) warns when a sector's utilisation in the first recorded year is below this fraction of
/// its opening utilisation (the capacity-weighted efficiency of its enterprises).
inline constexpr double kUtilisationFraction = 0.5;

/// One sector's opening balance, in its units a month: supply = Σ capacity × efficiency / 12
/// over its enterprises (the engine's potential output q*; new builds have none); needs:
/// intermediate Σ_j A(k,j) q*_j, exports `export_share` × q*_k, defence `defence_share` × q*_k
/// (heavy role), households' food need (food sectors: `food_need` × population less the
/// rural plots' `plot_food`, spread over the food sectors by their supply).
struct SectorBalance {
  std::string sector;
  double supply = 0.0, intermediate = 0.0, exports = 0.0, defence = 0.0, households = 0.0;
  [[nodiscard]] double need() const { return intermediate + exports + defence + households; }
  /// supply / need; 1 when nothing is needed.
  [[nodiscard]] double cover() const { return need() > 0.0 ? supply / need() : 1.0; }
};

/// The opening balance of every sector, in the description's order.
[[nodiscard]] std::vector<SectorBalance> opening_balances(const Description& d);

/// (a) Sectors whose opening supply covers less than `threshold` of their need.
[[nodiscard]] std::vector<OpeningWarning> supply_warnings(const Description& d,
                                                          double threshold = kSupplyCoverThreshold);

/// Each sector's opening utilisation: Σ capacity × efficiency / Σ capacity (0 without capacity).
[[nodiscard]] std::vector<double> opening_utilisation(const Description& d);

/// (b) Sectors whose mean `utilisation` over the months of `s` (a short run of `d`) is below
/// `fraction` of their opening utilisation.
[[nodiscard]] std::vector<OpeningWarning> utilisation_warnings(const Description& d, const Series& s,
                                                               double fraction = kUtilisationFraction);

/// (c) An empty pipeline against long lags: without an opening pipeline of projects, nothing
/// invested can be finished before the longest gestation lag; a spin-up shorter than that lag
/// lets the recorded months begin with no capacity under construction. `lags` are
/// (sector id, gestation months); one warning, for the sector with the longest lag.
[[nodiscard]] std::vector<OpeningWarning> pipeline_warnings(int spin_up_months,
                                                            const std::vector<std::pair<std::string, int>>& lags,
                                                            bool has_opening_pipeline);

/// True when something is under construction at the opening (`scenario.opening_capacity_growth`,
/// a sector's `opening_growth` or `opening_pipeline`; docs/MODEL.md "The opening state"), or
/// nothing has to be (every sector's `gestation_months` is 0: investment is installed at once).
[[nodiscard]] bool has_opening_pipeline(const Description& d);
/// The description's (sector id, gestation months), for pipeline_warnings.
[[nodiscard]] std::vector<std::pair<std::string, int>> gestation_lags(const Description& d);

/// The description as far as `months` recorded months after its spin-up (its end moved
/// earlier), for the short run of check (b).
[[nodiscard]] Description first_months(const Description& d, int months = 12);

}  // namespace lightind
