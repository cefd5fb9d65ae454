// Sector groups and aggregates defined by the scenario (issue 14, item 1): a small economy
// written from scratch with groups of its own (none of the DPRK's names), roles, and
// aggregates checked by hand; bad references give file, line and key.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"
#include "policy/aggregates.hpp"
#include "scenario/scenario_test_util.hpp"

namespace lightind {
namespace {

using scenario_test::expect_error;
using scenario_test::line_of;
using scenario_test::replace;
using scenario_test::scratch_dir;
using scenario_test::write_file;

const std::string kOwnGroups = scenario_test::fixture("own-groups.toml");

std::string own_path(const std::string& text = kOwnGroups, const std::string& name = "own.toml") {
  return write_file(scratch_dir(), name, text);
}

TEST(Groups, ScenarioDefinesItsGroupsRolesAndIndices) {
  const Description d = load_scenario(own_path());
  ASSERT_EQ(d.n_groups(), 5);
  EXPECT_EQ(d.groups[0].id, "producer_goods");
  EXPECT_EQ(d.groups[0].name, "Producer goods");
  EXPECT_EQ(d.groups[1].name, "consumer_goods");  // defaults to the id
  EXPECT_TRUE(d.groups[2].industry);
  EXPECT_FALSE(d.groups[3].industry);
  EXPECT_EQ(d.group_with(GroupRole::heavy), 0);
  EXPECT_EQ(d.group_with(GroupRole::light), 1);
  EXPECT_EQ(d.group_with(GroupRole::agriculture), 3);
  EXPECT_EQ(d.sectors[0].group, Group{3});  // grain: farming
  EXPECT_EQ(d.sectors[4].group, Group{4});  // housing: construction
  EXPECT_TRUE(d.in_role(d.sectors[1], GroupRole::light));
  EXPECT_DOUBLE_EQ(d.policy.investment_share[0], 0.5);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[1], 0.3);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[3], 0.2);
  EXPECT_DOUBLE_EQ(d.policy.investment_share[4], 0.0);
  EXPECT_EQ(d.policy.materials_priority, (std::vector<Group>{Group{1}}));
  EXPECT_EQ(d.currency, "yuan");
  // The reform's default groups are named heavy, light, extraction: none exists here.
  for (int g = 0; g < d.n_groups(); ++g) EXPECT_FALSE(d.reform.groups[static_cast<size_t>(g)]) << g;
}

TEST(Groups, AggregatesListTheirSectors) {
  const Description d = load_scenario(own_path());
  ASSERT_EQ(d.aggregates.size(), 4u);
  const AggregateDesc& industry = d.aggregates[0];
  EXPECT_FALSE(industry.share);
  EXPECT_EQ(industry.of, (std::vector<int>{1, 2, 3}));  // cloth, tools, ore
  const AggregateDesc& light = d.aggregates[1];
  EXPECT_TRUE(light.share);
  EXPECT_EQ(light.of, (std::vector<int>{1}));
  EXPECT_EQ(light.over, (std::vector<int>{1, 2, 3}));  // default: the industry groups' sectors
  EXPECT_EQ(d.aggregates[2].over, (std::vector<int>{2, 4}));
  EXPECT_EQ(d.aggregates[3].of, (std::vector<int>{2}));  // tools once, though named twice
  EXPECT_EQ(d.aggregates[3].measure, AggregateMeasure::capacity);
  // Registered as indicators, with the scenario's currency in the unit.
  const indicators::Indicator* i = indicators::find("industrial_output");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->label, "Industrial output");
  EXPECT_EQ(i->unit, "yuan/month at base-year state prices");
  EXPECT_EQ(i->over_time, indicators::OverTime::flow);
  const indicators::Indicator* s = indicators::find("consumer_share_of_industry");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->unit, "share");
  EXPECT_EQ(s->difference, indicators::DifferenceKind::share_points);
  // The <group> families know the scenario's group ids.
  EXPECT_NE(indicators::find("icor_construction"), nullptr);
  EXPECT_EQ(indicators::find("icor_nowhere"), nullptr);
  EXPECT_NE(indicators::to_json().find("\"consumer_share_of_industry\""), std::string::npos);
}

TEST(Groups, AggregateValueByHand) {
  const std::vector<double> of{2.0, 3.0}, over{2.0, 3.0, 5.0};
  EXPECT_DOUBLE_EQ(policy::aggregate_value(of, over, false), 5.0);
  EXPECT_DOUBLE_EQ(policy::aggregate_value(of, over, true), 0.5);
  EXPECT_DOUBLE_EQ(policy::aggregate_value(of, {}, true), 0.0);  // no denominator
}

TEST(Groups, RunRecordsAggregatesFromSectorOutput) {
  const Description d = load_scenario(own_path());
  RunOptions opt;
  opt.check = true;  // the ledger balances every month
  const RunResult r = run(d, opt);
  const Series& s = r.series;
  // Sector output and capacity by month, to recompute the aggregates by hand.
  std::map<int, std::vector<double>> out, cap;
  const auto id_of = [&](const std::string& name) {
    return static_cast<int>(std::find(s.indicators.begin(), s.indicators.end(), name) - s.indicators.begin());
  };
  const int out_id = id_of("output"), cap_id = id_of("capacity");
  for (size_t row = 0; row < s.size(); ++row) {
    if (s.sector[row] < 0) continue;
    auto& v = (s.indicator[row] == out_id ? out : s.indicator[row] == cap_id ? cap : out)[s.month[row]];
    if (s.indicator[row] != out_id && s.indicator[row] != cap_id) continue;
    v.resize(5, 0.0);
    v[static_cast<size_t>(s.sector[row])] = s.value[row];
  }
  const auto industry = s.aggregate("industrial_output");
  const auto share = s.aggregate("consumer_share_of_industry");
  const auto tools = s.aggregate("tools_share_of_tools_and_housing");
  const auto capacity = s.aggregate("producer_capacity");
  ASSERT_EQ(industry.size(), 24u);
  ASSERT_EQ(share.size(), 24u);
  ASSERT_EQ(capacity.size(), 24u);
  double share_sum = 0;
  for (size_t i = 0; i < industry.size(); ++i) {
    const int m = industry[i].first;
    const std::vector<double>& q = out.at(m);
    const double cloth = q[1] * 2.0, tool = q[2] * 3.0, ore = q[3] * 1.5, housing = q[4] * 1.0;
    EXPECT_NEAR(industry[i].second, cloth + tool + ore, 1e-9 * (cloth + tool + ore)) << m;
    EXPECT_NEAR(share[i].second, cloth / (cloth + tool + ore), 1e-12) << m;
    EXPECT_NEAR(tools[i].second, tool / (tool + housing), 1e-12) << m;
    EXPECT_NEAR(capacity[i].second, cap.at(m)[2] * 3.0, 1e-9 * cap.at(m)[2] * 3.0) << m;
    share_sum += share[i].second;
  }
  EXPECT_GT(share_sum / 24, 0.0);
  EXPECT_LT(share_sum / 24, 1.0);
  // The roles reach the built-in indicators: light output is cloth's, heavy output tools'.
  const auto light = s.aggregate("light_output"), heavy = s.aggregate("heavy_output");
  ASSERT_EQ(light.size(), 24u);
  EXPECT_NEAR(light[5].second, out.at(light[5].first)[1] * 2.0, 1e-9 * light[5].second);
  EXPECT_NEAR(heavy[5].second, out.at(heavy[5].first)[2] * 3.0, 1e-9 * heavy[5].second);
  // ICOR and investment by the scenario's group ids.
  EXPECT_FALSE(s.aggregate("invested_total_construction").empty());
  EXPECT_TRUE(s.aggregate("invested_total_heavy").empty());
  // Calibration reads an aggregate like any indicator: its annual mean.
  const auto annual = analysis::annual_mean(s, "consumer_share_of_industry");
  ASSERT_EQ(annual.size(), 2u);
  EXPECT_TRUE(annual.count(1978) && annual.count(1979));
}

TEST(Groups, ScenarioWithoutGroupsGetsTheFiveDefaults) {
  const Description d = load_scenario(write_file(scratch_dir(), "mini-default.toml", scenario_test::kMiniScenario));
  ASSERT_EQ(d.n_groups(), 5);
  EXPECT_EQ(d.groups[1].id, "light");
  EXPECT_EQ(d.groups[1].role, GroupRole::light);
  EXPECT_TRUE(d.groups[3].industry);  // extraction
  EXPECT_FALSE(d.groups[4].industry);  // services
  EXPECT_EQ(d.currency, "won");
}

TEST(Groups, BadReferencesNameFileLineAndKey) {
  // A sector in a group the scenario does not define.
  {
    const std::string text = replace(kOwnGroups, "group = \"mining\"", "group = \"minig\"");
    const std::string path = own_path(text, "bad-group.toml");
    const ScenarioError e = expect_error([&] { (void)load_scenario(path); }, path, line_of(text, "group = \"minig\""),
                                         "sectors.ore.group");
    EXPECT_NE(std::string(e.what()).find("mining"), std::string::npos) << e.what();  // did you mean
  }
  // A share for an unknown group.
  {
    const std::string text = replace(kOwnGroups, "farming = 0.2 }", "heavy = 0.2 }");
    const std::string path = own_path(text, "bad-share.toml");
    (void)expect_error([&] { (void)load_scenario(path); }, path, line_of(text, "investment_share ="),
                       "policy.investment_share.heavy");
  }
  // An aggregate over an unknown group.
  {
    const std::string text = replace(kOwnGroups, "groups = [\"consumer_goods\"]", "groups = [\"light\"]");
    const std::string path = own_path(text, "bad-aggregate.toml");
    (void)expect_error([&] { (void)load_scenario(path); }, path, line_of(text, "groups = [\"light\"]"),
                       "aggregates.consumer_share_of_industry.groups");
  }
  // An aggregate named like a built-in indicator.
  {
    const std::string text = replace(kOwnGroups, "id = \"industrial_output\"", "id = \"gdp_real\"");
    const std::string path = own_path(text, "bad-aggregate-id.toml");
    (void)expect_error([&] { (void)load_scenario(path); }, path, line_of(text, "id = \"gdp_real\""),
                       "aggregates.gdp_real.id");
  }
  // A share over nothing: no industry group and no denominator.
  {
    std::string text = kOwnGroups;
    for (int i = 0; i < 3; ++i) text = replace(text, "industry = true", "industry = false");
    const std::string path = own_path(text, "bad-over.toml");
    (void)expect_error([&] { (void)load_scenario(path); }, path, line_of(text, "id = \"consumer_share_of_industry\"") - 1,
                       "aggregates.consumer_share_of_industry.over_groups");
  }
  // Two groups with one role.
  {
    const std::string text = replace(kOwnGroups, "id = \"mining\"\nindustry = true",
                                     "id = \"mining\"\nindustry = true\nrole = \"heavy\"");
    const std::string path = own_path(text, "bad-role.toml");
    (void)expect_error([&] { (void)load_scenario(path); }, path, line_of(text, "id = \"mining\"") + 2,
                       "groups.mining.role");
  }
}

TEST(Groups, CompareYearsComeFromTheRun) {
  EXPECT_EQ(analysis::default_compare_years(2012, 2025), (std::vector<int>{2013, 2017, 2021, 2025}));
  EXPECT_EQ(analysis::default_compare_years(1978, 1985), (std::vector<int>{1979, 1981, 1983, 1985}));
  EXPECT_EQ(analysis::default_compare_years(1978, 1979), (std::vector<int>{1979}));
  EXPECT_EQ(analysis::default_compare_years(1990, 1990), (std::vector<int>{1990}));
}

}  // namespace
}  // namespace lightind
