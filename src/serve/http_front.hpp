// lightind: the connection layer of the served page (src/serve/http.hpp says why): a
// cpp-httplib Server whose accepted sockets are read by one poll() thread and whose
// complete requests are answered by a pool of workers. Include only where cpp-httplib is.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "serve/http.hpp"

namespace lightind::serve {

class HttpFront : public httplib::Server {
 public:
  explicit HttpFront(HttpLimits limits = {}, HttpTimeouts timeouts = {});
  ~HttpFront() override;
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  /// Closes every connection and waits for the workers; call after listen_after_bind() returned.
  void shut_down();

  struct Connection;

 private:
  // cpp-httplib calls this from its accept loop for each accepted socket (through the
  // TaskQueue, which here runs it at once): the socket goes to the poll thread.
  bool process_and_close_socket(socket_t sock) override;

  void poll_loop();
  void answer(std::unique_ptr<Connection> c);  ///< on a worker: the complete requests in c's buffer, in order
  void hand_back(std::unique_ptr<Connection> c);  ///< to the poll thread, to read its next request
  void wake();

  HttpLimits limits_;
  HttpTimeouts timeouts_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> open_{0};
  int wake_fd_ = -1;
  std::mutex mutex_;  ///< guards incoming_
  std::deque<std::unique_ptr<Connection>> incoming_;
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::thread poller_;
};

}  // namespace lightind::serve
