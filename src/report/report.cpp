// lightind: the report's data and the HTML document.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <span>

#include <fmt/format.h>

#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/scenario.hpp"
#include "lightind/version.hpp"
#include "lightind/results.hpp"
#include "results/output.hpp"
#include "report/assets.hpp"
#include "policy/in_force.hpp"
#include "report/report.hpp"

namespace lightind::report {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string num(double v) { return fmt::format("{:.6g}", v); }

/// The model's band in the fit section: its mean over seeds +- this many standard deviations
/// over seeds (docs/REPORT.md, "Fit").
constexpr double kFitBandSd = 2.0;

std::string shares(const Description& d, const std::array<double, kMaxGroups>& x) {
  std::string s;
  for (int g = 0; g < d.n_groups(); ++g)
    s += fmt::format("{}{} {}", g ? ", " : "", d.group_id(static_cast<Group>(g)), num(x[static_cast<size_t>(g)]));
  return s;
}

std::string groups_text(const Description& d, const std::vector<Group>& gs) {
  std::string s;
  for (const Group g : gs) s += fmt::format("{}{}", s.empty() ? "" : ", ", d.group_id(g));
  return s.empty() ? "(proportional)" : s;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// The calibration targets file for a run, or "" when none is found.
std::string find_targets(const RunData& r) {
  std::string file;  // one path component: a name from an input file cannot point elsewhere
  try {
    file = detail::output::folder_name(r.scenario) + ".toml";
  } catch (const OutputRefused&) {
    return {};
  }
  const std::string here = "scenarios/calibration/" + file;
  if (fs::exists(here)) return here;
  if (!r.scenario_file.empty()) {
    const fs::path beside = fs::path(r.scenario_file).parent_path() / "calibration" / file;
    if (fs::exists(beside)) return beside.string();
  }
  return {};
}

/// The registry's direction of an aggregate indicator ("higher", "lower", "neither").
std::string direction_of(const std::string& name) {
  const indicators::Indicator* e = indicators::find(name);
  return e ? indicators::to_string(e->direction) : "neither";
}

/// A target's class ("finding", "input-check", "comparison"); "finding" where the targets have
/// no classes (before docs/CALIBRATION.md's "Findings, checks of inputs and comparisons").
template <typename T>
std::string class_of(const T& t) {
  if constexpr (requires { t.target_class; })
    return analysis::to_string(t.target_class);
  else
    return "finding";
}

/// The fits (`lightind fit` folders): each moment with its standardised error
/// z = (model - data) / se and the model's band over seeds, model +- kFitBandSd sd, also in
/// units of the data's se; each parameter with its start, estimate, se, range and reason.
json fit_data(const std::vector<FitResult>& fits) {
  json out = json::array();
  for (const FitResult& f : fits) {
    json moments = json::array();
    double total = 0.0;
    for (const fit::MomentRow& m : f.moments) {
      const double band = kFitBandSd * m.model_sd;
      moments.push_back({{"id", m.id},
                         {"data", m.data},
                         {"se", m.se},
                         {"model", number_or_null(m.model)},
                         {"model_sd", number_or_null(m.model_sd)},
                         {"model_lo", number_or_null(m.model - band)},
                         {"model_hi", number_or_null(m.model + band)},
                         {"z", number_or_null((m.model - m.data) / m.se)},
                         {"z_lo", number_or_null((m.model - band - m.data) / m.se)},
                         {"z_hi", number_or_null((m.model + band - m.data) / m.se)},
                         {"weighted_sq_error", number_or_null(m.weighted_sq_error)}});
      total += m.weighted_sq_error;
    }
    json parameters = json::array();
    for (const FitParameter& q : f.parameters)
      parameters.push_back({{"key", q.key},
                            {"start", number_or_null(q.start)},
                            {"estimate", number_or_null(q.estimate)},
                            {"se", number_or_null(q.se)},
                            {"identified", q.identified},
                            {"min", number_or_null(q.lo)},
                            {"max", number_or_null(q.hi)},
                            {"why", q.why},
                            {"reason", q.reason}});
    out.push_back({{"source", f.source},
                   {"command", f.command},
                   {"distance", number_or_null(f.distance)},
                   {"moments_distance", f.moments.empty() ? json(nullptr) : number_or_null(total)},
                   {"band_sd", kFitBandSd},
                   {"moments", std::move(moments)},
                   {"parameters", std::move(parameters)}});
  }
  return out;
}

}  // namespace

std::string judge(const std::string& direction, double difference) {
  if (!std::isfinite(difference) || difference == 0.0) return "same";
  if (direction == "higher") return difference > 0 ? "better" : "worse";
  if (direction == "lower") return difference < 0 ? "better" : "worse";
  return "changed";
}

std::vector<std::pair<std::string, std::string>> parameter_rows(const Description& d) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto row = [&](std::string k, std::string v) { rows.emplace_back(std::move(k), std::move(v)); };
  row("scenario.title", d.title);
  row("scenario.start", d.start.str());
  row("scenario.end", d.end.str());
  row("scenario.seed", std::to_string(d.seed));
  row("sectors / regions / enterprises", fmt::format("{} / {} / {}", d.sectors.size(), d.regions.size(),
                                                     d.enterprises.size()));
  const HouseholdsDesc& h = d.households;
  row("households.scale", num(h.scale));
  row("households.subsistence", num(h.subsistence));
  row("households.food_need", num(h.food_need));
  row("households.consume_share", num(h.consume_share));
  row("households.income_dispersion", num(h.income_dispersion));
  row("households.variety_elasticity", num(h.variety_elasticity));
  row("households.plot_food", num(h.plot_food));
  row("households.trader_share", num(h.trader_share));
  const StateDesc& st = d.state;
  row("state.state_wage", num(st.state_wage));
  row("state.ration_food", num(st.ration_food));
  row("state.public_employment", num(st.public_employment));
  row("state.shop_share", num(st.shop_share));
  const WorldDesc& w = d.world;
  row("world.fx_reserves", num(w.fx_reserves));
  row("world.other_fx_income", num(w.other_fx_income));
  row("world.import_substitution", num(w.import_substitution));
  row("world.consumer_imports", num(w.consumer_imports));
  row("prices.market_premium", num(d.prices.market_premium));
  row("prices.adjustment", num(d.prices.adjustment));
  const PolicyDesc& p = d.policy;
  row("policy.investment_share", shares(d, p.investment_share));
  row("policy.local_share", num(p.local_share));
  row("policy.materials_priority", groups_text(d, p.materials_priority));
  row("policy.defence_share", num(p.defence_share));
  row("plan.method", p.plan_method);
  for (const PolicyEventDesc& e : d.events) {
    std::string v;
    auto part = [&](const std::string& s) { v += (v.empty() ? "" : "; ") + s; };
    InForce set = d;  // the values the event sets
    policy::apply_event(e, set);
    for (const EventOverride& o : e.overrides) {
      if (o.key == "policy.investment_share")
        part("investment " + shares(d, set.policy.investment_share));
      else if (o.key == "policy.materials_priority")
        part("priority " + groups_text(d, set.policy.materials_priority));
      else  // policy keys by their short form
        part((o.key.rfind("policy.", 0) == 0 ? o.key.substr(7) : o.key) + " " + o.text);
    }
    row(fmt::format("policy event {} {}", e.date.str(), e.id), v.empty() ? "(text only)" : v);
  }
  // The one [reform], or each of [[reforms]] (`reforms.ID.KEY`).
  for (size_t k = 0; k < d.reform_count(); ++k) {
    const ReformDesc& rf = d.reform_at(k);
    const std::string at = d.reforms.empty() ? "reform." : "reforms." + rf.id + ".";
    row(at + "enabled", rf.enabled ? "true" : "false");
    if (!rf.enabled) continue;
    row(at + "start", rf.start.str());
    row(at + "phase_in_months", std::to_string(rf.phase_in_months));
    row(at + "state_order_share", num(rf.state_order_share));
    row(at + "profit_levy", num(rf.profit_levy));
    row(at + "wage_fund_share", num(rf.wage_fund_share));
    row(at + "development_share", num(rf.development_share));
    row(at + "incentive_efficiency", num(rf.incentive_efficiency));
    row(at + "rights_date", rf.rights_date.str());
  }
  for (const ShockDesc& s : d.shocks) {
    std::string v = fmt::format("{} from {}", to_string(s.kind), s.start.str());
    if (s.end) v += " to " + s.end->str();
    if (s.kind == ShockKind::disaster)
      v += fmt::format(", capacity loss {}, crop loss {}", num(s.capacity_loss), num(s.crop_loss));
    else
      v += ", severity " + num(s.severity);
    if (s.reopen_months > 0) v += fmt::format(", reopening over {} months", s.reopen_months);
    row("shock " + s.id, v);
  }
  row("projects / guidance visits / fairs / channels",
      fmt::format("{} / {} / {} / {}", d.projects.size(), d.guidance.size(), d.fairs.size(), d.channels.size()));
  return rows;
}

json report_data(const Inputs& input, const Options& opt, std::vector<std::string>& notes) {
  const size_t shown = std::min(input.runs.size(), opt.max_runs);
  if (shown < input.runs.size())
    notes.push_back(fmt::format("the first {} of {} runs are shown; the others are left out", shown, input.runs.size()));
  const struct {
    std::span<const RunData> runs;
    const std::vector<Band>& bands;
  } in{{input.runs.data(), shown}, input.bands};
  json j;
  j["title"] = opt.title;
  j["version"] = fmt::format("lightind {} ({})", version(), source_commit());
  j["charts_library"] = fmt::format("ECharts {}", web::echarts_version());

  // Indicators: the headline ones present somewhere.
  std::set<std::string> present;
  for (const RunData& r : in.runs)
    for (const std::string& name : r.series.indicators) present.insert(name);
  for (const Band& b : in.bands) present.insert(b.indicator);
  std::vector<std::string> indicators;
  for (const std::string& name : analysis::headline_indicators())
    if (present.count(name)) indicators.push_back(name);
  j["indicators"] = indicators;
  // Money units in the reference run's currency (its summary.json), else the registry's default.
  const std::string currency =
      in.runs.empty() || in.runs.front().currency.empty() ? std::string(indicators::kDefaultCurrency) : in.runs.front().currency;
  j["registry"] = json::parse(lightind::indicators::to_json(currency));  // labels and units for the charts (charts.js)

  // Months: the union over runs and bands.
  std::set<int> month_set;
  for (const RunData& r : in.runs) month_set.insert(r.series.month.begin(), r.series.month.end());
  for (const Band& b : in.bands)
    for (const auto& [m, q] : b.values) month_set.insert(m);
  const std::vector<int> months(month_set.begin(), month_set.end());
  std::map<int, size_t> slot;
  for (size_t i = 0; i < months.size(); ++i) slot[months[i]] = i;
  json dates = json::array();
  for (const int m : months) dates.push_back(YearMonth::from_index(m).str());
  j["dates"] = dates;

  json runs = json::array();
  for (const RunData& r : in.runs) {
    json jr;
    jr["name"] = r.name;
    jr["scenario"] = r.scenario;
    jr["source"] = r.source;
    jr["seed"] = std::to_string(r.seed);  // text: a 64-bit seed is not exact as a JavaScript number
    jr["settings"] = r.settings;
    json values = json::object();
    for (const std::string& name : indicators) {
      std::vector<double> v(months.size(), NAN);
      bool any = false;
      for (const auto& [m, x] : r.series.aggregate(name)) {
        v[slot.at(m)] = x;
        any = true;
      }
      if (!any) continue;
      json arr = json::array();
      for (const double x : v) arr.push_back(number_or_null(x));
      values[name] = std::move(arr);
    }
    jr["values"] = std::move(values);
    runs.push_back(std::move(jr));
  }
  j["runs"] = std::move(runs);

  json bands = json::array();
  for (const Band& b : in.bands) {
    if (std::find(indicators.begin(), indicators.end(), b.indicator) == indicators.end()) continue;
    json jb;
    jb["setting"] = b.setting;
    jb["indicator"] = b.indicator;
    jb["source"] = b.source;
    for (const char* q : {"p5", "p25", "p50", "p75", "p95"}) {
      json arr = json::array();
      for (const int m : months) {
        const auto it = b.values.find(m);
        double x = NAN;
        if (it != b.values.end())
          if (const auto qi = it->second.find(q); qi != it->second.end()) x = qi->second;
        arr.push_back(number_or_null(x));
      }
      jb[q] = std::move(arr);
    }
    bands.push_back(std::move(jb));
  }
  if (!bands.empty())
    notes.push_back("the bands are quantiles over the seeds of each setting: they show seed noise only (the same "
                    "settings run with other seeds), not uncertainty in the settings; the settings' effects are the "
                    "differences between the lines");
  j["bands"] = std::move(bands);

  json events = json::array();
  if (!in.runs.empty()) {
    j["events_of"] = in.runs.front().name;
    for (const Event& e : in.runs.front().events)
      events.push_back({{"date", YearMonth::from_index(e.month).str()},
                        {"kind", e.kind},
                        {"subject", e.subject},
                        {"text", e.text}});
  }
  j["events"] = std::move(events);

  // The comparison table of `lightind compare` (annual means, differences from the first run).
  json compare = json::array();
  if (in.runs.size() >= 1) {
    std::vector<analysis::ComparedRun> cr;
    for (const RunData& r : in.runs) cr.push_back({r.name, &r.series});
    for (const auto& c : analysis::compare_cells(cr, indicators, {})) {
      const std::string dir = direction_of(c.indicator);
      compare.push_back({{"scenario", c.scenario},
                         {"indicator", c.indicator},
                         {"year", c.year},
                         {"value", number_or_null(c.value)},
                         {"difference", number_or_null(c.difference)},
                         {"direction", dir},
                         {"verdict", c.scenario == in.runs.front().name ? "" : judge(dir, c.difference)}});
    }
  }
  j["compare"] = compare;

  // Findings: for each counterfactual, its largest differences from the reference in the
  // latest compared year, relative to the reference's value, with units and better or worse
  // (the registry's direction).
  json findings = json::object();
  json headline = json::array();
  int last_year = 0;
  for (const auto& c : compare)
    if (!c["difference"].is_null()) last_year = std::max(last_year, c["year"].get<int>());
  for (size_t i = 1; i < in.runs.size(); ++i) {
    std::vector<json> rows;
    for (const auto& c : compare) {
      if (c["scenario"] != in.runs[i].name || c["year"] != last_year || c["difference"].is_null()) continue;
      double ref = NAN;
      for (const auto& r : compare)
        if (r["scenario"] == in.runs.front().name && r["indicator"] == c["indicator"] && r["year"] == last_year &&
            !r["value"].is_null())
          ref = r["value"].get<double>();
      const double diff = c["difference"].get<double>();
      const indicators::Indicator* e = indicators::find(c["indicator"].get<std::string>());
      json row = {{"indicator", c["indicator"]},
                  {"label", e ? std::string(e->label) : c["indicator"].get<std::string>()},
                  {"unit", e ? indicators::unit(*e, currency) : ""},
                  {"reference", number_or_null(ref)},
                  {"value", c["value"]},
                  {"difference", diff},
                  {"percent", number_or_null(std::isfinite(ref) && ref != 0.0 ? 100.0 * diff / std::fabs(ref) : NAN)},
                  {"verdict", c["verdict"]}};
      rows.push_back(std::move(row));
    }
    // Largest relative differences first (an indicator without a relative one last).
    std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
      const double x = a["percent"].is_null() ? -1.0 : std::fabs(a["percent"].get<double>());
      const double y = b["percent"].is_null() ? -1.0 : std::fabs(b["percent"].get<double>());
      return x > y;
    });
    int better = 0, worse = 0;
    for (const json& r : rows) {
      better += r["verdict"] == "better";
      worse += r["verdict"] == "worse";
    }
    if (rows.size() > 6) rows.resize(6);
    headline.push_back({{"run", in.runs[i].name},
                        {"reference", in.runs.front().name},
                        {"year", last_year},
                        {"better", better},
                        {"worse", worse},
                        {"largest", rows}});
  }
  findings["headline"] = std::move(headline);

  // Calibration: the first run with a targets file.
  j["calibration"] = nullptr;
  for (const RunData& r : in.runs) {
    const std::string path = opt.targets.empty() ? find_targets(r) : opt.targets;
    if (path.empty()) continue;
    const auto targets = analysis::load_targets(path);  // TargetsError: a malformed file is an error
    const auto results = analysis::evaluate(targets, r.series);
    json rows = json::array();
    std::map<std::string, std::pair<int, int>> held;  // class -> (passed, judged)
    std::map<std::string, std::vector<std::string>> failed;
    for (size_t i = 0; i < targets.size(); ++i) {
      const std::string cls = class_of(targets[i]);
      const bool judged = cls != "comparison";  // a comparison is reported, never passed or failed
      rows.push_back({{"id", targets[i].id},
                      {"text", targets[i].text},
                      {"source", targets[i].source},
                      {"class", cls},
                      {"kind", analysis::to_string(targets[i].kind)},
                      {"model", results[i].model_text},
                      {"target", results[i].target_text},
                      {"pass", judged ? json(results[i].pass) : json(nullptr)},
                      {"note", results[i].note}});
      if (!judged) continue;
      auto& [passed, total] = held[cls];
      ++total;
      if (results[i].pass)
        ++passed;
      else
        failed[cls].push_back(targets[i].id);
    }
    json summary = json::array();
    for (const char* cls : {"finding", "input-check"}) {
      if (!held.count(cls)) continue;
      summary.push_back({{"class", cls},
                         {"passed", held[cls].first},
                         {"total", held[cls].second},
                         {"failed", failed[cls]}});
    }
    int comparisons = 0;
    for (const auto& row : rows) comparisons += row["class"] == "comparison";
    j["calibration"] = {{"run", r.name}, {"targets_file", path}, {"rows", std::move(rows)},
                        {"summary", std::move(summary)}, {"comparisons", comparisons}};
    break;
  }
  findings["calibration"] = j["calibration"].is_null() ? json(nullptr) : j["calibration"]["summary"];

  // Attribution (`lightind explain`'s explain.csv, when one is among the inputs).
  json explains = json::array();
  for (const Explain& e : input.explains)
    explains.push_back({{"source", e.source}, {"columns", e.columns}, {"rows", e.rows}});
  findings["explain"] = std::move(explains);
  j["findings"] = std::move(findings);

  // The out-of-sample test of `lightind validate` (fit-validation.csv): RMSEs of the model
  // beside the naive baselines; beats = the model's held-out RMSE is below the baseline's
  // (null when either is missing).
  json fit_validation = json::array();
  for (const FitValidation& v : input.fit_validations) {
    json rows = json::array();
    for (const fit::ValidationTableRow& r : v.rows) {
      const auto beats = [&](double baseline) {
        return std::isfinite(r.model_out) && std::isfinite(baseline) ? json(r.model_out < baseline) : json(nullptr);
      };
      rows.push_back({{"indicator", r.indicator},
                      {"n_in", r.n_in},
                      {"n_out", r.n_out},
                      {"model_in", number_or_null(r.model_in)},
                      {"model_out", number_or_null(r.model_out)},
                      {"zero_growth", number_or_null(r.zero_growth)},
                      {"last_growth", number_or_null(r.last_growth)},
                      {"ar1", number_or_null(r.ar1)},
                      {"beats", {{"zero_growth", beats(r.zero_growth)},
                                 {"last_growth", beats(r.last_growth)},
                                 {"ar1", beats(r.ar1)}}}});
    }
    fit_validation.push_back({{"source", v.source}, {"rows", std::move(rows)}});
  }
  j["fit_validation"] = std::move(fit_validation);
  j["fit"] = fit_data(input.fits);
  if (j["calibration"].is_null() && !in.runs.empty())
    notes.push_back("no calibration targets found (scenarios/calibration/<scenario>.toml); the table is left out");

  // Parameters of the runs whose scenario file loads.
  json columns = json::array();
  std::vector<std::vector<std::pair<std::string, std::string>>> per_run;
  std::set<std::string> loaded;
  for (const RunData& r : in.runs) {
    if (r.scenario_file.empty()) continue;
    const std::string key = r.scenario_file + "\n" + r.settings;
    if (!loaded.insert(key).second) continue;
    try {
      per_run.push_back(parameter_rows(load_scenario(r.scenario_file)));
      columns.push_back(r.name);
    } catch (const std::exception& e) {
      notes.push_back(fmt::format("parameters of {} left out: {}", r.name, e.what()));
    }
  }
  json prow = json::array();
  if (!per_run.empty()) {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const auto& rows : per_run)
      for (const auto& [k, v] : rows)
        if (seen.insert(k).second) keys.push_back(k);
    for (const std::string& k : keys) {
      json values = json::array();
      for (const auto& rows : per_run) {
        auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& kv) { return kv.first == k; });
        values.push_back(it == rows.end() ? json(nullptr) : json(it->second));
      }
      prow.push_back({{"key", k}, {"values", std::move(values)}});
    }
  }
  j["parameters"] = {{"columns", std::move(columns)}, {"rows", std::move(prow)}};
  j["notes"] = notes;
  return j;
}

std::string report_html(const json& data, const std::string& title) {
  const std::string data_text = web::script_safe(data.dump());
  const std::string esc_title = html_escape(title);
  return web::document("report", "report", esc_title, web::report_html(), data_text, web::report_js());
}

}  // namespace lightind::report
