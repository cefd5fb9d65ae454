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
  std::string_view name;  ///< key at the top level of the file
  Shape shape;
  bool required;              ///< the section must be present (for id arrays: at least `min_count`)
  int min_count;              ///< id arrays: fewest elements
  std::string_view singular;  ///< id arrays: "sector", used in "a defined sector"
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
  not_before,     ///< month: not before the sibling key named in `other`
  sector_pattern  ///< id: matches [a-z][a-z0-9_]*
};

struct KeySpec {
  std::string_view section;
  std::string_view key;
  Type type;
  Range range{};
  std::string_view dflt{};  ///< default as TOML text ("0.5", "\"\"", "{}"); "=id" copies the id; "" none
  bool required = false;
  std::string_view choices{};  ///< choice / number_table: allowed words separated by spaces
  std::string_view ref{};      ///< ref / number_table: section whose ids are allowed
  Check check = Check::none;
  std::string_view other{};  ///< Check::not_before: the sibling key
};

[[nodiscard]] std::span<const SectionSpec> sections();
[[nodiscard]] std::span<const KeySpec> keys();

[[nodiscard]] const SectionSpec* find_section(std::string_view name);
[[nodiscard]] const KeySpec* find_key(std::string_view section, std::string_view key);
[[nodiscard]] std::vector<std::string> section_names();
[[nodiscard]] std::vector<std::string> key_names(std::string_view section);
[[nodiscard]] std::vector<std::string> words(std::string_view choices);

/// What a key expects, for messages: "a number >= 0", "one of: food, consumer, ...".
[[nodiscard]] std::string expected_text(const KeySpec& k);
/// "[households]" or "[[sectors]]".
[[nodiscard]] std::string section_title(const SectionSpec& s);
/// "a, b, c" (at most 20 words, then "...").
[[nodiscard]] std::string join_list(const std::vector<std::string>& items);

}  // namespace lightind::detail
