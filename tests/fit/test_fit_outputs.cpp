// The files of `lightind fit` read back (src/fit/outputs.hpp): the overlay's comments as
// fitted_toml writes them, moments.csv as moments_csv writes it, and docs/CALIBRATION.md's
// generated table of free parameters (`lightind docs calibration`).
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "fit/fit.hpp"
#include "fit/outputs.hpp"
#include "test_util.hpp"

namespace lightind::fit {
namespace {

namespace fs = std::filesystem;

Free two_free() {
  Free f;
  f.params = {FreeParam{"prices.cost_pull", 0.005, 0.1, 0.03, "not observed (no survey); tuned to rice"},
              FreeParam{"world.fx_response", 0.005, 0.06, 0.02, "no DPRK estimate (Lyons 2001)"}};
  return f;
}

TEST(FitOutputs, OverlayCommentsReadBackAsWritten) {
  Evaluation best;
  best.theta = {0.1 / 3.0, 0.047};
  best.loss = 12.5;
  const std::string text = fitted_toml("../x.toml", "x", two_free(), best, "lightind fit x.toml --budget 9",
                                       {0.012345678, std::nan("")}, {true, false},
                                       {"", "flat direction: loading 0.71 on 1 singular value below 1e-06 x the largest"});
  const Overlay o = parse_overlay(text, "f.toml");
  EXPECT_EQ(o.command, "lightind fit x.toml --budget 9");
  EXPECT_DOUBLE_EQ(o.distance, 12.5);
  EXPECT_EQ(o.extends, "../x.toml");
  ASSERT_EQ(o.params.size(), 2u);
  EXPECT_EQ(o.params[0].key, "prices.cost_pull");
  EXPECT_TRUE(o.params[0].identified);
  EXPECT_EQ(o.params[0].value, 0.1 / 3.0);  // shortest round-trip form: exact
  EXPECT_DOUBLE_EQ(o.params[0].se, 0.01235);  // 4 significant digits
  EXPECT_EQ(o.params[0].lo, 0.005);
  EXPECT_EQ(o.params[0].hi, 0.1);
  EXPECT_EQ(o.params[0].why, "not observed (no survey); tuned to rice");
  EXPECT_EQ(o.params[1].key, "world.fx_response");
  EXPECT_FALSE(o.params[1].identified);
  EXPECT_EQ(o.params[1].value, 0.047);
  EXPECT_TRUE(std::isnan(o.params[1].se));
  EXPECT_EQ(o.params[1].reason, "flat direction: loading 0.71 on 1 singular value below 1e-06 x the largest");
  EXPECT_EQ(o.params[1].why, "no DPRK estimate (Lyons 2001)");
  EXPECT_EQ(o.find("world.fx_response"), &o.params[1]);
  EXPECT_EQ(o.find("world.other"), nullptr);
  // The unidentified key is left out of the overlay's values.
  EXPECT_EQ(text.find("fx_response ="), std::string::npos) << text;
}

TEST(FitOutputs, MomentsCsvReadsBackAsWritten) {
  Data d;
  Moment a;
  a.id = "gdp_growth[2013]";
  a.value = 1.25;
  a.se = 0.5;
  Moment b = a;
  b.id = "rice[2013-2019]";
  b.value = 5000;
  b.se = 500;
  d.moments = {a, b};
  Evaluation e;
  e.moments = {1.75, 6000};
  e.moment_var = {0.0625, 40000};
  const auto rows = parse_moments_csv(moments_csv(d, e), "m.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].id, "rice[2013-2019]");
  EXPECT_EQ(rows[0].model_sd, 0.25);
  EXPECT_EQ(rows[0].weighted_sq_error, 1.0);
  EXPECT_EQ(rows[1].weighted_sq_error, 4.0);
}

TEST(FitOutputs, OverlayRejectsADuplicateKeyAndAStrayComment) {
  const std::string twice =
      "[world]\n# estimate: lightind fit (range 0 to 1; free because a)\nfx_response = 0.5\n"
      "# not identified by the data (flat): world.fx_response left at the scenario's value (the search ended at 0.5; "
      "range 0 to 1; free because a)\n";
  EXPECT_THROW((void)parse_overlay(twice, "f.toml"), std::invalid_argument);
  try {
    (void)parse_overlay("[world]\n# not identified (flat)\n", "f.toml");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("f.toml:2: expected a comment \"# not identified by the data (REASON)"),
              std::string::npos)
        << e.what();
  }
}

// docs/CALIBRATION.md's table of free parameters is what `lightind docs calibration` generates.
TEST(FitOutputs, CalibrationDocumentMatchesTheScenarioAndTheFit) {
  const std::string path = std::string(LIGHTIND_SOURCE_DIR) + "/docs/CALIBRATION.md";
  const std::string doc = test_util::read_file(path);
  ASSERT_FALSE(doc.empty()) << path;
  const std::string fresh = calibration_document(doc, path, LIGHTIND_SOURCE_DIR);
  if (fresh != doc) {
    std::istringstream a(doc), b(fresh);
    std::string la, lb;
    int line = 1;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++line;
    FAIL() << "docs/CALIBRATION.md differs from the scenario, its free file and its fitted overlay at line " << line
           << ":\n  file:      " << la << "\n  generated: " << lb
           << "\nTo update it, run: ./build/release/lightind docs calibration --update docs/CALIBRATION.md";
  }
  // The block's figures: the scenario's value, the estimate and its se of the shipped files.
  const std::optional<std::string> t = free_parameter_table(LIGHTIND_SOURCE_DIR, "dprk-2013");
  ASSERT_TRUE(t.has_value());
  EXPECT_NE(t->find("| `world.fx_market_share` | 0.35 | assumption | 0.3619 | 0.05253 | 0.1 to 0.7 | estimate: "
                    "`lightind fit` (scenarios/dprk-2013.fitted.toml line 14) |"),
            std::string::npos)
      << *t;
  EXPECT_FALSE(free_parameter_table(LIGHTIND_SOURCE_DIR, "../x").has_value());
  EXPECT_FALSE(free_parameter_table(LIGHTIND_SOURCE_DIR, "no-such-scenario").has_value());
}

TEST(FitOutputs, CalibrationTableRefusesAStaleOverlay) {
  const fs::path root = test_util::fresh_test_dir(test_util::scratch_root() / "fit");
  test_util::write_file(root / "scenarios" / "s.toml",
                        "[prices]\n# assumption: a tenth\ncost_pull = 0.1\n[world]\n# source: [X1]\nfx_response = 0.02\n");
  const std::string free =
      "[[free]]\nkey = \"prices.cost_pull\"\n# assumption: range\nmin = 0.005\nmax = 0.2\nstart = 0.1\nwhy = \"not "
      "seen\"\n\n[[free]]\nkey = \"world.fx_response\"\n# assumption: range\nmin = 0.005\nmax = 0.06\nstart = "
      "0.02\nwhy = \"no estimate\"\n";
  test_util::write_file(root / "scenarios" / "s.free.toml", free);
  const std::string overlay =
      "extends = \"s.toml\"\n[prices]\n# estimate: lightind fit, se 0.01 (range 0.005 to 0.2; free because not "
      "seen)\ncost_pull = 0.05\n";
  test_util::write_file(root / "scenarios" / "s.fitted.toml", overlay);
  const std::optional<std::string> t = free_parameter_table(root.string(), "s");
  ASSERT_TRUE(t.has_value());
  EXPECT_NE(t->find("| `prices.cost_pull` | 0.1 | assumption | 0.05 | 0.01 | 0.005 to 0.2 | estimate: `lightind fit` "
                    "(scenarios/s.fitted.toml line 4) | not seen |"),
            std::string::npos)
      << *t;
  EXPECT_NE(t->find("| `world.fx_response` | 0.02 | source | — | — | 0.005 to 0.06 | the scenario's (source): not in "
                    "the overlay | no estimate |"),
            std::string::npos)
      << *t;
  // The free file's range changed after the fit: the overlay is stale.
  test_util::write_file(root / "scenarios" / "s.fitted.toml",
                        "[prices]\n# estimate: lightind fit, se 0.01 (range 0.005 to 0.1; free because not "
                        "seen)\ncost_pull = 0.05\n");
  try {
    (void)free_parameter_table(root.string(), "s");
    FAIL() << "no error for a stale overlay";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("s.fitted.toml:2: prices.cost_pull: expected the range 0.005 to 0.2"),
              std::string::npos)
        << e.what();
  }
  // A document without the block is refused.
  EXPECT_THROW((void)calibration_document("no block\n", "C.md", root.string()), std::runtime_error);
}

}  // namespace
}  // namespace lightind::fit
