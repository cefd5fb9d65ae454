// `lightind validate` (issue 13, item 4): the fit on the years before the hold-out, the
// validation table in fit-validation.csv with the baselines computed by hand from the test
// data, the model's in-sample RMSE equal to that of the fit's moments.csv, and the hold-outs
// that are refused (exit 2, nothing written).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "cli/cli_test_util.hpp"
#include "cli/mpi_test_util.hpp"
#include "fit/baselines.hpp"
#include "fit/validate_test_data.hpp"

namespace lightind::cli_test {
namespace {

namespace fs = std::filesystem;

std::string validate_args(const fs::path& dir, const std::string& holdout, const std::string& out = "out") {
  return "validate scenarios/dprk-2013.toml --data '" + (dir / "data.toml").string() + "' --free '" +
         (dir / "free.toml").string() + "' --holdout " + holdout +
         " --budget 6 --seeds 1 --threads 1 --set households.scale=20000 --set scenario.spin_up_months=12 --out '" +
         (dir / out).string() + "'";
}

fs::path with_inputs() {
  const fs::path dir = scratch_dir();
  write_file(dir / "data.toml", fit_test::kValidateData);
  write_file(dir / "free.toml", fit_test::kValidateFree);
  return dir;
}

TEST(FitValidateCli, TableOfTheHeldOutYears) {
  const fs::path dir = with_inputs();
  const Result r = run_cli(validate_args(dir, "2016-2017"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("held out 2016-2017: the fit saw 4 of the 7 moments (those wholly before 2016)."),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("fit of dprk-2013: 6 evaluations"), std::string::npos) << r.output;
  const auto rows = fit::parse_validation_csv(read_file(dir / "out" / "fit-validation.csv"), "fit-validation.csv");
  ASSERT_EQ(rows.size(), 1u);
  const fit::ValidationTableRow& g = rows[0];
  EXPECT_EQ(g.indicator, "gdp_real");
  EXPECT_EQ(g.n_in, 3);
  EXPECT_EQ(g.n_out, 2);
  // Held out 0 and 4. Zero growth: sqrt((0 + 16) / 2). Last growth 3: sqrt((9 + 1) / 2).
  // AR(1) on 2, 1, 3: phi = -1 / 0.5 = -2, c = 2 + 2 * 1.5 = 5; from 3: -1, then 7: sqrt((1 + 9) / 2).
  EXPECT_NEAR(g.zero_growth, std::sqrt(8.0), 1e-12);
  EXPECT_NEAR(g.last_growth, std::sqrt(5.0), 1e-12);
  EXPECT_NEAR(g.ar1, std::sqrt(5.0), 1e-9);
  EXPECT_TRUE(std::isfinite(g.model_out)) << read_file(dir / "out" / "fit-validation.csv");
  // In sample the model's growth is the fit's at its estimate (moments.csv: moment,data,se,model,...).
  std::istringstream moments(read_file(dir / "out" / "moments.csv"));
  std::string line;
  double ss = 0.0;
  int n = 0;
  while (std::getline(moments, line)) {
    if (line.rfind("gdp[", 0) != 0) continue;
    std::vector<double> f;
    std::istringstream fields(line.substr(line.find(',') + 1));
    for (std::string v; std::getline(fields, v, ',');) f.push_back(std::stod(v));
    ss += (f.at(2) - f.at(0)) * (f.at(2) - f.at(0));
    ++n;
  }
  ASSERT_EQ(n, 3);
  EXPECT_NEAR(g.model_in, std::sqrt(ss / 3.0), 1e-9);
  EXPECT_TRUE(fs::exists(dir / "out" / "fitted.toml"));
  EXPECT_NE(read_file(dir / "out" / "fitted.toml").find("lightind validate scenarios/dprk-2013.toml"),
            std::string::npos);
}

// Under mpirun validate hands over to lightind-mpi as fit does: the same table as one process.
TEST(FitValidateCli, MpiRanksGiveTheSameTable) {
  if (const std::string why = mpi_missing(); !why.empty()) GTEST_SKIP() << why;
  const fs::path dir = with_inputs();
  const Result one = run_cli(validate_args(dir, "2016-2017", "one"));
  ASSERT_EQ(one.code, 0) << one.output;
  const Result two = run_cli_mpi(2, validate_args(dir, "2016-2017", "two"));
  ASSERT_EQ(two.code, 0) << two.output;
  EXPECT_NE(two.output.find("2 ranks"), std::string::npos) << two.output;
  EXPECT_EQ(read_file(dir / "two" / "fit-validation.csv"), read_file(dir / "one" / "fit-validation.csv"));
}

TEST(FitValidateCli, RejectedHoldoutsWriteNothing) {
  const fs::path dir = with_inputs();
  const std::pair<const char*, const char*> cases[] = {
      {"2017-2018", "data.toml: --holdout: expected held-out years within the data's 2013-2017, found 2017-2018"},
      {"2017-2016", "--holdout: expected a first held-out year no later than the last, found 2017-2016"},
      {"2013-2014", "--holdout: expected moments wholly before 2013 to fit on (in-sample years), found 2013-2014"},
      {"2016:2017", "--holdout: expected the held-out years as YEAR-YEAR (e.g. 2018-2019) or YEAR, found \"2016:2017\""},
  };
  for (const auto& [holdout, message] : cases) {
    const Result r = run_cli(validate_args(dir, holdout));
    EXPECT_EQ(r.code, 2) << holdout << ": " << r.output;
    EXPECT_NE(r.output.find("lightind: validate: input rejected: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << holdout;
  }
  const Result missing = run_cli("validate scenarios/dprk-2013.toml --data '" + (dir / "data.toml").string() + "'");
  EXPECT_EQ(missing.code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--holdout is required"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace lightind::cli_test
