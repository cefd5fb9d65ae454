// Tests for the Leontief solvers and the synthetic-economy generator (src/planner).
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include "cli/cli_test_util.hpp"
#include "planner/leontief.hpp"
#include "planner/sparse_economy.hpp"

namespace lightind::planner {
namespace {

Csr miller_blair() {
  return Csr{.rows = 2, .cols = 2, .ptr = {0, 2, 4}, .idx = {0, 1, 0, 1}, .val = {0.15, 0.25, 0.20, 0.05}};
}

double l1(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += std::abs(x);
  return s;
}

double l1_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += std::abs(a[i] - b[i]);
  return s;
}

TEST(Leontief, MillerBlairTwoSectorsGaussSeidel) {
  const std::vector<double> d = {600.0, 1500.0};
  LeontiefOptions gs;
  gs.method = LeontiefMethod::GaussSeidel;
  const auto r = solve_leontief(miller_blair(), d, gs);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(r.x[0], 1247.52, 0.01);
  EXPECT_NEAR(r.x[1], 1841.58, 0.01);
  EXPECT_DOUBLE_EQ(r.alpha, 0.35);
}

TEST(Leontief, MillerBlairTwoSectorsJacobiForwardAndDirect) {
  const std::vector<double> d = {600.0, 1500.0};
  LeontiefOptions jac;
  jac.method = LeontiefMethod::Jacobi;
  LeontiefOptions bwd;
  bwd.method = LeontiefMethod::GaussSeidel;
  bwd.backward = true;
  for (const auto& opt : {jac, bwd}) {
    const auto r = solve_leontief(miller_blair(), d, opt);
    ASSERT_TRUE(r.converged);
    EXPECT_NEAR(r.x[0], 1247.52, 0.01);
    EXPECT_NEAR(r.x[1], 1841.58, 0.01);
  }
  const auto x = solve_leontief_direct(miller_blair(), d);
  EXPECT_NEAR(x[0], 1247.52, 0.01);
  EXPECT_NEAR(x[1], 1841.58, 0.01);
  // L = (I - A)^-1 column by column (Miller & Blair: [[1.2541, 0.3300], [0.2640, 1.1221]]).
  const auto l0 = solve_leontief_direct(miller_blair(), std::vector<double>{1.0, 0.0});
  const auto l1c = solve_leontief_direct(miller_blair(), std::vector<double>{0.0, 1.0});
  EXPECT_NEAR(l0[0], 1.2541, 5e-5);
  EXPECT_NEAR(l0[1], 0.2640, 5e-5);
  EXPECT_NEAR(l1c[0], 0.3300, 5e-5);
  EXPECT_NEAR(l1c[1], 1.1221, 5e-5);
}

// Lay, Linear Algebra and Its Applications, section 2.6 (the Leontief input-output model),
// example 1: consumption matrix C, final demand d = (50, 30, 20); x = (6100/27, 3200/27, 700/9).
// Column sums 0.8, 0.8, 0.6: alpha = 0.8, ||(I - C)^-1||_1 = 4.44 <= 1 / (1 - 0.8) = 5.
Csr lay_three() {
  return Csr{.rows = 3, .cols = 3, .ptr = {0, 3, 6, 9}, .idx = {0, 1, 2, 0, 1, 2, 0, 1, 2},
             .val = {0.5, 0.4, 0.2, 0.2, 0.3, 0.1, 0.1, 0.1, 0.3}};
}
const std::vector<double> kLayDemand = {50.0, 30.0, 20.0};
const std::vector<double> kLayX = {6100.0 / 27.0, 3200.0 / 27.0, 700.0 / 9.0};

TEST(Leontief, ErrorBoundOnLayThreeSectorsByHand) {
  // x0 = (225, 118, 78): residual d - (I - C) x0 = (0.3, 0.2, -0.3), ||r||_1 = 0.8, bound 0.8 / 0.2
  // = 4; the true error is 1.667.
  const std::vector<double> x0 = {225.0, 118.0, 78.0};
  EXPECT_NEAR(leontief_error_bound(lay_three(), kLayDemand, x0), 4.0, 1e-12);
  EXPECT_GE(leontief_error_bound(lay_three(), kLayDemand, x0), l1_diff(x0, kLayX));
  EXPECT_NEAR(leontief_error_bound(lay_three(), kLayDemand, kLayX), 0.0, 1e-12);
  EXPECT_THROW((void)leontief_error_bound(lay_three(), kLayDemand, std::vector<double>{1.0}), std::invalid_argument);
}

TEST(Leontief, EveryMethodSolvesLayThreeSectorsWithinItsBound) {
  LeontiefOptions jac;
  jac.method = LeontiefMethod::Jacobi;
  LeontiefOptions bicg;
  bicg.method = LeontiefMethod::BiCGSTAB;
  LeontiefOptions eig;
  eig.method = LeontiefMethod::EigenBiCGSTAB;
  LeontiefOptions ilu = eig;
  ilu.preconditioner = LeontiefPreconditioner::IncompleteLU;
  int k = 0;
  LeontiefOptions gs;
  gs.method = LeontiefMethod::GaussSeidel;
  for (const auto& opt : {gs, jac, bicg, eig, ilu}) {
    const auto r = solve_leontief(lay_three(), kLayDemand, opt);
    ASSERT_TRUE(r.converged) << k;
    EXPECT_DOUBLE_EQ(r.alpha, 0.8);
    EXPECT_LE(r.relative_bound, 1e-10) << k;
    for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(r.x[i], kLayX[i], 1e-7) << k << " " << i;
    EXPECT_GE(r.error_bound + 1e-12, l1_diff(r.x, kLayX)) << k;
    // The reported bound is the residual bound of the returned x (BiCGSTAB) or sharper (the sweeps).
    EXPECT_LE(r.error_bound, leontief_error_bound(lay_three(), kLayDemand, r.x) * 10.0 + 1e-12) << k;
    ++k;
  }
}

TEST(Leontief, DefaultIsBiCGStabWithGaussSeidelAsFallback) {
  EXPECT_EQ(LeontiefOptions{}.method, LeontiefMethod::BiCGSTAB);
  const auto r = solve_leontief(lay_three(), kLayDemand);
  EXPECT_TRUE(r.converged);
  EXPECT_FALSE(r.fell_back);
  // One iteration cannot reach 1e-10: BiCGSTAB gives way to Gauss-Seidel (one sweep, not
  // converged either), and the result says so.
  LeontiefOptions tight;
  tight.max_iterations = 1;
  const auto t = solve_leontief(lay_three(), kLayDemand, tight);
  EXPECT_TRUE(t.fell_back);
  EXPECT_FALSE(t.converged);
  EXPECT_EQ(t.iterations, 2);  // one of each
}

TEST(Leontief, UnproductiveMatrixIsRejected) {
  Csr a = miller_blair();
  a.val = {0.6, 0.25, 0.5, 0.05};  // column 0 sums to 1.1
  EXPECT_THROW((void)solve_leontief(a, std::vector<double>{1.0, 1.0}), std::invalid_argument);
  EXPECT_THROW((void)solve_leontief(miller_blair(), std::vector<double>{1.0}), std::invalid_argument);
}

class LeontiefGenerated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    economy_ = new SparseEconomy(generate_economy({2000, 15, 42}));
    direct_ = new std::vector<double>(solve_leontief_direct(economy_->a, economy_->final_demand));
  }
  static void TearDownTestSuite() {
    delete economy_;
    delete direct_;
  }
  static SparseEconomy* economy_;
  static std::vector<double>* direct_;
};
SparseEconomy* LeontiefGenerated::economy_ = nullptr;
std::vector<double>* LeontiefGenerated::direct_ = nullptr;

TEST_F(LeontiefGenerated, IterativeAgreesWithDirectAndBoundHolds) {
  LeontiefOptions jac;
  jac.method = LeontiefMethod::Jacobi;
  LeontiefOptions bwd;
  bwd.method = LeontiefMethod::GaussSeidel;
  bwd.backward = true;
  LeontiefOptions gs;
  gs.method = LeontiefMethod::GaussSeidel;
  for (const auto& opt : {LeontiefOptions{}, gs, jac, bwd}) {
    const auto r = solve_leontief(economy_->a, economy_->final_demand, opt);
    ASSERT_TRUE(r.converged);
    EXPECT_LE(r.relative_bound, 1e-10);
    const double err = l1_diff(r.x, *direct_);
    const double norm = l1(*direct_);
    EXPECT_LE(err / norm, 1e-9);
    // The bound is an upper bound on the true error (up to the direct solve's own rounding).
    EXPECT_GE(r.error_bound + 1e-13 * norm, err) << "iterations " << r.iterations;
    for (std::size_t i = 0; i < r.x.size(); ++i)
      ASSERT_NEAR(r.x[i], (*direct_)[i], 1e-9 * std::abs((*direct_)[i])) << "product " << i;
  }
}

TEST_F(LeontiefGenerated, BiCGStabAgreesWithDirectAndItsBoundHolds) {
  for (const double tol : {1e-10, 1e-4, -1e-10, -1e-4}) {  // negative: Eigen's
    LeontiefOptions opt;
    opt.method = tol > 0 ? LeontiefMethod::BiCGSTAB : LeontiefMethod::EigenBiCGSTAB;
    opt.tolerance = std::abs(tol);
    const auto r = solve_leontief(economy_->a, economy_->final_demand, opt);
    ASSERT_TRUE(r.converged) << tol;
    EXPECT_LE(r.relative_bound, opt.tolerance);
    const double err = l1_diff(r.x, *direct_);
    EXPECT_LE(err / l1(*direct_), 10.0 * opt.tolerance);
    EXPECT_GE(r.error_bound + 1e-13 * l1(*direct_), err) << tol;
    EXPECT_NEAR(r.error_bound, leontief_error_bound(economy_->a, economy_->final_demand, r.x),
                1e-6 * r.error_bound + 1e-12 * l1(*direct_));
    EXPECT_NEAR(r.error_bound, r.residual / (1.0 - r.alpha), 1e-12 * r.error_bound);
  }
}

TEST_F(LeontiefGenerated, BiCGStabIsTheSameAtAnyThreadCount) {
  // 2000 products: one fixed block of 4096; 10,000: three blocks, so the threads share them.
  const SparseEconomy e = generate_economy({10000, 15, 7});
  LeontiefOptions opt;
  opt.method = LeontiefMethod::BiCGSTAB;
  std::vector<LeontiefResult> runs;
  for (const int threads : {1, 2, 4}) {
    tbb::task_arena arena(threads);
    arena.execute([&] { runs.push_back(solve_leontief(e.a, e.final_demand, opt)); });
  }
  ASSERT_TRUE(runs[0].converged);
  for (std::size_t k = 1; k < runs.size(); ++k) {
    EXPECT_EQ(runs[k].iterations, runs[0].iterations);
    EXPECT_EQ(runs[k].error_bound, runs[0].error_bound);
    EXPECT_EQ(runs[k].x, runs[0].x);  // bit for bit
  }
}

TEST_F(LeontiefGenerated, BoundAtLooseToleranceBoundsTrueError) {
  // At a loose tolerance the true error is far above rounding: the bound must still hold.
  for (int variant = 0; variant < 3; ++variant) {
    LeontiefOptions opt;
    opt.method = variant == 0 ? LeontiefMethod::Jacobi : LeontiefMethod::GaussSeidel;
    opt.backward = variant == 2;
    opt.tolerance = 1e-4;
    const auto r = solve_leontief(economy_->a, economy_->final_demand, opt);
    const double err = l1_diff(r.x, *direct_);
    EXPECT_GT(err, 0.0);
    EXPECT_GE(r.error_bound, err);
    EXPECT_GE(r.update_bound, r.error_bound);  // alpha / (1 - alpha) ||x_k - x_{k-1}||_1
    EXPECT_LE(r.relative_bound, 1e-4);
  }
}

TEST_F(LeontiefGenerated, BlockedGaussSeidelEqualsPlain) {
  // The cache-blocked forward sweep makes the same iterates as the plain one (only the sums'
  // order differs): same sweeps, same bound, x equal to 1e-10 relative, for uneven blocks too.
  LeontiefOptions plain;
  plain.method = LeontiefMethod::GaussSeidel;
  plain.block_size = economy_->a.rows;
  const auto p = solve_leontief(economy_->a, economy_->final_demand, plain);
  ASSERT_TRUE(p.converged);
  for (const std::int32_t block : {1, 300, 999, 1024}) {
    LeontiefOptions opt;
    opt.method = LeontiefMethod::GaussSeidel;
    opt.block_size = block;
    const auto r = solve_leontief(economy_->a, economy_->final_demand, opt);
    ASSERT_TRUE(r.converged) << block;
    EXPECT_EQ(r.iterations, p.iterations) << block;
    EXPECT_NEAR(r.error_bound, p.error_bound, 1e-6 * p.error_bound) << block;
    EXPECT_LE(l1_diff(r.x, p.x) / l1(p.x), 1e-10) << block;
    for (std::size_t i = 0; i < r.x.size(); ++i) ASSERT_NEAR(r.x[i], p.x[i], 1e-10 * std::abs(p.x[i])) << i;
    const double err = l1_diff(r.x, *direct_);
    EXPECT_GE(r.error_bound + 1e-13 * l1(*direct_), err) << block;
  }
  // At a loose tolerance the blocked solve's bound still bounds the true error.
  LeontiefOptions loose;
  loose.method = LeontiefMethod::GaussSeidel;
  loose.block_size = 300;
  loose.tolerance = 1e-4;
  const auto r = solve_leontief(economy_->a, economy_->final_demand, loose);
  EXPECT_GE(r.error_bound, l1_diff(r.x, *direct_));
}

TEST(SparseEconomy, DeterministicProductiveAndSkewed) {
  const auto a = generate_economy({5000, 15, 7});
  const auto b = generate_economy({5000, 15, 7});
  const auto c = generate_economy({5000, 15, 8});
  EXPECT_EQ(a.a.ptr, b.a.ptr);
  EXPECT_EQ(a.a.idx, b.a.idx);
  EXPECT_EQ(a.a.val, b.a.val);
  EXPECT_EQ(a.final_demand, b.final_demand);
  EXPECT_NE(a.a.val, c.a.val);

  const auto sums = column_abs_sums(a.a);
  for (double s : sums) {
    EXPECT_GE(s, 0.3 - 1e-12);
    EXPECT_LE(s, 0.7 + 1e-12);
  }
  EXPECT_LT(norm1(a.a), 1.0);
  // About K inputs per product, no self-inputs, columns ascending in each row.
  const double mean_k = static_cast<double>(a.a.nnz()) / 5000.0;
  EXPECT_NEAR(mean_k, 15.0, 0.5);
  for (std::int32_t i = 0; i < a.a.rows; ++i)
    for (auto p = a.a.ptr[static_cast<std::size_t>(i)]; p < a.a.ptr[static_cast<std::size_t>(i) + 1]; ++p) {
      EXPECT_NE(a.a.idx[static_cast<std::size_t>(p)], i);
      if (p > a.a.ptr[static_cast<std::size_t>(i)]) {
        EXPECT_LT(a.a.idx[static_cast<std::size_t>(p) - 1], a.a.idx[static_cast<std::size_t>(p)]);
      }
    }
  // Power, steel and transport are inputs to nearly every product.
  for (std::size_t g = 0; g < 3; ++g) {
    const auto uses = a.a.ptr[g + 1] - a.a.ptr[g];
    EXPECT_GT(uses, 5000 * 9 / 10) << "good " << g;
  }
}

TEST(SparseEconomy, BinaryRoundTrip) {
  const auto e = generate_economy({300, 5, 3});
  const auto dir = cli_test::scratch_dir();
  write_economy_binary(e, dir / "e.bin");
  const auto r = read_economy_binary(dir / "e.bin");
  EXPECT_EQ(r.a.rows, e.a.rows);
  EXPECT_EQ(r.a.ptr, e.a.ptr);
  EXPECT_EQ(r.a.idx, e.a.idx);
  EXPECT_EQ(r.a.val, e.a.val);
  EXPECT_EQ(r.final_demand, e.final_demand);
  EXPECT_EQ(r.universal_goods, e.universal_goods);
}

TEST(GenEconomy, CliWritesItsFiles) {
  const auto dir = cli_test::scratch_dir();
  const auto res = cli_test::run_cli("gen-economy --products 1000 --inputs-per-product 15 --seed 5 --out '" +
                                     dir.string() + "'");
  ASSERT_EQ(res.code, 0) << res.output;
  for (const char* line : {"nonzeros:", "max column sum:", "spectral radius bound"})
    EXPECT_NE(res.output.find(line), std::string::npos) << res.output;
  for (const char* f : {"A.csv", "final_demand.csv", "summary.txt", "economy.bin"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  const std::string csv = cli_test::read_file(dir / "A.csv");
  EXPECT_EQ(csv.rfind("row,col,value\n", 0), 0u);
  const auto e = read_economy_binary(dir / "economy.bin");
  EXPECT_EQ(e.a.rows, 1000);
  const auto g = generate_economy({1000, 15, 5});
  EXPECT_EQ(e.a.val, g.a.val);
  // One line per nonzero plus the header.
  std::size_t lines = 0;
  for (char ch : csv) lines += ch == '\n' ? 1u : 0u;
  EXPECT_EQ(lines, static_cast<std::size_t>(e.a.nnz()) + 1);

  const auto bad = cli_test::run_cli("gen-economy --products 1000 --inputs-per-product 2000 --out '" + dir.string() + "'");
  EXPECT_NE(bad.code, 0);
}

}  // namespace
}  // namespace lightind::planner
