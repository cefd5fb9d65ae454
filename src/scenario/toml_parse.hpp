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

}  // namespace lightind::detail
