// Removes the results tests' scratch folders at the end of a passing run (kept on failure).
#include <filesystem>
#include <system_error>

#include <gtest/gtest.h>

#include "results/results_fixture.hpp"

namespace lightind {
namespace {

class RemoveScratch : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!::testing::UnitTest::GetInstance()->Passed()) return;
    std::error_code ec;
    std::filesystem::remove_all(testing_results::scratch_root(), ec);
  }
};

[[maybe_unused]] ::testing::Environment* const kRemoveScratch =
    ::testing::AddGlobalTestEnvironment(new RemoveScratch);

}  // namespace
}  // namespace lightind
