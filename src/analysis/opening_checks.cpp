// lightind: checks that the opening economy can run (issue 14, item 7; docs/MODEL.md
// "Opening checks"). The balance follows the engine's opening state (src/engine/init.cpp):
// potential output q* = capacity × efficiency / 12 and the input coefficients A.
#include "lightind/opening_checks.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/behaviour.hpp"

namespace lightind {

std::vector<SectorBalance> opening_balances(const Description& d) {
  const auto n = static_cast<size_t>(d.n_sectors());
  std::vector<SectorBalance> b(n);
  std::vector<std::uint8_t> new_build(d.enterprises.size(), 0);
  for (const ProjectDesc& p : d.projects)
    if (p.new_build) new_build[static_cast<size_t>(p.enterprise)] = 1;
  for (size_t e = 0; e < d.enterprises.size(); ++e) {
    const EnterpriseDesc& ed = d.enterprises[e];
    if (!new_build[e]) b[static_cast<size_t>(ed.sector)].supply += detail::potential_output(ed.capacity, ed.efficiency);
  }
  // Households' food need a month, less what the rural plots grow (docs/MODEL.md section 15).
  double food_need = 0.0, food_supply = 0.0;
  for (const RegionDesc& r : d.regions)
    food_need += r.population * (d.households.food_need - (1.0 - r.urban_share) * d.households.plot_food);
  food_need = std::max(0.0, food_need);
  for (size_t k = 0; k < n; ++k)
    if (d.sectors[k].final_use == FinalUse::food) food_supply += b[k].supply;
  for (size_t k = 0; k < n; ++k) {
    const SectorDesc& s = d.sectors[k];
    b[k].sector = s.id;
    for (size_t j = 0; j < n; ++j) b[k].intermediate += d.a_at(static_cast<int>(k), static_cast<int>(j)) * b[j].supply;
    b[k].exports = s.export_share * b[k].supply;
    if (d.in_role(s, GroupRole::heavy)) b[k].defence = d.policy.defence_share * b[k].supply;
    if (s.final_use == FinalUse::food)
      b[k].households = food_supply > 0.0 ? food_need * b[k].supply / food_supply : 0.0;
  }
  // A food sector without supply (food_supply 0) still carries the whole need.
  if (food_supply <= 0.0)
    for (size_t k = 0; k < n; ++k)
      if (d.sectors[k].final_use == FinalUse::food) {
        b[k].households = food_need;
        break;
      }
  return b;
}

std::vector<OpeningWarning> supply_warnings(const Description& d, double threshold) {
  std::vector<OpeningWarning> out;
  for (const SectorBalance& b : opening_balances(d)) {
    if (b.cover() >= threshold) continue;
    out.push_back({b.sector,
                   fmt::format("opening supply {:.4g} a month covers {:.2f} of its need {:.4g} (intermediate {:.4g}, "
                               "households {:.4g}, exports {:.4g}, defence {:.4g})",
                               b.supply, b.cover(), b.need(), b.intermediate, b.households, b.exports, b.defence),
                   b.cover(), threshold});
  }
  return out;
}

std::vector<double> opening_utilisation(const Description& d) {
  const auto n = static_cast<size_t>(d.n_sectors());
  std::vector<double> cap(n, 0.0), eff(n, 0.0);
  for (const EnterpriseDesc& e : d.enterprises) {
    cap[static_cast<size_t>(e.sector)] += e.capacity;
    eff[static_cast<size_t>(e.sector)] += e.capacity * e.efficiency;
  }
  for (size_t k = 0; k < n; ++k) eff[k] = cap[k] > 0.0 ? eff[k] / cap[k] : 0.0;
  return eff;
}

std::vector<OpeningWarning> utilisation_warnings(const Description& d, const Series& s, double fraction) {
  const std::vector<double> u0 = opening_utilisation(d);
  std::vector<double> sum(u0.size(), 0.0);
  std::vector<int> count(u0.size(), 0);
  const auto it = std::find(s.indicators.begin(), s.indicators.end(), "utilisation");
  if (it == s.indicators.end()) return {};
  const auto id = static_cast<std::int16_t>(it - s.indicators.begin());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.indicator[i] != id || s.sector[i] < 0 || s.region[i] >= 0 || !std::isfinite(s.value[i])) continue;
    const auto k = static_cast<size_t>(s.sector[i]);
    if (k >= u0.size()) continue;
    sum[k] += s.value[i];
    ++count[k];
  }
  std::vector<OpeningWarning> out;
  for (size_t k = 0; k < u0.size(); ++k) {
    if (count[k] == 0 || u0[k] <= 0.0) continue;
    const double mean = sum[k] / count[k];
    if (mean >= fraction * u0[k]) continue;
    out.push_back({d.sectors[k].id,
                   fmt::format("utilisation {:.3f} over the first {} recorded months, {:.2f} of the opening's {:.3f}",
                               mean, count[k], mean / u0[k], u0[k]),
                   mean / u0[k], fraction});
  }
  return out;
}

bool has_opening_pipeline(const Description& d) {
  const auto& s = d.sectors;
  return d.opening_capacity_growth ||
         std::any_of(s.begin(), s.end(), [](const SectorDesc& x) { return x.opening_growth || x.opening_pipeline; }) ||
         std::all_of(s.begin(), s.end(), [](const SectorDesc& x) { return x.gestation_months == 0; });
}

std::vector<std::pair<std::string, int>> gestation_lags(const Description& d) {
  std::vector<std::pair<std::string, int>> out;
  for (const SectorDesc& s : d.sectors) out.emplace_back(s.id, s.gestation_months);
  return out;
}

std::vector<OpeningWarning> pipeline_warnings(int spin_up_months, const std::vector<std::pair<std::string, int>>& lags,
                                              bool has_opening_pipeline) {
  if (has_opening_pipeline || lags.empty()) return {};
  const auto longest = std::max_element(lags.begin(), lags.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
  if (spin_up_months >= longest->second) return {};
  return {{longest->first,
           fmt::format("no opening pipeline and a spin-up of {} months, shorter than the {}-month gestation lag: "
                       "the recorded months begin with nothing invested under construction",
                       spin_up_months, longest->second),
           static_cast<double>(spin_up_months), static_cast<double>(longest->second)}};
}

Description first_months(const Description& d, int months) {
  Description out = d;
  const int last = d.start.index() + std::max(1, months) - 1;
  if (last < d.end.index()) out.end = YearMonth::from_index(last);
  return out;
}

}  // namespace lightind
