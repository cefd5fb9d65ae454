// Issue 10, part B: bounded input. Each test names the defect it covers (D2: deep nesting,
// D3: solver inputs, D9: limits on work and finite values, D11: seeds, threads, control
// characters); docs/SCENARIOS.md "Limits" states the limits.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "../cli/cli_test_util.hpp"
#include "../scenario/scenario_test_util.hpp"
#include "lightind/accounts.hpp"
#include "lightind/limits.hpp"
#include "lightind/run.hpp"
#include "lightind/scenario.hpp"
#include "scenario/tree.hpp"

namespace {

using lightind::ScenarioError;
using lightind::scenario_test::kMiniScenario;

/// The ScenarioError that loading `text` (with `sets`) throws; fails the test when none.
ScenarioError load_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    (void)lightind::load_scenario_text(text, "t.toml", sets);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "the scenario was accepted";
  return ScenarioError("", 0, "", "", "");
}

std::string repeat(const std::string& unit, int n, const std::string& sep) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? sep : "") + unit;
  return out;
}

/// kMiniScenario with the line `key = old` replaced by `key = value` (or the key added to
/// `[section]` when absent).
std::string with_value(const std::string& section, const std::string& line) {
  std::string s = kMiniScenario;
  const std::string head = "[" + section + "]\n";
  const size_t at = s.find(head);
  if (at == std::string::npos) return s + "\n" + head + line + "\n";
  return s.insert(at + head.size(), line + "\n");
}

/// Sets an environment variable for the life of the object.
struct EnvVar {
  std::string name;
  EnvVar(std::string n, const std::string& v) : name(std::move(n)) { setenv(name.c_str(), v.c_str(), 1); }
  ~EnvVar() { unsetenv(name.c_str()); }
};

}  // namespace

// --- D2: deep nesting overflowed the stack (14,000 levels in a 40 KB file) -----------------

TEST(Robustness, D2_DeepDottedKeysRejected) {
  const ScenarioError e = load_error("# deep\na" + repeat(".a", 20000, "") + " = 1\n");
  EXPECT_EQ(e.file(), "t.toml");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key().substr(0, 8), "a.a.a.a.");
  EXPECT_EQ(e.expected(), "tables and arrays nested at most 64 levels deep");
}

TEST(Robustness, D2_DeepHeadersRejected) {
  const ScenarioError e = load_error("[" + repeat("a", 20000, ".") + "]\nx = 1\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.expected(), "tables and arrays nested at most 64 levels deep");
  // Dotted keys inside inline tables, and inline tables inside arrays, count alike.
  const ScenarioError f = load_error("x = [{a = {" + repeat("b", 70, ".") + " = 1}}]\n");
  EXPECT_EQ(f.expected(), "tables and arrays nested at most 64 levels deep");
}

TEST(Robustness, D2_NestingLimitIsExact) {
  // 64 levels pass the depth check (and fail later, as an unknown section); 65 do not.
  int line = 0;
  std::string key;
  EXPECT_EQ(lightind::detail::nesting_depth("[" + repeat("a", 63, ".") + "]\nb = 1\n", line, key), 64);
  EXPECT_EQ(load_error(repeat("a", 64, ".") + " = 1\n").key(), "a");
  EXPECT_EQ(load_error(repeat("a", 65, ".") + " = 1\n").expected(), "tables and arrays nested at most 64 levels deep");
  // Dots and brackets in strings, comments and numbers do not count.
  EXPECT_EQ(lightind::detail::nesting_depth("a = \"" + repeat("[{.", 100, "") + "\" # [[[[.\nb = 1.5\n", line, key), 1);
}

TEST(Robustness, D2_DeepSetKeyRejected) {
  const ScenarioError e = load_error(kMiniScenario, {"scenario.title={" + repeat("a", 20000, ".") + " = 1}"});
  EXPECT_EQ(e.file(), "--set");
  EXPECT_EQ(e.expected(), "tables and arrays nested at most 64 levels deep");
}

// --- D3: a huge plan.target_weight aborted the process in CLP ------------------------------

TEST(Robustness, D3_HugeTargetWeightRejected) {
  const ScenarioError e = load_error(with_value("plan", "target_weight = 1e17"));
  EXPECT_EQ(e.key(), "plan.target_weight");
  EXPECT_EQ(e.expected(), "a number in [0, 1000000]");
  EXPECT_EQ(e.found(), "1e+17");
}

TEST(Robustness, D3_HugeTargetWeightThroughTheCliIsNoAbort) {
  const auto r = lightind::cli_test::run_cli(
      "run scenarios/dprk-2013.toml --quiet --out /dev/null/x --set plan.target_weight=1e17");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("plan.target_weight: expected a number in [0, 1000000], found 1e+17"), std::string::npos)
      << r.output;
}

// --- D9: no limit on work; non-finite values written with exit 0 ---------------------------

TEST(Robustness, D9_PopulationTooLargeRejected) {
  std::string s = with_value("households", "scale = 1");
  s.replace(s.find("population = 1000000"), 20, "population = 1e12");
  const ScenarioError e = load_error(s);
  EXPECT_EQ(e.key(), "households.scale");
  EXPECT_NE(e.expected().find("of this machine's"), std::string::npos) << e.what();
  EXPECT_NE(e.found().find("250000750000 households"), std::string::npos) << e.what();
}

TEST(Robustness, D9_AgentLimitOverridable) {
  EXPECT_NO_THROW((void)lightind::load_scenario_text(kMiniScenario, "t.toml"));
  const EnvVar limit("LIGHTIND_MAX_AGENTS", "100");
  const ScenarioError e = load_error(kMiniScenario);
  EXPECT_EQ(e.key(), "households.scale");
  EXPECT_NE(e.expected().find("at most 100 agents (LIGHTIND_MAX_AGENTS"), std::string::npos) << e.what();
  const EnvVar bad("LIGHTIND_MAX_AGENTS", "two");
  EXPECT_EQ(load_error(kMiniScenario).file(), "LIGHTIND_MAX_AGENTS");
}

TEST(Robustness, D9_CheckReportsTheLimits) {
  const auto dir = lightind::cli_test::scratch_dir();
  const std::string path = lightind::cli_test::write_file(dir / "mini.toml", kMiniScenario);
  const auto ok = lightind::cli_test::run_cli("check " + path);
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("limits       24 months of 1200 allowed (default)"), std::string::npos) << ok.output;
  const auto low = lightind::cli_test::run_cli("check " + path + " --max-agents 10");
  EXPECT_EQ(low.code, 2) << low.output;
  EXPECT_NE(low.output.find("households.scale: expected at most 10 agents"), std::string::npos) << low.output;
}

TEST(Robustness, D9_TinyHouseholdSizeRejected) {
  const ScenarioError e = load_error(with_value("households", "household_size = 1e-300"));
  EXPECT_EQ(e.key(), "households.household_size");
  EXPECT_EQ(e.expected(), "a number in [1, 100]");
}

TEST(Robustness, D9_HugeSpinUpRejected) {
  std::string s = kMiniScenario;
  s.insert(s.find("seed = 7"), "spin_up_months = 2147483647\n");
  const ScenarioError e = load_error(s);
  EXPECT_EQ(e.key(), "scenario.spin_up_months");
  EXPECT_NE(e.expected().find("at most 1200 months"), std::string::npos) << e.what();
  EXPECT_NE(e.found().find("2147483671 months"), std::string::npos) << e.what();
  const EnvVar limit("LIGHTIND_MAX_MONTHS", "12");
  EXPECT_EQ(load_error(kMiniScenario).key(), "scenario.end");
}

TEST(Robustness, D9_BigFileRejected) {
  std::string s = kMiniScenario + "#";
  s.resize((std::size_t{16} << 20) + 1, 'x');
  const ScenarioError e = load_error(s);
  EXPECT_EQ(e.key(), "(file)");
  EXPECT_EQ(e.expected(), "a scenario of at most 16777216 bytes (16 MiB)");
  EXPECT_EQ(e.found(), "16777217 bytes");
}

TEST(Robustness, D9_ExtremeOverridesNeverWriteNonFinite) {
  // Each override that wrote NaN or inf, or aborted, before: now rejected, or a finite run.
  const std::vector<std::string> sets = {
      "households.household_size=1e-300", "households.household_size=1e300", "households.subsistence=1e300",
      "plan.target_weight=1e300",         "households.scale=1e300",          "state.state_wage=1e300",
      "world.exchange_rate=1e-300",       "prices.market_premium=1e-300",    "households.food_need=1e300",
  };
  for (const std::string& set : sets) {
    try {
      const lightind::Description d = lightind::load_scenario_text(kMiniScenario, "t.toml", {set});
      lightind::RunOptions opt;
      opt.check = true;
      const lightind::RunResult r = lightind::run(d, opt);
      for (const double v : r.series.value) ASSERT_TRUE(std::isfinite(v)) << set;
    } catch (const ScenarioError&) {
    } catch (const lightind::AccountingError& e) {
      EXPECT_NE(std::string(e.what()).find(" in "), std::string::npos) << set;
    }
  }
}

TEST(Robustness, D9_NonFiniteFlowFailsTheLedgerCheck) {
  lightind::MonthAccounts m{};
  m.month = lightind::YearMonth{2015, 3}.index();
  m.flows[0][0] = std::nan("");
  EXPECT_THROW(lightind::check_month(m, {}, {}), lightind::AccountingError);
  const auto e = lightind::AccountingError::non_finite(m.month, "indicator employment, sector food", INFINITY);
  EXPECT_STREQ(e.what(), "non-finite value in 2015-03: indicator employment, sector food is inf");
}

// --- D11: seeds, threads, control characters ----------------------------------------------

TEST(Robustness, D11_SeedValidation) {
  const std::vector<std::string> commands = {
      "run scenarios/dprk-2013.toml",     "compare scenarios/dprk-2013.toml",   "calibrate scenarios/dprk-2013.toml",
      "sweep scenarios/dprk-2013.toml --runs 1", "plan scenarios/dprk-2013.toml --year 2015",
      "gen-economy --products 10",        "plan-synthetic --products 10"};
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"-1", "\"-1\""}, {"18446744073709551616", "\"18446744073709551616\""}, {"''", "\"\""},
      {"1.5", "\"1.5\""}, {"two", "\"two\""}, {"' 7'", "\" 7\""}};
  for (const std::string& c : commands)
    for (const auto& [arg, shown] : bad) {
      const auto r = lightind::cli_test::run_cli(c + " --out /dev/null/x --seed " + arg);
      EXPECT_EQ(r.code, 2) << c << " --seed " << arg << ": " << r.output;
      EXPECT_NE(r.output.find("--seed: expected a decimal integer from 0 to 18446744073709551615, found " + shown),
                std::string::npos)
          << c << " --seed " << arg << ": " << r.output;
    }
}

TEST(Robustness, D11_LargestSeedAccepted) {
  const auto dir = lightind::cli_test::scratch_dir();
  const std::string path = lightind::cli_test::write_file(dir / "mini.toml", kMiniScenario);
  const auto r = lightind::cli_test::run_cli("run " + path + " --seed 18446744073709551615 --out " +
                                             (dir / "out").string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("seed 18446744073709551615"), std::string::npos) << r.output;
}

TEST(Robustness, D11_ThreadsMessage) {
  const auto r = lightind::cli_test::run_cli("run scenarios/dprk-2013.toml --threads two");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--threads: expected a number of worker threads, a whole number from 0 to 4096 (0: all "
                          "cores), found \"two\""),
            std::string::npos)
      << r.output;
  EXPECT_LT(r.output.size(), 300u) << r.output;
}

TEST(Robustness, D11_NulInIdRejected) {
  std::string s = kMiniScenario;
  s.replace(s.find("id = \"north\""), 12, "id = \"no\\u0000rth\"");
  const ScenarioError e = load_error(s);
  EXPECT_EQ(e.line(), lightind::scenario_test::line_of(kMiniScenario, "id = \"north\""));
  EXPECT_EQ(e.expected(), "a non-empty string without control characters");
  EXPECT_EQ(e.found(), "a string \"no\\u0000rth\" (character U+0000 at position 3)");
  std::string n = kMiniScenario;
  n.replace(n.find("name = \"Steel\""), 14, "name = \"St\\u0001eel\"");
  EXPECT_NE(load_error(n).found().find("U+0001"), std::string::npos);
}
