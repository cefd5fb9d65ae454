// One Leontief solve per method on an economy file (lightind gen-economy's economy.bin), timed:
// the C++ half of bench/leontief_vs_scipy.py (issue 16). Prints one line per run:
//   method <name> seconds <s> iterations <k> bound <relative L1 bound> alpha <||A||_1>
// and writes x of the last run of the first method to --x FILE (raw little-endian doubles) so that
// the script can compare it with scipy's. --threads: BiCGSTAB's worker threads (default 1).
//
// Usage: lightind_leontief_solve ECONOMY.bin [--methods gs,bicgstab,eigen,eigen-ilu,jacobi] [--reps R] [--tol T] [--threads T] [--x FILE]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "planner/leontief.hpp"
#include "planner/sparse_economy.hpp"

int main(int argc, char** argv) {
  namespace lp = lightind::planner;
  if (argc < 2) {
    std::fputs("usage: lightind_leontief_solve ECONOMY.bin [--methods gs,bicgstab,eigen,eigen-ilu,jacobi] [--reps R] [--tol T] [--threads T] [--x FILE]\n",
               stderr);
    return 2;
  }
  std::string methods = "gs,bicgstab", xfile;
  int reps = 1, threads = 1;
  double tol = 1e-10;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--methods") methods = argv[i + 1];
    else if (arg == "--reps") reps = std::atoi(argv[i + 1]);
    else if (arg == "--tol") tol = std::atof(argv[i + 1]);
    else if (arg == "--x") xfile = argv[i + 1];
    else if (arg == "--threads") threads = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  const lp::SparseEconomy e = lp::read_economy_binary(argv[1]);
  tbb::task_arena arena(threads);  // BiCGSTAB's blocks run on these threads (the sweeps are sequential)
  std::stringstream list(methods);
  std::string m;
  bool first = true;
  while (std::getline(list, m, ',')) {
    lp::LeontiefOptions o;
    o.tolerance = tol;
    if (m == "gs") o.method = lp::LeontiefMethod::GaussSeidel;
    else if (m == "jacobi") o.method = lp::LeontiefMethod::Jacobi;
    else if (m == "bicgstab") o.method = lp::LeontiefMethod::BiCGSTAB;
    else if (m == "eigen") o.method = lp::LeontiefMethod::EigenBiCGSTAB;
    else if (m == "eigen-ilu") {
      o.method = lp::LeontiefMethod::EigenBiCGSTAB;
      o.preconditioner = lp::LeontiefPreconditioner::IncompleteLU;
    } else {
      std::fprintf(stderr, "unknown method %s\n", m.c_str());
      return 2;
    }
    for (int r = 0; r < reps; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      lp::LeontiefResult res;
      arena.execute([&] { res = lp::solve_leontief(e.a, e.final_demand, o); });
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      fmt::print("method {} seconds {:.6f} iterations {} bound {:.3e} alpha {:.6f} converged {}\n", m, s, res.iterations,
                 res.relative_bound, res.alpha, res.converged ? 1 : 0);
      std::fflush(stdout);
      if (first && r + 1 == reps && !xfile.empty()) {
        std::ofstream f(xfile, std::ios::binary);
        f.write(reinterpret_cast<const char*>(res.x.data()), static_cast<std::streamsize>(res.x.size() * sizeof(double)));
      }
    }
    first = false;
  }
  return 0;
}
