// lightind: toml++'s parser for the files lightind reads (scenarios, targets), with a syntax
// error thrown as the reader's own error (ScenarioError, TargetsError): file, line, key
// "(syntax)", expected "valid TOML", found what toml++ says.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <toml++/toml.h>

namespace lightind::detail {

template <typename Error>
[[nodiscard]] toml::table parse_toml_table(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    throw Error(file, static_cast<int>(e.source().begin.line), "(syntax)", "valid TOML", std::string(e.description()));
  }
}

/// The whole text of the regular file at `path`; nothing when it is none or cannot be read.
[[nodiscard]] std::optional<std::string> read_regular_file(const std::string& path);

/// The whole text of the file at `path`; throws Error(path, 0, "(file)", "a readable `what`
/// file", "none") when it is no readable file (a folder, absent, unreadable).
template <typename Error>
[[nodiscard]] std::string read_toml_text(const std::string& path, const std::string& what) {
  std::optional<std::string> text = read_regular_file(path);
  if (!text) throw Error(path, 0, "(file)", "a readable " + what + " file", "none");
  return std::move(*text);
}

/// The line a toml++ node starts on (1-based; 0 when toml++ does not know it).
[[nodiscard]] inline int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

/// How a toml++ node is described after "found": `a string "abc"`, `an integer 3`, `a number
/// 0.5`, `a boolean`, `a table`, `an array`, `a date or time`.
[[nodiscard]] std::string describe_node(const toml::node& n);

/// The string at `key` of the table a reader reads (R has node(key), line() of the table and a
/// [[noreturn]] fail(key, line, expected, found)): "" when the key is absent and not required;
/// a missing required key, another type or a required empty string is refused through fail.
template <typename R>
[[nodiscard]] std::string read_string(const R& r, const std::string& key, bool required) {
  const toml::node* n = r.node(key);
  if (!n) {
    if (required) r.fail(key, r.line(), "a string", "nothing (the key is missing)");
    return {};
  }
  if (!n->is_string()) r.fail(key, line_of(*n), "a string", describe_node(*n));
  std::string s = n->as_string()->get();
  if (required && s.empty()) r.fail(key, line_of(*n), "a non-empty string", "\"\"");
  return s;
}

}  // namespace lightind::detail
