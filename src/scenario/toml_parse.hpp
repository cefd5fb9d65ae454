// lightind: toml++'s parser for the files lightind reads (scenarios, targets), with a syntax
// error thrown as the reader's own error (ScenarioError, TargetsError): file, line, key
// "(syntax)", expected "valid TOML", found what toml++ says.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace lightind::detail
