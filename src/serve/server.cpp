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
//   GET /api/health       "ok"
//
// Validation: an unknown, repeated, malformed, out-of-range or non-UTF-8 parameter gets 400
// with a message (parse_query); the request limits and timeouts are the connection layer's
// (src/serve/http.hpp); other methods get 405, other hosts 421 when bound to loopback; at
// most --max-runs runs at once, a request waiting longer than --queue-wait seconds for a
// slot gets 503 with Retry-After. Runs are cached by their canonical settings, and requests
// for settings already being run share that run.
#include "serve/server.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <cmath>
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
#include <nlohmann/json.hpp>

#include "lightind/indicators.hpp"
#include "lightind/lightind.hpp"
#include "results/io.hpp"
#include "report/assets.hpp"
#include "serve/http.hpp"
#include "serve/http_front.hpp"
#include "serve/knobs.hpp"
#include "serve/query.hpp"

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
      : o_(o), baseline_desc_(load_scenario(o.scenario)), knobs_(baseline_desc_, o.scenario), slots_(o.max_runs) {}

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
    page_ = web::document("serve", "page", "lightind: " + baseline_desc_.name, web::page_html(),
                          web::script_safe(inline_data.dump()), web::page_js());
  }

  [[nodiscard]] double baseline_ms() const { return baseline_->wall_ms; }

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
    for (const Knob& k : knobs_.list()) settings_text[k.name] = format_value(k, settings.at(k.name));
    json p = values_json(e->result.series);
    p["query"] = knobs_.query(settings);
    p["settings"] = std::move(settings_text);
    p["sets"] = sets;
    p["seed"] = std::to_string(e->result.seed);  // text: a 64-bit seed is not exact as a JavaScript number
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

  void handle_run(const httplib::Request& req, httplib::Response& res, bool csv, bool settings_file = false) {
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
  Knobs knobs_;
  std::shared_ptr<const Entry> baseline_;
  std::string page_;
  std::counting_semaphore<64> slots_;
  std::mutex cache_mutex_;  ///< guards cache_ and running_
  std::list<std::pair<std::string, std::shared_ptr<const Entry>>> cache_;
  std::map<std::string, std::shared_future<std::shared_ptr<const Entry>>> running_;  ///< runs in progress
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
  fmt::print("lightind serve: http://{}:{}/ (scenario {}, baseline run {:.0f} ms; Ctrl-C stops)\n", o.host, port,
             o.scenario, server.baseline_ms());
  std::fflush(stdout);
  const bool ok = svr.listen_after_bind();
  svr.shut_down();
  // Wake the signal thread if listening ended for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return ok ? 0 : 1;
}

}  // namespace lightind::serve
