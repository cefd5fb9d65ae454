// lightind: the calibration results as a terminal table and as CSV.
#include <fmt/format.h>

#include <cmath>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"

namespace lightind::analysis {

namespace {

// Column widths of the table: target id, class, model, wanted, result (at most 99 columns with the gaps).
constexpr std::size_t kId = 23, kClass = 11, kModel = 24, kWanted = 26;
constexpr std::size_t kWidth = 100;
constexpr std::size_t kRule = kId + kClass + kModel + kWanted + 8 + 7;

std::string row(const std::string& id, const std::string& cls, const std::string& model, const std::string& wanted,
                const std::string& result) {
  std::string line = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}", shorten(id, kId), kId, shorten(cls, kClass),
                                 kClass, shorten(model, kModel), kModel, shorten(wanted, kWanted), kWanted, result);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

std::string percent(double v) { return fmt::format("{:+.2f} %", v); }

std::string rule() { return std::string(kRule, '-') + "\n"; }

/// The word in the result column: PASS / FAIL for findings, AGREES / DIFFERS for input checks
/// (they restate inputs: a difference means the inputs do not say what the check expects),
/// and "info" for comparisons (never judged).
std::string verdict(const TargetResult& r) {
  switch (r.target_class) {
    case TargetClass::finding:
      return r.pass ? "PASS" : "FAIL";
    case TargetClass::input_check:
      return r.pass ? "AGREES" : "DIFFERS";
    case TargetClass::comparison:
      return "info";
  }
  return "?";
}

/// The rows of one target: its line, a line per year, the notes.
std::string target_rows(const Target* t, const TargetResult& r) {
  std::string out = row(r.id, to_string(r.target_class), r.model_text, r.target_text, verdict(r));
  for (const GrowthYear& g : r.growth) {
    const std::string model = g.computable ? percent(g.model) : "not computable";
    const std::string wanted = g.percent ? percent(*g.percent) : (g.sign < 0 ? "fell" : "rose");
    const bool has_sign = !g.percent || *g.percent != 0.0;
    // The mark says whether the sign is right; numeric years are judged together by the error.
    const std::string mark = !g.computable || !has_sign ? "" : (g.ok ? "ok" : "wrong");
    out += row(fmt::format("  {}", g.year), "", model, wanted, mark);
  }
  for (const DetailRow& d : r.details) out += row("  " + d.label, "", d.model, d.wanted, d.mark);
  if (t && !t->restates.empty()) out += detail::wrap("restates: " + t->restates, "    ", kWidth);
  if (t && t->target_class == TargetClass::comparison)
    out += detail::wrap("compared with: " + t->source, "    ", kWidth);
  if (!r.note.empty()) out += detail::wrap("note: " + r.note, "    ", kWidth);
  return out;
}

}  // namespace

CalibrationCounts count_results(const std::vector<TargetResult>& results) {
  CalibrationCounts c;
  for (const TargetResult& r : results) {
    switch (r.target_class) {
      case TargetClass::finding:
        ++c.findings;
        c.findings_passed += r.pass ? 1 : 0;
        break;
      case TargetClass::input_check:
        ++c.input_checks;
        c.input_checks_passed += r.pass ? 1 : 0;
        break;
      case TargetClass::comparison:
        ++c.comparisons;
        break;
    }
  }
  return c;
}

std::string calibration_table(const std::vector<Target>& targets, const std::vector<TargetResult>& results) {
  const CalibrationCounts c = count_results(results);
  const auto block = [&](TargetClass cls) {
    std::string out;
    for (size_t i = 0; i < results.size(); ++i)
      if (results[i].target_class == cls) out += target_rows(i < targets.size() ? &targets[i] : nullptr, results[i]);
    return out;
  };
  const std::string head = row("target", "class", "model", "wanted", "result");
  std::string out = "Findings: targets that must emerge from the mechanisms\n\n" + head + rule();
  out += block(TargetClass::finding);
  out += rule();
  out += fmt::format("{} findings: {} pass, {} fail\n", c.findings, c.findings_passed,
                     c.findings - c.findings_passed);
  if (c.input_checks > 0) {
    out += "\nChecks of inputs: restatements of the scenario's inputs (lags, capital costs, opening shares),\n"
           "listed apart and not counted above: agreeing shows only that the inputs say what they mean\n\n";
    out += head + rule() + block(TargetClass::input_check) + rule();
    out += fmt::format("{} input checks: {} agree, {} differ\n", c.input_checks, c.input_checks_passed,
                       c.input_checks - c.input_checks_passed);
  }
  if (c.comparisons > 0) {
    out += "\nComparisons: the model beside published figures that are not targets (not counted)\n\n";
    out += head + rule() + block(TargetClass::comparison) + rule();
    out += fmt::format("{} comparison{} reported\n", c.comparisons, c.comparisons == 1 ? "" : "s");
  }
  return out;
}

std::string calibration_csv(const std::vector<Target>& targets, const std::vector<TargetResult>& results) {
  std::string out = "target,class,source,kind,model_value,target_value,tolerance,pass\n";
  for (size_t i = 0; i < results.size() && i < targets.size(); ++i) {
    const TargetResult& r = results[i];
    const std::string pass = r.target_class == TargetClass::comparison ? "" : r.pass ? "true" : "false";
    out += fmt::format("{},{},{},{},{},{},{},{}\n", detail::csv_field(r.id), to_string(r.target_class),
                       detail::csv_field(targets[i].source), to_string(r.kind), detail::csv_number(r.model_value),
                       detail::csv_number(r.target_value), detail::csv_number(r.tolerance), pass);
  }
  return out;
}

}  // namespace lightind::analysis
