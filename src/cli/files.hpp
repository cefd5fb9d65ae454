// lightind: small file helpers shared by the program's subcommands.
#pragma once

#include <filesystem>
#include <string>

#include "results/output.hpp"

namespace lightind::cli {

/// Writes `text` to `path` through a temporary sibling renamed into place, so a reader never
/// sees a half-written file (detail::output::write_file_atomic: checked writes, fsync).
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  detail::output::write_file_atomic(path, text);
}

}  // namespace lightind::cli
