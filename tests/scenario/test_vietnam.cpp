// The second shipped economy (issue 14, item 9): Viet Nam's Doi Moi 1986-1995
// (scenarios/vietnam-1986.toml) and its counterfactual run their full span with the ledger
// checked every month, write only finite values, and show what their dated inputs must show:
// the rice-export shock ends in 1989, Soviet aid ends in 1991, the reform phases in over two
// years from April 1988. The market price index falls after the 1989 unification in this
// model (the money supply more than halves from 1988 to 1990); the test asserts that, and
// docs/TUTORIAL.md explains it. Facts: docs/sources/vietnam-facts.md.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lightind/analysis.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

/// One agent per 10,000 households (about 1,260 household agents): small and fast; the
/// indicators asserted below do not depend on the scale.
RunResult run_vietnam(const std::string& file, const std::vector<std::string>& sets = {}) {
  std::vector<std::string> all = sets;
  all.push_back("households.scale=10000");
  const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/" + file, all);
  RunOptions opt;
  opt.check = true;  // the ledger holds every month, or run throws
  opt.keep_accounts = false;
  return run(d, opt);
}

int month(int y, int m) { return YearMonth{y, m}.index(); }

void expect_all_finite(const RunResult& r) {
  ASSERT_GT(r.series.size(), 0U);
  for (size_t i = 0; i < r.series.size(); ++i)
    ASSERT_TRUE(std::isfinite(r.series.value[i]))
        << r.series.indicators[static_cast<size_t>(r.series.indicator[i])] << " at month " << r.series.month[i];
}

TEST(Vietnam, FullSpanWithLedgerCheckAndItsDatedInputs) {
  const RunResult r = run_vietnam("vietnam-1986.toml");
  expect_all_finite(r);
  const Series& s = r.series;
  // 120 months recorded, 1986-01 to 1995-12 (the spin-up is not recorded).
  const auto gdp = s.aggregate("gdp_real");
  ASSERT_EQ(gdp.size(), 120U);
  EXPECT_EQ(gdp.front().first, month(1986, 1));
  EXPECT_EQ(gdp.back().first, month(1995, 12));

  // Rice exports from 1989: the export_ban on rice ends in 1988-12. Foreign demand is fixed at
  // export_share x opening potential output, so exports rise by
  // 0.1 x (411e6 units a year x efficiency 0.7 / 12) x USD 8.3 = USD 19.9 million a month.
  const double rice_exports = 0.1 * 411e6 * 0.7 / 12.0 * 8.3;
  EXPECT_NEAR(s.get("exports_goods", month(1989, 6)) - s.get("exports_goods", month(1988, 6)), rice_exports,
              0.01 * rice_exports);

  // Soviet aid ends in 1991-01: unrecorded inflows are aid + other FX income + private inflows,
  // 160 + 15 + 10 = USD 185 million a month before, 0 + 5 + 10 = 15 million after.
  EXPECT_NEAR(s.get("unrecorded_inflows", month(1990, 12)), 1.85e8, 1.0);
  EXPECT_NEAR(s.get("unrecorded_inflows", month(1991, 1)), 1.5e7, 1.0);

  // Two reforms with their own dates and scopes ([[reforms]]): Decision 217's enterprise
  // reform (light, heavy, extraction) from 1987-11 and Resolution 10's farm reform
  // (agriculture) from 1988-04, each phased in over 24 months; none before its start, then
  // all 1,871 of the 2,471 enterprises that are not service units (600 generated service
  // units stay in the command regime).
  EXPECT_EQ(s.get("reformed_enterprise_share", month(1987, 10)), 0.0);
  EXPECT_GT(s.get("reformed_share_enterprises", month(1987, 11)), 0.0);
  EXPECT_EQ(s.get("reformed_share_farms", month(1988, 3)), 0.0);
  EXPECT_GT(s.get("reformed_share_farms", month(1988, 4)), 0.0);
  EXPECT_NEAR(s.get("reformed_enterprise_share", month(1990, 6)), 1871.0 / 2471.0, 1e-9);

  // What the model does after 1988 (not a calibration target: the published inflation fell
  // from several hundred per cent, docs/sources/vietnam-facts.md): with the reform's sales at
  // market prices and the unification the budget runs a surplus in 1989, the money supply
  // falls by more than half from 1988 to 1990, and the market price index of 1991 is below
  // that of 1988.
  const auto money = analysis::annual_mean(s, "money_supply");
  EXPECT_LT(money.at(1990), 0.5 * money.at(1988));
  EXPECT_GT(analysis::annual_sum(s, "budget_balance").at(1989), 0.0);
  const auto cpi = analysis::annual_mean(s, "cpi_market");
  EXPECT_NEAR(cpi.at(1986), 100.0, 1e-9);  // prices.cpi_base_year = 1986
  EXPECT_LT(cpi.at(1991), cpi.at(1988));
}

TEST(Vietnam, CounterfactualWithoutReformRunsAndKeepsTheCommandRegime) {
  const RunResult r = run_vietnam("vietnam-1986-no-reform.toml");
  expect_all_finite(r);
  for (const auto& [m, v] : r.series.aggregate("reformed_enterprise_share")) EXPECT_EQ(v, 0.0) << m;
  // The end of Soviet aid is not part of the reform: it happens in the counterfactual too.
  EXPECT_NEAR(r.series.get("unrecorded_inflows", month(1991, 1)), 1.5e7, 1.0);
}

// Materials producers next (policy.material_producers_first; docs/MODEL.md section 10): with
// light industry and agriculture first in the priority order, the heavy industry - power -
// coal loop that makes every sector's materials is served after them when its goods run
// short (from 1991), its output is next month's supply, and without the rule the whole
// economy decays geometrically (real GDP in 1995 below 1 % of 1990's). With the rule the
// producers of materials are served their need first and the economy keeps its level.
TEST(Vietnam, MaterialsProducersFirstKeepsTheMaterialsLoopFromDecaying) {
  auto gdp_ratio = [](const RunResult& r) {
    double y1990 = 0.0, y1995 = 0.0;
    for (int m = 1; m <= 12; ++m) {
      y1990 += r.series.get("gdp_real", month(1990, m));
      y1995 += r.series.get("gdp_real", month(1995, m));
    }
    return y1995 / y1990;
  };
  const double with = gdp_ratio(run_vietnam("vietnam-1986.toml"));
  const double without = gdp_ratio(run_vietnam("vietnam-1986.toml", {"policy.material_producers_first=false"}));
  EXPECT_GT(with, 0.9);
  EXPECT_LT(without, 0.01);
}

}  // namespace
}  // namespace lightind
