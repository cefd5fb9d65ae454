// lightind: validation like a forecaster — the growth targets split at a holdout year, the
// model's in-sample and out-of-sample errors beside two naive forecasts (docs/CALIBRATION.md,
// "Holdout validation").
//
// The practice follows forecast evaluation in macroeconomic agent-based modelling (Poledna et
// al. 2023, which compares out-of-sample forecasts with simple benchmarks): fit on earlier
// years, test on later ones, and ask whether the model beats a forecast that needs no model.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"

namespace lightind::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Root mean square of `errors`; NaN when empty.
double rmse(const std::vector<double>& errors) {
  if (errors.empty()) return kNaN;
  double sq = 0.0;
  for (double e : errors) sq += e * e;
  return std::sqrt(sq / static_cast<double>(errors.size()));
}

std::string pp(double v) { return std::isnan(v) ? "n/a" : fmt::format("{:.2f}", v); }

}  // namespace

std::vector<ValidationRow> validate(const std::vector<Target>& targets, const std::vector<TargetResult>& results,
                                    int holdout) {
  std::vector<ValidationRow> rows;
  for (size_t i = 0; i < targets.size() && i < results.size(); ++i) {
    const Target& t = targets[i];
    if (t.kind != TargetKind::growth) continue;
    const bool numeric =
        std::any_of(t.values.begin(), t.values.end(), [](const GrowthTarget& g) { return g.percent.has_value(); });
    if (!numeric) continue;
    ValidationRow row;
    row.target = t.id;
    row.indicator = t.indicator;
    row.note = results[i].note;
    // The published growth known at the end of the sample (year < holdout): history and values.
    std::map<int, double> known;
    for (const GrowthTarget& g : t.history)
      if (g.percent && g.year < holdout) known[g.year] = *g.percent;
    for (const GrowthTarget& g : t.values)
      if (g.percent && g.year < holdout) known[g.year] = *g.percent;
    // Random walk: every later year grows as the last known year did. Mean: as the known years did on average.
    row.random_walk = known.empty() ? kNaN : known.rbegin()->second;
    row.random_walk_year = known.empty() ? 0 : known.rbegin()->first;
    double sum = 0.0;
    for (const auto& [y, v] : known) sum += v;
    row.mean = known.empty() ? kNaN : sum / static_cast<double>(known.size());
    row.mean_from = known.empty() ? 0 : known.begin()->first;
    row.mean_to = row.random_walk_year;

    std::vector<double> in_model, out_model, out_walk, out_mean;
    for (const GrowthYear& y : results[i].growth) {
      if (!y.computable) continue;
      const bool in = y.year < holdout;
      const bool has_sign = !y.percent || *y.percent != 0.0;
      if (has_sign) {
        (in ? row.in_signs : row.out_signs) += 1;
        (in ? row.in_signs_right : row.out_signs_right) += y.ok ? 1 : 0;
      }
      if (!y.percent) continue;
      // The baselines are scored on the same years as the model, so the errors compare.
      if (in) {
        in_model.push_back(y.model - *y.percent);
      } else {
        out_model.push_back(y.model - *y.percent);
        out_walk.push_back(row.random_walk - *y.percent);
        out_mean.push_back(row.mean - *y.percent);
      }
    }
    row.in_years = static_cast<int>(in_model.size());
    row.out_years = static_cast<int>(out_model.size());
    row.in_rmse = rmse(in_model);
    row.out_rmse = rmse(out_model);
    if (out_model.empty()) {
      // The model computes no test year (e.g. its indicator is not in the run): the baselines
      // are still scored on every published test year.
      for (const GrowthTarget& g : t.values) {
        if (!g.percent || g.year < holdout) continue;
        out_walk.push_back(row.random_walk - *g.percent);
        out_mean.push_back(row.mean - *g.percent);
      }
    }
    row.random_walk_rmse = rmse(out_walk);
    row.mean_rmse = rmse(out_mean);
    if (known.empty()) row.note += std::string(row.note.empty() ? "" : "; ") + "no published year before the holdout";
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string validation_table(const std::vector<ValidationRow>& rows, int holdout) {
  std::string out = fmt::format(
      "Holdout validation: growth before {} is the sample, {} and later the test (RMSE, pp; (n) years)\n"
      "random walk: every test year grows as the last published year before {}; mean: as the published\n"
      "years before {} did on average. A model worth its mechanisms beats both out of sample.\n\n",
      holdout, holdout, holdout, holdout);
  const auto line = [](const std::string& a, const std::string& b, const std::string& c, const std::string& d,
                       const std::string& e) {
    std::string l = fmt::format("{:<22}  {:<13}  {:<14}  {:<20}  {}", shorten(a, 22), b, c, d, e);
    while (!l.empty() && l.back() == ' ') l.pop_back();
    return l + "\n";
  };
  out += line("target", "in sample", "out of sample", "random walk", "mean");
  out += std::string(95, '-') + "\n";
  int in_right = 0, in_all = 0, out_right = 0, out_all = 0;
  for (const ValidationRow& r : rows) {
    const std::string walk =
        r.random_walk_year ? fmt::format("{} ({:+.1f} of {})", pp(r.random_walk_rmse), r.random_walk, r.random_walk_year)
                           : "n/a";
    const std::string mean = r.mean_from ? fmt::format("{} ({:+.2f}, {}-{})", pp(r.mean_rmse), r.mean, r.mean_from,
                                                       r.mean_to)
                                         : "n/a";
    out += line(r.target, fmt::format("{} ({})", pp(r.in_rmse), r.in_years),
                fmt::format("{} ({})", pp(r.out_rmse), r.out_years), walk, mean);
    in_right += r.in_signs_right;
    in_all += r.in_signs;
    out_right += r.out_signs_right;
    out_all += r.out_signs;
  }
  out += std::string(95, '-') + "\n";
  out += fmt::format("signs right (these targets' computable years with a sign): in sample {}/{}, out of sample {}/{}\n",
                     in_right, in_all, out_right, out_all);
  return out;
}

std::string validation_csv(const std::vector<ValidationRow>& rows) {
  std::string out = "target,indicator,sample,years,model_rmse,random_walk_rmse,mean_rmse,signs_right,signs\n";
  for (const ValidationRow& r : rows) {
    out += fmt::format("{},{},in,{},{},,,{},{}\n", detail::csv_field(r.target), detail::csv_field(r.indicator),
                       r.in_years, detail::csv_number(r.in_rmse), r.in_signs_right, r.in_signs);
    out += fmt::format("{},{},out,{},{},{},{},{},{}\n", detail::csv_field(r.target), detail::csv_field(r.indicator),
                       r.out_years, detail::csv_number(r.out_rmse), detail::csv_number(r.random_walk_rmse),
                       detail::csv_number(r.mean_rmse), r.out_signs_right, r.out_signs);
  }
  return out;
}

}  // namespace lightind::analysis
