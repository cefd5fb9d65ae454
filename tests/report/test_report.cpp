// Tests of the report's inputs, data and HTML (src/report/).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/report_test_util.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"
#include "report/assets.hpp"
#include "report/report.hpp"

namespace lightind {
namespace {

using namespace report_test;

const char* kSeriesB =
    "date,scenario,run,indicator,sector,region,value\n"
    "2012-02,alt,7,light_output_index,,,90\n"
    "2012-04,alt,7,light_output_index,,,80\n";

TEST(ReportInputs, SeriesCsvKeepsAggregatesWithNaNForEmptyValues) {
  const fs::path dir = scratch_dir();
  const auto r = report::read_series_csv(write_file(dir / "a" / "series.csv", kSeriesA));
  EXPECT_EQ(r.scenario, "ref");
  EXPECT_EQ(r.seed, 7u);
  EXPECT_EQ(r.series.size(), 4u);  // the sector row is left out
  const int jan = YearMonth{2012, 1}.index();
  EXPECT_DOUBLE_EQ(r.series.get("light_output_index", jan), 100.0);
  EXPECT_DOUBLE_EQ(r.series.get("light_output_index", jan + 1), 104.5);
  EXPECT_TRUE(std::isnan(r.series.get("light_output_index", jan + 2)));
  EXPECT_DOUBLE_EQ(r.series.get("hardship_share", jan), 0.25);
}

TEST(ReportInputs, MalformedSeriesCsvNamesFileLineAndField) {
  const fs::path dir = scratch_dir();
  const std::string bad = write_file(dir / "series.csv",
                                     "date,scenario,run,indicator,sector,region,value\n2012-01,ref,1,x,,,1\n"
                                     "2012-13,ref,1,x,,,2\n");
  test_util::expect_throw_with<report::InputError>([&] { (void)report::read_series_csv(bad); },
                                                  "series.csv:3: date: expected YYYY-MM, found \"2012-13\"");
  const std::string header = write_file(dir / "h" / "series.csv", "date,value\n");
  EXPECT_THROW((void)report::read_series_csv(header), report::InputError);
}

TEST(ReportInputs, SignedYearIsNotADate) {
  // The report's own date reader took "-123-05" as May of the year -123 (from_chars reads a
  // sign); the one YearMonth::parse wants four digits.
  const fs::path dir = scratch_dir();
  const std::string bad = write_file(dir / "series.csv",
                                     "date,scenario,run,indicator,sector,region,value\n-123-05,ref,1,x,,,2\n");
  test_util::expect_throw_with<report::InputError>([&] { (void)report::read_series_csv(bad); },
                                                  "series.csv:2: date: expected YYYY-MM, found \"-123-05\"");
}

TEST(ReportInputs, BandsCsvGroupsBySettingAndIndicator) {
  const fs::path dir = scratch_dir();
  const std::string path = write_file(dir / "bands.csv",
                                      "setting,date,indicator,sector,region,quantile,value\n"
                                      "base,2012-01,gdp_real,,,p5,1\n"
                                      "base,2012-01,gdp_real,,,p95,3\n"
                                      "base,2012-01,gdp_real,food,,p95,99\n"  // sector row: left out
                                      "base,2012-02,gdp_real,,,0.5,2\n"        // numeric quantile
                                      "light=0.3,2012-01,gdp_real,,,p50,5\n");
  const auto bands = report::read_bands_csv(path);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].setting, "base");
  const int jan = YearMonth{2012, 1}.index();
  EXPECT_DOUBLE_EQ(bands[0].values.at(jan).at("p5"), 1.0);
  EXPECT_DOUBLE_EQ(bands[0].values.at(jan).at("p95"), 3.0);
  EXPECT_DOUBLE_EQ(bands[0].values.at(jan + 1).at("p50"), 2.0);
  EXPECT_EQ(bands[1].setting, "light=0.3");
  const std::string bad = write_file(dir / "b" / "bands.csv",
                                     "setting,date,indicator,sector,region,quantile,value\nbase,2012-01,x,,,p42,1\n");
  test_util::expect_throw_with<report::InputError>(
      [&] { (void)report::read_bands_csv(bad); },
      "bands.csv:2: quantile: expected p5, p25, p50, p75 or p95, found \"p42\"");
}

TEST(ReportInputs, DatabaseRunsWithAggregatesAndEvents) {
  const fs::path dir = scratch_dir();
  Description d;
  d.name = "tiny";
  d.file = "nowhere/tiny.toml";
  RunResult r;
  r.scenario = "tiny";
  r.seed = 42;
  const int jan = YearMonth{2013, 1}.index();
  const int light = r.series.indicator_id("light_output_index");
  r.series.sectors = {"food"};
  r.series.add(jan, light, 100.0);
  r.series.add(jan + 1, light, 102.0);
  r.series.add(jan + 1, light, 7.0, 0);  // a sector row: left out
  r.events.push_back(Event{jan + 1, "policy", "p1", "a policy"});
  const std::string db = (dir / "results.sqlite").string();
  write_sqlite(r, d, db);
  r.seed = 43;
  r.series.value[0] = 90.0;
  write_sqlite(r, d, db);

  const auto runs = report::read_database(db);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].seed, 42u);
  EXPECT_EQ(runs[1].seed, 43u);
  EXPECT_EQ(runs[0].scenario_file, "nowhere/tiny.toml");
  EXPECT_EQ(runs[0].series.size(), 2u);
  EXPECT_DOUBLE_EQ(runs[0].series.get("light_output_index", jan), 100.0);
  EXPECT_DOUBLE_EQ(runs[1].series.get("light_output_index", jan), 90.0);
  ASSERT_EQ(runs[0].events.size(), 1u);
  EXPECT_EQ(runs[0].events[0].month, jan + 1);
  EXPECT_EQ(runs[0].events[0].text, "a policy");

  // The folder reads as a run folder; two seeds of one scenario become one run and bands.
  const auto in = report::read_inputs({dir.string()});
  ASSERT_EQ(in.runs.size(), 1u);
  EXPECT_EQ(in.runs[0].name, "tiny");
  EXPECT_EQ(in.runs[0].seed, 42u);
  ASSERT_EQ(in.bands.size(), 1u);
  EXPECT_EQ(in.bands[0].setting, "tiny (2 seeds)");
  EXPECT_DOUBLE_EQ(in.bands[0].values.at(jan).at("p5"), 90.5);  // 90 + 0.05 x (100 - 90)
  EXPECT_DOUBLE_EQ(in.bands[0].values.at(jan).at("p50"), 95.0);
  EXPECT_DOUBLE_EQ(in.bands[0].values.at(jan).at("p95"), 99.5);
  EXPECT_DOUBLE_EQ(in.bands[0].values.at(jan + 1).at("p25"), 102.0);
  // The same database given twice: two runs, with unique names.
  const auto twice = report::read_inputs({db, db});
  ASSERT_EQ(twice.runs.size(), 2u);
  EXPECT_EQ(twice.runs[1].name, "tiny-2");
}

TEST(ReportInputs, SeedBandsAreType7QuantilesPerSettingGroup) {
  std::vector<report::RunData> runs;
  const int m = YearMonth{2014, 6}.index();
  for (const double v : {3.0, 1.0, 2.0}) {  // three seeds, unsorted
    report::RunData r;
    r.scenario = r.name = "s";
    r.series.add(m, r.series.indicator_id("gdp_real"), v);
    runs.push_back(std::move(r));
  }
  report::RunData other;
  other.scenario = other.name = "s";
  other.settings = "reform.profit_levy=0.5";
  other.series.add(m, other.series.indicator_id("gdp_real"), 10.0);
  runs.push_back(std::move(other));
  const auto bands = report::seed_bands(runs, "db");
  ASSERT_EQ(runs.size(), 2u);  // one run per group
  EXPECT_DOUBLE_EQ(runs[0].series.get("gdp_real", m), 3.0);  // the group's first seed
  EXPECT_EQ(runs[1].settings, "reform.profit_levy=0.5");
  ASSERT_EQ(bands.size(), 1u);  // a single seed has no band
  const auto& q = bands[0].values.at(m);
  EXPECT_DOUBLE_EQ(q.at("p5"), 1.1);  // h = 2 x 0.05 = 0.1: 1 + 0.1 x (2 - 1)
  EXPECT_DOUBLE_EQ(q.at("p25"), 1.5);
  EXPECT_DOUBLE_EQ(q.at("p50"), 2.0);
  EXPECT_DOUBLE_EQ(q.at("p75"), 2.5);
  EXPECT_DOUBLE_EQ(q.at("p95"), 2.9);
}

TEST(ReportInputs, MissingOrEmptyInputsAreRejected) {
  const fs::path dir = scratch_dir();
  try {
    (void)report::read_inputs({(dir / "nope").string()});
    FAIL() << "expected InputError";
  } catch (const report::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nope: no such file or folder"), std::string::npos) << e.what();
  }
  fs::create_directories(dir / "empty");
  EXPECT_THROW((void)report::read_inputs({(dir / "empty").string()}), report::InputError);
  EXPECT_THROW((void)report::read_inputs({write_file(dir / "x.txt", "hello")}), report::InputError);
}

TEST(ReportData, MonthsAreTheUnionAndValuesAlignWithNulls) {
  const fs::path dir = scratch_dir();
  write_file(dir / "cmp" / "ref" / "series.csv", kSeriesA);
  write_file(dir / "cmp" / "alt" / "series.csv", kSeriesB);
  // compare.csv fixes the order: ref first.
  write_file(dir / "cmp" / "compare.csv", "scenario,indicator,year,value,difference\nref,x,2012,1,\nalt,x,2012,1,0\n");
  write_file(dir / "cmp" / "bands.csv",
             "setting,date,indicator,sector,region,quantile,value\nall,2012-04,light_output_index,,,p50,85\n"
             "all,2012-04,not_headline,,,p50,1\n");
  const auto in = report::read_inputs({(dir / "cmp").string()});
  ASSERT_EQ(in.runs.size(), 2u);
  EXPECT_EQ(in.runs[0].name, "ref");
  std::vector<std::string> notes;
  const auto j = report::report_data(in, {}, notes);
  EXPECT_EQ(j["dates"], nlohmann::json::parse(R"(["2012-01","2012-02","2012-03","2012-04"])"));
  EXPECT_EQ(j["indicators"], nlohmann::json::parse(R"(["light_output_index","hardship_share"])"));
  EXPECT_EQ(j["runs"][0]["values"]["light_output_index"], nlohmann::json::parse("[100.0,104.5,null,null]"));
  EXPECT_EQ(j["runs"][1]["values"]["light_output_index"], nlohmann::json::parse("[null,90.0,null,80.0]"));
  EXPECT_FALSE(j["runs"][1]["values"].contains("hardship_share"));
  ASSERT_EQ(j["bands"].size(), 1u);  // the non-headline band is left out
  EXPECT_EQ(j["bands"][0]["p50"], nlohmann::json::parse("[null,null,null,85.0]"));
  EXPECT_TRUE(j["calibration"].is_null());
  EXPECT_TRUE(j["events"].empty());  // series.csv carries no events
  EXPECT_FALSE(notes.empty());
}

TEST(ReportData, AtMostMaxRunsAreDrawn) {
  report::Inputs in;
  for (const char* name : {"a", "b", "c"}) {
    report::RunData r;
    r.name = r.scenario = name;
    r.series.add(YearMonth{2012, 1}.index(), r.series.indicator_id("gdp_real"), 1.0);
    in.runs.push_back(std::move(r));
  }
  report::Options opt;
  opt.max_runs = 2;
  std::vector<std::string> notes;
  const auto j = report::report_data(in, opt, notes);
  ASSERT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"][1]["name"], "b");
  EXPECT_EQ(notes.front(), "the first 2 of 3 runs are shown; the others are left out");
}

TEST(ReportData, JudgeFollowsTheRegistryDirection) {
  EXPECT_EQ(report::judge("higher", 2.5), "better");
  EXPECT_EQ(report::judge("higher", -0.1), "worse");
  EXPECT_EQ(report::judge("lower", 3.0), "worse");  // a rising price level is worse, not green
  EXPECT_EQ(report::judge("lower", -3.0), "better");
  EXPECT_EQ(report::judge("higher", 0.0), "same");  // zeros are neutral
  EXPECT_EQ(report::judge("lower", -0.0), "same");
  EXPECT_EQ(report::judge("higher", NAN), "same");
  EXPECT_EQ(report::judge("neither", 5.0), "changed");
}

TEST(ReportData, SeedIsTextAndFindingsJudgeTheLargestDifferences) {
  // Issue 15, points 4 and 6: a 64-bit seed kept exact (a JSON number read by JavaScript
  // becomes 2483946865392649000); differences judged by direction, zeros neutral.
  report::Inputs in;
  const int jan = YearMonth{2025, 1}.index();
  auto add = [&](const char* name, double price, double light, double hardship) {
    report::RunData r;
    r.name = r.scenario = name;
    r.seed = 2483946865392649445ULL;
    r.series.add(jan, r.series.indicator_id("market_price_level"), price);
    r.series.add(jan, r.series.indicator_id("light_output_index"), light);
    r.series.add(jan, r.series.indicator_id("hardship_share"), hardship);
    in.runs.push_back(std::move(r));
  };
  add("ref", 100.0, 100.0, 0.25);
  add("alt", 110.0, 120.0, 0.25);
  std::vector<std::string> notes;
  const auto j = report::report_data(in, {}, notes);
  EXPECT_EQ(j["runs"][0]["seed"], "2483946865392649445");
  EXPECT_NE(j.dump().find("\"seed\":\"2483946865392649445\""), std::string::npos);
  const auto& h = j["findings"]["headline"];
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["run"], "alt");
  EXPECT_EQ(h[0]["year"], 2025);
  EXPECT_EQ(h[0]["better"], 1);
  EXPECT_EQ(h[0]["worse"], 1);
  const auto& rows = h[0]["largest"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["indicator"], "light_output_index");  // +20 % before +10 % before 0 %
  EXPECT_DOUBLE_EQ(rows[0]["percent"].get<double>(), 20.0);
  EXPECT_EQ(rows[0]["verdict"], "better");
  EXPECT_EQ(rows[0]["unit"], "index, first year = 100");
  EXPECT_EQ(rows[1]["indicator"], "market_price_level");
  EXPECT_DOUBLE_EQ(rows[1]["difference"].get<double>(), 10.0);
  EXPECT_EQ(rows[1]["verdict"], "worse");
  EXPECT_EQ(rows[2]["verdict"], "same");
  for (const auto& c : j["compare"]) {
    if (c["scenario"] == "ref") {
      EXPECT_EQ(c["verdict"], "");
    }
  }
  EXPECT_TRUE(j["findings"]["explain"].empty());
}

TEST(ReportInputs, ExplainCsvIsReadOrRejectedWithFileAndLine) {
  const fs::path dir = scratch_dir();
  write_file(dir / "cmp" / "ref" / "series.csv", kSeriesA);
  // The format of `lightind explain` (src/analysis/explain.cpp, explain_csv).
  write_file(dir / "cmp" / "explain.csv",
             "setting,contribution,std_error,share,value_a,value_b,indicator,unit,year\n"
             "policy.light_investment_share,12.5,0,1.25,0.2,0.4,living_standard_index,\"index, first year = 100\",2019\n"
             "reform,-3,0,-0.3,true,false,living_standard_index,\"index, first year = 100\",2019\n"
             "(sum),9.5,,,,,living_standard_index,\"index, first year = 100\",2019\n"
             "(difference),9.5,,,140,149.5,living_standard_index,\"index, first year = 100\",2019\n");
  const auto in = report::read_inputs({(dir / "cmp").string()});
  ASSERT_EQ(in.explains.size(), 1u);
  ASSERT_EQ(in.explains[0].columns.size(), 9u);
  EXPECT_EQ(in.explains[0].columns[8], "year");
  ASSERT_EQ(in.explains[0].rows.size(), 4u);
  EXPECT_EQ(in.explains[0].rows[1][1], "-3");
  EXPECT_EQ(in.explains[0].rows[0][7], "index, first year = 100");  // a quoted field with commas
  EXPECT_EQ(in.explains[0].rows[3][0], "(difference)");
  std::vector<std::string> notes;
  const auto j = report::report_data(in, {}, notes);
  EXPECT_EQ(j["findings"]["explain"][0]["rows"][0][0], "policy.light_investment_share");
  const std::string header = write_file(dir / "h" / "explain.csv", "name,value\n");
  test_util::expect_throw_with<report::InputError>([&] { (void)report::read_explain_csv(header); },
                                                  "explain.csv:1: header: expected \"setting,contribution,...\"");
  const std::string fields = write_file(dir / "f" / "explain.csv", "setting,contribution\na,1\nb,2,3\n");
  test_util::expect_throw_with<report::InputError>([&] { (void)report::read_explain_csv(fields); },
                                                  "explain.csv:3: expected 2 fields, found 3");
  const std::string number = write_file(dir / "n" / "explain.csv", "setting,contribution\na,lots\n");
  test_util::expect_throw_with<report::InputError>([&] { (void)report::read_explain_csv(number); },
                                                  "explain.csv:2: contribution");
}

TEST(ReportSources, CitationsPointInsideTheCheckout) {
  // Issue 15, point 11: the docs, the scenario files and the calibration sources the report
  // shows cited ../shared/... (outside the checkout); what they cite is now in docs/sources/
  // or a public source named by its title.
  const fs::path root(LIGHTIND_SOURCE_DIR);
  std::vector<fs::path> files = {root / "README.md"};
  for (const char* dir : {"docs", "scenarios"})
    for (const auto& e : fs::recursive_directory_iterator(root / dir))
      if (e.is_regular_file() && (e.path().extension() == ".md" || e.path().extension() == ".toml") &&
          e.path().parent_path().filename() != "sources")
        files.push_back(e.path());
  EXPECT_GT(files.size(), 10u);
  for (const fs::path& f : files) {
    std::ifstream in(f);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      for (const char* bad : {"../shared/", "shared/data/", "shared/seed/", "seed/000_"})
        EXPECT_EQ(line.find(bad), std::string::npos) << f.string() << ":" << n << ": " << line;
    }
  }
  EXPECT_TRUE(fs::exists(root / "docs" / "sources" / "dprk-facts.md"));
  EXPECT_TRUE(fs::exists(root / "docs" / "sources" / "README.md"));
  for (const auto& t : analysis::load_targets((root / "scenarios" / "calibration" / "dprk-2013.toml").string()))
    EXPECT_EQ(t.source.find("shared/"), std::string::npos) << t.id << ": " << t.source;
}

TEST(ReportData, ParametersOfTheReferenceScenario) {
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml");
  const auto rows = report::parameter_rows(d);
  auto value = [&](const std::string& key) {
    for (const auto& [k, v] : rows)
      if (k == key) return v;
    return std::string("(missing)");
  };
  EXPECT_EQ(value("reform.profit_levy"), "0.3");
  EXPECT_EQ(value("reform.start"), "2013-04");
  EXPECT_EQ(value("shock border_closure_2020"),
            "border_closure from 2020-01 to 2022-06, severity 0.85, reopening over 18 months");
  EXPECT_EQ(value("policy event 2013-01 new_year_address_2013"),
            "investment heavy 0.4, light 0.2, agriculture 0.2, extraction 0.1, services 0.1; priority light, agriculture");
  EXPECT_EQ(value("projects / guidance visits / fairs / channels"), "25 / 44 / 2 / 3");
}

TEST(ReportHtml, FillReplacesPlaceholdersOnceAndScriptSafeEscapes) {
  EXPECT_EQ(web::fill("a{{X}}b{{Y}}c", {{"X", "{{Y}}"}, {"Y", "2"}}), "a{{Y}}b2c");
  EXPECT_THROW((void)web::fill("{{Z}}", {}), std::logic_error);
  const std::string safe = web::script_safe(R"({"t":"</script><b>"})");
  EXPECT_EQ(safe, R"({"t":"<\/script><b>"})");
  EXPECT_EQ(nlohmann::json::parse(safe)["t"], "</script><b>");
  EXPECT_GT(web::echarts_js().size(), 500000u);  // the minified library is embedded
  EXPECT_NE(web::document_html().find("{{DATA}}"), std::string_view::npos);  // the data's place in every file
  EXPECT_NE(web::report_html().find("id=\"chart-grid\""), std::string_view::npos);
}

TEST(ReportInputs, SweepFolderAndItsDatabaseGiveOneLayout) {
  // Issue 15: a report of a sweep folder drew every seed as a line (bands from bands.csv),
  // one of its database one line per setting (bands over the seeds): now both draw one line
  // per setting and the sweep's bands.csv.
  const fs::path dir = scratch_dir();
  const auto sweep = run_cli("sweep scenarios/dprk-2013.toml --runs 2 --set reform.profit_levy=0.2,0.4 --threads 1 -q "
                             "--out '" + (dir / "sw").string() + "'");
  ASSERT_EQ(sweep.code, 0) << sweep.output;
  const auto folder = report::read_inputs({(dir / "sw").string()});
  const auto db = report::read_inputs({(dir / "sw" / "results.sqlite").string()});
  ASSERT_EQ(folder.runs.size(), 2u);
  ASSERT_EQ(db.runs.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(folder.runs[i].name, db.runs[i].name);
    EXPECT_EQ(folder.runs[i].seed, db.runs[i].seed);
  }
  EXPECT_EQ(folder.runs[1].settings, "reform.profit_levy=0.4");
  ASSERT_EQ(folder.bands.size(), db.bands.size());
  ASSERT_FALSE(folder.bands.empty());
  for (size_t i = 0; i < folder.bands.size(); ++i) {
    EXPECT_EQ(folder.bands[i].source, db.bands[i].source);  // both the sweep's bands.csv
    EXPECT_EQ(folder.bands[i].values, db.bands[i].values);
  }
  std::vector<std::string> notes;
  const auto j = report::report_data(folder, {}, notes);
  EXPECT_NE(j["notes"].dump().find("seed noise only"), std::string::npos) << j["notes"].dump();
}

TEST(ReportCli, WritesOneSelfContainedFileOrNothing) {
  const fs::path dir = scratch_dir();
  write_file(dir / "run" / "series.csv", kSeriesA);
  const std::string html = report_html(dir, " --title 'A <b> test'");
  EXPECT_NE(html.find("<title>A &lt;b&gt; test</title>"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // nothing loaded from a network
  EXPECT_NE(html.find("<script type=\"application/json\" id=\"lightind-data\">{"), std::string::npos);
  EXPECT_NE(html.find("\"light_output_index\""), std::string::npos);

  const fs::path out2 = dir / "r2" / "report.html";
  const auto bad = run_cli("report '" + (dir / "missing").string() + "' --out '" + out2.string() + "'");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("missing: no such file or folder"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(out2));
}

}  // namespace
}  // namespace lightind
