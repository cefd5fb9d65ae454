// lightind: turning a validated scenario tree into the frozen Description.
// The tree has every key (defaults filled in by validate()), so reads here cannot miss.
#include <cmath>
#include <cstdio>

#include "lightind/scenario.hpp"
#include "scenario/schema.hpp"
#include "scenario/validate.hpp"

namespace lightind::detail {

namespace {

const Value& at(const Value& t, std::string_view key) { return *t.find(key); }
double num(const Value& t, std::string_view key) { return at(t, key).as_double(); }
int integer(const Value& t, std::string_view key) { return static_cast<int>(at(t, key).integer); }
const std::string& str(const Value& t, std::string_view key) { return at(t, key).str; }

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

/// A region's share of a generator's enterprises, as expand_generators weighs it.
double region_weight(const RegionDesc& r, const std::string& how) {
  if (how == "population") return r.population;
  if (how == "urban") return r.population * r.urban_share;
  if (how == "rural") return r.population * (1.0 - r.urban_share);
  for (int e = 0; e < kEndowmentCount; ++e)
    if (how == to_string(static_cast<Endowment>(e))) return r.population * r.endowment[static_cast<size_t>(e)];
  return r.population;
}

std::string radius_text(double r) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::fabs(r) < 1e6 ? "%.3f" : "%.3g", r);
  return std::string("spectral radius ") + buf;
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

  const Value& st = at(root, "state");
  d.state.state_wage = num(st, "state_wage");
  d.state.ration_food = num(st, "ration_food");
  d.state.retail_markup = num(st, "retail_markup");
  d.state.surplus_remittance = num(st, "surplus_remittance");
  d.state.public_employment = num(st, "public_employment");
  d.state.labour_reallocation = num(st, "labour_reallocation");

  const Value& w = at(root, "world");
  d.world.fx_reserves = num(w, "fx_reserves");
  d.world.exchange_rate = num(w, "exchange_rate");
  d.world.import_share_of_fx = num(w, "import_share_of_fx");

  const Value& pr = at(root, "prices");
  d.prices.market_premium = num(pr, "market_premium");
  d.prices.adjustment = num(pr, "adjustment");
  d.prices.stickiness = num(pr, "stickiness");

  const Value& po = at(root, "policy");
  for (const Entry& e : at(po, "investment_share").entries)
    d.policy.investment_share[static_cast<size_t>(enum_of<Group>(e.key))] = e.value.as_double();
  d.policy.local_share = num(po, "local_share");
  d.policy.plan_method = str(at(root, "plan"), "method");

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
