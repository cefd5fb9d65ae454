// lightind: turning a validated scenario tree into the frozen Description.
// The tree has every key with a default (filled in by validate()), so reads here cannot
// miss; optional keys (no default in the schema) are read with opt_* into std::optional.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <fmt/format.h>

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
double num(const Value& t, std::string_view key) { return at(t, key).as_double(); }
int integer(const Value& t, std::string_view key) { return static_cast<int>(at(t, key).integer); }
const std::string& str(const Value& t, std::string_view key) { return at(t, key).str; }
bool flag(const Value& t, std::string_view key) { return at(t, key).boolean; }
YearMonth month(const Value& t, std::string_view key) { return *month_of(at(t, key)); }

std::optional<double> opt_num(const Value& t, std::string_view key) {
  const Value* v = t.find(key);
  return v ? std::optional<double>(v->as_double()) : std::nullopt;
}
std::optional<YearMonth> opt_month(const Value& t, std::string_view key) {
  const Value* v = t.find(key);
  return v ? month_of(*v) : std::nullopt;
}

/// The enumerator whose `to_string` is `word`; enumerators are scanned from 0 until
/// to_string answers "?", so a value added to an enum needs no change here.
template <class E>
E enum_of(const std::string& word) {
  for (int i = 0; i < 256; ++i) {
    const std::string_view name = to_string(static_cast<E>(i));
    if (name == "?") break;
    if (name == word) return static_cast<E>(i);
  }
  return static_cast<E>(0);  // unreachable: validate() accepted only the schema's words
}

/// The enumerators named by a list of words (validate() accepted only the schema's words).
template <class E>
std::vector<E> enums_of(const Value& list) {
  std::vector<E> out;
  for (const Value& item : list.items) out.push_back(enum_of<E>(item.str));
  return out;
}

/// The indices of the ids in a list, by `index_of` (validate() accepted only defined ids).
std::vector<int> indices_of(const Value& list, const std::map<std::string, int, std::less<>>& index_of) {
  std::vector<int> out;
  for (const Value& item : list.items) out.push_back(index_of.find(item.str)->second);
  return out;
}

std::array<double, kGroupCount> group_shares(const Value& table) {
  std::array<double, kGroupCount> out{};
  for (const Entry& e : table.entries) out[static_cast<size_t>(enum_of<Group>(e.key))] = e.value.as_double();
  return out;
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

}  // namespace

Description build_description(const Value& root, const std::string& file, std::uint64_t seed_override) {
  Description d;
  d.file = file;

  const Value& sc = at(root, "scenario");
  d.name = str(sc, "name");
  d.title = str(sc, "title");
  d.seed = static_cast<std::uint64_t>(at(sc, "seed").integer);
  d.start = *month_of(at(sc, "start"));
  d.end = *month_of(at(sc, "end"));
  d.automation_saving = num(sc, "automation_saving");
  d.spin_up_months = static_cast<int>(at(sc, "spin_up_months").integer);

  const std::vector<Value>& sectors = at(root, "sectors").items;
  for (const Value& t : sectors) {
    SectorDesc s;
    s.id = str(t, "id");
    s.name = str(t, "name");
    s.group = enum_of<Group>(str(t, "group"));
    s.final_use = enum_of<FinalUse>(str(t, "final_use"));
    s.labour_per_unit = num(t, "labour_per_unit");
    s.capital_per_unit = num(t, "capital_per_unit");
    s.gestation_months = integer(t, "gestation_months");
    s.depreciation = num(t, "depreciation");
    s.state_price = num(t, "state_price");
    s.import_per_unit = num(t, "import_per_unit");
    s.export_share = num(t, "export_share");
    s.export_price = num(t, "export_price");
    s.initial_stock_months = num(t, "initial_stock_months");
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
    RegionDesc r;
    r.id = str(t, "id");
    r.name = str(t, "name");
    r.population = num(t, "population");
    r.urban_share = num(t, "urban_share");
    for (const Entry& e : at(t, "endowments").entries)
      r.endowment[static_cast<size_t>(enum_of<Endowment>(e.key))] = e.value.as_double();
    d.regions.push_back(std::move(r));
  }

  for (const Value& t : at(root, "enterprises").items) {
    EnterpriseDesc e;
    e.id = str(t, "id");
    e.name = str(t, "name");
    e.brand = str(t, "brand");
    e.sector = d.sector_index(str(t, "sector"));
    e.region = d.region_index(str(t, "region"));
    e.level = enum_of<Level>(str(t, "level"));
    e.capacity = num(t, "capacity");
    e.efficiency = num(t, "efficiency");
    e.automation = num(t, "automation");
    e.quality = num(t, "quality");
    e.varieties = integer(t, "varieties");
    e.reputation = num(t, "reputation");
    e.reform = flag(t, "reform");
    e.source_line = t.line;
    d.enterprises.push_back(std::move(e));
  }

  std::int64_t generated = 0;
  constexpr std::int64_t kMaxGeneratedInAll = 1'000'000;
  for (const Value& t : at(root, "generators").items) {
    GeneratorDesc g;
    g.id = str(t, "id");
    g.sector = d.sector_index(str(t, "sector"));
    g.level = enum_of<Level>(str(t, "level"));
    g.count = integer(t, "count");
    g.capacity = num(t, "capacity");
    g.weight = str(t, "weight");
    g.size_dispersion = num(t, "size_dispersion");
    g.efficiency = num(t, "efficiency");
    g.automation = num(t, "automation");
    g.quality = num(t, "quality");
    g.varieties = integer(t, "varieties");
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

  const Value& hh = at(root, "households");
  d.households.scale = num(hh, "scale");
  d.households.household_size = num(hh, "household_size");
  d.households.subsistence = num(hh, "subsistence");
  d.households.food_need = num(hh, "food_need");
  d.households.consume_share = num(hh, "consume_share");
  d.households.income_dispersion = num(hh, "income_dispersion");
  d.households.income_shock = num(hh, "income_shock");
  d.households.variety_elasticity = num(hh, "variety_elasticity");
  d.households.workers_per_household = num(hh, "workers_per_household");
  d.households.initial_cash_months = num(hh, "initial_cash_months");
  d.households.plot_food = num(hh, "plot_food");
  d.households.trader_share = num(hh, "trader_share");

  check_limits(d, root);

  const Value& st = at(root, "state");
  d.state.state_wage = num(st, "state_wage");
  d.state.ration_food = num(st, "ration_food");
  d.state.retail_markup = num(st, "retail_markup");
  d.state.surplus_remittance = num(st, "surplus_remittance");
  d.state.public_employment = num(st, "public_employment");
  d.state.surplus_to_wages = num(st, "surplus_to_wages");
  d.state.shop_share = num(st, "shop_share");
  d.state.labour_reallocation = num(st, "labour_reallocation");

  const Value& w = at(root, "world");
  d.world.fx_reserves = num(w, "fx_reserves");
  d.world.exchange_rate = num(w, "exchange_rate");
  d.world.import_share_of_fx = num(w, "import_share_of_fx");
  d.world.other_fx_income = num(w, "other_fx_income");
  d.world.import_substitution = num(w, "import_substitution");
  d.world.reserve_months = num(w, "reserve_months");
  d.world.capital_import_price = num(w, "capital_import_price");
  d.world.consumer_imports = num(w, "consumer_imports");

  const Value& pr = at(root, "prices");
  d.prices.market_premium = num(pr, "market_premium");
  d.prices.market_margin = num(pr, "market_margin");
  d.prices.adjustment = num(pr, "adjustment");
  d.prices.stickiness = num(pr, "stickiness");

  const Value& po = at(root, "policy");
  d.policy.investment_share = group_shares(at(po, "investment_share"));
  d.policy.local_share = num(po, "local_share");
  d.policy.materials_priority = enums_of<Group>(at(po, "materials_priority"));
  d.policy.materials_priority_share = num(po, "materials_priority_share");
  d.policy.brand_spillover = num(po, "brand_spillover");
  d.policy.defence_share = num(po, "defence_share");
  d.policy.local_endowment_use = num(po, "local_endowment_use");
  d.policy.light_efficiency_target = num(po, "light_efficiency_target");
  d.policy.restoration_speed = num(po, "restoration_speed");
  const Value& pl = at(root, "plan");
  d.policy.plan_method = str(pl, "method");
  d.policy.plan_investment_floor = num(pl, "investment_floor");
  d.policy.plan_max_expansion = num(pl, "max_expansion");
  d.policy.plan_target_weight = num(pl, "target_weight");

  for (const Value& t : at(po, "events").items) {
    PolicyEventDesc ev;
    ev.date = month(t, "date");
    ev.id = str(t, "id");
    ev.text = str(t, "text");
    if (const Value* v = t.find("investment_share")) ev.investment_share = group_shares(*v);
    ev.local_share = opt_num(t, "local_share");
    if (const Value* v = t.find("materials_priority")) ev.materials_priority = enums_of<Group>(*v);
    ev.materials_priority_share = opt_num(t, "materials_priority_share");
    ev.defence_share = opt_num(t, "defence_share");
    ev.light_efficiency_target = opt_num(t, "light_efficiency_target");
    ev.restoration_speed = opt_num(t, "restoration_speed");
    ev.ration_food = opt_num(t, "ration_food");
    if (const Value* v = t.find("plan_targets")) {
      for (const Entry& e : v->entries) ev.plan_targets.emplace_back(d.sector_index(e.key), e.value.as_double());
      if (!t.find("plan_end"))
        throw ScenarioError(v->file, v->line, "policy.events." + ev.id + ".plan_targets",
                            "plan_end set beside plan_targets (the month the targets are for)", "no plan_end");
    }
    ev.plan_end = opt_month(t, "plan_end");
    ev.source_line = t.line;
    d.events.push_back(std::move(ev));
  }
  // In date order; events of the same month keep the order of the file (after extends).
  std::stable_sort(d.events.begin(), d.events.end(),
                   [](const PolicyEventDesc& a, const PolicyEventDesc& b) { return a.date < b.date; });

  const Value& rf = at(root, "reform");
  d.reform.enabled = flag(rf, "enabled");
  d.reform.start = month(rf, "start");
  d.reform.phase_in_months = integer(rf, "phase_in_months");
  d.reform.groups.fill(false);
  for (const Group g : enums_of<Group>(at(rf, "groups"))) d.reform.groups[static_cast<size_t>(g)] = true;
  d.reform.state_order_share = num(rf, "state_order_share");
  d.reform.profit_levy = num(rf, "profit_levy");
  d.reform.wage_fund_share = num(rf, "wage_fund_share");
  d.reform.development_share = num(rf, "development_share");
  d.reform.incentive_efficiency = num(rf, "incentive_efficiency");
  d.reform.incentive_scale = num(rf, "incentive_scale");
  d.reform.efficiency_response = num(rf, "efficiency_response");
  d.reform.rights_date = month(rf, "rights_date");
  d.reform.product_development = flag(rf, "product_development");
  d.reform.quality_management = flag(rf, "quality_management");
  d.reform.talent_management = flag(rf, "talent_management");
  d.reform.variety_cost = num(rf, "variety_cost");
  d.reform.quality_cost = num(rf, "quality_cost");
  d.reform.talent_reallocation = num(rf, "talent_reallocation");
  d.reform.development_share_max = num(rf, "development_share_max");

  // Ids to indices for the lists and references of the policy sections (listed
  // enterprises only: generated ones are appended after them below).
  std::map<std::string, int, std::less<>> sector_at, region_at, enterprise_at;
  for (size_t i = 0; i < d.sectors.size(); ++i) sector_at.emplace(d.sectors[i].id, static_cast<int>(i));
  for (size_t i = 0; i < d.regions.size(); ++i) region_at.emplace(d.regions[i].id, static_cast<int>(i));
  for (size_t i = 0; i < d.enterprises.size(); ++i) enterprise_at.emplace(d.enterprises[i].id, static_cast<int>(i));

  for (const Value& t : at(root, "projects").items) {
    ProjectDesc p;
    p.id = str(t, "id");
    p.enterprise = enterprise_at.find(str(t, "enterprise"))->second;
    p.new_build = str(t, "kind") == "new";
    p.start = month(t, "start");
    if (const Value* v = t.find("gestation_months")) p.gestation_months = static_cast<int>(v->integer);
    p.cost = num(t, "cost");
    p.capacity = num(t, "capacity");
    if (p.new_build && p.capacity == 0.0) p.capacity = d.enterprises[static_cast<size_t>(p.enterprise)].capacity;
    p.automation = opt_num(t, "automation");
    p.quality = opt_num(t, "quality");
    p.efficiency = opt_num(t, "efficiency");
    p.varieties = integer(t, "varieties");
    p.ramp_months = integer(t, "ramp_months");
    p.source_line = t.line;
    d.projects.push_back(std::move(p));
  }

  for (const Value& t : at(root, "guidance").items) {
    GuidanceDesc g;
    g.id = str(t, "id");
    g.date = month(t, "date");
    g.enterprise = enterprise_at.find(str(t, "enterprise"))->second;
    g.efficiency_boost = num(t, "efficiency_boost");
    g.half_life_months = num(t, "half_life_months");
    g.resources = num(t, "resources");
    g.reputation_boost = num(t, "reputation_boost");
    g.source_line = t.line;
    d.guidance.push_back(g);
  }

  for (const Value& t : at(root, "channels").items) {
    ChannelDesc c;
    c.id = str(t, "id");
    c.name = str(t, "name");
    c.kind = enum_of<ChannelKind>(str(t, "kind"));
    c.margin = num(t, "margin");
    c.enterprises = indices_of(at(t, "enterprises"), enterprise_at);
    c.share = num(t, "share");
    c.opens = opt_month(t, "opens").value_or(d.start);
    c.source_line = t.line;
    d.channels.push_back(std::move(c));
  }

  for (const Value& t : at(root, "fairs").items) {
    FairDesc f;
    f.date = month(t, "date");
    f.id = str(t, "id");
    f.sectors = indices_of(at(t, "sectors"), sector_at);
    f.participants = integer(t, "participants");
    f.winners_share = num(t, "winners_share");
    f.reputation_gain = num(t, "reputation_gain");
    f.development_push = num(t, "development_push");
    f.source_line = t.line;
    d.fairs.push_back(std::move(f));
  }

  for (const Value& t : at(root, "shocks").items) {
    ShockDesc sh;
    sh.id = str(t, "id");
    sh.kind = enum_of<ShockKind>(str(t, "kind"));
    sh.start = month(t, "start");
    sh.end = opt_month(t, "end");
    sh.sectors = indices_of(at(t, "sectors"), sector_at);
    sh.severity = num(t, "severity");
    sh.reopen_months = integer(t, "reopen_months");
    sh.regions = indices_of(at(t, "regions"), region_at);
    sh.capacity_loss = num(t, "capacity_loss");
    sh.crop_loss = num(t, "crop_loss");
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

  expand_generators(d, seed_override != 0 ? seed_override : d.seed);
  return d;
}

}  // namespace lightind::detail
