// lightind sweep SCENARIO --runs N [--seed S] [--set key=a:b:step | --set key=v1,v2,... | --set key=v]...
//                [--db FILE] [--out DIR] [--force] [--threads T]
//
// Runs the grid of settings x N seeds (include/lightind/sweep.hpp), writes each finished run
// into the results database (default DIR/results.sqlite) and DIR/bands.csv (default DIR:
// out/sweep-<name>). Rerunning the same command skips the runs already in the database. DIR
// must be missing, empty or a lightind folder (its marker .lightind-run), unless --force
// (src/results/output.hpp).
//
// Under mpirun or srun (detected from the launcher's environment: OMPI_COMM_WORLD_SIZE,
// PMIX_RANK, PMI_RANK or PMI_SIZE), the runs still to do are dealt to the ranks round-robin;
// rank 0 writes the database and bands.csv, the other ranks send it their results. A plain
// launch never initialises MPI. `lightind` links no MPI library: under a launcher it execs
// lightind-mpi (built from this file with LIGHTIND_WITH_MPI; src/cli/helpers.hpp). docs/CLUSTER.md.
//
// Exit codes: 0 done, 2 rejected scenario or --set, 1 other error.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#ifdef LIGHTIND_WITH_MPI
#include <mpi.h>
#endif

#include "cli/commands.hpp"
#include "cli/helpers.hpp"
#include "cli/mpi_session.hpp"
#include "cli/options.hpp"
#include "lightind/analysis.hpp"
#include "lightind/indicators.hpp"
#include "lightind/scenario.hpp"
#include "lightind/sweep.hpp"
#include "results/output.hpp"

namespace lightind::cli {

namespace {

namespace fs = std::filesystem;

struct SweepArgs {
  std::string scenario;
  int runs = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> sets;
  std::string db;
  std::string out;
  int threads = 0;
  bool quiet = false;
  bool force = false;
  std::vector<std::string> indicators;  ///< bands.csv and the summary: only these (default: all, headline)
  bool breakdowns = false;              ///< bands.csv: also the sector and region rows
  int year = 0;                         ///< the summary's year (0: the run's last)
};

/// Progress on standard error: a bar redrawn in place on a terminal, else a plain line at
/// most every few seconds and at the end.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}

  void operator()(const sweep::Progress& p) {
    if (quiet_) return;
    const int ran = p.done - p.skipped;
    const double rate = p.seconds > 0 && ran > 0 ? ran / p.seconds : 0.0;
    const int left = p.total - p.done;
    const std::string eta = rate > 0 ? duration(left / rate) : "?";
    const bool last = p.done == p.total;
    if (tty_) {
      const int width = 30, filled = p.total > 0 ? width * p.done / p.total : width;
      fmt::print(stderr, "\rsweep [{}{}] {}/{} runs, {:.2f} runs/s, {} left   ", std::string(size_t(filled), '#'),
                 std::string(size_t(width - filled), ' '), p.done, p.total, rate, eta);
      if (last) fmt::print(stderr, "\n");
      return;
    }
    if (!last && p.seconds - last_print_ < 5.0 && p.done != p.skipped) return;
    if (last && printed_last_) return;
    last_print_ = p.seconds;
    printed_last_ = last;
    fmt::print(stderr, "sweep: {}/{} runs done ({} were already in the database), {:.2f} runs/s, {} left\n", p.done,
               p.total, p.skipped, rate, eta);
  }

 private:
  static std::string duration(double s) {
    if (!std::isfinite(s)) return "?";
    const auto t = static_cast<long long>(std::llround(s));
    if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, t / 60 % 60);
    if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
    return fmt::format("{}s", t);
  }
  bool quiet_, tty_;
  double last_print_ = -1e9;
  bool printed_last_ = false;
};

struct Paths {
  fs::path out, db;
};

Paths paths_of(const SweepArgs& a, const sweep::Plan& plan) {
  Paths p;
  p.out = a.out.empty() ? fs::path("out") / ("sweep-" + detail::output::folder_name(plan.descriptions.front().name))
                        : fs::path(a.out);
  p.db = a.db.empty() ? p.out / "results.sqlite" : fs::path(a.db);
  return p;
}

/// bands.csv, one setting at a time (memory: one setting's runs), through a temporary
/// sibling renamed into place: a reader never sees a half-written file. Only the rows
/// `a.indicators` and `a.breakdowns` ask for (national rows of every indicator by default:
/// the database keeps every row). Then the summary of what varied and what it did, on
/// standard output and in DIR/summary.txt.
void write_bands(const SweepArgs& a, const sweep::Plan& plan, sweep::Store& store, const Paths& paths, bool quiet) {
  const fs::path path = paths.out / "bands.csv";
  const std::vector<std::string> summary_indicators =
      a.indicators.empty() ? analysis::headline_indicators() : a.indicators;
  const int year = a.year != 0 ? a.year : plan.descriptions.front().end.year;
  std::vector<std::vector<std::pair<std::string, sweep::AnnualBand>>> annual;
  {
    detail::output::AtomicFile f(path);  // checked writes, fsync, renamed into place
    sweep::Names names;
    const sweep::BandRows rows{a.indicators, a.breakdowns};
    for (size_t s = 0; s < plan.settings.size(); ++s) {
      const sweep::Bands b = sweep::setting_bands(plan, store, names, static_cast<int>(s));
      annual.push_back(sweep::annual_bands(b, names, summary_indicators, year));
      f.write(sweep::bands_csv({sweep::select_rows(b, names, rows)}, names, s == 0));
    }
    f.commit();
  }
  const std::string summary = sweep::sweep_summary_text(plan, sweep::sweep_effects(annual), year);
  detail::output::write_file_atomic(paths.out / "summary.txt", summary);
  if (!quiet) {
    fmt::print("wrote {} (p5 p25 p50 p75 p95 of {} setting{} x {} seeds; {}{}; {}) and the runs in {}\n",
               path.string(), plan.settings.size(), plan.settings.size() == 1 ? "" : "s", plan.runs_per_setting,
               a.indicators.empty() ? "every indicator" : fmt::format("{} indicators", a.indicators.size()),
               a.breakdowns ? ", national, sector and region rows" : ", national rows (--breakdowns for the rest)",
               fmt::format("{:.1f} MB", static_cast<double>(fs::file_size(path)) / 1e6), paths.db.string());
    fmt::print("\n{}", summary);
  }
}

/// Checks --indicators (national indicators of the registry) and --year (inside the run)
/// before anything runs: a usage error (exit 2) otherwise.
int check_summary_args(const SweepArgs& a, const sweep::Plan& plan) {
  for (const std::string& name : a.indicators)
    if (indicators::find(name) == nullptr) {
      std::vector<std::string> known;
      for (const auto& i : indicators::all())
        if (i.level == indicators::Level::aggregate) known.emplace_back(i.name);
      const std::string best = closest(name, known);
      fmt::print(stderr, "lightind: sweep: --indicators: expected national indicators (docs/INDICATORS.md), found "
                         "\"{}\"{}\n",
                 name, best.empty() ? "" : " (did you mean \"" + best + "\"?)");
      return 2;
    }
  const Description& d = plan.descriptions.front();
  if (a.year != 0 && (a.year < d.start.year || a.year > d.end.year)) {
    fmt::print(stderr, "lightind: sweep: --year: expected a year of the run ({} to {}), found {}\n", d.start.year,
               d.end.year, a.year);
    return 2;
  }
  return 0;
}

void print_summary(const sweep::Plan& plan, const sweep::Summary& s, int ranks, int threads) {
  fmt::print(
      "sweep of {}: {} setting{} x {} seeds (base seed {}) = {} runs; {} run now, {} already in the database{}; "
      "{:.2f} s, {} rank{} x {} thread{} (runs {:.2f} s summed, database writes {:.2f} s)\n",
      plan.descriptions.front().name, plan.settings.size(), plan.settings.size() == 1 ? "" : "s", plan.runs_per_setting,
      plan.base_seed, s.total, s.ran, s.skipped,
      s.taken_by_others ? fmt::format(", {} finished by another process", s.taken_by_others) : "", s.seconds, ranks,
      ranks == 1 ? "" : "s", threads, threads == 1 ? "" : "s", s.run_seconds, s.write_seconds);
}

/// The sweep's database, opened so that a refusal writes nothing: the output folder is
/// checked first, an existing database is verified (Store's constructor) before the output
/// folder is claimed, and only then is a new database created.
std::unique_ptr<sweep::Store> open_store(const Paths& paths, bool force) {
  detail::output::check_folder(paths.out, force);
  std::unique_ptr<sweep::Store> store;
  if (fs::exists(paths.db)) store = std::make_unique<sweep::Store>(paths.db.string());
  detail::output::claim_folder(paths.out, force, "sweep");
  if (!store) {
    if (!paths.db.parent_path().empty()) fs::create_directories(paths.db.parent_path());
    store = std::make_unique<sweep::Store>(paths.db.string());
  }
  return store;
}

int effective_threads(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int run_local(const SweepArgs& a) {
  const sweep::Plan plan = sweep::make_plan(a.scenario, a.sets, a.runs, a.seed);
  if (const int code = check_summary_args(a, plan); code != 0) return code;
  const Paths paths = paths_of(a, plan);
  std::unique_ptr<sweep::Store> store = open_store(paths, a.force);
  ProgressPrinter progress(a.quiet);
  sweep::Options opt;
  opt.threads = a.threads;
  opt.progress = [&](const sweep::Progress& p) { progress(p); };
  const sweep::Summary s = sweep::run_sweep(plan, *store, opt);
  if (!a.quiet) print_summary(plan, s, 1, effective_threads(a.threads));
  write_bands(a, plan, *store, paths, a.quiet);
  return 0;
}

#ifdef LIGHTIND_WITH_MPI

constexpr int kTagResult = 1, kTagError = 2;

[[noreturn]] void abort_all(const std::string& msg) {
  fmt::print(stderr, "lightind: error: {}\n", msg);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::abort();
}

int run_mpi(const SweepArgs& a) {
  MpiSession mpi(MPI_THREAD_SERIALIZED);  // several threads call MPI, never two at once
  // Every rank plans (deterministic); a rejected scenario or --set is reported by rank 0 only.
  sweep::Plan plan;
  try {
    plan = sweep::make_plan(a.scenario, a.sets, a.runs, a.seed);
  } catch (const ScenarioError&) {
    if (mpi.rank == 0) throw;
    return 2;
  }
  if (const int code = check_summary_args(a, plan); code != 0) return code;
  const Paths paths = paths_of(a, plan);

  // Rank 0 opens the database and deals the runs still to do; -1 tells the others it failed.
  std::unique_ptr<sweep::Store> store;
  std::vector<int> todo;
  int skipped = 0;
  std::string failure;
  if (mpi.rank == 0) {
    try {
      store = open_store(paths, a.force);
      store->record_settings(plan);
      for (size_t i = 0; i < plan.runs.size(); ++i)
        if (!store->finished(plan.runs[i].key)) todo.push_back(static_cast<int>(i));
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  int n = failure.empty() ? static_cast<int>(todo.size()) : -1;
  MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (n < 0) {
    if (mpi.rank == 0) throw std::runtime_error(failure);
    return 1;
  }
  todo.resize(static_cast<size_t>(n));
  if (n > 0) MPI_Bcast(todo.data(), n, MPI_INT, 0, MPI_COMM_WORLD);
  skipped = static_cast<int>(plan.runs.size()) - n;

  std::vector<int> mine;
  int remote = 0;  // results rank 0 receives
  for (int k = 0; k < n; ++k) {
    if (k % mpi.size == mpi.rank) mine.push_back(todo[static_cast<size_t>(k)]);
    if (k % mpi.size != 0) ++remote;
  }

  if (mpi.rank != 0) {
    std::mutex mpi_lock;
    try {
      sweep::execute(plan, mine, a.threads, [&](int i, RunResult&& r) {
        std::string bytes(sizeof(int), '\0');
        std::memcpy(bytes.data(), &i, sizeof i);
        bytes += sweep::serialize(r);
        const std::lock_guard<std::mutex> lock(mpi_lock);
        MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kTagResult, MPI_COMM_WORLD);
      });
    } catch (const std::exception& e) {
      const std::string msg = fmt::format("rank {}: {}", mpi.rank, e.what());
      const std::lock_guard<std::mutex> lock(mpi_lock);
      MPI_Send(msg.data(), static_cast<int>(msg.size()), MPI_BYTE, 0, kTagError, MPI_COMM_WORLD);
      return 1;  // rank 0 aborts the job
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return 0;
  }

  // Rank 0: a receiver thread takes the other ranks' results while this thread runs its own;
  // a writer thread writes both into the database, off the path of either.
  const auto t0 = std::chrono::steady_clock::now();
  sweep::Summary sum;
  sum.total = static_cast<int>(plan.runs.size());
  sum.skipped = skipped;
  ProgressPrinter printer(a.quiet);
  sweep::Progress pg;
  pg.total = sum.total;
  pg.skipped = skipped;
  pg.done = skipped;
  printer(pg);
  sweep::WriterThread writer([&](int i, RunResult&& r) {
    sweep::store_result(*store, plan, i, r, sum);
    ++pg.done;
    pg.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    printer(pg);
  });
  std::thread receiver([&] {
    try {
      for (int got = 0; got < remote; ++got) {
        MPI_Status st;
        int flag = 0;
        // Poll gently: a blocking receive would spin a core that rank 0's own runs need.
        while (true) {
          MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
          if (flag) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        int count = 0;
        MPI_Get_count(&st, MPI_BYTE, &count);
        std::string bytes(static_cast<size_t>(count), '\0');
        MPI_Recv(bytes.data(), count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (st.MPI_TAG == kTagError) abort_all(bytes);
        int i = 0;
        if (bytes.size() < sizeof i) abort_all("MPI: a short message");
        std::memcpy(&i, bytes.data(), sizeof i);
        if (i < 0 || static_cast<size_t>(i) >= plan.runs.size()) abort_all("MPI: a result for an unknown run");
        writer.push(i, sweep::deserialize(bytes.substr(sizeof i)));
      }
    } catch (const std::exception& e) {
      abort_all(e.what());
    }
  });
  try {
    sweep::execute(plan, mine, a.threads, [&](int i, RunResult&& r) { writer.push(i, std::move(r)); });
  } catch (const std::exception& e) {
    abort_all(e.what());
  }
  receiver.join();
  try {
    writer.finish();
  } catch (const std::exception& e) {
    abort_all(e.what());
  }
  MPI_Barrier(MPI_COMM_WORLD);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) print_summary(plan, sum, mpi.size, effective_threads(a.threads));
  write_bands(a, plan, *store, paths, a.quiet);
  return 0;
}

#endif

}  // namespace

void add_sweep_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand("sweep", "run a grid of settings x seeds; quantile bands; resumable (MPI-aware)");
  cmd->add_option("scenario", args->scenario, "scenario file (TOML)")->required();
  cmd->add_option("--runs", args->runs, "seeds per setting")->required()->check(CLI::PositiveNumber);
  lightind::cli::add_seed_option(cmd, args->seed, "base seed; run seeds derive from it (default: the scenario's)");
  lightind::cli::add_set_option(cmd, args->sets,
                                "key=value, key=v1,v2,... or key=a:b:step (repeatable; the grid is their product)");
  cmd->add_option("--db", args->db, "results database (default: DIR/results.sqlite)");
  lightind::cli::add_out_options(cmd, args->out, args->force,
                                 "folder for bands.csv (default: out/sweep-<scenario name>)",
                                 "use an existing --out that lightind did not write "
                                 "(a folder without its .lightind-run marker)");
  lightind::cli::add_threads_option(cmd, args->threads, "runs at once in this process (default: all cores)");
  cmd->add_flag("--quiet,-q", args->quiet, "print no progress or summary");
  cmd->add_option("--indicators", args->indicators,
                  "bands.csv and the summary: only these indicators, comma-separated (default: bands of every "
                  "indicator, summary of the headline ones)")
      ->delimiter(',');
  cmd->add_flag("--breakdowns", args->breakdowns,
                "bands.csv: also each sector's and region's rows (default: national rows; the database keeps all)");
  cmd->add_option("--year", args->year, "year of the summary's effects (default: the run's last)");
  // `action` lives in main() for the whole run; it is set only when `sweep` was chosen.
  cmd->callback([&action, args]() {
    action = [args]() -> int {
#ifdef LIGHTIND_WITH_MPI
      if (launched_by_mpi()) return run_mpi(*args);
#elif defined(LIGHTIND_MPI_EXEC)
      // `lightind` itself loads no MPI library: under mpirun, lightind-mpi takes over.
      if (launched_by_mpi()) return exec_helper("lightind-mpi");
#endif
      return run_local(*args);
    };
  });
}

}  // namespace lightind::cli
