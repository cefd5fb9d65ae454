// Tests of summary.json.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lightind/results.hpp"
#include "lightind/version.hpp"
#include "results/results_fixture.hpp"

namespace lightind {
namespace {

using testing_results::scratch_dir;
using testing_results::read_file;
using testing_results::small_description;
using testing_results::small_run;

TEST(WritersSummaryJson, YearMeansByHandAndFixedKeyOrder) {
  const auto dir = scratch_dir();
  write_summary_json(small_run(), small_description(), (dir / "summary.json").string());
  const std::string text = read_file(dir / "summary.json");
  const auto j = nlohmann::ordered_json::parse(text);

  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"scenario", "title", "seed", "version", "commit", "start", "end", "currency",
                                            "units", "years", "final"}));
  // Units in the scenario's currency, for the indicators the registry knows ("output" is a
  // sector row here, not a registry entry).
  EXPECT_EQ(j["currency"], "won");
  EXPECT_EQ(j["units"].size(), 1u);
  EXPECT_EQ(j["units"]["light_output_index"], "index, first year = 100");
  EXPECT_EQ(j["scenario"], "reference");
  EXPECT_EQ(j["title"], "Reference: light industry first");
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["version"], version());
  EXPECT_EQ(j["commit"], source_commit());
  EXPECT_EQ(j["start"], "2012-11");
  EXPECT_EQ(j["end"], "2013-01");

  // 2012: November and December; 2013: January. Per-sector rows are left out.
  ASSERT_EQ(j["years"].size(), 2u);
  EXPECT_EQ(j["years"].begin().key(), "2012");
  EXPECT_DOUBLE_EQ(j["years"]["2012"]["light_output_index"].get<double>(), (1.0 + 2.0) / 2);
  EXPECT_DOUBLE_EQ(j["years"]["2012"]["output"].get<double>(), (100.0 + 200.0) / 2);
  EXPECT_DOUBLE_EQ(j["years"]["2013"]["light_output_index"].get<double>(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(j["years"]["2013"]["output"].get<double>(), 300.0);
  EXPECT_EQ(j["years"]["2012"].begin().key(), "light_output_index");
  EXPECT_EQ(j["final"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["final"]["light_output_index"].get<double>(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(j["final"]["output"].get<double>(), 300.0);

  // Two-space indent, and the same bytes every time.
  EXPECT_EQ(text, std::string("{\n"
                               "  \"scenario\": \"reference\",\n"
                               "  \"title\": \"Reference: light industry first\",\n"
                               "  \"seed\": 42,\n"
                               "  \"version\": \"") +
                      version() + "\",\n  \"commit\": \"" + source_commit() +
                      "\",\n"
                      "  \"start\": \"2012-11\",\n"
                      "  \"end\": \"2013-01\",\n"
                      "  \"currency\": \"won\",\n"
                      "  \"units\": {\n"
                      "    \"light_output_index\": \"index, first year = 100\"\n"
                      "  },\n"
                      "  \"years\": {\n"
                      "    \"2012\": {\n"
                      "      \"light_output_index\": 1.5,\n"
                      "      \"output\": 150.0\n"
                      "    },\n"
                      "    \"2013\": {\n"
                      "      \"light_output_index\": 0.3333333333333333,\n"
                      "      \"output\": 300.0\n"
                      "    }\n"
                      "  },\n"
                      "  \"final\": {\n"
                      "    \"light_output_index\": 0.3333333333333333,\n"
                      "    \"output\": 300.0\n"
                      "  }\n"
                      "}\n");
  write_summary_json(small_run(), small_description(), (dir / "again.json").string());
  EXPECT_EQ(read_file(dir / "again.json"), text);
}

TEST(WritersSummaryJson, NonFiniteValuesAreLeftOutOfMeansAndNullWhenAlone) {
  const auto dir = scratch_dir();
  RunResult r;
  r.scenario = "x";
  const int i = r.series.indicator_id("deficit");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.series.add(YearMonth{2014, 1}.index(), i, 4.0);
  r.series.add(YearMonth{2014, 2}.index(), i, nan);
  r.series.add(YearMonth{2015, 1}.index(), i, nan);
  write_summary_json(r, Description{}, (dir / "summary.json").string());
  const auto j = nlohmann::json::parse(read_file(dir / "summary.json"));
  EXPECT_DOUBLE_EQ(j["years"]["2014"]["deficit"].get<double>(), 4.0);
  EXPECT_TRUE(j["years"]["2015"]["deficit"].is_null());
  EXPECT_TRUE(j["final"]["deficit"].is_null());
}

TEST(WritersSummaryJson, EmptySeriesGivesEmptyObjects) {
  const auto dir = scratch_dir();
  write_summary_json(RunResult{}, small_description(), (dir / "summary.json").string());
  const auto j = nlohmann::json::parse(read_file(dir / "summary.json"));
  EXPECT_TRUE(j["years"].is_object() && j["years"].empty());
  EXPECT_TRUE(j["final"].is_object() && j["final"].empty());
  EXPECT_EQ(j["scenario"], "reference");  // from the description when the result has none
}

}  // namespace
}  // namespace lightind
