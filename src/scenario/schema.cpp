// lightind: the schema of scenario files, one line per section and per key
// (docs/SCENARIOS.md is the prose version of these tables; keep the two in step).
#include "scenario/schema.hpp"

#include <algorithm>
#include <array>

#include "lightind/description.hpp"

#include "scenario/tree.hpp"

namespace lightind::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kIntMax = static_cast<double>(std::numeric_limits<int>::max());

constexpr Range any() { return {}; }
constexpr Range ge(double lo) { return {lo, kInf, false, false}; }
constexpr Range gt(double lo) { return {lo, kInf, true, false}; }
constexpr Range closed(double lo, double hi) { return {lo, hi, false, false}; }
constexpr Range left_open(double lo, double hi) { return {lo, hi, true, false}; }
constexpr Range unit() { return closed(0, 1); }
constexpr Range int_ge(double lo) { return closed(lo, kIntMax); }

/// The words of an enum of description.hpp, from its `to_string`, in enumerator order
/// ("heavy light ..."): the schema accepts exactly the values the Description can hold.
template <class E>
std::string enum_words() {
  std::string out;
  std::vector<std::string_view> seen;
  for (int i = 0; i < 256; ++i) {
    const std::string_view w = to_string(static_cast<E>(i));
    if (w == "?" || std::find(seen.begin(), seen.end(), w) != seen.end()) break;
    seen.push_back(w);
    out += (out.empty() ? "" : " ") + std::string(w);
  }
  return out;
}

const std::string kGroups = enum_words<Group>();          // heavy light agriculture extraction services
const std::string kUses = enum_words<FinalUse>();         // food consumer capital public intermediate
const std::string kLevels = enum_words<Level>();          // central local
const std::string kEndowments = enum_words<Endowment>();  // forest sea grain minerals
const std::string kWeights = "population urban rural " + kEndowments;
const std::string kChannels = enum_words<ChannelKind>();  // state_shop department_store wholesale_shop market
const std::string kShocks = enum_words<ShockKind>();      // export_ban import_cap border_closure disaster

// Upper bounds the prose schema does not state; they keep the generator and the
// apportionment of regions' weights within sane magnitudes (no overflow, bounded memory).
constexpr double kMaxPopulation = 1e12;      // persons in one region
constexpr double kMaxGenerated = 1'000'000;  // enterprises from one generator
constexpr double kMaxSizeDispersion = 10;    // sigma of log size
// A household has at least one person; at 1e-300 persons a region held 1e306 households
// and the employment written was 1e306. 100 persons is beyond any census household.
constexpr double kMinHousehold = 1, kMaxHousehold = 100;
// The plan LP's cost of a unit short of a target, against costs near 1 for the rest: beyond
// 1e6 the LP's costs span more than the simplex's tolerances resolve, and from 1e17 CLP
// aborted the process (src/planner/lp_clp.hpp kMaxClpMagnitude).
constexpr double kMaxTargetWeight = 1e6;

// clang-format off
const std::array kSections = {
  //          name           shape             required  min  singular
  SectionSpec{"scenario",    Shape::table,     true,     0,   ""},
  SectionSpec{"sectors",     Shape::id_array,  true,     1,   "sector"},
  SectionSpec{"regions",     Shape::id_array,  true,     1,   "region"},
  SectionSpec{"enterprises", Shape::id_array,  false,    0,   "enterprise"},
  SectionSpec{"generators",  Shape::id_array,  false,    0,   "generator"},
  SectionSpec{"households",  Shape::table,     false,    0,   ""},
  SectionSpec{"state",       Shape::table,     false,    0,   ""},
  SectionSpec{"world",       Shape::table,     false,    0,   ""},
  SectionSpec{"prices",      Shape::table,     false,    0,   ""},
  SectionSpec{"policy",      Shape::table,     true,     0,   ""},
  SectionSpec{"policy.events", Shape::id_array, false,   0,   "policy event"},
  SectionSpec{"plan",        Shape::table,     false,    0,   ""},
  SectionSpec{"reform",      Shape::table,     false,    0,   ""},
  SectionSpec{"projects",    Shape::id_array,  false,    0,   "project"},
  SectionSpec{"guidance",    Shape::id_array,  false,    0,   "guidance visit"},
  SectionSpec{"channels",    Shape::id_array,  false,    0,   "channel"},
  SectionSpec{"fairs",       Shape::id_array,  false,    0,   "fair"},
  SectionSpec{"shocks",      Shape::id_array,  false,    0,   "shock"},
};

const std::array kKeys = {
  //      section        key                     type                 range                     default            required choices      ref        check
  KeySpec{"scenario",    "name",                 Type::string,        any(),                    "",                true},
  KeySpec{"scenario",    "title",                Type::string,        any(),                    "\"\""},
  KeySpec{"scenario",    "start",                Type::month,         any(),                    "",                true},
  KeySpec{"scenario",    "end",                  Type::month,         any(),                    "",                true,    "",          "",        Check::not_before, "start"},
  KeySpec{"scenario",    "seed",                 Type::integer,       ge(0),                    "1"},
  KeySpec{"scenario",    "spin_up_months",       Type::integer,       int_ge(0),                "0"},
  KeySpec{"scenario",    "automation_saving",    Type::number,        unit(),                   "0.5"},

  KeySpec{"sectors",     "id",                   Type::id,            any(),                    "",                true,    "",          "",        Check::sector_pattern},
  KeySpec{"sectors",     "name",                 Type::string,        any(),                    "=id"},
  KeySpec{"sectors",     "group",                Type::choice,        any(),                    "",                true,    kGroups},
  KeySpec{"sectors",     "final_use",            Type::choice,        any(),                    "\"intermediate\"", false,  kUses},
  KeySpec{"sectors",     "labour_per_unit",      Type::number,        ge(0),                    "0"},
  KeySpec{"sectors",     "capital_per_unit",     Type::number,        gt(0),                    "1"},
  KeySpec{"sectors",     "gestation_months",     Type::integer,       int_ge(0),                "12"},
  KeySpec{"sectors",     "depreciation",         Type::number,        unit(),                   "0"},
  KeySpec{"sectors",     "state_price",          Type::number,        gt(0),                    "1"},
  KeySpec{"sectors",     "import_per_unit",      Type::number,        ge(0),                    "0"},
  KeySpec{"sectors",     "export_share",         Type::number,        unit(),                   "0"},
  KeySpec{"sectors",     "export_price",         Type::number,        ge(0),                    "0"},
  KeySpec{"sectors",     "initial_stock_months", Type::number,        ge(0),                    "0"},
  KeySpec{"sectors",     "inputs",               Type::number_table,  ge(0),                    "{}",              false,   "",          "sectors"},

  KeySpec{"regions",     "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"regions",     "name",                 Type::string,        any(),                    "=id"},
  KeySpec{"regions",     "population",           Type::number,        left_open(0, kMaxPopulation), "",            true},
  KeySpec{"regions",     "urban_share",          Type::number,        unit(),                   "0.6"},
  KeySpec{"regions",     "endowments",           Type::number_table,  unit(),                   "{}",              false,   kEndowments},

  KeySpec{"enterprises", "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"enterprises", "name",                 Type::string,        any(),                    "=id"},
  KeySpec{"enterprises", "brand",                Type::string,        any(),                    "\"\""},
  KeySpec{"enterprises", "sector",               Type::ref,           any(),                    "",                true,    "",          "sectors"},
  KeySpec{"enterprises", "region",               Type::ref,           any(),                    "",                true,    "",          "regions"},
  KeySpec{"enterprises", "level",                Type::choice,        any(),                    "\"central\"",     false,   kLevels},
  KeySpec{"enterprises", "capacity",             Type::number,        gt(0),                    "",                true},
  KeySpec{"enterprises", "efficiency",           Type::number,        left_open(0, 1),          "0.7"},
  KeySpec{"enterprises", "automation",           Type::number,        unit(),                   "0"},
  KeySpec{"enterprises", "quality",              Type::number,        gt(0),                    "1"},
  KeySpec{"enterprises", "varieties",            Type::integer,       int_ge(1),                "1"},
  KeySpec{"enterprises", "reputation",           Type::number,        gt(0),                    "1"},
  KeySpec{"enterprises", "reform",               Type::boolean,       any(),                    "true"},

  KeySpec{"generators",  "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"generators",  "sector",               Type::ref,           any(),                    "",                true,    "",          "sectors"},
  KeySpec{"generators",  "level",                Type::choice,        any(),                    "\"local\"",       false,   kLevels},
  KeySpec{"generators",  "count",                Type::integer,       closed(1, kMaxGenerated), "",                true},
  KeySpec{"generators",  "capacity",             Type::number,        gt(0),                    "",                true},
  KeySpec{"generators",  "weight",               Type::choice,        any(),                    "\"population\"",  false,   kWeights},
  KeySpec{"generators",  "size_dispersion",      Type::number,        closed(0, kMaxSizeDispersion), "0.5"},
  KeySpec{"generators",  "efficiency",           Type::number,        left_open(0, 1),          "0.6"},
  KeySpec{"generators",  "automation",           Type::number,        unit(),                   "0"},
  KeySpec{"generators",  "quality",              Type::number,        gt(0),                    "1"},
  KeySpec{"generators",  "varieties",            Type::integer,       int_ge(1),                "1"},

  KeySpec{"households",  "scale",                Type::number,        ge(1),                    "1000"},
  KeySpec{"households",  "household_size",       Type::number,        closed(kMinHousehold, kMaxHousehold), "4"},
  KeySpec{"households",  "subsistence",          Type::number,        ge(0),                    "0"},
  KeySpec{"households",  "food_need",            Type::number,        ge(0),                    "1"},
  KeySpec{"households",  "consume_share",        Type::number,        left_open(0, 1),          "0.9"},
  KeySpec{"households",  "income_dispersion",    Type::number,        ge(0),                    "0.3"},
  KeySpec{"households",  "income_shock",         Type::number,        ge(0),                    "0.05"},
  KeySpec{"households",  "variety_elasticity",   Type::number,        gt(1),                    "3"},
  KeySpec{"households",  "workers_per_household", Type::number,       ge(0),                    "1.6"},
  KeySpec{"households",  "initial_cash_months",  Type::number,        ge(0),                    "1"},
  KeySpec{"households",  "plot_food",            Type::number,        ge(0),                    "0"},
  KeySpec{"households",  "trader_share",         Type::number,        unit(),                   "0"},

  KeySpec{"state",       "state_wage",           Type::number,        ge(0),                    "3000"},
  KeySpec{"state",       "ration_food",          Type::number,        ge(0),                    "0"},
  KeySpec{"state",       "retail_markup",        Type::number,        ge(0),                    "0"},
  KeySpec{"state",       "surplus_remittance",   Type::number,        unit(),                   "1"},
  KeySpec{"state",       "public_employment",    Type::number,        closed(0, 0.99),          "0"},
  KeySpec{"state",       "surplus_to_wages",     Type::number,        unit(),                   "0"},
  KeySpec{"state",       "shop_share",           Type::number,        unit(),                   "1"},
  KeySpec{"state",       "labour_reallocation",  Type::number,        unit(),                   "0.1"},

  KeySpec{"world",       "fx_reserves",          Type::number,        ge(0),                    "0"},
  KeySpec{"world",       "exchange_rate",        Type::number,        gt(0),                    "100"},
  KeySpec{"world",       "import_share_of_fx",   Type::number,        unit(),                   "1"},
  KeySpec{"world",       "other_fx_income",      Type::number,        ge(0),                    "0"},
  KeySpec{"world",       "import_substitution",  Type::number,        unit(),                   "0"},
  KeySpec{"world",       "reserve_months",       Type::number,        ge(0),                    "12"},
  KeySpec{"world",       "capital_import_price", Type::number,        ge(0),                    "0"},
  KeySpec{"world",       "consumer_imports",     Type::number,        ge(0),                    "0"},

  KeySpec{"prices",      "market_premium",       Type::number,        gt(0),                    "1"},
  KeySpec{"prices",      "market_margin",        Type::number,        unit(),                   "0"},
  KeySpec{"prices",      "adjustment",           Type::number,        ge(0),                    "0.1"},
  KeySpec{"prices",      "stickiness",           Type::number,        unit(),                   "0.5"},

  KeySpec{"policy",      "investment_share",     Type::number_table,  unit(),                   "",                true,    kGroups,     "",        Check::sum_to_one},
  KeySpec{"policy",      "local_share",          Type::number,        unit(),                   "0"},
  KeySpec{"policy",      "materials_priority",   Type::list,          any(),                    "[]",              false,   kGroups},
  KeySpec{"policy",      "materials_priority_share", Type::number,    unit(),                   "1"},
  KeySpec{"policy",      "brand_spillover",      Type::number,        unit(),                   "0"},
  KeySpec{"policy",      "defence_share",        Type::number,        unit(),                   "0"},
  KeySpec{"policy",      "local_endowment_use",  Type::number,        unit(),                   "0"},
  KeySpec{"policy",      "light_efficiency_target", Type::number,     unit(),                   "0"},
  KeySpec{"policy",      "restoration_speed",    Type::number,        unit(),                   "0"},
  KeySpec{"policy",      "events",               Type::section,       any(),                    "[]",              false,   "",          "policy.events"},

  // Absent keys of an event leave the policy as it was: no defaults (std::optional).
  KeySpec{"policy.events", "id",                 Type::id,            any(),                    "",                true},
  KeySpec{"policy.events", "date",               Type::month,         any(),                    "",                true},
  KeySpec{"policy.events", "text",               Type::string,        any(),                    "\"\""},
  KeySpec{"policy.events", "investment_share",   Type::number_table,  unit(),                   "",                false,   kGroups,     "",        Check::sum_to_one},
  KeySpec{"policy.events", "local_share",        Type::number,        unit()},
  KeySpec{"policy.events", "materials_priority", Type::list,          any(),                    "",                false,   kGroups},
  KeySpec{"policy.events", "materials_priority_share", Type::number,  unit()},
  KeySpec{"policy.events", "defence_share",      Type::number,        unit()},
  KeySpec{"policy.events", "light_efficiency_target", Type::number,   unit()},
  KeySpec{"policy.events", "restoration_speed",  Type::number,        unit()},
  KeySpec{"policy.events", "ration_food",        Type::number,        ge(0)},
  KeySpec{"policy.events", "plan_targets",       Type::number_table,  ge(0),                    "",                false,   "",          "sectors"},
  KeySpec{"policy.events", "plan_end",           Type::month,         any(),                    "",                false,   "",          "",        Check::not_before, "date"},

  KeySpec{"plan",        "method",               Type::choice,        any(),                    "\"proportional\"", false,  "proportional lp"},
  KeySpec{"plan",        "investment_floor",     Type::number,        unit(),                   "0.2"},
  KeySpec{"plan",        "max_expansion",        Type::number,        ge(0),                    "0.25"},
  KeySpec{"plan",        "target_weight",        Type::number,        closed(0, kMaxTargetWeight), "10"},

  KeySpec{"reform",      "enabled",              Type::boolean,       any(),                    "false"},
  KeySpec{"reform",      "start",                Type::month,         any(),                    "\"2013-04\""},
  KeySpec{"reform",      "phase_in_months",      Type::integer,       int_ge(0),                "24"},
  KeySpec{"reform",      "groups",               Type::list,          any(),                    R"(["heavy", "light", "extraction"])", false, kGroups},
  KeySpec{"reform",      "state_order_share",    Type::number,        unit(),                   "0.5"},
  KeySpec{"reform",      "profit_levy",          Type::number,        unit(),                   "0.3"},
  KeySpec{"reform",      "wage_fund_share",      Type::number,        unit(),                   "0.5"},
  KeySpec{"reform",      "development_share",    Type::number,        unit(),                   "0.2",             false,   "",          "",        Check::sum_at_most_one, "wage_fund_share"},
  KeySpec{"reform",      "incentive_efficiency", Type::number,        unit(),                   "0.2"},
  KeySpec{"reform",      "incentive_scale",      Type::number,        gt(0),                    "10"},
  KeySpec{"reform",      "efficiency_response",  Type::number,        unit(),                   "0.05"},
  KeySpec{"reform",      "rights_date",          Type::month,         any(),                    "\"2014-05\""},
  KeySpec{"reform",      "product_development",  Type::boolean,       any(),                    "true"},
  KeySpec{"reform",      "quality_management",   Type::boolean,       any(),                    "true"},
  KeySpec{"reform",      "talent_management",    Type::boolean,       any(),                    "true"},
  KeySpec{"reform",      "variety_cost",         Type::number,        gt(0),                    "0.05"},
  KeySpec{"reform",      "quality_cost",         Type::number,        gt(0),                    "0.05"},
  KeySpec{"reform",      "talent_reallocation",  Type::number,        unit(),                   "0.3"},
  KeySpec{"reform",      "development_share_max", Type::number,       unit(),                   "0.5"},

  // gestation_months absent: the sector's lag; capacity 0 for a new build: the listed capacity.
  KeySpec{"projects",    "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"projects",    "enterprise",           Type::ref,           any(),                    "",                true,    "",          "enterprises"},
  KeySpec{"projects",    "kind",                 Type::choice,        any(),                    "",                true,    "new rebuild"},
  KeySpec{"projects",    "start",                Type::month,         any(),                    "",                true},
  KeySpec{"projects",    "gestation_months",     Type::integer,       int_ge(0)},
  KeySpec{"projects",    "cost",                 Type::number,        ge(0),                    "",                true},
  KeySpec{"projects",    "capacity",             Type::number,        ge(0),                    "0"},
  KeySpec{"projects",    "automation",           Type::number,        unit()},
  KeySpec{"projects",    "quality",              Type::number,        gt(0)},
  KeySpec{"projects",    "efficiency",           Type::number,        left_open(0, 1)},
  KeySpec{"projects",    "varieties",            Type::integer,       int_ge(0),                "0"},
  KeySpec{"projects",    "ramp_months",          Type::integer,       int_ge(0),                "6"},

  KeySpec{"guidance",    "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"guidance",    "date",                 Type::month,         any(),                    "",                true},
  KeySpec{"guidance",    "enterprise",           Type::ref,           any(),                    "",                true,    "",          "enterprises"},
  KeySpec{"guidance",    "efficiency_boost",     Type::number,        unit(),                   "0.1"},
  KeySpec{"guidance",    "half_life_months",     Type::number,        gt(0),                    "12"},
  KeySpec{"guidance",    "resources",            Type::number,        ge(0),                    "0"},
  KeySpec{"guidance",    "reputation_boost",     Type::number,        ge(0),                    "0.05"},

  // opens absent: the scenario's start.
  KeySpec{"channels",    "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"channels",    "name",                 Type::string,        any(),                    "=id"},
  KeySpec{"channels",    "kind",                 Type::choice,        any(),                    "",                true,    kChannels},
  KeySpec{"channels",    "margin",               Type::number,        unit(),                   "0"},
  KeySpec{"channels",    "enterprises",          Type::list,          any(),                    "[]",              false,   "",          "enterprises"},
  KeySpec{"channels",    "share",                Type::number,        unit(),                   "0"},
  KeySpec{"channels",    "opens",                Type::month},

  KeySpec{"fairs",       "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"fairs",       "date",                 Type::month,         any(),                    "",                true},
  KeySpec{"fairs",       "sectors",              Type::list,          any(),                    "[]",              false,   "",          "sectors"},
  KeySpec{"fairs",       "participants",         Type::integer,       int_ge(1),                "50"},
  KeySpec{"fairs",       "winners_share",        Type::number,        unit(),                   "0.2"},
  KeySpec{"fairs",       "reputation_gain",      Type::number,        ge(0),                    "0.2"},
  KeySpec{"fairs",       "development_push",     Type::number,        unit(),                   "0.05"},

  // end absent: permanent.
  KeySpec{"shocks",      "id",                   Type::id,            any(),                    "",                true},
  KeySpec{"shocks",      "kind",                 Type::choice,        any(),                    "",                true,    kShocks},
  KeySpec{"shocks",      "start",                Type::month,         any(),                    "",                true},
  KeySpec{"shocks",      "end",                  Type::month,         any(),                    "",                false,   "",          "",        Check::not_before, "start"},
  KeySpec{"shocks",      "sectors",              Type::list,          any(),                    "[]",              false,   "",          "sectors"},
  KeySpec{"shocks",      "severity",             Type::number,        unit(),                   "1"},
  KeySpec{"shocks",      "reopen_months",        Type::integer,       int_ge(0),                "0"},
  KeySpec{"shocks",      "regions",              Type::list,          any(),                    "[]",              false,   "",          "regions"},
  KeySpec{"shocks",      "capacity_loss",        Type::number,        unit(),                   "0"},
  KeySpec{"shocks",      "crop_loss",            Type::number,        unit(),                   "0"},
};
// clang-format on

}  // namespace

std::span<const SectionSpec> sections() { return kSections; }
std::span<const KeySpec> keys() { return kKeys; }

const SectionSpec* find_section(std::string_view name) {
  for (const SectionSpec& s : kSections)
    if (s.name == name) return &s;
  return nullptr;
}

const KeySpec* find_key(std::string_view section, std::string_view key) {
  for (const KeySpec& k : kKeys)
    if (k.section == section && k.key == key) return &k;
  return nullptr;
}

std::vector<std::string> section_names() {
  std::vector<std::string> out;
  for (const SectionSpec& s : kSections)
    if (!s.nested()) out.emplace_back(s.name);
  return out;
}

std::vector<std::string> key_names(std::string_view section) {
  std::vector<std::string> out;
  for (const KeySpec& k : kKeys)
    if (k.section == section) out.emplace_back(k.key);
  return out;
}

std::vector<std::string> words(std::string_view choices) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < choices.size()) {
    const size_t j = choices.find(' ', i);
    const size_t end = j == std::string_view::npos ? choices.size() : j;
    if (end > i) out.emplace_back(choices.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

std::string Range::text() const {
  const bool has_lo = lo > -kInf, has_hi = hi < kInf && hi < kIntMax;
  if (has_lo && has_hi)
    return std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) +
           (hi_open ? ")" : "]");
  if (has_lo) return (lo_open ? "> " : ">= ") + format_number(lo);
  if (has_hi) return (hi_open ? "< " : "<= ") + format_number(hi);
  return "";
}

std::string join_list(const std::vector<std::string>& items, size_t max) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i == max) return out + ", ...";
    if (i) out += ", ";
    out += items[i];
  }
  return out;
}

std::string section_title(const SectionSpec& s) {
  return s.shape == Shape::table ? "[" + std::string(s.name) + "]" : "[[" + std::string(s.name) + "]]";
}

std::string list_expected(const KeySpec& k, const std::vector<std::string>& allowed) {
  std::string what = "an array of distinct names";
  if (k.choices.empty()) {
    const SectionSpec* s = find_section(k.ref);
    what = "an array of distinct ids of defined " + std::string(s ? s->singular : k.ref) + "s";
  }
  return allowed.empty() ? what : what + " (one of: " + join_list(allowed, kListShown) + ")";
}

std::string expected_text(const KeySpec& k) {
  const std::string range = k.range.text();
  const std::string with_range = range.empty() ? "" : " " + range;
  switch (k.type) {
    case Type::string:
      return "a string";
    case Type::id:
      return k.check == Check::sector_pattern ? "a string matching [a-z][a-z0-9_]*" : "a non-empty string";
    case Type::number:
      return "a number" + with_range;
    case Type::integer:
      return "an integer" + with_range;
    case Type::month:
      return "a \"YYYY-MM\" month";
    case Type::choice:
      return "one of: " + join_list(words(k.choices));
    case Type::ref: {
      const SectionSpec* s = find_section(k.ref);
      return "a defined " + std::string(s ? s->singular : k.ref);
    }
    case Type::number_table:
      return "a table of numbers" + with_range;
    case Type::boolean:
      return "a boolean (true or false)";
    case Type::list:
      return list_expected(k, words(k.choices));
    case Type::section: {
      const SectionSpec* s = find_section(k.ref);
      return "an array of tables " + (s ? section_title(*s) : std::string(k.ref));
    }
  }
  return "a value";
}

}  // namespace lightind::detail
