// lightind serve: the interactive policy page (cpp-httplib), bound to 127.0.0.1 unless told
// otherwise. Sliders for the policy knobs and a separate assumptions panel; each change
// re-runs the scenario and the page redraws its charts with the baseline beside the current
// run; the settings live in the URL (docs/PAGE.md).
//
//   GET /                 the page (ECharts, script, style and the baseline inlined)
//   GET /api/knobs        the knobs: name, label, group, range, baseline value, mapping
//   GET /api/run?K=V...   the run for those settings: monthly values of the page's indicators
//   GET /api/run.csv?...  the same run's whole series as tidy CSV (series.csv's format)
//   GET /api/prefetch?... runs those settings into the cache if a run slot is free now (204)
//   GET /api/health       "ok"
//
// Validation: an unknown, repeated, malformed or out-of-range parameter gets 400 with a
// message; a request line over 8 KiB 414, a body over 16 KiB 413 (cpp-httplib's limits);
// at most --max-runs runs at once, a request waiting longer than --queue-wait seconds for a
// slot gets 503 with Retry-After. Runs are cached by their canonical settings, and requests
// for settings already being run share that run.
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <cmath>
#include <future>
#include <list>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "lightind/lightind.hpp"
#include "report/assets.hpp"
#include "serve/knobs.hpp"

namespace lightind::cli {

namespace {

using json = nlohmann::ordered_json;

struct ServeOptions {
  std::string scenario = "scenarios/dprk-2013.toml";
  std::string host = "127.0.0.1";
  int port = 8080;
  int max_runs = 2;
  double queue_wait = 10.0;
  int threads = 0;
  int cache = 16;
};

/// The indicators the page draws, in order (the indicator registry's page view).
const std::vector<std::string>& page_indicators() {
  static const std::vector<std::string> names(indicators::view(indicators::View::page).begin(),
                                              indicators::view(indicators::View::page).end());
  return names;
}

constexpr size_t kMaxPayload = 16 * 1024;

/// A finished run, as the page and the CSV download need it.
struct Entry {
  RunResult result;
  std::string payload;  ///< the /api/run JSON
  double wall_ms = 0;
};

/// Monthly values of the page's indicators: {"dates": [...], "values": {name: [...]}}.
json values_json(const Series& s) {
  json values = json::object();
  json dates = json::array();
  bool dates_done = false;
  for (const std::string& name : page_indicators()) {
    const auto rows = s.aggregate(name);
    if (rows.empty()) continue;
    json arr = json::array();
    for (const auto& [m, v] : rows) {
      arr.push_back(std::isfinite(v) ? json(v) : json(nullptr));
      if (!dates_done) dates.push_back(YearMonth::from_index(m).str());
    }
    dates_done = true;
    values[name] = std::move(arr);
  }
  return {{"dates", std::move(dates)}, {"values", std::move(values)}};
}

json events_json(const std::vector<Event>& events) {
  json out = json::array();
  for (const Event& e : events)
    out.push_back({{"date", YearMonth::from_index(e.month).str()}, {"kind", e.kind}, {"subject", e.subject}, {"text", e.text}});
  return out;
}

json knobs_json(const serve::Knobs& knobs) {
  json out = json::array();
  for (const serve::Knob& k : knobs.list())
    out.push_back({{"name", k.name},
                   {"label", k.label},
                   {"group", k.group},
                   {"unit", k.unit},
                   {"help", k.help},
                   {"kind", k.kind == serve::KnobKind::month     ? "month"
                            : k.kind == serve::KnobKind::integer ? "integer"
                                                                  : "number"},
                   {"min", k.min},
                   {"max", k.max},
                   {"step", k.step},
                   {"value", k.value},
                   {"text", serve::format_value(k, k.value)},
                   {"available", k.available}});
  return out;
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", message}}.dump() + "\n", "application/json");
}

class Server {
 public:
  explicit Server(const ServeOptions& o)
      : o_(o), baseline_desc_(load_scenario(o.scenario)), knobs_(baseline_desc_), slots_(o.max_runs) {}

  /// Runs the baseline (cached for the life of the server) and builds the page.
  void prepare() {
    const auto settings = knobs_.parse({});
    baseline_ = run_settings(settings);
    json inline_data = {{"scenario", baseline_desc_.name},
                        {"title", baseline_desc_.title},
                        {"file", o_.scenario},
                        {"knobs", knobs_json(knobs_)},
                        {"indicators", page_indicators()},
                        {"registry", json::parse(indicators::to_json())},
                        {"baseline", json::parse(baseline_->payload)}};
    page_ = web::fill(web::page_html(),
                      {{"TITLE", "lightind: " + baseline_desc_.name},
                       {"CSS", web::style_css()},
                       {"DATA", web::script_safe(inline_data.dump())},
                       {"ECHARTS_VERSION", web::echarts_version()},
                       {"ECHARTS", web::echarts_js()},
                       {"CHARTS_JS", web::charts_js()},
                       {"PAGE_JS", web::page_js()}});
  }

  [[nodiscard]] double baseline_ms() const { return baseline_->wall_ms; }

  void routes(httplib::Server& svr) {
    svr.set_payload_max_length(kMaxPayload);
    // No compression of answers. Debian's cpp-httplib is built with Brotli and compresses
    // every text and JSON answer when the client accepts "br", at Brotli's default quality
    // 11: measured here, the 1.2 MB page took 5.7 s, a 47 kB run 170 ms instead of 7 ms, the
    // CSV 6.8 s. On loopback that only costs time, and the library has no switch for it, so
    // the request's Accept-Encoding is dropped before routing. (The Request object is not
    // const; the handler only sees it through a const reference.)
    svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
      const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
      return httplib::Server::HandlerResponse::Unhandled;
    });
    svr.set_tcp_nodelay(true);  // small answers leave at once (no Nagle wait for the delayed ACK)
    svr.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(page_, "text/html; charset=utf-8");
    });
    svr.Get("/api/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    svr.Get("/api/knobs", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(knobs_json(knobs_).dump(), "application/json");
    });
    svr.Get("/api/run", [this](const httplib::Request& req, httplib::Response& res) { handle_run(req, res, false); });
    svr.Get("/api/run.csv", [this](const httplib::Request& req, httplib::Response& res) { handle_run(req, res, true); });
    svr.Get("/api/prefetch", [this](const httplib::Request& req, httplib::Response& res) { handle_prefetch(req, res); });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      const char* what = res.status == 404   ? "no such page (try / or /api/run)"
                         : res.status == 413 ? "request body too large (at most 16 KiB)"
                         : res.status == 414 ? "request line too long (at most 8 KiB)"
                         : res.status == 405 ? "method not allowed (GET only)"
                                             : "bad request";
      send_error(res, res.status, what);
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "internal error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      send_error(res, 500, what);
    });
    // Any other method on a known path: 405 (the body, if any, was already limited).
    for (const char* path : {"/", "/api/run", "/api/run.csv", "/api/knobs"}) {
      auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
        send_error(res, 405, "method not allowed (GET only)");
      };
      svr.Post(path, not_allowed);
      svr.Put(path, not_allowed);
      svr.Delete(path, not_allowed);
    }
  }

 private:
  std::shared_ptr<const Entry> run_settings(const std::map<std::string, double>& settings) {
    const std::vector<std::string> sets = knobs_.sets(settings);
    const auto t0 = std::chrono::steady_clock::now();
    const Description d = load_scenario(o_.scenario, sets, knobs_.seed(settings));
    const auto t1 = std::chrono::steady_clock::now();
    RunOptions opt;
    opt.seed = knobs_.seed(settings);
    opt.threads = o_.threads;
    opt.keep_accounts = false;
    auto e = std::make_shared<Entry>();
    e->result = run(d, opt);
    e->wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    json settings_text = json::object();
    for (const serve::Knob& k : knobs_.list()) settings_text[k.name] = serve::format_value(k, settings.at(k.name));
    json p = values_json(e->result.series);
    p["query"] = knobs_.query(settings);
    p["settings"] = std::move(settings_text);
    p["sets"] = sets;
    p["seed"] = e->result.seed;
    p["run_ms"] = e->wall_ms;  // loading the scenario with the overrides, and running it
    p["load_ms"] = std::chrono::duration<double, std::milli>(t1 - t0).count();
    p["events"] = events_json(e->result.events);
    e->payload = p.dump();
    return e;
  }

  /// No run slot freed within --queue-wait seconds.
  struct Busy {};

  /// The run for `settings`: from the cache, from a request already running it (its answer
  /// is shared), or run here once a slot is free (waiting at most `wait` seconds; throws
  /// Busy otherwise). Throws ScenarioError when the loader rejects the overrides.
  std::shared_ptr<const Entry> get_run(const std::string& key, const std::map<std::string, double>& settings,
                                       double wait, bool* was_cached) {
    if (key.empty()) {
      *was_cached = true;
      return baseline_;
    }
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
        auto shared = it->second;
        lock.unlock();
        *was_cached = false;
        try {
          return shared.get();  // rethrows that run's ScenarioError
        } catch (const Busy&) {
          continue;  // it found no slot (a prefetch does not wait): try here
        }
      }
      running_.emplace(key, promise.get_future().share());
      break;
    }
    *was_cached = false;
    auto finish = [&](auto set) {
      const std::lock_guard lock(cache_mutex_);
      running_.erase(key);
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
    std::shared_ptr<const Entry> e;
    try {
      e = run_settings(settings);
    } catch (...) {
      finish([&] { promise.set_exception(std::current_exception()); });
      throw;
    }
    finish([&] {
      cache_.emplace_front(key, e);
      while (cache_.size() > static_cast<size_t>(o_.cache)) cache_.pop_back();
      promise.set_value(e);
    });
    return e;
  }

  /// Parses the request's parameters; answers 400 and returns nullopt when they are bad.
  std::optional<std::map<std::string, double>> settings_of(const httplib::Request& req, httplib::Response& res) {
    std::vector<std::pair<std::string, std::string>> params(req.params.begin(), req.params.end());
    try {
      return knobs_.parse(params);
    } catch (const serve::KnobError& e) {
      send_error(res, 400, e.what());
      return std::nullopt;
    }
  }

  void handle_run(const httplib::Request& req, httplib::Response& res, bool csv) {
    const auto settings = settings_of(req, res);
    if (!settings) return;
    const std::string key = knobs_.query(*settings);
    bool was_cached = false;
    std::shared_ptr<const Entry> e;
    try {
      e = get_run(key, *settings, o_.queue_wait, &was_cached);
    } catch (const Busy&) {
      res.set_header("Retry-After", "1");
      send_error(res, 503, fmt::format("busy: {} runs in progress and none finished within {} s; try again",
                                       o_.max_runs, o_.queue_wait));
      return;
    } catch (const ScenarioError& err) {
      send_error(res, 400, fmt::format("scenario rejected: {}", err.what()));
      return;
    }
    if (csv) {
      res.set_header("Content-Disposition",
                     fmt::format("attachment; filename=\"{}{}.csv\"", baseline_desc_.name, key.empty() ? "" : "-custom"));
      res.set_content(series_csv(e->result), "text/csv; charset=utf-8");
      return;
    }
    res.set_header("X-Lightind-Cached", was_cached ? "1" : "0");
    res.set_content(e->payload, "application/json");
  }

  /// GET /api/prefetch?...: runs those settings into the cache when a run slot is free at
  /// once (the page asks for the next step in the direction a slider moves); 204 either way.
  void handle_prefetch(const httplib::Request& req, httplib::Response& res) {
    const auto settings = settings_of(req, res);
    if (!settings) return;
    bool was_cached = false;
    try {
      (void)get_run(knobs_.query(*settings), *settings, 0.0, &was_cached);
    } catch (const Busy&) {
    } catch (const ScenarioError& err) {
      send_error(res, 400, fmt::format("scenario rejected: {}", err.what()));
      return;
    }
    res.status = 204;
  }

  ServeOptions o_;
  Description baseline_desc_;
  serve::Knobs knobs_;
  std::shared_ptr<const Entry> baseline_;
  std::string page_;
  std::counting_semaphore<64> slots_;
  std::mutex cache_mutex_;  ///< guards cache_ and running_
  std::list<std::pair<std::string, std::shared_ptr<const Entry>>> cache_;
  std::map<std::string, std::shared_future<std::shared_ptr<const Entry>>> running_;  ///< runs in progress
};

int run_serve(const ServeOptions& o) {
  if (o.max_runs < 1 || o.max_runs > 64) throw std::runtime_error("serve: --max-runs must be from 1 to 64");
  if (o.port < 0 || o.port > 65535) throw std::runtime_error("serve: --port must be from 0 to 65535");
  // SIGINT and SIGTERM stop the server cleanly: blocked here, before any thread starts (the
  // run's oneTBB workers and the server's pool inherit the mask), and taken by one thread
  // that calls stop().
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Server server(o);  // a rejected scenario throws ScenarioError: exit 2
  httplib::Server svr;
  server.routes(svr);
  // SO_REUSEADDR only: cpp-httplib's default also sets SO_REUSEPORT, with which a second
  // server binds a port already served and the kernel splits the requests between them.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  int port = o.port;
  if (port == 0) {
    port = svr.bind_to_any_port(o.host);
    if (port < 0) throw std::runtime_error(fmt::format("serve: cannot bind to {}", o.host));
  } else if (!svr.bind_to_port(o.host, port)) {
    throw std::runtime_error(fmt::format("serve: cannot bind to {}:{}", o.host, port));
  }
  server.prepare();  // the baseline run, once the port is ours
  std::thread waiter([&svr, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    svr.stop();
  });
  fmt::print("lightind serve: http://{}:{}/ (scenario {}, baseline run {:.0f} ms; Ctrl-C stops)\n", o.host, port,
             o.scenario, server.baseline_ms());
  std::fflush(stdout);
  const bool ok = svr.listen_after_bind();
  // Wake the signal thread if listening ended for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return ok ? 0 : 1;
}

}  // namespace

void add_serve_command(CLI::App& app, Action& action) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "serve the interactive policy page (sliders, charts, baseline beside the run)");
  cmd->add_option("scenario", opts->scenario, "scenario file (default: scenarios/dprk-2013.toml)");
  cmd->add_option("--port", opts->port, "TCP port (default 8080; 0: any free port, printed)");
  cmd->add_option("--host", opts->host, "address to bind (default 127.0.0.1: this machine only)");
  cmd->add_option("--max-runs", opts->max_runs, "runs at once (default 2)");
  cmd->add_option("--queue-wait", opts->queue_wait, "seconds a request waits for a run slot before 503 (default 10)")
      ->check(CLI::NonNegativeNumber);
  lightind::cli::add_threads_option(cmd, opts->threads, "worker threads per run (default: all cores)");
  cmd->callback([&action, opts] { action = [opts] { return run_serve(*opts); }; });
}

}  // namespace lightind::cli
