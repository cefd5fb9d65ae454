// Tests of godley_tables (`lightind accounts`).
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "lightind/results.hpp"
#include "results/results_fixture.hpp"

namespace lightind {
namespace {

using testing_results::scratch_dir;
using testing_results::small_run;

std::string error_of(const std::string& dir, const std::string& month) {
  try {
    (void)godley_tables(dir, month);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no exception";
}

TEST(Godley, HandMadeMonthExactText) {
  const auto dir = scratch_dir();
  write_accounts_csv(small_run(), (dir / "accounts.csv").string());

  // Only wages, market sales and exports move in November; the enum gives the other rows.
  std::string flows = "flow,households,enterprises,state,central_bank,rest_of_world,sum\n";
  for (int f = 0; f < kFlowCount; ++f) {
    switch (static_cast<Flow>(f)) {
      case Flow::wages: flows += "wages,100,-100,0,0,0,0\n"; break;
      case Flow::market_sales: flows += "market_sales,-60,60,0,0,0,0\n"; break;
      case Flow::exports: flows += "exports,0,0,5,0,-5,0\n"; break;
      default: flows += std::string(to_string(static_cast<Flow>(f))) + ",0,0,0,0,0,0\n";
    }
  }
  // Column sums = closing - opening, summed over money and FX.
  flows += "sum,40,-40,5,0,-5,0\n";
  const std::string expected = flows +
                               "\n"
                               "stock,instrument,households,enterprises,state,central_bank,rest_of_world,sum\n"
                               "opening,money,50,200,0,0,0,250\n"
                               "opening,fx,0,0,10,0,-10,0\n"
                               "closing,money,90,160,0,0,0,250\n"
                               "closing,fx,0,0,15,0,-15,0\n"
                               "\n"
                               "sector,opening_stock,output,imports,intermediate,households,investment,state,exports,"
                               "losses,closing_stock,residual\n"
                               "grain,5,10,0,2,7,0,0,1,0.5,4.5,0\n"
                               "textiles,0,1,0,0,1,0,0,0,0,0,0\n";
  EXPECT_EQ(godley_tables(dir.string(), "2012-11"), expected);
}

TEST(Godley, NoGoodsTableWhenTheRunKeptNone) {
  const auto dir = scratch_dir();
  RunResult r = small_run();
  r.goods.clear();
  write_accounts_csv(r, (dir / "accounts.csv").string());
  const std::string text = godley_tables(dir.string(), "2012-12");
  EXPECT_EQ(text.find("sector,"), std::string::npos);
  EXPECT_TRUE(text.ends_with("closing,fx,0,0,20,0,-20,0\n")) << text;
  EXPECT_NE(text.find("\nsum,80,-80,10,0,-10,0\n"), std::string::npos) << text;
}

TEST(Godley, AbsentMonthNamesItAndTheMonthsAvailable) {
  const auto dir = scratch_dir();
  write_accounts_csv(small_run(), (dir / "accounts.csv").string());
  const std::string what = error_of(dir.string(), "2030-01");
  EXPECT_NE(what.find("2030-01"), std::string::npos) << what;
  EXPECT_NE(what.find("accounts.csv"), std::string::npos) << what;
  EXPECT_NE(what.find("2012-11 to 2012-12"), std::string::npos) << what;
}

TEST(Godley, MissingFileNamesIt) {
  const auto dir = scratch_dir();
  const std::string what = error_of(dir.string(), "2012-11");
  EXPECT_NE(what.find((dir / "accounts.csv").string()), std::string::npos) << what;
}

TEST(Godley, EmptyAccountsFileHoldsNoMonths) {
  const auto dir = scratch_dir();
  write_accounts_csv(RunResult{}, (dir / "accounts.csv").string());
  EXPECT_NE(error_of(dir.string(), "2012-11").find("no months"), std::string::npos);
}

}  // namespace
}  // namespace lightind
