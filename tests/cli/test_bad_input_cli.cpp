// Bad input through the program: exit code 2, a message naming file, line and key, and no
// output folder (issue 2's list, one test each).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using cli_test::run_cli;
using scenario_test::kMiniScenario;
using scenario_test::line_of;
using scenario_test::replace;

/// Runs `lightind run FILE --out DIR/out [extra]` and checks the rejection.
void expect_rejected(const fs::path& dir, const std::string& file, int line, const std::string& key,
                     const std::string& extra = {}) {
  const fs::path out = dir / "out";
  const cli_test::Result r = run_cli("run '" + file + "' --out '" + out.string() + "' " + extra);
  EXPECT_EQ(r.code, 2) << r.output;
  const std::string where = (line > 0 ? file + ":" + std::to_string(line) : file) + ": " + key + ": expected ";
  EXPECT_NE(r.output.find(where), std::string::npos) << "wanted \"" << where << "\" in:\n" << r.output;
  EXPECT_FALSE(fs::exists(out)) << "the output folder was created";
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find("out."), std::string::npos) << entry.path();
}

/// Writes `text` as bad.toml and expects `run` to reject it at `needle`'s line.
void expect_file_rejected(const std::string& text, const std::string& needle, const std::string& key,
                          const std::string& extra = {}) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string file = cli_test::write_file(dir / "bad.toml", text);
  expect_rejected(dir, file, needle.empty() ? 0 : line_of(text, needle), key, extra);
}

TEST(CliBadInput, TomlSyntaxError) {
  expect_file_rejected(replace(kMiniScenario, "seed = 7", "seed = = 7"), "seed = = 7", "(syntax)");
}

TEST(CliBadInput, UnknownKey) {
  const std::string text = replace(kMiniScenario, "labour_per_unit = 0.05", "labour_per_unt = 0.05");
  expect_file_rejected(text, "labour_per_unt", "sectors.food.labour_per_unt");
}

TEST(CliBadInput, WrongType) {
  expect_file_rejected(replace(kMiniScenario, "capacity = 500", "capacity = \"big\""), "capacity = \"big\"",
                       "enterprises.mill.capacity");
}

TEST(CliBadInput, NegativeCoefficient) {
  expect_file_rejected(replace(kMiniScenario, "inputs = { steel = 0.2 }", "inputs = { steel = -0.2 }"),
                       "inputs = { steel = -0.2 }", "sectors.steel.inputs.steel");
}

TEST(CliBadInput, UnproductiveMatrix) {
  const std::string text = replace(kMiniScenario, "inputs = { steel = 0.2 }", "inputs = { steel = 1.2 }");
  const fs::path dir = cli_test::scratch_dir();
  const std::string file = cli_test::write_file(dir / "bad.toml", text);
  expect_rejected(dir, file, line_of(text, "inputs = { steel = 1.2 }"), "sectors.inputs");
  const cli_test::Result r = run_cli("check '" + file + "'");
  EXPECT_NE(r.output.find("spectral radius 1.2"), std::string::npos) << r.output;
}

TEST(CliBadInput, MissingExtendsFile) {
  const std::string text = "extends = \"nowhere.toml\"\n[scenario]\nname = \"child\"\n";
  expect_file_rejected(text, "extends", "extends");
}

TEST(CliBadInput, ExtendsCycle) {
  const fs::path dir = cli_test::scratch_dir();
  cli_test::write_file(dir / "a.toml", "extends = \"b.toml\"\n");
  const std::string b = cli_test::write_file(dir / "b.toml", "extends = \"a.toml\"\n");
  const fs::path out = dir / "out";
  const cli_test::Result r = run_cli("run '" + (dir / "a.toml").string() + "' --out '" + out.string() + "'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("extends: expected "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a.toml"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("b.toml"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  (void)b;
}

TEST(CliBadInput, EndBeforeStart) {
  expect_file_rejected(replace(kMiniScenario, "end = \"2013-12\"", "end = \"2011-12\""), "end = \"2011-12\"",
                       "scenario.end");
}

TEST(CliBadInput, SetOfAnUnknownKey) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string file = cli_test::write_file(dir / "ok.toml", kMiniScenario);
  const fs::path out = dir / "out";
  const cli_test::Result r = run_cli("run '" + file + "' --out '" + out.string() + "' --set households.scal=10");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--set: households.scal: expected "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean \"households.scale\""), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(CliBadInput, EnterpriseInAnUndefinedRegion) {
  expect_file_rejected(replace(kMiniScenario, "region = \"north\"", "region = \"west\""), "region = \"west\"",
                       "enterprises.mill.region");
}

}  // namespace
}  // namespace lightind
