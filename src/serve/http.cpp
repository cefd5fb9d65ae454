// lightind: the served page's HTTP connection layer (src/serve/http.hpp).
#include "serve/http.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <optional>

#include <fmt/format.h>

#include "serve/http_front.hpp"
#include "serve/query.hpp"

namespace lightind::serve {

namespace {

using Clock = std::chrono::steady_clock;

bool token_char(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if (std::isalnum(c)) return true;
  for (const char x : std::string_view("!#$%&'*+-.^_`|~"))
    if (ch == x) return true;
  return false;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), token_char); }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Frame reject(int status, std::string message) {
  Frame f;
  f.kind = Frame::Kind::rejected;
  f.status = status;
  f.message = std::move(message);
  return f;
}

Frame complete(std::size_t head, std::size_t total, bool close_after = false) {
  Frame f;
  f.kind = Frame::Kind::complete;
  f.head_length = head;
  f.total_length = total;
  f.close_after = close_after;
  return f;
}

std::string kib(std::size_t bytes) { return fmt::format("{} KiB", bytes / 1024); }

/// A chunked body from `b[pos]`: complete (its end), incomplete, or rejected.
Frame frame_chunked(std::string_view b, std::size_t head, const HttpLimits& lim) {
  constexpr std::size_t kSizeLine = 256;  // a chunk-size line with its extensions
  std::size_t p = head, data = 0;
  const auto incomplete = [&]() -> Frame {
    if (b.size() - head > lim.chunked)
      return reject(413, fmt::format("request body too large (a chunked body of at most {} as sent)", kib(lim.chunked)));
    return {};
  };
  for (;;) {
    const std::size_t e = b.find('\n', p);
    if (e == std::string_view::npos) return b.size() - p > kSizeLine ? reject(400, "malformed chunked body (chunk-size line too long)") : incomplete();
    if (e + 1 - p > kSizeLine) return reject(400, "malformed chunked body (chunk-size line too long)");
    if (e == p || b[e - 1] != '\r') return reject(400, "malformed chunked body (lines must end with CRLF)");
    const std::string_view line = b.substr(p, e - 1 - p);
    const std::string_view hex = line.substr(0, line.find(';'));
    if (hex.empty() || hex.size() > 8 || !std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }))
      return reject(400, "malformed chunked body (expected a hexadecimal chunk size)");
    std::size_t size = 0;
    for (const char c : hex) size = size * 16 + static_cast<std::size_t>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    data += size;
    if (data > lim.body) return reject(413, fmt::format("request body too large (at most {})", kib(lim.body)));
    p = e + 1;
    if (size == 0) {
      // Trailer lines up to an empty line, held to the header limits.
      for (std::size_t lines = 0;; ++lines) {
        const std::size_t t = b.find('\n', p);
        if (t == std::string_view::npos) return b.size() - p > lim.header_line ? reject(431, "trailer line too long") : incomplete();
        if (t + 1 - p > lim.header_line) return reject(431, "trailer line too long");
        if (t == p || b[t - 1] != '\r') return reject(400, "malformed chunked body (lines must end with CRLF)");
        if (t + 1 - p == 2) return complete(head, t + 1);
        if (lines >= lim.headers) return reject(431, fmt::format("too many trailer lines (at most {} header lines)", lim.headers));
        p = t + 1;
      }
    }
    if (b.size() - p < size + 2) return incomplete();
    if (b.substr(p + size, 2) != "\r\n") return reject(400, "malformed chunked body (chunk data must end with CRLF)");
    p += size + 2;
    if (p - head > lim.chunked)
      return reject(413, fmt::format("request body too large (a chunked body of at most {} as sent)", kib(lim.chunked)));
  }
}

}  // namespace

Frame frame_request(std::string_view b, const HttpLimits& lim) {
  // The request line.
  const std::size_t eol = b.find('\n');
  const std::string too_long = fmt::format("request line too long (at most {})", kib(lim.request_line));
  if (eol == std::string_view::npos) return b.size() >= lim.request_line ? reject(414, too_long) : Frame{};
  if (eol + 1 > lim.request_line) return reject(414, too_long);
  const std::string_view line = eol > 0 && b[eol - 1] == '\r' ? b.substr(0, eol - 1) : std::string_view();
  const std::size_t s1 = line.find(' ');
  const std::size_t s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
  if (line.empty() || s2 == std::string_view::npos || line.find(' ', s2 + 1) != std::string_view::npos)
    return reject(400, "malformed request line (expected METHOD TARGET HTTP/1.1, ending with CRLF)");
  const std::string_view method = line.substr(0, s1), target = line.substr(s1 + 1, s2 - s1 - 1),
                         version = line.substr(s2 + 1);
  if (!is_token(method) || target.empty() ||
      std::any_of(target.begin(), target.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
    return reject(400, "malformed request line (expected METHOD TARGET HTTP/1.1, ending with CRLF)");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return reject(400, "unsupported HTTP version (HTTP/1.1 or HTTP/1.0)");
  static constexpr std::array<std::string_view, 10> kKnown = {"GET",     "HEAD",  "POST",  "PUT",   "DELETE",
                                                              "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
  if (std::find(kKnown.begin(), kKnown.end(), method) == kKnown.end()) return reject(405, "method not allowed (GET and HEAD only)");

  // Header lines, up to an empty line.
  std::size_t pos = eol + 1, count = 0;
  std::optional<std::uint64_t> content_length;
  bool transfer_encoding = false, expect_continue = false;
  for (;;) {
    const std::size_t e = b.find('\n', pos);
    if (e == std::string_view::npos) {
      if (b.size() - pos > lim.header_line) return reject(431, fmt::format("header line too long (at most {})", kib(lim.header_line)));
      if (b.size() > lim.head) return reject(431, fmt::format("request head too large (at most {})", kib(lim.head)));
      return {};
    }
    if (e + 1 - pos > lim.header_line) return reject(431, fmt::format("header line too long (at most {})", kib(lim.header_line)));
    if (e + 1 > lim.head) return reject(431, fmt::format("request head too large (at most {})", kib(lim.head)));
    if (e == pos || b[e - 1] != '\r') return reject(400, "malformed header line (lines must end with CRLF)");
    if (e + 1 - pos == 2) {
      pos = e + 1;
      break;
    }
    if (++count > lim.headers) return reject(431, fmt::format("too many header lines (at most {} header lines)", lim.headers));
    const std::string_view h = b.substr(pos, e - 1 - pos);
    const std::size_t colon = h.find(':');
    if (colon == std::string_view::npos || !is_token(h.substr(0, colon)))
      return reject(400, "malformed header line (expected Name: value)");
    const std::string name = lower(h.substr(0, colon));
    const std::string_view value = trim(h.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; }))
      return reject(400, "malformed header line (control character in a value)");
    if (name == "content-length") {
      if (value.empty() || value.size() > 18 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return reject(400, "malformed Content-Length (expected a number of bytes)");
      const std::uint64_t n = std::stoull(std::string(value));
      if (content_length && *content_length != n) return reject(400, "conflicting Content-Length headers");
      content_length = n;
    } else if (name == "transfer-encoding") {
      if (transfer_encoding || lower(value) != "chunked")
        return reject(501, "Transfer-Encoding not supported (only a single \"chunked\")");
      transfer_encoding = true;
    } else if (name == "expect" && lower(value) == "100-continue") {
      expect_continue = true;
    }
    pos = e + 1;
  }

  // The body.
  if (transfer_encoding && content_length) return reject(400, "both Content-Length and Transfer-Encoding given");
  if (content_length) {
    if (*content_length > lim.body) return reject(413, fmt::format("request body too large (at most {})", kib(lim.body)));
    const auto n = static_cast<std::size_t>(*content_length);
    if (b.size() - pos >= n) return complete(pos, pos + n);
    // A client that asked "Expect: 100-continue" waits for the answer: give it at once, then close.
    return expect_continue && b.size() == pos ? complete(pos, pos, true) : Frame{};
  }
  if (transfer_encoding) {
    Frame f = frame_chunked(b, pos, lim);
    if (f.kind == Frame::Kind::incomplete && expect_continue && b.size() == pos) return complete(pos, pos, true);
    if (f.kind == Frame::Kind::complete) f.head_length = pos;
    return f;
  }
  return complete(pos, pos);
}

bool loopback_host(std::string_view host, std::string_view bound, int port) {
  std::string_view name = host, port_text;
  bool has_port = false;
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    name = host.substr(0, close + 1);
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      has_port = true;
      port_text = rest.substr(1);
    }
  } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    has_port = true;
    port_text = host.substr(colon + 1);
  }
  if (has_port && port_text != std::to_string(port)) return false;
  const std::string n = lower(name), b = lower(bound);
  return n == "localhost" || n == "127.0.0.1" || n == "[::1]" || (!b.empty() && (n == b || n == "[" + b + "]"));
}

bool is_loopback_address(std::string_view address) {
  const std::string a = lower(address);
  if (a == "localhost" || a == "::1" || a == "[::1]") return true;
  in_addr v4{};
  return inet_pton(AF_INET, a.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

// ---------------------------------------------------------------------------------------
// The connection layer.

namespace {

/// A task queue that runs each task at once, on cpp-httplib's accept thread: the task is
/// process_and_close_socket(), which only hands the socket to the poll thread.
class RunAtOnce : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

const char* reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if ((peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len) : getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len)) != 0)
    return;
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, buf.data(), buf.size());
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &v6->sin6_addr, buf.data(), buf.size());
    port = ntohs(v6->sin6_port);
  }
  ip = buf.data();
}

}  // namespace

struct HttpFront::Connection {
  int fd = -1;
  std::atomic<std::size_t>* open = nullptr;  ///< the front's count of open connections
  std::string in;                            ///< received, not yet answered
  Clock::time_point deadline;                ///< for the request being read (or the idle wait, or the close)
  bool started = false;                      ///< a byte of the next request has arrived
  bool closing = false;                      ///< answered for the last time: read and drop until the client closes
  std::size_t served = 0, dropped = 0;
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;

  ~Connection() {
    if (fd >= 0) close(fd);
    if (open) --*open;
  }

  /// Sends `data` within `deadline` (the socket is non-blocking); false when that fails.
  bool send_all(const char* data, std::size_t size, Clock::time_point until) const {
    std::size_t off = 0;
    while (off < size) {
      const ssize_t n = ::send(fd, data + off, size - off, MSG_NOSIGNAL);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (left <= 0) return false;
      pollfd p{fd, POLLOUT, 0};
      if (poll(&p, 1, static_cast<int>(left)) < 0 && errno != EINTR) return false;
    }
    return true;
  }

  /// Answers `status` with a JSON message, then half-closes: the poll thread reads and drops
  /// what the client still sends for a second, so that the answer is not lost to a reset.
  void refuse(int status, const std::string& message) {
    const std::string body = error_json(message);
    const std::string text =
        fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{}\r\n{}",
                    status, reason(status), body.size(), status == 405 ? "Allow: GET, HEAD\r\n" : "", body);
    (void)send_all(text.data(), text.size(), Clock::now() + std::chrono::seconds(1));
    linger();
  }
  void linger() {
    ::shutdown(fd, SHUT_WR);
    closing = true;
    deadline = Clock::now() + std::chrono::seconds(1);
  }
};

namespace {

/// One request's head for cpp-httplib to read, and the connection to write its answer to.
class RequestStream : public httplib::Stream {
 public:
  RequestStream(const HttpFront::Connection& c, std::string_view head, Clock::time_point write_deadline)
      : c_(c), head_(head), deadline_(write_deadline) {}
  bool is_readable() const override { return pos_ < head_.size(); }
  bool is_writable() const override { return Clock::now() < deadline_; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, head_.size() - pos_);
    std::copy_n(head_.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    return c_.send_all(ptr, size, deadline_) ? static_cast<ssize_t>(size) : -1;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote_ip;
    port = c_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_ip;
    port = c_.local_port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  const HttpFront::Connection& c_;
  std::string_view head_;
  std::size_t pos_ = 0;
  Clock::time_point deadline_;
};

}  // namespace

HttpFront::HttpFront(HttpLimits limits, HttpTimeouts timeouts) : limits_(limits), timeouts_(timeouts) {
  new_task_queue = [] { return new RunAtOnce; };
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  workers_ = std::make_unique<httplib::ThreadPool>(timeouts_.workers);
  poller_ = std::thread([this] { poll_loop(); });
}

HttpFront::~HttpFront() {
  shut_down();
  if (wake_fd_ >= 0) close(wake_fd_);
}

void HttpFront::shut_down() {
  if (stopping_.exchange(true)) return;
  wake();
  if (poller_.joinable()) poller_.join();
  workers_->shutdown();  // the requests being answered finish; their connections close
  const std::lock_guard lock(mutex_);
  incoming_.clear();
}

void HttpFront::wake() {
  const std::uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
}

bool HttpFront::process_and_close_socket(socket_t sock) {
  auto c = std::make_unique<Connection>();
  c->fd = sock;
  c->open = &open_;
  ++open_;
  fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK);
  int one = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (stopping_) return false;
  if (open_ > timeouts_.connections) {
    c->refuse(503, fmt::format("busy: {} connections open; try again", timeouts_.connections));
    return false;  // closed at once (no lingering on the poll thread)
  }
  address_of(sock, true, c->remote_ip, c->remote_port);
  address_of(sock, false, c->local_ip, c->local_port);
  c->deadline = Clock::now() + timeouts_.idle;
  hand_back(std::move(c));
  return true;
}

void HttpFront::hand_back(std::unique_ptr<Connection> c) {
  if (stopping_) return;  // closed here
  {
    const std::lock_guard lock(mutex_);
    incoming_.push_back(std::move(c));
  }
  wake();
}

void HttpFront::poll_loop() {
  std::vector<std::unique_ptr<Connection>> conns;
  std::vector<pollfd> fds;
  std::array<char, 16384> buf{};
  while (!stopping_) {
    {
      const std::lock_guard lock(mutex_);
      while (!incoming_.empty()) {
        conns.push_back(std::move(incoming_.front()));
        incoming_.pop_front();
      }
    }
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    auto now = Clock::now();
    auto next = now + std::chrono::seconds(1);
    for (const auto& c : conns) {
      fds.push_back(pollfd{c->fd, POLLIN, 0});
      next = std::min(next, c->deadline);
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - now).count();
    if (poll(fds.data(), fds.size(), static_cast<int>(std::max<std::int64_t>(0, wait))) < 0 && errno != EINTR) continue;
    if (fds[0].revents & POLLIN) {
      std::uint64_t v = 0;
      (void)::read(wake_fd_, &v, sizeof v);
    }
    now = Clock::now();
    for (std::size_t i = 0; i < conns.size(); ++i) {
      auto& c = conns[i];
      if (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) {
        const ssize_t n = recv(c->fd, buf.data(), buf.size(), 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
          c.reset();  // the client closed
          continue;
        }
        if (n > 0 && c->closing) {
          c->dropped += static_cast<std::size_t>(n);
          if (c->dropped > (1u << 20)) c.reset();
          continue;
        }
        if (n > 0) {
          if (!c->started) {
            c->started = true;
            c->deadline = now + timeouts_.request;
          }
          c->in.append(buf.data(), static_cast<std::size_t>(n));
          const Frame f = frame_request(c->in, limits_);
          if (f.kind == Frame::Kind::complete) {
            Connection* p = c.release();
            workers_->enqueue([this, p] { answer(std::unique_ptr<Connection>(p)); });
            continue;
          }
          if (f.kind == Frame::Kind::rejected) {
            c->refuse(f.status, f.message);
            continue;
          }
        }
      }
      if (now >= c->deadline) {
        if (c->closing || !c->started)
          c.reset();  // idle, or done lingering
        else
          c->refuse(408, fmt::format("request not complete within {} s", timeouts_.request.count() / 1000));
      }
    }
    conns.erase(std::remove(conns.begin(), conns.end(), nullptr), conns.end());
  }
}

namespace {
thread_local int current_socket = -1;
}  // namespace

int current_client_socket() { return current_socket; }

bool client_connected(int fd) {
  if (fd < 0) return false;
  pollfd p{fd, POLLRDHUP, 0};
  if (poll(&p, 1, 0) < 0) return errno == EINTR;
  return (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) == 0;
}

void HttpFront::answer(std::unique_ptr<Connection> c) {
  struct Current {
    explicit Current(int fd) { current_socket = fd; }
    ~Current() { current_socket = -1; }
  } current(c->fd);
  for (;;) {
    const Frame f = frame_request(c->in, limits_);
    if (f.kind == Frame::Kind::rejected) {
      c->refuse(f.status, f.message);
      hand_back(std::move(c));
      return;
    }
    if (f.kind == Frame::Kind::incomplete) {
      c->started = !c->in.empty();
      c->deadline = Clock::now() + (c->started ? timeouts_.request : timeouts_.idle);
      hand_back(std::move(c));
      return;
    }
    const bool last = stopping_ || f.close_after || c->served + 1 >= timeouts_.keep_alive_requests;
    bool closed = false;
    RequestStream strm(*c, std::string_view(c->in).substr(0, f.head_length), Clock::now() + timeouts_.write);
    const bool ok = process_request(strm, last, closed, nullptr);
    ++c->served;
    if (!ok || closed || last) {
      c->linger();
      hand_back(std::move(c));
      return;
    }
    c->in.erase(0, f.total_length);
  }
}

}  // namespace lightind::serve
