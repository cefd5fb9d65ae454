// lightind: the schema of scenario files (docs/SCENARIOS.md), as data.
//
// One line per section and one line per key. A new section ([[projects]], [regime], ...)
// is added by adding its lines to the two tables in schema.cpp; validation, defaults,
// `--set` paths and "did you mean" suggestions all read these tables.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::detail {

/// A table (`[households]`) or an array of tables keyed by `id` (`[[sectors]]`).
enum class Shape { table, id_array };

struct SectionSpec {
  std::string_view name;  ///< key at the top level of the file; "parent.key" for a nested array of tables
  Shape shape;
  bool required;              ///< the section must be present (for id arrays: at least `min_count`)
  int min_count;              ///< id arrays: fewest elements
  std::string_view singular;  ///< id arrays: "sector", used in "a defined sector"
  /// Nested sections (`[[policy.events]]`) are reached through a Type::section key of
  /// their parent, never at the top level.
  [[nodiscard]] bool nested() const { return name.find('.') != std::string_view::npos; }
};

enum class Type {
  string,        ///< any string
  id,            ///< non-empty string; `pattern` may restrict it to [a-z][a-z0-9_]*
  number,        ///< integer or float, finite, within `range`
  integer,       ///< integer within `range`
  month,         ///< "YYYY-MM" string or a TOML local date
  choice,        ///< one of the words in `choices`
  ref,           ///< the id of an element of the section named in `ref`
  number_table,  ///< table whose keys are `choices` (or ids of `ref`) and values numbers in `range`
  boolean,       ///< true or false
  list,          ///< array of distinct words of `choices`, or ids of the section named in `ref`
  section,       ///< a nested array of tables: the section named in `ref` ("policy.events")
};

/// A closed, open or half-open interval of allowed numbers.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  [[nodiscard]] bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi); }
  [[nodiscard]] std::string text() const;  ///< ">= 0", "in (0, 1]", "" when unbounded
};

/// Cross checks a key can ask for, beyond its own type and range.
enum class Check {
  none,
  sum_to_one,     ///< number_table: the values sum to 1 within 1e-6 (absent keys count 0)
  not_before,     ///< month: not before the sibling key named in `other` (skipped when either is absent)
  sector_pattern,  ///< id: matches [a-z][a-z0-9_]*
  sum_at_most_one  ///< number: this value plus the sibling number named in `other` is at most 1 (+1e-9)
};

struct KeySpec {
  std::string_view section;
  std::string_view key;
  Type type;
  Range range{};
  /// Default as TOML text ("0.5", "\"\"", "{}", "[]", "true"); "=id" copies the id. ""
  /// with `required` false: the key is optional and stays absent (a std::optional, or a
  /// default the builder derives, such as the scenario's start).
  std::string_view dflt{};
  bool required = false;
  std::string_view choices{};  ///< choice / number_table / list: allowed words separated by spaces
  std::string_view ref{};      ///< ref / number_table / list: section whose ids are allowed; section: the nested section
  Check check = Check::none;
  std::string_view other{};  ///< Check::not_before, Check::sum_at_most_one: the sibling key
};

[[nodiscard]] std::span<const SectionSpec> sections();
[[nodiscard]] std::span<const KeySpec> keys();

/// The section named `name`, nested ones included ("policy.events"); nullptr when none.
[[nodiscard]] const SectionSpec* find_section(std::string_view name);
[[nodiscard]] const KeySpec* find_key(std::string_view section, std::string_view key);
/// Names of the top-level sections (not the nested ones).
[[nodiscard]] std::vector<std::string> section_names();
[[nodiscard]] std::vector<std::string> key_names(std::string_view section);
[[nodiscard]] std::vector<std::string> words(std::string_view choices);

/// What a key expects, for messages: "a number >= 0", "one of: food, consumer, ...".
[[nodiscard]] std::string expected_text(const KeySpec& k);
/// "[households]" or "[[sectors]]".
[[nodiscard]] std::string section_title(const SectionSpec& s);
/// "a, b, c" (at most `max` words, then "...").
[[nodiscard]] std::string join_list(const std::vector<std::string>& items, size_t max = 20);
/// How many allowed words or ids a list key's message shows before "...".
inline constexpr size_t kListShown = 10;
/// What a list key expects, with the allowed words or ids (at most kListShown of them):
/// "an array of distinct ids of defined regions (one of: north, south)".
[[nodiscard]] std::string list_expected(const KeySpec& k, const std::vector<std::string>& allowed);

}  // namespace lightind::detail
