// lightind: small file helpers shared by the program's subcommands.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace lightind::cli {

/// Writes `text` to `path` through a temporary sibling renamed into place, so a reader never
/// sees a half-written file.
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp-" + std::to_string(static_cast<long long>(::getpid()));
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
    f << text;
    if (!f.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace lightind::cli
