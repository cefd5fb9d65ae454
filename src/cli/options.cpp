// lightind: options shared by several commands (options.hpp).
#include "cli/options.hpp"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "lightind/pdlp.hpp"
#include "lightind/scenario.hpp"

namespace lightind::cli {

namespace {

/// The text as the message shows it: quoted, at most 40 characters, control characters escaped.
std::string shown(const std::string& text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == 40) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    out += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, text[i]);
  }
  return out + "\"";
}

}  // namespace

bool parse_decimal(const std::string& text, std::uint64_t max, std::uint64_t& value) {
  if (text.empty() || text.size() > 20) return false;
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v > max) return false;
  value = v;
  return true;
}

CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help) {
  auto* opt = cmd->add_option_function<std::string>(
      "--seed",
      [&seed](const std::string& text) {
        if (!parse_decimal(text, std::numeric_limits<std::uint64_t>::max(), seed))
          throw CLI::ValidationError("--seed", fmt::format("expected a decimal integer from 0 to {}, found {}",
                                                           std::numeric_limits<std::uint64_t>::max(), shown(text)));
      },
      help);
  opt->type_name("UINT64");
  return opt;
}

void add_out_options(CLI::App* cmd, std::string& out, bool& force, const std::string& out_help,
                     const std::string& force_help) {
  cmd->add_option("--out", out, out_help);
  cmd->add_flag("--force", force, force_help);
}

CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& sets, const std::string& help) {
  return cmd->add_option("--set", sets, help);
}

CLI::Option* add_scheme_option(CLI::App* cmd, pdlp::Scheme& scheme) {
  auto* opt = cmd->add_option_function<std::string>(
      "--scheme",
      [&scheme](const std::string& text) {
        scheme = text == pdlp::to_string(pdlp::Scheme::halpern) ? pdlp::Scheme::halpern : pdlp::Scheme::averaged;
      },
      "PDLP: averaged (the default: adaptive steps, restarts to the average) or halpern (reflected Halpern "
      "iterations, constant step, PID primal weight)");
  opt->check(CLI::IsMember({pdlp::to_string(pdlp::Scheme::averaged), pdlp::to_string(pdlp::Scheme::halpern)}));
  return opt;
}

CLI::Option* add_threads_option(CLI::App* cmd, int& threads, const std::string& help) {
  auto* opt = cmd->add_option_function<std::string>(
      "--threads",
      [&threads](const std::string& text) {
        std::uint64_t v = 0;
        if (!parse_decimal(text, kMaxThreads, v))
          throw CLI::ValidationError(
              "--threads", fmt::format("expected a number of worker threads, a whole number from 0 to {} (0: all cores), "
                                       "found {}",
                                       kMaxThreads, shown(text)));
        threads = static_cast<int>(v);
      },
      help);
  opt->type_name("INT");
  return opt;
}

void add_limit_options(CLI::App& app) {
  const auto add = [&app](const std::string& flag, const char* variable, const std::string& help) {
    app.add_option_function<std::string>(
           flag,
           [flag, variable](const std::string& text) {
             std::uint64_t v = 0;
             if (!parse_decimal(text, 999'999'999'999'999'999ULL, v) || v == 0)
               throw CLI::ValidationError(flag, fmt::format("expected a whole number from 1 to 999999999999999999, "
                                                            "found {}",
                                                            shown(text)));
             setenv(variable, std::to_string(v).c_str(), 1);
           },
           help)
        ->type_name("N");
  };
  add("--max-agents", "LIGHTIND_MAX_AGENTS",
      "most household agents plus enterprises a scenario may have (default: from the machine's memory; "
      "also LIGHTIND_MAX_AGENTS)");
  add("--max-months", "LIGHTIND_MAX_MONTHS",
      "most months a run may step, spin-up included (default 1200; also LIGHTIND_MAX_MONTHS)");
}

void SyntheticEconomyOptions::check(const char* command, std::int64_t max_products, const char* max_text) const {
  if (products < 2 || products > max_products)
    throw std::runtime_error(fmt::format("{}: --products must be between 2 and {}", command, max_text));
  if (inputs < 1 || inputs >= products)
    throw std::runtime_error(fmt::format("{}: --inputs-per-product must be at least 1 and below --products", command));
}

void add_synthetic_economy_options(CLI::App* cmd, SyntheticEconomyOptions& o) {
  cmd->add_option("--products", o.products, "number of products N")->required()->check(CLI::PositiveNumber);
  cmd->add_option("--inputs-per-product", o.inputs, "mean number of inputs per product K (default 15)")
      ->check(CLI::PositiveNumber);
  add_seed_option(cmd, o.seed, "random seed (default 1)");
}

int check_years(const std::string& path, const std::vector<std::string>& sets, std::uint64_t seed,
                const std::vector<int>& years, const char* command) {
  if (years.empty()) return 0;
  const Description d = load_scenario(path, sets, seed);
  for (const int y : years)
    if (y < d.start.year || y > d.end.year) {
      fmt::print(stderr, "lightind: {}: --years: expected years of the run of {} ({} to {}), found {}\n", command,
                 path, d.start.year, d.end.year, y);
      return 2;
    }
  return 0;
}

void add_examples(CLI::App& app) {
  static const std::pair<const char*, const char*> kExamples[] = {
      {"run", "lightind run scenarios/dprk-2013.toml --out out/ref --check --set policy.light_investment_share=0.4"},
      {"check", "lightind check scenarios/dprk-2013.toml --set households.scale=2000"},
      {"accounts", "lightind accounts out/ref --month 2016-03"},
      {"compare", "lightind compare scenarios/dprk-2013.toml scenarios/heavy-priority.toml --years 2015,2019"},
      {"calibrate", "lightind calibrate scenarios/dprk-2013.toml"},
      {"clean", "lightind clean out"},
      {"io", "lightind io scenarios/dprk-2013.toml --year 2019"},
      {"plan", "lightind plan scenarios/dprk-2013.toml --year 2019 --out out/plan"},
      {"gen-economy", "lightind gen-economy --products 10000 --out out/econ"},
      {"plan-synthetic", "lightind plan-synthetic --products 10000 --method pdlp"},
      {"sweep", "lightind sweep scenarios/dprk-2013.toml --runs 4 --set policy.light_investment_share=0.1,0.3"},
      {"report", "lightind report out/compare --out out/report.html"},
      {"serve", "lightind serve scenarios/dprk-2013.toml --port 8080"},
      {"docs", "lightind docs indicators > docs/INDICATORS.md"},
      {"ablate", "lightind ablate scenarios/dprk-2013.toml --years 2019 --out out/ablate"},
      {"explain",
       "lightind explain scenarios/dprk-2013.toml scenarios/heavy-priority.toml --indicator living_standard_index "
       "--year 2019"},
      {"fit", "lightind fit scenarios/dprk-2013.toml --data scenarios/data/dprk-2012-2019.toml --budget 200"},
      {"validate",
       "lightind validate scenarios/dprk-2013.toml --data scenarios/data/dprk-2012-2019.toml --holdout 2018-2019 "
       "--budget 60"},
  };
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_footer().find("Example") != std::string::npos) continue;
    for (const auto& [name, example] : kExamples)
      if (sub->get_name() == name) {
        const std::string old = sub->get_footer();
        sub->footer(std::string("Example:\n  ") + example + (old.empty() ? "" : "\n\n" + old));
      }
  }
}

}  // namespace lightind::cli
