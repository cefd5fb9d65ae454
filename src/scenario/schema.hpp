// lightind: the schema of scenario files (docs/SCENARIOS.md), as data.
//
// One line per section and one line per key. A new section ([[projects]], [regime], ...)
// is added by adding its lines to the two tables in schema.cpp; validation, defaults,
// `--set` paths and "did you mean" suggestions all read these tables.
#pragma once

#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace lightind {
struct InForce;
struct GroupDesc;
}

namespace lightind::detail {

/// A table (`[households]`) or an array of tables keyed by `id` (`[[sectors]]`).
enum class Shape { table, id_array };

struct SectionSpec {
  std::string_view name;  ///< key at the top level of the file; "parent.key" for a nested array of tables
  Shape shape;
  bool required;              ///< the section must be present (for id arrays: at least `min_count`)
  int min_count;              ///< id arrays: fewest elements
  std::string_view singular;  ///< id arrays: "sector", used in "a defined sector"
  /// Its elements may also set any changeable key (KeySpec::changeable) of another section,
  /// from their date on: `state.state_wage = 4000`, or a short form (event_short_form).
  bool sets_changeable = false;
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
  sum_at_most_one,  ///< number: this value plus the sibling number named in `other` is at most 1 (+1e-9)
  required_when    ///< required when the sibling boolean named in `other` is true (issue 14: a reform without `start`)
};

struct Value;

/// The field of the Description a key fills, and where its default is written.
///
/// `field<&HouseholdsDesc::scale>()` binds a key to a member of the struct its section
/// fills (HouseholdsDesc for [households], SectorDesc for each [[sectors]]): the builder
/// writes the checked value there, and the key's default is that member's initializer in
/// description.hpp, the one place it is written (a std::optional member: no default, the
/// key stays absent). Irregular keys (ids turned into indices, the input table,
/// endowments) have no field: build.cpp fills them.
struct Field {
  const std::type_info* owner = nullptr;               ///< the struct the member belongs to
  void (*set)(void* owner, const Value& v) = nullptr;  ///< writes a checked value into *owner
  Value (*get)(const void* owner) = nullptr;  ///< the member's value as a tree value (an absent optional: a table)
  Value (*initial)() = nullptr;  ///< the member's initializer as a tree value; nullptr: none (a std::optional)
  /// A dated event's change of the member to a checked value: writes it into the member's
  /// section of the values in force. nullptr for members outside InForce's sections.
  std::function<void(InForce&)> (*bind)(const Value& v) = nullptr;
  /// The same for a member of one element of an id-keyed section the values in force hold
  /// (`sectors.ID.state_price`): `index` is the element's. nullptr for other members.
  std::function<void(InForce&)> (*bind_at)(const Value& v, size_t index) = nullptr;
  [[nodiscard]] explicit operator bool() const { return set != nullptr; }
};

/// One key: one line of the table in schema.cpp. Columns, in order: where it is, its type
/// and range, the field it fills (and so its default), whether an event may change it,
/// its unit and documentation; then what only some keys need.
struct KeySpec {
  std::string_view section;
  std::string_view key;
  Type type;
  Range range{};
  Field field{};             ///< what it fills, and its default (see Field)
  bool changeable = false;   ///< a dated policy event may change it over time
  std::string_view unit{};   ///< "won per worker per month"; "" for shares, indices and counts
  std::string_view doc{};    ///< one line: what it means (docs/SCENARIOS.md is generated from it)
  /// Default as TOML text, only for keys whose default is not a field's initializer:
  /// "=id" copies the id, "{}" an empty table, "[]" an empty list. "" with `required`
  /// false and no field initializer: the key is optional and stays absent (a
  /// std::optional, or a default the builder derives, such as the scenario's start).
  std::string_view dflt{};
  bool required = false;
  std::string_view choices{};  ///< choice / number_table / list: allowed words separated by spaces
  std::string_view ref{};      ///< ref / number_table / list: section whose ids are allowed; section: the nested section
  Check check = Check::none;
  std::string_view other{};  ///< Check::not_before, Check::sum_at_most_one, Check::required_when: the sibling key

  /// The key has a default: written here (`dflt`) or the field's initializer.
  [[nodiscard]] bool has_default() const { return !dflt.empty() || (field && field.initial && !required); }
};

[[nodiscard]] std::span<const SectionSpec> sections();
[[nodiscard]] std::span<const KeySpec> keys();

/// The section named `name`, nested ones included ("policy.events"); nullptr when none.
[[nodiscard]] const SectionSpec* find_section(std::string_view name);
[[nodiscard]] const KeySpec* find_key(std::string_view section, std::string_view key);
/// Names of the top-level sections (not the nested ones).
[[nodiscard]] std::vector<std::string> section_names();
[[nodiscard]] std::vector<std::string> key_names(std::string_view section);
/// The keys of `section` a dated event may change (KeySpec::changeable), in schema order.
[[nodiscard]] std::vector<std::string> changeable_keys(std::string_view section);
/// Every changeable key as "SECTION.KEY", in schema order.
[[nodiscard]] std::vector<std::string> changeable_paths();

/// The key a bare name in a [[policy.events]] element sets (the short forms of the first
/// scenarios): a changeable key of [policy] (`local_share` is `policy.local_share`), or
/// `ration_food` (`state.ration_food`); nullptr for any other name.
[[nodiscard]] const KeySpec* event_short_form(std::string_view key);
/// The short forms, in schema order.
[[nodiscard]] std::vector<std::string> event_short_forms();
[[nodiscard]] std::vector<std::string> words(std::string_view choices);

/// The enumerator whose `to_string` is `word` (found by argument-dependent lookup);
/// enumerators are scanned from 0 until to_string answers "?", so a value added to an enum
/// needs no change here. The first enumerator when none matches (validate() accepts only
/// the schema's words, which are the enum's own).
template <class E>
E enum_of(std::string_view word) {
  for (int i = 0; i < 256; ++i) {
    const std::string_view name = to_string(static_cast<E>(i));
    if (name == "?") break;
    if (name == word) return static_cast<E>(i);
  }
  return static_cast<E>(0);
}

/// While alive, group ids in group-keyed values (`policy.investment_share`,
/// `policy.materials_priority`, `reform.groups`) resolve against `groups`, the scenario's
/// `[[groups]]` (build_description holds one); otherwise against default_groups().
class GroupScope {
 public:
  explicit GroupScope(const std::vector<GroupDesc>& groups);
  ~GroupScope();
  GroupScope(const GroupScope&) = delete;
  GroupScope& operator=(const GroupScope&) = delete;

 private:
  const std::vector<GroupDesc>* previous_;
};

/// The `[[groups]]` array of a scenario that defines none (default_groups()), as TOML text.
[[nodiscard]] std::string default_groups_toml();

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
