// lightind: planning and running a sweep (settings x seeds) on oneTBB threads.
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <stdexcept>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "lightind/scenario.hpp"
#include "lightind/sweep.hpp"
#include "scenario/merged.hpp"

namespace lightind::sweep {

Plan make_plan(const std::string& scenario_path, const std::vector<std::string>& sets, int runs_per_setting,
               std::uint64_t base_seed) {
  std::vector<Axis> axes;
  for (const std::string& s : sets) axes.push_back(parse_set(s));
  return make_plan_axes(scenario_path, axes, runs_per_setting, base_seed);
}

Plan make_plan_axes(const std::string& scenario_path, const std::vector<Axis>& axes, int runs_per_setting,
                    std::uint64_t base_seed) {
  if (runs_per_setting < 1)
    throw ScenarioError("--runs", 0, "runs", "a number of runs per setting >= 1", std::to_string(runs_per_setting));
  Plan p;
  p.scenario_path = scenario_path;
  p.runs_per_setting = runs_per_setting;
  p.settings = expand_axes(axes);
  const std::size_t total = p.settings.size() * static_cast<std::size_t>(runs_per_setting);
  if (total > 10000000)
    throw ScenarioError("--runs", 0, "runs", "at most 10^7 runs in a sweep (settings x runs)", std::to_string(total));
  p.tree = std::make_shared<const lightind::detail::Value>(lightind::detail::load_merged_tree(scenario_path));
  p.descriptions.reserve(p.settings.size());
  for (const Setting& s : p.settings)
    p.descriptions.push_back(lightind::detail::description_of_tree(*p.tree, scenario_path, s.assignments));
  p.scenario_hash = scenario_hash(scenario_path);
  p.base_seed = base_seed != 0 ? base_seed : p.descriptions.front().seed;
  p.runs.reserve(total);
  for (const Setting& s : p.settings)
    for (int j = 0; j < runs_per_setting; ++j) {
      PlannedRun r;
      r.setting = s.index;
      r.seed_index = j;
      r.seed = derive_seed(p.base_seed, static_cast<std::uint64_t>(j));
      r.key = fmt::format("{}|{}|{}", p.scenario_hash, s.canonical, r.seed);
      p.runs.push_back(std::move(r));
    }
  return p;
}

RunResult run_one(const Plan& plan, const PlannedRun& pr) {
  // As `lightind run --seed SEED --set ...`: the enterprise generators draw from the run's seed.
  const Setting& s = plan.settings[static_cast<size_t>(pr.setting)];
  const Description d = plan.tree ? lightind::detail::description_of_tree(*plan.tree, plan.scenario_path, s.assignments, pr.seed)
                                  : load_scenario(plan.scenario_path, s.assignments, pr.seed);
  RunOptions opt;
  opt.seed = pr.seed;
  opt.threads = 0;  // no global limit: the sweep's arena bounds the threads
  opt.keep_accounts = false;
  return run(d, opt);
}

// ---------------------------------------------------------------------------------------
// A run's result as bytes: little-endian fields, strings length-prefixed. Both ends are the
// same program on the same kind of machine (MPI ranks of one job).

namespace {

class Writer {
 public:
  template <class T>
  void pod(const T& v) {
    const auto* p = reinterpret_cast<const char*>(&v);
    out.append(p, sizeof v);
  }
  void str(const std::string& s) {
    pod(static_cast<std::uint64_t>(s.size()));
    out += s;
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void strs(const std::vector<std::string>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(const std::string& b) : b_(b) {}
  template <class T>
  T pod() {
    T v;
    need(sizeof v);
    std::memcpy(&v, b_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string str() {
    const auto n = static_cast<size_t>(pod<std::uint64_t>());
    need(n);
    std::string s = b_.substr(at_, n);
    at_ += n;
    return s;
  }
  template <class T>
  std::vector<T> vec() {
    const auto n = static_cast<size_t>(pod<std::uint64_t>());
    if (n > b_.size()) need(n * sizeof(T));
    need(n * sizeof(T));
    std::vector<T> v(n);
    if (n > 0) std::memcpy(v.data(), b_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
    return v;
  }
  std::vector<std::string> strs() {
    const auto n = static_cast<size_t>(pod<std::uint64_t>());
    if (n > b_.size()) need(n);
    std::vector<std::string> v;
    v.reserve(n);
    for (size_t i = 0; i < n; ++i) v.push_back(str());
    return v;
  }
  [[nodiscard]] bool done() const { return at_ == b_.size(); }

 private:
  void need(size_t n) const {
    if (n > b_.size() - at_) throw std::runtime_error("sweep: truncated run result message");
  }
  const std::string& b_;
  size_t at_ = 0;
};

constexpr std::uint32_t kMagic = 0x4c495231;  // "LIR1"

}  // namespace

std::string serialize(const RunResult& r) {
  Writer w;
  w.pod(kMagic);
  w.str(r.scenario);
  w.pod(r.seed);
  w.pod(r.wall_seconds);
  w.pod(r.agent_months);
  const Series& s = r.series;
  w.strs(s.indicators);
  w.strs(s.sectors);
  w.strs(s.regions);
  w.vec(s.month);
  w.vec(s.indicator);
  w.vec(s.sector);
  w.vec(s.region);
  w.vec(s.value);
  w.pod(static_cast<std::uint64_t>(r.events.size()));
  for (const Event& e : r.events) {
    w.pod(static_cast<std::int32_t>(e.month));
    w.str(e.kind);
    w.str(e.subject);
    w.str(e.text);
  }
  return std::move(w.out);
}

RunResult deserialize(const std::string& bytes) {
  Reader rd(bytes);
  if (rd.pod<std::uint32_t>() != kMagic) throw std::runtime_error("sweep: not a run result message");
  RunResult r;
  r.scenario = rd.str();
  r.seed = rd.pod<std::uint64_t>();
  r.wall_seconds = rd.pod<double>();
  r.agent_months = rd.pod<std::int64_t>();
  Series& s = r.series;
  s.indicators = rd.strs();
  s.sectors = rd.strs();
  s.regions = rd.strs();
  s.month = rd.vec<std::int32_t>();
  s.indicator = rd.vec<std::int16_t>();
  s.sector = rd.vec<std::int16_t>();
  s.region = rd.vec<std::int16_t>();
  s.value = rd.vec<double>();
  const auto n = rd.pod<std::uint64_t>();
  for (std::uint64_t i = 0; i < n; ++i) {
    Event e;
    e.month = rd.pod<std::int32_t>();
    e.kind = rd.str();
    e.subject = rd.str();
    e.text = rd.str();
    r.events.push_back(std::move(e));
  }
  if (!rd.done()) throw std::runtime_error("sweep: trailing bytes in a run result message");
  return r;
}

// ---------------------------------------------------------------------------------------

void execute(const Plan& plan, const std::vector<int>& indices, int threads,
             const std::function<void(int, RunResult&&)>& sink, const std::function<bool(int)>& skip) {
  if (indices.empty()) return;
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  std::mutex m;
  arena.execute([&] {
    // One run per task, in index order as far as the workers go; each run's own parallel
    // loops are isolated so that a waiting thread never starts another run inside them.
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, indices.size(), 1),
        [&](const tbb::blocked_range<size_t>& range) {
          for (size_t k = range.begin(); k != range.end(); ++k) {
            const int i = indices[k];
            if (skip) {
              const std::lock_guard<std::mutex> lock(m);
              if (skip(i)) continue;
            }
            RunResult r;
            tbb::this_task_arena::isolate([&] { r = run_one(plan, plan.runs[static_cast<size_t>(i)]); });
            const std::lock_guard<std::mutex> lock(m);
            sink(i, std::move(r));
          }
        },
        tbb::simple_partitioner());
  });
}

std::vector<Bands> bands_in_memory(const Plan& plan, Names& names, int threads,
                                   const std::function<void(int, int)>& progress) {
  const auto n = static_cast<size_t>(plan.runs_per_setting);
  std::vector<Bands> out(plan.settings.size());
  std::vector<std::vector<Rows>> rows(plan.settings.size());
  std::vector<size_t> finished(plan.settings.size(), 0);
  std::vector<int> all(plan.runs.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  int done = 0;
  execute(plan, all, threads, [&](int i, RunResult&& r) {
    const PlannedRun& pr = plan.runs[static_cast<size_t>(i)];
    const auto s = static_cast<size_t>(pr.setting);
    if (rows[s].empty()) rows[s].resize(n);
    rows[s][static_cast<size_t>(pr.seed_index)] = to_rows(r.series, names);
    if (++finished[s] == n) {
      out[s] = compute_bands(plan.settings[s].label, rows[s]);
      rows[s] = {};
    }
    ++done;
    if (progress) progress(done, static_cast<int>(all.size()));
  });
  return out;
}

Bands setting_bands(const Plan& plan, Store& store, Names& names, int setting) {
  const auto n = static_cast<size_t>(plan.runs_per_setting);
  const auto s = static_cast<size_t>(setting);
  std::vector<Rows> rows;
  rows.reserve(n);
  for (size_t j = 0; j < n; ++j) rows.push_back(store.read(plan.runs[s * n + j].key, names));
  return compute_bands(plan.settings[s].label, rows);
}

std::vector<Bands> bands_from_store(const Plan& plan, Store& store, Names& names) {
  std::vector<Bands> out;
  for (size_t s = 0; s < plan.settings.size(); ++s)
    out.push_back(setting_bands(plan, store, names, static_cast<int>(s)));
  return out;
}

void store_result(Store& store, const Plan& plan, int i, const RunResult& r, Summary& sum) {
  const auto w0 = std::chrono::steady_clock::now();
  if (store.write(plan, plan.runs[static_cast<size_t>(i)], r))
    ++sum.ran;
  else
    ++sum.taken_by_others;
  sum.write_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  sum.run_seconds += r.wall_seconds;
}

struct WriterThread::Impl {
  std::function<void(int, RunResult&&)> write;
  size_t capacity = 8;
  std::mutex queue_m, write_m;
  std::condition_variable changed;
  std::deque<std::pair<int, RunResult>> queue;
  bool closing = false;
  std::exception_ptr error;
  std::thread thread;

  void loop() {
    while (true) {
      std::pair<int, RunResult> item;
      {
        std::unique_lock<std::mutex> lk(queue_m);
        changed.wait(lk, [&] { return closing || !queue.empty(); });
        if (queue.empty()) return;  // closing and nothing left
        item = std::move(queue.front());
        queue.pop_front();
      }
      changed.notify_all();  // room for a waiting push
      bool failed = false;
      {
        const std::lock_guard<std::mutex> lk(queue_m);
        failed = error != nullptr;
      }
      if (failed) continue;  // after a failure the rest is dropped
      try {
        const std::lock_guard<std::mutex> lk(write_m);
        write(item.first, std::move(item.second));
      } catch (...) {
        const std::lock_guard<std::mutex> lk(queue_m);
        error = std::current_exception();
      }
    }
  }
};

WriterThread::WriterThread(std::function<void(int, RunResult&&)> write, size_t capacity)
    : impl_(std::make_unique<Impl>()) {
  impl_->write = std::move(write);
  impl_->capacity = capacity > 0 ? capacity : 1;
  impl_->thread = std::thread([im = impl_.get()] { im->loop(); });
}

WriterThread::~WriterThread() {
  try {
    finish();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the owner did not ask; the error was its to fetch
  }
}

void WriterThread::push(int i, RunResult&& r) {
  Impl& im = *impl_;
  std::unique_lock<std::mutex> lk(im.queue_m);
  im.changed.wait(lk, [&] { return im.error != nullptr || im.queue.size() < im.capacity; });
  if (im.error) std::rethrow_exception(im.error);
  im.queue.emplace_back(i, std::move(r));
  lk.unlock();
  im.changed.notify_all();
}

void WriterThread::finish() {
  Impl& im = *impl_;
  if (im.thread.joinable()) {
    {
      const std::lock_guard<std::mutex> lk(im.queue_m);
      im.closing = true;
    }
    im.changed.notify_all();
    im.thread.join();
  }
  if (im.error) std::rethrow_exception(im.error);
}

std::mutex& WriterThread::lock() { return impl_->write_m; }

Summary run_sweep(const Plan& plan, Store& store, const Options& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  store.record_settings(plan);
  Summary sum;
  sum.total = static_cast<int>(plan.runs.size());
  std::vector<int> todo;
  for (size_t i = 0; i < plan.runs.size(); ++i)
    if (!store.finished(plan.runs[i].key)) todo.push_back(static_cast<int>(i));
  sum.skipped = sum.total - static_cast<int>(todo.size());
  Progress pg;
  pg.total = sum.total;
  pg.skipped = sum.skipped;
  pg.done = sum.skipped;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  if (opt.progress) {
    pg.seconds = elapsed();
    opt.progress(pg);
  }
  // The writer thread owns the store while it writes; skip() and the counts take its lock.
  WriterThread writer([&](int i, RunResult&& r) {
    store_result(store, plan, i, r, sum);
    ++pg.done;
    if (opt.progress) {
      pg.seconds = elapsed();
      opt.progress(pg);
    }
  });
  execute(
      plan, todo, opt.threads, [&](int i, RunResult&& r) { writer.push(i, std::move(r)); },
      [&](int i) {
        // Finished meanwhile by another sweep on the same database: count it and move on.
        const std::lock_guard<std::mutex> lock(writer.lock());
        if (!store.finished(plan.runs[static_cast<size_t>(i)].key)) return false;
        ++sum.taken_by_others;
        ++pg.done;
        if (opt.progress) {
          pg.seconds = elapsed();
          opt.progress(pg);
        }
        return true;
      });
  writer.finish();
  sum.seconds = elapsed();
  return sum;
}

}  // namespace lightind::sweep
