// Tests of rejected scenarios: each error names the file, the line and the key, and the
// message says what was expected and what was found (src/scenario/).
#include <gtest/gtest.h>

#include "lightind/scenario.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

using scenario_test::expect_error;
using scenario_test::expect_file_error;
using scenario_test::kMiniScenario;
using scenario_test::line_of;
using scenario_test::message;
using scenario_test::replace;
using scenario_test::scratch_dir;
using scenario_test::write_file;

TEST(BadInput, TomlSyntaxError) {
  const std::string text = "[scenario]\nname = \"x\"\nstart = = \"2012-01\"\n";
  const ScenarioError e = expect_file_error(text, 3, "(syntax)");
  EXPECT_EQ(e.expected(), "valid TOML");
  EXPECT_FALSE(e.found().empty());
}

TEST(BadInput, UnknownKeySuggestsTheClosest) {
  const std::string text = replace(kMiniScenario, "labour_per_unit = 0.05", "labour_per_unt = 0.05");
  const ScenarioError e = expect_file_error(text, line_of(text, "labour_per_unt"), "sectors.food.labour_per_unt");
  EXPECT_NE(message(e).find("(did you mean \"labour_per_unit\"?)"), std::string::npos) << message(e);
}

TEST(BadInput, UnknownSectionSuggestsTheClosest) {
  const std::string text = kMiniScenario + "\n[housholds]\nscale = 10\n";
  const ScenarioError e = expect_file_error(text, line_of(text, "[housholds]"), "housholds");
  EXPECT_NE(message(e).find("did you mean \"households\""), std::string::npos) << message(e);
}

TEST(BadInput, WrongType) {
  const std::string text = replace(kMiniScenario, "population = 1000000", "population = \"lots\"");
  const ScenarioError e = expect_file_error(text, line_of(text, "\"lots\""), "regions.north.population");
  EXPECT_EQ(e.expected(), "a number");
  EXPECT_EQ(e.found(), "a string \"lots\"");
}

TEST(BadInput, NegativeInputCoefficient) {
  const std::string text = replace(kMiniScenario, "inputs = { steel = 0.2 }", "inputs = { steel = -0.2 }");
  const ScenarioError e = expect_file_error(text, line_of(text, "-0.2"), "sectors.steel.inputs.steel");
  EXPECT_EQ(e.expected(), "a number >= 0");
  EXPECT_EQ(e.found(), "-0.2");
}

TEST(BadInput, UnproductiveMatrixGivesTheRadius) {
  // A = [[0.5, 0.7], [0.6, 0.5]]: eigenvalues 0.5 +- sqrt(0.42), radius 1.148; steel's
  // column sums to 1.2, more than food's 1.1, so the error points at steel's inputs.
  std::string text =
      replace(kMiniScenario, "inputs = { food = 0.1, steel = 0.05 }", "inputs = { food = 0.5, steel = 0.6 }");
  text = replace(text, "inputs = { steel = 0.2 }", "inputs = { food = 0.7, steel = 0.5 }");
  const ScenarioError e = expect_file_error(text, line_of(text, "food = 0.7"), "sectors.inputs");
  EXPECT_EQ(e.expected(), "a productive input-output matrix (spectral radius < 1)");
  EXPECT_EQ(e.found(), "spectral radius 1.148");
  EXPECT_NE(message(e).find("spectral radius 1.148"), std::string::npos);
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

TEST(BadInput, EndBeforeStart) {
  const std::string text = replace(kMiniScenario, "end = \"2013-12\"", "end = \"2011-12\"");
  const ScenarioError e = expect_file_error(text, line_of(text, "end = "), "scenario.end");
  EXPECT_EQ(e.found(), "2011-12");
}

TEST(BadInput, SetOfAnUnknownKey) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const ScenarioError e =
      expect_error([&] { (void)load_scenario(path, {"households.scal=100"}); }, "--set", 0, "households.scal");
  EXPECT_NE(message(e).find("(did you mean \"households.scale\"?)"), std::string::npos) << message(e);
}

TEST(BadInput, SetOfAnUnknownId) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const ScenarioError e = expect_error([&] { (void)load_scenario(path, {"sectors.fod.labour_per_unit=1"}); }, "--set",
                                       0, "sectors.fod.labour_per_unit");
  EXPECT_NE(message(e).find("did you mean \"sectors.food.labour_per_unit\""), std::string::npos) << message(e);
}

TEST(BadInput, MalformedSet) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  expect_error([&] { (void)load_scenario(path, {"households.scale"}); }, "--set", 0, "households.scale");
}

TEST(BadInput, SetValueOfTheWrongTypeNamesTheSet) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const ScenarioError e =
      expect_error([&] { (void)load_scenario(path, {"households.scale=many"}); }, "--set", 0, "households.scale");
  EXPECT_EQ(e.found(), "a string \"many\"");
}

TEST(BadInput, EnterpriseInAnUndefinedRegion) {
  const std::string text = replace(kMiniScenario, "region = \"north\"", "region = \"west\"");
  const ScenarioError e = expect_file_error(text, line_of(text, "\"west\""), "enterprises.mill.region");
  EXPECT_EQ(e.expected(), "a defined region (one of: north, south)");
  EXPECT_EQ(e.found(), "\"west\"");
}

TEST(BadInput, DuplicateId) {
  const std::string text = kMiniScenario + "\n[[regions]]\nid = \"north\"\npopulation = 5\n";
  const ScenarioError e = expect_file_error(text, line_of(text, "population = 5") - 1, "regions.north.id");
  EXPECT_EQ(e.expected(), "a unique id");
}

TEST(BadInput, MissingRequiredKey) {
  const std::string text = replace(kMiniScenario, "capacity = 500\n", "");
  expect_file_error(text, line_of(text, "[[enterprises]]"), "enterprises.mill.capacity");
}

TEST(BadInput, InvestmentSharesMustSumToOne) {
  const std::string text = replace(kMiniScenario, "light = 0.4", "light = 0.3");
  const ScenarioError e = expect_file_error(text, line_of(text, "investment_share"), "policy.investment_share");
  EXPECT_EQ(e.found(), "a sum of 0.9");
}

TEST(BadInput, UnknownChoiceSuggestsTheClosest) {
  const std::string text = replace(kMiniScenario, "group = \"heavy\"", "group = \"heavvy\"");
  const ScenarioError e = expect_file_error(text, line_of(text, "heavvy"), "sectors.steel.group");
  EXPECT_NE(message(e).find("did you mean \"heavy\""), std::string::npos) << message(e);
}

TEST(BadInput, GeneratorWeightWithNoRegionWeight) {
  const std::string text = replace(kMiniScenario, "count = 10", "count = 10\nweight = \"sea\"");
  expect_file_error(text, line_of(text, "weight = \"sea\""), "generators.farms.weight");
}

TEST(BadInput, MissingFile) {
  const std::string path = (scratch_dir() / "absent.toml").string();
  expect_error([&] { (void)load_scenario(path); }, path, 0, "(file)");
}

TEST(BadInput, PlanMethodMustBeKnown) {
  const std::string text = kMiniScenario + "\n[plan]\nmethod = \"simplex\"\n";
  const ScenarioError e = expect_file_error(text, line_of(text, "\"simplex\""), "plan.method");
  EXPECT_EQ(e.expected(), "one of: proportional, lp");
  EXPECT_EQ(e.found(), "a string \"simplex\"");
}

TEST(BadInput, PlanKnobsOutOfRange) {
  const std::string text = kMiniScenario + "\n[plan]\nmethod = \"lp\"\ninvestment_floor = 1.5\n";
  const ScenarioError e = expect_file_error(text, line_of(text, "1.5"), "plan.investment_floor");
  EXPECT_EQ(e.expected(), "a number in [0, 1]");
  EXPECT_EQ(e.found(), "1.5");
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
