// lightind: reading the files behind scenario/toml_parse.hpp.
#include "scenario/toml_parse.hpp"

#include <fmt/format.h>

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

std::string describe_node(const toml::node& n) {
  if (const auto* s = n.as_string()) return "a string \"" + s->get() + "\"";
  if (const auto* i = n.as_integer()) return "an integer " + std::to_string(i->get());
  if (const auto* f = n.as_floating_point()) return fmt::format("a number {}", f->get());
  if (n.is_boolean()) return "a boolean";
  if (n.is_table()) return "a table";
  if (n.is_array()) return "an array";
  return "a date or time";
}

}  // namespace lightind::detail
