// Units in the scenario's currency (issue 14, item 8): the registry writes money as
// "{currency}"; summary.json, compare.csv and the headline write the scenario's.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/analysis_test_util.hpp"
#include "lightind/indicators.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using namespace analysis_test;

TEST(CurrencyUnits, TheRegistryResolvesTheCurrency) {
  const indicators::Indicator* gdp = indicators::find("gdp_real");
  ASSERT_NE(gdp, nullptr);
  EXPECT_EQ(gdp->unit, "{currency}/month at opening state prices");
  EXPECT_EQ(indicators::unit(*gdp), "won/month at opening state prices");
  EXPECT_EQ(indicators::unit(*gdp, "dong"), "dong/month at opening state prices");
  EXPECT_EQ(indicators::with_currency("{currency}/USD, {currency}", "yuan"), "yuan/USD, yuan");
  EXPECT_EQ(indicators::with_currency("share", "dong"), "share");
  // The docs' tables write the reference's won; the JSON for the page and the report, the given one.
  EXPECT_EQ(indicators::markdown().find("{currency}"), std::string::npos);
  EXPECT_NE(indicators::to_json("dong").find("\"dong/month at opening state prices\""), std::string::npos);
}

TEST(CurrencyUnits, SummaryAndCompareWriteTheScenariosCurrency) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string dong = fm_scenario(dir, "fm-dong", "# assumption: a test value\ncurrency = \"dong\"\n");
  const cli_test::Result r = run_cli("run '" + dong + "' --out '" + (dir / "run").string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("dong/month at opening state prices"), std::string::npos) << r.output;  // the headline
  EXPECT_EQ(r.output.find("won/"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(read_file(dir / "run" / "summary.json"));
  EXPECT_EQ(j["currency"], "dong");
  EXPECT_EQ(j["units"]["gdp_real"], "dong/month at opening state prices");
  EXPECT_EQ(j["units"]["hardship_share"], "share of persons");
  const std::string base = (fs::path(LIGHTIND_SOURCE_DIR) / "scenarios/examples/feldman-mahalanobis.toml").string();
  const cli_test::Result c = run_cli("compare '" + dong + "' '" + base + "' --years 2001 --out '" + (dir / "cmp").string() + "'");
  ASSERT_EQ(c.code, 0) << c.output;
  const std::string csv = read_file(dir / "cmp" / "compare.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "scenario,indicator,year,value,difference,unit");
  EXPECT_NE(csv.find("fm-dong,gdp_real,2001,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",dong/month at opening state prices\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",won/month at opening state prices\n"), std::string::npos) << csv;  // the other scenario's

  // The report takes its units from the reference run's summary.json (the first scenario).
  const cli_test::Result rep = run_cli("report '" + (dir / "cmp").string() + "' --out '" + (dir / "r.html").string() + "'");
  ASSERT_EQ(rep.code, 0) << rep.output;
  const std::string html = read_file(dir / "r.html");
  EXPECT_NE(html.find("dong/month at opening state prices"), std::string::npos);
  EXPECT_EQ(html.find("won/month at opening state prices"), std::string::npos);
}

}  // namespace
}  // namespace lightind
