// The program's messages for the slips of a new user (issue 15 point 9): each is a usage
// error (exit 2) that says what was expected and what was found; `lightind help` works and
// every --help page ends with an example.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"

namespace lightind {
namespace {

namespace fs = std::filesystem;
using cli_test::run_cli;

const char* const kCommands[] = {"run",    "check",   "accounts", "compare",        "calibrate", "clean",
                                 "io",     "plan",    "gen-economy", "plan-synthetic", "sweep", "report",
                                 "serve",  "docs",    "ablate",   "explain", "fit"};

TEST(CliMessages, ThreadsAndSeedNameTheirText) {
  for (const char* cmd : {"run", "compare", "sweep", "explain"}) {
    SCOPED_TRACE(cmd);
    const std::string s = std::string(cmd) + " scenarios/dprk-2013.toml scenarios/dprk-2013.toml";
    const auto threads = run_cli(std::string(cmd) == "sweep" ? "sweep scenarios/dprk-2013.toml --runs 1 --threads two"
                                                             : s + " --threads two");
    EXPECT_EQ(threads.code, 2) << threads.output;
    EXPECT_NE(threads.output.find("--threads: expected a number of worker threads"), std::string::npos)
        << threads.output;
    EXPECT_LT(threads.output.size(), 400U) << threads.output;
    const auto seed = run_cli(std::string(cmd) == "sweep" ? "sweep scenarios/dprk-2013.toml --runs 1 --seed -5"
                                                          : s + " --seed -5");
    EXPECT_EQ(seed.code, 2) << seed.output;
    EXPECT_NE(seed.output.find("found \"-5\""), std::string::npos) << seed.output;
  }
}

TEST(CliMessages, AccountsMonthFormatIsAUsageError) {
  const auto r = run_cli("accounts out/nowhere --month 2016-3");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--month: expected a month written YYYY-MM (e.g. 2016-03), found \"2016-3\""),
            std::string::npos)
      << r.output;
}

TEST(CliMessages, MissingScenarioFileNamedWithoutLineZero) {
  const auto r = run_cli("check no-such-scenario.toml");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("lightind: scenario rejected: no-such-scenario.toml: expected a readable scenario file, "
                          "found no such file"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find(":0:"), std::string::npos) << r.output;
}

TEST(CliMessages, HelpCommandAndExamplesOnEveryPage) {
  const auto top = run_cli("help");
  EXPECT_EQ(top.code, 0) << top.output;
  EXPECT_NE(top.output.find("Example:"), std::string::npos) << top.output;
  EXPECT_NE(top.output.find("explain"), std::string::npos) << top.output;
  for (const char* cmd : kCommands) {
    SCOPED_TRACE(cmd);
    const auto page = run_cli(std::string(cmd) + " --help");
    EXPECT_EQ(page.code, 0) << page.output;
    EXPECT_NE(page.output.find("Example:\n  lightind " + std::string(cmd)), std::string::npos) << page.output;
    const auto via_help = run_cli(std::string("help ") + cmd);
    EXPECT_EQ(via_help.code, 0) << via_help.output;
    EXPECT_EQ(via_help.output, page.output);
  }
  const auto unknown = run_cli("help rnu");
  EXPECT_EQ(unknown.code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("found \"rnu\""), std::string::npos) << unknown.output;
}

TEST(CliMessages, SetOfOneShareNamesTheSetArgument) {
  // The README's lever: one share alone does not sum to 1; the message names the --set (not
  // the scenario file's line) and the whole-timeline key that rescales the others.
  const auto r = run_cli("check scenarios/dprk-2013.toml --set policy.investment_share.light=0.4");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--set: policy.investment_share: expected shares summing to 1"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("after --set policy.investment_share.light=0.4"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("policy.light_investment_share=0.4"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("dprk-2013.toml:"), std::string::npos) << r.output;
  // The README's example works.
  const auto ok = run_cli("check scenarios/dprk-2013.toml --set policy.light_investment_share=0.4");
  EXPECT_EQ(ok.code, 0) << ok.output;
}

}  // namespace
}  // namespace lightind
