// lightind: the served page's HTTP connection layer around cpp-httplib.
//
// Debian's cpp-httplib 0.11.4 gives each connection a pool thread from accept() until it
// closes, with a read timeout per recv(): a client that trickles a header line every 2 s
// holds a thread for ever, and eight of them stopped the server. It also reads chunked
// bodies and header lines without limit, and answers only the first of pipelined
// requests. So connections are read here first, by one poll() thread that holds no worker:
// it frames each request (request line, header lines and body, within the limits below and
// a whole-request deadline) and only a complete request goes to a worker, which gives its
// head to cpp-httplib (Server::process_request: parsing, routing, the answer). Requests of
// one connection are answered in order, one after the other.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lightind::serve {

/// Limits on one request (docs/PAGE.md, "Validation and limits").
struct HttpLimits {
  std::size_t request_line = 8 * 1024;  ///< bytes, CRLF included: 414 beyond
  std::size_t header_line = 8 * 1024;   ///< bytes of one header line: 431 beyond
  std::size_t headers = 100;            ///< header lines: 431 beyond
  std::size_t head = 32 * 1024;         ///< request line and headers together: 431 beyond
  std::size_t body = 16 * 1024;         ///< body bytes (Content-Length or the chunks' data): 413 beyond
  std::size_t chunked = 64 * 1024;      ///< a chunked body as sent (sizes, extensions, data): 413 beyond
};

/// Where the first request in a connection's buffer ends, or why it is refused.
struct Frame {
  enum class Kind { incomplete, complete, rejected };
  Kind kind = Kind::incomplete;
  std::size_t head_length = 0;   ///< complete: request line and headers, final CRLF included
  std::size_t total_length = 0;  ///< complete: the head and the body as sent
  bool close_after = false;      ///< complete: answer, then close (a body announced with Expect: 100-continue is not awaited)
  int status = 0;                ///< rejected: 400, 405, 413, 414, 431 or 501
  std::string message;           ///< rejected: what was wrong, for the JSON answer
};

/// Frames the first HTTP/1.x request in `buffered` (pure; the fuzz target calls it). A
/// request line is METHOD SP TARGET SP HTTP/1.0|1.1 CRLF; header lines end with CRLF and
/// have a name before a colon; a body is given by Content-Length or `Transfer-Encoding:
/// chunked` (not both). A method other than GET or HEAD is framed like any other (its body
/// is skipped) and answered 405 by the server; a method cpp-httplib does not know is
/// refused here with 405.
[[nodiscard]] Frame frame_request(std::string_view buffered, const HttpLimits& limits = {});

/// True when `host` (a Host header's value) names this machine's loopback interface:
/// localhost, 127.0.0.1, [::1] or `bound` (the address served), each alone or with `:port`.
[[nodiscard]] bool loopback_host(std::string_view host, std::string_view bound, int port);

/// True when `address` (the --host to bind) is a loopback address or name.
[[nodiscard]] bool is_loopback_address(std::string_view address);

/// Timeouts and sizes of the connection layer.
struct HttpTimeouts {
  std::chrono::milliseconds request{10000};  ///< from a request's first byte to its last: 408 beyond
  std::chrono::milliseconds idle{5000};      ///< keep-alive: no byte of a next request
  std::chrono::milliseconds write{10000};    ///< to write one answer
  std::size_t workers = 32;                  ///< threads that answer complete requests
  std::size_t connections = 512;             ///< open connections at most (more are closed at once)
  std::size_t keep_alive_requests = 100;     ///< requests on one connection, then it is closed
};

/// The socket of the request this thread is answering (a worker of the connection layer,
/// while cpp-httplib runs the request's handler); -1 on any other thread.
[[nodiscard]] int current_client_socket();

/// False once the client at socket `fd` has closed or reset its connection (it no longer
/// waits for the answer: a browser's aborted fetch, curl stopped), true while it is open,
/// also when it has sent a next request. Never blocks. A client that only shuts its sending
/// side while it waits counts as gone, as with nginx's default for proxied requests.
[[nodiscard]] bool client_connected(int fd);

}  // namespace lightind::serve
