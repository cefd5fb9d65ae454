// lightind: the engine's state (arrays per variable, STYLE.md 10) and the monthly step.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include <tbb/task_group.h>

#include "lightind/accounts.hpp"
#include "lightind/description.hpp"
#include "lightind/plan.hpp"
#include "lightind/profile.hpp"
#include "lightind/run.hpp"
#include "lightind/series.hpp"
#include "engine/behaviour.hpp"
#include "policy/channels.hpp"
#include "policy/reform.hpp"

namespace lightind::detail {

/// Enterprises as arrays per variable; index e runs over Description::enterprises.
struct Enterprises {
  std::vector<std::int32_t> sector, region;
  std::vector<std::uint8_t> local;   ///< 1 for local industry
  std::vector<std::uint8_t> regime;  ///< Regime
  std::vector<std::int32_t> reform_month;  ///< month index at which it joins the reform (INT32_MAX: never)
  /// Index of its reform (InForce::reform_at): the first whose scope covers it; 0 when none
  /// does (it never joins, reform_month INT32_MAX, and reform 0's terms are never read for it).
  std::vector<std::uint8_t> reform_of;
  std::vector<double> capacity;      ///< units per year at efficiency 1
  std::vector<double> base_efficiency;  ///< efficiency without incentives or guidance
  std::vector<double> incentive_gain;   ///< efficiency added by the reform's incentive
  std::vector<double> guidance_boost;   ///< efficiency added by guidance, decaying
  std::vector<double> automation;    ///< 0..1
  std::vector<double> quality;       ///< quality index
  std::vector<double> varieties;     ///< product varieties
  std::vector<double> reputation;    ///< brand reputation index
  std::vector<double> endowment_use; ///< share of material need met locally (local enterprises)
  std::vector<double> development_share;  ///< reform: share of retained profit for development
  std::vector<double> workforce;     ///< workers
  std::vector<double> wage;          ///< won per worker this month
  std::vector<double> wage_fund;     ///< won accrued for next month's wages by work
  std::vector<double> dev_pay;       ///< won accrued for next month's development staff
  std::vector<double> bonus_paid;    ///< won paid this month out of the wage fund and to development staff
  std::vector<double> cash;          ///< won
  std::vector<double> output;        ///< units this month
  std::vector<double> market_sales;  ///< won this month from market channels
  std::vector<double> revenue;       ///< won this month
  std::vector<double> cost;          ///< won this month (inputs, imports, wages)
  [[nodiscard]] size_t size() const { return capacity.size(); }
  [[nodiscard]] double efficiency(size_t e) const {
    return std::min(1.0, base_efficiency[e] + incentive_gain[e] + guidance_boost[e]);
  }
};

/// Household agents as arrays per variable; each stands for `weight` real households.
struct Households {
  std::vector<std::int16_t> region;
  std::vector<std::uint8_t> urban;
  std::vector<std::uint8_t> trader;  ///< lives from market trade (earns the margins)
  std::vector<std::uint32_t> trader_draw;  ///< its draw: a trader while draw / 2^32 < households.trader_share in force
  std::vector<double> weight;   ///< real households per agent
  std::vector<double> ability;  ///< earning ability (lognormal, mean 1)
  std::vector<double> cash;     ///< won per real household
  std::vector<double> share;    ///< this month's income weight (ability x shock)
  std::vector<std::int32_t> employer;  ///< enterprise index; -1: paid by the budget (issue 12, item 4)
  [[nodiscard]] size_t size() const { return cash.size(); }
};

/// A run of consecutive household agents of one region and one kind (urban or rural): the
/// agents are built region by region, urban ones first, so a month's per-household passes
/// read what a region faces once per run, not once per agent.
struct HouseholdRun {
  size_t begin = 0, end = 0;
  size_t region = 0;
  bool urban = false;
};

/// A run of consecutive enterprises of one sector: enterprises are generated sector by sector
/// (Description::generators), so the per-sector sums of a pass over the enterprises stay in
/// registers along a run, each added in enterprise order as before.
struct SectorRun {
  size_t begin = 0, end = 0;
  size_t sector = 0;
};

/// Calls f(begin, end, run) for the parts of `runs` (sorted, covering 0..n) inside [lo, hi).
template <class F>
void for_runs_in(const std::vector<HouseholdRun>& runs, size_t lo, size_t hi, F&& f) {
  auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](size_t i, const HouseholdRun& r) { return i < r.end; });
  for (; it != runs.end() && it->begin < hi; ++it) f(std::max(lo, it->begin), std::min(hi, it->end), *it);
}

/// Capacity under construction (investment becoming capacity after its gestation lag).
struct Project {
  int enterprise = 0;
  double capacity = 0;     ///< units per year added on completion
  int complete_month = 0;  ///< YearMonth::index()
  int listed = -1;         ///< index into Description::projects, or -1 for plan allocations
};

/// Capacity under construction, queued by completion month: completing a month's projects
/// touches only that month's. Within a month, projects complete in the order they were
/// started (what matters of that order: each enterprise's capacity sees its projects' additions
/// in that order, and listed projects complete in that order).
///
/// Most months every enterprise of an investing sector starts one project, so a month holds
/// its first plain project (listed < 0) of each enterprise in a dense slot indexed by
/// enterprise; later projects of the same enterprise and month, and every listed project, go
/// to the month's list in the order started. The dense slot is completed first, then the list,
/// which keeps each enterprise's order; an enterprise whose first project of the month is on
/// the list (a listed project) sends the rest there too. Dense slots are reused month to month:
/// a run allocates nothing once warmed up, and holds about half the memory one record per
/// project took (peak about 9.8 MB of project records in the reference run before, about 5 MB
/// after; issue 16).
class ProjectQueue {
 public:
  ProjectQueue() = default;
  // A copy (a run's checkpoint copies the economy) has its own months: last_ must not point
  // into the original's.
  ProjectQueue(const ProjectQueue& o) : by_month_(o.by_month_) {}
  ProjectQueue& operator=(const ProjectQueue& o) {
    if (this != &o) {
      by_month_ = o.by_month_;
      last_ = nullptr;
    }
    return *this;
  }
  ProjectQueue(ProjectQueue&& o) noexcept : by_month_(std::move(o.by_month_)), spare_(std::move(o.spare_)) { o.last_ = nullptr; }
  ProjectQueue& operator=(ProjectQueue&& o) noexcept {
    by_month_ = std::move(o.by_month_);
    spare_ = std::move(o.spare_);
    last_ = o.last_ = nullptr;
    return *this;
  }
  ~ProjectQueue() = default;
  void push_back(const Project& p) {
    // The common case inline (the month pushed to last, with room for the enterprise): a call
    // here made settle_budget keep its sums on the stack around it, twice per enterprise.
    if (last_ != nullptr && last_month_ == p.complete_month) {
      Month& m = *last_;
      const auto e = static_cast<size_t>(p.enterprise);
      if (e < m.state.size()) {
        place(m, e, p);
        return;
      }
    }
    push_back_slow(p);
  }
  /// push_back's general case: finds or adds the month's slot, grows it to the enterprise.
  [[gnu::noinline]] void push_back_slow(const Project& p) {
    // Projects started together mostly complete together: the last month's slot is at hand.
    if (last_ == nullptr || last_month_ != p.complete_month) {
      auto [it, added] = by_month_.try_emplace(p.complete_month);
      if (added && !spare_.empty()) {  // a month reuses the storage of one already completed
        it->second = std::move(spare_.back());
        spare_.pop_back();
      }
      last_ = &it->second;
      last_month_ = p.complete_month;
    }
    Month& m = *last_;
    const auto e = static_cast<size_t>(p.enterprise);
    if (e >= m.state.size()) {
      m.state.resize(e + 1, kEmpty);
      m.capacity.resize(e + 1, 0.0);
    }
    place(m, e, p);
  }
  /// Calls f(project) for the projects due by `month`, earliest month first, each month's in
  /// the order described above, and removes them (their storage is kept for later months).
  template <class F>
  void complete_due(int month, F&& f) {
    while (!by_month_.empty() && by_month_.begin()->first <= month) {
      const int due = by_month_.begin()->first;
      if (last_month_ == due) last_ = nullptr;
      Month m = std::move(by_month_.begin()->second);
      by_month_.erase(by_month_.begin());
      if (m.dense > 0)
        for (size_t e = 0; e < m.state.size(); ++e)
          if (m.state[e] == kDense) f(Project{static_cast<int>(e), m.capacity[e], due, -1});
      for (const Project& p : m.rest) f(p);
      std::fill(m.state.begin(), m.state.end(), kEmpty);
      m.rest.clear();
      m.dense = 0;
      spare_.push_back(std::move(m));
    }
  }

 private:
  static constexpr std::uint8_t kEmpty = 0, kDense = 1, kListed = 2;
  struct Month {
    std::vector<std::uint8_t> state;  ///< by enterprise: kEmpty, kDense (its first project in capacity), kListed
    std::vector<double> capacity;     ///< by enterprise: its first project's capacity (state kDense)
    std::vector<Project> rest;        ///< the month's other projects, in the order started
    size_t dense = 0;                 ///< enterprises in state kDense
  };
  /// Puts p into month m (e < m.state.size()): the enterprise's first unlisted project in the
  /// dense columns, any other in `rest`.
  static void place(Month& m, size_t e, const Project& p) {
    if (m.state[e] == kEmpty && p.listed < 0) {
      m.state[e] = kDense;
      m.capacity[e] = p.capacity;
      ++m.dense;
      return;
    }
    if (m.state[e] == kEmpty) m.state[e] = kListed;
    m.rest.push_back(p);
  }
  std::map<int, Month> by_month_;
  std::vector<Month> spare_;    ///< emptied months, storage kept
  Month* last_ = nullptr;       ///< the month pushed to last (a map node: stable until erased)
  int last_month_ = 0;
};

/// Progress of a listed project (Description::projects).
struct ListedProject {
  bool started = false, completed = false, full = false;
  int start_month = 0, complete_month = 0, full_month = 0;
  int ramp_left = 0;
  double ramp_step = 0;
  double target_efficiency = 0;
};

/// Aggregates of one month that the indicators read.
struct MonthStats {
  std::vector<double> output, potential, capacity;   ///< per sector, units
  std::vector<double> intermediate_use;              ///< per sector, units
  std::vector<double> household_units;               ///< per sector, units bought by households
  std::vector<double> exports_units;                 ///< per sector
  std::vector<double> investment_units;              ///< per sector, units allocated (won at state prices)
  std::vector<double> output_by_region_light;        ///< per region, won of light output at state prices
  double wage_bill = 0, workers = 0;
  double household_spending = 0, household_spending_base = 0;  ///< won; the same units at state prices
  double food_units = 0;
  double hardship_people = 0;
  double investment_units_total = 0, public_units = 0, defence_units = 0;  ///< won at state prices
  double capital_imports_units = 0;  ///< units of capital goods imported
  double consumer_imports_usd = 0;   ///< USD of consumer goods imported
  double investment_local = 0, investment_central = 0;  ///< won at state prices, by level
  double state_revenue = 0, state_expenditure = 0;
  double exports_usd = 0, imports_usd = 0;
  double light_local = 0, light_total = 0;
  double sales_state_shops = 0, sales_markets = 0, sales_wholesale = 0, sales_department = 0, sales_plots = 0;
  double trader_income = 0;
  // Demand, prices and the external account (issue 12, items 1-3).
  double exports_goods_usd = 0, imports_goods_usd = 0;  ///< recorded goods trade, USD
  double inflows_usd = 0;          ///< unrecorded inflows: services, workers abroad, private, evasion, aid
  double labour_used = 0, labour_assigned = 0;  ///< workers production needs, workers assigned
  double fx_demand_usd = 0, fx_supply_usd = 0;  ///< the FX market's order flow
  double cb_loans = 0;             ///< won lent by the central bank to enterprises
  double self_investment = 0;      ///< won reformed enterprises spent on self-built investment
  double public_works = 0;         ///< won the budget spent on state construction
};

/// What the sales phases of a month hand on to each other (STYLE.md 13): consumer imports ->
/// offer by channel -> household income -> food market -> consumer-goods market -> settlement.
struct SalesMonth {
  std::vector<double> imported;              ///< per sector, units of consumer goods imported
  policy::ChannelsOpen channels;             ///< department stores and wholesale shops open
  std::vector<double> avail;                 ///< per sector, units of final goods for households
  std::vector<double> state_shop;            ///< per sector, units sold in state shops
  std::vector<double> market_ent;            ///< per sector, units reformed enterprises sell at market
  std::vector<double> market_state;          ///< per sector, units the state sells at market
  std::vector<double> weight;                ///< per enterprise, market-sales weight (reformed ones)
  std::vector<double> weight_sum;            ///< per sector, its members' weights summed in member order
  double ration_pp = 0;                      ///< units of food rationed per person served
  double ration_served = 0;                  ///< persons the ration reaches (all but ration_cut regions' share)
  double p_ration = 0;                       ///< won per unit of rationed food
  double shop_value_pp = 0;                  ///< won per person of the state-shop bundle
  double food_market_supply = 0;             ///< units of enterprise and state food at market
  double p_food = 0;                         ///< won per unit of market food
  std::vector<double> shares;                ///< per sector, CES shares of consumer spending at market
  HouseholdMonth household;                  ///< what every household faces when it plans
  std::vector<double> crop_of_region;        ///< per region, units of plot food per rural household
  std::array<double, 2> share_total{};       ///< income weights of workers and of traders
  std::array<double, 6> want{};              ///< plans at full supply (household_income)
  double offered_total = 0, buyer_fill = 0, seller_fill = 0;  ///< the food market's clearing
  double fill_avg = 0;                       ///< consumer spending served, share
  std::vector<double> consumer_sold;         ///< per sector, units of consumer goods sold at market
  // Regional food markets (issue 12, item 4).
  std::vector<HouseholdMonth> household_r;   ///< per region: what its households face (its food price)
  std::vector<double> food_alloc;            ///< per region, units of enterprise and state food at its market
  std::vector<double> food_offered;          ///< per region, plot food offered
  std::vector<double> food_want;             ///< per region, market food wanted
  std::vector<double> food_net_in;           ///< per region, food shipped in by traders (negative: out)
  std::vector<double> buyer_fill_r, seller_fill_r;  ///< per region, shares served
  double p_food_sellers = 0;                 ///< won per unit enterprises and the state get for market food
  double arbitrage_income = 0;               ///< won the traders gain on food moved between regions
};

class Economy {
 public:
  /// Copies `d`: the engine runs on its own const description (STYLE.md 6).
  Economy(const Description& d, std::uint64_t seed);

  /// One month: the flat list of phases of the model's timeline (STYLE.md 1).
  void step();
  /// Time every phase of step() into `p` ("step/<phase>"); null (the default): nothing timed.
  void set_profile(Profile* p) { profile_ = p; }
  /// Observe only what these national aggregates need (RunOptions::aggregates; empty: all).
  void observe_only(const std::vector<std::string>& aggregates);

  /// Ends the spin-up (Description::spin_up_months): forgets its events and the investment
  /// "since the start" counts, so that what is recorded begins at `start`.
  void end_spin_up();

  /// Continues the run under `d` from the current month (lightind::resume, src/engine/run.cpp):
  /// d_ becomes `d` with the values in force before this month (its events dated before it
  /// applied, as apply_policy_events applied the old ones). The caller vouches that nothing in
  /// which `d` differs could have acted before this month.
  void continue_with(const Description& d);

  /// A copy of the economy for a checkpoint (lightind::run_keeping): all of it but its
  /// description, which the copy holds empty. A run resumed from the checkpoint gives it its
  /// own description (continue_with, which reads nothing of the old one), and nothing else
  /// reads a checkpoint's. One copy of the reference case's description took 0.38 ms (its
  /// 7,365 enterprises), and the page's runs keep several checkpoints each.
  [[nodiscard]] Economy copy_without_description();

  /// The plan LP's input at the current month (the state and the plan knobs in force).
  [[nodiscard]] PlanInput plan_input() const;
  /// Keep the plan LP's input of January `month` (a month index) as the annual plan phase
  /// sees it, whatever plan.method; read it with captured_plan_input() after that month.
  void capture_plan_input(int month) { capture_month_ = month; }
  [[nodiscard]] const PlanInput& captured_plan_input() const { return captured_; }

  /// Indicators of the month just stepped, appended to `s`.
  void record(Series& s) const;
  /// Indicators of the whole run (project lags and costs, ICOR), added at the last month.
  void record_final(Series& s) const;

  [[nodiscard]] int month() const { return month_; }  ///< the next month to step
  /// The description the economy runs under, with the values in force this month.
  [[nodiscard]] const Description& description() const { return d_; }
  [[nodiscard]] const MonthAccounts& accounts() const { return acc_; }
  [[nodiscard]] const std::vector<GoodsBalance>& goods() const { return goods_; }
  [[nodiscard]] const Enterprises& enterprises() const { return ent_; }
  [[nodiscard]] const Households& households() const { return hh_; }
  [[nodiscard]] const MonthStats& stats() const { return st_; }
  [[nodiscard]] double population() const { return population_; }
  [[nodiscard]] std::vector<Event>& events() { return events_; }

  /// Money and FX stocks per institution, read off the agent arrays (not off the ledger).
  [[nodiscard]] std::array<std::array<double, kInstitutionCount>, kInstrumentCount> stocks() const;

 private:
  Profile* profile_ = nullptr;  // run --profile: per-phase times (STYLE.md 14)
  // What the month observes for record() (observe_only): the persons in hardship
  // (count_hardship), the pass over the enterprises for welfare, quality and wages by regime,
  // and the indicators by sector and region.
  bool observe_hardship_ = true, observe_enterprises_ = true, observe_detail_ = true;
  bool closing_held_ = false;      // acc_.closing are the stocks now (close_month; open_month reads them)
  /// A task of the month run beside the step's later phases on a second thread (oneTBB's
  /// task_group), joined before step() returns: count_hardship, which only observes. A copy of
  /// the economy (a checkpoint, taken between months) starts with none.
  class Beside {
   public:
    Beside() = default;
    Beside(const Beside&) {}
    Beside& operator=(const Beside&) { return *this; }
    Beside(Beside&&) noexcept {}
    Beside& operator=(Beside&&) noexcept { return *this; }
    ~Beside() {
      try {
        wait();
      } catch (...) {  // (a step that threw left it running; what it threw is not the error)
      }
    }
    /// Starts f(); `seconds` receives its duration.
    template <class F>
    void run(F&& f) {
      if (!group_) group_ = std::make_unique<tbb::task_group>();
      group_->run([this, f = std::forward<F>(f)] {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      });
      pending_ = true;
    }
    /// Waits for the task started last, if any (rethrows what it threw).
    void wait() {
      if (!pending_) return;
      pending_ = false;
      group_->wait();
    }
    double seconds = 0;

   private:
    std::unique_ptr<tbb::task_group> group_;
    bool pending_ = false;
  };
  // Phases, in order. Each is one function over the state; behaviour is in behaviour.hpp.
  void open_month();           // opening stocks, reset the month's flows
  void apply_policy_events();  // dated changes of any changeable key (priorities, shares, rations, wages ...)
  /// After events changed the values in force (from `before`): the state derived from them
  /// at the start (public workers, traders, enterprises' development shares) follows.
  void follow_in_force(const InForce& before);
  /// Real quantities are valued at base-year prices: a sector without one (a description
  /// built in code) takes its opening state price.
  static void base_prices(Description& d) {
    for (SectorDesc& s : d.sectors)
      if (s.base_price <= 0.0) s.base_price = s.state_price;
  }
  void apply_shocks();         // sanctions, border closure, disasters active this month
  void switch_regimes();       // enterprises join the reform as it phases in
  void guidance_visits();      // on-site guidance: efficiency, resources, reputation; decay
  void hold_fairs();           // merchandise fairs: reputation to winners, competition
  void spread_brands();        // a local brand's reputation spreads to its region's same-sector local factories
  void plan_year();           // January, plan.method = "lp": the annual plan LP from the current state
  void invest_and_build();     // projects; January: allocate the investment fund; completions; depreciation
  void assign_labour();        // workforces move toward the labour their potential output needs
  void plan_output();          // producers plan output from expected demand and the inventory target
  void update_efficiency();    // restoration toward normal output; incentive of wages by work
  void ration_materials();     // rationing of domestic inputs and imports, by priority
  void produce();              // Leontief production per enterprise
  void pay_wages();            // state wages, wages by work, public wages
  void export_goods();         // the state buys goods for export and sells them abroad
  void buy_state_goods();      // investment fund, public services, defence
  // household purchases, in their phases (phases_markets.cpp):
  void consumer_imports(SalesMonth& m);       // state trading companies import consumer goods
  void offer_by_channel(SalesMonth& m);       // supply by channel: state shops (ration, bundle), markets
  void household_income(SalesMonth& m);       // income shares and wages arrive; plans at full supply
  void food_market(SalesMonth& m);            // market food clears (buyers or sellers rationed)
  void consumer_goods_market(SalesMonth& m);  // consumer goods at market by CES shares
  /// Sellers paid by channel; purchases; each agent's food into hh_food_ when `keep_food`.
  void settle_sales(const SalesMonth& m, bool keep_food);
  /// Persons in hardship and undernourished (FAO's method), each agent's food from hh_food_
  /// (`from_food`) or computed again from hh_plan_ and `buyer_fill_r`.
  void count_hardship(const std::vector<double>& buyer_fill_r, bool from_food);
  /// Whether this run may use a second thread (its arena and the thread limit allow one).
  static bool second_thread();
  void adjust_prices();        // market prices move with excess demand and toward unit cost x mark-up
  void fx_market();            // the market exchange rate moves with the dollar order flow
  void update_expectations();  // expected demand follows the month's demand
  void settle_budget();        // remittance or levy, retained profit, subsidies, central bank
  void close_month();          // closing stocks and goods balances

  void post(Flow f, Institution from, Institution to, double amount);
  /// Credits `amount` won to the enterprises of sector k in proportion to `weight` (their
  /// share of the sector's sales of that kind); `total` is the sum of `weight` over the
  /// sector's members in member order (alike when it is not positive).
  void credit_sector(int k, double amount, const std::vector<double>& weight, double total);
  /// The state pays `amount` won to the enterprises of sector k (by output) as flow f.
  void pay_sector(int k, double amount, Flow f);
  [[nodiscard]] double final_available(int k) const;  ///< stock beyond the intermediate reserve
  /// Value added per unit of sector k at state prices: its state price less its domestic
  /// inputs at state prices and its imported inputs at the official rate (gdp_real's weight).
  [[nodiscard]] double unit_value_added(size_t k) const;
  /// National income of the month (net material product at state prices): sum of output x
  /// unit_value_added.
  [[nodiscard]] double national_income() const;
  /// Units of heavy-industry sector k's output defence takes this month (policy.defence_share).
  [[nodiscard]] double defence_take(int k) const;
  /// Market price level over state prices (opening weights): what a won buys at market.
  [[nodiscard]] double market_premium() const;
  /// State construction: the budget pays `won` to households for labour and local materials
  /// at market prices (flow public_works, alike per household); capital of the same real value
  /// enters the investment fund at the mean state price of the capital and public sectors x premium.
  void state_construction(double won, double premium);
  /// Pays `won` to households, the same per real household (no data on who they are).
  void pay_households_alike(double won);
  /// Market price level of consumer goods (fixed opening weights), won per unit.
  [[nodiscard]] double consumer_price_level() const;
  [[nodiscard]] bool reformed(size_t e) const { return ent_.regime[e] == static_cast<std::uint8_t>(Regime::responsibility); }
  /// The terms in force of enterprise e's reform (its index into the small array of reforms).
  [[nodiscard]] const ReformDesc& terms(size_t e) const { return d_.reform_at(ent_.reform_of[e]); }
  /// Whether the rights of enterprise e's reform are in force (its reform's rights_date).
  [[nodiscard]] bool rights(size_t e) const { return policy::rights_in_force(month_, terms(e).rights_date.index()); }
  void event(const std::string& kind, const std::string& subject, const std::string& text);
  /// Per sector: varieties of the enterprises producing this month, and their
  /// output-weighted quality x reputation (theta); theta_weight gets the output.
  void sector_offer(std::vector<double>& varieties, std::vector<double>& theta, std::vector<double>& theta_weight) const;
  /// The largest producers (by capacity) of the sectors a fair shows, as many as it admits.
  [[nodiscard]] std::vector<int> leading_producers(const FairDesc& f) const;
  /// Per sector: the fund's units by the proportional rule, given each group's amount.
  /// The month's value of a scenario aggregate (policy::aggregate_value of its sectors' parts).
  [[nodiscard]] double aggregate_value(const AggregateDesc& a) const;
  [[nodiscard]] std::vector<double> proportional_investment(const std::array<double, kMaxGroups>& units_g) const;
  /// Per sector: the fund's units by this year's plan (lp): its capital allocation, scaled
  /// down when projects drew on the fund since, and each group's unplanned rest by the proportional rule.
  [[nodiscard]] std::vector<double> plan_investment() const;
  /// Invests `units` of the fund in sector k's enterprises; returns the units invested.
  double invest_in_sector(int k, double units);
  /// Rations domestic inputs and imports by this year's plan quotas (plan.method = "lp").
  void ration_by_plan(const std::vector<double>& pool_need);
  /// A plan event with targets: each sector's target = multiple x its output last year.
  void set_plan_targets(const PolicyEventDesc& ev);
  /// Books `units` of investment in enterprise e: by sector, group and level.
  void note_investment(size_t e, double units) {
    const auto k = static_cast<size_t>(ent_.sector[e]);
    const double won = units * d_.sectors[k].base_price;
    st_.investment_units[k] += won;
    invested_by_group_[static_cast<size_t>(d_.sectors[k].group)] += units;
    (ent_.local[e] ? st_.investment_local : st_.investment_central) += won;
  }

  /// The engine's own validated copy: nothing outside can change it during a run. Its
  /// InForce sections (households, state, world, prices, policy, reform) hold the values in
  /// force this month: apply_policy_events writes them as dated events fall due, so that
  /// every phase reads a changed key from the event's month on; nothing else writes d_.
  Description d_;
  std::uint64_t seed_;
  int month_;
  int n_;  // sectors
  double population_ = 0;
  double labour_force_ = 0;    ///< persons in the labour force
  double public_workers_ = 0;  ///< persons paid by the budget
  double staffing_ = 1.0;      ///< share of enterprises' labour need the labour force covers

  Enterprises ent_;
  Households hh_;
  std::vector<HouseholdRun> hh_runs_;  ///< hh_ cut into runs of one region and kind (household_runs)
  /// Each agent's plan of the month (household_plan), made in household_income's pass 2 and
  /// carried out in settle_sales' pass 3: its cash and what it faces do not change between
  /// them, so pass 3 reads the plan instead of making it again. Scratch, per agent.
  struct PlanOfMonth {
    std::vector<double> held;             ///< units of food from the ration and its plot: ration + own
    std::vector<double> offered;          ///< plot food offered at market
    std::vector<double> want;             ///< market food wanted
    std::vector<double> consumer_budget;  ///< won for consumer goods
    std::vector<double> spent_state;      ///< won spent in state shops
  } hh_plan_;
  std::vector<double> employer_wage_;  ///< household_income's scratch: won per worker, by employer + 1
  std::vector<double> hh_food_;  ///< units of food each agent ate this month (settle_sales, when count_hardship runs beside)
  double hh_weight_total_ = 0;         ///< real households: the sum of hh_.weight in agent order
  /// Builds hh_runs_ and hh_weight_total_ from hh_ (the agents never change region, kind or weight).
  void household_runs();
  std::vector<SectorRun> sector_runs_;       ///< the enterprises cut into runs of one sector (covering all)
  std::vector<std::vector<SectorRun>> sector_runs_of_;  ///< per sector, its runs: its members in enterprise order
  std::vector<size_t> sector_size_;                     ///< per sector, its number of enterprises
  std::vector<double> drawn_;                ///< produce's scratch, per enterprise: output drawn from the pool
  std::vector<double> potential_q_;          ///< per enterprise, potential output this month (plan_output; read by ration_materials, produce)

  size_t next_event_ = 0;  ///< the first of d_.events not yet applied

  // Shocks in force this month.
  std::vector<double> export_factor_;  ///< per sector: share of exports allowed
  double import_factor_ = 1.0;         ///< share of normal imports allowed
  double closure_factor_ = 1.0;        ///< share of cross-border traffic the border closure allows
  std::vector<double> crop_factor_;    ///< per region: share of farm output not lost

  // Goods, per sector.
  std::vector<double> stock_;          ///< units in inventory
  std::vector<double> reserve_;        ///< units kept back for next month's intermediate use
  std::vector<double> market_price_;   ///< won per unit
  std::vector<double> price_growth_;   ///< last month's log change
  std::vector<double> material_factor_;  ///< per sector, this month's rationing factor of domestic inputs
  std::vector<double> import_ration_;    ///< per sector, output allowed by imports and their substitutes
  std::vector<double> import_raw_;       ///< per sector, share of imported inputs available
  std::vector<double> demand_, supply_;  ///< per sector, household market demand and supply (units)
  std::vector<double> price_weight_;   ///< fixed weights of the market price level
  std::vector<double> varieties0_;     ///< varieties per sector at the start (for the living standard)
  std::vector<double> market_fraction_;  ///< per sector, share of final goods that reformed enterprises sell at market
  std::vector<double> shock_table_;     ///< lognormal_table of households' monthly income shock
  std::vector<double> monthly_keep_;     ///< per sector, capacity kept after a month's depreciation: (1 - dep)^(1/12)

  // State and rest of the world.
  double state_money_ = 0, cb_money_ = 0;
  double fx_state_ = 0, fx_row_ = 0;  ///< won-valued at the official rate
  double fund_units_ = 0;             ///< investment fund: capital goods bought, not yet allocated
  ProjectQueue projects_;
  std::vector<ListedProject> listed_;
  std::vector<std::uint8_t> guided_;      ///< per enterprise: ever visited
  std::vector<std::pair<int, std::vector<int>>> brands_;  ///< branded enterprise, its region's same-sector local followers
  std::vector<std::uint8_t> fair_member_; ///< per enterprise: among this year's leading producers (fair participants)
  std::vector<double> invested_by_group_; ///< units invested per group since the start
  std::array<double, kMaxGroups> value_added_first_{}, value_added_last_{};  ///< first and last year, won/year

  // The annual plan (plan.method = "lp"), solved each January.
  plan::PlanResult plan_;
  bool plan_ok_ = false;             ///< this year's plan is optimal and in force
  int plan_month_ = -1;              ///< month index of the latest plan (-1: none)
  int revision_month_ = -1;          ///< month a dated event changed the investment shares (plan.mid_year_revision)
  double plan_fund_ = 0;             ///< fund units the plan allocated (before projects drew on it)
  std::vector<double> plan_target_;  ///< per sector, gross output target of the multi-year plan, units/year
  int plan_target_year_ = 0;         ///< the year the targets are for (0: none)
  int capture_month_ = -1;            ///< capture_plan_input
  PlanInput captured_;
  std::vector<double> year_output_, last_year_output_;  ///< per sector, units this calendar year and last

  // Ledger of the month.
  MonthAccounts acc_;
  std::vector<GoodsBalance> goods_;
  MonthStats st_;
  std::vector<double> scratch_;  ///< per-enterprise scratch space
  std::vector<Event> events_;

  // Demand, prices and the external account (issue 12, items 1-3).
  std::vector<double> expected_;         ///< per sector, expected final demand, units a month
  std::vector<double> opening_potential_;  ///< per sector, potential output at the opening, units a month
  /// Foreign demand of sector k before sanctions and the closure, units a month: the
  /// `export_share` in force times the opening potential output (an event may change the share).
  [[nodiscard]] double foreign_demand(size_t k) const { return d_.sectors[k].export_share * opening_potential_[k]; }
  std::vector<double> export_demand_;    ///< per sector, this month's foreign demand, units
  std::vector<double> plan_fill_;        ///< per sector, share of producible output the plan asks for
  std::vector<std::uint8_t> taut_;       ///< per sector: the state takes all it can produce (capital, public)
  std::vector<double> leontief_free_;    ///< (I - A_ff)^-1 over the free (not taut) sectors, n x n row-major
  std::vector<double> price0_;           ///< opening market prices (cpi_market)
  double market_fx_ = 0;                 ///< won per USD on the market
  /// The opening official rate (currency per USD): real value added (gdp_real, ICOR, the
  /// national income of the accumulation rate) values imported inputs at base-year prices like
  /// every other input, so a devaluation moves no real indicator by itself (national accounts
  /// at constant prices: SNA 2008, ch. 15).
  double base_rate_ = 0;
  double price_fx_ratio0_ = 0;           ///< opening consumer price level over the market rate
  double fx_inflow_won_ = 0;             ///< won households got this month for the dollars they sold
  double market_wage_ = 0;               ///< won a worker earns this month (wages, trade, plots, dollars sold)
  // households (issue 12, items 4-6)
  std::vector<double> ent_paid_;      ///< per enterprise, won paid to its workers this month (wages, bonus, development staff)
  std::vector<double> farm_earned_;   ///< per enterprise, last month's revenue less non-labour costs (farm pay from output)
  double public_bill_ = 0;            ///< won paid to public employees this month
  std::vector<double> food_rel_;      ///< per region, food price relative to the national market food price
  std::vector<double> food_growth_;   ///< per region, last month's log change of the relative food price
  std::vector<double> food_region_weight_;  ///< per region, food-producing output weight (state prices), this month
  std::vector<double> hardship_r_, undernourished_r_, food_pc_r_;  ///< per region: persons in hardship, undernourished; food per person
  std::vector<double> population_r_;  ///< per region, persons
  std::vector<double> ration_factor_; ///< per region, share of the ration the state ships (ration_cut shocks)
  double undernourished_people_ = 0;  ///< persons below the minimum dietary energy requirement
  /// Per region: the food-producing output (final use food, state prices) that supplies its market.
  void food_weights();
  /// Last, so that it is destroyed first: a task still running reads the members above.
  Beside beside_;
};

}  // namespace lightind::detail
