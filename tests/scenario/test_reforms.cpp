// Several reforms (issue 14, item 2): `[[reforms]]`, each with its scope (groups, sectors,
// regions, levels), start, phase-in and terms. A small economy written from scratch with
// groups of its own (none of the DPRK's): a farm reform of 1979 over the farming group and an
// enterprise reform of 1984-10 over local consumer-goods enterprises, with other terms.
#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "lightind/indicators.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"
#include "policy/in_force.hpp"
#include "policy/reform.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

using scenario_test::expect_file_error;
using scenario_test::line_of;
using scenario_test::replace;
using scenario_test::scratch_dir;
using scenario_test::write_file;

const std::string kTwoReforms = R"(# Two reforms, each with its own scope, dates and terms.
# The economy in inline tables, one element a line; the reforms as a scenario writes them.
groups = [
  { id = "capital_goods", industry = true, role = "heavy" },
  { id = "consumer_goods", industry = true, role = "light" },
  { id = "farming", role = "agriculture" },
]
sectors = [
  { id = "rice", group = "farming", final_use = "food", labour_per_unit = 0.03, initial_stock_months = 1, inputs = { rice = 0.05 } },
  { id = "textiles", group = "consumer_goods", final_use = "consumer", labour_per_unit = 0.02, state_price = 1.5, initial_stock_months = 1, inputs = { rice = 0.1, machines = 0.02 } },
  { id = "machines", group = "capital_goods", final_use = "capital", labour_per_unit = 0.02, state_price = 2.5, initial_stock_months = 1, inputs = { machines = 0.1 } },
]
regions = [{ id = "delta", population = 150000 }, { id = "hills", population = 50000 }]
enterprises = [{ id = "state_mill", sector = "textiles", region = "delta", level = "central", capacity = 2000 }]
generators = [
  { id = "paddies", sector = "rice", count = 16, capacity = 30000 },
  { id = "workshops", sector = "textiles", count = 6, capacity = 4000 },
  { id = "plants", sector = "machines", count = 3, capacity = 2500 },
]
aggregates = [
  { id = "farm_output", groups = ["farming"] },
  { id = "consumer_share", kind = "share", groups = ["consumer_goods"] },
]

[scenario]
name = "two-reforms"
start = "1978-01"
end = "1985-12"
seed = 5
currency = "yuan"

[policy]
investment_share = { capital_goods = 0.4, consumer_goods = 0.3, farming = 0.3 }

[[policy.events]]
id = "levy_cut"
date = "1985-06"
reforms.enterprise.profit_levy = 0.15

[[reforms]]
id = "farm"
groups = ["farming"]
start = "1979-01"
phase_in_months = 12
state_order_share = 0.6
profit_levy = 0.1

[[reforms]]
id = "enterprise"
start = "1984-10"
rights_date = "1985-01"
phase_in_months = 0
groups = ["consumer_goods"]
levels = ["local"]
profit_levy = 0.4
state_order_share = 0.3
)";

std::string two_reforms_path(const std::string& text = kTwoReforms) {
  return write_file(scratch_dir(), "two.toml", text);
}

int month(int y, int m) { return YearMonth{y, m}.index(); }

TEST(Reforms, EachHasItsScopeDatesAndTerms) {
  const Description d = load_scenario(two_reforms_path());
  EXPECT_FALSE(d.reform.enabled);  // no [reform] table
  ASSERT_EQ(d.reforms.size(), 2u);
  const ReformDesc &farm = d.reforms[0], &ent = d.reforms[1];
  EXPECT_EQ(farm.id, "farm");
  EXPECT_TRUE(farm.enabled);  // the default of [[reforms]]
  EXPECT_EQ(farm.start, (YearMonth{1979, 1}));
  EXPECT_EQ(farm.rights_date, (YearMonth{1979, 1}));  // absent: its start
  EXPECT_TRUE(farm.groups[2]);
  EXPECT_FALSE(farm.groups[0] || farm.groups[1]);
  EXPECT_DOUBLE_EQ(farm.profit_levy, 0.1);
  EXPECT_DOUBLE_EQ(farm.wage_fund_share, ReformDesc{}.wage_fund_share);  // [reform]'s default
  EXPECT_EQ(ent.levels, (std::vector<Level>{Level::local}));
  EXPECT_TRUE(ent.sectors.empty() && ent.regions.empty());
  EXPECT_EQ(ent.rights_date, (YearMonth{1985, 1}));
  EXPECT_EQ(ent.phase_in_months, 0);
  // Which reform covers an enterprise: the central mill none, the workshops the enterprise
  // reform, the paddies the farm reform, the machine plants none.
  EXPECT_EQ(policy::reform_covering(d, d.enterprises[0], Group{1}), -1);
  for (const EnterpriseDesc& e : d.enterprises) {
    const int expected = e.id == "state_mill" ? -1 : e.sector == 0 ? 0 : e.sector == 1 ? 1 : -1;
    EXPECT_EQ(policy::reform_covering(d, e, d.sectors[static_cast<size_t>(e.sector)].group), expected) << e.id;
  }
  // The event changes the enterprise reform's levy from its month on, not the farm's.
  EXPECT_DOUBLE_EQ(policy::policy_in_force(d, month(1985, 5)).reforms[1].profit_levy, 0.4);
  const InForce june = policy::policy_in_force(d, month(1985, 6));
  EXPECT_DOUBLE_EQ(june.reforms[1].profit_levy, 0.15);
  EXPECT_DOUBLE_EQ(june.reforms[0].profit_levy, 0.1);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].overrides[0].key, "reforms.enterprise.profit_levy");
  // Each reform's indicator is registered.
  const indicators::Indicator* i = indicators::find("reformed_share_farm");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->unit, "share of the enterprises it covers");
}

TEST(Reforms, EnterprisesSwitchInTheirReformsMonths) {
  RunOptions checked;
  checked.check = true;  // the ledger balances every month
  const RunResult r = run(load_scenario(two_reforms_path()), checked);
  const Series& s = r.series;
  // Farm reform: none before 1979-01, all by 1979-12 (t_e = start + floor(u 12) <= start + 11),
  // some but not all in between; never falling.
  double last = 0;
  bool partial = false;
  for (const auto& [m, v] : s.aggregate("reformed_share_farm")) {
    const double expected = m < month(1979, 1) ? 0.0 : m >= month(1979, 12) ? 1.0 : v;
    EXPECT_EQ(v, expected) << YearMonth::from_index(m).str();
    EXPECT_GE(v, last);
    partial = partial || (v > 0 && v < 1);
    last = v;
  }
  EXPECT_TRUE(partial);
  // Enterprise reform without phase-in: all its workshops in 1984-10, none before.
  EXPECT_EQ(s.get("reformed_share_enterprise", month(1984, 9)), 0.0);
  EXPECT_EQ(s.get("reformed_share_enterprise", month(1984, 10)), 1.0);
  // The aggregate share: 16 paddies, then also 6 workshops, of 26 enterprises (the central
  // mill and the 3 machine plants never reform).
  EXPECT_DOUBLE_EQ(s.get("reformed_enterprise_share", month(1980, 6)), 16.0 / 26.0);
  EXPECT_DOUBLE_EQ(s.get("reformed_enterprise_share", month(1984, 10)), 22.0 / 26.0);
  // Each reform's start and rights are events named by its id.
  int starts = 0, rights = 0;
  for (const Event& e : r.events) {
    if (e.kind != "reform") continue;
    if (e.subject == "enterprise") {
      EXPECT_EQ(e.month, month(1984, 10));
      ++starts;
    }
    if (e.subject == "enterprise rights") {
      EXPECT_EQ(e.month, month(1985, 1));
      ++rights;
    }
  }
  EXPECT_EQ(starts, 1);
  EXPECT_EQ(rights, 1);
  // The scenario's aggregates: farm output is rice's output at its state price (1); the
  // consumer share is textiles' over industry (textiles at 1.5, machines at 2.5).
  for (int m : {month(1979, 6), month(1985, 12)}) {
    const double rice = s.get("output", m, 0), cloth = 1.5 * s.get("output", m, 1), tools = 2.5 * s.get("output", m, 2);
    EXPECT_NEAR(s.get("farm_output", m), rice, 1e-9 * rice);
    EXPECT_NEAR(s.get("consumer_share", m), cloth / (cloth + tools), 1e-12);
    EXPECT_GT(rice, 0.0);
  }
}

// The one [reform] table is one reform: the engine reads it as reform 0.
TEST(Reforms, OneReformTableIsTheOnlyReform) {
  const Description d = load_scenario(write_file(scratch_dir(), "mini.toml", scenario_test::kMiniScenario),
                                      {"reform.enabled=true", "reform.start=2012-06"});
  EXPECT_TRUE(d.reforms.empty());
  EXPECT_EQ(d.reform_count(), 1u);
  EXPECT_EQ(&d.reform_at(0), &d.reform);
}

TEST(Reforms, StartAfterTheEndOnlyInAShortenedRun) {
  // scenario.end from --set: the shortened run ends before the enterprise reform.
  const Description d = load_scenario(two_reforms_path(), {"scenario.end=1983-12"});
  EXPECT_EQ(d.reforms[1].start, (YearMonth{1984, 10}));
  // scenario.end written in the file: the reform could never take place.
  const std::string text = replace(kTwoReforms, "end = \"1985-12\"", "end = \"1984-06\"");
  const ScenarioError e = expect_file_error(text, line_of(text, "start = \"1984-10\""), "reforms.enterprise.start");
  EXPECT_EQ(e.expected(), "a month not after the run's end (1984-06)");
  EXPECT_EQ(e.found(), "1984-10");
}

// `--set reform.KEY` makes a [reform] table: beside [[reforms]] it is rejected, naming the way.
TEST(Reforms, SetOfTheOneReformBesideSeveralIsRejected) {
  const std::string path = two_reforms_path();
  const ScenarioError e = scenario_test::expect_error([&] { (void)load_scenario(path, {"reform.profit_levy=0.2"}); },
                                                      path, line_of(kTwoReforms, "[[reforms]]"), "reforms");
  EXPECT_NE(e.found().find("--set reforms.ID.KEY"), std::string::npos) << e.what();
}

TEST(Reforms, EventsNameADefinedReformAndAChangeableKey) {
  const std::string unknown = replace(kTwoReforms, "reforms.enterprise.profit_levy", "reforms.enterprize.profit_levy");
  const ScenarioError e =
      expect_file_error(unknown, line_of(unknown, "reforms.enterprize"), "policy.events.levy_cut.reforms.enterprize");
  EXPECT_NE(std::string(e.what()).find("did you mean \"enterprise\""), std::string::npos) << e.what();
  const std::string fixed = replace(kTwoReforms, "reforms.enterprise.profit_levy = 0.15", "reforms.farm.start = \"1980-01\"");
  const ScenarioError f = expect_file_error(fixed, line_of(fixed, "reforms.farm.start"),
                                            "policy.events.levy_cut.reforms.farm.start");
  EXPECT_NE(f.found().find("no event may change it"), std::string::npos) << f.what();
  // The sum check of the terms in force, per reform, names it.
  const std::string sum = replace(kTwoReforms, "reforms.enterprise.profit_levy = 0.15", "reforms.farm.wage_fund_share = 0.9");
  const ScenarioError g = expect_file_error(sum, line_of(sum, "id = \"levy_cut\"") - 1, "policy.events.levy_cut");
  EXPECT_NE(g.expected().find("reforms.farm.development_share + reforms.farm.wage_fund_share"), std::string::npos)
      << g.what();
}

}  // namespace
}  // namespace lightind
