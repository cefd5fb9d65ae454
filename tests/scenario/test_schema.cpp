// The scenario schema as the one place of each key (issue 11, item 3): every default is
// written once (the field initializers of description.hpp, read through the schema's field
// bindings), the builder fills the Description from the schema lines, docs/SCENARIOS.md's
// key tables are generated from them, and the engine runs on its own copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "engine/economy.hpp"
#include "lightind/scenario.hpp"
#include "scenario/schema.hpp"
#include "scenario/schema_docs.hpp"
#include "scenario/tree.hpp"
#include "scenario_test_util.hpp"

namespace lightind {
namespace {

using detail::KeySpec;
using detail::Value;

/// A scenario with only the required keys, and one element of each array of tables:
/// everything else comes from the schema's defaults.
const std::string kRequiredOnly = scenario_test::fixture("required-only.toml");

/// The struct the keys of `section` fill in `d` (the first element of an array of tables).
const void* owner_of(const Description& d, std::string_view section) {
  if (section == "scenario") return &d;
  // The default groups' last (services: not industry, no role) holds the fields' initializers.
  if (section == "groups") return &d.groups.at(4);
  if (section == "sectors") return &d.sectors.at(0);
  if (section == "regions") return &d.regions.at(0);
  if (section == "enterprises") return &d.enterprises.at(0);
  if (section == "generators") return &d.generators.at(0);
  if (section == "households") return &d.households;
  if (section == "state") return &d.state;
  if (section == "world") return &d.world;
  if (section == "prices") return &d.prices;
  if (section == "policy" || section == "plan") return &d.policy;
  if (section == "policy.events") return &d.events.at(0);
  if (section == "reform") return &d.reform;
  if (section == "projects") return &d.projects.at(0);
  if (section == "guidance") return &d.guidance.at(0);
  if (section == "channels") return &d.channels.at(0);
  if (section == "fairs") return &d.fairs.at(0);
  if (section == "shocks") return &d.shocks.at(0);
  return nullptr;
}

/// A tree value as text, to compare and to print.
std::string text_of(const Value& v) {
  switch (v.kind) {
    case Value::Kind::floating:
      return detail::format_number(v.number);
    case Value::Kind::integer:
      return std::to_string(v.integer);
    case Value::Kind::boolean:
      return v.boolean ? "true" : "false";
    case Value::Kind::string:
      return detail::quoted(v.str);
    case Value::Kind::array: {
      std::string out = "[";
      for (const Value& item : v.items) out += text_of(item) + ",";
      return out + "]";
    }
    case Value::Kind::table: {
      std::string out = "{";
      for (const detail::Entry& e : v.entries) out += e.key + "=" + text_of(e.value) + ",";
      return out + "}";
    }
    default:
      return "?";
  }
}

std::string default_text(std::string_view section, std::string_view key) {
  const KeySpec* k = detail::find_key(section, key);
  if (!k || !k->field || !k->field.initial) return "(no field default)";
  return text_of(k->field.initial());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The description built from the schema alone (only required keys written) holds, in every
// field a key is bound to, that field's initializer: the single place the default is written.
TEST(Schema, DefaultDescriptionFromTheSchemaAloneHoldsEachFieldsInitializer) {
  const Description d = load_scenario_text(kRequiredOnly, "bare.toml");
  int checked = 0;
  for (const KeySpec& k : detail::keys()) {
    if (!k.has_default() || !k.dflt.empty()) continue;  // "=id", "{}", "[]": not a field's initializer
    if (k.section == "reforms") continue;  // the keys of [reform] again, checked there (the scenario has no [[reforms]])
    ASSERT_TRUE(k.field) << k.section << "." << k.key;
    const void* owner = owner_of(d, k.section);
    ASSERT_NE(owner, nullptr) << k.section;
    EXPECT_EQ(text_of(k.field.get(owner)), text_of(k.field.initial())) << k.section << "." << k.key;
    ++checked;
  }
  // Every key with a default but "=id", "{}" and "[]" takes it from a field initializer: the
  // scalars, the enums, `materials_priority` and the reform's `groups`; none is skipped.
  EXPECT_EQ(checked, 141);
  EXPECT_EQ(d.sectors[0].name, "food");  // "=id"
  EXPECT_EQ(d.channels[0].opens, d.start);
}

// regions.urban_share had 0.6 in the schema and 0.0 in the struct; it now has one default,
// the 0.6 every loaded scenario has used.
TEST(Schema, UrbanShareHasOneDefault) {
  EXPECT_EQ(RegionDesc{}.urban_share, 0.6);
  const KeySpec* k = detail::find_key("regions", "urban_share");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->dflt.empty());  // no second default in the schema line
  EXPECT_EQ(default_text("regions", "urban_share"), "0.6");
  const Description d = load_scenario_text(kRequiredOnly, "bare.toml");
  EXPECT_EQ(d.regions[0].urban_share, 0.6);
  const std::string table = *detail::scenario_key_table("regions");
  EXPECT_NE(table.find("| `urban_share` | number in [0, 1] | `0.6` |"), std::string::npos) << table;
}

// Defaults as they were before the schema and the struct became one (real values).
TEST(Schema, DefaultsKeepTheirValues) {
  EXPECT_EQ(default_text("households", "scale"), "1000");
  EXPECT_EQ(default_text("households", "consume_share"), "0.9");
  EXPECT_EQ(default_text("state", "state_wage"), "3000");
  EXPECT_EQ(default_text("world", "exchange_rate"), "100");
  EXPECT_EQ(default_text("scenario", "seed"), "1");
  EXPECT_EQ(default_text("sectors", "final_use"), "\"intermediate\"");
  EXPECT_EQ(default_text("sectors", "gestation_months"), "12");
  EXPECT_EQ(default_text("enterprises", "level"), "\"central\"");
  EXPECT_EQ(default_text("generators", "level"), "\"local\"");
  EXPECT_EQ(default_text("generators", "efficiency"), "0.6");
  EXPECT_EQ(default_text("plan", "method"), "\"proportional\"");
  EXPECT_EQ(default_text("reform", "start"), "(no field default)");  // required when enabled
  EXPECT_EQ(default_text("reform", "rights_date"), "(no field default)");  // absent: the start
  EXPECT_EQ(default_text("reform", "groups"), "[\"heavy\",\"light\",\"extraction\",]");
  EXPECT_EQ(default_text("policy", "materials_priority"), "[]");
  EXPECT_EQ(default_text("fairs", "participants"), "50");
  EXPECT_EQ(default_text("policy.events", "local_share"), "(no field default)");  // absent: unchanged
}

// A key bound to a field takes its default from the field only; the few keys without a field
// are the irregular ones that build.cpp fills by hand.
TEST(Schema, EachDefaultIsWrittenOnce) {
  const std::set<std::string> irregular = {
      "sectors.inputs",      "regions.endowments",       "enterprises.sector", "enterprises.region",
      "generators.sector",   "policy.events",            "policy.events.plan_targets",
      "projects.enterprise", "projects.kind",            "projects.gestation_months",
      "guidance.enterprise", "channels.enterprises",     "channels.opens",
      "fairs.sectors",       "shocks.sectors",           "shocks.regions",
      "sectors.group",       "aggregates.kind",          "aggregates.measure",
      "aggregates.groups",   "aggregates.sectors",       "aggregates.over_groups",
      "aggregates.over_sectors", "reforms.sectors",       "reforms.regions",
      "reforms.levels"};
  std::set<std::string> unbound;
  for (const KeySpec& k : detail::keys()) {
    const std::string name = std::string(k.section) + "." + std::string(k.key);
    if (!k.field) unbound.insert(name);
    if (k.field && k.field.initial && !k.required) {
      EXPECT_TRUE(k.dflt.empty() || k.dflt == "=id") << name << " has a default in the schema line and in its field";
    }
  }
  EXPECT_EQ(unbound, irregular);
}

TEST(Schema, EveryKeyHasOneLineOfDocumentation) {
  for (const KeySpec& k : detail::keys()) {
    EXPECT_FALSE(k.doc.empty()) << k.section << "." << k.key;
    EXPECT_EQ(k.doc.find('\n'), std::string_view::npos) << k.section << "." << k.key;
  }
}

// Every value a [[policy.events]] entry can change today is marked changeable where it lives.
TEST(Schema, ValuesEventsChangeAreMarkedChangeable) {
  // The short forms of the first scenarios' events are changeable keys of [policy] and
  // state.ration_food; every changeable key can be set by an event (a field in InForce).
  int found = 0;
  for (const char* key : {"investment_share", "local_share", "materials_priority", "materials_priority_share",
                          "defence_share", "light_efficiency_target", "restoration_speed", "ration_food"}) {
    const KeySpec* base = detail::event_short_form(key);
    ASSERT_NE(base, nullptr) << key;
    EXPECT_EQ(base->section, std::string_view(key) == "ration_food" ? "state" : "policy");
    EXPECT_TRUE(base->changeable) << base->section << "." << base->key;
    ++found;
  }
  EXPECT_EQ(found, 8);
  for (const KeySpec& k : detail::keys()) {
    if (k.changeable) {
      // A key of a table binds to its section, a key of each sector to that sector's element.
      EXPECT_TRUE(k.field && (k.field.bind || k.field.bind_at)) << k.section << "." << k.key;
      EXPECT_EQ(k.field.bind_at != nullptr, k.section == "sectors") << k.section << "." << k.key;
    }
  }
  EXPECT_EQ(detail::event_short_form("state_wage"), nullptr);
  EXPECT_FALSE(detail::find_key("scenario", "start")->changeable);
  EXPECT_FALSE(detail::find_key("sectors", "labour_per_unit")->changeable);
}

// docs/SCENARIOS.md's key tables are what the schema generates.
TEST(Schema, ScenarioDocumentMatchesTheSchema) {
  const std::string path = std::string(LIGHTIND_SOURCE_DIR) + "/docs/SCENARIOS.md";
  const std::string doc = read_file(path);
  ASSERT_FALSE(doc.empty()) << path;
  const std::string fresh = detail::scenario_keys_document(doc, path);
  if (fresh != doc) {
    std::istringstream a(doc), b(fresh);
    std::string la, lb;
    int line = 1;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++line;
    FAIL() << "docs/SCENARIOS.md differs from the schema at line " << line << ":\n  file:      " << la
           << "\n  generated: " << lb
           << "\nTo update it, run: ./build/release/lightind docs scenario-keys --update docs/SCENARIOS.md";
  }
}

TEST(Schema, GeneratedBlocksKeepTheProseAndRejectBrokenMarkers) {
  const detail::BlockMaker make = [](std::string_view name) -> std::optional<std::string> {
    if (name == "x") return std::string("new\n");
    return std::nullopt;
  };
  const std::string doc = "intro\n<!-- BEGIN generated: t x -->\nold\n<!-- END generated: t x -->\nafter\n";
  EXPECT_EQ(detail::replace_generated_blocks(doc, "t", make, "d.md"),
            "intro\n<!-- BEGIN generated: t x -->\nnew\n<!-- END generated: t x -->\nafter\n");
  try {
    (void)detail::replace_generated_blocks("a\n<!-- BEGIN generated: t x -->\nold\n", "t", make, "d.md");
    FAIL() << "no error for a block without its end";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("d.md:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("<!-- END generated: t x -->"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)detail::replace_generated_blocks("<!-- BEGIN generated: t y -->\n<!-- END generated: t y -->\n",
                                                      "t", make, "d.md"),
               std::runtime_error);
  try {
    (void)detail::scenario_keys_document("no tables\n", "S.md");
    FAIL() << "no error for a document without the tables";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("[scenario]"), std::string::npos) << e.what();
  }
}

// The engine runs on its own copy: changing the caller's description after the engine was
// made changes nothing in the run.
TEST(Schema, EngineRunsOnItsOwnCopyOfTheDescription) {
  const Description d = load_scenario_text(scenario_test::kMiniScenario, "mini.toml");
  detail::Economy reference(d, 7);
  auto scratch = std::make_unique<Description>(d);
  detail::Economy engine(*scratch, 7);
  scratch->households.food_need = 0.0;
  scratch->state.state_wage *= 10.0;
  scratch->sectors[0].labour_per_unit = 1.0;
  for (int m = 0; m < 6; ++m) {
    reference.step();
    engine.step();
  }
  EXPECT_EQ(engine.accounts().flows, reference.accounts().flows);
  EXPECT_GT(reference.population(), 0.0);
}

}  // namespace
}  // namespace lightind
