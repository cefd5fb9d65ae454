// lightind: run() — the month loop, the ledger check, and the indices computed at the end.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <tbb/global_control.h>

#include "engine/economy.hpp"
#include "policy/in_force.hpp"
#include "lightind/run.hpp"

namespace lightind {

namespace {

/// Appends `index_name` = 100 x value / base for every month of aggregate `name`, with base
/// the mean of its first twelve months (or of all months when the run is shorter).
void add_index(Series& s, const std::string& name, const std::string& index_name) {
  const auto v = s.aggregate(name);
  if (v.empty()) return;
  const size_t nb = std::min<size_t>(12, v.size());
  double base = 0;
  for (size_t i = 0; i < nb; ++i) base += v[i].second;
  base /= static_cast<double>(nb);
  const int id = s.indicator_id(index_name);
  for (const auto& [m, x] : v) s.add(m, id, base != 0.0 ? 100.0 * x / base : 0.0);
}

/// Rescales aggregate `name` in place so that its mean over `year` is 100 (over the first
/// twelve months when the run does not cover that year).
void rebase_to_year(Series& s, const std::string& name, int year) {
  const auto v = s.aggregate(name);
  if (v.empty()) return;
  double base = 0;
  int count = 0;
  for (const auto& [m, x] : v)
    if (YearMonth::from_index(m).year == year) {
      base += x;
      ++count;
    }
  if (count == 0)
    for (size_t i = 0; i < std::min<size_t>(12, v.size()); ++i, ++count) base += v[i].second;
  base /= count;
  const int id = s.indicator_id(name);
  for (size_t i = 0; i < s.size(); ++i)
    if (s.indicator[i] == id && s.sector[i] < 0 && s.region[i] < 0) s.value[i] = base != 0.0 ? 100.0 * s.value[i] / base : 0.0;
}

/// Throws AccountingError::non_finite at the first value of `s` from row `from` on that is
/// NaN or infinite, naming the indicator, its sector or region and the month: no output
/// holds a value that is not a number.
void check_finite(const Series& s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (std::isfinite(s.value[i])) continue;
    std::string where = "indicator " + s.indicators[static_cast<size_t>(s.indicator[i])];
    if (s.sector[i] >= 0) where += ", sector " + s.sectors[static_cast<size_t>(s.sector[i])];
    if (s.region[i] >= 0) where += ", region " + s.regions[static_cast<size_t>(s.region[i])];
    throw AccountingError::non_finite(s.month[i], std::move(where), s.value[i]);
  }
}

/// The thread limit of a run (none when opt.threads is 0).
std::unique_ptr<tbb::global_control> thread_limit(const RunOptions& opt) {
  if (opt.threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<size_t>(opt.threads));
}

}  // namespace

/// A run paused before month eco.month(): the economy and what was recorded before it.
struct RunCheckpoint {
  detail::Economy eco;  ///< without its description (Economy::copy_without_description): resume gives it one
  RunResult partial;  ///< scenario, seed, series and (keep_accounts) accounts of the months before
  bool accounts = false;  ///< the run kept accounts
  std::vector<std::string> aggregates;  ///< RunOptions::aggregates of the run
  YearMonth start, end;
  int spin_up_months = 0;
  std::vector<int> event_months;  ///< the description's policy event dates
  /// The description's enterprise ids, shared by the checkpoints of a run and of the runs
  /// resumed from them (thousands of strings: a copy each was 0.2 ms of every checkpoint).
  std::shared_ptr<const std::vector<std::string>> enterprises;
};

namespace {

RunResult begin_result(const Description& d, const RunOptions& opt) {
  RunResult r;
  r.scenario = d.name;
  r.seed = opt.seed ? opt.seed : d.seed;
  for (const auto& s : d.sectors) r.series.sectors.push_back(s.id);
  for (const auto& g : d.regions) r.series.regions.push_back(g.id);
  return r;
}

std::vector<int> event_months(const Description& d) {
  std::vector<int> m;
  for (const PolicyEventDesc& e : d.events) m.push_back(e.date.index());
  return m;
}

std::shared_ptr<const std::vector<std::string>> enterprise_ids(const Description& d) {
  auto ids = std::make_shared<std::vector<std::string>>();
  ids->reserve(d.enterprises.size());
  for (const EnterpriseDesc& e : d.enterprises) ids->push_back(e.id);
  return ids;
}

/// Whether `d`'s enterprises are `ids`, in order.
bool same_enterprises(const Description& d, const std::vector<std::string>& ids) {
  return d.enterprises.size() == ids.size() &&
         std::equal(d.enterprises.begin(), d.enterprises.end(), ids.begin(),
                    [](const EnterpriseDesc& e, const std::string& id) { return e.id == id; });
}

/// Steps `eco` from its month through the run's last month, recording into `r` from `start` on
/// (the months before are the spin-up: stepped and checked, not recorded), then adds what is
/// computed at the end. A checkpoint is kept before each month of `keep` (sorted) on the way;
/// `ids`, d's enterprise ids, is made when the first is kept unless given.
void advance(detail::Economy& eco, const Description& d, const RunOptions& opt, RunResult& r,
             const std::vector<int>& keep, std::vector<std::shared_ptr<const RunCheckpoint>>* kept,
             std::shared_ptr<const std::vector<std::string>> ids = nullptr) {
  Profile* const prof = opt.profile;
  const std::vector<std::string>& sector_ids = r.series.sectors;
  const int start = d.start.index(), last = d.end.index(), months = d.months();
  for (int m = eco.month(); m <= last; m = eco.month()) {
    // Spin-up over: its events and "since the start" counts are forgotten (idempotent).
    if (m == start) eco.end_spin_up();
    if (kept && std::binary_search(keep.begin(), keep.end(), m)) {
      if (!ids) ids = enterprise_ids(d);
      auto c = std::make_shared<RunCheckpoint>(RunCheckpoint{eco.copy_without_description(), r, opt.keep_accounts,
                                                             opt.aggregates, d.start, d.end, d.spin_up_months,
                                                             event_months(d), ids});
      kept->push_back(std::move(c));
    }
    eco.step();
    if (opt.check) {
      const ProfileScope timed(opt.profile, "check");
      check_month(eco.accounts(), eco.goods(), sector_ids);
    }
    if (m < start) continue;
    const size_t recorded = r.series.size();
    {
      const ProfileScope timed(prof, "record");
      eco.record(r.series);
    }
    if (m == start && r.series.size() > recorded) {
      // Every month records about as many rows as the first: room for all of them at once,
      // instead of the columns growing (and being copied) as the months are appended.
      const size_t rows = recorded + (r.series.size() - recorded) * static_cast<size_t>(last - start + 2);
      Series& s = r.series;
      s.month.reserve(rows);
      s.indicator.reserve(rows);
      s.sector.reserve(rows);
      s.region.reserve(rows);
      s.value.reserve(rows);
    }
    if (opt.check) {
      const ProfileScope timed(prof, "check");
      check_finite(r.series, recorded);  // stops at the month it appears
    }
    if (opt.keep_accounts) {
      r.accounts.push_back(eco.accounts());
      r.goods.push_back(eco.goods());
    }
    if (opt.progress) opt.progress(m - start + 1, months);
  }
  const auto t_final = std::chrono::steady_clock::now();
  eco.record_final(r.series);
  r.events = std::move(eco.events());
  add_index(r.series, "light_output", "light_output_index");
  add_index(r.series, "heavy_output", "heavy_output_index");
  add_index(r.series, "agriculture_output", "agriculture_output_index");
  add_index(r.series, "living_standard", "living_standard_index");
  add_index(r.series, "real_wage", "real_wage_index");
  rebase_to_year(r.series, "cpi_market", d.prices.cpi_base_year > 0 ? d.prices.cpi_base_year : d.start.year);
  check_finite(r.series, 0);  // checked or not, a run never returns a value that is not a number
  if (prof != nullptr)
    prof->add("record", std::chrono::duration<double>(std::chrono::steady_clock::now() - t_final).count());
  r.agent_months = static_cast<std::int64_t>(eco.enterprises().size() + eco.households().size()) * (months + d.spin_up_months);
}

}  // namespace

RunResult run(const Description& d, const RunOptions& opt) {
  std::vector<std::shared_ptr<const RunCheckpoint>> none;
  return run_keeping(d, opt, {}, none);
}

int checkpoint_month(const RunCheckpoint& c) { return c.eco.month(); }


RunResult run_keeping(const Description& d, const RunOptions& opt, const std::vector<int>& months,
                      std::vector<std::shared_ptr<const RunCheckpoint>>& kept) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto threads = thread_limit(opt);
  RunResult r = begin_result(d, opt);
  Profile* const prof = opt.profile;
  const auto t_build = std::chrono::steady_clock::now();
  detail::Economy eco(d, r.seed);
  eco.observe_only(opt.aggregates);
  if (prof != nullptr) {
    prof->add("build", std::chrono::duration<double>(std::chrono::steady_clock::now() - t_build).count());
    eco.set_profile(prof);
  }
  // A month before the first gives the economy as built.
  std::vector<int> keep = months;
  const int first = d.start.index() - d.spin_up_months;
  for (int& m : keep) m = std::max(m, first);
  advance(eco, d, opt, r, keep, months.empty() ? nullptr : &kept);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

RunResult resume(const RunCheckpoint& c, const Description& d, const RunOptions& opt, const std::vector<int>& months,
                 std::vector<std::shared_ptr<const RunCheckpoint>>* kept) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t seed = opt.seed ? opt.seed : d.seed;
  auto refuse = [](const std::string& what) {
    throw std::invalid_argument("resume: the description is not the checkpoint's economy: " + what);
  };
  if (seed != c.partial.seed) refuse("another seed");
  if (d.start != c.start || d.end != c.end || d.spin_up_months != c.spin_up_months) refuse("another period");
  if (opt.keep_accounts != c.accounts) refuse("accounts kept in one run and not in the other");
  if (opt.aggregates != c.aggregates) refuse("other indicators recorded");
  std::vector<std::string> sectors, regions;
  for (const auto& s : d.sectors) sectors.push_back(s.id);
  for (const auto& g : d.regions) regions.push_back(g.id);
  if (sectors != c.partial.series.sectors || regions != c.partial.series.regions) refuse("other sectors or regions");
  if (event_months(d) != c.event_months) refuse("other policy event dates");
  if (!same_enterprises(d, *c.enterprises)) refuse("other enterprises");
  const auto threads = thread_limit(opt);
  RunResult r = c.partial;
  r.scenario = d.name;
  detail::Economy eco = c.eco;
  eco.continue_with(d);
  eco.set_profile(opt.profile);  // never the profile of the run that kept the checkpoint
  std::vector<int> keep;
  for (const int m : months)
    if (m > eco.month()) keep.push_back(m);
  advance(eco, d, opt, r, keep, kept, c.enterprises);  // the same ids, checked above
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

detail::Economy detail::Economy::copy_without_description() {
  // The description steps aside for the copy (a move: its buffers, and anything pointing into
  // them, stay where they are) and comes back after it, also when the copy throws.
  struct Back {
    Description& to;
    Description held;
    ~Back() { to = std::move(held); }
  } back{d_, std::exchange(d_, Description{})};
  return *this;
}

void detail::Economy::continue_with(const Description& d) {
  Description next = d;
  // Before the first step no event has been applied; after it, every event dated before this
  // month has (apply_policy_events), and policy_in_force applies them alike, in date order.
  if (month_ > d.start.index() - d.spin_up_months) static_cast<InForce&>(next) = policy::policy_in_force(d, month_ - 1);
  d_ = std::move(next);
  base_prices(d_);
}

PlanInput simulated_plan_input(const Description& d, int year, std::uint64_t seed) {
  if (year < d.start.year || year > d.end.year)
    throw std::invalid_argument("plan year " + std::to_string(year) + " outside the run (" + std::to_string(d.start.year) +
                                " to " + std::to_string(d.end.year) + ")");
  detail::Economy eco(d, seed ? seed : d.seed);
  const int january = YearMonth{year, 1}.index();
  eco.capture_plan_input(january);
  while (eco.month() <= january) eco.step();
  return eco.captured_plan_input();
}

}  // namespace lightind
