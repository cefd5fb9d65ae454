// Leontief solves at product-level scale (issue 4, "Scale"): a plain program that prints a table.
//
// For each N (default 10^3 ... 10^7, K = 15) on a generated economy: the iterative solves to
// 1e-10 (Gauss-Seidel, the default, and Jacobi / power series) beside a plain streaming pass
// over the same CSR arrays in the same run (one SpMV y = A x, and a bare sum over val and col:
// the memory-bandwidth limit), the direct sparse LU where it fits (N <= 10^4), and memory (the
// arrays' bytes and the process's peak RSS so far). Not part of the tests.
//
// GS is the default solve (cache-blocked forward Gauss-Seidel from N > 2^20, --block B to set
// the block), GS0 the plain forward sweep over the same matrix (--no-plain to skip it).
//
// Usage: lightind_bench_leontief [--out FILE] [--max-direct N] [--k K] [--block B] [--no-plain] [N ...]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "planner/leontief.hpp"
#include "planner/sparse_economy.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace lp = lightind::planner;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

/// Best-of-`reps` time of one SpMV over the matrix (the streaming pass the solve is measured
/// against), on one thread like the sweeps.
double time_spmv(const lp::Csr& a, const std::vector<double>& x, std::vector<double>& y, int reps) {
  double best = 1e300;
  tbb::task_arena one(1);
  one.execute([&] {
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      lp::spmv(a, x, y);
      best = std::min(best, seconds_since(t0));
    }
  });
  return best;
}

/// Best-of-`reps` time of a bare pass reading val and col (no gathers): the bandwidth floor.
double time_stream_sum(const lp::Csr& a, int reps, double& sink) {
  double best = 1e300;
  const std::size_t nnz = a.val.size();
  const double* val = a.val.data();
  const std::int32_t* col = a.idx.data();
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    double s = 0.0;
    std::int64_t c = 0;
    for (std::size_t p = 0; p < nnz; ++p) {
      s += val[p];
      c += col[p];
    }
    best = std::min(best, seconds_since(t0));
    sink += s + static_cast<double>(c);
  }
  return best;
}

double rel_l1_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num += std::abs(a[i] - b[i]);
    den += std::abs(b[i]);
  }
  return num / den;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "machine";
  std::string h(buf);
  return h.substr(0, h.find('.'));
}

std::string cpu_name() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown cpu";
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  std::int32_t k = 15;
  std::int64_t max_direct = 10000;
  std::int32_t block = 0;
  bool plain = true;
  std::vector<std::int32_t> sizes;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (arg == "--max-direct" && i + 1 < argc) {
      max_direct = std::atoll(argv[++i]);
    } else if (arg == "--block" && i + 1 < argc) {
      block = static_cast<std::int32_t>(std::atoi(argv[++i]));
    } else if (arg == "--no-plain") {
      plain = false;
    } else if (arg == "--k" && i + 1 < argc) {
      k = static_cast<std::int32_t>(std::atoi(argv[++i]));
    } else {
      sizes.push_back(static_cast<std::int32_t>(std::atoll(arg.c_str())));
    }
  }
  if (sizes.empty()) sizes = {1000, 10000, 100000, 1000000, 10000000};

  std::string text;
  auto emit = [&](const std::string& s) {
    fmt::print("{}", s);
    std::fflush(stdout);
    text += s;
  };
  const std::time_t now = std::time(nullptr);
  char date[32] = {};
  std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M", std::localtime(&now));
  emit(fmt::format("Leontief solves x = (I - A)^-1 d to 1e-10 (relative L1 a-posteriori bound), K = {}, one core\n", k));
  emit(fmt::format("machine: {} ({}), {} cores; {}\n", host_name(), cpu_name(), sysconf(_SC_NPROCESSORS_ONLN), date));
  emit(fmt::format("GS = forward Gauss-Seidel (default: blocks of {} products from N > {}), GS0 = plain forward sweeps,\n"
                   "|GS-0| = relative L1 difference of the two; ",
                   block > 0 ? block : lp::LeontiefOptions::kAutoBlock,
                   block > 0 ? 0 : 2 * lp::LeontiefOptions::kAutoBlock));
  emit("Jac = Jacobi / power series; SpMV = one plain CSR pass y = A x;\n"
       "stream = bare sum over val and col; GS/pass = GS time / (GS sweeps x SpMV); direct = Eigen SparseLU\n\n");
  const std::string head = fmt::format(
      "{:>9} {:>10} {:>8} {:>7} {:>9} {:>9} {:>5} {:>8} {:>7} {:>9} {:>6} {:>8} {:>8} {:>5} {:>8} {:>7} {:>9} {:>9} "
      "{:>9} {:>8}\n",
      "N", "nnz", "CSR MB", "gen s", "SpMV ms", "stream ms", "GS it", "GS s", "GS/pass", "GS bound", "GS0 it", "GS0 s",
      "|GS-0|", "Jc it", "Jac s",
      "Jc/pass", "direct s", "|it-dir|", "alpha", "RSS MB");
  emit(head);
  emit(std::string(head.size() - 1, '-') + "\n");

  double sink = 0.0;
  for (const std::int32_t n : sizes) {
    auto t0 = Clock::now();
    const lp::SparseEconomy e = lp::generate_economy({n, k, 20260101});
    const double gen_s = seconds_since(t0);
    const lp::Csr& a = e.a;
    const int reps = n >= 1000000 ? 3 : 10;

    std::vector<double> x(e.final_demand), y(static_cast<std::size_t>(n));
    const double spmv_s = time_spmv(a, x, y, reps);
    sink += y[0];
    const double stream_s = time_stream_sum(a, reps, sink);

    lp::LeontiefOptions gopt;
    gopt.method = lp::LeontiefMethod::GaussSeidel;
    gopt.block_size = block;
    t0 = Clock::now();
    const lp::LeontiefResult gs = lp::solve_leontief(a, e.final_demand, gopt);
    const double gs_s = seconds_since(t0);

    std::string gs0_it = "-", gs0_s = "-", gs0_diff = "-";
    if (plain) {
      lp::LeontiefOptions popt;
      popt.method = lp::LeontiefMethod::GaussSeidel;
      popt.block_size = n;
      t0 = Clock::now();
      const lp::LeontiefResult gs0 = lp::solve_leontief(a, e.final_demand, popt);
      gs0_s = fmt::format("{:.3f}", seconds_since(t0));
      gs0_it = fmt::format("{}", gs0.iterations);
      gs0_diff = fmt::format("{:.1e}", rel_l1_diff(gs.x, gs0.x));
    }

    lp::LeontiefOptions jopt;
    jopt.method = lp::LeontiefMethod::Jacobi;
    t0 = Clock::now();
    const lp::LeontiefResult jac = lp::solve_leontief(a, e.final_demand, jopt);
    const double jac_s = seconds_since(t0);

    std::string direct_s = "-", diff = "-";
    if (n <= max_direct) {
      t0 = Clock::now();
      const auto xd = lp::solve_leontief_direct(a, e.final_demand);
      direct_s = fmt::format("{:.3f}", seconds_since(t0));
      diff = fmt::format("{:.1e}", std::max(rel_l1_diff(gs.x, xd), rel_l1_diff(jac.x, xd)));
    }
    emit(fmt::format(
        "{:>9} {:>10} {:>8.1f} {:>7.2f} {:>9.3f} {:>9.3f} {:>5} {:>8.3f} {:>7.2f} {:>9.1e} {:>6} {:>8} {:>8} {:>5} "
        "{:>8.3f} {:>7.2f} {:>9} {:>9} {:>9.4f} {:>8.0f}\n",
        n, a.nnz(), static_cast<double>(a.bytes()) / 1e6, gen_s, spmv_s * 1e3, stream_s * 1e3, gs.iterations, gs_s,
        gs_s / (gs.iterations * spmv_s), gs.relative_bound, gs0_it, gs0_s, gs0_diff, jac.iterations, jac_s, jac_s / (jac.iterations * spmv_s),
        direct_s, diff, gs.alpha, peak_rss_mb()));
  }
  emit(fmt::format("\n(checksum {:.3e})\n", sink));

  if (!out.empty()) {
    std::ofstream f(out);
    f << text;
    fmt::print("wrote {}\n", out);
  }
  return 0;
}
