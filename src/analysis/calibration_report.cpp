// lightind: the calibration results as a terminal table and as CSV.
#include <fmt/format.h>

#include <cmath>

#include "analysis/text.hpp"
#include "lightind/analysis.hpp"

namespace lightind::analysis {

namespace {

// Column widths of the table: target id, model, wanted, result (98 columns with the gaps).
constexpr std::size_t kId = 22, kModel = 26, kWanted = 40;
constexpr std::size_t kWidth = 100;

std::string row(const std::string& id, const std::string& model, const std::string& wanted, const std::string& result) {
  std::string line = fmt::format("{:<{}}  {:<{}}  {:<{}}  {}", shorten(id, kId), kId, shorten(model, kModel), kModel,
                                 shorten(wanted, kWanted), kWanted, result);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

std::string percent(double v) { return fmt::format("{:+.2f} %", v); }

}  // namespace

std::string calibration_table(const std::vector<Target>& /*targets*/, const std::vector<TargetResult>& results) {
  std::string out = row("target", "model", "wanted", "result");
  out += std::string(kId + kModel + kWanted + 6 + 6, '-') + "\n";
  int passed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const TargetResult& r = results[i];
    passed += r.pass ? 1 : 0;
    out += row(r.id, r.model_text, r.target_text, r.pass ? "PASS" : "FAIL");
    for (const GrowthYear& g : r.growth) {
      const std::string model = g.computable ? percent(g.model) : "not computable";
      const std::string wanted = g.percent ? percent(*g.percent) : (g.sign < 0 ? "fell" : "rose");
      const std::string mark = !g.computable ? "" : (g.percent ? "" : (g.ok ? "ok" : "wrong"));
      out += row(fmt::format("  {}", g.year), model, wanted, mark);
    }
    if (!r.note.empty()) out += detail::wrap("note: " + r.note, "    ", kWidth);
  }
  out += std::string(kId + kModel + kWanted + 6 + 6, '-') + "\n";
  out +=
      fmt::format("{} targets: {} pass, {} fail\n", results.size(), passed, static_cast<int>(results.size()) - passed);
  return out;
}

std::string calibration_csv(const std::vector<Target>& targets, const std::vector<TargetResult>& results) {
  std::string out = "target,source,kind,model_value,target_value,tolerance,pass\n";
  for (size_t i = 0; i < results.size() && i < targets.size(); ++i) {
    const TargetResult& r = results[i];
    out += fmt::format("{},{},{},{},{},{},{}\n", detail::csv_field(r.id), detail::csv_field(targets[i].source),
                       to_string(r.kind), detail::csv_number(r.model_value), detail::csv_number(r.target_value),
                       detail::csv_number(r.tolerance), r.pass ? "true" : "false");
  }
  return out;
}

}  // namespace lightind::analysis
