// Tests of series.csv and accounts.csv.
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lightind/results.hpp"
#include "results/io.hpp"
#include "results/results_fixture.hpp"

namespace lightind {
namespace {

using testing_results::scratch_dir;
using testing_results::read_file;
using testing_results::small_run;

TEST(WritersSeriesCsv, ExactBytes) {
  const auto dir = scratch_dir();
  write_series_csv(small_run(), (dir / "series.csv").string());
  EXPECT_EQ(read_file(dir / "series.csv"),
            "date,scenario,run,indicator,sector,region,value\n"
            "2012-11,reference,42,light_output_index,,,1\n"
            "2012-11,reference,42,output,,,100\n"
            "2012-11,reference,42,output,grain,,10.5\n"
            "2012-11,reference,42,output,textiles,north,3.25\n"
            "2012-12,reference,42,light_output_index,,,2\n"
            "2012-12,reference,42,output,,,200\n"
            "2012-12,reference,42,output,grain,,11\n"
            "2013-01,reference,42,light_output_index,,,0.3333333333\n"
            "2013-01,reference,42,output,,,300\n"
            "2013-01,reference,42,output,grain,,\n");
}

TEST(WritersSeriesCsv, ByteIdenticalForIdenticalInput) {
  const auto dir = scratch_dir();
  write_series_csv(small_run(), (dir / "a.csv").string());
  write_series_csv(small_run(), (dir / "b.csv").string());
  EXPECT_EQ(read_file(dir / "a.csv"), read_file(dir / "b.csv"));
}

TEST(WritersSeriesCsv, QuotesFieldsWithCommasAndNormalisesSpecialValues) {
  const auto dir = scratch_dir();
  RunResult r;
  r.scenario = "a,\"b\"";
  r.seed = 1;
  r.series.add(YearMonth{2012, 1}.index(), r.series.indicator_id("x"), -0.0);
  r.series.add(YearMonth{2012, 1}.index(), r.series.indicator_id("x"), std::numeric_limits<double>::infinity());
  r.series.add(YearMonth{2012, 1}.index(), r.series.indicator_id("x"), 123456789012345.0);
  write_series_csv(r, (dir / "s.csv").string());
  EXPECT_EQ(read_file(dir / "s.csv"),
            "date,scenario,run,indicator,sector,region,value\n"
            "2012-01,\"a,\"\"b\"\"\",1,x,,,0\n"
            "2012-01,\"a,\"\"b\"\"\",1,x,,,\n"
            "2012-01,\"a,\"\"b\"\"\",1,x,,,1.23456789e+14\n");
}

TEST(WritersSeriesCsv, TenDigitFormatterWritesWhatPrintfWrites) {
  // append_g10 (std::to_chars) against printf's %.10g over magnitudes, signs, ties and the
  // switch between fixed and exponent forms.
  std::mt19937_64 rng(16);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> exponent(-320, 308);
  std::vector<double> values = {1.0, -1.0, 0.5, 1e-5, 1e-4, 123456789.0, 1234567890.0, 12345678901.0, 0.1 + 0.2,
                                2.5e-300, 1.7976931348623157e308, 4.9e-324, 100000.0, 1e10, 9999999999.5, 0.00012345};
  for (int i = 0; i < 20000; ++i) values.push_back(mantissa(rng) * std::pow(10.0, exponent(rng)));
  for (const double v : values) {
    if (!std::isfinite(v) || v == 0) continue;
    fmt::memory_buffer buf;
    detail::results_io::append_g10(buf, v);
    char want[64];
    std::snprintf(want, sizeof want, "%.10g", v);
    ASSERT_EQ(std::string(buf.data(), buf.size()), want) << v;
  }
  fmt::memory_buffer zero;
  detail::results_io::append_g10(zero, -0.0);
  detail::results_io::append_g10(zero, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(std::string(zero.data(), zero.size()), "0");  // -0 as 0, NaN as nothing
}

TEST(WritersSeriesCsv, RejectsIndexOutOfRange) {
  const auto dir = scratch_dir();
  RunResult r = small_run();
  r.series.sector[2] = 5;
  EXPECT_THROW(write_series_csv(r, (dir / "s.csv").string()), std::runtime_error);
  r = small_run();
  r.series.month[0] = -3;
  EXPECT_THROW(write_series_csv(r, (dir / "s.csv").string()), std::runtime_error);
}

TEST(WritersSeriesCsv, UnwritablePathNamesIt) {
  const auto dir = scratch_dir();
  const std::string path = (dir / "missing" / "s.csv").string();
  try {
    write_series_csv(small_run(), path);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(WritersAccountsCsv, EveryCellOfEveryMonthThenGoods) {
  const auto dir = scratch_dir();
  write_accounts_csv(small_run(), (dir / "accounts.csv").string());
  const std::string text = read_file(dir / "accounts.csv");
  const size_t cells_per_month = kFlowCount * kInstitutionCount + 2 * kInstrumentCount * kInstitutionCount + 2 * 10;
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  EXPECT_EQ(lines, 1 + 2 * cells_per_month);
  EXPECT_EQ(text.substr(0, text.find('\n', text.find('\n', text.find('\n') + 1) + 1) + 1),
            "date,table,row,column,value\n"
            "2012-11,flows,wages,households,100\n"
            "2012-11,flows,wages,enterprises,-100\n");
  EXPECT_NE(text.find("\n2012-12,flows,market_sales,enterprises,120\n"), std::string::npos);
  EXPECT_NE(text.find("\n2012-11,opening,fx,rest_of_world,-10\n"), std::string::npos);
  EXPECT_NE(text.find("\n2012-12,closing,money,households,130\n"), std::string::npos);
  EXPECT_NE(text.find("\n2012-12,closing,money,central_bank,0\n"), std::string::npos);
  EXPECT_NE(text.find("\n2012-11,goods,grain,losses,0.5\n"), std::string::npos);
  // The goods rows of a month follow its balance sheets; the last line is December's textiles.
  EXPECT_TRUE(text.ends_with("\n2012-12,goods,textiles,closing_stock,0\n")) << text.substr(text.size() - 60);
}

TEST(WritersAccountsCsv, ExactValuesRoundTrip) {
  const auto dir = scratch_dir();
  RunResult r;
  MonthAccounts a;
  a.month = YearMonth{2013, 2}.index();
  a.flows[0][0] = 0.1 + 0.2;  // 0.30000000000000004: needs 17 digits
  r.accounts.push_back(a);
  write_accounts_csv(r, (dir / "accounts.csv").string());
  EXPECT_NE(read_file(dir / "accounts.csv").find("2013-02,flows,wages,households,0.30000000000000004\n"),
            std::string::npos);
}

TEST(WritersAccountsCsv, GoodsMonthsMustMatchAccounts) {
  const auto dir = scratch_dir();
  RunResult r = small_run();
  r.goods.pop_back();
  EXPECT_THROW(write_accounts_csv(r, (dir / "accounts.csv").string()), std::runtime_error);
}

}  // namespace
}  // namespace lightind
