// lightind: the fit database — one row per evaluated candidate, each written in its own
// transaction, so that a killed fit loses nothing it finished (docs/FIT.md, "Resuming").
#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>

#include "fit/fit.hpp"
#include "results/sqlite.hpp"

namespace lightind::fit {

namespace sq = lightind::detail::sqlite;

namespace {

/// Numbers in the shortest form that reads back exactly, separated by spaces.
std::string join(const std::vector<double>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += fmt::format("{}{}", i ? " " : "", v[i]);
  return out;
}

std::vector<double> split(const std::string& s) {
  std::vector<double> out;
  const char* p = s.c_str();
  while (*p != '\0') {
    char* end = nullptr;
    const double v = std::strtod(p, &end);
    if (end == p) throw std::runtime_error("fit database: a malformed number list \"" + s + "\"");
    out.push_back(v);
    p = end;
    while (*p == ' ') ++p;
  }
  return out;
}

std::vector<std::uint64_t> split_seeds(const std::string& s) {
  std::vector<std::uint64_t> out;
  const char* p = s.c_str();
  while (*p != '\0') {
    char* end = nullptr;
    out.push_back(std::strtoull(p, &end, 10));
    if (end == p) throw std::runtime_error("fit database: a malformed seed list \"" + s + "\"");
    p = end;
    while (*p == ' ') ++p;
  }
  return out;
}

/// The columns an evaluation is read from, in the order evaluation_of takes them.
constexpr const char* kSelect = "SELECT idx, stage, theta, seeds, moments, moment_var, loss FROM fit_evaluations";

/// The evaluation in the current row of a kSelect query.
Evaluation evaluation_of(const sq::Stmt& q) {
  Evaluation e;
  e.index = static_cast<int>(q.integer(0));
  e.stage = q.text(1);
  e.theta = split(q.text(2));
  e.seeds = split_seeds(q.text(3));
  e.moments = split(q.text(4));
  e.moment_var = split(q.text(5));
  e.loss = q.real(6);
  return e;
}

}  // namespace

struct Store::Impl {
  explicit Impl(const std::string& path) : db(path) {}
  sq::Db db;
};

Store::Store(const std::string& path, const std::string& problem_hash, const std::string& problem_text)
    : impl_(new Impl(path)) {
  try {
    impl_->db.busy_timeout(5000);
    impl_->db.exec(
        "CREATE TABLE IF NOT EXISTS fit_problem (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL, "
        "problem TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS fit_evaluations (idx INTEGER PRIMARY KEY, theta_key TEXT NOT NULL UNIQUE, "
        "stage TEXT NOT NULL, theta TEXT NOT NULL, seeds TEXT NOT NULL, moments TEXT NOT NULL, moment_var TEXT NOT NULL, "
        "loss REAL NOT NULL);",
        "cannot create the fit tables");
    sq::Stmt q(impl_->db, "SELECT hash, problem FROM fit_problem WHERE id = 1");
    if (q.row()) {
      if (q.text(0) != problem_hash)
        throw std::runtime_error(fmt::format(
            "fit database {} holds another problem (hash {}, this one {}): its evaluations cannot be reused. It "
            "was made for\n{}and this fit is\n{}Give another --db (or --out), or delete the file to start again",
            path, q.text(0), problem_hash, q.text(1), problem_text));
    } else {
      sq::Stmt ins(impl_->db, "INSERT INTO fit_problem (id, hash, problem) VALUES (1, ?, ?)");
      ins.bind(1, problem_hash).bind(2, problem_text).run("cannot record the fit problem");
    }
  } catch (...) {
    delete impl_;
    throw;
  }
}

Store::~Store() { delete impl_; }

std::optional<Evaluation> Store::find(const std::vector<double>& theta) const {
  const std::string key = join(theta);
  sq::Stmt q(impl_->db, (std::string(kSelect) + " WHERE theta_key = ?").c_str());
  q.bind(1, key);
  if (!q.row()) return std::nullopt;
  return evaluation_of(q);
}

void Store::put(const Evaluation& e) {
  const std::string key = join(e.theta), moments = join(e.moments), var = join(e.moment_var);
  std::string seeds;
  for (size_t i = 0; i < e.seeds.size(); ++i) seeds += fmt::format("{}{}", i ? " " : "", e.seeds[i]);
  impl_->db.exec("BEGIN IMMEDIATE", "cannot begin a transaction");
  try {
    sq::Stmt ins(impl_->db,
                 "INSERT OR IGNORE INTO fit_evaluations (idx, theta_key, stage, theta, seeds, moments, moment_var, "
                 "loss) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, static_cast<long long>(e.index)).bind(2, key).bind(3, e.stage).bind(4, key).bind(5, seeds);
    ins.bind(6, moments).bind(7, var).bind(8, e.loss).run("cannot store an evaluation");
    impl_->db.exec("COMMIT", "cannot commit an evaluation");
  } catch (...) {
    sqlite3_exec(impl_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

int Store::count() const {
  sq::Stmt q(impl_->db, "SELECT COUNT(*) FROM fit_evaluations");
  return q.row() ? static_cast<int>(q.integer(0)) : 0;
}

std::vector<Evaluation> Store::all() const {
  std::vector<Evaluation> out;
  sq::Stmt q(impl_->db, (std::string(kSelect) + " ORDER BY idx").c_str());
  while (q.row()) out.push_back(evaluation_of(q));
  return out;
}

}  // namespace lightind::fit
