// lightind fit SCENARIO --data FILE [--free FILE] [--budget N] [--seeds N] [--seed S] [--set key=value]...
//              [--db FILE] [--threads N] [--out DIR] [--force] [--full-run] [--quiet]
//
// Estimates the free parameters of a scenario by the method of simulated moments
// (src/fit/fit.hpp, docs/FIT.md): a Sobol global stage and NLopt BOBYQA from its best points,
// each candidate run with the same seeds, every evaluation one transaction in the fit
// database (default DIR/fit.sqlite). A rerun of the same problem reads the stored evaluations
// instead of running them and so ends at the same estimate. Writes DIR/fitted.toml (an
// `extends` overlay with the estimates), DIR/moments.csv and DIR/evaluations.csv (default DIR:
// out/fit-<scenario name>).
//
// lightind validate SCENARIO --data FILE --holdout Y1-Y2 [the options of fit]
//
// The out-of-sample test (src/fit/validate.hpp, docs/FIT.md "The held-out test"): the same fit
// on the moments wholly before Y1 (default DIR: out/validate-<scenario name>), then the
// fitted scenario's annual growth in and after the sample beside the data and the naive
// baselines: DIR/fit-validation.csv and the table on standard output.
//
// Under mpirun or srun the ranks share the candidates of the global stage; rank 0 keeps the
// database, runs the local stage and writes the files (as `lightind sweep`, docs/CLUSTER.md).
//
// Exit codes: 0 done, 2 a rejected scenario, data or free-parameters file or hold-out, 1 other errors.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
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
#include "fit/fit.hpp"
#include "fit/stats.hpp"
#include "fit/validate.hpp"
#include "results/output.hpp"

namespace lightind::cli {

namespace {

namespace fs = std::filesystem;

struct FitArgs {
  std::string name;     ///< "fit" or "validate"
  std::string holdout;  ///< validate: the held-out years, "Y1-Y2"
  std::string scenario, data, free, db, out;
  int budget = 60;
  int seeds = 4;
  std::uint64_t seed = 0;
  std::vector<std::string> sets;
  int threads = 0;
  bool force = false, quiet = false, full_run = false;
  std::string command;  ///< the command line, for fitted.toml
};

/// The default free-parameters file: SCENARIO with ".toml" replaced by ".free.toml".
std::string default_free(const std::string& scenario) {
  fs::path p(scenario);
  return (p.parent_path() / (p.stem().string() + ".free.toml")).string();
}

/// Progress on standard error: redrawn in place on a terminal, else a line every 5 seconds.
class Printer {
 public:
  explicit Printer(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0), t0_(clock::now()) {}
  void operator()(const fit::Progress& p) {
    if (quiet_) return;
    const double s = std::chrono::duration<double>(clock::now() - t0_).count();
    const bool last = p.evaluations >= p.budget;
    if (!tty_ && !last && s - last_ < 5.0) return;
    last_ = s;
    const int ran = p.evaluations - p.from_db;
    fmt::print(stderr, "{}fit: {}/{} evaluations ({} from the database), stage {}, best distance {:.6g}, {:.2f} eval/s{}",
               tty_ ? "\r" : "", p.evaluations, p.budget, p.from_db, p.stage, p.best, s > 0 ? ran / s : 0.0,
               tty_ && !last ? "   " : "\n");
  }

 private:
  using clock = std::chrono::steady_clock;
  bool quiet_, tty_;
  clock::time_point t0_;
  double last_ = -1e9;
};

struct Problem {
  fit::Data data;  ///< the moments fitted (validate: the in-sample ones)
  fit::Data whole;  ///< validate: the whole data file
  fit::Holdout holdout;
  fit::Free free;
  fit::Options opt;
  std::unique_ptr<fit::Evaluator> ev;
  fs::path out, db;
};

std::unique_ptr<Problem> make_problem(const FitArgs& a) {
  auto p = std::make_unique<Problem>();
  p->data = fit::load_data(a.data);
  if (!a.holdout.empty()) {
    p->holdout = fit::parse_holdout(a.holdout);
    p->whole = std::move(p->data);
    p->data = fit::in_sample(p->whole, p->holdout);
  }
  p->free = fit::load_free(a.free.empty() ? default_free(a.scenario) : a.free);
  p->opt.sets = a.sets;
  p->opt.seeds = a.seeds;
  p->opt.base_seed = a.seed;
  p->opt.budget = a.budget;
  p->opt.threads = a.threads;
  p->opt.truncate = !a.full_run;
  p->ev = std::make_unique<fit::Evaluator>(a.scenario, p->data, p->free, p->opt);
  p->out = a.out.empty() ? fs::path("out") / (a.name + "-" + detail::output::folder_name(p->ev->scenario_name()))
                         : fs::path(a.out);
  p->db = a.db.empty() ? p->out / "fit.sqlite" : fs::path(a.db);
  return p;
}

/// Opens the database so that a refusal writes nothing: the folder is checked, an existing
/// database is checked against the problem, and only then is the folder claimed.
std::unique_ptr<fit::Store> open_store(const FitArgs& a, const Problem& p) {
  detail::output::check_folder(p.out, a.force);
  const std::string text = fit::problem_text(a.scenario, p.data, p.free, p.opt);
  const std::string hash = fit::problem_hash(text);
  std::unique_ptr<fit::Store> store;
  if (fs::exists(p.db)) store = std::make_unique<fit::Store>(p.db.string(), hash, text);
  detail::output::claim_folder(p.out, a.force, a.name);
  if (!store) {
    if (!p.db.parent_path().empty()) fs::create_directories(p.db.parent_path());
    store = std::make_unique<fit::Store>(p.db.string(), hash, text);
  }
  return store;
}

void write_outputs(const FitArgs& a, const Problem& p, fit::Store& store, const fit::Result& r, double seconds,
                   int ranks) {
  const fs::path scenario_abs = fs::absolute(a.scenario).lexically_normal();
  const fs::path out_abs = fs::absolute(p.out).lexically_normal();
  const std::string extends = scenario_abs.lexically_relative(out_abs).generic_string();
  // Standard errors, identification and sensitivity at the estimate (src/fit/stats.hpp).
  std::vector<double> se;
  std::vector<bool> identified;
  std::vector<std::string> reason, names, moment_ids;
  for (const auto& f : p.free.params) names.push_back(f.key);
  for (const auto& m : p.data.moments) moment_ids.push_back(m.id);
  std::string table;
  try {
    const fit::Uncertainty u = fit::uncertainty_at(*p.ev, p.data, p.free, p.opt, store, r.best);
    se.assign(u.se.data(), u.se.data() + u.se.size());
    identified = u.identified;
    reason = u.reason;
    const Eigen::VectorXd est = Eigen::Map<const Eigen::VectorXd>(r.best.theta.data(),
                                                                  static_cast<Eigen::Index>(r.best.theta.size()));
    detail::output::write_file_atomic(p.out / "uncertainty.csv", fit::uncertainty_csv(names, est, moment_ids, u));
    table = fit::uncertainty_text(names, est, moment_ids, u);
  } catch (const std::invalid_argument& e) {
    table = fmt::format("standard errors not computed: {}\n", e.what());
  }
  detail::output::write_file_atomic(p.out / "fitted.toml", fit::fitted_toml(extends, p.ev->scenario_name(), p.free,
                                                                            r.best, a.command, se, identified, reason));
  detail::output::write_file_atomic(p.out / "moments.csv", fit::moments_csv(p.data, r.best));
  std::string ev = "index,stage,loss";
  for (const auto& f : p.free.params) ev += "," + f.key;
  ev += "\n";
  for (const fit::Evaluation& e : r.all) {
    ev += fmt::format("{},{},{}", e.index, e.stage, e.loss);
    for (double t : e.theta) ev += fmt::format(",{}", t);
    ev += "\n";
  }
  detail::output::write_file_atomic(p.out / "evaluations.csv", ev);
  std::vector<fit::ValidationTableRow> rows;
  if (!a.holdout.empty()) {
    rows = fit::validation_rows(a.scenario, p.whole, p.free, p.opt, r.best.theta, p.holdout);
    detail::output::write_file_atomic(p.out / "fit-validation.csv", fit::validation_csv(rows));
  }
  if (a.quiet) return;
  fmt::print("fit of {}: {} evaluations ({} read from {}), {} seeds each, {:.1f} s, {} rank{}; distance {:.6g} "
             "({} moments)\n",
             p.ev->scenario_name(), r.evaluations, r.from_db, p.db.string(), p.opt.seeds, seconds, ranks,
             ranks == 1 ? "" : "s", r.best.loss, p.data.moments.size());
  for (size_t i = 0; i < p.free.params.size(); ++i)
    fmt::print("  {:<32} {:<12.6g} (range {} to {}, start {})\n", p.free.params[i].key, r.best.theta[i],
               p.free.params[i].lo, p.free.params[i].hi, p.free.params[i].start);
  fmt::print("\n{}\nwrote {}, {}, {} and {}\n", table, (p.out / "fitted.toml").string(),
             (p.out / "moments.csv").string(), (p.out / "uncertainty.csv").string(),
             (p.out / "evaluations.csv").string());
  if (a.holdout.empty()) return;
  fmt::print("\nheld out {}-{}: the fit saw {} of the {} moments (those wholly before {}).\n{}wrote {}\n",
             p.holdout.first, p.holdout.last, p.data.moments.size(), p.whole.moments.size(), p.holdout.first,
             fit::validation_text(rows), (p.out / "fit-validation.csv").string());
}

int run_local(const FitArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<Problem> p = make_problem(a);
  std::unique_ptr<fit::Store> store = open_store(a, *p);
  Printer printer(a.quiet);
  const fit::Result r = fit::run_fit(*p->ev, p->free, p->opt, *store, [&](const fit::Progress& pg) { printer(pg); });
  write_outputs(a, *p, *store, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1);
  return 0;
}

#ifdef LIGHTIND_WITH_MPI

/// Waits for a message without spinning a core that this rank's own runs need (Open MPI's
/// blocking calls poll busily).
void wait_gently(int source, int tag) {
  int flag = 0;
  MPI_Status st;
  while (true) {
    MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &st);
    if (flag) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

/// A barrier that sleeps while it waits (rank 0's local stage can take minutes).
void gentle_barrier() {
  MPI_Request req;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  int done = 0;
  while (true) {
    MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

/// The global stage's candidates, dealt round-robin: rank 0 broadcasts their count (-1: it
/// failed) and values; each rank evaluates its share; the others send rank 0 one message per
/// candidate: [k, loss, moments..., variances...].
std::vector<fit::Evaluation> share_batch(const MpiSession& mpi, const fit::Evaluator& ev, size_t dims, size_t moments,
                                         std::vector<std::vector<double>> thetas) {
  int n = static_cast<int>(thetas.size());
  MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (n < 0) return {};
  std::vector<double> flat(static_cast<size_t>(n) * dims);
  if (mpi.rank == 0)
    for (int k = 0; k < n; ++k) std::copy(thetas[k].begin(), thetas[k].end(), flat.begin() + k * dims);
  if (n > 0) MPI_Bcast(flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  thetas.assign(static_cast<size_t>(n), {});
  for (int k = 0; k < n; ++k) thetas[k].assign(flat.begin() + k * dims, flat.begin() + (k + 1) * dims);
  std::vector<fit::Evaluation> out(static_cast<size_t>(n));
  const size_t msg = 2 + 2 * moments;
  for (int k = mpi.rank; k < n; k += mpi.size) {
    fit::Evaluation e = ev.evaluate(thetas[k]);
    if (mpi.rank == 0) {
      out[k] = std::move(e);
      continue;
    }
    std::vector<double> buf{static_cast<double>(k), e.loss};
    buf.insert(buf.end(), e.moments.begin(), e.moments.end());
    buf.insert(buf.end(), e.moment_var.begin(), e.moment_var.end());
    MPI_Send(buf.data(), static_cast<int>(msg), MPI_DOUBLE, 0, 1, MPI_COMM_WORLD);
  }
  if (mpi.rank == 0) {
    const int remote = n - (n + mpi.size - 1) / mpi.size;
    std::vector<double> buf(msg);
    for (int got = 0; got < remote; ++got) {
      wait_gently(MPI_ANY_SOURCE, 1);
      MPI_Recv(buf.data(), static_cast<int>(msg), MPI_DOUBLE, MPI_ANY_SOURCE, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      const auto k = static_cast<size_t>(buf[0]);
      fit::Evaluation& e = out.at(k);
      e.theta = thetas[k];
      e.seeds = ev.seeds();
      e.loss = buf[1];
      e.moments.assign(buf.begin() + 2, buf.begin() + 2 + static_cast<long>(moments));
      e.moment_var.assign(buf.begin() + 2 + static_cast<long>(moments), buf.end());
    }
  }
  return out;
}

int run_mpi(const FitArgs& a) {
  MpiSession mpi;
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<Problem> p;
  try {
    p = make_problem(a);
  } catch (const ScenarioError&) {
    if (mpi.rank == 0) throw;
    return 2;
  }
  const size_t dims = p->free.params.size(), moments = p->data.moments.size();
  if (mpi.rank != 0) {
    (void)share_batch(mpi, *p->ev, dims, moments, {});
    gentle_barrier();
    return 0;
  }
  std::unique_ptr<fit::Store> store;
  try {
    store = open_store(a, *p);
  } catch (...) {
    int fail = -1;
    MPI_Bcast(&fail, 1, MPI_INT, 0, MPI_COMM_WORLD);
    gentle_barrier();
    throw;
  }
  Printer printer(a.quiet);
  fit::Result r;
  try {
    r = fit::run_fit(
        *p->ev, p->free, p->opt, *store, [&](const fit::Progress& pg) { printer(pg); },
        [&](const std::vector<std::vector<double>>& thetas) { return share_batch(mpi, *p->ev, dims, moments, thetas); });
  } catch (const std::exception& e) {
    fmt::print(stderr, "lightind: error: {}\n", e.what());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);  // the other ranks wait at the barrier
  }
  gentle_barrier();
  write_outputs(a, *p, *store, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                mpi.size);
  return 0;
}

#endif

int run_fit_command(const FitArgs& a) {
  try {
#ifdef LIGHTIND_WITH_MPI
    if (launched_by_mpi()) return run_mpi(a);
#elif defined(LIGHTIND_MPI_EXEC)
    // `lightind` itself loads no MPI library: under mpirun, lightind-mpi takes over (as for sweep).
    if (launched_by_mpi()) return exec_helper("lightind-mpi");
#endif
    return run_local(a);
  } catch (const fit::InputError& e) {
    fmt::print(stderr, "lightind: {}: input rejected: {}\n", a.name, e.what());
    return 2;
  }
}

/// The options fit and validate share, and the command's action.
CLI::App* add_fit_like(CLI::App& app, Action& action, const std::string& name, const std::string& about) {
  auto args = std::make_shared<FitArgs>();
  args->name = name;
  auto* cmd = app.add_subcommand(name, about);
  cmd->add_option("scenario", args->scenario, "scenario file (TOML)")->required();
  cmd->add_option("--data", args->data, "observed moments (TOML, scenarios/data/)")->required();
  if (name == "validate")
    cmd->add_option("--holdout", args->holdout,
                    "held-out years Y1-Y2 (or Y): fit on the moments wholly before Y1, score Y1..Y2")
        ->required();
  cmd->add_option("--free", args->free, "free parameters (default: SCENARIO with .free.toml for .toml)");
  cmd->add_option("--budget", args->budget, "candidates evaluated in all, global and local stage (default 60)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--seeds", args->seeds, "runs per candidate, the same seeds for every candidate (default 4)")
      ->check(CLI::Range(1, 10000));
  lightind::cli::add_seed_option(cmd, args->seed, "base seed; run seeds derive from it (default: the scenario's)");
  lightind::cli::add_set_option(cmd, args->sets, "fixed override of every candidate: key=value (repeatable)");
  cmd->add_option("--db", args->db, "fit database (default: DIR/fit.sqlite)");
  lightind::cli::add_out_options(cmd, args->out, args->force, "output folder (default: out/" + name + "-<scenario name>)",
                                 "use an existing --out that lightind did not write "
                                 "(a folder without its .lightind-run marker)");
  lightind::cli::add_threads_option(cmd, args->threads, "a candidate's seeds run at once (default: all cores)");
  cmd->add_flag("--full-run", args->full_run,
                "run each candidate to the scenario's end (default: to December of the data's last year)");
  cmd->add_flag("--quiet,-q", args->quiet, "print no progress or summary");
  cmd->callback([&action, args]() {
    FitArgs& a = *args;
    a.command = fmt::format("lightind {} {} --data {}{}{} --budget {} --seeds {}{}", a.name, a.scenario, a.data,
                            a.holdout.empty() ? "" : " --holdout " + a.holdout, a.free.empty() ? "" : " --free " + a.free,
                            a.budget, a.seeds, a.seed != 0 ? fmt::format(" --seed {}", a.seed) : "");
    for (const std::string& s : a.sets) a.command += " --set " + s;
    if (a.full_run) a.command += " --full-run";
    action = [args]() -> int { return run_fit_command(*args); };
  });
  return cmd;
}

}  // namespace

void add_fit_command(CLI::App& app, Action& action) {
  (void)add_fit_like(
      app, action, "fit",
      "estimate the free parameters by simulated moments (Sobol + BOBYQA); resumable, MPI-aware (docs/FIT.md)");
}

void add_validate_command(CLI::App& app, Action& action) {
  CLI::App* cmd = add_fit_like(app, action, "validate",
                               "out-of-sample test: fit on the years before --holdout, forecast the held-out years, "
                               "RMSE beside naive baselines (fit-validation.csv; docs/FIT.md)");
  cmd->footer(
      "The fit is that of `lightind fit` (same options, resumable database, MPI) on the data's moments whose years\n"
      "all lie before Y1. The fitted scenario then runs over the data's years to December of Y2 with the same seeds;\n"
      "per growth indicator of the data it prints the RMSE of the model's annual growth (mean over seeds) in sample\n"
      "and on Y1..Y2 beside zero growth, last in-sample year's growth and an AR(1) fitted on the in-sample years,\n"
      "and writes DIR/fit-validation.csv (with fitted.toml, moments.csv, uncertainty.csv, evaluations.csv).\n"
      "A hold-out outside the data's years, Y1 > Y2 or no moment before Y1 is refused (exit 2).");
}

}  // namespace lightind::cli
