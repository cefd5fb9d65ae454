// The indicator registry (include/lightind/indicators.hpp): one table that the recorder, the
// headline, compare, the report, the page, Python and docs/INDICATORS.md all read.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/lightind.hpp"

namespace lightind {
namespace {

namespace ind = indicators;

std::string read_text(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

ind::Level level_of(const Series& s, size_t row) {
  if (s.sector[row] >= 0) return ind::Level::sector;
  if (s.region[row] >= 0) return ind::Level::region;
  return ind::Level::aggregate;
}

/// docs/INDICATORS.md is the registry's markdown, byte for byte.
TEST(Indicators, DocsAreGeneratedFromTheRegistry) {
  const std::filesystem::path doc = std::filesystem::path(LIGHTIND_SOURCE_DIR) / "docs" / "INDICATORS.md";
  const std::string want = ind::markdown();
  const std::string got = read_text(doc);
  // The first line that differs, to say where.
  std::istringstream a(got), b(want);
  std::string la, lb;
  int line = 0;
  while (true) {
    ++line;
    const bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
    if (ea && eb) break;
    if (ea || eb || la != lb) break;
  }
  EXPECT_TRUE(got == want) << "docs/INDICATORS.md differs from the indicator registry (first at line " << line
                           << ":\n  file:     " << la << "\n  registry: " << lb
                           << "\n). Regenerate it with:\n  ./build/release/lightind docs indicators > docs/INDICATORS.md";
}

/// Every name a run records is registered at its level, and every registered name is recorded
/// by the shipped scenarios (the reference, with its LP plan, and the heavy-priority
/// counterfactual, whose heavy projects reach full output); of a family, whose members are
/// absent when they have no value (icor_<group> when value added did not grow), at least one.
TEST(Indicators, EveryRecordedNameIsRegisteredAndEveryRegisteredOneRecorded) {
  std::set<std::pair<std::string, ind::Level>> recorded;
  for (const char* file : {"scenarios/dprk-2013.toml", "scenarios/heavy-priority.toml"}) {
    const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/" + file);
    RunOptions opt;
    opt.keep_accounts = false;
    const RunResult r = run(d, opt);
    for (size_t k = 0; k < r.series.size(); ++k)
      recorded.emplace(r.series.indicators[static_cast<size_t>(r.series.indicator[k])], level_of(r.series, k));
  }
  for (const auto& [name, level] : recorded)
    EXPECT_NE(ind::find(name, level), nullptr) << name << " (" << ind::to_string(level) << ") is recorded but not "
                                               << "registered in src/indicators/registry.cpp";
  for (const ind::Indicator& i : ind::all()) {
    const auto names = ind::names_of(i);
    const auto n = std::count_if(names.begin(), names.end(), [&](const std::string& x) {
      return recorded.count({x, i.level}) > 0;
    });
    EXPECT_GE(n, 1) << i.name << " (" << ind::to_string(i.level) << ") is registered but no shipped scenario records it";
  }
}

TEST(Indicators, EntriesAreUniqueCompleteAndTheViewsRegistered) {
  std::set<std::pair<std::string, ind::Level>> seen;
  std::set<std::string_view> section_ids;
  for (const ind::Section& s : ind::sections()) section_ids.insert(s.id);
  for (const ind::Indicator& i : ind::all()) {
    for (const std::string& n : ind::names_of(i)) EXPECT_TRUE(seen.emplace(n, i.level).second) << "twice: " << n;
    EXPECT_TRUE(section_ids.count(i.section)) << i.name << ": no section " << i.section;
    EXPECT_FALSE(i.label.empty()) << i.name;
    EXPECT_LE(i.label.size(), 30u) << i.name << ": the headline's label column is 30 characters";
    EXPECT_FALSE(i.unit.empty()) << i.name;
    EXPECT_FALSE(i.doc.empty()) << i.name;
    EXPECT_EQ(i.name.find("<group>") != std::string_view::npos, !i.groups.empty()) << i.name;
  }
  for (const ind::View v : {ind::View::run_headline, ind::View::compare, ind::View::page}) {
    EXPECT_FALSE(ind::view(v).empty());
    for (const std::string_view n : ind::view(v)) EXPECT_NE(ind::find(n), nullptr) << n;
  }
  // A family stands for one name per group, and find() matches each.
  const ind::Indicator* icor = ind::find("icor_extraction");
  ASSERT_NE(icor, nullptr);
  EXPECT_EQ(icor->name, "icor_<group>");
  EXPECT_EQ(ind::names_of(*icor).size(), 5u);
  EXPECT_EQ(ind::find("icor_nowhere"), nullptr);
  EXPECT_EQ(ind::find("light_output", ind::Level::region)->unit, "{currency}/month at opening state prices");
  EXPECT_EQ(ind::unit(*ind::find("light_output", ind::Level::region)), "won/month at opening state prices");
  EXPECT_EQ(ind::find("light_output", ind::Level::sector), nullptr);
  // Direction, time and parts of a few, as docs/INDICATORS.md explains them.
  EXPECT_EQ(ind::find("hardship_share")->direction, ind::Direction::lower_better);
  EXPECT_EQ(ind::find("gdp_real")->over_time, ind::OverTime::flow);
  EXPECT_EQ(ind::find("fx_reserves")->over_time, ind::OverTime::level);
  EXPECT_EQ(ind::find("living_standard_index")->over_parts, ind::OverParts::ratio);
}

/// The JSON the page, the report and Python read carries every entry and the views.
TEST(Indicators, JsonCarriesEveryEntryAndTheViews) {
  const auto j = nlohmann::json::parse(ind::to_json());
  // Every built-in entry, then those of the scenarios loaded so far in this process
  // ([[aggregates]], registered by the loader): other tests in the same process may add some.
  ASSERT_EQ(j["indicators"].size(), ind::all().size() + ind::registered().size());
  const auto& first = j["indicators"][0];
  EXPECT_EQ(first["name"], "gross_output");
  EXPECT_EQ(first["level"], "aggregate");
  EXPECT_EQ(first["label"], "Gross output");
  EXPECT_EQ(first["unit"], "won/month at opening state prices");
  EXPECT_EQ(first["direction"], "higher");
  EXPECT_EQ(first["over_time"], "sum");
  EXPECT_EQ(j["views"]["compare"].size(), analysis::headline_indicators().size());
  EXPECT_EQ(j["views"]["page"][0], "light_output_index");
}

/// The command line's headline and compare read the registry: its labels, units and the
/// compare list, in order.
TEST(Indicators, CompareAndTheHeadlineReadTheRegistry) {
  const auto& headline = analysis::headline_indicators();
  const auto v = ind::view(ind::View::compare);
  ASSERT_EQ(headline.size(), v.size());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(headline[i], v[i]);
  EXPECT_EQ(analysis::difference_kind("utilisation"), ind::DifferenceKind::percent);  // a sector-level name
  EXPECT_EQ(analysis::difference_kind("reformed_enterprise_share"), ind::DifferenceKind::share_points);
  EXPECT_EQ(analysis::difference_kind("not_an_indicator"), ind::DifferenceKind::percent);
  EXPECT_EQ(ind::find("market_price_level")->value_format(), "{:.1f}");
  EXPECT_EQ(ind::find("hardship_share")->value_format(), "{:.3f}");
  EXPECT_EQ(ind::find("gdp_real")->value_format(), "{:.4g}");
}

}  // namespace
}  // namespace lightind
