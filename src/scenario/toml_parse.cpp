// lightind: reading the files behind scenario/toml_parse.hpp.
#include "scenario/toml_parse.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace lightind::detail {

std::optional<std::string> read_regular_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(std::istreambuf_iterator<char>(in), (std::istreambuf_iterator<char>()));
  if (in.bad()) return std::nullopt;
  return text;
}

}  // namespace lightind::detail
