// The one "YYYY-MM" parser (YearMonth::parse, src/model/description.cpp), used by the scenario
// loader, the server's knobs and the report's inputs.
#include <gtest/gtest.h>

#include <string>

#include "lightind/description.hpp"

namespace lightind {
namespace {

TEST(YearMonth, ParsesFourDigitsDashTwoDigits) {
  EXPECT_EQ(YearMonth::parse("2013-01"), (YearMonth{2013, 1}));
  EXPECT_EQ(YearMonth::parse("2013-12")->month, 12);
  EXPECT_EQ(YearMonth::parse("0000-01")->index(), 0);
  EXPECT_EQ(YearMonth::parse("9999-12")->year, 9999);
  // Round trip with str().
  for (const char* s : {"2012-01", "2016-07", "0042-10"}) EXPECT_EQ(YearMonth::parse(s)->str(), s);
}

TEST(YearMonth, RejectsEverythingElse) {
  for (const char* s : {"", "2013", "2013-1", "2013-001", "13-05", "2013/05", "2013-00", "2013-13", " 2013-05",
                        "2013-05 ", "-123-05", "+123-05", "2013--5", "2013-+5", "2O13-05", "2013-05-01"})
    EXPECT_FALSE(YearMonth::parse(s).has_value()) << '"' << s << '"';
}

}  // namespace
}  // namespace lightind
