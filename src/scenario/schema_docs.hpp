// lightind: documents generated from tables of the program: the key tables of
// docs/SCENARIOS.md from the scenario schema (`lightind docs scenario-keys`).
//
// A generated part of a document lies between two marker lines,
//   <!-- BEGIN generated: TOPIC NAME -->
//   <!-- END generated: TOPIC NAME -->
// and everything outside them stays hand-written.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::detail {

/// What a block of `topic` named `name` holds, or nullopt when `name` is not one of the topic's.
using BlockMaker = std::function<std::optional<std::string>(std::string_view name)>;

/// `doc` with the body of every block of `topic` replaced by what `make` returns for its
/// name; `seen` (when given) receives the names in document order. Throws
/// std::runtime_error "FILE:LINE: ..." for a BEGIN without its END, or a name `make` does
/// not know.
[[nodiscard]] std::string replace_generated_blocks(std::string_view doc, std::string_view topic, const BlockMaker& make,
                                                   std::string_view file, std::vector<std::string>* seen = nullptr);

/// The markdown table of the keys of one section of the schema ("households",
/// "policy.events"): key, type, default, whether an event may change it, unit, meaning.
/// nullopt for a section the schema does not have.
[[nodiscard]] std::optional<std::string> scenario_key_table(std::string_view section);

/// The topic of the scenario key tables: "scenario-keys".
inline constexpr std::string_view kScenarioKeysTopic = "scenario-keys";

/// `doc` (the text of docs/SCENARIOS.md, read from `file`) with every scenario-keys block
/// regenerated from the schema. Throws std::runtime_error when a section of the schema has
/// no block, or a block is malformed or names no section.
[[nodiscard]] std::string scenario_keys_document(std::string_view doc, std::string_view file);

/// All the scenario key tables, each under its marker lines, in the schema's order.
[[nodiscard]] std::string scenario_key_tables();

}  // namespace lightind::detail
