// lightind: the interactive policy page's server (`lightind serve`, docs/PAGE.md). The
// command line only parses its options into ServeOptions and calls serve().
#pragma once

#include <stdexcept>
#include <string>

namespace lightind::serve {

/// What `lightind serve` was asked for.
struct ServeOptions {
  std::string scenario;  ///< the scenario file served (required: no scenario is the default)
  std::string host = "127.0.0.1";  ///< the address to bind; a loopback one also restricts the Host header
  int port = 8080;                 ///< 0: any free port (printed)
  int max_runs = 2;                ///< runs at once, 1 to 64
  double queue_wait = 10.0;        ///< seconds a request waits for a run slot before 503; finite, >= 0
  int threads = 0;                 ///< worker threads of each run (0: all cores)
  int cache = 16;                  ///< finished runs kept
};

/// A ServeOptions value out of range; what() names the option, what was expected and found.
class ServeOptionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Throws ServeOptionError for an option out of range (the command line checks the same
/// ranges before, so that it can exit 2).
void validate(const ServeOptions& o);

/// Serves the page until SIGINT or SIGTERM (blocked in the calling thread and taken by a
/// thread of its own), printing the address on standard output once the baseline has run.
/// Returns 0 after a clean stop. Throws ServeOptionError, ScenarioError for a rejected
/// scenario, std::runtime_error when the address cannot be bound.
int serve(const ServeOptions& o);

}  // namespace lightind::serve
