// The fit's input files (src/fit/inputs.cpp): the shipped files load, and bad ones are refused
// with file, line, key, what was expected and what was found.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "fit/fit.hpp"
#include "fit/fit_test_util.hpp"
#include "test_util.hpp"

namespace lightind::fit {
namespace {

using test_util::write_file;

std::string scratch(const std::string& name) {
  return (test_util::test_path(test_util::scratch_root() / "fit") / name).string();
}

const std::string kMoment = test_util::read_file(fit_test::fit_fixture("one-moment.toml"));

TEST(FitInputs, ShippedDataFileLoads) {
  const Data d = load_data(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/data/dprk-2012-2019.toml");
  // 7 GDP + 7 agriculture + 4 light + 5 heavy growth years, 8 trade years, 2 period means.
  ASSERT_EQ(d.moments.size(), 33u);
  EXPECT_EQ(d.moments.front().id, "bok_gdp_growth[2013]");
  EXPECT_DOUBLE_EQ(d.moments.front().value, 1.1);
  EXPECT_DOUBLE_EQ(d.moments.front().se, 1.5);
  const Moment& trade = d.moments[23];
  EXPECT_EQ(trade.id, "kotra_total_trade[2012]");
  EXPECT_DOUBLE_EQ(trade.se, 0.1 * 6.81);  // se_relative times the value
  EXPECT_DOUBLE_EQ(trade.scale, 1e-9);
  EXPECT_EQ(d.moments.back().id, "market_exchange_rate[2013-2019]");
  EXPECT_EQ(d.moments.back().years.size(), 7u);
  EXPECT_EQ(d.first_year(), 2012);  // growth 2013 needs 2012; trade starts 2012
  EXPECT_EQ(d.last_year(), 2019);
}

TEST(FitInputs, ShippedFreeFileLoads) {
  const Free f = load_free(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.free.toml");
  ASSERT_EQ(f.params.size(), 5u);
  EXPECT_EQ(f.params[3].key, "prices.cost_pull");
  EXPECT_DOUBLE_EQ(f.params[3].start, 0.03);
  EXPECT_DOUBLE_EQ(f.params[3].lo, 0.005);
  EXPECT_DOUBLE_EQ(f.params[3].hi, 0.1);
}

enum class File { data, free };

/// `base` with each edit's text replaced (its first occurrence), written to a scratch file
/// `name`: loading it as a data or free-parameters file must throw an InputError whose message
/// is the file's path followed by `expected`.
void expect_edit_rejected(File kind, const std::string& base, std::initializer_list<std::pair<std::string, std::string>> edits,
                          const std::string& name, const std::string& expected) {
  std::string text = base;
  for (const auto& edit : edits) text.replace(text.find(edit.first), edit.first.size(), edit.second);
  const std::string p = write_file(scratch(name), text);
  test_util::expect_throw_with<InputError>(
      [&] {
        if (kind == File::data) (void)load_data(p);
        else (void)load_free(p);
      },
      p + expected);
}

TEST(FitInputs, MissingSourceComment) {
  expect_edit_rejected(File::data, kMoment, {{"# source: the figures\n", ""}}, "d.toml",
                       ":7: moments[0].values: expected a '# source:' or '# assumption:'");
}

TEST(FitInputs, MissingSeComment) {
  expect_edit_rejected(File::data, kMoment, {{"# assumption: revisions\n", ""}}, "d.toml",
                       ":9: moments[0].se: expected a '# source:'");
}

TEST(FitInputs, MissingSourceKey) {
  expect_edit_rejected(File::data, kMoment, {{"source = \"a source\"\n", ""}}, "d.toml",
                       ":1: moments[0].source: expected a string, found nothing (the key is missing)");
}

TEST(FitInputs, UnknownIndicatorAndKind) {
  expect_edit_rejected(File::data, kMoment, {{"gdp_real", "gdp_rael"}}, "d.toml",
                       ":6: moments[0].indicator: expected a national indicator (docs/INDICATORS.md), found "
                       "\"gdp_rael\" (did you mean \"gdp_real\"?)");
  expect_edit_rejected(File::data, kMoment, {{"\"growth\"", "\"growht\""}}, "d2.toml",
                       ":5: moments[0].kind: expected one of growth, mean, sum, found \"growht\" (did you mean "
                       "\"growth\"?)");
}

TEST(FitInputs, BadStandardError) {
  expect_edit_rejected(File::data, kMoment, {{"se = 1.5", "se = 0"}}, "d.toml",
                       ":10: moments[0].se: expected a number > 0, found 0");
}

const char* kFree = R"([[free]]
key = "prices.cost_pull"
min = 0.005
max = 0.1
start = 0.03
why = "not observed"
)";

TEST(FitInputs, UnknownFreeKeySuggestsTheNearest) {
  expect_edit_rejected(File::free, kFree, {{"cost_pull", "cost_pul"}}, "f.toml",
                       ":2: free[0].key: expected a number key of the scenario schema, SECTION.KEY "
                       "(docs/SCENARIOS.md), found \"prices.cost_pul\" (did you mean \"prices.cost_pull\"?)");
}

TEST(FitInputs, BadRange) {
  expect_edit_rejected(File::free, kFree, {{"max = 0.1", "max = 0.001"}}, "f.toml",
                       ":4: free[0].max: expected a number > min (0.005), found 0.001");
  expect_edit_rejected(File::free, kFree, {{"start = 0.03", "start = 0.3"}}, "f2.toml",
                       ":5: free[0].start: expected a number in [0.005, 0.1], found 0.3");
  // A range outside what the key allows: a share above 1.
  expect_edit_rejected(File::free, kFree, {{"prices.cost_pull", "world.fx_market_share"}, {"max = 0.1", "max = 1.5"}},
                       "f3.toml", ":4: free[0].max: expected a value the key allows");
}

TEST(FitInputs, MissingWhy) {
  expect_edit_rejected(File::free, kFree, {{"why = \"not observed\"\n", ""}}, "f.toml",
                       ":1: free[0].why: expected a string, found nothing (the key is missing)");
}

}  // namespace
}  // namespace lightind::fit
