// lightind: helpers of the frozen description.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <Eigen/Dense>
#include <pcg_random.hpp>

#include "lightind/description.hpp"
#include "model/enum_words.hpp"

namespace lightind {

const char* to_string(GroupRole r) {
  return word_of<GroupRole::agriculture>(r, {"none", "light", "heavy", "agriculture"});
}

const char* to_string(AggregateMeasure m) {
  return word_of<AggregateMeasure::investment>(m, {"output", "capacity", "investment"});
}

const std::vector<GroupDesc>& default_groups() {
  // The article's groups; extraction (mining) counts as industry, as in national statistics.
  static const std::vector<GroupDesc> groups = {
      {"heavy", "Heavy industry", true, GroupRole::heavy},
      {"light", "Light industry", true, GroupRole::light},
      {"agriculture", "Agriculture", false, GroupRole::agriculture},
      {"extraction", "Extraction", true, GroupRole::none},
      {"services", "Services", false, GroupRole::none},
  };
  return groups;
}

int Description::group_with(GroupRole role) const {
  for (size_t g = 0; g < groups.size(); ++g)
    if (groups[g].role == role) return static_cast<int>(g);
  return -1;
}
const char* to_string(FinalUse u) {
  return word_of<FinalUse::intermediate>(u, {"food", "consumer", "capital", "public", "intermediate"});
}
const char* to_string(Level l) { return word_of<Level::local>(l, {"central", "local"}); }
const char* to_string(Regime r) { return word_of<Regime::responsibility>(r, {"command", "responsibility"}); }
const char* to_string(ChannelKind k) {
  return word_of<ChannelKind::market>(k, {"state_shop", "department_store", "wholesale_shop", "market"});
}
const char* to_string(ShockKind k) {
  return word_of<ShockKind::ration_cut>(k, {"export_ban", "import_cap", "border_closure", "disaster", "ration_cut"});
}
const char* to_string(Endowment e) { return word_of<Endowment::minerals>(e, {"forest", "sea", "grain", "minerals"}); }

std::string YearMonth::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::optional<YearMonth> YearMonth::parse(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return std::nullopt;
  return YearMonth{year, month};
}

int Description::sector_index(const std::string& id) const {
  for (size_t i = 0; i < sectors.size(); ++i)
    if (sectors[i].id == id) return static_cast<int>(i);
  return -1;
}

int Description::enterprise_index(const std::string& id) const {
  for (size_t i = 0; i < enterprises.size(); ++i)
    if (enterprises[i].id == id) return static_cast<int>(i);
  return -1;
}

int Description::region_index(const std::string& id) const {
  for (size_t i = 0; i < regions.size(); ++i)
    if (regions[i].id == id) return static_cast<int>(i);
  return -1;
}

double spectral_radius(const Description& d) {
  const int n = d.n_sectors();
  if (n == 0) return 0.0;
  Eigen::MatrixXd a(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) a(i, j) = d.a_at(i, j);
  Eigen::EigenSolver<Eigen::MatrixXd> es(a, /*computeEigenvectors=*/false);
  return es.eigenvalues().cwiseAbs().maxCoeff();
}

double region_weight(const RegionDesc& r, const std::string& how) {
  if (how == "population") return r.population;
  if (how == "urban") return r.population * r.urban_share;
  if (how == "rural") return r.population * (1.0 - r.urban_share);
  for (int e = 0; e < kEndowmentCount; ++e)
    if (how == to_string(static_cast<Endowment>(e))) return r.population * r.endowment[static_cast<size_t>(e)];
  return r.population;
}


void expand_generators(Description& d, std::uint64_t seed) {
  d.enterprises.erase(std::remove_if(d.enterprises.begin(), d.enterprises.end(),
                                     [](const EnterpriseDesc& e) { return e.generated; }),
                      d.enterprises.end());
  size_t generated = 0;
  for (const GeneratorDesc& gen : d.generators) generated += gen.count > 0 ? static_cast<size_t>(gen.count) : 0;
  d.enterprises.reserve(d.enterprises.size() + generated);  // thousands of them: no regrowth
  for (size_t g = 0; g < d.generators.size(); ++g) {
    const GeneratorDesc& gen = d.generators[g];
    // One stream per generator: adding a generator does not change the others' draws.
    pcg32 rng(seed, 0x9e3779b97f4a7c15ULL + g);
    std::vector<double> w(d.regions.size());
    for (size_t r = 0; r < d.regions.size(); ++r) w[r] = region_weight(d.regions[r], gen.weight);
    const double wsum = std::accumulate(w.begin(), w.end(), 0.0);
    // Largest-remainder apportionment of the count over regions.
    std::vector<int> count(w.size(), 0);
    std::vector<std::pair<double, size_t>> rem;
    int given = 0;
    for (size_t r = 0; r < w.size(); ++r) {
      const double exact = wsum > 0 ? gen.count * w[r] / wsum : 0.0;
      count[r] = static_cast<int>(std::floor(exact));
      given += count[r];
      rem.emplace_back(exact - count[r], r);
    }
    std::stable_sort(rem.begin(), rem.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (size_t k = 0; given < gen.count && k < rem.size(); ++k, ++given) ++count[rem[k].second];
    // Lognormal sizes (Box-Muller on pcg32 uniforms), scaled so each region's capacity
    // equals its share of the national total.
    int serial = 0;
    for (size_t r = 0; r < w.size(); ++r) {
      if (count[r] == 0) continue;
      const double region_cap = gen.capacity * w[r] / wsum;
      std::vector<double> size(static_cast<size_t>(count[r]));
      for (auto& s : size) {
        const double u1 = (rng() + 1.0) / 4294967297.0, u2 = rng() / 4294967296.0;
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        s = std::exp(gen.size_dispersion * z);
      }
      const double ssum = std::accumulate(size.begin(), size.end(), 0.0);
      for (double s : size) {
        EnterpriseDesc e;
        e.id = "gen:" + gen.id + ":" + std::to_string(serial++);
        e.name = e.id;
        e.sector = gen.sector;
        e.region = static_cast<int>(r);
        e.level = gen.level;
        e.capacity = region_cap * s / ssum;
        e.efficiency = gen.efficiency;
        e.automation = gen.automation;
        e.quality = gen.quality;
        e.varieties = gen.varieties;
        e.generated = true;
        d.enterprises.push_back(std::move(e));
      }
    }
  }
}

}  // namespace lightind
