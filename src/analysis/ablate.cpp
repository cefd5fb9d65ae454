// lightind: ablation — each mechanism of the article switched off in turn, its effect on
// the annual means of a few indicators (docs/MODEL.md, "Ablation"). How a mechanism is
// switched off is data: scenarios/ablations/<scenario name>.toml.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"
#include "lightind/scenario.hpp"
#include "results/output.hpp"
#include "scenario/toml_parse.hpp"

namespace lightind::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using lightind::detail::line_of;

std::string describe(const toml::node& n) { return lightind::detail::describe_node(n); }

std::vector<std::string> strings(const std::string& file, const toml::table& t, const std::string& key) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  if (a == nullptr) throw ScenarioError(file, line_of(*n), key, "an array of strings", describe(*n));
  for (const toml::node& item : *a) {
    const auto* s = item.as_string();
    if (s == nullptr) throw ScenarioError(file, line_of(item), key, "an array of strings", describe(item));
    out.push_back(s->get());
  }
  return out;
}

Ablation read_mechanism(const std::string& file, const toml::table& t) {
  Ablation a;
  a.line = static_cast<int>(t.source().begin.line);
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    if (key != "name" && key != "reason" && key != "sets" && key != "remove" && key != "expected" && key != "from")
      throw ScenarioError(file, line_of(v), key, "one of name, reason, sets, remove, expected, from",
                          "\"" + key + "\"");
  }
  for (const char* key : {"name", "reason"}) {
    const toml::node* n = t.get(key);
    if (n == nullptr || !n->is_string() || n->as_string()->get().empty())
      throw ScenarioError(file, n ? line_of(*n) : a.line, key, "a non-empty string", n ? describe(*n) : "none");
    (std::string(key) == "name" ? a.name : a.reason) = n->as_string()->get();
  }
  if (const toml::node* f = t.get("from")) {
    const auto* i = f->as_integer();
    if (i == nullptr || i->get() < 1 || i->get() > 9999)
      throw ScenarioError(file, line_of(*f), "from", "a year (an integer)", describe(*f));
    a.from = static_cast<int>(i->get());
  }
  a.sets = strings(file, t, "sets");
  a.remove = strings(file, t, "remove");
  if (a.sets.empty() && a.remove.empty())
    throw ScenarioError(file, a.line, "sets", "at least one override (sets) or removal (remove)", "none");
  if (const toml::node* e = t.get("expected")) {
    const toml::table* et = e->as_table();
    if (et == nullptr) throw ScenarioError(file, line_of(*e), "expected", "a table INDICATOR = \"+\"", describe(*e));
    for (const auto& [k, v] : *et) {
      const std::string ind(k.str());
      const auto& names = ablation_indicators();
      if (std::find(names.begin(), names.end(), ind) == names.end())
        throw ScenarioError(file, line_of(v), "expected." + ind,
                            "one of living_standard, light_output, gdp_real, hardship_share", "\"" + ind + "\"");
      const auto* s = v.as_string();
      const std::string sign = s ? s->get() : "";
      if (sign == "+") a.expected[ind] = 1;
      else if (sign == "-") a.expected[ind] = -1;
      else if (sign == "0") a.expected[ind] = 0;
      else if (sign != "?")
        throw ScenarioError(file, line_of(v), "expected." + ind, "\"+\", \"-\", \"0\" or \"?\"", describe(v));
    }
  }
  return a;
}

/// Indices of the entries of `v` for which `pred` holds, removed; the count removed.
template <class T, class P>
std::size_t erase_if_count(std::vector<T>& v, P pred) {
  const auto before = v.size();
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
  return before - v.size();
}

int sign_of(double effect, double reference) {
  if (!std::isfinite(effect)) return 0;
  const double tol = 1e-9 * std::max(1.0, std::abs(reference));
  return effect > tol ? 1 : effect < -tol ? -1 : 0;
}

std::string sign_text(int s) { return s > 0 ? "+" : s < 0 ? "-" : "0"; }

std::string effect_text(const AblationCell& c) {
  if (std::isnan(c.effect) || std::isnan(c.reference)) return "-";
  if (c.sign == 0) return "0";  // within 1e-9 of the reference: no effect
  if (difference_kind(c.indicator) == DifferenceKind::share_points) {
    if (c.sign != 0 && std::abs(100.0 * c.effect) < 0.005) return fmt::format("{:+.0e}pp", 100.0 * c.effect);
    return fmt::format("{:+.2f}pp", 100.0 * c.effect);
  }
  if (c.reference == 0.0) return fmt::format("{:+.3g}", c.effect);
  const double pct = 100.0 * c.effect / std::abs(c.reference);
  // An effect too small for two decimals keeps its sign visible.
  if (c.sign != 0 && std::abs(pct) < 0.005) return fmt::format("{:+.0e}%", pct);
  return fmt::format("{:+.2f}%", pct);
}

std::string short_name(const std::string& indicator) {
  if (indicator == "living_standard") return "living";
  if (indicator == "light_output") return "light";
  if (indicator == "gdp_real") return "GDP";
  if (indicator == "hardship_share") return "hardship";
  return shorten(indicator, 8);
}

}  // namespace

std::vector<Ablation> parse_ablations(std::string_view text, const std::string& name) {
  const toml::table root = lightind::detail::parse_toml_table<ScenarioError>(text, name);
  for (const auto& [k, v] : root)
    if (k.str() != "mechanisms")
      throw ScenarioError(name, line_of(v), std::string(k.str()), "only [[mechanisms]] tables",
                          "\"" + std::string(k.str()) + "\"");
  const toml::node* list = root.get("mechanisms");
  const toml::array* a = list ? list->as_array() : nullptr;
  if (a == nullptr || a->empty() || !a->is_array_of_tables())
    throw ScenarioError(name, list ? line_of(*list) : 0, "mechanisms", "one or more [[mechanisms]] tables",
                        list ? describe(*list) : "none");
  std::vector<Ablation> out;
  for (const toml::node& item : *a) {
    Ablation m = read_mechanism(name, *item.as_table());
    for (const Ablation& o : out)
      if (o.name == m.name)
        throw ScenarioError(name, m.line, "name", "a name not used before (line " + std::to_string(o.line) + ")",
                            "\"" + m.name + "\"");
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Ablation> load_ablations(const std::string& path) {
  return parse_ablations(lightind::detail::read_toml_text<ScenarioError>(path, "ablations"), path);
}

void remove_entries(Description& d, const std::string& what, const std::string& file, int line) {
  const auto colon = what.find(':');
  const std::string list = what.substr(0, colon), arg = colon == std::string::npos ? "" : what.substr(colon + 1);
  auto refuse = [&](const std::string& expected) {
    throw ScenarioError(file, line, "remove", expected, "\"" + what + "\"");
  };
  std::size_t removed = 0;
  if (list == "projects" && arg.empty()) {
    // A new build's factory has no capacity before completion: without the project it is never built.
    for (const ProjectDesc& p : d.projects)
      if (p.new_build) d.enterprises[static_cast<std::size_t>(p.enterprise)].capacity = 0.0;
    removed = d.projects.size();
    d.projects.clear();
  } else if (list == "guidance" && arg.empty()) {
    removed = d.guidance.size();
    d.guidance.clear();
  } else if (list == "fairs" && arg.empty()) {
    removed = d.fairs.size();
    d.fairs.clear();
  } else if (list == "channels" && !arg.empty()) {
    removed = erase_if_count(d.channels, [&](const ChannelDesc& c) { return to_string(c.kind) == arg; });
  } else if (list == "shocks" && !arg.empty()) {
    removed = erase_if_count(d.shocks, [&](const ShockDesc& s) { return to_string(s.kind) == arg; });
  } else if (list == "policy.events" && !arg.empty()) {
    removed = erase_if_count(d.events, [&](const PolicyEventDesc& e) { return e.id == arg; });
  } else {
    refuse("projects, guidance, fairs, channels:KIND, shocks:KIND or policy.events:ID");
  }
  if (removed == 0) refuse("a removal that matches at least one entry of the scenario");
}

const std::vector<std::string>& ablation_indicators() {
  static const std::vector<std::string> names = {"living_standard", "light_output", "gdp_real", "hardship_share"};
  return names;
}

int AblationResult::mismatches() const {
  return static_cast<int>(std::count_if(cells.begin(), cells.end(), [](const AblationCell& c) { return c.mismatch(); }));
}

AblationResult ablate(const AblateRequest& req) {
  namespace fs = std::filesystem;
  AblationResult r;
  const Description reference = load_scenario(req.path, req.sets, req.seed);
  r.scenario = reference.name;
  r.seed = req.seed != 0 ? req.seed : reference.seed;
  r.ablations_path = req.ablations;
  if (r.ablations_path.empty()) {
    const std::string file = ::lightind::detail::output::folder_name(reference.name) + ".toml";
    r.ablations_path = "scenarios/ablations/" + file;
    const fs::path beside = fs::path(req.path).parent_path() / "ablations" / file;
    if (!fs::exists(r.ablations_path) && fs::exists(beside)) r.ablations_path = beside.string();
  }
  r.mechanisms = load_ablations(r.ablations_path);

  // Every ablated scenario is loaded (and its removals applied) before anything runs.
  std::vector<Description> ds;
  ds.push_back(reference);
  for (const Ablation& m : r.mechanisms) {
    std::vector<std::string> sets = req.sets;
    sets.insert(sets.end(), m.sets.begin(), m.sets.end());
    Description d;
    try {
      d = load_scenario(req.path, sets, r.seed);
    } catch (const ScenarioError& e) {  // name the mechanism whose override was refused
      throw ScenarioError(r.ablations_path, m.line, "sets", "overrides the scenario accepts (mechanism \"" + m.name + "\")",
                          e.what());
    }
    for (const std::string& w : m.remove) remove_entries(d, w, r.ablations_path, m.line);
    ds.push_back(std::move(d));
  }

  std::vector<Series> series;
  for (std::size_t i = 0; i < ds.size(); ++i) {
    if (req.on_start) req.on_start(i, i == 0 ? std::string("reference") : r.mechanisms[i - 1].name, ds.size());
    RunOptions opt;
    opt.seed = r.seed;
    opt.threads = req.threads;
    opt.keep_accounts = false;
    series.push_back(run(ds[i], opt).series);
  }

  const std::vector<int> years = req.years.empty() ? std::vector<int>{2019, 2021} : req.years;
  for (int y : years)
    if (y >= reference.start.year && y <= reference.end.year &&
        std::find(r.years.begin(), r.years.end(), y) == r.years.end())
      r.years.push_back(y);
  std::vector<std::map<int, double>> ref_means;
  for (const std::string& ind : ablation_indicators()) ref_means.push_back(annual_mean(series[0], ind));
  for (std::size_t m = 0; m < r.mechanisms.size(); ++m) {
    for (std::size_t k = 0; k < ablation_indicators().size(); ++k) {
      const std::string& ind = ablation_indicators()[k];
      const auto means = annual_mean(series[m + 1], ind);
      for (int y : r.years) {
        AblationCell c;
        c.mechanism = r.mechanisms[m].name;
        c.indicator = ind;
        c.year = y;
        const auto a = ref_means[k].find(y);
        const auto b = means.find(y);
        c.reference = a == ref_means[k].end() ? kNaN : a->second;
        c.ablated = b == means.end() ? kNaN : b->second;
        c.effect = c.ablated - c.reference;
        c.sign = sign_of(c.effect, c.reference);
        if (y < r.mechanisms[m].from)
          c.expected = 0;  // before the mechanism begins, switching it off changes nothing
        else if (const auto e = r.mechanisms[m].expected.find(ind); e != r.mechanisms[m].expected.end())
          c.expected = e->second;
        r.cells.push_back(std::move(c));
      }
    }
  }
  r.table = ablation_table(r);
  return r;
}

std::string ablation_table(const AblationResult& r) {
  constexpr std::size_t kName = 24, kCell = 9;
  std::string out = detail::wrap(
      fmt::format("Ablation of {} (seed {}, {}): the effect of switching each mechanism off, ablated minus "
                  "reference, on annual means: % (relative) or pp (percentage points). \"!\" marks a sign that "
                  "differs from the expected one.",
                  r.scenario, r.seed, r.ablations_path),
      "", 100);
  out += "\n";
  std::string h1 = std::string(kName, ' '), h2 = fmt::format("{:<{}}", "mechanism", kName);
  for (const std::string& ind : ablation_indicators())
    for (int y : r.years) {
      h1 += fmt::format("{:>{}}", short_name(ind), kCell);
      h2 += fmt::format("{:>{}}", y, kCell);
    }
  out += h1 + "\n" + h2 + "\n";
  const std::size_t per = ablation_indicators().size() * r.years.size();
  for (std::size_t m = 0; m < r.mechanisms.size(); ++m) {
    std::string line = fmt::format("{:<{}}", shorten(r.mechanisms[m].name, kName - 1), kName);
    for (std::size_t j = 0; j < per; ++j) {
      const AblationCell& c = r.cells[m * per + j];
      line += fmt::format("{:>{}}", effect_text(c) + (c.mismatch() ? "!" : " "), kCell);
    }
    out += line + "\n";
  }
  const int n = r.mismatches();
  out += fmt::format("\n{} of {} effects differ in sign from the expected one{}\n", n, r.cells.size(), n ? ":" : ".");
  for (const AblationCell& c : r.cells)
    if (c.mismatch())
      out += fmt::format("  {} on {} in {}: expected {}, found {} ({})\n", c.mechanism, c.indicator, c.year,
                         sign_text(*c.expected), sign_text(c.sign), effect_text(c));
  return out;
}

std::string ablation_csv(const AblationResult& r) {
  std::string out = "mechanism,indicator,year,reference,ablated,effect,sign,expected,mismatch\n";
  for (const AblationCell& c : r.cells)
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", detail::csv_field(c.mechanism), c.indicator, c.year,
                       detail::csv_number(c.reference), detail::csv_number(c.ablated), detail::csv_number(c.effect),
                       c.sign, c.expected ? std::to_string(*c.expected) : "", c.mismatch() ? 1 : 0);
  return out;
}

}  // namespace lightind::analysis
