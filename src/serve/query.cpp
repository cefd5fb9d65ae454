// lightind: the served page's request parameters as settings.
#include "serve/query.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lightind::serve {

std::optional<std::size_t> invalid_utf8_at(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // The length of the sequence and the range of its second byte (RFC 3629, section 4).
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c == 0xE0) {
      n = 3, lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      n = 3;
    } else if (c == 0xED) {
      n = 3, hi = 0x9F;  // no surrogates
    } else if (c == 0xF0) {
      n = 4, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      n = 4;
    } else if (c == 0xF4) {
      n = 4, hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + 1 >= s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (std::size_t k = 2; k < n; ++k)
      if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) return i;
    i += n;
  }
  return std::nullopt;
}

QueryResult parse_query(const Knobs& knobs, const std::vector<std::pair<std::string, std::string>>& params) {
  QueryResult r;
  for (const auto& [name, value] : params) {
    if (const auto at = invalid_utf8_at(name)) {
      r.error = fmt::format("a parameter name is not valid UTF-8 (byte {:#04x} at {})",
                            static_cast<unsigned char>(name[*at]), *at);
      return r;
    }
    if (const auto at = invalid_utf8_at(value)) {
      // The name is valid here, but may be long: the message shows at most 64 bytes of it.
      r.error = fmt::format("{}: the value is not valid UTF-8 (byte {:#04x} at {})", shown_text(name),
                            static_cast<unsigned char>(value[*at]), *at);
      return r;
    }
  }
  try {
    r.settings = knobs.parse(params);
  } catch (const KnobError& e) {
    r.error = e.what();
  }
  return r;
}

std::string error_json(const std::string& message) {
  using json = nlohmann::ordered_json;
  return json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace lightind::serve
