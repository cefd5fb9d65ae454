// lightind: internals of input-output analysis (see include/lightind/io.hpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace lightind::io::detail {

/// A table in pymrio's text layout: `index_cols` leading columns of row keys, `header_rows`
/// leading rows of column keys (their first index_cols cells empty), then numbers.
struct TextMatrix {
  std::string file;                            ///< path, for messages
  std::size_t index_cols = 0;
  std::vector<std::vector<std::string>> col_keys;  ///< [header row][column]
  std::vector<std::vector<std::string>> row_keys;  ///< [row][index column]
  std::vector<int> row_line;                   ///< 1-based line of each data row
  std::vector<double> values;                  ///< rows x cols, row-major
  [[nodiscard]] std::size_t rows() const { return row_keys.size(); }
  [[nodiscard]] std::size_t cols() const { return col_keys.empty() ? 0 : col_keys[0].size(); }
};

/// Parses `text` (the contents of `file`). Throws std::runtime_error "FILE:LINE: ...".
[[nodiscard]] TextMatrix parse_text_matrix(const std::string& text, const std::string& file);

/// Reads and parses a file.
[[nodiscard]] TextMatrix read_text_matrix(const std::filesystem::path& path);

}  // namespace lightind::io::detail
