// lightind serve: the command line of the interactive policy page. It parses the options
// (a bad one exits 2 with a message naming it) and calls serve::serve() (src/serve/server.hpp;
// docs/PAGE.md). In `lightind` (LIGHTIND_SERVE_EXEC) the options are checked, then the program
// lightind-serve, which links the HTTP and TLS libraries, takes over (src/cli/helpers.hpp).
#include <charconv>
#include <cmath>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/helpers.hpp"
#include "cli/options.hpp"
#include "serve/server.hpp"

namespace lightind::cli {

namespace {

/// A finite number >= 0 (CLI::NonNegativeNumber lets "nan" through, which acted as 0).
const CLI::Validator kFiniteSeconds(
    [](std::string& text) -> std::string {
      double v = 0;
      const char* end = text.data() + text.size();
      const auto r = std::from_chars(text.data(), end, v);
      if (text.empty() || r.ec != std::errc() || r.ptr != end || !std::isfinite(v) || v < 0)
        return fmt::format("expected a finite number of seconds >= 0, found \"{}\"", text);
      return {};
    },
    "SECONDS>=0");

}  // namespace

void add_serve_command(CLI::App& app, Action& action) {
  auto opts = std::make_shared<serve::ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "serve the interactive policy page (sliders, charts, baseline beside the run)");
  cmd->add_option("scenario", opts->scenario, "scenario file (TOML) to serve")->required();
  cmd->add_option("--port", opts->port, "TCP port (default 8080; 0: any free port, printed)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", opts->host, "address to bind (default 127.0.0.1: this machine only)");
  cmd->add_option("--max-runs", opts->max_runs, "runs at once (default 2, at most 64)")->check(CLI::Range(1, 64));
  cmd->add_option("--queue-wait", opts->queue_wait, "seconds a request waits for a run slot before 503 (default 10)")
      ->check(kFiniteSeconds);
  lightind::cli::add_threads_option(cmd, opts->threads, "worker threads per run (default: all cores)");
#ifdef LIGHTIND_SERVE_EXEC
  // `lightind` itself loads no HTTP or TLS library: the page is served by lightind-serve.
  // The callback owns `opts`: the options above write into it while parsing.
  cmd->callback([&action, opts] {
    static_cast<void>(opts);  // kept alive to here; the helper parses the same arguments again
    action = [] { return exec_helper("lightind-serve"); };
  });
#else
  cmd->callback([&action, opts] { action = [opts] { return serve::serve(*opts); }; });
#endif
}

}  // namespace lightind::cli
