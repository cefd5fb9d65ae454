// The fit's input files (src/fit/inputs.cpp): the shipped files load, and bad ones are refused
// with file, line, key, what was expected and what was found.
#include <gtest/gtest.h>

#include <string>

#include "fit/fit.hpp"
#include "test_util.hpp"

namespace lightind::fit {
namespace {

using test_util::write_file;

std::string scratch(const std::string& name) {
  return (test_util::test_path(test_util::scratch_root() / "fit") / name).string();
}

const char* kMoment = R"([[moments]]
id = "gdp"
text = "GDP growth"
source = "a source"
kind = "growth"
indicator = "gdp_real"
# source: the figures
values = { 2013 = 1.1, 2014 = -2.0 }
# assumption: revisions
se = 1.5
)";

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

TEST(FitInputs, MissingSourceComment) {
  std::string text = kMoment;
  text.replace(text.find("# source: the figures\n"), 22, "");
  const std::string p = write_file(scratch("d.toml"), text);
  test_util::expect_throw_with<InputError>([&] { (void)load_data(p); },
                                           p + ":7: moments[0].values: expected a '# source:' or '# assumption:'");
}

TEST(FitInputs, MissingSeComment) {
  std::string text = kMoment;
  text.replace(text.find("# assumption: revisions\n"), 24, "");
  const std::string p = write_file(scratch("d.toml"), text);
  test_util::expect_throw_with<InputError>([&] { (void)load_data(p); }, p + ":9: moments[0].se: expected a '# source:'");
}

TEST(FitInputs, MissingSourceKey) {
  std::string text = kMoment;
  text.replace(text.find("source = \"a source\"\n"), 20, "");
  const std::string p = write_file(scratch("d.toml"), text);
  test_util::expect_throw_with<InputError>(
      [&] { (void)load_data(p); }, p + ":1: moments[0].source: expected a string, found nothing (the key is missing)");
}

TEST(FitInputs, UnknownIndicatorAndKind) {
  std::string text = kMoment;
  text.replace(text.find("gdp_real"), 8, "gdp_rael");
  std::string p = write_file(scratch("d.toml"), text);
  test_util::expect_throw_with<InputError>(
      [&] { (void)load_data(p); },
      p + ":6: moments[0].indicator: expected a national indicator (docs/INDICATORS.md), found \"gdp_rael\" (did you "
          "mean \"gdp_real\"?)");
  text = kMoment;
  text.replace(text.find("\"growth\""), 8, "\"growht\"");
  p = write_file(scratch("d2.toml"), text);
  test_util::expect_throw_with<InputError>(
      [&] { (void)load_data(p); },
      p + ":5: moments[0].kind: expected one of growth, mean, sum, found \"growht\" (did you mean \"growth\"?)");
}

TEST(FitInputs, BadStandardError) {
  std::string text = kMoment;
  text.replace(text.find("se = 1.5"), 8, "se = 0");
  const std::string p = write_file(scratch("d.toml"), text);
  test_util::expect_throw_with<InputError>([&] { (void)load_data(p); },
                                           p + ":10: moments[0].se: expected a number > 0, found 0");
}

const char* kFree = R"([[free]]
key = "prices.cost_pull"
min = 0.005
max = 0.1
start = 0.03
why = "not observed"
)";

TEST(FitInputs, UnknownFreeKeySuggestsTheNearest) {
  std::string text = kFree;
  text.replace(text.find("cost_pull"), 9, "cost_pul");
  const std::string p = write_file(scratch("f.toml"), text);
  test_util::expect_throw_with<InputError>(
      [&] { (void)load_free(p); },
      p + ":2: free[0].key: expected a number key of the scenario schema, SECTION.KEY (docs/SCENARIOS.md), found "
          "\"prices.cost_pul\" (did you mean \"prices.cost_pull\"?)");
}

TEST(FitInputs, BadRange) {
  std::string text = kFree;
  text.replace(text.find("max = 0.1"), 9, "max = 0.001");
  std::string p = write_file(scratch("f.toml"), text);
  test_util::expect_throw_with<InputError>([&] { (void)load_free(p); },
                                           p + ":4: free[0].max: expected a number > min (0.005), found 0.001");
  text = kFree;
  text.replace(text.find("start = 0.03"), 12, "start = 0.3");
  p = write_file(scratch("f2.toml"), text);
  test_util::expect_throw_with<InputError>([&] { (void)load_free(p); },
                                           p + ":5: free[0].start: expected a number in [0.005, 0.1], found 0.3");
  // A range outside what the key allows: a share above 1.
  text = std::string(kFree);
  text.replace(text.find("prices.cost_pull"), 16, "world.fx_market_share");
  text.replace(text.find("max = 0.1"), 9, "max = 1.5");
  p = write_file(scratch("f3.toml"), text);
  test_util::expect_throw_with<InputError>([&] { (void)load_free(p); },
                                           p + ":4: free[0].max: expected a value the key allows");
}

TEST(FitInputs, MissingWhy) {
  std::string text = kFree;
  text.replace(text.find("why = \"not observed\"\n"), 21, "");
  const std::string p = write_file(scratch("f.toml"), text);
  test_util::expect_throw_with<InputError>(
      [&] { (void)load_free(p); }, p + ":1: free[0].why: expected a string, found nothing (the key is missing)");
}

}  // namespace
}  // namespace lightind::fit
