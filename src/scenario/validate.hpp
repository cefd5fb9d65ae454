// lightind: checking a merged scenario tree against the schema, and turning it into a
// Description.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lightind/description.hpp"
#include "scenario/tree.hpp"

namespace lightind::detail {

/// Checks every section and key of `root` against the schema (schema.cpp) and fills in
/// the defaults of absent keys and sections. `top_file` names the scenario in errors that
/// have no line (a missing required section). Throws ScenarioError.
void validate(Value& root, const std::string& top_file);

/// The month a value holds: a "YYYY-MM" string (year 0000..9999) or a TOML local date.
[[nodiscard]] std::optional<YearMonth> month_of(const Value& v);

/// Builds the Description from a validated tree: sectors in order, the dense input matrix,
/// regions, listed enterprises, generators, the policy mechanisms (events sorted by date;
/// ids of lists and references turned into indices); rejects an unproductive matrix;
/// expands the generators with `seed_override`, or the scenario's seed when it is 0.
[[nodiscard]] Description build_description(const Value& root, const std::string& file, std::uint64_t seed_override);

/// Registers the scenario's group ids and its [[aggregates]] as indicators
/// (indicators::register_groups, register_indicator); build_description calls it.
void register_scenario_indicators(const Description& d);

}  // namespace lightind::detail
