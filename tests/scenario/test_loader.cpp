// Tests of the scenario loader: values and defaults, `extends` merging, `--set`, and the
// "did you mean" helpers (src/scenario/).
#include <gtest/gtest.h>

#include "lightind/scenario.hpp"
#include "scenario/scenario_test_util.hpp"
#include "scenario/schema.hpp"

namespace lightind {
namespace {

using scenario_test::expect_each_word_maps;
using scenario_test::kMiniScenario;
using scenario_test::line_of;
using scenario_test::replace;
using scenario_test::scratch_dir;
using scenario_test::write_file;

TEST(Loader, SmallScenarioLoadsWithValuesAndDefaults) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const Description d = load_scenario(path);

  EXPECT_EQ(d.name, "mini");
  EXPECT_EQ(d.title, "");
  EXPECT_EQ(d.file, path);
  EXPECT_EQ(d.seed, 7u);
  EXPECT_EQ(d.start, (YearMonth{2012, 1}));
  EXPECT_EQ(d.end, (YearMonth{2013, 12}));
  EXPECT_EQ(d.months(), 24);
  EXPECT_DOUBLE_EQ(d.automation_saving, 0.5);

  ASSERT_EQ(d.n_sectors(), 2);
  const SectorDesc& food = d.sectors[0];
  EXPECT_EQ(food.id, "food");
  EXPECT_EQ(food.name, "food");  // defaults to the id
  EXPECT_EQ(food.group, default_group::agriculture);
  EXPECT_EQ(food.final_use, FinalUse::food);
  EXPECT_DOUBLE_EQ(food.labour_per_unit, 0.05);
  EXPECT_DOUBLE_EQ(food.capital_per_unit, 1.0);
  EXPECT_EQ(food.gestation_months, 12);
  EXPECT_DOUBLE_EQ(food.state_price, 1.0);
  EXPECT_DOUBLE_EQ(food.export_share, 0.0);
  EXPECT_EQ(d.sectors[1].name, "Steel");
  EXPECT_EQ(d.sectors[1].group, default_group::heavy);
  EXPECT_EQ(d.sectors[1].gestation_months, 24);

  // a[i*n + j] = sectors[j].inputs[sectors[i].id]
  ASSERT_EQ(d.a.size(), 4u);
  EXPECT_DOUBLE_EQ(d.a_at(0, 0), 0.1);   // food per unit of food
  EXPECT_DOUBLE_EQ(d.a_at(1, 0), 0.05);  // steel per unit of food
  EXPECT_DOUBLE_EQ(d.a_at(0, 1), 0.0);   // food per unit of steel
  EXPECT_DOUBLE_EQ(d.a_at(1, 1), 0.2);   // steel per unit of steel

  ASSERT_EQ(d.regions.size(), 2u);
  EXPECT_EQ(d.regions[0].name, "north");
  EXPECT_DOUBLE_EQ(d.regions[0].population, 1e6);
  EXPECT_DOUBLE_EQ(d.regions[0].urban_share, 0.6);  // default
  EXPECT_DOUBLE_EQ(d.regions[0].endowment[static_cast<size_t>(Endowment::forest)], 0.5);
  EXPECT_DOUBLE_EQ(d.regions[0].endowment[static_cast<size_t>(Endowment::sea)], 0.0);
  EXPECT_DOUBLE_EQ(d.regions[1].urban_share, 0.3);

  // The listed enterprise first, then the generated ones.
  ASSERT_EQ(d.enterprises.size(), 11u);
  const EnterpriseDesc& mill = d.enterprises[0];
  EXPECT_EQ(mill.id, "mill");
  EXPECT_EQ(mill.sector, 1);
  EXPECT_EQ(mill.region, 0);
  EXPECT_EQ(mill.level, Level::central);
  EXPECT_DOUBLE_EQ(mill.capacity, 500.0);
  EXPECT_DOUBLE_EQ(mill.efficiency, 0.7);
  EXPECT_EQ(mill.varieties, 1);
  EXPECT_FALSE(mill.generated);
  EXPECT_EQ(mill.source_line, line_of(kMiniScenario, "[[enterprises]]"));
  double generated_capacity = 0.0;
  for (size_t i = 1; i < d.enterprises.size(); ++i) {
    EXPECT_TRUE(d.enterprises[i].generated);
    EXPECT_EQ(d.enterprises[i].sector, 0);
    generated_capacity += d.enterprises[i].capacity;
  }
  EXPECT_NEAR(generated_capacity, 1000.0, 1e-9);

  ASSERT_EQ(d.generators.size(), 1u);
  EXPECT_EQ(d.generators[0].level, Level::local);
  EXPECT_EQ(d.generators[0].weight, "population");
  EXPECT_DOUBLE_EQ(d.generators[0].size_dispersion, 0.5);
  EXPECT_EQ(d.generators[0].source_line, line_of(kMiniScenario, "[[generators]]"));

  EXPECT_DOUBLE_EQ(d.households.scale, 1000.0);
  EXPECT_DOUBLE_EQ(d.households.variety_elasticity, 3.0);
  EXPECT_DOUBLE_EQ(d.state.state_wage, 3000.0);
  EXPECT_DOUBLE_EQ(d.state.surplus_remittance, 1.0);
  EXPECT_DOUBLE_EQ(d.world.exchange_rate, 100.0);
  EXPECT_DOUBLE_EQ(d.prices.stickiness, 0.5);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[static_cast<size_t>(default_group::heavy)], 0.6);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[static_cast<size_t>(default_group::light)], 0.4);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[static_cast<size_t>(default_group::services)], 0.0);
  EXPECT_EQ(d.policy.plan_method, "proportional");
}

TEST(Loader, TextLoadsLikeAFileAndSeedOverrideChangesTheDraws) {
  const Description a = load_scenario_text(kMiniScenario, "mini.toml");
  const Description b = load_scenario_text(kMiniScenario, "mini.toml");
  const Description c = load_scenario_text(kMiniScenario, "mini.toml", {}, 99);
  EXPECT_EQ(a.file, "mini.toml");
  ASSERT_EQ(a.enterprises.size(), c.enterprises.size());
  bool differs = false;
  for (size_t i = 0; i < a.enterprises.size(); ++i) {
    EXPECT_EQ(a.enterprises[i].capacity, b.enterprises[i].capacity);
    differs = differs || a.enterprises[i].capacity != c.enterprises[i].capacity;
  }
  EXPECT_TRUE(differs);
}

TEST(Loader, ExtendsMergesChildOverParent) {
  const auto dir = scratch_dir();
  write_file(dir, "base.toml", kMiniScenario);
  const std::string child = R"(# A variant of mini.
extends = "../base.toml"

[scenario]
name = "child"

[[sectors]]
id = "food"
labour_per_unit = 0.02

[[sectors]]
id = "textiles"
group = "light"
final_use = "consumer"
inputs = { food = 0.1 }

[households]
scale = 50
)";
  const Description d = load_scenario(write_file(dir, "variants/child.toml", child));
  EXPECT_EQ(d.name, "child");
  EXPECT_EQ(d.start, (YearMonth{2012, 1}));  // kept from the parent
  EXPECT_EQ(d.seed, 7u);
  ASSERT_EQ(d.n_sectors(), 3);
  EXPECT_EQ(d.sectors[0].id, "food");
  EXPECT_EQ(d.sectors[1].id, "steel");
  EXPECT_EQ(d.sectors[2].id, "textiles");
  EXPECT_DOUBLE_EQ(d.sectors[0].labour_per_unit, 0.02);  // overridden
  EXPECT_EQ(d.sectors[0].group, default_group::agriculture);     // the other keys kept
  EXPECT_EQ(d.sectors[0].final_use, FinalUse::food);
  EXPECT_DOUBLE_EQ(d.a_at(0, 0), 0.1);  // food's inputs kept
  EXPECT_DOUBLE_EQ(d.a_at(1, 1), 0.2);
  EXPECT_DOUBLE_EQ(d.a_at(0, 2), 0.1);  // the new sector's inputs
  EXPECT_EQ(d.sectors[2].final_use, FinalUse::consumer);
  EXPECT_DOUBLE_EQ(d.households.scale, 50.0);
  EXPECT_EQ(d.regions.size(), 2u);
  EXPECT_EQ(d.enterprises[0].id, "mill");
}

TEST(Loader, ErrorsNameTheFileThatWroteTheValue) {
  const auto dir = scratch_dir();
  // The parent's bad value is reported in the parent, the child's in the child.
  const std::string base = replace(kMiniScenario, "urban_share = 0.3", "urban_share = 1.3");
  const std::string base_path = write_file(dir, "base.toml", base);
  const std::string child = "extends = \"base.toml\"\n\n[[sectors]]\nid = \"food\"\nlabour_per_unit = -1\n";
  const std::string child_path = write_file(dir, "child.toml", child);
  try {
    (void)load_scenario(child_path);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), child_path);
    EXPECT_EQ(e.line(), 5);
    EXPECT_EQ(e.key(), "sectors.food.labour_per_unit");
  }
  const std::string child_ok = "extends = \"base.toml\"\n\n[[sectors]]\nid = \"food\"\nlabour_per_unit = 1\n";
  try {
    (void)load_scenario(write_file(dir, "child_ok.toml", child_ok));
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), base_path);
    EXPECT_EQ(e.line(), line_of(base, "urban_share = 1.3"));
    EXPECT_EQ(e.key(), "regions.south.urban_share");
  }
}

TEST(Loader, SetOverridesNestedKeysAndIdAddressedElements) {
  const std::string path = write_file(scratch_dir(), "mini.toml", kMiniScenario);
  const Description d = load_scenario(
      path, {"households.scale=100", "sectors.food.labour_per_unit=0.02", "policy.investment_share.heavy=0.5",
             "policy.investment_share.light=0.5", "scenario.end=2020-12", "sectors.steel.inputs.food=0.03",
             "scenario.title = \"A title\"", "regions.south.name=Southern"});
  EXPECT_DOUBLE_EQ(d.households.scale, 100.0);  // absent in the file: had a default
  EXPECT_DOUBLE_EQ(d.sectors[0].labour_per_unit, 0.02);
  EXPECT_EQ(d.sectors[0].group, default_group::agriculture);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[static_cast<size_t>(default_group::heavy)], 0.5);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[static_cast<size_t>(default_group::light)], 0.5);
  EXPECT_EQ(d.end, (YearMonth{2020, 12}));
  EXPECT_DOUBLE_EQ(d.a_at(0, 1), 0.03);
  EXPECT_DOUBLE_EQ(d.a_at(1, 1), 0.2);  // the other input kept
  EXPECT_EQ(d.title, "A title");
  EXPECT_EQ(d.regions[1].name, "Southern");
}

TEST(Loader, SetsApplyInOrderAfterMerging) {
  const auto dir = scratch_dir();
  write_file(dir, "base.toml", kMiniScenario);
  const std::string child = "extends = \"base.toml\"\n[households]\nscale = 10\n";
  const Description d =
      load_scenario(write_file(dir, "child.toml", child), {"households.scale=20", "households.scale=30"});
  EXPECT_DOUBLE_EQ(d.households.scale, 30.0);
}

TEST(Loader, EveryWordOfTheSchemaMapsToItsEnumerator) {
  expect_each_word_maps(kMiniScenario, "sectors", "final_use", "sectors.steel.final_use=", "",
                        [](const Description& d) { return to_string(d.sectors[1].final_use); });
  // sectors.group names a [[groups]] id (tests/scenario/test_groups.cpp), not an enum word.
  expect_each_word_maps(kMiniScenario, "enterprises", "level", "enterprises.mill.level=", "",
                        [](const Description& d) { return to_string(d.enterprises[0].level); });
  for (const std::string& w : detail::words(detail::find_key("regions", "endowments")->choices)) {
    const Description d = load_scenario_text(kMiniScenario, "mini.toml", {"regions.south.endowments." + w + "=0.25"});
    double sum = 0.0;
    for (int e = 0; e < kEndowmentCount; ++e) {
      const double x = d.regions[1].endowment[static_cast<size_t>(e)];
      sum += x;
      if (x > 0) {
        EXPECT_EQ(to_string(static_cast<Endowment>(e)), w);
      }
    }
    EXPECT_DOUBLE_EQ(sum, 0.25);
  }
}

TEST(Loader, FuzzSeedLoads) {
  // The fuzzer's seed sets every key once; it must stay valid as the schema changes.
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/fuzz/seeds/minimal.toml");
  EXPECT_EQ(d.name, "seed");
  EXPECT_EQ(d.end, (YearMonth{2013, 6}));  // a TOML local date gives its year and month
}

TEST(Loader, EditDistanceHandComputed) {
  EXPECT_EQ(edit_distance("", ""), 0);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("abc", ""), 3);
  EXPECT_EQ(edit_distance("abc", "abc"), 0);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);  // k->s, e->i, +g
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2);       // -f, +n
  EXPECT_EQ(edit_distance("labour_per_unt", "labour_per_unit"), 1);
  EXPECT_EQ(edit_distance("ab", "ba"), 2);  // Levenshtein, not Damerau: a swap is two edits
}

TEST(Loader, ClosestHandComputed) {
  const std::vector<std::string> keys = {"labour_per_unit", "capital_per_unit", "population"};
  EXPECT_EQ(closest("labour_per_unt", keys), "labour_per_unit");
  EXPECT_EQ(closest("populaton", keys), "population");
  EXPECT_EQ(closest("xyz", keys), "");
  EXPECT_EQ(closest("anything", {}), "");
  // Limit max(2, |word| / 3): "abcdefghi" (9 letters) allows 3 edits, not 4.
  EXPECT_EQ(closest("abcdefghi", {"abcdefxyz"}), "abcdefxyz");
  EXPECT_EQ(closest("abcdefghi", {"abcdewxyz"}), "");
  // Short words still allow 2 edits.
  EXPECT_EQ(closest("se", {"sea"}), "sea");
  EXPECT_EQ(closest("ab", {"xy"}), "xy");
  // Ties go to the first candidate.
  EXPECT_EQ(closest("cat", {"bat", "hat"}), "bat");
}

}  // namespace
}  // namespace lightind
