// lightind: the scenario loader's own tree of TOML values, each with the file and line where
// it was written. toml++ does not keep source regions when nodes are copied, and merging
// `extends` chains and `--set` overrides copies nodes; so each parsed file is converted
// once into this tree, and merging, overriding and validation work on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::detail {

struct Entry;

/// One TOML value with its provenance (file, line; line 0 for `--set` values).
struct Value {
  enum class Kind : std::uint8_t { table, array, string, integer, floating, boolean, date, time, date_time };
  Kind kind = Kind::table;
  std::string file;
  int line = 0;
  std::string str;                   ///< string
  std::int64_t integer = 0;          ///< integer
  double number = 0.0;               ///< floating
  bool boolean = false;              ///< boolean
  int year = 0, month = 0, day = 0;  ///< date (and the date part of date_time)
  std::string text;                  ///< time and date_time, as written back by toml++
  std::vector<Entry> entries;        ///< table, in the order the keys were written
  std::vector<Value> items;          ///< array

  [[nodiscard]] bool is_table() const { return kind == Kind::table; }
  [[nodiscard]] bool is_array() const { return kind == Kind::array; }
  [[nodiscard]] bool is_string() const { return kind == Kind::string; }
  [[nodiscard]] bool is_number() const { return kind == Kind::integer || kind == Kind::floating; }
  [[nodiscard]] double as_double() const { return kind == Kind::integer ? static_cast<double>(integer) : number; }
  [[nodiscard]] const Value* find(std::string_view key) const;
  [[nodiscard]] Value* find(std::string_view key);
  /// Sets `key` (replacing any value it had) and returns the stored value.
  Value& set(std::string key, Value v);
  void erase(std::string_view key);
  /// The `id` of a table, or nullptr when it has no string `id`.
  [[nodiscard]] const std::string* id() const;
};

struct Entry {
  std::string key;
  Value value;
};

/// Deepest nesting a scenario text may have: tables, arrays and inline tables below the
/// root, each level counted (`[a.b]` then `c.d = [1]` puts 1 at level 5). The deepest shipped
/// scenario nests 5 levels; the limit keeps every recursive walk of the tree (conversion,
/// merge, validation, destruction) far from the stack's end, whatever the text.
inline constexpr int kMaxNesting = 64;
/// Largest scenario text, in bytes (16 MiB; the largest shipped scenario is about 100 KB).
/// Parsing takes memory in proportion to the text, so this also bounds the loader's memory.
inline constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;

/// Parses TOML text into a tree; a syntax error throws ScenarioError (key "(syntax)"), as
/// does a text longer than kMaxScenarioBytes (key "(file)") or nested deeper than
/// kMaxNesting (key: the dotted key or header that goes too deep), both checked before
/// the text is parsed.
[[nodiscard]] Value parse_toml(std::string_view text, const std::string& file);

/// Sets the provenance of `v` and everything below it (used for `--set` values).
void set_source(Value& v, const std::string& file, int line);

/// How a value is described after "found": `a string "abc"`, `an integer 3`, `a table`...
[[nodiscard]] std::string describe(const Value& v);
/// A value as TOML text: 0.5, "text", ["heavy", "light"], { heavy = 0.4, light = 0.6 }.
[[nodiscard]] std::string toml_text(const Value& v);

/// Shortest text that reads back as `x` ("0.1", "1e+300", "nan").
[[nodiscard]] std::string format_number(double x);

/// `"text"` with quotes, backslashes and control characters escaped, cut after `max`
/// characters ("...").
[[nodiscard]] std::string quoted(std::string_view s, size_t max = 120);

/// True when an array is an array of tables that all have a string `id`.
[[nodiscard]] bool is_id_array(const Value& v);

/// Merges `over` into `base` (STYLE: docs/SCENARIOS.md "Inheritance and overrides"):
/// tables key by key, id-keyed arrays of tables element by element, anything else replaced.
void merge(Value& base, Value over);

/// Upper bound of the nesting depth of TOML `text` (see kMaxNesting), from a scan of its
/// brackets, braces and dotted keys that skips strings and comments; the scan never fails,
/// even on text that is not TOML. `line` and `key` receive where the deepest level starts.
[[nodiscard]] int nesting_depth(std::string_view text, int& line, std::string& key);

/// Throws ScenarioError when an id-keyed array anywhere in the tree repeats an id.
void check_unique_ids(const Value& v, const std::string& path);

}  // namespace lightind::detail
