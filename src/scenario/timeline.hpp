// lightind: whole-timeline policy overrides: one `--set` key that holds in every period of a
// scenario, e.g. `policy.light_investment_share=0.4` (docs/SCENARIOS.md "Whole-timeline
// overrides"). The command line, Python, the page and sweeps all pass it as a `--set`.
#pragma once

#include <string>
#include <vector>

#include "scenario/tree.hpp"

namespace lightind::detail {

/// The whole-timeline keys: `policy.<group>_investment_share` for each sector group of the
/// scenario tree `root` (its `[[groups]]` ids; the default groups when it has none or when
/// `root` is null).
[[nodiscard]] std::vector<std::string> timeline_keys(const Value* root = nullptr);

/// The shares of the groups `keys` with group `group` set to `share` and the others rescaled
/// in proportion so that they still sum to 1: x_g' = x_g (1 - s) / sum_{h != group} x_h,
/// or (1 - s) / (n - 1) each when the others were all 0. `x` and the result are in the order
/// of `keys`; a group missing from `keys` enters with 0.
[[nodiscard]] std::vector<double> rescaled_shares(const std::vector<std::string>& keys, const std::vector<double>& x,
                                                  const std::string& group, double share);

/// Applies `key = value` when `key` is a whole-timeline key: sets the group's share to
/// `value` in `policy.investment_share` and in every policy event that sets investment
/// shares (short form `investment_share` or `policy.investment_share`), the other groups
/// rescaled in proportion (rescaled_shares). Returns false (and changes nothing) for any
/// other key. Throws ScenarioError (file "--set") when the value is no number in [0, 1].
bool apply_timeline_set(Value& root, const std::string& key, const Value& value);

}  // namespace lightind::detail
