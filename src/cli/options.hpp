// lightind: options shared by several commands, each parsed by one function here, so that
// every command accepts and rejects the same text with the same message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace lightind::pdlp {
enum class Scheme;
}

namespace lightind::cli {

/// Most worker threads `--threads` accepts (0 means all cores).
inline constexpr int kMaxThreads = 4096;

/// Adds `--seed` to `cmd`: exactly a decimal integer in [0, 2^64-1] (digits only: no sign,
/// no blank, no fraction); anything else is a usage error (exit 2) naming `--seed` and the
/// text found.
CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help);

/// Adds `--threads` to `cmd`: a decimal integer in [0, kMaxThreads] (0: all cores).
CLI::Option* add_threads_option(CLI::App* cmd, int& threads, const std::string& help);

/// Adds `--scheme averaged|halpern` to `cmd`: PDLP's iteration scheme (pdlp::Options::scheme);
/// anything else is a usage error (exit 2).
CLI::Option* add_scheme_option(CLI::App* cmd, pdlp::Scheme& scheme);

/// Adds `--out PATH` (help `out_help`) and the `--force` flag (help `force_help`) to `cmd`.
void add_out_options(CLI::App* cmd, std::string& out, bool& force, const std::string& out_help,
                     const std::string& force_help);

/// Adds the repeatable `--set key=value` to `cmd`.
CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& sets,
                            const std::string& help = "override a scenario value: key=value (repeatable)");

/// Adds `--max-agents N` and `--max-months N` to the program (before or after the command):
/// they set LIGHTIND_MAX_AGENTS and LIGHTIND_MAX_MONTHS, the limits the loader checks every
/// scenario against (include/lightind/limits.hpp).
void add_limit_options(CLI::App& app);

/// The synthetic product-level economy that gen-economy and plan-synthetic generate
/// (planner::generate_economy).
struct SyntheticEconomyOptions {
  std::int64_t products = 1000;  ///< --products N
  std::int32_t inputs = 15;      ///< --inputs-per-product K
  std::uint64_t seed = 1;        ///< --seed

  /// Throws std::runtime_error "COMMAND: ..." unless 2 <= products <= max_products (written
  /// `max_text` in the message) and 1 <= inputs < products.
  void check(const char* command, std::int64_t max_products, const char* max_text) const;
};

/// Adds --products N (required), --inputs-per-product K and --seed to `cmd`.
void add_synthetic_economy_options(CLI::App* cmd, SyntheticEconomyOptions& o);

/// The value of a decimal integer in [0, max], or false when `text` is anything else.
bool parse_decimal(const std::string& text, std::uint64_t max, std::uint64_t& value);

/// `--years` of `command` (compare, ablate) against the run of the scenario at `path`: 0 when
/// every year lies inside it; else prints "lightind: COMMAND: --years: expected years of the
/// run (2012 to 2025), found 2030" and returns 2 (a usage error: nothing runs).
int check_years(const std::string& path, const std::vector<std::string>& sets, std::uint64_t seed,
                const std::vector<int>& years, const char* command);

/// Adds an example command line to the end of every command's --help page (a footer that
/// begins "Example:"), to those that have none yet.
void add_examples(CLI::App& app);

}  // namespace lightind::cli
