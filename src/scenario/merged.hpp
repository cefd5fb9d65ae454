// lightind: a scenario's merged tree (its `extends` chain followed and merged, nothing
// applied or validated yet), and the Description built from such a tree. For tools that
// combine the settings of several scenarios (lightind explain, src/analysis/explain.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lightind/description.hpp"
#include "scenario/tree.hpp"

namespace lightind::detail {

/// The merged tree of the scenario file `path` (throws ScenarioError as load_scenario).
[[nodiscard]] Value load_merged_tree(const std::string& path);

/// load_scenario's last steps on a merged tree: applies `sets` in order, validates (errors
/// name `file`), builds the Description.
[[nodiscard]] Description description_of_tree(Value root, const std::string& file,
                                              const std::vector<std::string>& sets = {},
                                              std::uint64_t seed_override = 0);

}  // namespace lightind::detail
