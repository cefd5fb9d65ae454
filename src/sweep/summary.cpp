// lightind: what a sweep's settings did (the end summary of `lightind sweep`) and which rows
// bands.csv keeps (include/lightind/sweep.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lightind/indicators.hpp"
#include "lightind/sweep.hpp"

namespace lightind::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint16_t indicator_of(std::uint64_t key) { return static_cast<std::uint16_t>(key >> 32); }
bool national(std::uint64_t key) { return (key & 0xffffffffULL) == 0; }

}  // namespace

Bands select_rows(const Bands& b, const Names& names, const BandRows& rows) {
  const std::set<std::string> wanted(rows.indicators.begin(), rows.indicators.end());
  Bands out;
  out.setting = b.setting;
  std::map<std::uint16_t, bool> keep;  // per indicator id
  for (size_t k = 0; k < b.key.size(); ++k) {
    const std::uint64_t key = b.key[k];
    if (!rows.breakdowns && !national(key)) continue;
    const std::uint16_t ind = indicator_of(key);
    auto it = keep.find(ind);
    if (it == keep.end()) it = keep.emplace(ind, wanted.empty() || wanted.count(names.name(1, ind)) > 0).first;
    if (!it->second) continue;
    out.key.push_back(key);
    out.q.push_back(b.q[k]);
  }
  return out;
}

std::vector<std::pair<std::string, AnnualBand>> annual_bands(const Bands& b, const Names& names,
                                                             const std::vector<std::string>& indicators, int year) {
  const std::string prefix = fmt::format("{:04d}-", year);
  struct Sum {
    double p5 = 0, p50 = 0, p95 = 0;
    int n5 = 0, n50 = 0, n95 = 0;
  };
  std::map<std::string, Sum> sums;
  for (size_t k = 0; k < b.key.size(); ++k) {
    const std::uint64_t key = b.key[k];
    if (!national(key)) continue;
    const std::string& date = names.name(0, static_cast<std::uint16_t>(key >> 48));
    if (date.rfind(prefix, 0) != 0) continue;
    const std::string& ind = names.name(1, indicator_of(key));
    if (std::find(indicators.begin(), indicators.end(), ind) == indicators.end()) continue;
    Sum& s = sums[ind];
    const auto& q = b.q[k];
    if (!std::isnan(q[0])) s.p5 += q[0], ++s.n5;
    if (!std::isnan(q[2])) s.p50 += q[2], ++s.n50;
    if (!std::isnan(q[4])) s.p95 += q[4], ++s.n95;
  }
  std::vector<std::pair<std::string, AnnualBand>> out;
  for (const std::string& ind : indicators) {
    const auto it = sums.find(ind);
    if (it == sums.end()) continue;
    const Sum& s = it->second;
    out.push_back({ind, {s.n5 ? s.p5 / s.n5 : kNaN, s.n50 ? s.p50 / s.n50 : kNaN, s.n95 ? s.p95 / s.n95 : kNaN}});
  }
  return out;
}

std::vector<Effect> sweep_effects(const std::vector<std::vector<std::pair<std::string, AnnualBand>>>& per_setting) {
  std::vector<std::string> order;
  for (const auto& s : per_setting)
    for (const auto& [name, _] : s)
      if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  std::vector<Effect> out;
  for (const std::string& name : order) {
    Effect e;
    e.indicator = name;
    double sum = 0;
    int n = 0;
    for (const auto& s : per_setting) {
      AnnualBand a{kNaN, kNaN, kNaN};
      for (const auto& [nm, band] : s)
        if (nm == name) a = band;
      e.by_setting.push_back(a);
      if (!std::isnan(a.p50)) sum += a.p50, ++n;
    }
    if (n == 0) continue;
    for (size_t k = 0; k < e.by_setting.size(); ++k) {
      const double m = e.by_setting[k].p50;
      if (std::isnan(m)) continue;
      if (std::isnan(e.by_setting[e.lowest].p50) || m < e.by_setting[e.lowest].p50) e.lowest = static_cast<int>(k);
      if (std::isnan(e.by_setting[e.highest].p50) || m > e.by_setting[e.highest].p50) e.highest = static_cast<int>(k);
    }
    const AnnualBand& lo = e.by_setting[e.lowest];
    const AnnualBand& hi = e.by_setting[e.highest];
    e.range = hi.p50 - lo.p50;
    const double mean = sum / n;
    e.relative = mean != 0 ? e.range / std::fabs(mean) : 0.0;
    e.beyond_noise = e.lowest != e.highest && lo.p95 < hi.p5;
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const Effect& a, const Effect& b) { return a.relative > b.relative; });
  return out;
}

std::string sweep_summary_text(const Plan& plan, const std::vector<Effect>& effects, int year, std::size_t top) {
  const std::string currency = plan.descriptions.empty() ? std::string(indicators::kDefaultCurrency)
                                                         : plan.descriptions.front().currency;
  std::string out;
  // What varied: the keys whose value differs between settings, with their values.
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> keys;
  for (const Setting& s : plan.settings)
    for (const std::string& a : s.assignments) {
      const size_t eq = a.find('=');
      const std::string k = a.substr(0, eq), v = eq == std::string::npos ? "" : a.substr(eq + 1);
      auto& vs = values[k];
      if (vs.empty()) keys.push_back(k);
      if (std::find(vs.begin(), vs.end(), v) == vs.end()) vs.push_back(v);
    }
  std::vector<std::string> varied;
  for (const std::string& k : keys)
    if (values[k].size() > 1) {
      std::string list;
      for (const std::string& v : values[k]) list += (list.empty() ? "" : ", ") + v;
      varied.push_back(k + " = " + list);
    }
  const int n = plan.runs_per_setting;
  if (varied.empty()) {
    out += fmt::format(
        "what varied: only the seed ({} seeds of one setting). The bands reflect seed noise only: they show how much "
        "the random draws alone move the results, not the uncertainty of any parameter.\n",
        n);
  } else {
    out += fmt::format("what varied ({} settings x {} seeds):\n", plan.settings.size(), n);
    for (const std::string& v : varied) out += "  " + v + "\n";
    out += "Each setting's band (p5..p95 across its seeds) reflects seed noise only; the differences between the "
           "settings' medians are the settings' effects.\n";
  }
  if (effects.empty()) return out;
  const std::size_t shown = std::min(top, effects.size());
  if (varied.empty()) {
    out += fmt::format("\nseed noise in {} (annual mean of the monthly quantiles), widest first:\n", year);
    std::vector<const Effect*> by_width;
    for (const Effect& e : effects) by_width.push_back(&e);
    auto width = [](const Effect* e) {
      const AnnualBand& a = e->by_setting.front();
      return a.p50 != 0 ? (a.p95 - a.p5) / std::fabs(a.p50) : 0.0;
    };
    std::stable_sort(by_width.begin(), by_width.end(), [&](const Effect* a, const Effect* b) { return width(a) > width(b); });
    for (std::size_t k = 0; k < shown; ++k) {
      const Effect& e = *by_width[k];
      const indicators::Indicator* info = indicators::find(e.indicator);
      const AnnualBand& a = e.by_setting.front();
      out += fmt::format("  {:<34} {:>11.4g} ({:.4g} .. {:.4g}) {}\n", info ? std::string(info->label) : e.indicator,
                         a.p50, a.p5, a.p95, info ? indicators::unit(*info, currency) : "");
    }
    return out;
  }
  out += fmt::format("\nlargest effects in {} (median of the annual mean; p5 .. p95 across seeds):\n", year);
  for (std::size_t k = 0; k < shown; ++k) {
    const Effect& e = effects[k];
    const indicators::Indicator* info = indicators::find(e.indicator);
    const AnnualBand& lo = e.by_setting[static_cast<size_t>(e.lowest)];
    const AnnualBand& hi = e.by_setting[static_cast<size_t>(e.highest)];
    out += fmt::format("  {} ({}): {:+.4g} ({:+.1f}%), {}\n", info ? std::string(info->label) : e.indicator,
                       info ? indicators::unit(*info, currency) : "", e.range, 100 * e.relative,
                       e.beyond_noise ? "beyond the seed noise (the bands do not overlap)"
                                      : "within the seed noise (the bands overlap)");
    out += fmt::format("    lowest  {:<40} {:.4g} ({:.4g} .. {:.4g})\n", plan.settings[static_cast<size_t>(e.lowest)].label,
                       lo.p50, lo.p5, lo.p95);
    out += fmt::format("    highest {:<40} {:.4g} ({:.4g} .. {:.4g})\n", plan.settings[static_cast<size_t>(e.highest)].label,
                       hi.p50, hi.p5, hi.p95);
  }
  return out;
}

}  // namespace lightind::sweep
