// Tests of the served page's parameter parsing (src/serve/query.hpp): UTF-8 first, then
// the knobs' rules, and an error body that is always JSON.
#include <string>

#include <gtest/gtest.h>

#include "lightind/lightind.hpp"
#include "serve/query.hpp"

namespace lightind::serve {
namespace {

const Knobs& knobs() {
  static const Description d = load_scenario(std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml");
  static const Knobs k(d);
  return k;
}

TEST(Query, Utf8Validation) {
  EXPECT_FALSE(invalid_utf8_at("plain ascii"));
  EXPECT_FALSE(invalid_utf8_at("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_EQ(invalid_utf8_at("ab\xFF"), 2u);
  EXPECT_EQ(invalid_utf8_at("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(invalid_utf8_at("\xE0\x80\xAF"), 0u);      // overlong
  EXPECT_EQ(invalid_utf8_at("x\xED\xA0\x80"), 1u);     // a surrogate
  EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(invalid_utf8_at("\xC3"), 0u);              // cut short
  EXPECT_EQ(invalid_utf8_at("\xE2\x82"), 0u);
}

TEST(Query, InvalidUtf8IsAMessageNotAnException) {
  const auto name = parse_query(knobs(), {{"\xFF", "1"}});
  EXPECT_EQ(name.error, "a parameter name is not valid UTF-8 (byte 0xff at 0)");
  const auto value = parse_query(knobs(), {{"light_share", "0.3\xC3"}});
  EXPECT_EQ(value.error, "light_share: the value is not valid UTF-8 (byte 0xc3 at 3)");
  // A valid name whose first 64 bytes end inside a character: the message keeps whole characters.
  const auto cut = parse_query(knobs(), {{std::string(63, 'a') + "\xC3\xA9", "1"}});
  const std::string start = "unknown parameter \"" + std::string(63, 'a') + "\" (known";
  EXPECT_EQ(cut.error.substr(0, start.size()), start);
  EXPECT_FALSE(invalid_utf8_at(cut.error));
  EXPECT_EQ(error_json("x\xFFy"), "{\"error\":\"x\xEF\xBF\xBDy\"}\n");  // U+FFFD
}

TEST(Query, ValidParametersGiveSettings) {
  const auto r = parse_query(knobs(), {{"light_share", "0.3"}, {"reform_start", "2014-01"}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_DOUBLE_EQ(r.settings.at("light_share"), 0.3);
  EXPECT_EQ(knobs().query(r.settings), "light_share=0.3&reform_start=2014-01");
  EXPECT_EQ(parse_query(knobs(), {{"light_share", "0.9"}}).error, "light_share: expected a value from 0.02 to 0.6, found 0.9");
}

}  // namespace
}  // namespace lightind::serve
