// lightind: why two scenarios differ, by Shapley values over the settings that differ
// (include/lightind/explain.hpp; README.md "Why runs differ").
#include "lightind/explain.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"
#include "scenario/merged.hpp"

namespace lightind::analysis {

namespace {

using lightind::detail::Value;

/// Where a setting lives in a merged tree: `top` (a key of the root), `sub` (a key of that
/// table, or empty), `id` (an element of the id-keyed array there, or empty).
struct Locator {
  std::string top, sub, id;
  [[nodiscard]] std::string name() const {
    return top + (sub.empty() ? "" : "." + sub) + (id.empty() ? "" : "." + id);
  }
};

/// Keys that name or describe a scenario but set nothing in it; the seed is the run's
/// (one seed for every coalition: common random numbers).
bool is_label(const std::string& setting) {
  return setting == "scenario.name" || setting == "scenario.title" || setting == "scenario.description" ||
         setting == "scenario.seed";
}

/// A setting's value as TOML text, an element's without its `text` (a label).
std::string setting_text(const Value* v) {
  if (v == nullptr) return "(absent)";
  if (!v->is_table() || v->id() == nullptr) return lightind::detail::toml_text(*v);
  Value copy = *v;
  copy.erase("text");
  return lightind::detail::toml_text(copy);
}

void flatten(const Value& root, std::map<std::string, std::pair<Locator, const Value*>>& out) {
  auto add_array = [&](const std::string& top, const std::string& sub, const Value& array) {
    for (const Value& item : array.items) {
      Locator l{top, sub, *item.id()};
      out[l.name()] = {l, &item};
    }
  };
  for (const auto& e : root.entries) {
    if (lightind::detail::is_id_array(e.value)) {
      add_array(e.key, "", e.value);
    } else if (e.value.is_table()) {
      for (const auto& s : e.value.entries) {
        if (lightind::detail::is_id_array(s.value)) {
          add_array(e.key, s.key, s.value);
        } else {
          Locator l{e.key, s.key, ""};
          out[l.name()] = {l, &s.value};
        }
      }
    } else {
      Locator l{e.key, "", ""};
      out[l.name()] = {l, &e.value};
    }
  }
}

struct Setting {
  Locator at;
  const Value* a = nullptr;  ///< in A's tree; nullptr when absent
  const Value* b = nullptr;  ///< in B's tree; nullptr when absent
  std::string text_a, text_b;
};

std::vector<Setting> settings_between(const Value& a, const Value& b) {
  std::map<std::string, std::pair<Locator, const Value*>> fa, fb;
  flatten(a, fa);
  flatten(b, fb);
  std::set<std::string> names;
  for (const auto& [k, _] : fa) names.insert(k);
  for (const auto& [k, _] : fb) names.insert(k);
  std::vector<Setting> out;
  for (const std::string& n : names) {
    if (is_label(n)) continue;
    const auto ia = fa.find(n), ib = fb.find(n);
    Setting s;
    s.at = ia != fa.end() ? ia->second.first : ib->second.first;
    s.a = ia != fa.end() ? ia->second.second : nullptr;
    s.b = ib != fb.end() ? ib->second.second : nullptr;
    s.text_a = setting_text(s.a);
    s.text_b = setting_text(s.b);
    if (s.text_a != s.text_b) out.push_back(std::move(s));
  }
  return out;
}

Value empty_of(Value::Kind kind) {
  Value v;
  v.kind = kind;
  return v;
}

/// Puts B's value of setting `s` into `tree` (A's tree with other settings of B already in):
/// replaced, inserted or, when B lacks it, removed.
void put(Value& tree, const Setting& s) {
  Value* holder = &tree;
  const bool nested = !s.at.sub.empty();
  if (nested) {
    holder = tree.find(s.at.top);
    if (holder == nullptr) holder = &tree.set(s.at.top, empty_of(Value::Kind::table));
    if (!holder->is_table()) return;  // the validator reports it
  }
  const std::string& key = nested ? s.at.sub : s.at.top;
  if (s.at.id.empty()) {
    if (s.b) holder->set(key, *s.b);
    else holder->erase(key);
    return;
  }
  Value* array = holder->find(key);
  if (array == nullptr) array = &holder->set(key, empty_of(Value::Kind::array));
  auto& items = array->items;
  const auto it = std::find_if(items.begin(), items.end(), [&](const Value& v) {
    const std::string* id = v.id();
    return id && *id == s.at.id;
  });
  if (!s.b) {
    if (it != items.end()) items.erase(it);
  } else if (it != items.end()) {
    *it = *s.b;
  } else {
    items.push_back(*s.b);
  }
}

int popcount(std::uint64_t m) { return __builtin_popcountll(m); }

}  // namespace

std::vector<double> shapley_exact(int n, const std::function<double(std::uint64_t)>& v) {
  if (n < 0 || n > 20) throw std::invalid_argument("shapley_exact: 0 to 20 players");
  const std::uint64_t all = std::uint64_t{1} << n;
  std::vector<double> value(all);
  for (std::uint64_t m = 0; m < all; ++m) value[m] = v(m);
  // weight[k] = k! (n-k-1)! / n!, from weight[0] = 1/n: weight[k+1] = weight[k] (k+1) / (n-k-1).
  std::vector<double> weight(static_cast<size_t>(std::max(n, 1)), 0.0);
  if (n > 0) weight[0] = 1.0 / n;
  for (int k = 0; k + 1 < n; ++k) weight[k + 1] = weight[k] * (k + 1) / (n - k - 1);
  std::vector<double> phi(static_cast<size_t>(n), 0.0);
  for (int i = 0; i < n; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    for (std::uint64_t m = 0; m < all; ++m)
      if ((m & bit) == 0) phi[i] += weight[popcount(m)] * (value[m | bit] - value[m]);
  }
  return phi;
}

std::vector<std::vector<int>> shapley_orderings(int n, int count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<int>> out;
  const int pairs = (std::max(count, 2) + 1) / 2;
  for (int k = 0; k < pairs; ++k) {
    std::vector<int> p(static_cast<size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    std::shuffle(p.begin(), p.end(), rng);
    out.push_back(p);
    std::reverse(p.begin(), p.end());
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::uint64_t> shapley_masks(int n, const std::vector<std::vector<int>>& orderings) {
  std::set<std::uint64_t> masks{0};
  for (const auto& p : orderings) {
    std::uint64_t m = 0;
    for (const int i : p) masks.insert(m |= std::uint64_t{1} << i);
  }
  (void)n;
  return {masks.begin(), masks.end()};
}

ShapleyEstimate shapley_sampled(int n, const std::vector<std::vector<int>>& orderings,
                                const std::function<double(std::uint64_t)>& v) {
  const auto un = static_cast<size_t>(n);
  std::vector<std::vector<double>> samples(un);  // per player, one sample per antithetic pair
  std::vector<double> pending(un, 0.0);
  for (size_t k = 0; k < orderings.size(); ++k) {
    std::uint64_t m = 0;
    double before = v(0);
    for (const int i : orderings[k]) {
      m |= std::uint64_t{1} << i;
      const double after = v(m);
      pending[static_cast<size_t>(i)] += after - before;
      before = after;
    }
    if (k % 2 == 1 || k + 1 == orderings.size()) {
      const double in_pair = k % 2 == 1 ? 2.0 : 1.0;
      for (size_t i = 0; i < un; ++i) {
        samples[i].push_back(pending[i] / in_pair);
        pending[i] = 0;
      }
    }
  }
  ShapleyEstimate e{std::vector<double>(un, 0.0), std::vector<double>(un, 0.0)};
  for (size_t i = 0; i < un; ++i) {
    const auto& s = samples[i];
    const double count = static_cast<double>(s.size());
    if (s.empty()) continue;
    const double mean = std::accumulate(s.begin(), s.end(), 0.0) / count;
    double ss = 0;
    for (const double x : s) ss += (x - mean) * (x - mean);
    e.value[i] = mean;
    e.std_error[i] = s.size() > 1 ? std::sqrt(ss / (count - 1) / count) : 0.0;
  }
  return e;
}

std::vector<SettingDifference> differing_settings(const std::string& path_a, const std::string& path_b) {
  const Value a = lightind::detail::load_merged_tree(path_a), b = lightind::detail::load_merged_tree(path_b);
  std::vector<SettingDifference> out;
  for (const Setting& s : settings_between(a, b)) out.push_back({s.at.name(), s.text_a, s.text_b});
  return out;
}

Explanation explain(const ExplainRequest& q) {
  const indicators::Indicator* info = indicators::find(q.indicator);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const auto& i : indicators::all())
      if (i.level == indicators::Level::aggregate) names.emplace_back(i.name);
    const std::string best = closest(q.indicator, names);
    throw std::invalid_argument(fmt::format("explain: --indicator: expected a national indicator "
                                            "(docs/INDICATORS.md), found \"{}\"{}",
                                            q.indicator, best.empty() ? "" : " (did you mean \"" + best + "\"?)"));
  }
  const Value a = lightind::detail::load_merged_tree(q.path_a), b = lightind::detail::load_merged_tree(q.path_b);
  const std::vector<Setting> settings = settings_between(a, b);
  const int n = static_cast<int>(settings.size());
  if (n > 63) throw std::invalid_argument(fmt::format("explain: {} settings differ; at most 63 can be explained", n));
  const Description da = lightind::detail::description_of_tree(a, q.path_a, q.sets, q.seed);
  const Description db = lightind::detail::description_of_tree(b, q.path_b, q.sets, q.seed);
  if (q.year < da.start.year || q.year > da.end.year)
    throw std::invalid_argument(fmt::format("explain: --year: expected a year of the run ({} to {}), found {}",
                                            da.start.year, da.end.year, q.year));

  Explanation e;
  e.name_a = da.name;
  e.name_b = db.name;
  e.indicator = q.indicator;
  e.label = std::string(info->label);
  e.unit = indicators::unit(*info, da.currency);
  e.year = q.year;
  e.seed = q.seed != 0 ? q.seed : da.seed;
  e.exact = n <= q.exact_limit;

  std::vector<std::vector<int>> orderings;
  std::vector<std::uint64_t> masks;
  if (e.exact) {
    for (std::uint64_t m = 0; m < (std::uint64_t{1} << n); ++m) masks.push_back(m);
  } else {
    orderings = shapley_orderings(n, q.orderings, q.sample_seed);
    masks = shapley_masks(n, orderings);
    e.orderings = static_cast<int>(orderings.size());
  }
  e.runs = static_cast<int>(masks.size());

  // One run per coalition, in parallel (one run per oneTBB task, as the sweep runs them);
  // every run has the same seed and single-threaded steps, so the values do not depend on
  // the number of threads.
  std::vector<double> values(masks.size(), 0.0);
  std::atomic<int> done{0};
  std::mutex progress_mutex;
  tbb::task_arena arena(q.threads > 0 ? q.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, masks.size(), 1),
        [&](const tbb::blocked_range<size_t>& range) {
          for (size_t k = range.begin(); k != range.end(); ++k) {
            Value tree = a;
            for (int i = 0; i < n; ++i)
              if ((masks[k] >> i) & 1U) put(tree, settings[static_cast<size_t>(i)]);
            const Description d = lightind::detail::description_of_tree(std::move(tree), q.path_a, q.sets, e.seed);
            RunOptions opt;
            opt.seed = e.seed;
            opt.threads = 1;
            opt.keep_accounts = false;
            RunResult r;
            tbb::this_task_arena::isolate([&] { r = run(d, opt); });
            const auto means = annual_mean(r.series, q.indicator);
            const auto it = means.find(q.year);
            values[k] = it == means.end() ? std::nan("") : it->second;
            const int now = ++done;
            if (q.progress) {
              const std::lock_guard<std::mutex> lock(progress_mutex);
              q.progress(now, static_cast<int>(masks.size()));
            }
          }
        },
        tbb::simple_partitioner());
  });
  std::map<std::uint64_t, double> by_mask;
  for (size_t k = 0; k < masks.size(); ++k) {
    if (!std::isfinite(values[k]))
      throw std::runtime_error(fmt::format("explain: {} has no finite value in {} in a run", q.indicator, q.year));
    by_mask[masks[k]] = values[k];
  }
  const auto v = [&](std::uint64_t m) { return by_mask.at(m); };
  e.value_a = v(0);
  e.value_b = v(n == 0 ? 0 : (n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1));
  ShapleyEstimate phi;
  if (e.exact) {
    phi.value = shapley_exact(n, v);
    phi.std_error.assign(static_cast<size_t>(n), 0.0);
  } else {
    phi = shapley_sampled(n, orderings, v);
  }
  for (int i = 0; i < n; ++i) {
    const Setting& s = settings[static_cast<size_t>(i)];
    e.contributions.push_back({s.at.name(), s.text_a, s.text_b, phi.value[static_cast<size_t>(i)],
                               phi.std_error[static_cast<size_t>(i)]});
  }
  std::stable_sort(e.contributions.begin(), e.contributions.end(),
                   [](const Contribution& x, const Contribution& y) {
                     return std::fabs(x.contribution) > std::fabs(y.contribution);
                   });
  return e;
}

namespace {

std::string share_text(double part, double total) {
  return total != 0 && std::isfinite(part / total) ? fmt::format("{:.0f}%", 100 * part / total + 0.0) : "-";
}

std::string cut(const std::string& s, size_t width) {
  return s.size() <= width ? s : s.substr(0, width - 3) + "...";
}

}  // namespace

std::string explain_table(const Explanation& e) {
  std::string out = fmt::format("{} ({}) in {}: {} against {}, seed {}\n", e.label, e.unit, e.year, e.name_b,
                                e.name_a, e.seed);
  out += fmt::format("  {} {:.6g}, {} {:.6g}: difference {:+.6g}\n\n", e.name_a, e.value_a, e.name_b, e.value_b,
                     e.total());
  out += fmt::format("{:<52}{:>14}{:>8}{}\n", "setting that differs", "contribution", "share",
                     e.exact ? "" : fmt::format("{:>12}", "std. error"));
  double sum = 0, variance = 0;
  for (const Contribution& c : e.contributions) {
    sum += c.contribution;
    variance += c.std_error * c.std_error;
    out += fmt::format("{:<52}{:>+14.6g}{:>8}{}\n", cut(c.setting, 51), c.contribution,
                       share_text(c.contribution, e.total()), e.exact ? "" : fmt::format("{:>12.3g}", c.std_error));
  }
  out += fmt::format("{:<52}{:>+14.6g}{:>8}\n", "sum of contributions", sum, share_text(sum, e.total()));
  if (e.exact)
    out += fmt::format("\nexact Shapley values over {} setting{} ({} runs); they add up to the difference {:+.6g} "
                       "(within {:.2g})\n",
                       e.contributions.size(), e.contributions.size() == 1 ? "" : "s", e.runs, e.total(),
                       std::fabs(sum - e.total()));
  else
    out += fmt::format("\nsampled Shapley values over {} settings: {} orderings (antithetic pairs), {} runs; each "
                       "contribution +- its standard error; they add up to the difference {:+.6g} (within {:.2g})\n",
                       e.contributions.size(), e.orderings, e.runs, e.total(), std::fabs(sum - e.total()));
  return out;
}

std::string explain_csv(const Explanation& e) {
  using detail::csv_field;
  using detail::csv_number;
  std::string out = "setting,contribution,std_error,share,value_a,value_b,indicator,unit,year\n";
  const std::string tail = "," + csv_field(e.indicator) + "," + csv_field(e.unit) + "," + std::to_string(e.year) + "\n";
  double sum = 0;
  for (const Contribution& c : e.contributions) {
    sum += c.contribution;
    out += csv_field(c.setting) + "," + csv_number(c.contribution) + "," + csv_number(c.std_error) + "," +
           csv_number(e.total() != 0 ? c.contribution / e.total() + 0.0 : std::nan("")) + "," + csv_field(c.value_a) +
           "," + csv_field(c.value_b) + tail;
  }
  out += "(sum)," + csv_number(sum) + ",,," + "," + tail;
  out += "(difference)," + csv_number(e.total()) + ",,," + csv_field(fmt::format("{}", e.value_a)) + "," +
         csv_field(fmt::format("{}", e.value_b)) + tail;
  return out;
}

}  // namespace lightind::analysis
