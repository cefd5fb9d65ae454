// lightind: the served page's request parameters as settings (pure functions: the server,
// its tests and the fuzz target fuzz/fuzz_query.cpp call them), and the JSON error body.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "serve/knobs.hpp"

namespace lightind::serve {

/// The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when `s` is valid.
[[nodiscard]] std::optional<std::size_t> invalid_utf8_at(std::string_view s);

/// A request's settings, or the message of a 400 answer.
struct QueryResult {
  std::map<std::string, double> settings;  ///< every knob (the baseline's value unless given) when ok
  std::string error;                       ///< empty when ok; valid UTF-8 otherwise
  [[nodiscard]] bool ok() const { return error.empty(); }
};

/// Validates decoded request parameters (name, value), as cpp-httplib splits and
/// percent-decodes the query string: names and values must be UTF-8, then Knobs::parse's
/// rules apply (unknown, repeated, malformed, out of range). Never throws for any bytes.
[[nodiscard]] QueryResult parse_query(const Knobs& knobs, const std::vector<std::pair<std::string, std::string>>& params);

/// `{"error":"MESSAGE"}` and a newline; bytes that are not UTF-8 become U+FFFD (never throws).
[[nodiscard]] std::string error_json(const std::string& message);

}  // namespace lightind::serve
