// lightind: turning a validated scenario tree into the frozen Description.
// The tree has every key with a default (filled in by validate()), so reads here cannot
// miss. Keys bound to a field of the Description (schema.cpp) are written by one loop,
// fill(); what is left here is irregular: ids turned into indices, the input table,
// endowments, and the checks that need the whole description.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <typeinfo>

#include <fmt/format.h>

#include "lightind/indicators.hpp"
#include "lightind/limits.hpp"

#include "lightind/scenario.hpp"
#include "scenario/schema.hpp"
#include "scenario/validate.hpp"

namespace lightind::detail {

/// Most sectors and regions a scenario may have (build_description says why).
constexpr size_t kMaxSectors = 4096;
constexpr size_t kMaxRegions = 32767;

namespace {

const Value& at(const Value& t, std::string_view key) { return *t.find(key); }
const std::string& str(const Value& t, std::string_view key) { return at(t, key).str; }

/// Writes every key of `section` that is bound to a field (schema.hpp Field) and present
/// in `t` into `obj`, the struct that section fills.
template <class T>
void fill(std::string_view section, const Value& t, T& obj) {
  for (const KeySpec& k : keys()) {
    if (k.section != section || !k.field) continue;
    if (*k.field.owner != typeid(T))  // a mistake in schema.cpp, caught by the loader tests
      throw std::logic_error("schema: " + std::string(section) + "." + std::string(k.key) + " is bound to a field of " +
                             k.field.owner->name() + ", not of " + typeid(T).name());
    if (const Value* v = t.find(k.key)) k.field.set(&obj, *v);
  }
}

/// A new T with the keys of `section` filled from `t`.
template <class T>
T filled(std::string_view section, const Value& t) {
  T obj;
  fill(section, t, obj);
  return obj;
}

/// The indices of the ids in a list, by `index_of` (validate() accepted only defined ids).
std::vector<int> indices_of(const Value& list, const std::map<std::string, int, std::less<>>& index_of) {
  std::vector<int> out;
  for (const Value& item : list.items) out.push_back(index_of.find(item.str)->second);
  return out;
}

/// The overrides of one [[policy.events]] element (validate() checked them): its short
/// forms (`local_share`) and its tables of changeable keys (`state.state_wage`), in the
/// order written, each built from its key's line of the schema. A key set twice (once short,
/// once as SECTION.KEY) is rejected. A key of one sector (`sectors.ID.state_price`) is
/// bound to that sector's element of the values in force, one of a reform (`reforms.ID.KEY`)
/// to that reform's.
void add_overrides(const Value& t, PolicyEventDesc& ev, const Description& d) {
  const auto add = [&](const KeySpec& k, const Value& v) {
    const std::string key = std::string(k.section) + "." + std::string(k.key);
    if (ev.find(key))
      throw ScenarioError(v.file, v.line, "policy.events." + ev.id + "." + key, "each key set once in an event",
                          quoted(key) + " set twice (as a short form and as " + key + ")");
    ev.overrides.push_back(EventOverride{key, toml_text(v), k.field.bind(v)});
  };
  for (const Entry& e : t.entries) {
    if (find_key("policy.events", e.key)) continue;
    if (const KeySpec* k = event_short_form(e.key)) {
      add(*k, e.value);
      continue;
    }
    if (e.key == "sectors") {  // validate() checked the ids and keys
      for (const Entry& sector : e.value.entries)
        for (const Entry& sub : sector.value.entries) {
          const KeySpec& k = *find_key(e.key, sub.key);
          const auto index = static_cast<size_t>(d.sector_index(sector.key));
          ev.overrides.push_back(EventOverride{"sectors." + sector.key + "." + sub.key, toml_text(sub.value),
                                               k.field.bind_at(sub.value, index)});
        }
      continue;
    }
    if (e.key != "reforms") {
      for (const Entry& sub : e.value.entries) add(*find_key(e.key, sub.key), sub.value);
      continue;
    }
    // `reforms.ID.KEY`: the key of the element ID of [[reforms]] (InForce::reforms).
    for (const Entry& element : e.value.entries) {
      const auto r = static_cast<size_t>(
          std::find_if(d.reforms.begin(), d.reforms.end(), [&](const ReformDesc& x) { return x.id == element.key; }) -
          d.reforms.begin());
      for (const Entry& sub : element.value.entries) {
        const KeySpec& k = *find_key("reforms", sub.key);
        const std::string key = "reforms." + element.key + "." + sub.key;
        if (ev.find(key))
          throw ScenarioError(sub.value.file, sub.value.line, "policy.events." + ev.id + "." + key,
                              "each key set once in an event", quoted(key) + " set twice");
        ev.overrides.push_back(EventOverride{
            key, toml_text(sub.value), [set = k.field.set, v = sub.value, r](InForce& in) { set(&in.reforms[r], v); }});
      }
    }
  }
}

/// The section of `in` that a field of type `owner` belongs to; nullptr when none.
const void* section_in(const InForce& in, const std::type_info& owner) {
  if (owner == typeid(HouseholdsDesc)) return &in.households;
  if (owner == typeid(StateDesc)) return &in.state;
  if (owner == typeid(WorldDesc)) return &in.world;
  if (owner == typeid(PricesDesc)) return &in.prices;
  if (owner == typeid(PolicyDesc)) return &in.policy;
  if (owner == typeid(ReformDesc)) return &in.reform;
  return nullptr;
}

/// The cross checks between two keys (Check::sum_at_most_one) that events may change, on
/// the values in force after each event: an event that raises one of them must not push
/// the pair past its bound. The error names the event's line.
/// A reform that takes place starts within the run (issue 14 item 2), for `[reform]` and each
/// element of `[[reforms]]` alike: a start before `scenario.start` would act unseen in the
/// spin-up, a start after `scenario.end` never; either is an error at the key (a `--set
/// reform.start=...` too), not a silent no-op. One exception: when `scenario.end` itself comes
/// from `--set` (a shortened run, as tests and `fit` make), a reform after it is accepted and
/// the shortened run simply ends before it.
void check_reform_dates(const Description& d, const ReformDesc& rf, const Value& reform, const Value& scenario,
                        const std::string& path) {
  if (!rf.enabled) return;
  const Value& v = at(reform, "start");
  if (rf.start < d.start)
    throw ScenarioError(v.file, v.line, path + ".start", "a month not before the run's start (" + d.start.str() + ")",
                        rf.start.str());
  if (d.end < rf.start && at(scenario, "end").file != "--set")
    throw ScenarioError(v.file, v.line, path + ".start", "a month not after the run's end (" + d.end.str() + ")",
                        rf.start.str());
}

/// `[[reforms]]`: each element's terms (the keys it shares with `[reform]`) and scope, its
/// start checked like `[reform]`'s. An enterprise joins the first reform in file order whose
/// scope covers it (docs/MODEL.md section 4), so scopes may overlap.
void build_reforms(Description& d, const Value& list, const Value& scenario) {
  constexpr size_t kMaxReforms = 64;  // the engine holds an enterprise's reform in 8 bits
  if (list.items.size() > kMaxReforms)
    throw ScenarioError(list.items[kMaxReforms].file, list.items[kMaxReforms].line, "reforms",
                        fmt::format("at most {} reforms", kMaxReforms), fmt::format("{} reforms", list.items.size()));
  for (const Value& t : list.items) {
    ReformDesc rf = filled<ReformDesc>("reforms", t);
    if (at(t, "groups").items.empty()) rf.groups.fill(true);
    rf.sectors.clear();
    for (const Value& s : at(t, "sectors").items) rf.sectors.push_back(d.sector_index(s.str));
    for (const Value& r : at(t, "regions").items) rf.regions.push_back(d.region_index(r.str));
    for (const Value& l : at(t, "levels").items) rf.levels.push_back(enum_of<Level>(l.str));
    if (!t.find("rights_date")) rf.rights_date = rf.start;
    check_reform_dates(d, rf, t, scenario, "reforms." + rf.id);
    d.reforms.push_back(std::move(rf));
  }
}

/// Key `k` and its sibling `other` (Check::sum_at_most_one) of one section's values in force
/// after event `ev`: their sum at most 1, else an error on the event's line.
void check_pair_in_force(const KeySpec& k, const KeySpec& other, const void* owner, const std::string& prefix,
                         const PolicyEventDesc& ev, const Value& policy) {
  const double x = k.field.get(owner).as_double(), y = other.field.get(owner).as_double();
  if (x + y <= 1.0 + 1e-9) return;
  const std::string path = prefix + std::string(k.key);
  const std::string other_path = prefix + std::string(k.other);
  const Value* where = &policy;
  for (const Value& t : at(policy, "events").items)
    if (const std::string* id = t.id(); id && *id == ev.id) where = &t;
  throw ScenarioError(where->file, where->line, "policy.events." + ev.id,
                      "values in force with " + path + " + " + other_path + " <= 1",
                      fmt::format("{} = {} and {} = {} in force from {} (sum {:.10g})", path, format_number(x),
                                  other_path, format_number(y), ev.date.str(), x + y));
}

void check_events_in_force(const Description& d, const Value& policy) {
  InForce in = d;
  for (const PolicyEventDesc& ev : d.events) {
    for (const EventOverride& o : ev.overrides) o.apply(in);
    for (const KeySpec& k : keys()) {
      if (k.check != Check::sum_at_most_one || !k.changeable) continue;
      const KeySpec* other = find_key(k.section, k.other);
      if (!other || !other->field) continue;
      // The section's values in force; each element of [[reforms]], named by its id.
      std::vector<std::pair<const void*, std::string>> owners;
      if (k.section == "reforms") {
        for (const ReformDesc& r : in.reforms) owners.emplace_back(&r, "reforms." + r.id + ".");
      } else if (const void* owner = section_in(in, *k.field.owner)) {
        owners.emplace_back(owner, std::string(k.section) + ".");
      }
      for (const auto& [owner, prefix] : owners)
        check_pair_in_force(k, *other, owner, prefix, ev, policy);
    }
  }
}
std::string radius_text(double r) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::fabs(r) < 1e6 ? "%.3f" : "%.3g", r);
  return std::string("spectral radius ") + buf;
}

}  // namespace

namespace {

/// Household agents of a run: per region max(1, round(population / household_size / scale)),
/// as Economy's constructor makes them.
double household_agents(const Description& d) {
  double agents = 0;
  for (const RegionDesc& r : d.regions)
    agents += std::max(1.0, std::round(r.population / d.households.household_size / d.households.scale));
  return agents;
}

/// Rejects a scenario whose run would need more agents or months than current_limits()
/// allow (include/lightind/limits.hpp), before anything large is allocated.
void check_limits(const Description& d, const Value& root) {
  const Limits lim = current_limits();
  const double households = household_agents(d);
  double enterprises = static_cast<double>(d.enterprises.size());
  for (const GeneratorDesc& g : d.generators) enterprises += g.count;
  const double agents = households + enterprises;
  if (!(agents <= static_cast<double>(lim.max_agents))) {
    const Value& hh = at(root, "households");
    const Value& scale = at(hh, "scale");
    const std::string why =
        lim.agents_source == "memory"
            ? fmt::format("{:.0f}% of this machine's {:.1f} GiB of memory at about {:.0f} bytes an agent",
                          100 * kMemoryShare, static_cast<double>(lim.memory_bytes) / (1u << 30), kBytesPerHousehold)
            : "LIGHTIND_MAX_AGENTS";
    throw ScenarioError(scale.file, scale.line, "households.scale",
                        fmt::format("at most {} agents ({}; raise households.scale, or the limit with --max-agents "
                                    "or LIGHTIND_MAX_AGENTS)",
                                    lim.max_agents, why),
                        fmt::format("{:.0f} agents ({:.0f} households of population / household_size / scale, "
                                    "{:.0f} enterprises)",
                                    agents, households, enterprises));
  }
  const std::int64_t months = std::int64_t{d.spin_up_months} + d.months();
  if (months > lim.max_months) {
    const Value& sc = at(root, "scenario");
    const Value& where = d.spin_up_months > d.months() ? at(sc, "spin_up_months") : at(sc, "end");
    throw ScenarioError(where.file, where.line,
                        d.spin_up_months > d.months() ? "scenario.spin_up_months" : "scenario.end",
                        fmt::format("a run of at most {} months, spin-up included ({}; change with --max-months or "
                                    "LIGHTIND_MAX_MONTHS)",
                                    lim.max_months, lim.months_source == "default" ? "the default" : lim.months_source),
                        fmt::format("{} months ({} of spin-up, {} from {} to {})", months, d.spin_up_months,
                                    d.months(), d.start.str(), d.end.str()));
  }
}

/// The sectors of the groups in `groups` and those in `sectors`, each once, ascending.
std::vector<int> sectors_of(const Description& d, const Value& groups, const Value& sectors) {
  std::vector<unsigned char> in(d.sectors.size(), 0);
  for (const Value& g : groups.items)
    for (size_t k = 0; k < d.sectors.size(); ++k)
      if (d.group_id(d.sectors[k].group) == g.str) in[k] = 1;
  for (const Value& s : sectors.items) in[static_cast<size_t>(d.sector_index(s.str))] = 1;
  std::vector<int> out;
  for (size_t k = 0; k < in.size(); ++k)
    if (in[k]) out.push_back(static_cast<int>(k));
  return out;
}

/// [[aggregates]]: the sectors each sums (and, for a share, divides by), checked: a sum of
/// no sector, a share over no sector, or an id a built-in indicator has is an error.
void build_aggregates(Description& d, const Value& list) {
  for (const Value& t : list.items) {
    AggregateDesc a = filled<AggregateDesc>("aggregates", t);
    a.share = str(t, "kind") == "share";
    a.measure = enum_of<AggregateMeasure>(str(t, "measure"));
    a.of = sectors_of(d, at(t, "groups"), at(t, "sectors"));
    a.source_line = t.line;
    const std::string path = "aggregates." + a.id;
    const Value& idv = at(t, "id");
    const std::vector<const indicators::Indicator*> added = indicators::registered();
    if (indicators::find(a.id) &&
        std::none_of(added.begin(), added.end(), [&](const indicators::Indicator* i) { return i->name == a.id; }))
      throw ScenarioError(idv.file, idv.line, path + ".id", "an id that is no built-in indicator's name",
                          quoted(a.id) + " (a built-in indicator, docs/INDICATORS.md)");
    if (a.of.empty())
      throw ScenarioError(t.file, t.line, path + ".groups",
                          "at least one sector summed (a group with sectors in `groups`, or `sectors`)", "no sector");
    if (a.share) {
      a.over = sectors_of(d, at(t, "over_groups"), at(t, "over_sectors"));
      if (at(t, "over_groups").items.empty() && at(t, "over_sectors").items.empty())
        for (size_t k = 0; k < d.sectors.size(); ++k)
          if (d.groups[static_cast<size_t>(d.sectors[k].group)].industry) a.over.push_back(static_cast<int>(k));
      if (a.over.empty())
        throw ScenarioError(t.file, t.line, path + ".over_groups",
                            "a denominator with at least one sector (`over_groups`, `over_sectors`, or a group with "
                            "industry = true)",
                            "no sector");
    }
    d.aggregates.push_back(std::move(a));
  }
}

/// The unit of an aggregate's indicator.
std::string aggregate_unit(const Description& d, const AggregateDesc& a) {
  if (a.share) return "share";
  switch (a.measure) {
    case AggregateMeasure::output: return d.currency + "/month at base-year state prices";
    case AggregateMeasure::capacity: return d.currency + "/year at base-year state prices";
    case AggregateMeasure::investment: return "units/month";
  }
  return "";
}

}  // namespace

void register_scenario_indicators(const Description& d) {
  std::vector<std::string> ids;
  for (const GroupDesc& g : d.groups) ids.push_back(g.id);
  indicators::register_groups(ids);
  for (const AggregateDesc& a : d.aggregates) {
    indicators::ScenarioIndicator i;
    i.name = a.id;
    i.label = a.name;
    i.unit = aggregate_unit(d, a);
    std::string parts;
    for (int k : a.of) parts += (parts.empty() ? "" : ", ") + d.sectors[static_cast<size_t>(k)].id;
    i.doc = fmt::format("scenario aggregate ({}): {} of {}", d.name, a.share ? "share" : "sum", parts);
    i.direction = indicators::Direction::neither;
    const bool flow = !a.share && a.measure != AggregateMeasure::capacity;
    i.over_time = flow ? indicators::OverTime::flow : indicators::OverTime::level;
    i.over_parts = indicators::OverParts::none;
    i.difference = a.share ? indicators::DifferenceKind::share_points : indicators::DifferenceKind::percent;
    indicators::register_indicator(i);
  }
  for (const ReformDesc& r : d.reforms) {
    indicators::ScenarioIndicator i;
    i.name = reformed_share_name(r.id);
    i.label = "Reformed share, " + r.id;
    i.unit = "share of the enterprises it covers";
    i.doc = fmt::format("scenario reform ({}): enterprises that have joined reform {} / the enterprises its scope "
                        "covers (its phase-in)",
                        d.name, r.id);
    i.direction = indicators::Direction::neither;
    i.over_time = indicators::OverTime::level;
    i.over_parts = indicators::OverParts::none;
    i.difference = indicators::DifferenceKind::share_points;
    indicators::register_indicator(i);
  }
}

Description build_description(const Value& root, const std::string& file, std::uint64_t seed_override) {
  Description d;
  d.file = file;
  fill("scenario", at(root, "scenario"), d);

  // Sector groups (validate() added the five defaults to a scenario without [[groups]]);
  // group ids in later keys resolve against them.
  const std::vector<Value>& groups = at(root, "groups").items;
  d.groups.clear();
  if (groups.size() > static_cast<size_t>(kMaxGroups))
    throw ScenarioError(groups[kMaxGroups].file, groups[kMaxGroups].line, "groups",
                        fmt::format("at most {} groups", kMaxGroups), fmt::format("{} groups", groups.size()));
  for (const Value& t : groups) {
    GroupDesc g = filled<GroupDesc>("groups", t);
    if (g.role != GroupRole::none)
      if (const int other = d.group_with(g.role); other >= 0) {
        const Value& role = at(t, "role");
        throw ScenarioError(role.file, role.line, "groups." + g.id + ".role",
                            "each role held by at most one group", fmt::format("role \"{}\" already held by group \"{}\"",
                                                                               to_string(g.role), d.groups[static_cast<size_t>(other)].id));
      }
    d.groups.push_back(std::move(g));
  }
  const GroupScope scope(d.groups);
  std::map<std::string, int, std::less<>> group_at;
  for (size_t g = 0; g < d.groups.size(); ++g) group_at.emplace(d.groups[g].id, static_cast<int>(g));

  const std::vector<Value>& sectors = at(root, "sectors").items;
  for (const Value& t : sectors) {
    SectorDesc s = filled<SectorDesc>("sectors", t);
    s.group = static_cast<Group>(group_at.find(str(t, "group"))->second);
    s.base_price = s.state_price;  // the base year's price: real quantities stay valued at it
    d.sectors.push_back(std::move(s));
  }
  // The input-output matrix is dense and the series index sectors and regions with 16 bits.
  if (sectors.size() > kMaxSectors)
    throw ScenarioError(sectors[kMaxSectors].file, sectors[kMaxSectors].line, "sectors",
                        fmt::format("at most {} sectors (the input-output matrix is dense: {} numbers, {} MiB)",
                                    kMaxSectors, kMaxSectors * kMaxSectors, kMaxSectors * kMaxSectors * 8 >> 20),
                        fmt::format("{} sectors", sectors.size()));
  if (const auto& regions = at(root, "regions").items; regions.size() > kMaxRegions)
    throw ScenarioError(regions[kMaxRegions].file, regions[kMaxRegions].line, "regions",
                        fmt::format("at most {} regions (results index regions with 16 bits)", kMaxRegions),
                        fmt::format("{} regions", regions.size()));
  // a[i*n + j] = units of good i per unit of good j = sectors[j].inputs[sectors[i].id]
  const size_t n = d.sectors.size();
  d.a.assign(n * n, 0.0);
  for (size_t j = 0; j < n; ++j)
    for (const Entry& e : at(sectors[j], "inputs").entries)
      d.a[static_cast<size_t>(d.sector_index(e.key)) * n + j] = e.value.as_double();

  for (const Value& t : at(root, "regions").items) {
    RegionDesc r = filled<RegionDesc>("regions", t);
    for (const Entry& e : at(t, "endowments").entries)
      r.endowment[static_cast<size_t>(enum_of<Endowment>(e.key))] = e.value.as_double();
    d.regions.push_back(std::move(r));
  }

  for (const Value& t : at(root, "enterprises").items) {
    EnterpriseDesc e = filled<EnterpriseDesc>("enterprises", t);
    e.sector = d.sector_index(str(t, "sector"));
    e.region = d.region_index(str(t, "region"));
    e.source_line = t.line;
    d.enterprises.push_back(std::move(e));
  }

  std::int64_t generated = 0;
  constexpr std::int64_t kMaxGeneratedInAll = 1'000'000;
  for (const Value& t : at(root, "generators").items) {
    GeneratorDesc g = filled<GeneratorDesc>("generators", t);
    g.sector = d.sector_index(str(t, "sector"));
    g.source_line = t.line;
    generated += g.count;
    if (generated > kMaxGeneratedInAll)
      throw ScenarioError(at(t, "count").file, at(t, "count").line, "generators." + g.id + ".count",
                          "at most " + std::to_string(kMaxGeneratedInAll) + " generated enterprises in all",
                          std::to_string(generated) + " so far");
    double total = 0.0;
    for (const RegionDesc& r : d.regions) total += region_weight(r, g.weight);
    if (!(total > 0.0))
      throw ScenarioError(at(t, "weight").file, at(t, "weight").line, "generators." + g.id + ".weight",
                          "a weight with a positive total over the regions", quoted(g.weight) + " (total 0)");
    d.generators.push_back(std::move(g));
  }

  fill("households", at(root, "households"), d.households);

  check_limits(d, root);

  fill("state", at(root, "state"), d.state);
  fill("world", at(root, "world"), d.world);
  fill("prices", at(root, "prices"), d.prices);
  const Value& po = at(root, "policy");
  fill("policy", po, d.policy);
  fill("plan", at(root, "plan"), d.policy);

  // The reforms before the events, which may change their terms (`reforms.ID.KEY`).
  fill("reform", at(root, "reform"), d.reform);
  if (!at(root, "reform").find("rights_date")) d.reform.rights_date = d.reform.start;
  check_reform_dates(d, d.reform, at(root, "reform"), at(root, "scenario"), "reform");
  build_reforms(d, at(root, "reforms"), at(root, "scenario"));

  for (const Value& t : at(po, "events").items) {
    PolicyEventDesc ev = filled<PolicyEventDesc>("policy.events", t);
    if (const Value* v = t.find("plan_targets")) {
      for (const Entry& e : v->entries) ev.plan_targets.emplace_back(d.sector_index(e.key), e.value.as_double());
      if (!t.find("plan_end"))
        throw ScenarioError(v->file, v->line, "policy.events." + ev.id + ".plan_targets",
                            "plan_end set beside plan_targets (the month the targets are for)", "no plan_end");
    }
    add_overrides(t, ev, d);
    ev.source_line = t.line;
    d.events.push_back(std::move(ev));
  }
  // In date order; events of the same month keep the order of the file (after extends).
  std::stable_sort(d.events.begin(), d.events.end(),
                   [](const PolicyEventDesc& a, const PolicyEventDesc& b) { return a.date < b.date; });

  check_events_in_force(d, po);

  // Ids to indices for the lists and references of the policy sections (listed
  // enterprises only: generated ones are appended after them below).
  std::map<std::string, int, std::less<>> sector_at, region_at, enterprise_at;
  for (size_t i = 0; i < d.sectors.size(); ++i) sector_at.emplace(d.sectors[i].id, static_cast<int>(i));
  for (size_t i = 0; i < d.regions.size(); ++i) region_at.emplace(d.regions[i].id, static_cast<int>(i));
  for (size_t i = 0; i < d.enterprises.size(); ++i) enterprise_at.emplace(d.enterprises[i].id, static_cast<int>(i));

  for (const Value& t : at(root, "projects").items) {
    ProjectDesc p = filled<ProjectDesc>("projects", t);
    p.enterprise = enterprise_at.find(str(t, "enterprise"))->second;
    p.new_build = str(t, "kind") == "new";
    if (const Value* v = t.find("gestation_months")) p.gestation_months = static_cast<int>(v->integer);
    if (p.new_build && p.capacity == 0.0) p.capacity = d.enterprises[static_cast<size_t>(p.enterprise)].capacity;
    p.source_line = t.line;
    d.projects.push_back(std::move(p));
  }

  for (const Value& t : at(root, "guidance").items) {
    GuidanceDesc g = filled<GuidanceDesc>("guidance", t);
    g.enterprise = enterprise_at.find(str(t, "enterprise"))->second;
    g.source_line = t.line;
    d.guidance.push_back(g);
  }

  for (const Value& t : at(root, "channels").items) {
    ChannelDesc c = filled<ChannelDesc>("channels", t);
    c.enterprises = indices_of(at(t, "enterprises"), enterprise_at);
    const Value* opens = t.find("opens");
    c.opens = opens ? *month_of(*opens) : d.start;
    c.source_line = t.line;
    d.channels.push_back(std::move(c));
  }

  for (const Value& t : at(root, "fairs").items) {
    FairDesc f = filled<FairDesc>("fairs", t);
    f.sectors = indices_of(at(t, "sectors"), sector_at);
    f.source_line = t.line;
    d.fairs.push_back(std::move(f));
  }

  for (const Value& t : at(root, "shocks").items) {
    ShockDesc sh = filled<ShockDesc>("shocks", t);
    sh.sectors = indices_of(at(t, "sectors"), sector_at);
    sh.regions = indices_of(at(t, "regions"), region_at);
    sh.source_line = t.line;
    d.shocks.push_back(std::move(sh));
  }

  // The Leontief inverse (I - A)^-1 exists and is non-negative only when rho(A) < 1.
  const double rho = spectral_radius(d);
  if (!(rho < 1.0)) {
    size_t worst = 0;
    double worst_sum = -1.0;
    for (size_t j = 0; j < n; ++j) {
      double col = 0.0;
      for (size_t i = 0; i < n; ++i) col += d.a[i * n + j];
      if (col > worst_sum) {
        worst_sum = col;
        worst = j;
      }
    }
    const Value& inputs = at(sectors[worst], "inputs");
    throw ScenarioError(inputs.file, inputs.line, "sectors.inputs",
                        "a productive input-output matrix (spectral radius < 1)", radius_text(rho));
  }

  build_aggregates(d, at(root, "aggregates"));
  register_scenario_indicators(d);

  expand_generators(d, seed_override != 0 ? seed_override : d.seed);
  return d;
}

}  // namespace lightind::detail
