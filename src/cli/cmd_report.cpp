// lightind report: one self-contained HTML file (charts, bands, events, calibration, fit,
// parameters) from run folders, compare folders, results databases, sweep bands and fits
// (src/report/report.hpp, docs/REPORT.md).
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "report/report.hpp"

namespace lightind::cli {

namespace {

struct ReportOptions {
  std::vector<std::string> inputs;
  std::string out = "out/report.html";
  std::string title;
  std::string targets;
  bool force = false;
};

/// Whether `path` is a report lightind wrote: its head holds the generator meta tag of
/// web/src/report.html.
bool is_lightind_report(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::string head(1024, '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(f.gcount()));
  return head.find("<meta name=\"generator\" content=\"lightind report") != std::string::npos;
}

int run_report(const ReportOptions& o) {
  detail::output::check_file(o.out, o.force, is_lightind_report);  // refused before any work: nothing written
  report::Inputs in;
  try {
    in = report::read_inputs(o.inputs);
  } catch (const report::InputError& e) {
    fmt::print(stderr, "lightind: report input rejected: {}\n", e.what());
    return 2;  // nothing written
  }
  report::Options opt;
  if (!o.title.empty()) {
    opt.title = o.title;
  } else if (!in.runs.empty()) {
    opt.title = "lightind: " + in.runs.front().name + (in.runs.size() > 1 ? " and its comparisons" : "");
  }
  opt.targets = o.targets;
  std::vector<std::string> notes;
  const auto data = report::report_data(in, opt, notes);
  const std::string html = report::report_html(data, opt.title);
  const std::filesystem::path out(o.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
  write_text_file(out, html);
  for (const std::string& n : notes) fmt::print(stderr, "note: {}\n", n);
  fmt::print("wrote {} ({:.1f} MB): {} runs, {} charts, {} bands, {} events{}{}\n", o.out,
             static_cast<double>(html.size()) / 1e6, in.runs.size(), data["indicators"].size(), data["bands"].size(),
             data["events"].size(), data["calibration"].is_null() ? "" : ", calibration table",
             in.fits.empty() ? "" : fmt::format(", {} fit{}", in.fits.size(), in.fits.size() == 1 ? "" : "s"));
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
  auto [cmd, opts] = add_command<ReportOptions>(
      app, action, "report",
      "write one self-contained HTML report (charts, bands, events, calibration, parameters) of results", run_report);
  cmd->add_option("inputs", opts->inputs,
                  "run folders, compare folders, results databases (.sqlite), bands.csv files or fit folders "
                  "(lightind fit --out) and fitted overlays; the first run is the reference")
      ->required();
  cmd->add_option("--out", opts->out, "the HTML file to write (default: out/report.html)");
  cmd->add_option("--title", opts->title, "the report's title");
  cmd->add_flag("--force", opts->force, "overwrite an existing --out file that is not a lightind report");
  cmd->add_option("--targets", opts->targets,
                  "calibration targets file (default: scenarios/calibration/<scenario>.toml)");
}

}  // namespace lightind::cli
