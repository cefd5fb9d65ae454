// lightind: small text helpers shared by the analysis reports (internal).
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace lightind::analysis::detail {

/// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// A number for CSV: the shortest text that reads back exactly; empty for NaN.
inline std::string csv_number(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

/// Words of `text` wrapped to lines of at most `width` characters, each starting with `indent`.
inline std::string wrap(const std::string& text, const std::string& indent, std::size_t width) {
  std::string out, line = indent;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    i = j;
    if (word.empty()) break;
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
    }
    line += (line.size() > indent.size() ? " " : "") + word;
  }
  if (line.size() > indent.size()) out += line + "\n";
  return out;
}

}  // namespace lightind::analysis::detail
