// lightind: the schema of scenario files, one line per section and per key. The key
// tables of docs/SCENARIOS.md are generated from these lines (`lightind docs scenario-keys`).
#include "scenario/schema.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <type_traits>
#include <typeinfo>

#include "lightind/description.hpp"

#include "scenario/tree.hpp"
#include "scenario/validate.hpp"

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

const std::string kRoles = enum_words<GroupRole>();       // none light heavy agriculture
const std::string kMeasures = enum_words<AggregateMeasure>();  // output capacity investment
const std::string kUses = enum_words<FinalUse>();         // food consumer capital public intermediate
const std::string kLevels = enum_words<Level>();          // central local
const std::string kEndowments = enum_words<Endowment>();  // forest sea grain minerals
const std::string kWeights = "population urban rural " + kEndowments;
const std::string kChannels = enum_words<ChannelKind>();  // state_shop department_store wholesale_shop market
const std::string kShocks = enum_words<ShockKind>();      // export_ban import_cap border_closure disaster ration_cut

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
  SectionSpec{"groups",      Shape::id_array,  false,    1,   "group"},
  SectionSpec{"sectors",     Shape::id_array,  true,     1,   "sector"},
  SectionSpec{"regions",     Shape::id_array,  true,     1,   "region"},
  SectionSpec{"enterprises", Shape::id_array,  false,    0,   "enterprise"},
  SectionSpec{"generators",  Shape::id_array,  false,    0,   "generator"},
  SectionSpec{"households",  Shape::table,     false,    0,   ""},
  SectionSpec{"state",       Shape::table,     false,    0,   ""},
  SectionSpec{"world",       Shape::table,     false,    0,   ""},
  SectionSpec{"prices",      Shape::table,     false,    0,   ""},
  SectionSpec{"policy",      Shape::table,     true,     0,   ""},
  SectionSpec{"policy.events", Shape::id_array, false,   0,   "policy event", true},
  SectionSpec{"plan",        Shape::table,     false,    0,   ""},
  SectionSpec{"reform",      Shape::table,     false,    0,   ""},
  SectionSpec{"reforms",     Shape::id_array,  false,    0,   "reform"},
  SectionSpec{"projects",    Shape::id_array,  false,    0,   "project"},
  SectionSpec{"guidance",    Shape::id_array,  false,    0,   "guidance visit"},
  SectionSpec{"channels",    Shape::id_array,  false,    0,   "channel"},
  SectionSpec{"fairs",       Shape::id_array,  false,    0,   "fair"},
  SectionSpec{"shocks",      Shape::id_array,  false,    0,   "shock"},
  SectionSpec{"aggregates",  Shape::id_array,  false,    0,   "aggregate"},
};
// clang-format on

// --- Fields: converting between tree values and the Description's member types ---------

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class M>
struct member_of;
template <class C, class T>
struct member_of<T C::*> {
  using owner = C;
  using type = T;
};

/// The groups that group names in keys refer to: the scenario's while build_description
/// builds it (GroupScope), default_groups() otherwise (the schema's documented defaults).
thread_local const std::vector<GroupDesc>* tl_groups = nullptr;

const std::vector<GroupDesc>& groups_in_scope() { return tl_groups ? *tl_groups : default_groups(); }

/// The index of the group `id`; -1 when the groups in scope have none (a default naming a
/// group the scenario does not define).
int group_at(std::string_view id) {
  const std::vector<GroupDesc>& gs = groups_in_scope();
  for (size_t g = 0; g < gs.size(); ++g)
    if (gs[g].id == id) return static_cast<int>(g);
  return -1;
}

/// The id of group `g`; empty when out of range.
std::string group_id_at(size_t g) {
  const std::vector<GroupDesc>& gs = groups_in_scope();
  return g < gs.size() ? gs[g].id : std::string();
}

/// A checked tree value as the member type T (validate() accepted only what fits).
template <class T>
T from_value(const Value& v) {
  if constexpr (is_optional<T>::value) {
    return from_value<typename T::value_type>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    return v.as_double();
  } else if constexpr (std::is_same_v<T, bool>) {
    return v.boolean;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(v.integer);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v.str;
  } else if constexpr (std::is_same_v<T, YearMonth>) {
    return *month_of(v);
  } else if constexpr (std::is_enum_v<T>) {
    return enum_of<T>(v.str);
  } else if constexpr (std::is_same_v<T, std::vector<Group>>) {
    T out;
    for (const Value& item : v.items)
      if (const int g = group_at(item.str); g >= 0) out.push_back(static_cast<Group>(g));
    return out;
  } else if constexpr (std::is_same_v<T, std::array<bool, kMaxGroups>>) {
    T out{};
    for (const Value& item : v.items)
      if (const int g = group_at(item.str); g >= 0) out[static_cast<size_t>(g)] = true;
    return out;
  } else {
    static_assert(std::is_same_v<T, std::array<double, kMaxGroups>>, "no conversion for this member type");
    T out{};
    for (const Entry& e : v.entries)
      if (const int g = group_at(e.key); g >= 0) out[static_cast<size_t>(g)] = e.value.as_double();
    return out;
  }
}

Value string_value(std::string s) {
  Value v;
  v.kind = Value::Kind::string;
  v.str = std::move(s);
  return v;
}

/// A member's value as the tree value a scenario file would hold (the inverse of from_value).
template <class T>
Value to_value(const T& x) {
  Value v;
  if constexpr (std::is_same_v<T, double>) {
    v.kind = Value::Kind::floating;
    v.number = x;
  } else if constexpr (std::is_same_v<T, bool>) {
    v.kind = Value::Kind::boolean;
    v.boolean = x;
  } else if constexpr (std::is_integral_v<T>) {
    v.kind = Value::Kind::integer;
    v.integer = static_cast<std::int64_t>(x);
  } else if constexpr (std::is_same_v<T, std::string>) {
    v = string_value(x);
  } else if constexpr (std::is_same_v<T, YearMonth>) {
    v = string_value(x.str());
  } else if constexpr (std::is_enum_v<T>) {
    v = string_value(to_string(x));
  } else if constexpr (std::is_same_v<T, std::vector<Group>>) {
    v.kind = Value::Kind::array;
    for (const Group g : x) v.items.push_back(string_value(group_id_at(static_cast<size_t>(g))));
  } else if constexpr (std::is_same_v<T, std::array<bool, kMaxGroups>>) {
    v.kind = Value::Kind::array;
    for (size_t g = 0; g < x.size(); ++g)
      if (x[g] && !group_id_at(g).empty()) v.items.push_back(string_value(group_id_at(g)));
  } else {
    static_assert(std::is_same_v<T, std::array<double, kMaxGroups>>, "no conversion for this member type");
    v.kind = Value::Kind::table;
    for (size_t g = 0; g < x.size(); ++g)
      if (x[g] != 0.0 && !group_id_at(g).empty()) v.entries.push_back({group_id_at(g), to_value(x[g])});
  }
  return v;
}

/// The sections a dated event may change: the members of InForce.
template <class T>
constexpr bool in_force_section =
    std::is_same_v<T, HouseholdsDesc> || std::is_same_v<T, StateDesc> || std::is_same_v<T, WorldDesc> ||
    std::is_same_v<T, PricesDesc> || std::is_same_v<T, PolicyDesc> || std::is_same_v<T, ReformDesc>;

/// The member of `in` of type T (one of in_force_section).
template <class T>
T& section_of(InForce& in) {
  if constexpr (std::is_same_v<T, HouseholdsDesc>) return in.households;
  else if constexpr (std::is_same_v<T, StateDesc>) return in.state;
  else if constexpr (std::is_same_v<T, WorldDesc>) return in.world;
  else if constexpr (std::is_same_v<T, PricesDesc>) return in.prices;
  else if constexpr (std::is_same_v<T, PolicyDesc>) return in.policy;
  else return in.reform;
}

/// The binding of a key to `Member` (a pointer to a member of a description struct): it
/// writes checked values there, and its default is the member's initializer.
template <auto Member>
Field field() {
  using M = member_of<decltype(Member)>;
  Field f;
  f.owner = &typeid(typename M::owner);
  f.set = [](void* owner, const Value& v) {
    static_cast<typename M::owner*>(owner)->*Member = from_value<typename M::type>(v);
  };
  f.get = [](const void* owner) {
    const auto& x = static_cast<const typename M::owner*>(owner)->*Member;
    if constexpr (is_optional<typename M::type>::value)
      return x ? to_value(*x) : Value{};
    else
      return to_value(x);
  };
  if constexpr (!is_optional<typename M::type>::value)
    f.initial = [] { return to_value(typename M::owner{}.*Member); };
  if constexpr (in_force_section<typename M::owner>)
    f.bind = [](const Value& v) -> std::function<void(InForce&)> {
      return [x = from_value<typename M::type>(v)](InForce& in) { section_of<typename M::owner>(in).*Member = x; };
    };
  if constexpr (std::is_same_v<typename M::owner, SectorDesc>)
    f.bind_at = [](const Value& v, size_t k) -> std::function<void(InForce&)> {
      return [x = from_value<typename M::type>(v), k](InForce& in) { in.sectors[k].*Member = x; };
    };
  return f;
}

/// field<Member>() without a default: the key stays absent unless written (a date that has
/// no sensible default, such as a reform's start).
template <auto Member>
Field field_no_default() {
  Field f = field<Member>();
  f.initial = nullptr;
  return f;
}

// How a key is bound to its field: field<&Struct::member>() (schema.hpp Field).
constexpr bool chg = true;   // a dated event may change it (KeySpec::changeable)
constexpr bool fix = false;  // set once for the run

// clang-format off
const std::array kBaseKeys = {
  //      section        key                     type                 range                     field (and default)                          changeable unit  doc;  then: default text, required, choices, ref, check, other
  KeySpec{"scenario",    "name",                 Type::string,        any(),                    field<&Description::name>(),                 fix, "", "short name, used as the `scenario` column of series", "", true},
  KeySpec{"scenario",    "title",                Type::string,        any(),                    field<&Description::title>(),                fix, "", "display title"},
  KeySpec{"scenario",    "start",                Type::month,         any(),                    field<&Description::start>(),                fix, "", "first simulated month", "", true},
  KeySpec{"scenario",    "end",                  Type::month,         any(),                    field<&Description::end>(),                  fix, "", "last simulated month", "", true, "", "", Check::not_before, "start"},
  KeySpec{"scenario",    "seed",                 Type::integer,       ge(0),                    field<&Description::seed>(),                 fix, "", "default seed (`--seed` overrides it)"},
  KeySpec{"scenario",    "spin_up_months",       Type::integer,       int_ge(0),                field<&Description::spin_up_months>(),       fix, "months", "months simulated before `start` under the opening policy and not recorded (events, series, accounts): the economy settles from its initial stocks, cash and investment pipeline (empty unless `opening_capacity_growth` or a sector's `opening_growth` or `opening_pipeline` is given; docs/MODEL.md \"Spin-up\")"},
  KeySpec{"scenario",    "opening_capacity_growth", Type::number,     closed(-0.5, 1),          field<&Description::opening_capacity_growth>(), fix, "per year", "capacity growth, net of depreciation, that the construction under way at the opening sustains in every sector until the run's own first projects complete (`gestation_months` plus the months to the first January; a sector's `opening_growth` or `opening_pipeline` overrides it); absent: nothing under construction (docs/MODEL.md \"The opening state\")"},
  KeySpec{"scenario",    "currency",             Type::string,        any(),                    field<&Description::currency>(),             fix, "", "unit of account of money figures: every money unit shown with a run (headline, summary.json, compare.csv, the page, Python) writes it (\"won\", \"yuan\", \"dong\")"},
  KeySpec{"scenario",    "automation_saving",    Type::number,        unit(),                   field<&Description::automation_saving>(),    fix, "", "share of labour saved at full automation"},

  KeySpec{"groups",      "id",                   Type::id,            any(),                    field<&GroupDesc::id>(),                     fix, "", "unique key, used by `sectors.group`, `policy.investment_share`, `policy.materials_priority`, `reform.groups`, `[[aggregates]]` and in indicator names (`icor_<group>`)", "", true, "", "", Check::sector_pattern},
  KeySpec{"groups",      "name",                 Type::string,        any(),                    field<&GroupDesc::name>(),                   fix, "", "display name", "=id"},
  KeySpec{"groups",      "industry",             Type::boolean,       any(),                    field<&GroupDesc::industry>(),               fix, "", "counts as industry: its sectors' output is in `industry_output` (the denominator of shares of industrial output)"},
  KeySpec{"groups",      "role",                 Type::choice,        any(),                    field<&GroupDesc::role>(),                   fix, "", "what the engine reads the group for (at most one group per role): `light`, the consumer-goods industry (`light_output_index`, `local_share_light_output`, `policy.local_share`, `policy.light_efficiency_target`, the reformed-light wages); `heavy`, the capital-goods industry (`heavy_output_index`, `policy.defence_share`); `agriculture`, farming (farm households, crop losses, disasters without `sectors`); `none`", "", false, kRoles},

  KeySpec{"sectors",     "id",                   Type::id,            any(),                    field<&SectorDesc::id>(),                    fix, "", "unique key, used in files and series", "", true, "", "", Check::sector_pattern},
  KeySpec{"sectors",     "name",                 Type::string,        any(),                    field<&SectorDesc::name>(),                  fix, "", "display name", "=id"},
  KeySpec{"sectors",     "group",                Type::ref,           any(),                    {},                                          fix, "", "its sector group (`[[groups]]`)", "", true, "", "groups"},
  KeySpec{"sectors",     "final_use",            Type::choice,        any(),                    field<&SectorDesc::final_use>(),             fix, "", "what its output is for after intermediate use", "", false, kUses},
  KeySpec{"sectors",     "labour_per_unit",      Type::number,        ge(0),                    field<&SectorDesc::labour_per_unit>(),       fix, "workers per unit of monthly output", "labour need at zero automation"},
  KeySpec{"sectors",     "capital_per_unit",     Type::number,        gt(0),                    field<&SectorDesc::capital_per_unit>(),      fix, "units per unit of annual capacity", "capital per unit of annual capacity (1/β, β the output–capital ratio)"},
  KeySpec{"sectors",     "gestation_months",     Type::integer,       int_ge(0),                field<&SectorDesc::gestation_months>(),      fix, "months", "months from investment to usable capacity"},
  KeySpec{"sectors",     "depreciation",         Type::number,        unit(),                   field<&SectorDesc::depreciation>(),          fix, "per year", "share of capacity lost per year"},
  KeySpec{"sectors",     "state_price",          Type::number,        gt(0),                    field<&SectorDesc::state_price>(),           chg, "won per unit", "the state's purchase price, paid to producers (2012 = 1 by the choice of unit); its opening value is the base-year price real quantities are valued at, whatever events do to it (docs/MODEL.md section 14)"},
  KeySpec{"sectors",     "retail_price",         Type::number,        gt(0),                    field<&SectorDesc::retail_price>(),          chg, "won per unit", "the state's retail price in state shops (ration, shop bundle) and to traders; absent: `state_price` × (1 + `state.retail_markup`). Below the purchase price the gap is a budget subsidy"},
  KeySpec{"sectors",     "wage_scale",           Type::number,        ge(0),                    field<&SectorDesc::wage_scale>(),            chg, "", "the state wage of the sector's workers as a multiple of `state.state_wage` (wage scales by branch); reformed enterprises add their wage fund to it (docs/MODEL.md section 12)"},
  KeySpec{"sectors",     "import_per_unit",      Type::number,        ge(0),                    field<&SectorDesc::import_per_unit>(),       fix, "USD per unit", "imported inputs per unit of output"},
  KeySpec{"sectors",     "export_share",         Type::number,        unit(),                   field<&SectorDesc::export_share>(),          chg, "", "foreign demand as a share of the opening potential output (before sanctions and the closure); an event may change it (`sectors.ID.export_share`: a country that starts or stops exporting a good)"},
  KeySpec{"sectors",     "export_price",         Type::number,        ge(0),                    field<&SectorDesc::export_price>(),          fix, "USD per unit", "price of exports"},
  KeySpec{"sectors",     "initial_stock_months", Type::number,        ge(0),                    field<&SectorDesc::initial_stock_months>(),  fix, "months of potential output", "opening inventory"},
  KeySpec{"sectors",     "opening_pipeline",     Type::number,        ge(0),                    field<&SectorDesc::opening_pipeline>(),      fix, "units per year", "capacity under construction at the opening, completing in equal parts over the next `gestation_months` plus the months to the first January (already paid for; docs/MODEL.md \"The opening state\"); absent: from `opening_growth`"},
  KeySpec{"sectors",     "opening_growth",       Type::number,        closed(-0.5, 1),          field<&SectorDesc::opening_growth>(),        fix, "per year", "capacity growth, net of depreciation, that the opening pipeline sustains until the run's own first projects complete; absent: `scenario.opening_capacity_growth`"},
  KeySpec{"sectors",     "inputs",               Type::number_table,  ge(0),                    {},                                          fix, "units per unit", "domestic input coefficients a_ij: units of input i per unit of this sector's output", "{}", false, "", "sectors"},

  KeySpec{"regions",     "id",                   Type::id,            any(),                    field<&RegionDesc::id>(),                    fix, "", "unique key", "", true},
  KeySpec{"regions",     "name",                 Type::string,        any(),                    field<&RegionDesc::name>(),                  fix, "", "display name", "=id"},
  KeySpec{"regions",     "population",           Type::number,        left_open(0, kMaxPopulation), field<&RegionDesc::population>(),        fix, "persons", "population at the start date", "", true},
  KeySpec{"regions",     "urban_share",          Type::number,        unit(),                   field<&RegionDesc::urban_share>(),           fix, "", "share of the population living in towns"},
  KeySpec{"regions",     "endowments",           Type::number_table,  unit(),                   {},                                          fix, "", "resource endowment indices (\"relying on the mountains, relying on the sea\"); absent ones are 0", "{}", false, kEndowments},

  KeySpec{"enterprises", "id",                   Type::id,            any(),                    field<&EnterpriseDesc::id>(),                fix, "", "unique key", "", true},
  KeySpec{"enterprises", "name",                 Type::string,        any(),                    field<&EnterpriseDesc::name>(),              fix, "", "display name", "=id"},
  KeySpec{"enterprises", "brand",                Type::string,        any(),                    field<&EnterpriseDesc::brand>(),             fix, "", "local brand name; empty when none"},
  KeySpec{"enterprises", "sector",               Type::ref,           any(),                    {},                                          fix, "", "its sector", "", true, "", "sectors"},
  KeySpec{"enterprises", "region",               Type::ref,           any(),                    {},                                          fix, "", "its region", "", true, "", "regions"},
  KeySpec{"enterprises", "level",                Type::choice,        any(),                    field<&EnterpriseDesc::level>(),             fix, "", "central or local industry", "", false, kLevels},
  KeySpec{"enterprises", "capacity",             Type::number,        gt(0),                    field<&EnterpriseDesc::capacity>(),          fix, "units per year", "capacity at efficiency 1", "", true},
  KeySpec{"enterprises", "efficiency",           Type::number,        left_open(0, 1),          field<&EnterpriseDesc::efficiency>(),        fix, "", "share of capacity achieved"},
  KeySpec{"enterprises", "automation",           Type::number,        unit(),                   field<&EnterpriseDesc::automation>(),        fix, "", "labour need is labour_per_unit × (1 − automation_saving × automation)"},
  KeySpec{"enterprises", "quality",              Type::number,        gt(0),                    field<&EnterpriseDesc::quality>(),           fix, "", "quality index (1 = 2012 average)"},
  KeySpec{"enterprises", "varieties",            Type::integer,       int_ge(1),                field<&EnterpriseDesc::varieties>(),         fix, "", "number of product varieties"},
  KeySpec{"enterprises", "reputation",           Type::number,        gt(0),                    field<&EnterpriseDesc::reputation>(),        fix, "", "brand reputation index (1 = neutral)"},
  KeySpec{"enterprises", "reform",               Type::boolean,       any(),                    field<&EnterpriseDesc::reform>(),            fix, "", "may join a reform whose scope covers it (`reform.groups`, the scope of `[[reforms]]`); false: stays under the command regime"},

  KeySpec{"generators",  "id",                   Type::id,            any(),                    field<&GeneratorDesc::id>(),                 fix, "", "unique key; generated enterprises are `gen:ID:N`", "", true},
  KeySpec{"generators",  "sector",               Type::ref,           any(),                    {},                                          fix, "", "sector of the generated enterprises", "", true, "", "sectors"},
  KeySpec{"generators",  "level",                Type::choice,        any(),                    field<&GeneratorDesc::level>(),              fix, "", "central or local industry", "", false, kLevels},
  KeySpec{"generators",  "count",                Type::integer,       closed(1, kMaxGenerated), field<&GeneratorDesc::count>(),              fix, "", "enterprises nationwide", "", true},
  KeySpec{"generators",  "capacity",             Type::number,        gt(0),                    field<&GeneratorDesc::capacity>(),           fix, "units per year", "total capacity nationwide", "", true},
  KeySpec{"generators",  "weight",               Type::choice,        any(),                    field<&GeneratorDesc::weight>(),             fix, "", "how enterprises and capacity spread over regions: population, urban or rural population, or population × an endowment", "", false, kWeights},
  KeySpec{"generators",  "size_dispersion",      Type::number,        closed(0, kMaxSizeDispersion), field<&GeneratorDesc::size_dispersion>(), fix, "", "σ of the log of an enterprise's size (lognormal draw with the seed)"},
  KeySpec{"generators",  "efficiency",           Type::number,        left_open(0, 1),          field<&GeneratorDesc::efficiency>(),         fix, "", "as for enterprises"},
  KeySpec{"generators",  "automation",           Type::number,        unit(),                   field<&GeneratorDesc::automation>(),         fix, "", "as for enterprises"},
  KeySpec{"generators",  "quality",              Type::number,        gt(0),                    field<&GeneratorDesc::quality>(),            fix, "", "as for enterprises"},
  KeySpec{"generators",  "varieties",            Type::integer,       int_ge(1),                field<&GeneratorDesc::varieties>(),          fix, "", "as for enterprises"},

  KeySpec{"households",  "scale",                Type::number,        ge(1),                    field<&HouseholdsDesc::scale>(),             fix, "households per agent", "real households one agent stands for (1:scale)"},
  KeySpec{"households",  "household_size",       Type::number,        closed(kMinHousehold, kMaxHousehold), field<&HouseholdsDesc::household_size>(),    fix, "persons", "persons per household"},
  KeySpec{"households",  "subsistence",          Type::number,        ge(0),                    field<&HouseholdsDesc::subsistence>(),       fix, "food units per person per month", "below it a person is in hardship"},
  KeySpec{"households",  "food_need",            Type::number,        ge(0),                    field<&HouseholdsDesc::food_need>(),         chg, "food units per person per month", "food households try to buy (ration first, then market)"},
  KeySpec{"households",  "consume_share",        Type::number,        left_open(0, 1),          field<&HouseholdsDesc::consume_share>(),     chg, "", "share of cash on hand spent each month"},
  KeySpec{"households",  "income_dispersion",    Type::number,        ge(0),                    field<&HouseholdsDesc::income_dispersion>(), fix, "", "σ of the log of a household's earning ability"},
  KeySpec{"households",  "income_shock",         Type::number,        ge(0),                    field<&HouseholdsDesc::income_shock>(),      fix, "", "σ of the monthly log shock to a household's share of income"},
  KeySpec{"households",  "variety_elasticity",   Type::number,        gt(1),                    field<&HouseholdsDesc::variety_elasticity>(), fix, "", "CES elasticity of substitution σ between varieties"},
  KeySpec{"households",  "workers_per_household", Type::number,       ge(0),                    field<&HouseholdsDesc::workers_per_household>(), fix, "persons", "members of the labour force per household"},
  KeySpec{"households",  "initial_cash_months",  Type::number,        ge(0),                    field<&HouseholdsDesc::initial_cash_months>(), fix, "months of income", "opening cash"},
  KeySpec{"households",  "plot_food",            Type::number,        ge(0),                    field<&HouseholdsDesc::plot_food>(),         chg, "food units per rural person per month", "food from private plots and sideline work, sold at market prices beyond own need"},
  KeySpec{"households",  "trader_share",         Type::number,        unit(),                   field<&HouseholdsDesc::trader_share>(),      chg, "", "share of the labour force living from market trade (they earn the market margins)"},
  // households (issue 12, items 4-6)
  KeySpec{"households",  "food_satiation",       Type::number,        ge(0),                    field<&HouseholdsDesc::food_satiation>(),    chg, "food units per person per month", "the most food a person buys; beyond the need a household spends `food_engel_share` of its remaining budget on food up to it"},
  KeySpec{"households",  "food_engel_share",     Type::number,        unit(),                   field<&HouseholdsDesc::food_engel_share>(),  chg, "", "share of the budget left after the food need spent on more food (Engel's law: the food share falls with income)"},
  KeySpec{"households",  "consumption_cv",       Type::number,        ge(0),                    field<&HouseholdsDesc::consumption_cv>(),    fix, "", "coefficient of variation of food consumption within a class of households (FAO's lognormal distribution of dietary energy consumption)"},
  KeySpec{"households",  "mder",                 Type::number,        ge(0),                    field<&HouseholdsDesc::mder>(),              fix, "food units per person per month", "minimum dietary energy requirement (FAO): below it a person is undernourished"},

  KeySpec{"state",       "state_wage",           Type::number,        ge(0),                    field<&StateDesc::state_wage>(),             chg, "won per worker per month", "state wage (2012 level)"},
  KeySpec{"state",       "ration_food",          Type::number,        ge(0),                    field<&StateDesc::ration_food>(),            chg, "food units per person per month", "ration sold at state prices"},
  KeySpec{"state",       "retail_markup",        Type::number,        ge(0),                    field<&StateDesc::retail_markup>(),          chg, "", "state retail price over the factory state price"},
  KeySpec{"state",       "surplus_remittance",   Type::number,        unit(),                   field<&StateDesc::surplus_remittance>(),     chg, "", "share of enterprise surplus remitted (command regime)"},
  KeySpec{"state",       "public_employment",    Type::number,        closed(0, 0.99),          field<&StateDesc::public_employment>(),      chg, "", "share of the labour force paid by the budget (army, administration)"},
  KeySpec{"state",       "shop_share",           Type::number,        unit(),                   field<&StateDesc::shop_share>(),             chg, "", "share of the state's consumer goods sold in state shops at state prices; the rest goes to its commercial shops at market prices"},
  KeySpec{"state",       "public_works_share",   Type::number,        unit(),                   field<&StateDesc::public_works_share>(),     chg, "per month", "share of the budget's deposits spent a month on state construction (labour and local materials bought from households at market prices; capital for the investment fund; docs/MODEL.md section 17)"},
  KeySpec{"state",       "labour_reallocation",  Type::number,        unit(),                   field<&StateDesc::labour_reallocation>(),    chg, "", "share of the gap between an enterprise's workforce and the labour its potential output needs closed each month"},
  KeySpec{"state",       "farm_pay_from_output", Type::boolean,       any(),                    field<&StateDesc::farm_pay_from_output>(),   chg, "", "farms (the `agriculture` group's command enterprises) pay their workers last month's revenue less non-labour costs (output sold to the state at purchase prices and at market) instead of the state wage: the household responsibility system; `false`: the state wage (docs/MODEL.md section 12)"},

  KeySpec{"world",       "fx_reserves",          Type::number,        ge(0),                    field<&WorldDesc::fx_reserves>(),            fix, "USD", "FX reserves at the start"},
  KeySpec{"world",       "exchange_rate",        Type::number,        gt(0),                    field<&WorldDesc::exchange_rate>(),          chg, "won per USD", "official exchange rate"},
  KeySpec{"world",       "import_share_of_fx",   Type::number,        unit(),                   field<&WorldDesc::import_share_of_fx>(),     chg, "", "share of the FX reserves the state may spend on imported inputs in a month"},
  KeySpec{"world",       "other_fx_income",      Type::number,        ge(0),                    field<&WorldDesc::other_fx_income>(),        chg, "USD per month", "FX earned outside goods exports (services, workers abroad, transfers); cut by a border closure like exports"},
  KeySpec{"world",       "aid_inflow",           Type::number,        ge(0),                    field<&WorldDesc::aid_inflow>(),             chg, "USD per month", "aid and credit received (food aid, credit lines), added to the state's FX like `other_fx_income` but not stopped by the border closure"},
  KeySpec{"world",       "import_substitution",  Type::number,        unit(),                   field<&WorldDesc::import_substitution>(),    chg, "", "share of missing imported inputs that domestic substitutes replace"},
  KeySpec{"world",       "capital_import_price", Type::number,        ge(0),                    field<&WorldDesc::capital_import_price>(),   chg, "USD per unit", "price of imported capital goods (machinery, vehicles); 0 = none imported"},
  KeySpec{"world",       "consumer_imports",     Type::number,        ge(0),                    field<&WorldDesc::consumer_imports>(),       chg, "USD per month", "consumer goods traders import at the opening real exchange rate; more when the market price level rises against the market rate (`import_elasticity`); cut by import caps and the border closure, limited by FX; sold with the state's goods"},
  KeySpec{"world",       "market_exchange_rate", Type::number,        ge(0),                    field<&WorldDesc::market_exchange_rate>(),   fix, "won per USD", "market exchange rate at the start (0 = the official rate); after it, set by the FX market (docs/MODEL.md \"The market exchange rate\")"},
  KeySpec{"world",       "fx_response",          Type::number,        ge(0),                    field<&WorldDesc::fx_response>(),            chg, "per month", "log change of the market rate per unit of tanh(relative excess dollar demand)"},
  KeySpec{"world",       "import_elasticity",    Type::number,        ge(0),                    field<&WorldDesc::import_elasticity>(),      chg, "", "price elasticity of traders' consumer imports to the real exchange rate (market price level over market rate)"},
  KeySpec{"world",       "private_inflows",      Type::number,        ge(0),                    field<&WorldDesc::private_inflows>(),        chg, "USD per month", "dollars households receive from outside (remittances, private earnings abroad, smuggling) and sell on the FX market; stopped by the border closure; unrecorded in goods trade"},
  KeySpec{"world",       "fx_market_share",      Type::number,        unit(),                   field<&WorldDesc::fx_market_share>(),        chg, "", "share of the state's goods-export earnings its trading companies sell on the FX market"},
  KeySpec{"world",       "sanctions_evasion",    Type::number,        unit(),                   field<&WorldDesc::sanctions_evasion>(),      chg, "", "share of the exports that sanctions cut which still leave, unrecorded (ship-to-ship transfers, smuggling); stopped by the border closure"},
  KeySpec{"world",       "capital_imports",      Type::number,        ge(0),                    field<&WorldDesc::capital_imports>(),        chg, "USD per month", "capital goods the plan imports (machinery, vehicles), cut by sanctions and the closure, paid from reserves above `reserve_floor_months`"},
  KeySpec{"world",       "reserve_floor_months", Type::number,        ge(0),                    field<&WorldDesc::reserve_floor_months>(),   chg, "months of other goods imports", "reserves the state does not spend on capital imports"},

  KeySpec{"prices",      "market_premium",       Type::number,        gt(0),                    field<&PricesDesc::market_premium>(),        fix, "", "opening market price over state price"},
  KeySpec{"prices",      "market_margin",        Type::number,        unit(),                   field<&PricesDesc::market_margin>(),         chg, "", "traders' share of market sale prices (paid to trading households)"},
  KeySpec{"prices",      "adjustment",           Type::number,        ge(0),                    field<&PricesDesc::adjustment>(),            chg, "per month", "price response to relative excess demand"},
  KeySpec{"prices",      "stickiness",           Type::number,        unit(),                   field<&PricesDesc::stickiness>(),            chg, "", "share of last month's price change carried over"},
  KeySpec{"prices",      "food_premium",         Type::number,        ge(0),                    field<&PricesDesc::food_premium>(),          fix, "", "opening market price of food over its state price (0 = `market_premium`)"},
  KeySpec{"prices",      "markup",               Type::number,        ge(0),                    field<&PricesDesc::markup>(),                chg, "", "market sellers' mark-up over unit cost (docs/MODEL.md \"Market prices\")"},
  KeySpec{"prices",      "cost_pull",            Type::number,        unit(),                   field<&PricesDesc::cost_pull>(),             chg, "per month", "share of the log gap between a market price and its mark-up price closed in a month"},
  KeySpec{"prices",      "food_kg_per_unit",     Type::number,        gt(0),                    field<&PricesDesc::food_kg_per_unit>(),      fix, "kg per unit", "kg of rice-equivalent in one unit of food (`market_rice_price` = market food price / this)"},
  KeySpec{"prices",      "cpi_base_year",        Type::integer,       int_ge(0),                field<&PricesDesc::cpi_base_year>(),         fix, "year", "year whose mean `cpi_market` is 100 (0 = the run's first year)"},
  KeySpec{"prices",      "food_transport_cost",  Type::number,        unit(),                   field<&PricesDesc::food_transport_cost>(),   chg, "", "cost of moving food between regions, share of the destination price; the border closure raises it (cost / share of traffic allowed)"},

  KeySpec{"policy",      "investment_share",     Type::number_table,  unit(),                   field<&PolicyDesc::investment_share>(),      chg, "", "share of the investment fund per sector group (`[[groups]]` ids)", "", true, "", "groups", Check::sum_to_one},
  KeySpec{"policy",      "local_share",          Type::number,        unit(),                   field<&PolicyDesc::local_share>(),           chg, "", "share of light-industry investment going to local enterprises"},
  KeySpec{"policy",      "materials_priority",   Type::list,          any(),                    field<&PolicyDesc::materials_priority>(),    chg, "", "groups served in full, in this order, when materials or FX are short; the others share what is left in proportion to need; [] = proportional for all", "", false, "", "groups"},
  KeySpec{"policy",      "materials_priority_share", Type::number,    unit(),                   field<&PolicyDesc::materials_priority_share>(), chg, "", "share of a scarce good's supply allocated in the priority order; the rest is shared by all in proportion to unmet need"},
  KeySpec{"policy",      "own_use_first",        Type::boolean,       any(),                    field<&PolicyDesc::own_use_first>(),         chg, "", "a short good's own producers are served their own use of it (input of the good into its own sector) first; the priority order and the proportional rule share the rest (Kornai 1980: the bottleneck's inputs are protected; docs/MODEL.md \"Materials and foreign exchange\"); `false`: their own use is rationed like any other claim"},
  KeySpec{"policy",      "material_producers_first", Type::boolean,   any(),                    field<&PolicyDesc::material_producers_first>(), chg, "", "after their own use, a short good goes first to the other producers of materials (sectors with final_use \"intermediate\"), then by the priority order and in proportion (Montias 1959: shortfalls fall on the buffer sectors, not on the supply of materials; docs/MODEL.md \"Materials and foreign exchange\"); `false`: their claims are rationed with their groups"},
  KeySpec{"policy",      "brand_spillover",      Type::number,        unit(),                   field<&PolicyDesc::brand_spillover>(),       chg, "per month", "local brands: share of the gap between a branded enterprise's reputation and that of the other local factories of its region and sector closed per month"},
  KeySpec{"policy",      "defence_share",        Type::number,        unit(),                   field<&PolicyDesc::defence_share>(),         chg, "", "share of heavy-industry output and of FX absorbed by defence"},
  KeySpec{"policy",      "local_endowment_use",  Type::number,        unit(),                   field<&PolicyDesc::local_endowment_use>(),   chg, "", "share of a local enterprise's domestic material need its region's endowment supplies at endowment index 1"},
  KeySpec{"policy",      "light_efficiency_target", Type::number,     unit(),                   field<&PolicyDesc::light_efficiency_target>(), chg, "", "efficiency light-industry enterprises are brought toward (\"restore to normal output\"); 0 = none"},
  KeySpec{"policy",      "restoration_speed",    Type::number,        unit(),                   field<&PolicyDesc::restoration_speed>(),     chg, "per month", "share of the gap to that target closed per month"},
  KeySpec{"policy",      "accumulation_rate",    Type::number,        closed(0, 0.9),           field<&PolicyDesc::accumulation_rate>(),     chg, "", "accumulation rate: share of national income (net material product at state prices) put into the investment fund each month; capital goods first, the rest as state construction paid by the budget (docs/MODEL.md \"The accumulation rate\"); absent: the fund is what the capital-goods sectors deliver"},
  KeySpec{"policy",      "events",               Type::section,       any(),                    {},                                          fix, "", "dated changes of any key marked changeable (`[[policy.events]]`)", "[]", false, "", "policy.events"},

  // An event also sets any changeable key (`chg` above and below) as SECTION.KEY, or in a
  // short form (event_short_form). Absent keys leave the values in force as they were.
  KeySpec{"policy.events", "id",                 Type::id,            any(),                    field<&PolicyEventDesc::id>(),               fix, "", "unique key", "", true},
  KeySpec{"policy.events", "date",               Type::month,         any(),                    field<&PolicyEventDesc::date>(),             fix, "", "month the change takes effect", "", true},
  KeySpec{"policy.events", "text",               Type::string,        any(),                    field<&PolicyEventDesc::text>(),             fix, "", "what happened (shown in events and the report)"},
  KeySpec{"policy.events", "plan_targets",       Type::number_table,  ge(0),                    {},                                          fix, "", "a multi-year plan (`plan.method = \"lp\"`): per sector, gross output sought in the plan's last year as a multiple of its output in the year before the event; replaces earlier targets", "", false, "", "sectors"},
  KeySpec{"policy.events", "plan_end",           Type::month,         any(),                    field<&PolicyEventDesc::plan_end>(),         fix, "", "the plan's last month; required with `plan_targets`", "", false, "", "", Check::not_before, "date"},

  KeySpec{"plan",        "method",               Type::choice,        any(),                    field<&PolicyDesc::plan_method>(),           fix, "", "allocation rule of materials, FX and investment: `proportional` (priority order, then in proportion) or `lp` (each January the planner's LP sets quotas and the fund's allocation; docs/PLANNER.md \"The engine's annual plan\")", "", false, "proportional lp"},
  KeySpec{"plan",        "investment_floor",     Type::number,        unit(),                   field<&PolicyDesc::plan_investment_floor>(), chg, "", "`lp`: capital-goods sectors deliver at least this share of their output as investment goods"},
  KeySpec{"plan",        "max_expansion",        Type::number,        ge(0),                    field<&PolicyDesc::plan_max_expansion>(),    chg, "per year", "`lp`: new capacity the plan may give a sector in one year, as a share of its capacity"},
  KeySpec{"plan",        "expansion_steps",      Type::integer,       closed(1, 20),            field<&PolicyDesc::plan_expansion_steps>(),  chg, "", "`lp`: the expansion up to `max_expansion` in equal steps, each adding less capacity per unit invested (diminishing returns to a year's expansion; docs/PLANNER.md \"The engine's annual plan\"); 1 = constant returns up to the bound"},
  KeySpec{"plan",        "expansion_decline",    Type::number,        Range{0.0, 1.0, false, true}, field<&PolicyDesc::plan_expansion_decline>(), chg, "", "`lp`: share by which each expansion step's capacity per unit invested falls below the step before; 0 = constant returns"},
  KeySpec{"plan",        "target_weight",        Type::number,        closed(0, kMaxTargetWeight), field<&PolicyDesc::plan_target_weight>(),    chg, "", "`lp`: objective units lost per unit of gross output short of a multi-year plan target"},
  KeySpec{"plan",        "from_demand",          Type::boolean,       any(),                    field<&PolicyDesc::plan_from_demand>(),      chg, "", "output planned from expected demand (docs/MODEL.md \"Production planned from demand\"); `false`: every sector produces what capacity, inputs and labour allow (the supply-side special case, e.g. Feldman-Mahalanobis)"},
  KeySpec{"plan",        "inventory_months",     Type::number,        ge(0),                    field<&PolicyDesc::plan_inventory_months>(), chg, "months of expected sales", "stock producers aim for; output is planned as expected sales plus the move toward it (docs/MODEL.md \"Production planned from demand\")"},
  KeySpec{"plan",        "expectation_weight",   Type::number,        unit(),                   field<&PolicyDesc::plan_expectation_weight>(), chg, "", "weight of last month's demand in the expected demand (adaptive expectations; 1 = last month's demand)"},
  KeySpec{"plan",        "mid_year_revision",    Type::boolean,       any(),                    field<&PolicyDesc::plan_mid_year_revision>(), chg, "", "a dated change of `policy.investment_share` revises the year's plan in its month: the fund accumulated since the last allocation is allocated then by the new shares (proportional rule); `false`: the change waits for next January's plan (docs/MODEL.md \"Investment\")"},

  KeySpec{"reform",      "enabled",              Type::boolean,       any(),                    field<&ReformDesc::enabled>(),               fix, "", "the enterprise-responsibility reform takes place"},
  KeySpec{"reform",      "start",                Type::month,         any(),                    field_no_default<&ReformDesc::start>(),      fix, "", "first month of the reform: not before `scenario.start`, not after `scenario.end` unless that comes from `--set` (a shortened run)", "", false, "", "", Check::required_when, "enabled"},
  KeySpec{"reform",      "phase_in_months",      Type::integer,       int_ge(0),                field<&ReformDesc::phase_in_months>(),       fix, "months", "eligible enterprises switch at dates spread evenly over this span (order drawn with the seed)"},
  KeySpec{"reform",      "groups",               Type::list,          any(),                    field<&ReformDesc::groups>(),                fix, "", "groups that reform (default: the groups of ids heavy, light and extraction, those the scenario defines)", "", false, "", "groups"},
  KeySpec{"reform",      "state_order_share",    Type::number,        unit(),                   field<&ReformDesc::state_order_share>(),     chg, "", "share of output delivered to the state at state prices"},
  KeySpec{"reform",      "profit_levy",          Type::number,        unit(),                   field<&ReformDesc::profit_levy>(),           chg, "", "share of profit paid to the state"},
  KeySpec{"reform",      "wage_fund_share",      Type::number,        unit(),                   field<&ReformDesc::wage_fund_share>(),       chg, "", "share of retained profit paid as wages by work"},
  KeySpec{"reform",      "development_share",    Type::number,        unit(),                   field<&ReformDesc::development_share>(),     chg, "", "share of retained profit spent on new varieties and quality; the rest of retained profit is the enterprise's investment fund", "", false, "", "", Check::sum_at_most_one, "wage_fund_share"},
  KeySpec{"reform",      "incentive_efficiency", Type::number,        unit(),                   field<&ReformDesc::incentive_efficiency>(),  chg, "", "efficiency gain at full incentive"},
  KeySpec{"reform",      "incentive_scale",      Type::number,        gt(0),                    field<&ReformDesc::incentive_scale>(),       chg, "", "a wage multiple m (over the state wage) gives incentive 1 − exp(−(m − 1)/scale)"},
  KeySpec{"reform",      "efficiency_response",  Type::number,        unit(),                   field<&ReformDesc::efficiency_response>(),   chg, "per month", "share of the gap to the target efficiency closed per month"},
  KeySpec{"reform",      "rights_date",          Type::month,         any(),                    field_no_default<&ReformDesc::rights_date>(), fix, "", "month the enterprises' rights are granted; absent: the reform's `start`"},
  KeySpec{"reform",      "product_development",  Type::boolean,       any(),                    field<&ReformDesc::product_development>(),   fix, "", "right: may spend on new varieties"},
  KeySpec{"reform",      "quality_management",   Type::boolean,       any(),                    field<&ReformDesc::quality_management>(),    fix, "", "right: may spend on quality"},
  KeySpec{"reform",      "talent_management",    Type::boolean,       any(),                    field<&ReformDesc::talent_management>(),     fix, "", "right: may move its workforce toward need faster"},
  KeySpec{"reform",      "variety_labour",       Type::number,        gt(0),                    field<&ReformDesc::variety_labour>(),        chg, "worker-months", "development staff one more variety needs, per variety the enterprise already has (paid at its wage)"},
  KeySpec{"reform",      "variety_inputs",       Type::number,        ge(0),                    field<&ReformDesc::variety_inputs>(),        chg, "won at state prices", "inputs one more variety needs (samples, moulds), per variety the enterprise already has"},
  KeySpec{"reform",      "quality_cost",         Type::number,        gt(0),                    field<&ReformDesc::quality_cost>(),          chg, "months of output value", "cost of +0.01 of quality, per unit of quality the enterprise already has"},
  KeySpec{"reform",      "talent_reallocation",  Type::number,        unit(),                   field<&ReformDesc::talent_reallocation>(),   chg, "", "`state.labour_reallocation` of enterprises with talent rights"},
  KeySpec{"reform",      "development_share_max", Type::number,       unit(),                   field<&ReformDesc::development_share_max>(), chg, "", "ceiling of the development share after fairs raise it"},

  KeySpec{"projects",    "id",                   Type::id,            any(),                    field<&ProjectDesc::id>(),                   fix, "", "unique key", "", true},
  KeySpec{"projects",    "enterprise",           Type::ref,           any(),                    {},                                          fix, "", "the listed enterprise built or rebuilt", "", true, "", "enterprises"},
  KeySpec{"projects",    "kind",                 Type::choice,        any(),                    {},                                          fix, "", "new: the enterprise has no capacity until completion", "", true, "new rebuild"},
  KeySpec{"projects",    "start",                Type::month,         any(),                    field<&ProjectDesc::start>(),                fix, "", "investment begins (drawn from the fund first, before the proportional rule)", "", true},
  KeySpec{"projects",    "gestation_months",     Type::integer,       int_ge(0),                {},                                          fix, "months", "months to completion; absent: the sector's `gestation_months`"},
  KeySpec{"projects",    "cost",                 Type::number,        ge(0),                    field<&ProjectDesc::cost>(),                 fix, "units", "units of investment goods drawn from the fund", "", true},
  KeySpec{"projects",    "capacity",             Type::number,        ge(0),                    field<&ProjectDesc::capacity>(),             fix, "units per year", "capacity added on completion (new build: the enterprise's capacity; 0 = its listed capacity)"},
  KeySpec{"projects",    "automation",           Type::number,        unit(),                   field<&ProjectDesc::automation>(),           fix, "", "automation after completion; absent: unchanged"},
  KeySpec{"projects",    "quality",              Type::number,        gt(0),                    field<&ProjectDesc::quality>(),              fix, "", "quality after completion; absent: unchanged"},
  KeySpec{"projects",    "efficiency",           Type::number,        left_open(0, 1),          field<&ProjectDesc::efficiency>(),           fix, "", "target efficiency after completion; absent: unchanged"},
  KeySpec{"projects",    "varieties",            Type::integer,       int_ge(0),                field<&ProjectDesc::varieties>(),            fix, "", "varieties added on completion"},
  KeySpec{"projects",    "ramp_months",          Type::integer,       int_ge(0),                field<&ProjectDesc::ramp_months>(),          fix, "months", "months from completion to the target efficiency"},

  KeySpec{"guidance",    "id",                   Type::id,            any(),                    field<&GuidanceDesc::id>(),                  fix, "", "unique key (for `--set guidance.ID.KEY`)", "", true},
  KeySpec{"guidance",    "date",                 Type::month,         any(),                    field<&GuidanceDesc::date>(),                fix, "", "month of the visit", "", true},
  KeySpec{"guidance",    "enterprise",           Type::ref,           any(),                    {},                                          fix, "", "the enterprise visited", "", true, "", "enterprises"},
  KeySpec{"guidance",    "efficiency_boost",     Type::number,        unit(),                   field<&GuidanceDesc::efficiency_boost>(),    fix, "", "added to efficiency at the visit, decaying with the half-life"},
  KeySpec{"guidance",    "half_life_months",     Type::number,        gt(0),                    field<&GuidanceDesc::half_life_months>(),    fix, "months", "half-life of the efficiency boost"},
  KeySpec{"guidance",    "resources",            Type::number,        ge(0),                    field<&GuidanceDesc::resources>(),           fix, "units", "investment fund drawn to the factory (capacity + resources / capital_per_unit)"},
  KeySpec{"guidance",    "reputation_boost",     Type::number,        ge(0),                    field<&GuidanceDesc::reputation_boost>(),    fix, "", "reputation × (1 + boost)"},

  KeySpec{"channels",    "id",                   Type::id,            any(),                    field<&ChannelDesc::id>(),                   fix, "", "unique key", "", true},
  KeySpec{"channels",    "name",                 Type::string,        any(),                    field<&ChannelDesc::name>(),                 fix, "", "display name", "=id"},
  KeySpec{"channels",    "kind",                 Type::choice,        any(),                    field<&ChannelDesc::kind>(),                 fix, "", "kind of sales channel", "", true, kChannels},
  KeySpec{"channels",    "margin",               Type::number,        unit(),                   field<&ChannelDesc::margin>(),               fix, "", "share of the sale price kept by the channel"},
  KeySpec{"channels",    "enterprises",          Type::list,          any(),                    {},                                          fix, "", "wholesale shop: the enterprises that own it", "[]", false, "", "enterprises"},
  KeySpec{"channels",    "share",                Type::number,        unit(),                   field<&ChannelDesc::share>(),                fix, "", "wholesale shop: share of its owners' market sales it carries"},
  KeySpec{"channels",    "opens",                Type::month,         any(),                    {},                                          fix, "", "month it opens; absent: the scenario's start"},

  KeySpec{"fairs",       "id",                   Type::id,            any(),                    field<&FairDesc::id>(),                      fix, "", "unique key", "", true},
  KeySpec{"fairs",       "date",                 Type::month,         any(),                    field<&FairDesc::date>(),                    fix, "", "month of the fair", "", true},
  KeySpec{"fairs",       "sectors",              Type::list,          any(),                    {},                                          fix, "", "sectors shown; [] = all food and consumer sectors", "[]", false, "", "sectors"},
  KeySpec{"fairs",       "participants",         Type::integer,       int_ge(1),                field<&FairDesc::participants>(),            fix, "", "the largest enterprises of those sectors take part"},
  KeySpec{"fairs",       "winners_share",        Type::number,        unit(),                   field<&FairDesc::winners_share>(),           fix, "", "share of participants that win"},
  KeySpec{"fairs",       "reputation_gain",      Type::number,        ge(0),                    field<&FairDesc::reputation_gain>(),         fix, "", "winners' reputation × (1 + gain); losers' × (1 − gain/4)"},
  KeySpec{"fairs",       "development_push",     Type::number,        unit(),                   field<&FairDesc::development_push>(),        fix, "", "participants' development share rises by this much (competition)"},

  KeySpec{"shocks",      "id",                   Type::id,            any(),                    field<&ShockDesc::id>(),                     fix, "", "unique key", "", true},
  KeySpec{"shocks",      "kind",                 Type::choice,        any(),                    field<&ShockDesc::kind>(),                   fix, "", "sanctions on exports, a cap on imports, the border closure, a natural disaster, or a cut of the ration in some regions (the state stops shipping them food)", "", true, kShocks},
  KeySpec{"shocks",      "start",                Type::month,         any(),                    field<&ShockDesc::start>(),                  fix, "", "first month of the shock", "", true},
  KeySpec{"shocks",      "end",                  Type::month,         any(),                    field<&ShockDesc::end>(),                    fix, "", "last month; absent: permanent (disaster: twelve months)", "", false, "", "", Check::not_before, "start"},
  KeySpec{"shocks",      "sectors",              Type::list,          any(),                    {},                                          fix, "", "export_ban: the sectors banned; disaster: sectors hit ([] = agriculture)", "[]", false, "", "sectors"},
  KeySpec{"shocks",      "severity",             Type::number,        unit(),                   field<&ShockDesc::severity>(),               fix, "", "export_ban: share of exports stopped; import_cap and border_closure: share of imports stopped; ration_cut: share of the ration its regions lose"},
  KeySpec{"shocks",      "reopen_months",        Type::integer,       int_ge(0),                field<&ShockDesc::reopen_months>(),          fix, "months", "border_closure: months of gradual reopening after `end`"},
  KeySpec{"shocks",      "regions",              Type::list,          any(),                    {},                                          fix, "", "disaster, ration_cut: regions hit ([] = all)", "[]", false, "", "regions"},
  KeySpec{"shocks",      "capacity_loss",        Type::number,        unit(),                   field<&ShockDesc::capacity_loss>(),          fix, "", "disaster: share of capacity destroyed in those regions and sectors"},
  KeySpec{"shocks",      "crop_loss",            Type::number,        unit(),                   field<&ShockDesc::crop_loss>(),              fix, "", "disaster: share of farm output and plot food lost in its regions from `start` to `end`"},

  KeySpec{"aggregates",  "id",                   Type::id,            any(),                    field<&AggregateDesc::id>(),                 fix, "", "the indicator's name in series, summaries, `compare`, the report and calibration targets; not the name of a built-in indicator", "", true, "", "", Check::sector_pattern},
  KeySpec{"aggregates",  "name",                 Type::string,        any(),                    field<&AggregateDesc::name>(),               fix, "", "label", "=id"},
  KeySpec{"aggregates",  "kind",                 Type::choice,        any(),                    {},                                          fix, "", "`sum`: the measure summed over `groups` and `sectors`; `share`: that sum over the sum over `over_groups` and `over_sectors`", "\"sum\"", false, "sum share"},
  KeySpec{"aggregates",  "measure",              Type::choice,        any(),                    {},                                          fix, "", "what is summed per sector: `output` (monthly, at base-year state prices), `capacity` (annual, at base-year state prices) or `investment` (units of capital goods committed in the month)", "\"output\"", false, kMeasures},
  KeySpec{"aggregates",  "groups",               Type::list,          any(),                    {},                                          fix, "", "groups whose sectors are summed", "[]", false, "", "groups"},
  KeySpec{"aggregates",  "sectors",              Type::list,          any(),                    {},                                          fix, "", "sectors summed (beside those of `groups`; each sector counts once)", "[]", false, "", "sectors"},
  KeySpec{"aggregates",  "over_groups",          Type::list,          any(),                    {},                                          fix, "", "share: groups of the denominator; with `over_sectors` empty too, the groups with `industry = true`", "[]", false, "", "groups"},
  KeySpec{"aggregates",  "over_sectors",         Type::list,          any(),                    {},                                          fix, "", "share: sectors of the denominator (beside those of `over_groups`)", "[]", false, "", "sectors"},
};
// clang-format on

/// The keys of `[[reforms]]` (several reforms, issue 14 item 2): `id`, then every key of
/// `[reform]` with the same type, range, field and changeability (written once, above), then
/// the scope beyond groups. What differs: `start` is required; `enabled` defaults to true;
/// `groups` defaults to [] (no restriction, like the other scope keys). As in `[reform]`, an
/// absent `rights_date` is the reform's `start`.
std::vector<KeySpec> reforms_keys() {
  std::vector<KeySpec> out;
  out.push_back(KeySpec{"reforms", "id", Type::id, any(), field<&ReformDesc::id>(), fix, "",
                        "unique key: names the reform in events (`reforms.ID.KEY`), `--set reforms.ID.KEY` and the "
                        "indicator `reformed_share_ID`",
                        "", true, "", "", Check::sector_pattern});
  for (const KeySpec& k : kBaseKeys) {
    if (k.section != "reform") continue;
    KeySpec r = k;
    r.section = "reforms";
    if (k.key == "enabled") {
      r.field.initial = nullptr;  // the default is this line's, not the field's
      r.dflt = "true";
      r.doc = "the reform takes place (false: a counterfactual without it)";
    } else if (k.key == "start") {
      r.required = true;
      r.check = Check::none;
      r.other = {};
    } else if (k.key == "groups") {
      r.field.initial = nullptr;
      r.dflt = "[]";
      r.doc = "groups whose enterprises it covers; [] = any group";
    }
    out.push_back(r);
  }
  out.push_back(KeySpec{"reforms", "sectors", Type::list, any(), {}, fix, "",
                        "sectors whose enterprises it covers; [] = any sector", "[]", false, "", "sectors"});
  out.push_back(KeySpec{"reforms", "regions", Type::list, any(), {}, fix, "",
                        "regions whose enterprises it covers; [] = any region", "[]", false, "", "regions"});
  out.push_back(KeySpec{"reforms", "levels", Type::list, any(), {}, fix, "",
                        "enterprise levels (`enterprises.level`, `generators.level`) it covers; [] = both", "[]", false,
                        kLevels});
  return out;
}

/// Every key: kBaseKeys with those of `[[reforms]]` after the last key of `[reform]`.
std::vector<KeySpec> all_keys() {
  std::vector<KeySpec> out;
  for (size_t i = 0; i < kBaseKeys.size(); ++i) {
    out.push_back(kBaseKeys[i]);
    if (kBaseKeys[i].section == "reform" && (i + 1 == kBaseKeys.size() || kBaseKeys[i + 1].section != "reform"))
      for (KeySpec& k : reforms_keys()) out.push_back(std::move(k));
  }
  return out;
}

const std::vector<KeySpec> kKeys = all_keys();

// Short forms in [[policy.events]] other than the bare changeable keys of [policy]: the
// key, and the section whose changeable key it sets.
constexpr std::array<std::pair<std::string_view, std::string_view>, 1> kEventAliases{{{"ration_food", "state"}}};
constexpr std::string_view kShortFormSection = "policy";

}  // namespace

GroupScope::GroupScope(const std::vector<GroupDesc>& groups) : previous_(tl_groups) { tl_groups = &groups; }
GroupScope::~GroupScope() { tl_groups = previous_; }

std::string default_groups_toml() {
  std::string out;
  for (const GroupDesc& g : default_groups())
    out += "[[groups]]\nid = \"" + g.id + "\"\nname = \"" + g.name + "\"\nindustry = " + (g.industry ? "true" : "false") +
           "\nrole = \"" + to_string(g.role) + "\"\n";
  return out;
}

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

std::vector<std::string> changeable_keys(std::string_view section) {
  std::vector<std::string> out;
  for (const KeySpec& k : kKeys)
    if (k.section == section && k.changeable) out.emplace_back(k.key);
  return out;
}

std::vector<std::string> changeable_paths() {
  // Keys of tables as SECTION.KEY, then those of id-keyed sections as SECTION.ID.KEY.
  std::vector<std::string> out, of_elements;
  for (const KeySpec& k : kKeys) {
    if (!k.changeable) continue;
    const SectionSpec* s = find_section(k.section);
    if (s && s->shape == Shape::id_array)
      of_elements.push_back(std::string(k.section) + ".ID." + std::string(k.key));
    else
      out.push_back(std::string(k.section) + "." + std::string(k.key));
  }
  out.insert(out.end(), of_elements.begin(), of_elements.end());
  return out;
}

const KeySpec* event_short_form(std::string_view key) {
  for (const auto& [alias, section] : kEventAliases)
    if (alias == key) return find_key(section, key);
  const KeySpec* k = find_key(kShortFormSection, key);
  return k && k->changeable ? k : nullptr;
}

std::vector<std::string> event_short_forms() {
  std::vector<std::string> out = changeable_keys(kShortFormSection);
  for (const auto& [alias, section] : kEventAliases) out.emplace_back(alias);
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
