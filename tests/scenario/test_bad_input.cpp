// Tests of rejected scenarios: each error names the file, the line and the key, and the
// message says what was expected and what was found (src/scenario/).
#include <gtest/gtest.h>

#include "lightind/scenario.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

using namespace scenario_test;

TEST(BadInput, TomlSyntaxError) {
  const std::string text = "[scenario]\nname = \"x\"\nstart = = \"2012-01\"\n";
  const ScenarioError e = expect_file_error(text, 3, "(syntax)");
  EXPECT_EQ(e.expected(), "valid TOML");
  EXPECT_FALSE(e.found().empty());
}

// The cases of tests/scenario/rejections.toml that edit the mini scenario.
TEST(BadInput, EditsOfTheMiniScenario) {
  const std::vector<Rejection> cases = read_rejections("mini", kMiniScenario);
  EXPECT_EQ(cases.size(), 25u);
  for (const Rejection& r : cases) expect_rejection(r);
}

TEST(BadInput, MissingExtendsFile) {
  const auto dir = scratch_dir();
  const std::string child = "# a variant\nextends = \"nowhere.toml\"\n";
  const std::string path = write_file(dir, "child.toml", child);
  const ScenarioError e = expect_error([&] { (void)load_scenario(path); }, path, 2, "extends");
  EXPECT_NE(message(e).find("nowhere.toml"), std::string::npos) << message(e);
}

TEST(BadInput, ExtendsCycle) {
  const auto dir = scratch_dir();
  const std::string a = write_file(dir, "a.toml", "extends = \"b.toml\"\n");
  const std::string b = write_file(dir, "b.toml", "extends = \"a.toml\"\n");
  const ScenarioError e = expect_error([&] { (void)load_scenario(a); }, b, 0, "extends");
  EXPECT_NE(message(e).find(a + " -> " + b + " -> " + a), std::string::npos) << message(e);
}

TEST(BadInput, SetOfAnUnknownKey) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const ScenarioError e = expect_set_error(path, "households.scal=100", "households.scal");
  EXPECT_NE(message(e).find("(did you mean \"households.scale\"?)"), std::string::npos) << message(e);
}

TEST(BadInput, SetOfAnUnknownId) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const ScenarioError e = expect_set_error(path, "sectors.fod.labour_per_unit=1", "sectors.fod.labour_per_unit");
  EXPECT_NE(message(e).find("did you mean \"sectors.food.labour_per_unit\""), std::string::npos) << message(e);
}

// Issue 14 item 2: `--set reform.start=1977-06`, before the run, is an error at the --set.
TEST(BadInput, SetOfAReformStartBeforeTheRun) {
  const std::string path =
      write_file(scratch_dir(), "mini.toml", kMiniScenario + "\n[reform]\nenabled = true\nstart = \"2012-06\"\n");
  const ScenarioError e = expect_set_error(path, "reform.start=1977-06", "reform.start");
  EXPECT_EQ(e.expected(), "a month not before the run's start (2012-01)");
  EXPECT_EQ(e.found(), "1977-06");
  // Within the run it loads.
  EXPECT_EQ(load_scenario(path, {"reform.start=2013-02"}).reform.start, (YearMonth{2013, 2}));
}

TEST(BadInput, MalformedSet) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  expect_set_error(path, "households.scale", "households.scale");
}

TEST(BadInput, SetValueOfTheWrongTypeNamesTheSet) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const ScenarioError e = expect_set_error(path, "households.scale=many", "households.scale");
  EXPECT_EQ(e.found(), "a string \"many\"");
}

TEST(BadInput, MissingFile) {
  const std::string path = (scratch_dir() / "absent.toml").string();
  expect_error([&] { (void)load_scenario(path); }, path, 0, "(file)");
}

TEST(BadInput, PlanTargetsNeedAKnownSectorAndAnEnd) {
  const std::string event = "\n[[policy.events]]\nid = \"plan5\"\ndate = \"2013-01\"\n";
  std::string text = kMiniScenario + event + "plan_targets = { stel = 1.2 }\nplan_end = \"2013-12\"\n";
  ScenarioError e = expect_file_error(text, line_of(text, "stel = 1.2"), "policy.events.plan5.plan_targets.stel");
  EXPECT_NE(message(e).find("did you mean \"steel\""), std::string::npos) << message(e);
  text = kMiniScenario + event + "plan_targets = { steel = 1.2 }\n";
  e = expect_file_error(text, line_of(text, "steel = 1.2"), "policy.events.plan5.plan_targets");
  EXPECT_EQ(e.found(), "no plan_end");
}

}  // namespace
}  // namespace lightind
