// lightind serve: the interactive policy page (cpp-httplib behind the connection layer of
// src/serve/http.hpp), bound to 127.0.0.1 unless told otherwise. Sliders for the policy knobs
// and a separate assumptions panel; each change re-runs the scenario and the page redraws
// its charts with the baseline beside the current run; the settings live in the URL
// (docs/PAGE.md).
//
//   GET /                 the page (ECharts, script, style and the baseline inlined)
//   GET /api/knobs        the knobs: name, label, group, range, baseline value, mapping
//   GET /api/run?K=V...   the run for those settings: monthly values of the page's indicators
//   GET /api/run.csv?...  the same run's whole series as tidy CSV (series.csv's format)
//   GET /api/prefetch?... runs those settings into the cache if a run slot is free now (204)
//   GET /api/runs         the runs in progress (who waits for each), the cache, the runs stopped
//   GET /api/health       "ok"
//
// Validation: an unknown, repeated, malformed, out-of-range or non-UTF-8 parameter gets 400
// with a message (parse_query); the request limits and timeouts are the connection layer's
// (src/serve/http.hpp); other methods get 405, other hosts 421 when bound to loopback; at
// most --max-runs runs at once, a request waiting longer than --queue-wait seconds for a
// slot gets 503 with Retry-After. Runs are cached by their canonical settings, and requests
// for settings already being run share that run. A run nobody waits for any more (its
// requests' connections closed; a prefetch overtaken by a slider's run) stops between two
// months (Running).
#include "serve/server.hpp"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <bit>
#include <cmath>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "lightind/analysis.hpp"
#include "lightind/explain.hpp"
#include "lightind/indicators.hpp"
#include "lightind/lightind.hpp"
#include "results/io.hpp"
#include "report/assets.hpp"
#include "serve/heap.hpp"
#include "serve/http.hpp"
#include "serve/http_front.hpp"
#include "serve/knobs.hpp"
#include "serve/query.hpp"
#include "scenario/merged.hpp"

namespace lightind::serve {

namespace {

using json = nlohmann::ordered_json;


/// The indicators the page draws, in order.
const std::vector<std::string>& page_indicators() {
  static const std::vector<std::string> names(indicators::view(indicators::View::page).begin(),
                                              indicators::view(indicators::View::page).end());
  return names;
}

/// A finished run, as the page and the CSV download need it.
struct Entry {
  RunResult result;
  std::string payload;  ///< the /api/run JSON
  double wall_ms = 0;
};

/// `bytes` in base64 (RFC 4648, with padding).
std::string base64(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    const unsigned b0 = bytes[i], b1 = i + 1 < n ? bytes[i + 1] : 0U, b2 = i + 2 < n ? bytes[i + 2] : 0U;
    out += kDigits[b0 >> 2];
    out += kDigits[((b0 & 3U) << 4) | (b1 >> 4)];
    out += i + 1 < n ? kDigits[((b1 & 15U) << 2) | (b2 >> 6)] : '=';
    out += i + 2 < n ? kDigits[b2 & 63U] : '=';
  }
  return out;
}

/// Monthly values of the page's indicators, compactly: {"dates": [...] (only with `dates`),
/// "values": {name: base64 of the values as little-endian IEEE doubles}}: exact, about 11
/// characters a value instead of about 18 as decimal text, and no number parsing in the page
/// (web/src/page.js decodes them; NaN stands for a month without a value).
json values_json(const Series& s, bool dates) {
  json values = json::object();
  json month_names = json::array();
  bool dates_done = !dates;
  std::vector<double> v;
  for (const std::string& name : page_indicators()) {
    const auto rows = s.aggregate(name);
    if (rows.empty()) continue;
    v.clear();
    for (const auto& [m, x] : rows) {
      v.push_back(std::isfinite(x) ? x : std::nan(""));
      if (!dates_done) month_names.push_back(YearMonth::from_index(m).str());
    }
    dates_done = true;
    static_assert(std::endian::native == std::endian::little, "the page reads little-endian doubles");
    values[name] = base64(reinterpret_cast<const unsigned char*>(v.data()), v.size() * sizeof(double));
  }
  json out = json::object();
  if (dates) out["dates"] = std::move(month_names);
  out["encoding"] = "float64-base64";
  out["values"] = std::move(values);
  return out;
}

json events_json(const std::vector<Event>& events) {
  json out = json::array();
  for (const Event& e : events)
    out.push_back({{"date", YearMonth::from_index(e.month).str()}, {"kind", e.kind}, {"subject", e.subject}, {"text", e.text}});
  return out;
}

json knobs_json(const Knobs& knobs) {
  json out = json::array();
  for (const Knob& k : knobs.list())
    out.push_back({{"name", k.name},
                   {"label", k.label},
                   {"group", k.group},
                   {"unit", k.unit},
                   {"help", k.help},
                   {"plain", k.plain},
                   {"source_key", k.source_key},
                   {"source", k.source},
                   {"kind", k.kind == KnobKind::month     ? "month"
                            : k.kind == KnobKind::integer ? "integer"
                                                                  : "number"},
                   {"min", k.min},
                   {"max", k.max},
                   {"step", k.step},
                   {"value", k.value},
                   {"text", format_value(k, k.value)},
                   {"available", k.available}});
  return out;
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(error_json(message), "application/json");
}

class PageServer {
 public:
  explicit PageServer(const ServeOptions& o)
      : o_(o),
        tree_(detail::load_merged_tree(o.scenario)),
        baseline_desc_(detail::description_of_tree(tree_, o.scenario)),
        knobs_(baseline_desc_, o.scenario),
        slots_(o.max_runs) {}

  /// Runs the baseline (cached for the life of the server) and builds the page.
  void prepare() {
    const auto settings = knobs_.parse({});
    const size_t before = mallinfo2().uordblks;
    baseline_ = run_settings(settings);
    // Each of the page's first moves would fault in fresh memory for its run and for what is
    // kept of it (checkpoints, the answer), until the heap holds the baseline's and kKeptRuns
    // runs' (measured: the first three resumed runs of the reference case took 125-205 ms,
    // the next ones 85-135 ms, while the resident memory grew 75 -> 148 MB and then stayed).
    // So that much is faulted in now, before the page is served: kKeptRuns times what the
    // baseline keeps (the heap's bytes in use, before and after its run).
    const size_t kept = mallinfo2().uordblks;
    if (kept > before) warm_heap(kKeptRuns * (kept - before));
    json inline_data = {{"scenario", baseline_desc_.name},
                        {"title", baseline_desc_.title},
                        {"file", o_.scenario},
                        {"knobs", knobs_json(knobs_)},
                        {"indicators", page_indicators()},
                        {"registry", json::parse(indicators::to_json(baseline_desc_.currency))},
                        {"baseline", json::parse(baseline_->payload)}};
    page_ = web::document("serve", "page", "lightind: " + baseline_desc_.name, web::page_html(),
                          web::script_safe(inline_data.dump()), web::page_js());
  }

  [[nodiscard]] double baseline_ms() const { return baseline_->wall_ms; }
  [[nodiscard]] const std::string& scenario_name() const { return baseline_desc_.name; }

  /// The routes, the answers for other methods and hosts, and the error answers.
  /// `bound`: the address served; when it is a loopback one, only requests whose Host names
  /// this machine's loopback interface are served (no DNS rebinding); `port` the port served.
  void routes(httplib::Server& svr, const std::string& bound, int port) {
    // Before routing (the body, if any, was framed and is never read by cpp-httplib):
    //  - no compression of answers. Debian's cpp-httplib is built with Brotli and compresses
    //    every text and JSON answer when the client accepts "br", at Brotli's default quality
    //    11: measured here, the 1.2 MB page took 5.7 s, a 47 kB run 170 ms instead of 7 ms,
    //    the CSV 6.8 s. On loopback that only costs time, and the library has no switch for
    //    it, so the request's Accept-Encoding is dropped. (The Request object is not const;
    //    the handler only sees it through a const reference.)
    //  - the Host check (421), then the method (405 with Allow for all but GET and HEAD).
    const bool check_host = is_loopback_address(bound);
    svr.set_pre_routing_handler([check_host, bound, port](const httplib::Request& req, httplib::Response& res) {
      const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
      if (check_host) {
        const size_t hosts = req.get_header_value_count("Host");
        if (hosts != 1 && !(hosts == 0 && req.version == "HTTP/1.0")) {
          send_error(res, 400, hosts == 0 ? "missing Host header" : "more than one Host header");
          return httplib::Server::HandlerResponse::Handled;
        }
        const std::string host = req.get_header_value("Host");
        if (hosts == 1 && !loopback_host(host, bound, port)) {
          send_error(res, 421, fmt::format("Host \"{}\" is not this server: it serves the loopback interface only "
                                           "(http://127.0.0.1:{}/ or http://localhost:{}/)",
                                           shown_text(host), port, port));
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      if (req.method != "GET" && req.method != "HEAD") {
        res.set_header("Allow", "GET, HEAD");
        send_error(res, 405, "method not allowed (GET and HEAD only)");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    svr.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(page_, "text/html; charset=utf-8");
    });
    svr.Get("/api/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    svr.Get("/api/knobs", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(knobs_json(knobs_).dump(), "application/json");
    });
    svr.Get("/api/run", [this](const httplib::Request& req, httplib::Response& res) { handle_run(req, res, false); });
    svr.Get("/api/run.csv", [this](const httplib::Request& req, httplib::Response& res) { handle_run(req, res, true); });
    svr.Get("/api/run.settings.csv", [this](const httplib::Request& req, httplib::Response& res) {
      handle_run(req, res, true, true);
    });
    svr.Get("/api/prefetch", [this](const httplib::Request& req, httplib::Response& res) { handle_prefetch(req, res); });
    svr.Get("/api/explain", [this](const httplib::Request& req, httplib::Response& res) { handle_explain(req, res); });
    svr.Get("/api/runs", [this](const httplib::Request&, httplib::Response& res) {
      json running = json::array();
      const std::lock_guard lock(cache_mutex_);
      for (const auto& [key, r] : running_)
        running.push_back({{"query", key},
                           {"waiting", std::count_if(r->waiters.begin(), r->waiters.end(), Running::there)},
                           {"prefetch", !r->waited},
                           {"explain", r->explain}});
      res.set_content(json{{"running", std::move(running)}, {"cached", cache_.size()}, {"stopped", stopped_}}.dump(),
                      "application/json");
    });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      send_error(res, res.status, res.status == 404 ? "no such page (try / or /api/run)" : "bad request");
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "internal error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = fmt::format("internal error: {}", e.what());
      } catch (...) {
      }
      send_error(res, 500, what);
    });
  }

 private:
  /// The checkpoints of a finished run (lightind::run_keeping), with its settings.
  struct Kept {
    std::map<std::string, double> settings;
    std::vector<std::shared_ptr<const RunCheckpoint>> at;  ///< in month order
  };

  /// The latest checkpoint a run of `settings` can resume from: one of a kept run whose
  /// settings differ from `settings` only in knobs that act from its month on or later
  /// (Knobs::acts_from); with the kept run's checkpoints up to there (they hold for `settings`
  /// too). nullptr when none does (a knob the economy is built from differs from every kept run).
  std::shared_ptr<const RunCheckpoint> reusable(const std::map<std::string, double>& settings,
                                                std::vector<std::shared_ptr<const RunCheckpoint>>* inherited) {
    const std::lock_guard lock(kept_mutex_);
    std::shared_ptr<const RunCheckpoint> best;
    const Kept* from = nullptr;
    auto consider = [&](const Kept& k) {
      int until = INT_MAX;  // the first month a differing knob can act
      for (const Knob& knob : knobs_.list()) {
        if (settings.at(knob.name) == k.settings.at(knob.name)) continue;
        if (knob.acts_from < 0) return;
        until = std::min(until, knob.acts_from);
      }
      for (const auto& c : k.at)
        if (checkpoint_month(*c) <= until && (!best || checkpoint_month(*c) > checkpoint_month(*best))) {
          best = c;
          from = &k;
        }
    };
    if (baseline_kept_) consider(*baseline_kept_);
    for (const Kept& k : kept_) consider(k);
    if (best)
      for (const auto& c : from->at)
        if (checkpoint_month(*c) <= checkpoint_month(*best)) inherited->push_back(c);
    return best;
  }

  /// The description of `sets`: the scenario's merged tree, read once, with the overrides
  /// applied, validated and built (the loader's own last steps: the same Description as
  /// load_scenario(file, sets, seed), without reading and parsing the file again).
  [[nodiscard]] Description describe(const std::vector<std::string>& sets, std::uint64_t seed) const {
    return detail::description_of_tree(tree_, o_.scenario, sets, seed);
  }

  /// What a run ends the life of: the checkpoints of the oldest kept run and the oldest cached
  /// answer. A slider's answer frees them after it has been sent (handle_run), not between the
  /// run and the answer, where the checkpoints' frees took about 2.2 ms
  /// (bench/results/issue16-session11-vm-2026-12-06.txt, section 3).
  struct Dropped {
    std::vector<Kept> kept;
    std::vector<std::shared_ptr<const Entry>> entries;
  };

  /// Runs `settings`: from the latest checkpoint it may resume from (a run of the baseline or
  /// of recent settings), else from the start; keeps this run's checkpoints for later ones.
  /// Bit-identical to a full run (tests/serve/test_page_runs.cpp). The page's run skips what
  /// the page does not show: no accounts kept, no database, no files. What it drops goes to
  /// `dropped` when given, else is freed here.
  std::shared_ptr<const Entry> run_settings(const std::map<std::string, double>& settings, Dropped* dropped = nullptr,
                                            const std::function<void()>& between_months = {}) {
    const std::vector<std::string> sets = knobs_.sets(settings);
    const auto t0 = std::chrono::steady_clock::now();
    const Description d = describe(sets, knobs_.seed(settings));
    const auto t1 = std::chrono::steady_clock::now();
    RunOptions opt;
    opt.seed = knobs_.seed(settings);
    opt.threads = o_.threads;
    opt.keep_accounts = false;
    if (between_months) opt.progress = [&between_months](int, int) { between_months(); };  // may throw Stopped
    auto e = std::make_shared<Entry>();
    Kept kept{settings, {}};
    const std::shared_ptr<const RunCheckpoint> from = reusable(settings, &kept.at);
    e->result = from ? resume(*from, d, opt, knobs_.checkpoint_months(), &kept.at)
                     : run_keeping(d, opt, knobs_.checkpoint_months(), kept.at);
    e->wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    {
      const std::lock_guard lock(kept_mutex_);
      if (!baseline_kept_) {
        baseline_kept_ = std::make_unique<Kept>(std::move(kept));
      } else {
        kept_.push_front(std::move(kept));
        while (kept_.size() > kKeptRuns) {
          if (dropped != nullptr) dropped->kept.push_back(std::move(kept_.back()));
          kept_.pop_back();
        }
      }
    }
    json settings_text = json::object();
    for (const Knob& k : knobs_.list()) settings_text[k.name] = format_value(k, settings.at(k.name));
    json p = values_json(e->result.series, !baseline_);
    p["query"] = knobs_.query(settings);
    p["settings"] = std::move(settings_text);
    p["sets"] = sets;
    p["seed"] = std::to_string(e->result.seed);  // text: a 64-bit seed is not exact as a JavaScript number
    p["run_ms"] = e->wall_ms;  // the description with the overrides, and the run
    p["load_ms"] = std::chrono::duration<double, std::milli>(t1 - t0).count();
    p["resumed_from"] = from ? YearMonth::from_index(checkpoint_month(*from)).str() : "";
    p["events"] = events_json(e->result.events);
    e->payload = p.dump();
    return e;
  }

  /// No run slot freed within --queue-wait seconds.
  struct Busy {};
  /// A run stopped because nobody waits for it any more (Running::abandoned).
  struct Stopped {};

  /// Who asks for a run: a request that waits for its answer (a slider's run, its CSV), the
  /// page's prefetch of the next step (nobody waits), or an explanation (its request waits).
  enum class Want { answer, prefetch, explain };

  /// A run in progress and who waits for it (guarded by cache_mutex_). A run nobody waits for
  /// any more is stopped between two months (docs/PAGE.md, "Runs nobody waits for"): on a
  /// 2-core machine it would take the cores from the run the user waits for now. That is a run
  /// whose requests have all gone (the page aborts its request for a slider's earlier position
  /// when the slider is let go elsewhere, and its explain request when a slider moves), and a
  /// prefetch that no request has joined once a slider's request starts a run for other settings.
  struct Running {
    std::shared_future<std::shared_ptr<const Entry>> answer;
    std::vector<int> waiters;  ///< the sockets of the requests waiting for it
    bool waited = false;       ///< a request has waited for it (it is not a prefetch's alone)
    bool explain = false;      ///< an explain request has waited for it
    bool preempted = false;    ///< a prefetch overtaken by a slider's run for other settings

    /// Whether the waiter at socket `fd` is still there: a waiter that is not a request's (-1:
    /// a caller in this process) always is.
    [[nodiscard]] static bool there(int fd) { return fd < 0 || client_connected(fd); }
    [[nodiscard]] bool abandoned() const {
      if (!waited) return preempted;
      return std::none_of(waiters.begin(), waiters.end(), there);
    }
  };

  /// The run for `settings`: from the cache, from a request already running it (its answer
  /// is shared), or run here once a slot is free (waiting at most `wait` seconds; throws
  /// Busy otherwise). Throws ScenarioError when the loader rejects the overrides, Stopped
  /// when the run was stopped because nobody waits for it.
  std::shared_ptr<const Entry> get_run(const std::string& key, const std::map<std::string, double>& settings,
                                       double wait, bool* was_cached, Dropped* dropped = nullptr,
                                       Want want = Want::answer) {
    if (key.empty()) {
      *was_cached = true;
      return baseline_;
    }
    // This request's socket, counted among the run's waiters while it waits (-1: none, as
    // for a run that is not a request's, which then counts as always there).
    const bool waits = want != Want::prefetch;
    const int fd = waits ? current_client_socket() : -1;
    std::shared_ptr<Running> mine;
    struct Leave {  // this request no longer waits (answered, refused or stopped)
      PageServer& s;
      std::shared_ptr<Running> r;
      int fd;
      bool waits;
      ~Leave() {
        if (!waits) return;
        const std::lock_guard lock(s.cache_mutex_);
        if (const auto it = std::find(r->waiters.begin(), r->waiters.end(), fd); it != r->waiters.end()) r->waiters.erase(it);
      }
    };
    auto join = [&](Running& r) {
      if (!waits) return;
      r.waited = true;
      r.explain = r.explain || want == Want::explain;
      r.waiters.push_back(fd);
    };
    std::promise<std::shared_ptr<const Entry>> promise;
    for (;;) {
      std::unique_lock lock(cache_mutex_);
      for (auto it = cache_.begin(); it != cache_.end(); ++it)
        if (it->first == key) {
          cache_.splice(cache_.begin(), cache_, it);  // most recent first
          *was_cached = true;
          return it->second;
        }
      if (const auto it = running_.find(key); it != running_.end()) {
        std::shared_ptr<Running> shared = it->second;
        join(*shared);
        const Leave leave{*this, shared, fd, waits};
        lock.unlock();
        *was_cached = false;
        try {
          return shared->answer.get();  // rethrows that run's ScenarioError
        } catch (const Busy&) {
          continue;  // it found no slot (a prefetch does not wait): try here
        } catch (const Stopped&) {
          // Stopped as this request joined (a prefetch does not count): run it here, unless
          // this request's client has gone too.
          if (want == Want::prefetch || !Running::there(fd)) throw;
          continue;
        }
      }
      mine = std::make_shared<Running>();
      mine->answer = promise.get_future().share();
      join(*mine);
      if (want == Want::answer)  // the slider's run goes first: prefetches nobody joined stop
        for (auto& [k, r] : running_)
          if (!r->waited) r->preempted = true;
      running_.emplace(key, mine);
      break;
    }
    const Leave leave{*this, mine, fd, waits};
    *was_cached = false;
    auto forget = [&] {  // under cache_mutex_: this run leaves running_ (unless stopped: gone already)
      if (const auto it = running_.find(key); it != running_.end() && it->second == mine) running_.erase(it);
    };
    auto finish = [&](auto set) {
      const std::lock_guard lock(cache_mutex_);
      forget();
      set();
    };
    if (!slots_.try_acquire_for(std::chrono::duration<double>(wait))) {
      finish([&] { promise.set_exception(std::make_exception_ptr(Busy{})); });
      throw Busy{};
    }
    struct Release {
      std::counting_semaphore<64>& s;
      ~Release() { s.release(); }
    } release{slots_};
    // Between months: stop when nobody waits any more. The decision and the run's removal
    // from running_ are one step under the lock, so no request joins a run being stopped.
    auto check = [&] {
      const std::lock_guard lock(cache_mutex_);
      if (!mine->abandoned()) return;
      forget();
      ++stopped_;
      throw Stopped{};
    };
    std::shared_ptr<const Entry> e;
    try {
      e = run_settings(settings, dropped, check);
    } catch (...) {
      finish([&] { promise.set_exception(std::current_exception()); });
      throw;
    }
    finish([&] {
      cache_.emplace_front(key, e);
      while (cache_.size() > static_cast<size_t>(o_.cache)) {
        if (dropped != nullptr) dropped->entries.push_back(std::move(cache_.back().second));
        cache_.pop_back();
      }
      promise.set_value(e);
    });
    return e;
  }

  /// The request's settings (parse_query); answers 400 and returns nullopt when they are bad.
  std::optional<std::map<std::string, double>> settings_of(const httplib::Request& req, httplib::Response& res) {
    const std::vector<std::pair<std::string, std::string>> params(req.params.begin(), req.params.end());
    QueryResult r = parse_query(knobs_, params);
    if (!r.ok()) {
      send_error(res, 400, r.error);
      return std::nullopt;
    }
    return std::move(r.settings);
  }

  /// The settings of a run as CSV (`kind,name,value,baseline`): the scenario file, the seed,
  /// every knob (value and baseline) and each `--set` override applied: the side file of a
  /// downloaded run (GET /api/run.settings.csv).
  std::string settings_csv(const std::map<std::string, double>& settings, const std::vector<std::string>& sets,
                           std::uint64_t seed) const {
    using detail::results_io::csv_field;
    std::string out = "kind,name,value,baseline\n";
    out += fmt::format("scenario,file,{},\n", csv_field(o_.scenario));
    out += fmt::format("seed,seed,{},{}\n", seed, baseline_desc_.seed);
    for (const Knob& k : knobs_.list())
      out += fmt::format("knob,{},{},{}\n", csv_field(k.name), csv_field(format_value(k, settings.at(k.name))),
                         csv_field(format_value(k, k.value)));
    for (const std::string& s : sets) {
      const size_t eq = s.find('=');
      out += fmt::format("set,{},{},\n", csv_field(s.substr(0, eq)),
                         csv_field(eq == std::string::npos ? "" : s.substr(eq + 1)));
    }
    return out;
  }

  /// Counts a slider's request while it is answered: explain runs wait for none to be left.
  struct Interactive {
    PageServer& s;
    explicit Interactive(PageServer& server) : s(server) { ++s.interactive_; }
    ~Interactive() {
      {
        const std::lock_guard lock(s.explain_mutex_);
        --s.interactive_;
      }
      s.explain_wake_.notify_all();
    }
  };

  void handle_run(const httplib::Request& req, httplib::Response& res, bool csv, bool settings_file = false) {
    const Interactive busy(*this);
    const auto settings = settings_of(req, res);
    if (!settings) return;
    const std::string key = knobs_.query(*settings);
    bool was_cached = false;
    std::shared_ptr<const Entry> e;
    auto dropped = std::make_shared<Dropped>();
    try {
      e = get_run(key, *settings, o_.queue_wait, &was_cached, dropped.get());
    } catch (const Busy&) {
      res.set_header("Retry-After", "1");
      send_error(res, 503, fmt::format("busy: {} runs in progress and none finished within {} s; try again",
                                       o_.max_runs, o_.queue_wait));
      return;
    } catch (const ScenarioError& err) {
      send_error(res, 400, fmt::format("scenario rejected: {}", err.what()));
      return;
    } catch (const Stopped&) {  // this request's client has gone: nobody reads this
      send_error(res, 503, "stopped: the request's connection closed while its run was in progress");
      return;
    }
    if (settings_file) {
      res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}{}-settings.csv\"",
                                                        baseline_desc_.name, key.empty() ? "" : "-custom"));
      res.set_content(settings_csv(*settings, knobs_.sets(*settings), e->result.seed), "text/csv; charset=utf-8");
      return;
    }
    if (csv) {
      res.set_header("Content-Disposition",
                     fmt::format("attachment; filename=\"{}{}.csv\"", baseline_desc_.name, key.empty() ? "" : "-custom"));
      res.set_content(series_csv(e->result), "text/csv; charset=utf-8");
      return;
    }
    res.set_header("X-Lightind-Cached", was_cached ? "1" : "0");
    // The answer is sent first; what its run dropped is freed once it has gone (cpp-httplib
    // calls the releaser when the response is done with).
    res.set_content_provider(
        e->payload.size(), "application/json",
        [e](size_t offset, size_t length, httplib::DataSink& sink) { return sink.write(e->payload.data() + offset, length); },
        [dropped](bool) {
          dropped->kept.clear();
          dropped->entries.clear();
        });
  }

  /// GET /api/prefetch?...: runs those settings into the cache when a run slot is free at
  /// once (the page asks for the next step in the direction a slider moves); 204 either way.
  /// The run stops if a slider's request starts a run for other settings before it ends.
  void handle_prefetch(const httplib::Request& req, httplib::Response& res) {
    const Interactive busy(*this);
    const auto settings = settings_of(req, res);
    if (!settings) return;
    bool was_cached = false;
    try {
      (void)get_run(knobs_.query(*settings), *settings, 0.0, &was_cached, nullptr, Want::prefetch);
    } catch (const Busy&) {
    } catch (const Stopped&) {
    } catch (const ScenarioError& err) {
      send_error(res, 400, fmt::format("scenario rejected: {}", err.what()));
      return;
    }
    res.status = 204;
  }

  /// GET /api/explain?KNOBS&indicator=NAME&year=YYYY: why the run of these settings differs
  /// from the baseline in the indicator's mean over the year: Shapley contributions of the knobs
  /// that differ (the library's analysis::shapley_exact / shapley_sampled, as `lightind explain`
  /// computes them over scenario settings; here the players are the page's knobs). Each
  /// coalition is a page run (cached, resumed from checkpoints), one at a time on one thread,
  /// and only while no slider request is being answered, so it never delays the sliders. Exact
  /// up to kExplainExact knobs (2^n runs); above, sampled over antithetic orderings within
  /// about kExplainRuns runs, each contribution with its standard error. Answers are cached; a
  /// newer explain request supersedes one in progress (409); one whose connection closes (the
  /// page aborts it when a slider moves) stops, its run in progress between two months (409).
  void handle_explain(const httplib::Request& req, httplib::Response& res) {
    std::vector<std::pair<std::string, std::string>> params;
    std::string indicator = "living_standard_index", year_text;
    for (const auto& [k, v] : req.params) {
      if (k == "indicator") indicator = v;
      else if (k == "year") year_text = v;
      else params.emplace_back(k, v);
    }
    QueryResult q = parse_query(knobs_, params);
    if (!q.ok()) return send_error(res, 400, q.error);
    const auto& names = page_indicators();
    if (std::find(names.begin(), names.end(), indicator) == names.end())
      return send_error(res, 400, fmt::format("indicator: expected one of the page's indicators ({}), found \"{}\"",
                                              fmt::join(names, ", "), shown_text(indicator)));
    int year = baseline_desc_.start.year + (baseline_desc_.end.year - baseline_desc_.start.year) / 2;
    if (!year_text.empty()) {
      const auto ym = YearMonth::parse(year_text + "-01");
      if (!ym || year_text.size() != 4 || ym->year < baseline_desc_.start.year || ym->year > baseline_desc_.end.year)
        return send_error(res, 400, fmt::format("year: expected a year from {} to {}, found \"{}\"",
                                                baseline_desc_.start.year, baseline_desc_.end.year, shown_text(year_text)));
      year = ym->year;
    }
    const std::string key = fmt::format("{}|{}|{}", knobs_.query(q.settings), indicator, year);
    {
      const std::lock_guard lock(explain_mutex_);
      if (const auto it = explained_.find(key); it != explained_.end()) {
        res.set_header("X-Lightind-Cached", "1");
        return res.set_content(it->second, "application/json");
      }
    }
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t generation = ++explain_generation_;
    // The players: the knobs whose value differs from the baseline's.
    std::vector<const Knob*> players;
    for (const Knob& k : knobs_.list())
      if (q.settings.at(k.name) != k.value) players.push_back(&k);
    const int n = static_cast<int>(players.size());
    const bool exact = n <= kExplainExact;
    std::vector<std::vector<int>> orderings;
    std::vector<std::uint64_t> masks;
    if (exact) {
      for (std::uint64_t m = 0; m < (std::uint64_t{1} << n); ++m) masks.push_back(m);
    } else {
      orderings = analysis::shapley_orderings(n, std::max(2, kExplainRuns / n), 1);
      masks = analysis::shapley_masks(n, orderings);
    }
    std::map<std::uint64_t, double> value;
    std::unique_lock one(explain_run_mutex_);  // one explain computing at a time
    const int client = current_client_socket();
    for (const std::uint64_t m : masks) {
      {
        std::unique_lock lock(explain_mutex_);
        explain_wake_.wait(lock, [&] { return interactive_ == 0 || explain_generation_ != generation; });
      }
      if (explain_generation_ != generation) return send_error(res, 409, "superseded by a newer explain request");
      // The page aborts its explain request when a slider moves: no more runs for it.
      if (!Running::there(client))
        return send_error(res, 409, "stopped: the explain request's connection closed");
      std::map<std::string, double> coalition;
      for (const Knob& k : knobs_.list()) coalition[k.name] = k.value;
      for (int i = 0; i < n; ++i)
        if ((m >> i) & 1U) coalition[players[static_cast<size_t>(i)]->name] = q.settings.at(players[static_cast<size_t>(i)]->name);
      bool was_cached = false;
      std::shared_ptr<const Entry> e;
      try {
        e = get_run(knobs_.query(coalition), coalition, o_.queue_wait, &was_cached, nullptr, Want::explain);
      } catch (const Busy&) {
        res.set_header("Retry-After", "1");
        return send_error(res, 503, "busy: no run slot for the explanation; try again");
      } catch (const ScenarioError& err) {
        return send_error(res, 400, fmt::format("scenario rejected: {}", err.what()));
      } catch (const Stopped&) {  // its connection closed during the run
        return send_error(res, 409, "stopped: the explain request's connection closed");
      }
      const auto means = analysis::annual_mean(e->result.series, indicator);
      const auto it = means.find(year);
      value[m] = it == means.end() ? std::nan("") : it->second;
    }
    const auto v = [&](std::uint64_t m) { return value.at(m); };
    analysis::ShapleyEstimate phi;
    if (exact) {
      phi.value = analysis::shapley_exact(n, v);
      phi.std_error.assign(static_cast<size_t>(n), 0.0);
    } else {
      phi = analysis::shapley_sampled(n, orderings, v);
    }
    const double base = v(0), current = v(n == 0 ? 0 : (std::uint64_t{1} << n) - 1);
    const indicators::Indicator* info = indicators::find(indicator);
    json rows = json::array();
    double sum = 0, variance = 0;
    std::vector<size_t> order(static_cast<size_t>(n));
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return std::fabs(phi.value[a]) > std::fabs(phi.value[b]); });
    for (const size_t ui : order) {
      const Knob& k = *players[ui];
      sum += phi.value[ui];
      variance += phi.std_error[ui] * phi.std_error[ui];
      rows.push_back({{"knob", k.name},
                      {"label", k.label},
                      {"value", format_value(k, q.settings.at(k.name))},
                      {"baseline", format_value(k, k.value)},
                      {"unit", k.unit},
                      {"contribution", phi.value[ui]},
                      {"std_error", phi.std_error[ui]}});
    }
    json out = {{"query", knobs_.query(q.settings)},
                {"indicator", indicator},
                {"label", info ? std::string(info->label) : indicator},
                {"unit", info ? indicators::unit(*info, baseline_desc_.currency) : std::string()},
                {"year", year},
                {"baseline", base},
                {"current", current},
                {"total", current - base},
                {"sum", sum},
                {"exact", exact},
                {"orderings", static_cast<int>(orderings.size())},
                {"runs", static_cast<int>(masks.size())},
                // The stated error of the contributions: 0 when exact; when sampled, the
                // standard error of each and of their sum's split, sqrt(sum se^2). They add
                // up to the total exactly either way (each ordering telescopes).
                {"std_error", std::sqrt(variance)},
                {"seed", std::to_string(knobs_.seed(q.settings))},
                {"contributions", std::move(rows)},
                {"ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()}};
    const std::string body = out.dump();
    {
      const std::lock_guard lock(explain_mutex_);
      if (explained_.size() >= 64) explained_.clear();
      explained_[key] = body;
    }
    res.set_header("X-Lightind-Cached", "0");
    res.set_content(body, "application/json");
  }

  ServeOptions o_;
  detail::Value tree_;  ///< the scenario's merged tree, read once
  Description baseline_desc_;
  Knobs knobs_;
  std::shared_ptr<const Entry> baseline_;
  std::string page_;
  std::counting_semaphore<64> slots_;
  std::mutex cache_mutex_;  ///< guards cache_ and running_
  std::list<std::pair<std::string, std::shared_ptr<const Entry>>> cache_;
  std::map<std::string, std::shared_ptr<Running>> running_;  ///< runs in progress
  std::uint64_t stopped_ = 0;  ///< runs stopped because nobody waited for them any more
  static constexpr int kExplainExact = 5;  ///< exact Shapley values up to this many knobs (32 runs)
  static constexpr int kExplainRuns = 32;  ///< about this many runs when sampled
  std::atomic<int> interactive_{0};        ///< slider requests being answered
  std::atomic<std::uint64_t> explain_generation_{0};
  std::mutex explain_mutex_;               ///< guards explained_, and the wait on interactive_
  std::condition_variable explain_wake_;
  std::mutex explain_run_mutex_;           ///< one explanation computing at a time
  std::map<std::string, std::string> explained_;  ///< cached answers
  static constexpr size_t kKeptRuns = 2;  ///< recent runs whose checkpoints are kept (about 6 x 6 MB each)
  std::mutex kept_mutex_;                 ///< guards baseline_kept_ and kept_
  std::unique_ptr<Kept> baseline_kept_;   ///< the baseline's checkpoints (the first run)
  std::list<Kept> kept_;                  ///< recent runs' checkpoints, most recent first
};

}  // namespace

void validate(const ServeOptions& o) {
  if (o.port < 0 || o.port > 65535)
    throw ServeOptionError(fmt::format("--port: expected a port from 0 to 65535 (0: any free port), found {}", o.port));
  if (o.max_runs < 1 || o.max_runs > 64)
    throw ServeOptionError(fmt::format("--max-runs: expected a number from 1 to 64, found {}", o.max_runs));
  if (!std::isfinite(o.queue_wait) || o.queue_wait < 0)
    throw ServeOptionError(fmt::format("--queue-wait: expected a finite number of seconds >= 0, found {}", o.queue_wait));
  if (o.threads < 0) throw ServeOptionError(fmt::format("--threads: expected a number >= 0, found {}", o.threads));
  if (o.cache < 0) throw ServeOptionError(fmt::format("cache: expected a number >= 0, found {}", o.cache));
}

int serve(const ServeOptions& o) {
  validate(o);
  // One malloc arena for the whole server (issue 16, the page's response): the page's runs
  // happen on the HTTP threads, whose own arenas give the copied checkpoints and the run's
  // arrays back to the kernel after each run and fault them in again on the next (a resumed
  // run of the reference case took about 230 ms so, about 125 ms in the main heap that
  // cli::tune_heap keeps and advises for huge pages; peak memory 354 -> 146 MB).
  mallopt(M_ARENA_MAX, 1);
  // SIGINT and SIGTERM stop the server cleanly: blocked here, before any thread starts (the
  // run's oneTBB workers and the server's threads inherit the mask), and taken by one thread
  // that calls stop().
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  PageServer server(o);  // a rejected scenario throws ScenarioError: exit 2
  HttpFront svr;
  // SO_REUSEADDR only: cpp-httplib's default also sets SO_REUSEPORT, with which a second
  // server binds a port already served and the kernel splits the requests between them.
  socket_t listening = INVALID_SOCKET;
  svr.set_socket_options([&listening](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;
  });
  svr.set_keep_alive_max_count(HttpTimeouts{}.keep_alive_requests);  // what its Keep-Alive header says
  svr.set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(HttpTimeouts{}.idle).count());
  svr.set_tcp_nodelay(true);  // small answers leave at once (no Nagle wait for the delayed ACK)
  int port = o.port;
  if (port == 0) {
    port = svr.bind_to_any_port(o.host);
    if (port < 0) throw std::runtime_error(fmt::format("serve: cannot bind to {}", o.host));
  } else if (!svr.bind_to_port(o.host, port)) {
    throw std::runtime_error(fmt::format("serve: cannot bind to {}:{}", o.host, port));
  }
  // cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into
  // Debian's library): 200 clients connecting at once overflowed it, and the dropped
  // connections waited 1, 3 and 7 s for their SYN to be sent again. Linux takes a second
  // listen() on the bound socket as a new backlog.
  if (listening != INVALID_SOCKET) ::listen(listening, SOMAXCONN);
  server.routes(svr, o.host, port);
  server.prepare();  // the baseline run, once the port is ours
  std::thread waiter([&svr, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    svr.stop();
  });
  fmt::print("lightind serve: serving {} ({}) at http://{}:{}/ (baseline run {:.0f} ms; Ctrl-C stops)\n", o.scenario,
             server.scenario_name(), o.host, port, server.baseline_ms());
  std::fflush(stdout);
  const bool ok = svr.listen_after_bind();
  svr.shut_down();
  // Wake the signal thread if listening ended for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return ok ? 0 : 1;
}

}  // namespace lightind::serve
