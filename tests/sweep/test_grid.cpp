// Grid expansion of `--set` lists and ranges, seeds and content hashes (src/sweep/grid.cpp).
#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "lightind/scenario.hpp"
#include "lightind/sweep.hpp"

namespace lightind::sweep {
namespace {

using V = std::vector<std::string>;

TEST(SweepGrid, IntegerRangeIncludesBothEnds) {
  const Axis a = parse_set("households.scale=1000:3000:1000");
  EXPECT_EQ(a.key, "households.scale");
  EXPECT_EQ(a.values, (V{"1000", "2000", "3000"}));
  EXPECT_TRUE(a.varies);
}

TEST(SweepGrid, FloatRangeRoundsToTheStep) {
  // 0.1 + 2 * 0.1 is 0.30000000000000004 in doubles; the grid says 0.3.
  EXPECT_EQ(parse_set("policy.x=0.1:0.3:0.1").values, (V{"0.1", "0.2", "0.3"}));
  // An end that the steps do not reach exactly is not passed.
  EXPECT_EQ(parse_set("k=0:1:0.4").values, (V{"0.0", "0.4", "0.8"}));
  // Floats stay floats for TOML: "2.0", not "2".
  EXPECT_EQ(parse_set("k=1.5:2:0.5").values, (V{"1.5", "2.0"}));
  EXPECT_EQ(parse_set("k=-1:1:1").values, (V{"-1", "0", "1"}));
  EXPECT_EQ(parse_set("k=2:2:1").values, (V{"2"}));
}

TEST(SweepGrid, ListsAndSingleValues) {
  EXPECT_EQ(parse_set("reform.start=2014-05, 2015-01").values, (V{"2014-05", "2015-01"}));
  const Axis one = parse_set("households.scale=2000");
  EXPECT_EQ(one.values, (V{"2000"}));
  EXPECT_FALSE(one.varies);
  // TOML arrays, inline tables and strings are never split at commas or colons.
  EXPECT_EQ(parse_set("k=[1, 2, 3]").values, (V{"[1, 2, 3]"}));
  EXPECT_EQ(parse_set("k=\"a,b:c\"").values, (V{"\"a,b:c\""}));
}

/// The message of the ScenarioError thrown by f, or "" when none is thrown.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepGrid, BadArgumentsNameKeyExpectedAndFound) {
  const std::string no_eq = error_of([] { (void)parse_set("households.scale"); });
  EXPECT_NE(no_eq.find("expected key=value, key=v1,v2,... or key=a:b:step"), std::string::npos) << no_eq;

  const std::string bad_step = error_of([] { (void)parse_set("households.scale=1:10:0"); });
  EXPECT_EQ(bad_step,
            "--set: households.scale: expected a range a:b:step of numbers with a <= b and step > 0, found step 0");

  const std::string reversed = error_of([] { (void)parse_set("k=5:1:1"); });
  EXPECT_NE(reversed.find("found a = 5 above b = 1"), std::string::npos) << reversed;

  const std::string not_number = error_of([] { (void)parse_set("k=1:x:1"); });
  EXPECT_EQ(not_number,
            "--set: k: expected a range a:b:step of numbers with a <= b and step > 0 (b is not a number), "
            "found \"x\"");

  const std::string two_parts = error_of([] { (void)parse_set("k=1:5"); });
  EXPECT_NE(two_parts.find("found \"1:5\""), std::string::npos) << two_parts;

  const std::string empty_item = error_of([] { (void)parse_set("k=1,,2"); });
  EXPECT_NE(empty_item.find("without empty values"), std::string::npos) << empty_item;

  const std::string repeated = error_of([] { (void)parse_set("k=1,2,1"); });
  EXPECT_NE(repeated.find("without repeated values"), std::string::npos) << repeated;

  const std::string huge = error_of([] { (void)parse_set("k=0:1:1e-9"); });
  EXPECT_NE(huge.find("a range of at most 100000 values"), std::string::npos) << huge;

  const std::string twice = error_of([] { (void)expand_grid({"k=1,2", "k=3"}); });
  EXPECT_EQ(twice, "--set: k: expected each key in one --set only, found it twice");
}

TEST(SweepGrid, ProductFirstSetSlowest) {
  const auto g = expand_grid({"b=1,2", "fixed=7", "a=0:1:1"});
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0].assignments, (V{"b=1", "fixed=7", "a=0"}));
  EXPECT_EQ(g[1].assignments, (V{"b=1", "fixed=7", "a=1"}));
  EXPECT_EQ(g[2].assignments, (V{"b=2", "fixed=7", "a=0"}));
  EXPECT_EQ(g[3].assignments, (V{"b=2", "fixed=7", "a=1"}));
  // The label names the varying keys in --set order; the canonical form sorts every key.
  EXPECT_EQ(g[3].label, "b=2;a=1");
  EXPECT_EQ(g[3].canonical, "a=1;b=2;fixed=7");
  EXPECT_EQ(g[3].index, 3);
  const auto none = expand_grid({});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].label, "default");
  EXPECT_EQ(none[0].canonical, "");
  EXPECT_NE(error_of([] {
              (void)expand_grid({"a=1:1000:1", "b=1:1000:1"});
            }).find("a grid of at most 100000 settings"),
            std::string::npos);
}

TEST(SweepGrid, SeedsAreSplitmix64Outputs) {
  // splitmix64 from state 0 gives e220a8397b1dcdaf, 6e789e6aa1b965f4, 06c45d188009454f
  // (the reference implementation's published first outputs); the seed drops the low bit.
  EXPECT_EQ(derive_seed(0, 0), 0xe220a8397b1dcdafULL >> 1);
  EXPECT_EQ(derive_seed(0, 1), 0x6e789e6aa1b965f4ULL >> 1);
  EXPECT_EQ(derive_seed(0, 2), 0x06c45d188009454fULL >> 1);
  EXPECT_EQ(derive_seed(1, 0), 5225608189600411232ULL);
  EXPECT_EQ(derive_seed(1, 1), 6878622605533214259ULL);
  EXPECT_LT(derive_seed(~0ULL, 5), 1ULL << 63);
}

TEST(SweepGrid, Fnv1aKnownValues) {
  // FNV-1a 64 test vectors (Fowler, Noll, Vo): "" and "a".
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(SweepGrid, ScenarioHashFollowsExtends) {
  const auto dir = cli_test::scratch_dir();
  cli_test::write_file(dir / "base.toml", "[scenario]\nname = \"base\"\n");
  cli_test::write_file(dir / "sub" / "child.toml", "extends = \"../base.toml\"\n[households]\nscale = 10.0\n");
  const std::string child = (dir / "sub" / "child.toml").string();
  const std::string h1 = scenario_hash(child);
  EXPECT_EQ(h1.size(), 16u);
  EXPECT_EQ(scenario_hash(child), h1);
  // The parent's text is part of the child's content.
  cli_test::write_file(dir / "base.toml", "[scenario]\nname = \"base2\"\n");
  EXPECT_NE(scenario_hash(child), h1);
  EXPECT_THROW((void)scenario_hash((dir / "missing.toml").string()), ScenarioError);
}

}  // namespace
}  // namespace lightind::sweep
