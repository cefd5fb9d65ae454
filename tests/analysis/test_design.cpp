// The counterfactual design, priority x reform (issue 12, item 7): each effect a difference
// of annual means, the interaction the difference of the priority's effects.
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "analysis/analysis_test_util.hpp"
#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

namespace an = analysis;
namespace fs = std::filesystem;
using analysis_test::put_year;

TEST(AnalysisDesign, ReadsTheTwoByTwoAsDifferences) {
  Series lr, hr, ln, hn;
  for (int y : {2019, 2021}) {
    put_year(lr, "gdp_real", y, 10.0 + y - 2019);
    put_year(hr, "gdp_real", y, 6.0);
    put_year(ln, "gdp_real", y, 8.0);
    put_year(hn, "gdp_real", y, 5.0);
  }
  const auto cells = an::design_cells({&lr, &hr, &ln, &hn}, {"gdp_real", "absent"}, {2019, 2021, 2030});
  ASSERT_EQ(cells.size(), 2u);  // no row for an absent indicator nor a year outside the runs
  const an::DesignCell& c = cells[0];
  EXPECT_EQ(c.year, 2019);
  EXPECT_DOUBLE_EQ(c.priority_with_reform, 4.0);     // 10 - 6
  EXPECT_DOUBLE_EQ(c.priority_without_reform, 3.0);  // 8 - 5
  EXPECT_DOUBLE_EQ(c.reform_light, 2.0);             // 10 - 8
  EXPECT_DOUBLE_EQ(c.reform_heavy, 1.0);             // 6 - 5
  EXPECT_DOUBLE_EQ(c.interaction, 1.0);
  EXPECT_DOUBLE_EQ(cells[1].priority_with_reform, 6.0);  // 12 - 6
  EXPECT_DOUBLE_EQ(cells[1].interaction, cells[1].reform_light - cells[1].reform_heavy);
  EXPECT_EQ(an::design_csv(cells),
            "indicator,year,priority_with_reform,priority_without_reform,reform_light,reform_heavy,interaction\n"
            "gdp_real,2019,4,3,2,1,1\ngdp_real,2021,6,3,4,1,3\n");
  const std::string table = an::design_table(cells);
  EXPECT_NE(table.find("interaction"), std::string::npos);
  EXPECT_NE(table.find("+4"), std::string::npos) << table;
}

/// The shipped design: heavy-priority keeps the reference's reform, heavy-no-reform drops
/// it, no-reform keeps the light priority; so each scenario differs from its neighbour in
/// one factor only.
TEST(AnalysisDesign, ShippedScenariosSeparatePriorityFromReform) {
  const std::string dir = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/";
  const Description ref = load_scenario(dir + "dprk-2013.toml"), heavy = load_scenario(dir + "heavy-priority.toml"),
                    light_no = load_scenario(dir + "no-reform.toml"),
                    heavy_no = load_scenario(dir + "heavy-no-reform.toml");
  EXPECT_TRUE(ref.reform.enabled);
  EXPECT_TRUE(heavy.reform.enabled);
  EXPECT_FALSE(light_no.reform.enabled);
  EXPECT_FALSE(heavy_no.reform.enabled);
  auto shares_2013 = [](const Description& d) {
    for (const PolicyEventDesc& e : d.events)
      if (e.id == "new_year_address_2013" && e.find("policy.investment_share")) {
        InForce set = d;  // the shares the event sets
        e.find("policy.investment_share")->apply(set);
        return set.policy.investment_share;
      }
    return std::array<double, kMaxGroups>{};
  };
  EXPECT_EQ(shares_2013(heavy), shares_2013(heavy_no));
  EXPECT_EQ(shares_2013(ref), shares_2013(light_no));
  EXPECT_NE(shares_2013(ref), shares_2013(heavy));
  EXPECT_EQ(heavy.reform.profit_levy, ref.reform.profit_levy);
  const Description no_disasters = load_scenario(dir + "no-disasters.toml");
  int disasters = 0;
  for (const ShockDesc& s : no_disasters.shocks)
    if (s.kind == ShockKind::disaster) {
      EXPECT_EQ(s.crop_loss, 0.0);
      EXPECT_EQ(s.capacity_loss, 0.0);
      ++disasters;
    }
  EXPECT_EQ(disasters, 3);
}

TEST(AnalysisDesign, CompareDesignPrintsTheEffectsAndWritesDesignCsv) {
  const fs::path out = cli_test::scratch_dir() / "design";
  const std::string files =
      " scenarios/dprk-2013.toml scenarios/heavy-priority.toml scenarios/no-reform.toml scenarios/heavy-no-reform.toml";
  const cli_test::Result r = analysis_test::run_stdout("compare --design" + files +
                                                       " --set scenario.end=2013-12 --years 2013 --out '" +
                                                       out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("interaction"), std::string::npos) << r.output;
  const auto rows = analysis_test::csv_rows(cli_test::read_file(out / "design.csv"));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][6], "interaction");
  EXPECT_EQ(rows[1][1], "2013");
  // Three scenarios are a usage error: exit 2, nothing runs.
  const cli_test::Result bad =
      analysis_test::run_stdout("compare --design scenarios/dprk-2013.toml scenarios/no-reform.toml "
                                "scenarios/heavy-priority.toml");
  EXPECT_EQ(bad.code, 2) << bad.output;
}

}  // namespace
}  // namespace lightind
