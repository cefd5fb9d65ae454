// lightind: the validated, frozen description of a scenario (STYLE.md 6: describe, then run).
//
// A scenario file (TOML) is loaded, merged with what it `extends`, overridden by `--set`,
// validated, and turned into one `Description`. The engine runs on its own const copy.
// Units are stated on every field.
//
// The initializers below are the scenario keys' defaults, written only here: each key of
// src/scenario/schema.cpp names the field it fills, and a key left out of a scenario takes
// that field's initializer (docs/SCENARIOS.md shows them, generated from the schema). Quantities of goods are in "units": the
// amount of a sector's output worth one won at its 2012 state price, so that real
// aggregates can be summed across sectors.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lightind {

/// A sector group: the index of one of the scenario's `[[groups]]` in Description::groups
/// (heavy, light, agriculture ... or any others the scenario defines). Arrays indexed by a
/// group have room for kMaxGroups; Description::groups.size() of them are in use.
enum class Group : std::uint8_t {};
inline constexpr int kMaxGroups = 16;

/// What the engine reads a group for: its role comes from the scenario (`groups.role`), never
/// from the group's name. At most one group holds each role; a role no group holds is absent
/// (its rules and indicators do nothing).
enum class GroupRole : std::uint8_t {
  none = 0,
  light,        ///< consumer-goods industry: light_output_index, local share, efficiency restoration
  heavy,        ///< capital-goods industry: heavy_output_index, absorbs `policy.defence_share`
  agriculture,  ///< farming: farm households, crop losses, disasters without sectors
};
const char* to_string(GroupRole r);

/// One sector group of the scenario (`[[groups]]`; docs/MODEL.md "Sector groups").
struct GroupDesc {
  std::string id;    ///< key used in files (`sectors.group`, `investment_share`) and indicator names
  std::string name;  ///< display name
  bool industry = false;           ///< counts as industry (industrial output, `industry_output`)
  GroupRole role = GroupRole::none;
};

/// The five groups of a scenario without `[[groups]]` (the article's): heavy, light,
/// agriculture, extraction, services, in this order.
[[nodiscard]] const std::vector<GroupDesc>& default_groups();

/// The indices of default_groups() (descriptions built in code, tests).
namespace default_group {
inline constexpr Group heavy{0}, light{1}, agriculture{2}, extraction{3}, services{4};
}

/// What households or the state do with a sector's output after intermediate use.
enum class FinalUse : std::uint8_t {
  food = 0,      ///< bought by households first (subsistence), rationed at state prices
  consumer,      ///< bought by households after food, CES over varieties
  capital,       ///< bought by the state as investment goods (the investment fund)
  public_use,    ///< bought by the state and provided free (education, health, administration)
  intermediate,  ///< only used as inputs, exported, or stocked
};
const char* to_string(FinalUse u);

enum class Level : std::uint8_t { central = 0, local };
const char* to_string(Level l);

/// Management regime of an enterprise (the article's "economic management method").
enum class Regime : std::uint8_t { command = 0, responsibility };
const char* to_string(Regime r);

/// Sales channels (the article: state shops, department stores, factory wholesale shops, markets).
enum class ChannelKind : std::uint8_t { state_shop = 0, department_store, wholesale_shop, market };
const char* to_string(ChannelKind k);

/// Kinds of dated shock.
enum class ShockKind : std::uint8_t { export_ban = 0, import_cap, border_closure, disaster, ration_cut };
const char* to_string(ShockKind k);

/// Resource endowments of a region ("relying on the mountains, relying on the sea").
enum class Endowment : std::uint8_t { forest = 0, sea, grain, minerals };
inline constexpr int kEndowmentCount = 4;
const char* to_string(Endowment e);

/// A calendar month. `index()` counts months since year 0 so that differences are lags.
struct YearMonth {
  int year = 2012;
  int month = 1;  ///< 1..12
  [[nodiscard]] constexpr int index() const { return year * 12 + (month - 1); }
  [[nodiscard]] static constexpr YearMonth from_index(int i) { return {i / 12, i % 12 + 1}; }
  [[nodiscard]] std::string str() const;  ///< "YYYY-MM"
  /// The month written "YYYY-MM": exactly four digits (year 0000..9999), a dash and two digits
  /// (month 01..12); nothing for anything else (signs, spaces, "2013-5", "2013-13"). The one
  /// parser of months in text: scenario files, the server's knobs, the report's inputs. Callers
  /// say where and show what was found: `<where>: expected YYYY-MM, found "<text>"`.
  [[nodiscard]] static std::optional<YearMonth> parse(std::string_view s);
  friend constexpr bool operator==(YearMonth a, YearMonth b) { return a.index() == b.index(); }
  friend constexpr bool operator<(YearMonth a, YearMonth b) { return a.index() < b.index(); }
  friend constexpr bool operator<=(YearMonth a, YearMonth b) { return a.index() <= b.index(); }
};

/// One sector of the input-output table.
struct SectorDesc {
  std::string id;    ///< snake_case key used in files and series
  std::string name;  ///< display name
  Group group{};     ///< index into Description::groups
  FinalUse final_use = FinalUse::intermediate;
  double labour_per_unit = 0.0;   ///< workers per unit of monthly output at zero automation
  double capital_per_unit = 1.0;  ///< capital (units) per unit of annual capacity (1/beta)
  int gestation_months = 12;      ///< months from investment to usable capacity
  double depreciation = 0.0;      ///< share of capacity lost per year
  /// Won per unit the state pays producers (its purchase price; 2012 = 1 by the unit choice).
  /// A policy variable: dated events may change it (`sectors.ID.state_price`); money flows
  /// read the value in force, real quantities `base_price`.
  double state_price = 1.0;
  /// Won per unit in state shops (the ration, the state-shop bundle, the state's goods handed
  /// to traders); absent: state_price × (1 + state.retail_markup). Events may change it.
  std::optional<double> retail_price{};
  double wage_scale = 1.0;  ///< the state wage of its workers as a multiple of state.state_wage (events may change it)
  /// The opening state price (the base year's): real quantities (output, GDP, investment,
  /// aggregates, price weights) are valued at it whatever events do to `state_price`. No key
  /// writes it: build_description sets it, and the engine takes the opening `state_price`
  /// where it is 0 (a description built in code).
  double base_price = 0.0;
  double import_per_unit = 0.0;   ///< imported inputs, USD per unit of output
  double export_share = 0.0;      ///< share of monthly output offered for export
  double export_price = 0.0;      ///< USD per unit exported
  double initial_stock_months = 0.0;  ///< opening inventory, in months of potential output
  /// Capacity under construction at the opening (units per year, completing in equal parts over
  /// gestation_months plus the months to the first January); absent: derived from
  /// opening_growth (docs/MODEL.md "The opening state").
  std::optional<double> opening_pipeline;
  /// Annual growth of capacity, net of depreciation, that the opening pipeline sustains until
  /// the run's own first projects complete; absent: Description::opening_capacity_growth.
  std::optional<double> opening_growth;
};

/// A province or city.
struct RegionDesc {
  std::string id;
  std::string name;
  double population = 0.0;   ///< persons at the start date
  double urban_share = 0.6;  ///< share of the population living in towns
  std::array<double, kEndowmentCount> endowment{};  ///< index 0..1 per Endowment
};

/// One enterprise, listed or generated.
struct EnterpriseDesc {
  std::string id;    ///< unique; generated ones are "gen:<generator>:<n>"
  std::string name;
  std::string brand;          ///< empty when none
  int sector = 0;             ///< index into Description::sectors
  int region = 0;             ///< index into Description::regions
  Level level = Level::central;
  double capacity = 0.0;      ///< units per year at efficiency 1
  double efficiency = 0.7;    ///< share of capacity achieved (0..1]
  double automation = 0.0;    ///< 0..1; labour need is labour_per_unit * (1 - automation_saving * automation)
  double quality = 1.0;       ///< quality index (1 = 2012 average)
  int varieties = 1;          ///< number of product varieties
  double reputation = 1.0;    ///< brand reputation index (1 = neutral)
  bool reform = true;         ///< joins the enterprise-responsibility reform when its group does
  bool generated = false;
  int source_line = 0;        ///< line in the scenario file (0 when generated)
};

/// Households: agents at a scale; one agent stands for `scale` real households.
struct HouseholdsDesc {
  double scale = 1000.0;            ///< real households per agent (1:scale)
  double household_size = 4.0;      ///< persons per household
  double subsistence = 0.0;         ///< food units per person per month below which a person is in hardship
  double food_need = 1.0;           ///< food units per person per month households try to buy
  double consume_share = 0.9;       ///< share of cash on hand spent each month
  double income_dispersion = 0.3;   ///< sigma of the log of a household's earning ability
  double income_shock = 0.05;       ///< sigma of the monthly log shock to a household's income share
  double variety_elasticity = 3.0;  ///< CES elasticity of substitution sigma (> 1)
  double workers_per_household = 1.6;  ///< members in the labour force per household
  double initial_cash_months = 1.0;    ///< opening cash, in months of income
  double plot_food = 0.0;       ///< food units per rural person per month from private plots and sideline work
  double trader_share = 0.0;    ///< share of the labour force living from market trade (earns market margins)
  // households (issue 12, items 4-6)
  double food_satiation = 3.0;  ///< food units per person per month beyond which nobody buys more food
  double food_engel_share = 0.3;  ///< share of the budget beyond the food need spent on more food (Engel's law)
  double consumption_cv = 0.25;   ///< coefficient of variation of food consumption within a class (FAO)
  double mder = 0.0;              ///< minimum dietary energy requirement, food units per person per month (FAO)
};

/// The state: budget rules, wages, rations, money.
struct StateDesc {
  double state_wage = 3000.0;        ///< won per worker per month (2012 state wage)
  double ration_food = 0.0;          ///< food units per person per month sold at state prices
  double retail_markup = 0.0;        ///< state retail price over factory state price
  double surplus_remittance = 1.0;   ///< share of enterprise surplus remitted (command regime)
  double public_employment = 0.0;    ///< share of the labour force paid by the budget (army, administration)
  double shop_share = 1.0;           ///< share of the state's consumer goods sold in state shops at state prices (the rest at market prices)
  double public_works_share = 0.0;   ///< share of the budget's deposits spent a month on state construction at market prices
  double labour_reallocation = 0.1;  ///< share of the gap between an enterprise's workforce and its need closed per month
  /// Farms (the agriculture group's command enterprises) pay their workers last month's
  /// revenue less non-labour costs (what their output sold for, at state purchase and market
  /// prices) instead of the state wage: the household responsibility system (issue 14 item 3).
  bool farm_pay_from_output = false;
};

/// Rest of the world.
struct WorldDesc {
  double fx_reserves = 0.0;     ///< USD at the start
  double exchange_rate = 100.0; ///< won per USD (official)
  double import_share_of_fx = 1.0;  ///< share of the FX reserves the state may spend on imports in a month
  double other_fx_income = 0.0;     ///< USD a month earned outside goods exports (services, workers abroad, transfers); stopped by the border closure
  double aid_inflow = 0.0;          ///< USD a month of aid and credit received; not stopped by the border closure
  double import_substitution = 0.0; ///< share of missing imported inputs that domestic substitutes can replace
  double capital_import_price = 0.0;  ///< USD per unit of imported capital goods; 0 = none imported
  double consumer_imports = 0.0;      ///< USD a month of consumer goods imported by traders at the opening real exchange rate
  double market_exchange_rate = 0.0;  ///< won per USD on the market at the start; 0 = the official rate
  double fx_response = 0.05;          ///< monthly log change of the market rate per unit of tanh(relative excess dollar demand)
  double import_elasticity = 1.0;     ///< price elasticity of traders' consumer imports to the real exchange rate
  double private_inflows = 0.0;       ///< USD a month households receive from outside (remittances, private earnings abroad, smuggling) and sell on the FX market; stopped by the border closure
  double fx_market_share = 0.0;       ///< share of the state's goods-export earnings its trading companies sell on the FX market
  double sanctions_evasion = 0.0;     ///< share of exports cut by sanctions that still leave, unrecorded (ship-to-ship transfers, smuggling); stopped by the border closure
  double capital_imports = 0.0;       ///< USD a month of capital goods the plan imports (cut by sanctions and the closure)
  double reserve_floor_months = 3.0;  ///< months of other goods imports below which reserves are not spent on capital goods
};

/// Market prices.
struct PricesDesc {
  double market_premium = 1.0;  ///< opening market price over state price
  double market_margin = 0.0;   ///< traders' share of the market price (paid to trading households)
  double adjustment = 0.1;      ///< price response to excess demand per month
  double stickiness = 0.5;      ///< share of last month's price change carried over (0..1)
  double food_premium = 0.0;    ///< opening market price of food over its state price; 0 = market_premium
  double markup = 0.2;          ///< market sellers' mark-up over unit cost
  double cost_pull = 0.0;       ///< share of the log gap to the mark-up price closed in a month
  double food_kg_per_unit = 1.0;  ///< kg of rice-equivalent in one unit of food (for market_rice_price)
  int cpi_base_year = 0;          ///< year whose mean cpi_market is 100; 0 = the first year of the run
  double food_transport_cost = 0.1;  ///< cost of moving food between regions, share of the destination price
};

/// Priorities and the allocation rule (the planner of a later issue replaces the rule).
struct PolicyDesc {
  std::array<double, kMaxGroups> investment_share{};  ///< share of the investment fund per group; sums to 1
  double local_share = 0.0;     ///< share of light-industry investment going to local enterprises
  /// Order in which scarce materials and FX are rationed: groups listed first are served
  /// in full before the next; empty = proportional rationing for all.
  std::vector<Group> materials_priority;
  double materials_priority_share = 1.0;  ///< share of a scarce good's supply allocated by the priority order
  /// A short good's producers are served their own use of it first (a_ii x its pool need),
  /// before the priority order and the proportional rule share the rest (docs/MODEL.md 10).
  bool own_use_first = true;
  /// Then the other producers of materials (sectors with final_use "intermediate") are served
  /// their need of the short good, before the priority order (docs/MODEL.md 10).
  bool material_producers_first = true;
  double defence_share = 0.0;   ///< share of heavy-industry output, and of FX, absorbed by defence
  double local_endowment_use = 0.0;  ///< share of a local enterprise's material need met from its region's endowment at full endowment
  double brand_spillover = 0.0;  ///< share of the gap to a local brand's reputation that its region's same-sector local factories close per month
  double light_efficiency_target = 0.0;  ///< light-industry efficiency sought ("restore to normal output"); 0 = none
  double restoration_speed = 0.0;        ///< share of the gap to that target closed per month
  /// Allocation rule of materials, FX and investment: "proportional" (priority order, then
  /// in proportion) or "lp" (the annual plan LP, docs/PLANNER.md "The engine's annual plan").
  std::string plan_method = "proportional";
  double plan_investment_floor = 0.2;  ///< lp: capital-goods sectors deliver at least this share of output as investment
  double plan_max_expansion = 0.25;    ///< lp: new capacity the plan may give a sector in a year, share of its capacity
  int plan_expansion_steps = 1;        ///< lp: equal steps of that expansion, each adding less capacity per unit
  double plan_expansion_decline = 0.0; ///< lp: share by which each step's capacity per unit falls below the step before
  double plan_target_weight = 10.0;    ///< lp: objective units lost per unit of gross output short of a plan target
  bool plan_from_demand = true;        ///< output planned from expected demand; false: every sector at its potential (Say's law)
  double plan_inventory_months = 1.0;  ///< stock producers aim for, in months of expected sales
  double plan_expectation_weight = 1.0;  ///< weight of last month's demand in the expected demand (1: naive)
  /// A dated change of the investment shares revises the year's plan in its month: the fund
  /// accumulated since the last allocation goes out by the new shares then (issue 14 item 5).
  /// false: the change waits for next January's annual plan.
  bool plan_mid_year_revision = true;
  /// Accumulation rate: share of national income (net material product at state prices) put
  /// into the investment fund each month; absent: the fund is what the capital-goods sectors
  /// deliver (docs/MODEL.md section 14, "The accumulation rate").
  std::optional<double> accumulation_rate;
};

/// One enterprise-responsibility reform: the one `[reform]` table (April 2013; rights of
/// 30 May 2014), or one element of `[[reforms]]` (several reforms, each with its scope, dates
/// and terms: the rural household-responsibility reform of 1979 and the urban enterprise
/// reform of 1984 in China, Contract 10 of 1988 in Viet Nam). docs/MODEL.md section 4.
struct ReformDesc {
  std::string id;  ///< `[[reforms]]`: its unique id; empty for the `[reform]` table
  bool enabled = false;
  YearMonth start{2013, 4};
  int phase_in_months = 24;            ///< eligible enterprises switch at dates spread evenly over this span
  std::array<bool, kMaxGroups> groups{true, true, false, true, false};  ///< groups that reform (default: those of ids heavy, light, extraction)
  double state_order_share = 0.5;      ///< share of output delivered to the state at state prices
  double profit_levy = 0.3;            ///< share of profit paid to the state
  double wage_fund_share = 0.5;        ///< share of retained profit paid as wages by work
  double development_share = 0.2;      ///< share of retained profit spent on new varieties and quality
  // the rest of retained profit is the investment fund of the enterprise
  double incentive_efficiency = 0.2;   ///< efficiency gain at full incentive
  double incentive_scale = 10.0;       ///< wage multiple m gives incentive 1 - exp(-(m - 1) / scale)
  double efficiency_response = 0.05;   ///< share of the gap to target efficiency closed per month
  YearMonth rights_date{2014, 5};
  bool product_development = true;     ///< may spend on new varieties
  bool quality_management = true;      ///< may spend on quality
  bool talent_management = true;       ///< may move its workforce toward need faster
  double variety_labour = 12.0;        ///< worker-months of development staff per new variety (per variety already held)
  double variety_inputs = 0.0;         ///< won of inputs at state prices per new variety (per variety already held)
  double quality_cost = 0.05;          ///< months of output value per unit of quality that +0.01 of quality costs
  double talent_reallocation = 0.3;    ///< labour_reallocation of enterprises with talent rights
  double development_share_max = 0.5;  ///< ceiling of development_share after fairs raise it
  // Scope beyond `groups` (`[[reforms]]` only; empty: no restriction on that dimension).
  std::vector<int> sectors;   ///< indices into Description::sectors
  std::vector<int> regions;   ///< indices into Description::regions
  std::vector<Level> levels;  ///< central, local
};

/// The indicator of a reform of `[[reforms]]`: `reformed_share_<id>`, the share of the
/// enterprises its scope covers that have joined it.
inline std::string reformed_share_name(std::string_view id) { return "reformed_share_" + std::string(id); }

/// The values dated events may change: the sections that hold the keys the schema marks
/// changeable (`chg` in src/scenario/schema.cpp). A Description holds their opening values
/// (it derives from InForce); the engine's own copy holds the values in force in the month
/// (src/policy/in_force.hpp), so that every phase reads a changed value from its month on.
struct InForce {
  /// The sectors: their per-sector policy keys (`state_price`, `retail_price`, `wage_scale`)
  /// are changed by events as `sectors.ID.KEY`; the rest is fixed for the run.
  std::vector<SectorDesc> sectors;
  HouseholdsDesc households;
  StateDesc state;
  WorldDesc world;
  PricesDesc prices;
  PolicyDesc policy;  ///< [policy] and [plan]
  ReformDesc reform;  ///< the `[reform]` table (enabled = false with `[[reforms]]`)
  /// `[[reforms]]` in file order; empty when the scenario writes the one `[reform]` table.
  std::vector<ReformDesc> reforms;

  /// Reforms the engine knows: those of `[[reforms]]`, else the one `[reform]` (enabled or not).
  [[nodiscard]] size_t reform_count() const { return reforms.empty() ? 1 : reforms.size(); }
  /// Reform `k` (< reform_count()): `reforms[k]`, or `reform` when there is no `[[reforms]]`.
  [[nodiscard]] const ReformDesc& reform_at(size_t k) const { return reforms.empty() ? reform : reforms[k]; }

  /// The state-shop price in force of sector k: its `retail_price`, or the purchase price
  /// with the state's retail mark-up (docs/MODEL.md section 15).
  [[nodiscard]] double retail_price(size_t k) const {
    const SectorDesc& s = sectors[k];
    return s.retail_price ? *s.retail_price : s.state_price * (1.0 + state.retail_markup);
  }
};

/// One key a dated event sets: made by the loader from the key's line of the schema.
struct EventOverride {
  std::string key;   ///< "SECTION.KEY" of the schema ("state.state_wage", "policy.local_share")
  std::string text;  ///< the value as written, for reports ("0.25", "{heavy = 0.4, ...}")
  std::function<void(InForce&)> apply;  ///< writes the (checked) value into its section
};

/// A dated change of policy (2013-01-01 New Year address, 2013-03-18 conference, 2018-04
/// new strategic line, 2021-01 five-year plan ...): any key the schema marks changeable,
/// from the event's month on. Keys it does not set keep the value in force.
struct PolicyEventDesc {
  YearMonth date;
  std::string id;
  std::string text;
  std::vector<EventOverride> overrides;  ///< in the order written
  /// A multi-year plan (lp): per sector, gross output sought in the plan's last year as a
  /// multiple of the sector's output in the year before the event; replaces earlier targets.
  std::vector<std::pair<int, double>> plan_targets;
  std::optional<YearMonth> plan_end;  ///< the plan's last month (required with plan_targets)
  int source_line = 0;

  /// The override of `key` ("policy.local_share"); nullptr when the event does not set it.
  [[nodiscard]] const EventOverride* find(std::string_view key) const {
    for (const EventOverride& o : overrides)
      if (o.key == key) return &o;
    return nullptr;
  }
};

/// A factory project: a new build or the rebuild of a listed enterprise.
struct ProjectDesc {
  std::string id;
  int enterprise = 0;            ///< index into Description::enterprises
  bool new_build = false;        ///< new: the enterprise has no capacity before completion
  YearMonth start;               ///< investment begins
  int gestation_months = -1;     ///< -1: the sector's lag
  double cost = 0.0;             ///< units of investment goods drawn from the fund
  double capacity = 0.0;         ///< units per year added on completion (new build: its capacity)
  std::optional<double> automation, quality, efficiency;  ///< values after completion
  int varieties = 0;             ///< varieties added on completion
  int ramp_months = 6;           ///< months from completion to the target efficiency
  int source_line = 0;
};

/// An on-site guidance visit.
struct GuidanceDesc {
  std::string id;                 ///< the visit's id in the scenario file (for `--set guidance.ID.KEY`)
  YearMonth date;
  int enterprise = 0;
  double efficiency_boost = 0.1;  ///< added to efficiency at the visit, decaying
  double half_life_months = 12.0;
  double resources = 0.0;         ///< units of the investment fund drawn to the factory (capacity + resources / capital_per_unit)
  double reputation_boost = 0.05; ///< multiplicative reputation gain
  int source_line = 0;
};

/// A sales channel.
struct ChannelDesc {
  std::string id;
  std::string name;
  ChannelKind kind = ChannelKind::market;
  double margin = 0.0;                ///< share of the sale price kept by the channel
  std::vector<int> enterprises;       ///< wholesale shops: the enterprises that own them
  double share = 0.0;                 ///< wholesale shop: share of its owners' market sales it carries
  YearMonth opens{0, 1};
  int source_line = 0;
};

/// A merchandise fair (Pyongyang No. 1 Department Store, July and December 2019).
struct FairDesc {
  YearMonth date;
  std::string id;
  std::vector<int> sectors;        ///< sectors shown (empty: all consumer and food sectors)
  int participants = 50;           ///< the largest enterprises of those sectors take part
  double winners_share = 0.2;      ///< share of participants that win
  double reputation_gain = 0.2;    ///< winners' reputation x (1 + gain); losers x (1 - gain/4)
  double development_push = 0.05;  ///< participants' development_share rises by this much (competition)
  int source_line = 0;
};

/// A dated shock: sanctions, the border closure, disasters.
struct ShockDesc {
  std::string id;
  ShockKind kind = ShockKind::export_ban;
  YearMonth start;
  std::optional<YearMonth> end;     ///< none: permanent
  std::vector<int> sectors;         ///< export_ban: sectors banned; disaster: sectors hit (empty: agriculture)
  double severity = 1.0;            ///< export_ban: share of exports stopped; import_cap/border_closure: share of imports stopped
  int reopen_months = 0;            ///< border_closure: months of gradual reopening after `end`
  std::vector<int> regions;         ///< disaster, ration_cut: regions hit
  double capacity_loss = 0.0;       ///< disaster: share of capacity destroyed in those regions and sectors
  double crop_loss = 0.0;           ///< disaster: share of the year's farm output and plot food lost
  int source_line = 0;
};

/// What an aggregate adds up, per sector.
enum class AggregateMeasure : std::uint8_t {
  output = 0,  ///< output at base-year state prices (currency/month)
  capacity,    ///< capacity at base-year state prices (currency/year)
  investment,  ///< investment committed (units of capital goods/month)
};
const char* to_string(AggregateMeasure m);

/// An aggregate of the scenario (`[[aggregates]]`): the sum over some sectors, or that sum as
/// a share of the sum over others (the light share of industrial output). Recorded monthly as
/// the aggregate indicator `id`.
struct AggregateDesc {
  std::string id;    ///< indicator name
  std::string name;  ///< label
  bool share = false;  ///< kind = "share": of / over; else the sum over `of`
  AggregateMeasure measure = AggregateMeasure::output;
  std::vector<int> of;    ///< sectors summed (those of its groups and those listed, each once, ascending)
  std::vector<int> over;  ///< share: the denominator's sectors (default: the industry groups')
  int source_line = 0;
};

/// A generator of many similar enterprises from national totals, spread over regions.
struct GeneratorDesc {
  std::string id;
  int sector = 0;
  Level level = Level::local;
  int count = 0;                ///< enterprises nationwide
  double capacity = 0.0;        ///< total units per year nationwide
  std::string weight = "population";  ///< "population", "urban", "rural" or an endowment name
  double size_dispersion = 0.5; ///< sigma of the log of an enterprise's size
  double efficiency = 0.6;
  double automation = 0.0;
  double quality = 1.0;
  int varieties = 1;
  int source_line = 0;
};

/// The whole scenario, validated and frozen.
/// Its base InForce holds the opening values of the sections dated events may change
/// (households, state, world, prices, policy and plan, reform).
struct Description : InForce {
  std::string name;
  std::string title;
  std::string file;            ///< path of the top-level scenario file
  std::uint64_t seed = 1;      ///< default seed (overridden by --seed)
  YearMonth start{2012, 1};
  YearMonth end{2025, 12};
  double automation_saving = 0.5;  ///< share of labour saved at full automation
  /// Months simulated before `start` and not recorded: the economy settles from its initial
  /// stocks and empty investment pipeline under the opening policy (no dated item falls in them).
  int spin_up_months = 0;
  /// Annual capacity growth, net of depreciation, that every sector's opening pipeline sustains
  /// (a sector's opening_growth or opening_pipeline overrides it); absent: nothing under construction.
  std::optional<double> opening_capacity_growth;

  std::string currency = "won";  ///< unit of account of money figures (labels of the scenario's indicators)
  std::vector<GroupDesc> groups = default_groups();  ///< `[[groups]]` in file order (default_groups() when none)
  /// Domestic input coefficients, row-major n x n: a[i*n + j] = units of good i per unit of good j.
  std::vector<double> a;
  std::vector<RegionDesc> regions;
  std::vector<GeneratorDesc> generators;
  std::vector<EnterpriseDesc> enterprises;  ///< listed ones, then generated ones (after expand())
  std::vector<PolicyEventDesc> events;   ///< in date order
  std::vector<ProjectDesc> projects;
  std::vector<GuidanceDesc> guidance;
  std::vector<ChannelDesc> channels;
  std::vector<FairDesc> fairs;
  std::vector<ShockDesc> shocks;
  std::vector<AggregateDesc> aggregates;  ///< `[[aggregates]]`, in file order

  [[nodiscard]] int n_sectors() const { return static_cast<int>(sectors.size()); }
  [[nodiscard]] int months() const { return end.index() - start.index() + 1; }
  [[nodiscard]] double a_at(int i, int j) const { return a[static_cast<size_t>(i) * sectors.size() + j]; }
  [[nodiscard]] int n_groups() const { return static_cast<int>(groups.size()); }
  [[nodiscard]] const std::string& group_id(Group g) const { return groups[static_cast<size_t>(g)].id; }
  /// The group holding `role`; -1 when none does.
  [[nodiscard]] int group_with(GroupRole role) const;
  /// The sector's group holds `role`.
  [[nodiscard]] bool in_role(const SectorDesc& s, GroupRole role) const {
    return groups[static_cast<size_t>(s.group)].role == role;
  }
  [[nodiscard]] int sector_index(const std::string& id) const;  ///< -1 when absent
  [[nodiscard]] int region_index(const std::string& id) const;  ///< -1 when absent
  [[nodiscard]] int enterprise_index(const std::string& id) const;  ///< -1 when absent
};

/// Spectral radius of the domestic coefficient matrix (Eigen eigenvalues).
[[nodiscard]] double spectral_radius(const Description& d);

/// Weight of a region for a generator: population, urban or rural population, or
/// population times an endowment index (`how` is the generator's `weight`).
[[nodiscard]] double region_weight(const RegionDesc& r, const std::string& how);

/// Draws the generated enterprises of every generator with `seed` and appends them.
/// Deterministic: the same description and seed give the same enterprises.
void expand_generators(Description& d, std::uint64_t seed);

}  // namespace lightind
