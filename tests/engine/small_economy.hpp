// A small economy built in C++ for engine tests that must not depend on the loader:
// agriculture (food), textiles (consumer), machinery (capital), power (intermediate).
#pragma once

#include "lightind/description.hpp"

namespace lightind::testing {

inline Description small_economy() {
  Description d;
  d.name = "small";
  d.start = {2012, 1};
  d.end = {2014, 12};
  d.seed = 7;
  auto sector = [&](const char* id, Group g, FinalUse u, double labour, double cap_per_unit, int lag) {
    d.sectors.push_back(SectorDesc{.id = id, .name = id, .group = g, .final_use = u, .labour_per_unit = labour,
                                   .capital_per_unit = cap_per_unit, .gestation_months = lag,
                                   .depreciation = 0.03, .initial_stock_months = 1.0, .opening_pipeline = {},
                                   .opening_growth = {}});
  };
  sector("agriculture", default_group::agriculture, FinalUse::food, 0.02, 2.0, 12);
  sector("textiles", default_group::light, FinalUse::consumer, 0.01, 1.5, 9);
  sector("machinery", default_group::heavy, FinalUse::capital, 0.01, 4.0, 36);
  sector("power", default_group::heavy, FinalUse::intermediate, 0.005, 5.0, 48);
  d.sectors[1].import_per_unit = 0.002;
  d.sectors[1].export_share = 0.1;
  d.sectors[1].export_price = 0.012;
  d.sectors[0].export_share = 0.02;
  d.sectors[0].export_price = 0.01;
  const int n = 4;
  d.a.assign(n * n, 0.0);
  auto a = [&](int i, int j, double v) { d.a[static_cast<size_t>(i * n + j)] = v; };
  a(3, 0, 0.05);  // power into agriculture
  a(0, 1, 0.20);  // agriculture (fibre) into textiles
  a(3, 1, 0.10);
  a(3, 2, 0.20);
  a(2, 0, 0.02);  // machinery into agriculture (spares)
  d.regions = {RegionDesc{"north", "North", 400000.0, 0.4, {0.8, 0.2, 0.3, 0.9}},
               RegionDesc{"south", "South", 600000.0, 0.7, {0.2, 0.8, 0.9, 0.1}}};
  auto ent = [&](const char* id, int sector_i, int region, Level level, double cap, bool local) {
    d.enterprises.push_back(EnterpriseDesc{.id = id, .name = id, .brand = "", .sector = sector_i, .region = region,
                                           .level = local ? Level::local : level, .capacity = cap,
                                           .efficiency = 0.7, .varieties = 3});
  };
  ent("farm_n", 0, 0, Level::local, 2.0e6, true);
  ent("farm_s", 0, 1, Level::local, 3.0e6, true);
  ent("mill", 1, 1, Level::central, 1.0e6, false);
  ent("local_garments", 1, 0, Level::local, 0.5e6, true);
  ent("machine_works", 2, 0, Level::central, 0.8e6, false);
  ent("power_station", 3, 0, Level::central, 1.5e6, false);
  d.generators.push_back(
      GeneratorDesc{.id = "county_food", .sector = 0, .count = 40, .capacity = 1.0e6, .weight = "grain"});
  expand_generators(d, d.seed);
  // The other fields keep their defaults, as in a fresh Description.
  d.households = {.scale = 100, .subsistence = 0.8, .food_need = 1.2};
  d.state = {.state_wage = 100.0, .ration_food = 0.5, .public_employment = 0.2};
  d.world = {.fx_reserves = 1000.0, .exchange_rate = 100.0, .import_share_of_fx = 0.2};
  d.policy.investment_share = {0.4, 0.3, 0.2, 0.0, 0.1};
  d.policy.local_share = 0.5;
  return d;
}

}  // namespace lightind::testing
