// Tests of input-output analysis (src/planner/io*.cpp, lightind io).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "lightind/io.hpp"
#include "planner/io.hpp"

namespace {

namespace fs = std::filesystem;
using lightind::io::Table;

fs::path pymrio_dir() { return fs::path(LIGHTIND_SOURCE_DIR).parent_path() / "shared/data/pymrio-test-mrio"; }

#define SKIP_WITHOUT_PYMRIO()                                                                 \
  if (!fs::exists(pymrio_dir() / "trade_flows_Z.txt"))                                        \
  GTEST_SKIP() << "pymrio test MRIO not found at " << pymrio_dir()                            \
               << " (shared/ sits beside the clone)"

/// |a - b| <= tol * |b|, with a floor for entries that are zero.
::testing::AssertionResult near_rel(double a, double b, double tol) {
  if (std::abs(a - b) <= tol * std::abs(b) + 1e-300) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs " << b << " (relative " << std::abs(a - b) / std::abs(b) << ")";
}

std::string first_line(const fs::path& p) {
  std::ifstream f(p);
  std::string line;
  std::getline(f, line);
  return line;
}

/// The Miller & Blair (2009, section 2.3) two-sector example: Z and f give x = (1000, 2000).
Table miller_blair() {
  Table t;
  t.name = "mb";
  t.row_region = {"r", "r"};
  t.row_sector = {"s1", "s2"};
  t.Z = {150, 500, 200, 100};
  t.fd_region = {"r"};
  t.fd_category = {"f"};
  t.Y = {350, 1700};
  return t;
}

}  // namespace

TEST(MillerBlair, LeontiefInverseAndOutput) {
  const auto r = lightind::io::analyse(miller_blair());
  ASSERT_TRUE(r.L_formed);
  EXPECT_NEAR(r.x[0], 1000.0, 1e-9);
  EXPECT_NEAR(r.x[1], 2000.0, 1e-9);
  const double A[4] = {0.15, 0.25, 0.20, 0.05};
  for (int q = 0; q < 4; ++q) EXPECT_NEAR(r.A[static_cast<size_t>(q)], A[q], 1e-12);
  const double L[4] = {1.2541, 0.3300, 0.2640, 1.1221};
  for (int q = 0; q < 4; ++q) EXPECT_NEAR(r.L[static_cast<size_t>(q)], L[q], 0.5e-4) << q;
  // new final demand (600, 1500): x = L f
  const double x0 = r.L[0] * 600 + r.L[1] * 1500, x1 = r.L[2] * 600 + r.L[3] * 1500;
  EXPECT_NEAR(x0, 1247.52, 0.01);
  EXPECT_NEAR(x1, 1841.58, 0.01);
  // output multipliers are the column sums of L
  EXPECT_NEAR(r.output_multiplier[0], r.L[0] + r.L[2], 1e-12);
  EXPECT_NEAR(r.output_multiplier[1], r.L[1] + r.L[3], 1e-12);
}

TEST(MillerBlair, SparsePathAgreesWithDense) {
  const auto d = lightind::io::analyse(miller_blair());
  const auto s = lightind::io::analyse(miller_blair(), {.dense_limit = 0});
  EXPECT_FALSE(s.L_formed);
  EXPECT_TRUE(s.L.empty());
  for (size_t j = 0; j < 2; ++j) {
    EXPECT_TRUE(near_rel(s.output_multiplier[j], d.output_multiplier[j], 1e-12));
    EXPECT_TRUE(near_rel(s.forward_linkage[j], d.forward_linkage[j], 1e-12));
  }
}

TEST(IoPymrio, MatchesIndependentDenseComputation) {
  SKIP_WITHOUT_PYMRIO();
  const Table t = lightind::io::read_pymrio(pymrio_dir());
  ASSERT_EQ(t.n(), 48u);
  ASSERT_EQ(t.k(), 42u);
  ASSERT_EQ(t.m(), 2u);
  EXPECT_EQ(t.regions().size(), 6u);
  EXPECT_EQ(t.sectors().size(), 8u);
  EXPECT_EQ(t.stressors[0], "emission_type1");
  const auto r = lightind::io::analyse(t);
  ASSERT_TRUE(r.L_formed);

  // independent dense computation from the parsed Z and Y
  const auto n = static_cast<Eigen::Index>(t.n()), k = static_cast<Eigen::Index>(t.k());
  Eigen::MatrixXd Z(n, n), Y(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) Z(i, j) = t.Z[static_cast<size_t>(i * n + j)];
    for (Eigen::Index c = 0; c < k; ++c) Y(i, c) = t.Y[static_cast<size_t>(i * k + c)];
  }
  const Eigen::VectorXd x = Z.rowwise().sum() + Y.rowwise().sum();
  Eigen::MatrixXd A = Z;
  for (Eigen::Index j = 0; j < n; ++j) A.col(j) = x(j) != 0.0 ? Eigen::VectorXd(Z.col(j) / x(j)) : Eigen::VectorXd::Zero(n);
  const Eigen::MatrixXd L = (Eigen::MatrixXd::Identity(n, n) - A).fullPivLu().inverse();
  const Eigen::RowVectorXd out = L.colwise().sum();
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto ii = static_cast<size_t>(i);
    EXPECT_TRUE(near_rel(r.x[ii], x(i), 1e-9)) << "x " << i;
    EXPECT_TRUE(near_rel(r.output_multiplier[ii], out(i), 1e-9)) << "output multiplier " << i;
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto q = static_cast<size_t>(i * n + j);
      EXPECT_TRUE(near_rel(r.A[q], A(i, j), 1e-9)) << "A " << i << "," << j;
      EXPECT_TRUE(near_rel(r.L[q], L(i, j), 1e-9)) << "L " << i << "," << j;
    }
  }

  // the sparse path (L not formed) gives the same multipliers
  const auto s = lightind::io::analyse(t, {.dense_limit = 10});
  EXPECT_FALSE(s.L_formed);
  for (size_t j = 0; j < t.n(); ++j) {
    EXPECT_TRUE(near_rel(s.output_multiplier[j], r.output_multiplier[j], 1e-9)) << j;
    EXPECT_TRUE(near_rel(s.value_added_multiplier[j], r.value_added_multiplier[j], 1e-9)) << j;
    EXPECT_TRUE(near_rel(s.M[j], r.M[j], 1e-9)) << j;
    EXPECT_TRUE(near_rel(s.forward_linkage[j], r.forward_linkage[j], 1e-9)) << j;
  }

  // D_cba of each final-demand region = S L (Y summed over that region's columns)
  Eigen::MatrixXd S(2, n);
  for (Eigen::Index q = 0; q < 2; ++q)
    for (Eigen::Index j = 0; j < n; ++j)
      S(q, j) = x(j) != 0.0 ? t.F[static_cast<size_t>(q * n + j)] / x(j) : 0.0;
  for (const auto& reg : t.regions()) {
    Eigen::VectorXd y = Eigen::VectorXd::Zero(n);
    for (Eigen::Index c = 0; c < k; ++c)
      if (t.fd_region[static_cast<size_t>(c)] == reg) y += Y.col(c);
    const Eigen::VectorXd d = S * (L * y);
    for (const auto& a : r.accounts)
      if (a.region == reg && a.account == "D_cba" && a.stressor != "value_added") {
        EXPECT_TRUE(near_rel(a.value, d(a.stressor == t.stressors[0] ? 0 : 1), 1e-9)) << reg << " " << a.stressor;
      }
  }

  // global footprints equal global production: sum_r D_cba = sum_r D_pba per stressor
  std::map<std::string, double> cba, pba;
  for (const auto& a : r.accounts) (a.account == "D_cba" ? cba : pba)[a.stressor] += a.value;
  ASSERT_EQ(cba.size(), 3u);
  for (const auto& [name, v] : cba) EXPECT_TRUE(near_rel(v, pba[name], 1e-9)) << name;
}

namespace {

/// Copies the pymrio tables into a scratch folder, `edit` changes the text of trade_flows_Z.txt.
template <class Edit>
fs::path edited_copy(Edit edit) {
  const fs::path dir = lightind::cli_test::scratch_dir() / "mrio";
  fs::create_directories(dir);
  fs::copy_file(pymrio_dir() / "finald_demand_Y.txt", dir / "finald_demand_Y.txt");
  std::string z = lightind::cli_test::read_file(pymrio_dir() / "trade_flows_Z.txt");
  edit(z);
  lightind::cli_test::write_file(dir / "trade_flows_Z.txt", z);
  return dir;
}

std::string error_of(const fs::path& dir) {
  try {
    (void)lightind::io::read_pymrio(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

/// Offset of the start of 1-based line `line`.
size_t line_start(const std::string& s, int line) {
  size_t p = 0;
  for (int l = 1; l < line; ++l) p = s.find('\n', p) + 1;
  return p;
}

}  // namespace

TEST(IoParser, TruncatedFileNamesFileAndLine) {
  SKIP_WITHOUT_PYMRIO();
  // cut in the middle of line 10
  const auto dir = edited_copy([](std::string& z) { z.resize(line_start(z, 10) + 40); });
  const std::string msg = error_of(dir);
  EXPECT_NE(msg.find("trade_flows_Z.txt:10:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  // whole lines missing at the end: 40 data rows for 48 columns
  const auto dir2 = edited_copy([](std::string& z) { z.resize(line_start(z, 43)); });
  const std::string msg2 = error_of(dir2);
  EXPECT_NE(msg2.find("trade_flows_Z.txt:43:"), std::string::npos) << msg2;
  EXPECT_NE(msg2.find("expected 48 data rows"), std::string::npos) << msg2;
}

TEST(IoParser, NonNumberCellNamesFileLineAndColumn) {
  SKIP_WITHOUT_PYMRIO();
  const auto dir = edited_copy([](std::string& z) {
    const size_t b = line_start(z, 7);
    size_t p = b;
    for (int c = 0; c < 5; ++c) p = z.find('\t', p) + 1;  // start of the 6th cell
    const size_t e = z.find('\t', p);
    z.replace(p, e - p, "12.5x");
  });
  const std::string msg = error_of(dir);
  EXPECT_NE(msg.find("trade_flows_Z.txt:7:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("column 6"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"12.5x\""), std::string::npos) << msg;
}

TEST(IoParser, MismatchedHeaderAndMissingFile) {
  const auto m = lightind::io::detail::parse_text_matrix("\t\ta\tb\n\t\tx\ty\nr\ts\t1\t2\n", "t.txt");
  EXPECT_EQ(m.index_cols, 2u);
  EXPECT_EQ(m.rows(), 1u);
  EXPECT_EQ(m.cols(), 2u);
  EXPECT_DOUBLE_EQ(m.values[1], 2.0);
  try {
    (void)lightind::io::detail::parse_text_matrix("a\tb\n1\t2\n", "t.txt");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("t.txt:1:"), std::string::npos) << e.what();
  }
  const fs::path empty = lightind::cli_test::scratch_dir();
  EXPECT_NE(error_of(empty).find("trade_flows_Z.txt: cannot open"), std::string::npos) << error_of(empty);
}

TEST(IoCli, ScenarioWritesFourFilesWithExactHeaders) {
  const fs::path out = lightind::cli_test::scratch_dir() / "io";
  const auto r = lightind::cli_test::run_cli("io scenarios/dprk-2013.toml --year 2016 --out '" + out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("largest output multipliers"), std::string::npos) << r.output;
  EXPECT_EQ(first_line(out / "x.csv"), "region,sector,value");
  EXPECT_EQ(first_line(out / "A.csv"), "row_region,row_sector,col_region,col_sector,value");
  EXPECT_EQ(first_line(out / "L.csv"), "row_region,row_sector,col_region,col_sector,value");
  EXPECT_EQ(first_line(out / "multipliers.csv"), "region,sector,multiplier,value");
  EXPECT_EQ(first_line(out / "accounts.csv"), "region,account,stressor,value");
  const std::string mult = lightind::cli_test::read_file(out / "multipliers.csv");
  EXPECT_NE(mult.find("dprk-2013,food,output,"), std::string::npos);
  EXPECT_NE(mult.find(",labour,"), std::string::npos);
  const std::string acc = lightind::cli_test::read_file(out / "accounts.csv");
  EXPECT_NE(acc.find("dprk-2013,D_cba,value_added,"), std::string::npos) << acc;
  EXPECT_NE(acc.find("dprk-2013,D_pba,labour,"), std::string::npos) << acc;
  // nothing left beside the output folder
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
}

TEST(IoParser, FinalDemandRowsMustMatchZ) {
  SKIP_WITHOUT_PYMRIO();
  const fs::path dir = lightind::cli_test::scratch_dir() / "mrio";
  fs::create_directories(dir);
  fs::copy_file(pymrio_dir() / "trade_flows_Z.txt", dir / "trade_flows_Z.txt");
  std::string y = lightind::cli_test::read_file(pymrio_dir() / "finald_demand_Y.txt");
  const size_t p = line_start(y, 6);
  y.replace(p, 4, "regX");
  lightind::cli_test::write_file(dir / "finald_demand_Y.txt", y);
  const std::string msg = error_of(dir);
  EXPECT_NE(msg.find("finald_demand_Y.txt:6: row is regX/"), std::string::npos) << msg;
}

TEST(IoCli, RejectedYearAndMissingInput) {
  const auto r = lightind::cli_test::run_cli("io scenarios/dprk-2013.toml --year 1990 --out /nonexistent/x");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("year"), std::string::npos) << r.output;
  const auto none = lightind::cli_test::run_cli("io");
  EXPECT_EQ(none.code, 1) << none.output;
  EXPECT_NE(none.output.find("SCENARIO"), std::string::npos) << none.output;
}

TEST(IoCli, PymrioCommandAndErrors) {
  SKIP_WITHOUT_PYMRIO();
  const fs::path out = lightind::cli_test::scratch_dir() / "io";
  const auto r = lightind::cli_test::run_cli("io --pymrio '" + pymrio_dir().string() + "' --out '" + out.string() + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("n = 48 industries, 6 regions, 8 sectors"), std::string::npos) << r.output;
  const std::string mult = lightind::cli_test::read_file(out / "multipliers.csv");
  EXPECT_NE(mult.find("reg1,food,emission_type1,"), std::string::npos);
  const auto bad = lightind::cli_test::run_cli("io --pymrio '" + out.string() + "/nowhere'");
  EXPECT_EQ(bad.code, 1) << bad.output;
  EXPECT_NE(bad.output.find("nowhere"), std::string::npos) << bad.output;
}
