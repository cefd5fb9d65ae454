// What the fit's tests share.
#pragma once

#include <filesystem>
#include <string>

namespace lightind::fit_test {

/// A file of tests/fit/data/ (data and free-parameter files of the tests).
inline std::string fit_fixture(const std::string& name) {
  return (std::filesystem::path(LIGHTIND_SOURCE_DIR) / "tests" / "fit" / "data" / name).string();
}

}  // namespace lightind::fit_test
