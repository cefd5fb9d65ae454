// lightind: the knobs of the interactive page and their mapping to scenario keys.
#include "serve/knobs.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <optional>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>

#include "policy/in_force.hpp"
#include "scenario/tree.hpp"

namespace lightind::serve {

namespace {

/// The group of the light role (the scenario's groups.role), whose investment share the
/// light_share knob moves; 0 when none holds it (the knob is then disabled).
size_t light_group(const Description& d) { return static_cast<size_t>(std::max(0, d.group_with(GroupRole::light))); }

bool sanction(const ShockDesc& s) { return s.kind == ShockKind::export_ban || s.kind == ShockKind::import_cap; }

/// The first border closure with an end month, or nullptr.
const ShockDesc* first_closure(const Description& d) {
  for (const ShockDesc& s : d.shocks)
    if (s.kind == ShockKind::border_closure && s.end) return &s;
  return nullptr;
}

/// The first policy event that sets investment shares, or nullptr.
const PolicyEventDesc* first_share_event(const Description& d) {
  for (const PolicyEventDesc& e : d.events)
    if (e.find("policy.investment_share")) return &e;
  return nullptr;
}

const PolicyEventDesc* first_local_event(const Description& d) {
  for (const PolicyEventDesc& e : d.events)
    if (e.find("policy.local_share")) return &e;
  return nullptr;
}

/// The policy an event sets (its keys over the description's opening values).
PolicyDesc event_policy(const Description& d, const PolicyEventDesc& e) {
  InForce f = d;
  policy::apply_event(e, f);
  return f.policy;
}

/// Shortest text that reads back to the same double.
std::string shortest(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

/// Parses a plain decimal number (no spaces, no hex, no inf/nan); nullopt otherwise.
std::optional<double> parse_number(const std::string& s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  for (const char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return std::nullopt;
  double v = 0;
  const char* b = s.data() + (s[0] == '+' ? 1 : 0);
  const auto r = std::from_chars(b, s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// "YYYY-MM" -> month index; nullopt otherwise.
std::optional<double> parse_month(const std::string& s) {
  const auto ym = YearMonth::parse(s);
  return ym ? std::optional<double>(ym->index()) : std::nullopt;
}

}  // namespace

namespace {

/// Trims spaces and tabs at both ends.
std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

/// "source: ..." or "assumption: ..." when `comment` (after '#') is one, else "".
std::string provenance_of(const std::string& comment) {
  const std::string c = trimmed(comment);
  return c.rfind("source:", 0) == 0 || c.rfind("assumption:", 0) == 0 ? c : std::string();
}

/// The plain-language line of each knob (what it is, not which keys it sets).
const std::map<std::string, std::string>& plain_lines() {
  static const std::map<std::string, std::string> m = {
      {"light_share", "How much of the state's investment goes to light industry (consumer goods), the same share "
                      "in every year; the other sectors get the rest in their usual proportions."},
      {"profit_levy", "The share of a reformed enterprise's profit paid to the state; the rest stays for wages "
                      "and development."},
      {"state_order_share", "The share of a reformed enterprise's capacity still owed to the plan at state prices; "
                            "the rest it sells at agreed prices."},
      {"reform_start", "The month the enterprise-responsibility reform (enterprises set output, prices and wages) "
                       "begins."},
      {"sanction_severity", "How hard export bans and import caps bite: 0 none, 1 as in the scenario, 2 twice as "
                            "hard."},
      {"closure_months", "How long the 2020 border closure lasts, in months; 0 means no closure."},
      {"guidance_frequency", "How many on-site guidance visits take place, relative to the scenario (1 = as "
                             "written)."},
      {"local_share", "The share of light-industry investment that goes to local (county) factories rather than "
                      "central ones."},
      {"import_substitution", "How much of a missing imported input domestic substitutes replace (1 = all of it)."},
      {"other_fx_income", "Foreign currency earned each month besides goods exports: workers abroad, services, "
                          "transfers."},
      {"incentive_efficiency", "How much more efficient a reformed enterprise becomes with full incentives."},
      {"price_adjustment", "How fast market prices move each month toward clearing the market."},
      {"income_dispersion", "How unequal household incomes are (standard deviation of log income)."},
      {"variety_elasticity", "How readily households switch between varieties of a good (higher: varieties more "
                             "alike)."},
      {"seed", "The random seed: the same seed and settings give the same run."},
  };
  return m;
}

}  // namespace

std::string format_value(const Knob& k, double v) {
  switch (k.kind) {
    case KnobKind::month: return YearMonth::from_index(static_cast<int>(std::lround(v))).str();
    case KnobKind::integer: return fmt::format("{}", static_cast<long long>(std::llround(v)));
    case KnobKind::number: break;
  }
  return shortest(v);
}

Knobs::Knobs(const Description& baseline) : d_(baseline) {
  const Description& d = d_;
  auto add = [&](Knob k) {
    // The baseline's value is always inside the range.
    k.min = std::min(k.min, k.value);
    k.max = std::max(k.max, k.value);
    knobs_.push_back(std::move(k));
  };
  const PolicyEventDesc* share_ev = first_share_event(d);
  const PolicyEventDesc* local_ev = first_local_event(d);
  const ShockDesc* closure = first_closure(d);
  const bool sanctions = std::any_of(d.shocks.begin(), d.shocks.end(), sanction);

  add({"light_share", "Light-industry investment share", "policy", "of the investment fund",
       "policy.light_investment_share: the whole-timeline key (docs/SCENARIOS.md \"Whole-timeline overrides\"): "
       "this light share in every period (the opening shares and every dated event that sets shares), the other "
       "groups rescaled in proportion to sum to 1; at the baseline mark the scenario's own shares hold" +
           (share_ev ? " (the mark is their value in the first such event, " + share_ev->id + ")" : std::string()),
       KnobKind::number, 0.02, 0.6, 0.01,
       share_ev ? event_policy(d, *share_ev).investment_share[light_group(d)]
                : d.policy.investment_share[light_group(d)],
       d.group_with(GroupRole::light) >= 0 && d.n_groups() > 1});
  add({"profit_levy", "Profit levy (reformed enterprises)", "policy", "of profit", "reform.profit_levy",
       KnobKind::number, 0.0, 0.9, 0.01, d.reform.profit_levy, d.reform.enabled});
  add({"state_order_share", "State-order share (reformed enterprises)", "policy", "of output",
       "reform.state_order_share", KnobKind::number, 0.0, 1.0, 0.01, d.reform.state_order_share, d.reform.enabled});
  add({"reform_start", "Reform start", "policy", "", "reform.start (the rights date is left as it is)",
       KnobKind::month, static_cast<double>(d.start.index()), static_cast<double>(d.end.index()), 1,
       static_cast<double>(d.reform.start.index()), d.reform.enabled});
  add({"sanction_severity", "Sanction severity", "policy", "x reference",
       "shocks.*.severity of every export ban and import cap, times this (at most 1)", KnobKind::number, 0.0, 2.0,
       0.05, 1.0, sanctions});
  add({"closure_months", "Border-closure length", "policy", "months",
       closure ? "shocks." + closure->id + ".end = start + this many months (0: severity 0, no closure)"
               : "no border closure with an end in this scenario",
       KnobKind::integer, 0, 72, 1,
       closure ? static_cast<double>(closure->end->index() - closure->start.index()) : 0.0, closure != nullptr});
  add({"guidance_frequency", "On-site guidance frequency", "policy", "x reference",
       "below 1: that share of the guidance visits kept, spread evenly in date order (the others are moved past the "
       "scenario's end: guidance.ID.date); above 1: every visit's efficiency_boost, resources and reputation_boost "
       "times this (a --set cannot add visits)",
       KnobKind::number, 0.0, 2.0, 0.05, 1.0, !d.guidance.empty()});
  add({"local_share", "Local share of light-industry investment", "policy", "of light investment",
       local_ev ? "policy.events.*.local_share: every dated event that sets it moves by the same amount as this (its "
                  "value in the first such event, " +
                      local_ev->id + ")"
                : "policy.local_share",
       KnobKind::number, 0.0, 1.0, 0.01, local_ev ? event_policy(d, *local_ev).local_share : d.policy.local_share, true});

  add({"import_substitution", "Import substitution", "assumption", "of missing imports",
       "world.import_substitution", KnobKind::number, 0.0, 1.0, 0.01, d.world.import_substitution, true});
  add({"other_fx_income", "Other FX income", "assumption", "USD million a month",
       "world.other_fx_income (USD a month = this x 10^6)", KnobKind::number, 0.0, 300.0, 5.0,
       d.world.other_fx_income / 1e6, true});
  add({"incentive_efficiency", "Efficiency gain at full incentive", "assumption", "", "reform.incentive_efficiency",
       KnobKind::number, 0.0, 0.3, 0.01, d.reform.incentive_efficiency, true});
  add({"price_adjustment", "Market price response", "assumption", "per month", "prices.adjustment",
       KnobKind::number, 0.0, 0.5, 0.01, d.prices.adjustment, true});
  add({"income_dispersion", "Income dispersion", "assumption", "log sd", "households.income_dispersion",
       KnobKind::number, 0.0, 1.5, 0.05, d.households.income_dispersion, true});
  add({"variety_elasticity", "Elasticity between varieties", "assumption", "", "households.variety_elasticity",
       KnobKind::number, 1.5, 8.0, 0.1, d.households.variety_elasticity, true});
  add({"seed", "Random seed", "assumption", "", "the run's seed (--seed)", KnobKind::integer, 1, 4294967295.0, 1,
       static_cast<double>(d.seed), true});

  // The plain-language line and the key whose comment backs the baseline value.
  const ShockDesc* first_sanction = nullptr;
  for (const ShockDesc& s : d.shocks)
    if (!first_sanction && sanction(s)) first_sanction = &s;
  const std::map<std::string, std::string> keys = {
      {"light_share", share_ev ? "policy.events." + share_ev->id + ".investment_share" : "policy.investment_share"},
      {"profit_levy", "reform.profit_levy"},
      {"state_order_share", "reform.state_order_share"},
      {"reform_start", "reform.start"},
      {"sanction_severity", first_sanction ? "shocks." + first_sanction->id + ".severity" : ""},
      {"closure_months", closure ? "shocks." + closure->id + ".end" : ""},
      {"guidance_frequency", d.guidance.empty() ? "" : "guidance." + d.guidance.front().id + ".efficiency_boost"},
      {"local_share", local_ev ? "policy.events." + local_ev->id + ".local_share" : "policy.local_share"},
      {"import_substitution", "world.import_substitution"},
      {"other_fx_income", "world.other_fx_income"},
      {"incentive_efficiency", "reform.incentive_efficiency"},
      {"price_adjustment", "prices.adjustment"},
      {"income_dispersion", "households.income_dispersion"},
      {"variety_elasticity", "households.variety_elasticity"},
      {"seed", "scenario.seed"},
  };
  for (Knob& k : knobs_) {
    if (const auto it = plain_lines().find(k.name); it != plain_lines().end()) k.plain = it->second;
    if (const auto it = keys.find(k.name); it != keys.end()) k.source_key = it->second;
  }

  // From which month each knob can act (what the engine reads, and when):
  //  - the reform's keys are read only for enterprises under the reform, which join from
  //    reform.start on (policy::reform_month >= start; phases_budget, phases_markets,
  //    phases_production, update_efficiency);
  //  - a shock acts from its start month, and the annual plan (plan.method = "lp") reads the
  //    shocks of its whole year in January (planner/plan_build.cpp trade_factors): from
  //    January of the first changed shock's year;
  //  - a guidance visit acts from its date (the decay reads visits before the month);
  //  - event values act from the event's date; opening values and the assumptions from the
  //    first step; what the economy is built from (init.cpp): never from a checkpoint.
  const int first = d.start.index() - d.spin_up_months;
  auto from = [first](int month) { return std::max(first, month); };
  auto january = [](YearMonth m) { return YearMonth{m.year, 1}.index(); };
  int sanctions_from = INT32_MAX, guidance_from = INT32_MAX, local_from = INT32_MAX;
  for (const ShockDesc& s : d.shocks)
    if (sanction(s)) sanctions_from = std::min(sanctions_from, january(s.start));
  for (const GuidanceDesc& g : d.guidance) guidance_from = std::min(guidance_from, g.date.index());
  for (const PolicyEventDesc& e : d.events)
    if (e.find("policy.local_share")) local_from = std::min(local_from, e.date.index());
  const int reform_from = from(d.reform.start.index());
  const std::map<std::string, int> acts = {
      {"light_share", first},  // the opening shares too (whole-timeline key)
      {"profit_levy", reform_from},
      {"state_order_share", reform_from},
      {"incentive_efficiency", reform_from},
      {"reform_start", -1},
      {"sanction_severity", sanctions_from == INT32_MAX ? first : from(sanctions_from)},
      {"closure_months", closure ? from(january(closure->start)) : first},
      {"guidance_frequency", guidance_from == INT32_MAX ? first : from(guidance_from)},
      {"local_share", local_from == INT32_MAX ? first : from(local_from)},
      {"import_substitution", first},
      {"other_fx_income", first},
      {"price_adjustment", first},
      {"income_dispersion", -1},
      {"variety_elasticity", first},
      {"seed", -1},
  };
  for (Knob& k : knobs_)
    if (const auto it = acts.find(k.name); it != acts.end()) k.acts_from = it->second;
}

int Knobs::acts_from(const std::string& name) const {
  const Knob* k = find(name);
  return k ? k->acts_from : -1;
}

std::vector<int> Knobs::checkpoint_months() const {
  std::set<int> months;
  for (const Knob& k : knobs_)
    if (k.acts_from >= 0) months.insert(k.acts_from);
  return {months.begin(), months.end()};
}

std::string provenance_comment(const std::string& text, int line) {
  if (line <= 0) return {};
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t nl = text.find('\n', pos);
    std::string l = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(std::move(l));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (static_cast<size_t>(line) > lines.size()) return {};
  // A trailing comment (a '#' outside a string) on the value's own line.
  const std::string& own = lines[static_cast<size_t>(line) - 1];
  bool in_string = false;
  for (size_t i = 0; i < own.size(); ++i) {
    if (own[i] == '"' && (i == 0 || own[i - 1] != '\\')) in_string = !in_string;
    if (own[i] == '#' && !in_string) {
      if (std::string p = provenance_of(own.substr(i + 1)); !p.empty()) return p;
      break;
    }
  }
  // The nearest provenance line above it in the same block of lines (up to a blank line or a
  // table header): its own comment block first, else that of the key it is written with (an
  // `end` below the commented `start` of the same shock).
  for (int i = line - 2; i >= 0; --i) {
    const std::string t = trimmed(lines[static_cast<size_t>(i)]);
    if (t.empty() || t[0] == '[') break;
    if (t[0] != '#') continue;
    if (std::string p = provenance_of(t.substr(1)); !p.empty()) return p;
  }
  return {};
}

int key_line(const std::string& text, const std::string& path, const std::string& key) {
  detail::Value root;
  try {
    root = detail::parse_toml(text, path);
  } catch (const std::exception&) {
    return 0;
  }
  const detail::Value* v = &root;
  size_t pos = 0;
  while (v && pos <= key.size()) {
    const size_t dot = key.find('.', pos);
    const std::string part = key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (v->is_table()) {
      v = v->find(part);
    } else if (v->is_array()) {
      const detail::Value* found = nullptr;
      for (const detail::Value& item : v->items)
        if (const std::string* id = item.id(); id && *id == part) found = &item;
      v = found;
    } else {
      v = nullptr;
    }
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return v ? v->line : 0;
}

Knobs::Knobs(const Description& baseline, const std::string& path) : Knobs(baseline) {
  std::string text;
  if (std::ifstream f(path, std::ios::binary); f) text.assign(std::istreambuf_iterator<char>(f), {});
  for (Knob& k : knobs_) {
    if (k.source_key.empty() || text.empty()) continue;
    k.source = provenance_comment(text, key_line(text, path, k.source_key));
    if (k.source == "assumption: see above" || k.source == "source: see above") {
      // "see above": the comment of the previous key of the same table.
      const int line = key_line(text, path, k.source_key);
      for (int l = line - 1; l > 0 && (k.source.empty() || k.source.find("see above") != std::string::npos); --l)
        k.source = provenance_comment(text, l);
    }
  }
}

std::string shown_text(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

const Knob* Knobs::find(const std::string& name) const {
  for (const Knob& k : knobs_)
    if (k.name == name) return &k;
  return nullptr;
}

std::map<std::string, double> Knobs::parse(const std::vector<std::pair<std::string, std::string>>& params) const {
  std::map<std::string, double> out;
  for (const Knob& k : knobs_) out[k.name] = k.value;
  std::set<std::string> seen;
  for (const auto& [name, text] : params) {
    const Knob* k = find(name);
    if (!k) {
      std::string known;
      for (const Knob& x : knobs_) known += (known.empty() ? "" : ", ") + x.name;
      throw KnobError(fmt::format("unknown parameter \"{}\" (known: {})", shown_text(name), known));
    }
    if (!seen.insert(name).second) throw KnobError(fmt::format("{}: given more than once", name));
    const std::string shown = shown_text(text);
    std::optional<double> v = k->kind == KnobKind::month ? parse_month(text) : parse_number(text);
    if (!v)
      throw KnobError(fmt::format("{}: expected {}, found \"{}\"", name,
                                  k->kind == KnobKind::month ? "a month YYYY-MM" : "a number", shown));
    if (k->kind == KnobKind::integer && *v != std::floor(*v))
      throw KnobError(fmt::format("{}: expected a whole number, found \"{}\"", name, shown));
    if (*v < k->min || *v > k->max)
      throw KnobError(fmt::format("{}: expected a value from {} to {}, found {}", name, format_value(*k, k->min),
                                  format_value(*k, k->max), shown));
    if (!k->available && *v != k->value)
      throw KnobError(fmt::format("{}: this scenario has nothing this knob changes ({})", name, k->help));
    out[name] = *v;
  }
  return out;
}

std::uint64_t Knobs::seed(const std::map<std::string, double>& settings) const {
  const auto it = settings.find("seed");
  return it == settings.end() ? d_.seed : static_cast<std::uint64_t>(std::llround(it->second));
}

std::string Knobs::query(const std::map<std::string, double>& settings) const {
  std::string q;
  for (const Knob& k : knobs_) {
    const auto it = settings.find(k.name);
    if (it == settings.end() || it->second == k.value) continue;
    q += fmt::format("{}{}={}", q.empty() ? "" : "&", k.name, format_value(k, it->second));
  }
  return q;
}

std::vector<std::string> Knobs::sets(const std::map<std::string, double>& settings) const {
  const Description& d = d_;
  std::vector<std::string> out;
  auto changed = [&](const char* name) -> std::optional<double> {
    const Knob* k = find(name);
    const auto it = settings.find(name);
    if (!k || it == settings.end() || it->second == k->value) return std::nullopt;
    return it->second;
  };
  auto set = [&](const std::string& key, double v) { out.push_back(key + "=" + shortest(v)); };

  // The whole-timeline key: the light share in every period, the others rescaled (src/scenario/timeline.hpp).
  if (const auto v = changed("light_share")) set("policy.light_investment_share", *v);
  if (const auto v = changed("local_share")) {
    const double delta = *v - find("local_share")->value;
    bool any = false;
    for (const PolicyEventDesc& e : d.events)
      if (e.find("policy.local_share")) {
        any = true;
        set(fmt::format("policy.events.{}.local_share", e.id),
            std::clamp(event_policy(d, e).local_share + delta, 0.0, 1.0));
      }
    if (!any) set("policy.local_share", *v);
  }
  if (const auto v = changed("profit_levy")) set("reform.profit_levy", *v);
  if (const auto v = changed("state_order_share")) set("reform.state_order_share", *v);
  if (const auto v = changed("reform_start"))
    out.push_back("reform.start=" + YearMonth::from_index(static_cast<int>(std::lround(*v))).str());
  if (const auto v = changed("sanction_severity"))
    for (const ShockDesc& s : d.shocks)
      if (sanction(s)) set(fmt::format("shocks.{}.severity", s.id), std::min(1.0, s.severity * *v));
  if (const auto v = changed("closure_months")) {
    const ShockDesc& s = *first_closure(d);
    const int months = static_cast<int>(std::lround(*v));
    out.push_back(fmt::format("shocks.{}.end={}", s.id, YearMonth::from_index(s.start.index() + months).str()));
    if (months == 0) set(fmt::format("shocks.{}.severity", s.id), 0.0);
  }
  if (const auto v = changed("guidance_frequency")) {
    const double f = *v;
    if (f <= 1.0) {
      // Visit i (in date order) is kept when floor((i + 1) f) > floor(i f): round(n f) visits, evenly spread.
      std::vector<size_t> order(d.guidance.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return d.guidance[a].date < d.guidance[b].date; });
      const std::string past_end = YearMonth::from_index(d.end.index() + 1).str();
      for (size_t i = 0; i < order.size(); ++i) {
        const double kept_before = std::floor(static_cast<double>(i) * f + 1e-9);
        const double kept_after = std::floor(static_cast<double>(i + 1) * f + 1e-9);
        if (kept_after <= kept_before) out.push_back(fmt::format("guidance.{}.date={}", d.guidance[order[i]].id, past_end));
      }
    } else {
      for (const GuidanceDesc& g : d.guidance) {
        set(fmt::format("guidance.{}.efficiency_boost", g.id), std::min(1.0, g.efficiency_boost * f));
        set(fmt::format("guidance.{}.resources", g.id), g.resources * f);
        set(fmt::format("guidance.{}.reputation_boost", g.id), g.reputation_boost * f);
      }
    }
  }
  if (const auto v = changed("import_substitution")) set("world.import_substitution", *v);
  if (const auto v = changed("other_fx_income")) set("world.other_fx_income", *v * 1e6);
  if (const auto v = changed("incentive_efficiency")) set("reform.incentive_efficiency", *v);
  if (const auto v = changed("price_adjustment")) set("prices.adjustment", *v);
  if (const auto v = changed("income_dispersion")) set("households.income_dispersion", *v);
  if (const auto v = changed("variety_elasticity")) set("households.variety_elasticity", *v);
  return out;
}

}  // namespace lightind::serve
