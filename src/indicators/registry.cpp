// lightind: the indicator registry (include/lightind/indicators.hpp). The table below is the
// single source of names, labels, units and meanings; docs/INDICATORS.md is generated from
// it (`lightind docs indicators > docs/INDICATORS.md`), and a test fails when the file
// differs.
#include "lightind/indicators.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <mutex>

#include "model/enum_words.hpp"

namespace lightind::indicators {

namespace {

constexpr Level A = Level::aggregate, S = Level::sector, R = Level::region;
constexpr Direction up = Direction::higher_better, down = Direction::lower_better, either = Direction::neither;
constexpr OverTime flow = OverTime::flow, level = OverTime::level, once = OverTime::once;
constexpr OverParts sum = OverParts::sum, ratio = OverParts::ratio, none = OverParts::none;
constexpr DifferenceKind pct = DifferenceKind::percent, pp = DifferenceKind::share_points,
                         pt = DifferenceKind::index_points, abs_ = DifferenceKind::absolute;

constexpr std::string_view kTwoGroups = "light heavy";
constexpr std::string_view kAllGroups = "heavy light agriculture extraction services";

constexpr Section kSections[] = {
    {"intro", "Indicators", 1,
     "<!-- Generated from the indicator registry (src/indicators/registry.cpp) by\n"
     "     `lightind docs indicators > docs/INDICATORS.md`. Edit the registry, not this file. -->\n"
     "\n"
     "Every run writes monthly series in tidy long form (`series.csv`, the `series` table of\n"
     "`results.sqlite`): `date,scenario,run,indicator,sector,region,value`. `sector` and `region`\n"
     "are empty for aggregates. Money is in the scenario's currency (`scenario.currency`; the\n"
     "tables below write the reference scenario's won, and every unit shown with a run — its headline,\n"
     "`summary.json`'s `units`, `compare.csv`, the report, the page — writes its scenario's) at\n"
     "current prices unless stated; \"units\" are the amount of a good worth one unit of account\n"
     "at its opening state price (`sectors.state_price` gives the money per unit), so real\n"
     "quantities add up across sectors at opening state prices.\n"
     "\n"
     "`summary.json` holds, for every aggregate indicator, the mean over each calendar year's\n"
     "months (`years`), and the last month's value (`final`). The annual mean has one rule,\n"
     "shared by `summary.json`, `lightind calibrate`, `lightind compare`, the run's headline and\n"
     "Python's `Run.annual`: months whose value is not finite (NaN) are left out, and a year with\n"
     "no finite month has no mean (`null` in `summary.json`, NaN elsewhere).\n"
     "\n"
     "Indices (`*_index`) are 100 × the value over the mean of the run's first twelve months.\n"
     "\n"
     "The tables give, for each indicator: its unit; whether higher or lower is better (or\n"
     "neither); how months make a year (`sum`: a monthly flow, the year's total is the sum of its\n"
     "months; `mean`: a stock, price, ratio or index, the year is the mean of its months; `once`:\n"
     "written once); and how sectors or regions make the aggregate (`sum`: additive; `ratio`: a\n"
     "mean, share, price or per-head figure, recomputed from the parts, never added; `-`: not\n"
     "split). The same fields reach the page and the report (embedded JSON) and Python\n"
     "(`lightind.indicators()`, and `attrs[\"unit\"]` of `Run.indicator`)."},
    {"aggregates", "Aggregates (sector and region empty)", 2, ""},
    {"effectiveness", "Effectiveness indicators (aggregates, sector and region empty)", 2,
     "These answer the questions the project asks of the policy (does light-industry priority\n"
     "pay off faster and for less investment; what does the reform add; do guided factories and\n"
     "fair participants do better; where are goods sold). All are monthly unless stated."},
    {"wages", "Reform and wages (\"wages … increased by several tens of times\")", 3, ""},
    {"guidance", "On-site guidance: guided factories vs other light industry", 3, ""},
    {"fairs", "Fairs: participants vs others (\"varieties, styles and quality … significantly increased\")", 3,
     "Fair members are fixed at the start: for each `[[fairs]]`, its `participants` largest\n"
     "enterprises (by listed capacity) of the fair's sectors; the union over fairs."},
    {"sales", "Sales by channel (money a month at the prices paid, in the scenario's currency)", 3, ""},
    {"investment", "Investment by group", 3, ""},
    {"final", "End of run (written once, dated the last month; `record_final`)", 3,
     "`<group>` is `light` or `heavy` for the project indicators, and any of `heavy`, `light`,\n"
     "`agriculture`, `extraction`, `services` for the last two."},
    {"sector", "By sector (sector set, region empty)", 2, ""},
    {"plan", "The annual plan (`plan.method = \"lp\"`; written in each January, dated that month)", 2,
     "The engine's annual plan LP (docs/PLANNER.md, \"The engine's annual plan\"; docs/MODEL.md\n"
     "section 6a). Written only in runs with `plan.method = \"lp\"`, only in January; quantities are\n"
     "the plan's flows for the whole year. Each January also has an event `plan` (optimal) or\n"
     "`plan_fallback` (the year fell back to the proportional rule, with the reason)."},
    {"region", "By region (region set, sector empty)", 2, ""},
};

// name, level, section, label, unit, direction, over time, over parts, difference, doc[, groups]
/// One entry (the table below reads as name, level, section, label, unit, direction, over
/// time, over parts, difference, doc[, groups]).
constexpr Indicator I(std::string_view name, Level lv, std::string_view section, std::string_view label,
                      std::string_view unit, Direction dir, OverTime t, OverParts parts, DifferenceKind diff,
                      std::string_view doc, std::string_view groups = {}) {
  Indicator i;
  i.name = name;
  i.level = lv;
  i.section = section;
  i.label = label;
  i.unit = unit;
  i.direction = dir;
  i.over_time = t;
  i.over_parts = parts;
  i.difference = diff;
  i.doc = doc;
  i.groups = groups;
  return i;
}

constexpr Indicator kAll[] = {
    // --- Aggregates.
    I("gross_output", A, "aggregates", "Gross output", "{currency}/month at opening state prices", up, flow, sum, pct,
     "Σ_k x_k p_k, gross output of all sectors"),
    I("light_output", A, "aggregates", "Light-industry output", "{currency}/month at opening state prices", up, flow, sum, pct,
     "gross output of the light-industry group"),
    I("heavy_output", A, "aggregates", "Heavy-industry output", "{currency}/month at opening state prices", up, flow, sum, pct,
     "gross output of the heavy-industry group"),
    I("agriculture_output", A, "aggregates", "Agricultural output", "{currency}/month at opening state prices", up, flow, sum,
      pct, "gross output of the agriculture group (agriculture, forestry and fishery)"),
    I("light_output_index", A, "aggregates", "Light-industry output", "index, first year = 100", up, level, ratio, pt,
     "`light_output`, first year = 100"),
    I("heavy_output_index", A, "aggregates", "Heavy-industry output", "index, first year = 100", up, level, ratio, pt,
     "`heavy_output`, first year = 100"),
    I("agriculture_output_index", A, "aggregates", "Agricultural output", "index, first year = 100", up, level, ratio,
      pt, "`agriculture_output`, first year = 100"),
    I("gdp_real", A, "aggregates", "Real GDP", "{currency}/month at opening state prices", up, flow, sum, pct,
     "value added: Σ_k x_k (p_k − Σ_i a_ik p_i − m_k e), with m_k the imported inputs per unit (USD) and e the "
     "official exchange rate"),
    I("consumer_goods_per_capita", A, "aggregates", "Consumer goods per person", "units/person/month", up, flow, ratio,
     pct, "food and consumer goods bought by households, per person"),
    I("living_standard", A, "aggregates", "Living standard", "units/person/month", up, flow, ratio, pct,
     "CES aggregate (elasticity `households.variety_elasticity`) of food per person and of consumer goods per "
     "person over varieties, quality-adjusted; reputation does not enter (docs/MODEL.md, households)"),
    I("living_standard_index", A, "aggregates", "Living standard", "index, first year = 100", up, level, ratio, pt,
     "`living_standard`, first year = 100 (variety- and quality-adjusted consumption per person)"),
    I("varieties", A, "aggregates", "Product varieties on sale", "count", up, level, sum, pct,
     "product varieties on sale: Σ of the varieties of producing food and consumer-goods enterprises"),
    I("mean_quality", A, "aggregates", "Quality of consumer goods", "index", up, level, ratio, pct,
     "output-weighted mean of quality × reputation of food and consumer-goods enterprises"),
    I("nominal_wage", A, "aggregates", "Nominal wage", "{currency}/worker/month", either, level, ratio, pct,
     "wage bill / workers (enterprise and public)"),
    I("consumer_price_level", A, "aggregates", "Consumer price level", "ratio", down, level, ratio, pct,
     "households' spending (state shops and markets, market food from plots included) / the units of the sectors' "
     "goods they bought (state shops and market, plot food not included) at opening state prices"),
    I("real_wage", A, "aggregates", "Real wage", "{currency}/worker/month at opening state prices", up, level, ratio, pct,
     "`nominal_wage` / `consumer_price_level`"),
    I("real_wage_index", A, "aggregates", "Real wage", "index, first year = 100", up, level, ratio, pt,
     "`real_wage`, first year = 100"),
    I("employment", A, "aggregates", "Employment", "workers", up, level, sum, pct,
     "enterprise workforce + public employees"),
    I("market_price_level", A, "aggregates", "Market price level", "index, opening prices = 100", down, level, ratio, pt,
     "market prices of food and consumer goods, weighted by their opening potential output at state prices, against the opening market prices of the scenario (before its spin-up: so the first recorded year need not be 100; `cpi_market` is the index with a base year)"),
    I("market_to_state_price", A, "aggregates", "Market over state prices", "ratio", either, level, ratio, pct,
     "dual prices: Σ_k p^m_k w_k / Σ_k p_k w_k, market over state prices of food and consumer goods with the same "
     "weights (starts at `prices.market_premium`); the premium at which reformed enterprises value development and "
     "buy capital goods"),
    I("investment", A, "aggregates", "Investment", "{currency}/month at opening state prices", up, flow, sum, pct,
     "domestic capital goods bought into the investment fund (Σ over `final_use = \"capital\"` sectors of units × "
     "state price); capital imports are not included (`capital_imports`)"),
    I("consumer_imports", A, "aggregates", "Consumer imports", "USD/month", either, flow, sum, pct,
     "consumer goods imported by traders: `world.consumer_imports` × (market price level / market rate, over its "
     "opening value)^`world.import_elasticity`, cut by import caps and the closure, limited by FX"),
    I("investment_local", A, "aggregates", "Investment, local", "{currency}/month at opening state prices", either, flow, sum,
     pct, "investment in local enterprises (plan allocations, projects, guidance resources, own investment)"),
    I("investment_central", A, "aggregates", "Investment, central", "{currency}/month at opening state prices", either, flow, sum,
     pct, "the same for central enterprises"),
    I("capital_imports", A, "aggregates", "Capital imports", "units/month", either, flow, sum, pct,
     "capital goods the plan imports (`world.capital_imports` USD a month, cut by sanctions and the closure, paid from "
     "reserves above `world.reserve_floor_months` of other imports), added to the investment fund (units of the fund)"),
    I("public_consumption", A, "aggregates", "Public consumption", "{currency}/month at opening state prices", either, flow, sum,
     pct, "public services (sectors with `final_use = \"public\"`) bought by the budget"),
    I("defence_absorption", A, "aggregates", "Defence absorption", "{currency}/month at opening state prices", either, flow, sum,
     pct,
     "heavy-industry output taken by defence (`policy.defence_share`; the FX it absorbs is in `imports`)"),
    I("state_revenue", A, "aggregates", "State revenue", "{currency}/month", up, flow, sum, pct,
     "retail and market sales, remitted surplus, imported inputs sold"),
    I("budget_balance", A, "aggregates", "State budget balance", "{currency}/month", up, flow, sum, abs_,
     "state revenue − state spending (procurement, investment, exports, public wages, currency paid for dollars bought)"),
    I("money_supply", A, "aggregates", "Money supply", "{currency}", either, level, sum, pct,
     "cash of households + deposits of enterprises"),
    I("central_bank_credit", A, "aggregates", "Central-bank credit", "{currency}", either, level, sum, pct,
     "money issued to the state plus the opening money stock (the central bank's net liabilities): it rises when the "
     "central bank covers a budget deficit"),
    I("exports", A, "aggregates", "FX receipts", "USD/month", up, flow, sum, pct,
     "all FX received: recorded goods exports and the unrecorded inflows (`exports_goods` + `unrecorded_inflows`)"),
    I("imports", A, "aggregates", "FX payments", "USD/month", either, flow, sum, pct,
     "all FX paid: goods imports (`imports_goods`) and the FX absorbed by defence"),
    I("exports_goods", A, "aggregates", "Goods exports", "USD/month", up, flow, sum, pct,
     "recorded goods exports at export prices (comparable with KOTRA's totals)"),
    I("imports_goods", A, "aggregates", "Goods imports", "USD/month", either, flow, sum, pct,
     "recorded goods imports: imported inputs, traders' consumer imports and capital imports (comparable with "
     "KOTRA's totals)"),
    I("unrecorded_inflows", A, "aggregates", "Unrecorded inflows", "USD/month", either, flow, sum, pct,
     "FX received outside recorded goods exports: services and workers abroad (`world.other_fx_income`), private "
     "inflows (`world.private_inflows`), smuggled exports (`world.sanctions_evasion`), aid and credit "
     "(`world.aid_inflow`)"),
    I("market_exchange_rate", A, "aggregates", "Market exchange rate", "{currency}/USD", either, level, ratio, pct,
     "currency units per US dollar on the market, moved by the dollar order flow (docs/MODEL.md \"The market exchange rate\")"),
    I("market_rice_price", A, "aggregates", "Market rice price", "{currency}/kg", down, level, ratio, pct,
     "market price of food (fixed weights) per kg of rice-equivalent (`prices.food_kg_per_unit`)"),
    I("cpi_market", A, "aggregates", "Market consumer prices", "index, base year = 100", down, level, ratio, pt,
     "market prices of food and consumer goods, fixed weights; the mean of `prices.cpi_base_year` (2013 in the "
     "reference) = 100"),
    I("underemployment_share", A, "aggregates", "Under-employment", "share of assigned workers", down, level, ratio, pp,
     "1 − labour production needs / workers assigned to enterprises (Kornai's unemployment on the job)"),
    I("central_bank_loans", A, "aggregates", "Central-bank loans", "{currency}/month", either, flow, sum, pct,
     "credit to enterprises short of cash (soft budget constraint), new money"),
    I("fx_reserves", A, "aggregates", "Foreign-exchange reserves", "USD", up, level, sum, pct,
     "the state's foreign-exchange reserves"),
    I("hardship_share", A, "aggregates", "Share below subsistence", "share of persons", down, level, ratio, pp,
     "persons whose food consumption is below `households.subsistence`: food per person of each household class "
     "spread lognormally with `households.consumption_cv` (FAO's method; docs/MODEL.md, households)"),
    // households (issue 12, items 4-6)
    I("undernourished_share", A, "aggregates", "Prevalence of undernourishment", "share of persons", down, level, ratio,
      pp,
     "persons whose food consumption is below the minimum dietary energy requirement `households.mder` (FAO's "
     "prevalence of undernourishment: lognormal consumption with `households.consumption_cv`); FAO's PoU for the DPRK "
     "is about 0.40-0.48 in 2012-2019"),
    I("local_share_light_output", A, "aggregates", "Local share of light output", "share", either, level, ratio, pp,
     "light-industry output of local enterprises / all light-industry output (at state prices)"),

    // --- Reform and wages.
    I("nominal_wage_command", A, "wages", "Wage, command regime", "{currency}/worker/month", either, level, ratio, pct,
     "wage bill / workforce of enterprises in the command regime (the state wage; `state.state_wage` when there are "
     "none)"),
    I("nominal_wage_responsibility", A, "wages", "Wage, responsibility regime", "{currency}/worker/month", either, level, ratio,
     pct,
     "the same for enterprises in the enterprise-responsibility regime (state wage + wages by work); the state wage "
     "when there are none"),
    I("nominal_wage_reformed_light", A, "wages", "Wage, reformed light industry", "{currency}/worker/month", either, level,
     ratio, pct,
     "the same for reformed light-industry enterprises (calibration target `reformed_wage_2018`)"),
    I("real_wage_reformed_light", A, "wages", "Real wage, reformed light ind.", "{currency}/worker/month at opening state prices",
     up, level, ratio, pct, "`nominal_wage_reformed_light` / `consumer_price_level`"),
    I("reformed_enterprise_share", A, "wages", "Reformed enterprises", "share of enterprises", either, level, ratio, pp,
     "enterprises in the responsibility regime / all enterprises (the reform's phase-in)"),

    // --- On-site guidance.
    I("output_guided", A, "guidance", "Output, guided factories", "{currency}/month at opening state prices", up, flow, sum, pct,
     "output of the enterprises with at least one `[[guidance]]` visit in the scenario (whatever the date: before "
     "their first visit too)"),
    I("output_other_light", A, "guidance", "Output, other light industry", "{currency}/month at opening state prices", up, flow,
     sum, pct, "output of the other light-industry enterprises"),
    I("reputation_guided", A, "guidance", "Reputation, guided factories", "index", up, level, ratio, pct,
     "mean reputation of the guided enterprises (unweighted)"),
    I("reputation_other_light", A, "guidance", "Reputation, other light ind.", "index", up, level, ratio, pct,
     "mean reputation of the other light-industry enterprises (unweighted)"),

    // --- Fairs.
    I("varieties_fair_participants", A, "fairs", "Varieties, fair participants", "varieties per enterprise", up, level,
     ratio, pct,
     "mean varieties of fair members in food and consumer sectors (calibration target `fair_varieties_2019`)"),
    I("quality_fair_participants", A, "fairs", "Quality, fair participants", "index", up, level, ratio, pct,
     "mean quality (not × reputation) of the same enterprises (target `fair_quality_2019`)"),
    I("varieties_other", A, "fairs", "Varieties, other enterprises", "varieties per enterprise", up, level, ratio, pct,
     "mean varieties of the other food and consumer-goods enterprises"),
    I("quality_other", A, "fairs", "Quality, other enterprises", "index", up, level, ratio, pct,
     "mean quality of the other food and consumer-goods enterprises"),

    // --- Sales by channel.
    I("sales_state_shops", A, "sales", "Sales, state shops", "{currency}/month", either, flow, sum, pct,
     "households' spending in state shops: the food ration and the consumer-goods bundle at state retail prices"),
    I("sales_markets", A, "sales", "Sales, markets", "{currency}/month", either, flow, sum, pct,
     "gross market sales (margins included) of reformed enterprises' goods sold through markets and of the state's "
     "commercial shops"),
    I("sales_wholesale_shops", A, "sales", "Sales, factory wholesale shops", "{currency}/month", either, flow, sum, pct,
     "gross sales through factory wholesale shops (`[[channels]]` of kind `wholesale_shop`)"),
    I("sales_department_stores", A, "sales", "Sales, department stores", "{currency}/month", either, flow, sum, pct,
     "gross sales of reformed enterprises' goods through department stores"),
    I("sales_plot_food", A, "sales", "Sales, plot food", "{currency}/month", either, flow, sum, pct,
     "plot sellers' receipts for food from private plots, net of the traders' margin"),
    I("trader_income", A, "sales", "Traders' income", "{currency}/month", either, flow, sum, pct,
     "traders' margins (markets, factory wholesale shops, plot food) paid to trader households"),

    // --- Investment by group.
    I("investment_light", A, "investment", "Investment, light industry", "{currency}/month at opening state prices", either, flow,
     sum, pct,
     "investment committed this month to light-industry enterprises: listed projects started, the January plan's "
     "allocations, guidance resources and reformed enterprises' own investment (units of capital goods × their state "
     "price)"),
    I("investment_heavy", A, "investment", "Investment, heavy industry", "{currency}/month at opening state prices", either, flow,
     sum, pct, "the same for heavy industry"),

    // --- End of run.
    I("months_to_full_output_<group>", A, "final", "Months to full output", "months", down, once, ratio, pct,
     "mean over the group's listed projects at full output of (month of full output − month the project's "
     "investment started); full output = after the ramp-up, 12 × output ≥ 95 % of capacity × target efficiency × "
     "the material, import and staffing limits of that month (docs/MODEL.md, section 7); absent when no project of "
     "the group reached full output",
     kTwoGroups),
    I("investment_per_output_<group>", A, "final", "Investment per unit of output",
     "units of investment per unit of annual output", down, once, ratio, pct,
     "mean over the same projects of cost / (capacity added × target efficiency); absent when none", kTwoGroups),
    I("projects_at_full_output_<group>", A, "final", "Projects at full output", "count", up, once, sum, pct,
     "listed projects of the group that reached full output by the end", kTwoGroups),
    I("icor_<group>", A, "final", "Capital-output ratio (ICOR)", "ratio", down, once, ratio, pct,
     "incremental capital-output ratio over the run: `invested_total_<group>` / (value added of the group's sectors "
     "in the last twelve months − in the first twelve, at opening state prices, from sector `output`); absent when "
     "value added did not grow",
     kAllGroups),
    I("invested_total_<group>", A, "final", "Investment over the run", "{currency} at opening state prices", either, once, sum,
     pct,
     "all investment committed to the group's enterprises over the run (listed projects, plan, guidance resources, "
     "own investment), in units × the group's mean state price",
     kAllGroups),

    // --- By sector.
    I("output", S, "sector", "Output", "units/month", up, flow, sum, pct, "gross output"),
    I("capacity", S, "sector", "Capacity", "units/year", up, level, sum, pct, "installed capacity at efficiency 1"),
    I("utilisation", S, "sector", "Capacity utilisation", "share", up, level, ratio, pp, "12 × output / capacity"),
    I("market_price", S, "sector", "Market price", "{currency}/unit", down, level, ratio, pct,
     "market price (food and consumer-goods sectors)"),
    I("quality_reputation", S, "sector", "Quality × reputation", "index", up, level, ratio, pct,
     "output-weighted mean of quality × reputation of the sector's producing enterprises (food and consumer-goods "
     "sectors)"),
    I("varieties", S, "sector", "Product varieties", "count", up, level, sum, pct,
     "varieties of the sector's producing enterprises (output > 0; food and consumer-goods sectors)"),
    I("investment", S, "sector", "Investment", "units/month", up, flow, sum, pct,
     "investment committed this month to the sector's enterprises (units of capital goods; see \"Investment by "
     "group\"); written only in months with investment"),

    // --- The annual plan.
    I("plan_optimal", A, "plan", "Plan optimal", "1 or 0", up, once, none, pct,
     "1 when the year's plan is optimal and in force, 0 when the year fell back to the proportional rule"),
    I("plan_objective", A, "plan", "Plan objective", "weighted units/year", up, once, none, pct,
     "the plan's objective: Σ w_i (c_i + c2_i) − ω Σ u_j (optimal plans only)"),
    I("plan_gross_output", S, "plan", "Planned gross output", "units/year", either, once, sum, pct,
     "the plan year's gross output x_j (the materials quotas are x_j / 12 a month)"),
    I("plan_imports", S, "plan", "Planned imports", "USD/year", either, once, sum, pct,
     "the plan year's imported inputs m_j (the FX quotas are m_j / 12 a month)"),
    I("plan_shadow_price", S, "plan", "Shadow price", "objective units per unit", either, once, ratio, pct,
     "dual of the plan year's goods balance: what one more unit of the good is worth to the plan"),
    I("plan_capital_allocation", S, "plan", "Planned capital allocation", "units of capital goods", either, once, sum,
     pct, "z_j, the fund's units the plan invests in the sector this January"),
    I("plan_target_output", S, "plan", "Plan target", "units/year", either, once, sum, pct,
     "the multi-year plan's target T_j for its last year (sectors with a target, while the plan runs)"),
    I("plan_horizon_output", S, "plan", "Plan output in the target year", "units/year", either, once, sum, pct,
     "the plan's gross output of the sector in the target year (beside `plan_target_output`)"),

    // --- By region.
    I("light_output", R, "region", "Light-industry output", "{currency}/month at opening state prices", up, flow, sum, pct,
     "light-industry output of the region's enterprises"),
    // households (issue 12, items 4-6)
    I("hardship_share", R, "region", "Share below subsistence", "share of persons", down, level, ratio, pp,
     "the region's persons whose food consumption is below `households.subsistence` (lognormal within each class)"),
    I("undernourished_share", R, "region", "Prevalence of undernourishment", "share of persons", down, level, ratio, pp,
     "the region's persons whose food consumption is below `households.mder`"),
    I("food_per_capita", R, "region", "Food per person", "food units/person/month", up, flow, ratio, pct,
     "food the region's households eat (ration, own crop, market food), per person"),
    I("food_price", R, "region", "Market food price", "{currency}/unit", either, level, ratio, pct,
     "the region's market food price: the national market food price times the region's relative price, which "
     "moves with its excess demand after trade between regions"),
};

constexpr std::string_view kRunHeadline[] = {
    "light_output_index",    "heavy_output_index", "gdp_real",           "living_standard_index",
    "consumer_goods_per_capita", "real_wage_index", "market_price_level", "local_share_light_output",
    "hardship_share",        "fx_reserves"};
constexpr std::string_view kCompare[] = {
    "light_output_index", "heavy_output_index", "gdp_real",       "living_standard_index", "consumer_goods_per_capita",
    "varieties",          "mean_quality",       "real_wage_index", "nominal_wage",         "local_share_light_output",
    "investment",         "budget_balance",     "market_price_level", "exports",           "imports",
    "fx_reserves",        "hardship_share"};
constexpr std::string_view kPage[] = {
    "light_output_index", "heavy_output_index",       "living_standard_index", "real_wage_index", "gdp_real",
    "varieties",          "local_share_light_output", "market_price_level",    "hardship_share",  "fx_reserves"};

}  // namespace

const char* to_string(Level v) { return word_of<Level::region>(v, {"aggregate", "sector", "region"}); }
const char* to_string(Direction v) { return word_of<Direction::neither>(v, {"higher", "lower", "neither"}); }
const char* to_string(OverTime v) { return word_of<OverTime::once>(v, {"sum", "mean", "once"}); }
const char* to_string(OverParts v) { return word_of<OverParts::none>(v, {"sum", "ratio", "-"}); }
const char* to_string(DifferenceKind v) {
  return word_of<DifferenceKind::absolute>(v, {"percent", "share_points", "index_points", "absolute"});
}

std::string_view Indicator::value_format() const {
  switch (difference) {
    case DifferenceKind::index_points: return "{:.1f}";
    case DifferenceKind::share_points: return "{:.3f}";
    default: return "{:.4g}";
  }
}

std::span<const Indicator> all() { return kAll; }
std::span<const Section> sections() { return kSections; }

std::span<const std::string_view> view(View v) {
  switch (v) {
    case View::run_headline: return kRunHeadline;
    case View::compare: return kCompare;
    case View::page: return kPage;
  }
  return {};
}

std::vector<std::string> names_of(const Indicator& i) {
  const size_t at = i.name.find("<group>");
  if (at == std::string_view::npos) return {std::string(i.name)};
  std::vector<std::string> out;
  std::string_view gs = i.groups;
  while (!gs.empty()) {
    const size_t sp = gs.find(' ');
    const std::string_view g = gs.substr(0, sp);
    out.push_back(std::string(i.name.substr(0, at)) + std::string(g) + std::string(i.name.substr(at + 7)));
    gs = sp == std::string_view::npos ? std::string_view{} : gs.substr(sp + 1);
  }
  return out;
}

namespace {

/// The run-time part of the registry: scenario indicators (owned strings that the entries'
/// views point into; a deque never moves them) and scenario group ids.
struct Runtime {
  struct Owned {
    ScenarioIndicator def;
    Indicator entry;
  };
  std::mutex mutex;
  std::deque<Owned> owned;
  std::vector<std::string> groups;
};

Runtime& runtime() {
  static Runtime r;
  return r;
}

/// `name` is family `i` (a "<group>" name) for a group of the scenarios registered.
bool in_family(const Indicator& i, std::string_view name, const std::vector<std::string>& groups) {
  const size_t at = i.name.find("<group>");
  if (at == std::string_view::npos) return false;
  const std::string_view pre = i.name.substr(0, at), post = i.name.substr(at + 7);
  if (name.size() <= pre.size() + post.size() || !name.starts_with(pre) || !name.ends_with(post)) return false;
  const std::string_view g = name.substr(pre.size(), name.size() - pre.size() - post.size());
  return std::find(groups.begin(), groups.end(), g) != groups.end();
}

}  // namespace

void register_indicator(const ScenarioIndicator& def) {
  Runtime& r = runtime();
  const std::lock_guard lock(r.mutex);
  for (const Runtime::Owned& o : r.owned)
    if (o.def.name == def.name) return;
  Runtime::Owned& o = r.owned.emplace_back();
  o.def = def;
  o.entry = I(o.def.name, Level::aggregate, "scenario", o.def.label, o.def.unit, def.direction, def.over_time,
              def.over_parts, def.difference, o.def.doc);
}

void register_groups(const std::vector<std::string>& ids) {
  Runtime& r = runtime();
  const std::lock_guard lock(r.mutex);
  for (const std::string& g : ids)
    if (std::find(r.groups.begin(), r.groups.end(), g) == r.groups.end()) r.groups.push_back(g);
}

std::vector<const Indicator*> registered() {
  Runtime& r = runtime();
  const std::lock_guard lock(r.mutex);
  std::vector<const Indicator*> out;
  for (const Runtime::Owned& o : r.owned) out.push_back(&o.entry);
  return out;
}

const Indicator* find(std::string_view name, Level level) {
  for (const Indicator& i : kAll) {
    if (i.level != level) continue;
    if (i.name == name) return &i;
    if (i.name.find("<group>") != std::string_view::npos)
      for (const std::string& n : names_of(i))
        if (n == name) return &i;
  }
  Runtime& r = runtime();
  const std::lock_guard lock(r.mutex);
  for (const Indicator& i : kAll)
    if (i.level == level && in_family(i, name, r.groups)) return &i;
  for (const Runtime::Owned& o : r.owned)
    if (o.entry.level == level && o.entry.name == name) return &o.entry;
  return nullptr;
}

}  // namespace lightind::indicators
