// lightind: small file helpers shared by the program's subcommands.
#pragma once

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "results/output.hpp"

namespace lightind::cli {

/// Writes `text` to `path` through a temporary sibling renamed into place, so a reader never
/// sees a half-written file (detail::output::write_file_atomic: checked writes, fsync).
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  detail::output::write_file_atomic(path, text);
}

/// A command's one-table output: claims the folder `dir` for `command` (a folder lightind did
/// not write is refused unless `force`), writes DIR/NAME atomically, and says so on standard
/// output after a blank line.
inline void write_table_file(const std::string& dir, bool force, const char* command, const std::string& name,
                             const std::string& text) {
  detail::output::claim_folder(dir, force, command);
  write_text_file(std::filesystem::path(dir) / name, text);
  fmt::print("\nwrote {}/{}\n", dir, name);
}

}  // namespace lightind::cli
