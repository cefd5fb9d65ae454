// lightind: small text helpers shared by the analysis reports (internal).
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "lightind/analysis.hpp"

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

/// The layout of the indicator-by-year tables of `compare` and `design`: the indicator, the
/// year, then columns of values (26 + 5 + n x 13 characters).
inline constexpr std::size_t kIndicator = 26, kYear = 5, kColumn = 13;

/// The indicator and year columns of a row of such a table: the indicator's name (shortened)
/// on its first row, after a blank line (added to `out`) when another indicator came before;
/// blanks on its next rows. `previous` is the indicator of the row before; it is updated.
inline std::string indicator_year_cells(const std::string& indicator, int year, std::string& previous,
                                        std::string& out) {
  std::string line;
  if (indicator != previous) {
    if (!previous.empty()) out += "\n";
    line = fmt::format("{:<{}}", shorten(indicator, kIndicator - 1), kIndicator);
    previous = indicator;
  } else {
    line = std::string(kIndicator, ' ');
  }
  return line + fmt::format("{:>{}}", year, kYear);
}

}  // namespace lightind::analysis::detail
