// Robustness of `lightind serve` (issue 10, defects 5, 6 and 10): the program is started on
// a free loopback port and driven with raw sockets, so that slow, oversized, pipelined and
// malformed requests reach the server exactly as written. Every socket here is on
// 127.0.0.1 and every wait has a deadline, so the tests stop by themselves.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// `lightind serve --port 0 ARGS` started from the source folder; stopped (SIGTERM) on destruction.
class ServerProcess {
 public:
  explicit ServerProcess(const std::vector<std::string>& args = {}) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      if (chdir(LIGHTIND_SOURCE_DIR) != 0) _exit(127);
      std::vector<std::string> all = {LIGHTIND_CLI, "serve", "scenarios/dprk-2013.toml", "--port", "0"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(LIGHTIND_CLI, argv.data());
      _exit(127);
    }
    close(out[1]);
    // The first line: "lightind serve: serving FILE (NAME) at http://127.0.0.1:PORT/ ..."
    std::string line;
    const auto deadline = Clock::now() + 60s;
    char c = 0;
    pollfd p{out[0], POLLIN, 0};
    while (Clock::now() < deadline && poll(&p, 1, 1000) >= 0) {
      if (!(p.revents & (POLLIN | POLLHUP))) continue;
      if (read(out[0], &c, 1) != 1 || c == '\n') break;
      line += c;
    }
    close(out[0]);
    const auto at = line.find("http://127.0.0.1:");
    if (at != std::string::npos) port_ = std::stoi(line.substr(at + 17));
  }
  ~ServerProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(50ms);
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] bool alive() const { return pid_ > 0 && kill(pid_, 0) == 0; }
  /// Resident memory of the server, in MB (/proc/PID/status VmRSS).
  [[nodiscard]] double rss_mb() const {
    std::ifstream f(fmt::format("/proc/{}/status", pid_));
    std::string line;
    while (std::getline(f, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

/// One client socket to 127.0.0.1:port with a read buffer; every call has a deadline.
class Conn {
 public:
  explicit Conn(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(fd_);
      fd_ = -1;
    }
    int one = 1;
    if (fd_ >= 0) setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Conn() {
    if (fd_ >= 0) close(fd_);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  [[nodiscard]] bool ok() const { return fd_ >= 0; }
  /// Sends everything; false when the server closed the connection.
  bool send(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      const ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  /// True when the server has sent something (or closed) within `wait`.
  bool readable(std::chrono::milliseconds wait) {
    if (!buf_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }

  struct Response {
    int status = 0;
    std::string head;  ///< status line and headers
    std::string body;
    [[nodiscard]] std::string header(const std::string& name) const {
      std::istringstream in(head);
      std::string line;
      while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon);
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string want = name;
        std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::tolower(c); });
        if (key == want) {
          std::string v = line.substr(colon + 1);
          while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
          while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
          return v;
        }
      }
      return "";
    }
  };

  /// Reads one response (headers and a Content-Length body, none for HEAD); nullopt when the connection
  /// closed or nothing complete came before `wait` ran out.
  std::optional<Response> read_response(std::chrono::milliseconds wait = 10000ms, bool head_only = false) {
    const auto deadline = Clock::now() + wait;
    size_t head_end = std::string::npos;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) return std::nullopt;
    Response r;
    r.head = buf_.substr(0, head_end + 2);
    if (r.head.rfind("HTTP/1.", 0) == 0 && r.head.size() > 12) r.status = std::atoi(r.head.c_str() + 9);
    const std::string cl = r.header("Content-Length");
    const size_t length = cl.empty() || head_only ? 0 : std::stoul(cl);
    while (buf_.size() < head_end + 4 + length)
      if (!fill(deadline)) return std::nullopt;
    r.body = buf_.substr(head_end + 4, length);
    buf_.erase(0, head_end + 4 + length);
    return r;
  }
  /// True when the server closes the connection within `wait` (what it sent first is dropped).
  bool closed_within(std::chrono::milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    for (;;) {
      const size_t before = buf_.size();
      if (!fill(deadline)) return buf_.size() == before && eof_;
    }
  }

 private:
  bool fill(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || eof_) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char tmp[65536];
    const ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
  bool eof_ = false;
};

std::string get(const std::string& target, int port, const std::string& extra = "") {
  return fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{}\r\n", target, port, extra);
}

/// One request on a fresh connection.
std::optional<Conn::Response> request(int port, const std::string& raw, std::chrono::milliseconds wait = 10000ms) {
  Conn c(port);
  if (!c.ok() || !c.send(raw)) return std::nullopt;
  return c.read_response(wait);
}

/// The answer to `raw`, sent on a fresh connection; the test fails (and the status is 0) when
/// none comes.
Conn::Response answer(int port, const std::string& raw) {
  auto r = request(port, raw);
  EXPECT_TRUE(r.has_value()) << "no answer to " << raw.substr(0, raw.find('\r'));
  return r ? std::move(*r) : Conn::Response{};
}

/// Floods `srv` on one connection: sends `head`, then `piece(sent)`, each worth `step` units
/// (bytes, header lines), until the server answers, `limit` units are sent or 20 s pass, and
/// `end` when the limit was reached. The answer must be `status` with `body_part` in its body,
/// and the server's memory must grow by less than 32 MB. Returns the units sent.
size_t expect_flood_refused(ServerProcess& srv, const std::string& head, size_t limit, size_t step,
                            const std::function<std::string(size_t sent)>& piece, const std::string& end,
                            int status, const std::string& body_part) {
  const double rss0 = srv.rss_mb();
  Conn c(srv.port());
  EXPECT_TRUE(c.send(head));
  size_t sent = 0;
  const auto t0 = Clock::now();
  while (sent < limit && seconds_since(t0) < 20 && !c.readable(0ms)) {
    if (!c.send(piece(sent))) break;
    sent += step;
  }
  if (sent >= limit) (void)c.send(end);
  const auto r = c.read_response(5000ms);
  EXPECT_TRUE(r.has_value()) << "no answer after " << sent << " units";
  if (r) {
    EXPECT_EQ(r->status, status);
    EXPECT_NE(r->body.find(body_part), std::string::npos) << r->body;
  }
  EXPECT_LT(srv.rss_mb() - rss0, 32.0);
  fmt::print("     {} units sent before the {}; memory {:.0f} -> {:.0f} MB\n", sent, status, rss0, srv.rss_mb());
  return sent;
}

/// `lightind ARGS` from the source folder, killed after 30 s: exit status and output.
std::pair<int, std::string> run_program(const std::string& args) {
  const std::string cmd = fmt::format("cd '{}' && timeout 30 '{}' {} 2>&1", LIGHTIND_SOURCE_DIR, LIGHTIND_CLI, args);
  auto r = lightind::test_util::run_shell(cmd);
  return {r.code, std::move(r.output)};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// D5: sixteen clients that trickle a header line every 2 s hold no request worker: 200
// concurrent normal requests (the page, health, knobs, the cached baseline, four new runs) are all
// answered within 5 s meanwhile, and the slow clients are cut off with 408 once their
// request has taken more than the 10 s request deadline.
TEST(Robustness, D5_SlowClientsDoNotStopTheServer) {
  ServerProcess srv;
  ASSERT_GT(srv.port(), 0);
  const int port = srv.port();
  constexpr int kSlow = 16, kNormal = 200;

  std::vector<std::unique_ptr<Conn>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<Conn>(port));
    ASSERT_TRUE(slow.back()->ok());
    ASSERT_TRUE(slow.back()->send(fmt::format("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", port)));
  }
  const auto slow_start = Clock::now();
  std::atomic<bool> stop_trickle{false};
  std::vector<int> slow_status(kSlow, 0);
  std::vector<double> slow_cut(kSlow, -1);
  std::thread trickler([&] {
    // One header line every 2 s on every slow socket until the server cuts it off.
    std::vector<bool> done(kSlow, false);
    int line = 0;
    while (!stop_trickle && seconds_since(slow_start) < 20) {
      for (int i = 0; i < kSlow; ++i) {
        if (done[i]) continue;
        if (slow[i]->readable(0ms)) {
          const auto r = slow[i]->read_response(1000ms);
          slow_status[i] = r ? r->status : -1;
          slow_cut[i] = seconds_since(slow_start);
          done[i] = true;
          continue;
        }
        if (line > 0) (void)slow[i]->send(fmt::format("X-Slow-{}: {}\r\n", line, i));
      }
      if (std::all_of(done.begin(), done.end(), [](bool d) { return d; })) break;
      ++line;
      for (int k = 0; k < 20 && !stop_trickle; ++k) {
        std::this_thread::sleep_for(100ms);
        bool any = false;
        for (int i = 0; i < kSlow; ++i) any = any || (!done[i] && slow[i]->readable(0ms));
        if (any) break;
      }
    }
  });
  std::this_thread::sleep_for(2500ms);  // the slow clients are well into their requests

  std::vector<std::string> targets;
  for (int i = 0; i < kNormal; ++i) {
    if (i % 50 == 0) targets.push_back("/");  // the 1.2 MB page
    else if (i % 50 == 1) targets.push_back(fmt::format("/api/run?profit_levy={:.2f}", 0.05 + 0.01 * (i / 50)));  // 4 new runs
    else if (i % 4 == 0) targets.push_back("/api/run");  // the baseline, cached
    else if (i % 4 == 1) targets.push_back("/api/knobs");
    else targets.push_back("/api/health");
  }
  std::vector<double> latency(kNormal, -1);
  std::vector<int> status(kNormal, 0);
  std::vector<std::thread> clients;
  const auto burst = Clock::now();
  for (int i = 0; i < kNormal; ++i)
    clients.emplace_back([&, i] {
      const auto t0 = Clock::now();
      const auto r = request(port, get(targets[i], port, "Connection: close\r\n"), 10000ms);
      status[i] = r ? r->status : -1;
      latency[i] = seconds_since(t0);
    });
  for (auto& t : clients) t.join();
  const double burst_s = seconds_since(burst);

  int answered = 0;
  for (int i = 0; i < kNormal; ++i) {
    EXPECT_EQ(status[i], 200) << targets[i];
    EXPECT_LT(latency[i], 5.0) << targets[i];
    answered += status[i] == 200 ? 1 : 0;
  }
  const double max_latency = *std::max_element(latency.begin(), latency.end());
  std::vector<double> cached;  // every request but the four new runs
  for (int i = 0; i < kNormal; ++i)
    if (targets[i].find("profit_levy") == std::string::npos) cached.push_back(latency[i]);
  fmt::print("     without the 4 new runs: median {:.0f} ms, max {:.0f} ms\n", 1000 * median(cached),
             1000 * *std::max_element(cached.begin(), cached.end()));
  fmt::print("     {} of {} normal requests answered beside {} slow clients in {:.2f} s: latency median {:.0f} ms, max {:.0f} ms\n",
             answered, kNormal, kSlow, burst_s, 1000 * median(latency), 1000 * max_latency);

  trickler.join();  // the slow clients are cut off by the request deadline (10 s)
  for (int i = 0; i < kSlow; ++i) {
    EXPECT_EQ(slow_status[i], 408) << "slow client " << i;
    EXPECT_GT(slow_cut[i], 8.0) << "slow client " << i;
    EXPECT_LT(slow_cut[i], 14.0) << "slow client " << i;
  }
  EXPECT_TRUE(srv.alive());
}

// D6: a chunked body is held to the 16 KiB body limit (413 after a few chunks, the server's
// memory does not grow), as is a body announced with Content-Length.
TEST(Robustness, D6_ChunkedBodyIsLimited) {
  ServerProcess srv;
  ASSERT_GT(srv.port(), 0);
  const std::string chunk = fmt::format("{:x}\r\n{}\r\n", 65536, std::string(65536, 'x'));
  const std::string head =
      fmt::format("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nTransfer-Encoding: chunked\r\n\r\n", srv.port());
  const size_t sent =
      expect_flood_refused(srv, head, 200u * 1024 * 1024, 65536, [&](size_t) { return chunk; }, "", 413, "16 KiB");
  EXPECT_LT(sent, 16u * 1024 * 1024) << "the server read on";

  const auto big = answer(srv.port(), fmt::format("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n"
                                                  "Content-Length: 20000\r\n\r\n", srv.port()));
  EXPECT_EQ(big.status, 413);
  EXPECT_TRUE(srv.alive());
}

// D6: the number and the size of header lines are limited: a request with 10^6 headers gets
// 431 after the first hundred and the server's memory does not grow; so does an 9 KiB line.
TEST(Robustness, D6_HeaderCountAndSizeAreLimited) {
  ServerProcess srv;
  ASSERT_GT(srv.port(), 0);
  const auto batch = [](size_t headers) {
    std::string b;
    for (size_t i = 0; i < 1000; ++i) b += fmt::format("X-H{}: {}\r\n", headers + i, i);
    return b;
  };
  const size_t headers =
      expect_flood_refused(srv, fmt::format("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", srv.port()),
                           1000000, 1000, batch, "\r\n", 431, "at most 100 header lines");
  EXPECT_LT(headers, 1000000u);

  const auto line = answer(srv.port(), get("/api/health", srv.port(), "X-Big: " + std::string(9000, 'y') + "\r\n"));
  EXPECT_EQ(line.status, 431);
  EXPECT_TRUE(srv.alive());
}

// D10: a query that is not valid UTF-8 (after percent-decoding) gets 400 with lightind's own
// message, never 500 with the JSON library's; so does a valid name cut inside a character.
TEST(Robustness, D10_InvalidUtf8Is400) {
  ServerProcess srv;
  ASSERT_GT(srv.port(), 0);
  const auto name = answer(srv.port(), get("/api/run?%FF=1", srv.port()));
  EXPECT_EQ(name.status, 400);
  EXPECT_EQ(name.body, "{\"error\":\"a parameter name is not valid UTF-8 (byte 0xff at 0)\"}\n");
  const auto value = answer(srv.port(), get("/api/run?light_share=0.3%C3", srv.port()));
  EXPECT_EQ(value.status, 400);
  EXPECT_EQ(value.body, "{\"error\":\"light_share: the value is not valid UTF-8 (byte 0xc3 at 3)\"}\n");
  // 63 letters and an "é": valid UTF-8 that a 64-byte cut would split.
  const auto cut = answer(srv.port(), get("/api/run.csv?" + std::string(63, 'a') + "%C3%A9=1", srv.port()));
  EXPECT_EQ(cut.status, 400);
  EXPECT_EQ(cut.body.find("json.exception"), std::string::npos) << cut.body;
  EXPECT_NE(cut.body.find("unknown parameter"), std::string::npos) << cut.body;
}

// D10: every method other than GET and HEAD gets 405 with Allow at once (no wait for a body
// that never comes), OPTIONS included, on every path.
TEST(Robustness, D10_OtherMethodsAre405) {
  ServerProcess srv;
  ASSERT_GT(srv.port(), 0);
  for (const char* method : {"OPTIONS", "PUT", "PATCH", "POST", "DELETE"})
    for (const char* path : {"/", "/api/run", "/nope"}) {
      const auto t0 = Clock::now();
      const auto r = request(srv.port(), fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", method, path, srv.port()));
      ASSERT_TRUE(r.has_value()) << method << " " << path;
      EXPECT_EQ(r->status, 405) << method << " " << path;
      EXPECT_EQ(r->header("Allow"), "GET, HEAD") << method << " " << path;
      EXPECT_NE(r->body.find("method not allowed"), std::string::npos) << r->body;
      EXPECT_LT(seconds_since(t0), 1.0) << method << " " << path;
    }
  Conn c(srv.port());
  ASSERT_TRUE(c.send(fmt::format("HEAD /api/health HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", srv.port())));
  const auto head = c.read_response(5000ms, true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "3");
}

// D10: bound to loopback, only requests for a loopback name (with this port, or none) are
// served; any other Host (DNS rebinding) gets 421, a missing one 400.
TEST(Robustness, D10_HostCheck) {
  ServerProcess srv;
  const int port = srv.port();
  ASSERT_GT(port, 0);
  auto with_host = [&](const std::string& host) {
    const auto r = request(port, fmt::format("GET /api/health HTTP/1.1\r\nHost: {}\r\n\r\n", host));
    return r ? r->status : -1;
  };
  for (const std::string& ok : {fmt::format("127.0.0.1:{}", port), fmt::format("localhost:{}", port),
                                fmt::format("[::1]:{}", port), std::string("localhost"), std::string("127.0.0.1")})
    EXPECT_EQ(with_host(ok), 200) << ok;
  for (const std::string& bad : {fmt::format("evil.example:{}", port), std::string("evil.example"),
                                 fmt::format("127.0.0.1:{}", port + 1), fmt::format("localhost.evil.example:{}", port),
                                 fmt::format("127.0.0.1.nip.io:{}", port)})
    EXPECT_EQ(with_host(bad), 421) << bad;
  const auto r = answer(port, fmt::format("GET /api/health HTTP/1.1\r\nHost: evil.example:{}\r\n\r\n", port));
  EXPECT_NE(r.body.find("not this server"), std::string::npos) << r.body;
  const auto none = answer(port, "GET /api/health HTTP/1.1\r\n\r\n");
  EXPECT_EQ(none.status, 400);
}

// D10: ten requests sent at once on one connection (one with a body) are all answered, in order.
TEST(Robustness, D10_Pipelining) {
  ServerProcess srv;
  const int port = srv.port();
  ASSERT_GT(port, 0);
  const std::vector<std::pair<std::string, int>> reqs = {
      {get("/api/health", port), 200},
      {get("/api/knobs", port), 200},
      {get("/api/run?light_share=9", port), 400},
      {fmt::format("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 5\r\n\r\nhello", port), 405},
      {get("/api/health", port), 200},
      {get("/nope", port), 404},
      {get("/api/run", port), 200},
      {fmt::format("POST /x HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", port), 405},
      {get("/api/knobs", port), 200},
      {get("/api/health", port), 200},
  };
  std::string all;
  for (const auto& [raw, expected] : reqs) all += raw;
  Conn c(port);
  ASSERT_TRUE(c.send(all));
  for (size_t i = 0; i < reqs.size(); ++i) {
    const auto r = c.read_response(5000ms);
    ASSERT_TRUE(r.has_value()) << "answer " << i + 1 << " of " << reqs.size() << " missing";
    EXPECT_EQ(r->status, reqs[i].second) << "answer " << i + 1;
    if (reqs[i].first.find("/api/health") != std::string::npos) {
      EXPECT_EQ(r->body, "ok\n");
    }
    if (reqs[i].first.find("/api/knobs") != std::string::npos) {
      EXPECT_EQ(r->body.substr(0, 18), "[{\"name\":\"light_sh");
    }
  }
}

// D10: --queue-wait must be a finite number >= 0 (nan acted as 0): exit 2 with a message.
TEST(Robustness, D10_QueueWaitNan) {
  for (const char* bad : {"nan", "inf", "-1", "-inf"}) {
    const auto [code, out] = run_program(fmt::format("serve scenarios/dprk-2013.toml --port 0 --queue-wait {}", bad));
    EXPECT_EQ(code, 2) << bad << ": " << out;
    EXPECT_NE(out.find("--queue-wait"), std::string::npos) << out;
    EXPECT_EQ(out.find("lightind serve: serving"), std::string::npos) << out;
  }
}

// D10: a bad --port exits 2 (a rejected command line, as the README says), with a message.
TEST(Robustness, D10_BadPortExit2) {
  for (const char* bad : {"-1", "65536", "99999999999", "abc", "80.5", ""}) {
    const auto [code, out] = run_program(fmt::format("serve scenarios/dprk-2013.toml --port '{}'", bad));
    EXPECT_EQ(code, 2) << bad << ": " << out;
    EXPECT_NE(out.find("--port"), std::string::npos) << out;
    EXPECT_EQ(out.find("lightind serve: serving"), std::string::npos) << out;
  }
}

}  // namespace
