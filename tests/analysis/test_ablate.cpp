// lightind ablate (issue 12, item 8): every mechanism of the article switched off in turn;
// how each is switched off is data (scenarios/ablations/<scenario>.toml). The model is
// rebuilt in issue 12; the reference's table must now match every documented sign.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/analysis_test_util.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

namespace an = analysis;
namespace fs = std::filesystem;
const std::string kRef = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
const std::string kAblations = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/ablations/dprk-2013.toml";

/// The mechanisms of the article the issue lists, in the file's order.
const std::vector<std::string> kMechanisms = {
    "materials_priority", "restoration_drive", "factory_projects", "guidance", "reform",
    "right_product_development", "right_quality_management", "right_talent_management", "wholesale_shops",
    "department_stores", "fairs", "local_brands", "sanctions", "border_closure", "disasters",
    "strategic_line_2018", "five_year_plan_2021"};

std::string error_of(const std::string& text) {
  try {
    (void)an::parse_ablations(text, "a.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(AnalysisAblate, ParsesMechanismsAndRejectsWhatItCannotRead) {
  const auto m = an::parse_ablations(
      "[[mechanisms]]\nname = \"reform\"\nreason = \"r\"\nsets = [\"reform.enabled=false\"]\n"
      "expected = { living_standard = \"-\", hardship_share = \"+\", gdp_real = \"?\", light_output = \"0\" }\n",
      "a.toml");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].name, "reform");
  EXPECT_EQ(m[0].line, 1);
  EXPECT_EQ(m[0].sets, std::vector<std::string>{"reform.enabled=false"});
  EXPECT_EQ(m[0].expected.at("living_standard"), -1);
  EXPECT_EQ(m[0].expected.at("hardship_share"), 1);
  EXPECT_EQ(m[0].expected.at("light_output"), 0);
  EXPECT_EQ(m[0].expected.count("gdp_real"), 0u);  // "?": no expectation

  const std::string head = "[[mechanisms]]\nname = \"x\"\nreason = \"r\"\n";
  EXPECT_NE(error_of(head + "sets = [\"a=1\"]\nexpected = { gdp_real = \"up\" }\n").find("a.toml:5: expected.gdp_real"),
            std::string::npos);
  EXPECT_NE(error_of(head + "sets = [\"a=1\"]\nexpected = { gdp = \"+\" }\n").find("expected.gdp: expected one of"),
            std::string::npos);
  EXPECT_NE(error_of(head).find("a.toml:1: sets: expected at least one override"), std::string::npos);
  EXPECT_NE(error_of(head + "remove = [\"fairs\"]\nwhy = 1\n").find("a.toml:5: why"), std::string::npos);
  EXPECT_NE(error_of(head + "remove = [\"fairs\"]\n" + head + "remove = [\"fairs\"]\n").find("a.toml:5: name"),
            std::string::npos);
  EXPECT_NE(error_of("mechanisms = 1\n").find("mechanisms: expected one or more"), std::string::npos);
  EXPECT_NE(error_of("[[mechanisms]\n").find("(syntax)"), std::string::npos);
}

TEST(AnalysisAblate, AbsentFileOrFolderIsNoAblationsFile) {
  const fs::path dir = cli_test::scratch_dir();
  for (const std::string& path : {(dir / "absent.toml").string(), dir.string()}) {
    try {
      (void)an::load_ablations(path);
      ADD_FAILURE() << "expected a ScenarioError for " << path;
    } catch (const ScenarioError& e) {
      EXPECT_EQ(e.file(), path);
      EXPECT_EQ(e.line(), 0);
      EXPECT_EQ(e.key(), "(file)");
      EXPECT_EQ(e.expected(), "a readable ablations file");
      EXPECT_EQ(e.found(), "none");
    }
  }
  EXPECT_EQ(an::load_ablations(kAblations).size(), kMechanisms.size());
}

TEST(AnalysisAblate, RemovesListEntriesOrNamesWhatMatchedNothing) {
  Description d = load_scenario(kRef);
  std::vector<int> new_builds;
  for (const ProjectDesc& p : d.projects)
    if (p.new_build) new_builds.push_back(p.enterprise);
  ASSERT_FALSE(new_builds.empty());
  an::remove_entries(d, "projects");
  EXPECT_TRUE(d.projects.empty());
  for (int e : new_builds) EXPECT_EQ(d.enterprises[static_cast<size_t>(e)].capacity, 0.0);  // never built

  const size_t shocks = d.shocks.size();
  an::remove_entries(d, "shocks:disaster");
  EXPECT_EQ(d.shocks.size(), shocks - 3);
  EXPECT_TRUE(std::none_of(d.shocks.begin(), d.shocks.end(),
                           [](const ShockDesc& s) { return s.kind == ShockKind::disaster; }));
  const size_t events = d.events.size();
  an::remove_entries(d, "policy.events:five_year_plan_2021");
  EXPECT_EQ(d.events.size(), events - 1);
  an::remove_entries(d, "channels:wholesale_shop");
  EXPECT_TRUE(std::none_of(d.channels.begin(), d.channels.end(),
                           [](const ChannelDesc& c) { return c.kind == ChannelKind::wholesale_shop; }));

  for (const char* bad : {"shocks:flood", "policy.events:five_year_plan_2021", "things", "projects:new"}) {
    try {
      an::remove_entries(d, bad, "f.toml", 7);
      ADD_FAILURE() << bad << " accepted";
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find("f.toml:7: remove"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

/// The shipped ablations of the reference: one row per mechanism; mismatching signs are
/// marked and listed. Shortened to end in 2021 (the years shown are 2019 and 2021).
TEST(AnalysisAblate, ReferenceTableHasOneRowPerMechanismAndReportsMismatches) {
  an::AblateRequest req;
  req.path = kRef;
  req.ablations = kAblations;
  req.sets = {"scenario.end=2021-12"};
  std::vector<std::string> started;
  req.on_start = [&](size_t, const std::string& name, size_t) { started.push_back(name); };
  const an::AblationResult r = an::ablate(req);
  EXPECT_EQ(r.years, (std::vector<int>{2019, 2021}));
  ASSERT_EQ(r.mechanisms.size(), kMechanisms.size());
  for (size_t i = 0; i < kMechanisms.size(); ++i) EXPECT_EQ(r.mechanisms[i].name, kMechanisms[i]);
  ASSERT_EQ(started.size(), kMechanisms.size() + 1);
  EXPECT_EQ(started.front(), "reference");
  ASSERT_EQ(r.cells.size(), kMechanisms.size() * 4 * 2);

  // One row per mechanism, each starting with its name.
  std::istringstream in(r.table);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    EXPECT_LE(l.size(), 100u) << l;
    lines.push_back(l);
  }
  for (const std::string& name : kMechanisms)
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [&](const std::string& l) { return l.rfind(an::shorten(name, 23) + " ", 0) == 0; }),
              1)
        << name << "\n" << r.table;

  // Each cell is the difference of the runs' annual means; each mismatch is marked and listed.
  int mismatches = 0;
  for (const an::AblationCell& c : r.cells) {
    EXPECT_DOUBLE_EQ(c.effect, c.ablated - c.reference);
    if (!c.mismatch()) continue;
    ++mismatches;
    EXPECT_NE(r.table.find("  " + c.mechanism + " on " + c.indicator + " in " + std::to_string(c.year) + ": expected "),
              std::string::npos)
        << c.mechanism << " " << c.indicator;
  }
  EXPECT_EQ(mismatches, r.mismatches());
  EXPECT_EQ(static_cast<int>(std::count(r.table.begin(), r.table.end(), '!')), mismatches + 1);  // + the legend's
  EXPECT_NE(r.table.find(std::to_string(mismatches) + " of " + std::to_string(r.cells.size()) + " effects differ"),
            std::string::npos);
  // The signs match the documented expectations (docs/MODEL.md, "Ablation", and the reasons
  // in scenarios/ablations/dprk-2013.toml), and every mechanism has an effect: no row of the
  // table is all zeros (issue 12, item 8).
  EXPECT_EQ(mismatches, 0) << r.table;
  for (const std::string& name : kMechanisms) {
    const bool acts = std::any_of(r.cells.begin(), r.cells.end(),
                                  [&](const an::AblationCell& c) { return c.mechanism == name && c.sign != 0; });
    EXPECT_TRUE(acts) << name << " has no effect\n" << r.table;
  }
  for (const an::AblationCell& c : r.cells)
    if ((c.mechanism == "reform" || c.mechanism == "sanctions") && c.indicator == "gdp_real") {
      EXPECT_NE(c.sign, 0) << c.mechanism << " " << c.year;
    }
  const std::string csv = an::ablation_csv(r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "mechanism,indicator,year,reference,ablated,effect,sign,expected,mismatch");
  EXPECT_EQ(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')), r.cells.size() + 1);
}

TEST(AnalysisAblate, CommandWritesAblateCsvAndRefusesBeforeRunning) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string file = cli_test::write_file(
      dir / "abl.toml",
      "[[mechanisms]]\nname = \"disasters\"\nreason = \"r\"\nremove = [\"shocks:disaster\"]\n"
      "expected = { hardship_share = \"-\" }\n");
  // A year outside the run is a usage error (issue 15 point 9), before anything runs.
  const cli_test::Result outside = cli_test::run_cli(
      "ablate scenarios/dprk-2013.toml --set scenario.end=2016-12 --years 2015,2030 --ablations '" + file + "'");
  EXPECT_EQ(outside.code, 2) << outside.output;
  EXPECT_NE(outside.output.find("ablate: --years: expected years of the run of scenarios/dprk-2013.toml (2012 to "
                                "2016), found 2030"),
            std::string::npos)
      << outside.output;
  const std::string base = "ablate scenarios/dprk-2013.toml --set scenario.end=2016-12 --years 2015,2016 "
                           "--ablations '" + file + "'";
  const cli_test::Result r = analysis_test::run_stdout(base + " --out '" + (dir / "out").string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("disasters"), std::string::npos) << r.output;
  const auto rows = analysis_test::csv_rows(cli_test::read_file(dir / "out" / "ablate.csv"));
  ASSERT_EQ(rows.size(), 1u + 4 * 2);  // four indicators, two years
  EXPECT_EQ(rows[1][0], "disasters");
  // Its own folder is replaced; a file at --out is refused before anything runs.
  EXPECT_EQ(analysis_test::run_stdout(base + " --out '" + (dir / "out").string() + "'").code, 0);
  cli_test::write_file(dir / "taken", "mine");
  const cli_test::Result refused = cli_test::run_cli(base + " --out '" + (dir / "taken").string() + "'");
  EXPECT_EQ(refused.code, 2) << refused.output;
  EXPECT_EQ(refused.output.find("running"), std::string::npos) << refused.output;
  EXPECT_EQ(cli_test::read_file(dir / "taken"), "mine");
  // A removal that matches nothing names the file and the line.
  const std::string bad = cli_test::write_file(
      dir / "bad.toml", "[[mechanisms]]\nname = \"x\"\nreason = \"r\"\nremove = [\"shocks:flood\"]\n");
  const cli_test::Result rejected = cli_test::run_cli("ablate scenarios/dprk-2013.toml --ablations '" + bad + "'");
  EXPECT_EQ(rejected.code, 2) << rejected.output;
  EXPECT_NE(rejected.output.find("bad.toml:1: remove"), std::string::npos) << rejected.output;
  // An override the scenario refuses names the mechanism and the refused key.
  const std::string bad_set = cli_test::write_file(
      dir / "bad_set.toml", "\n[[mechanisms]]\nname = \"y\"\nreason = \"r\"\nsets = [\"reform.nonsense=1\"]\n");
  const cli_test::Result refused_set = cli_test::run_cli("ablate scenarios/dprk-2013.toml --ablations '" + bad_set + "'");
  EXPECT_EQ(refused_set.code, 2) << refused_set.output;
  EXPECT_NE(refused_set.output.find("bad_set.toml:2: sets"), std::string::npos) << refused_set.output;
  EXPECT_NE(refused_set.output.find("reform.nonsense"), std::string::npos) << refused_set.output;
  EXPECT_EQ(refused_set.output.find("running"), std::string::npos) << refused_set.output;
}

}  // namespace
}  // namespace lightind
