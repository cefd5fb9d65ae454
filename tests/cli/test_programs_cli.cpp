// Tests of the start-up split (issue 16): `lightind` loads neither the HTTP/TLS libraries nor
// Open MPI; `serve` and `sweep` under a launcher hand over to lightind-serve and lightind-mpi.
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"

namespace lightind {
namespace {

using cli_test::run_cli;

/// The shared libraries the dynamic loader maps for `program` (LD_TRACE_LOADED_OBJECTS, as ldd).
std::string loaded_libraries(const std::string& program) {
  return test_util::run_shell("LD_TRACE_LOADED_OBJECTS=1 '" + program + "' 2>&1").output;
}

std::string beside_cli(const char* name) {
  return (std::filesystem::path(LIGHTIND_CLI).parent_path() / name).string();
}

TEST(Programs, LightindLoadsNoHttpTlsOrMpiLibrary) {
  const std::string libs = loaded_libraries(LIGHTIND_CLI);
  ASSERT_NE(libs.find("libsqlite3"), std::string::npos) << libs;  // the listing worked
  for (const char* absent : {"libcpp-httplib", "libssl", "libcrypto", "libmpi", "libopen-pal", "libhwloc"})
    EXPECT_EQ(libs.find(absent), std::string::npos) << absent << " in\n" << libs;
  EXPECT_NE(loaded_libraries(beside_cli("lightind-serve")).find("libcpp-httplib"), std::string::npos);
#ifdef LIGHTIND_CLI_MPI
  EXPECT_NE(loaded_libraries(beside_cli("lightind-mpi")).find("libmpi"), std::string::npos);
#endif
}

TEST(Programs, ServeOptionsAreCheckedBeforeTheHandOver) {
  // A bad option is refused by `lightind` itself (exit 2), as before the split.
  const auto r = run_cli("serve scenarios/dprk-2013.toml --port 70000");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--port"), std::string::npos) << r.output;
}

TEST(Programs, AMissingHelperIsNamed) {
  // A copy of lightind alone in a folder: `serve` cannot find lightind-serve and says so.
  const auto dir = cli_test::scratch_dir();
  std::filesystem::copy_file(LIGHTIND_CLI, dir / "lightind");
  const auto r = test_util::run_shell("'" + (dir / "lightind").string() + "' serve scenarios/dprk-2013.toml --port 0 2>&1");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("lightind: cannot start " + (dir / "lightind-serve").string() + ": No such file or directory"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace lightind
