// The sweep tables of the results database (src/sweep/store.cpp): a run written with its
// marker reads back exactly, a second copy of a run key is refused, settings are listed.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "lightind/sweep.hpp"
#include "sweep/sweep_test_util.hpp"

namespace lightind::sweep {
namespace {

namespace fs = std::filesystem;

TEST(SweepStore, WriteReadAndRefuseASecondCopy) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string scenario = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  const Plan plan = make_plan(scenario, {"households.scale=10000", "reform.profit_levy=0.2,0.3"}, 2, 9);
  ASSERT_EQ(plan.runs.size(), 4u);
  EXPECT_EQ(plan.base_seed, 9u);
  EXPECT_EQ(plan.runs[3].setting, 1);
  EXPECT_EQ(plan.runs[3].seed_index, 1);
  EXPECT_EQ(plan.runs[3].seed, derive_seed(9, 1));
  EXPECT_EQ(plan.runs[3].key,
            plan.scenario_hash + "|households.scale=10000;reform.profit_levy=0.3|" + std::to_string(derive_seed(9, 1)));
  EXPECT_EQ(plan.scenario_hash.size(), 16u);

  RunResult r;
  r.scenario = "dprk-2013";
  r.seed = plan.runs[3].seed;
  r.series.sectors = {"food", "textiles"};
  const int g = r.series.indicator_id("gdp_real"), o = r.series.indicator_id("output");
  r.series.add(YearMonth{2012, 1}.index(), g, 1.0 / 3.0);
  r.series.add(YearMonth{2012, 1}.index(), o, std::numeric_limits<double>::infinity(), 1);
  r.series.add(YearMonth{2012, 2}.index(), g, -2.5e-300);

  const fs::path db = dir / "store.sqlite";
  {
    Store store(db.string());
    store.record_settings(plan);
    store.record_settings(plan);  // idempotent
    EXPECT_FALSE(store.finished(plan.runs[3].key));
    EXPECT_TRUE(store.write(plan, plan.runs[3], r));
    EXPECT_TRUE(store.finished(plan.runs[3].key));
    EXPECT_FALSE(store.finished(plan.runs[2].key));
    EXPECT_FALSE(store.write(plan, plan.runs[3], r));  // already there: nothing written
    Names names;
    const Rows back = store.read(plan.runs[3].key, names);
    ASSERT_EQ(back.size(), 3u);
    // Series by series (gdp_real, then output of textiles), month by month.
    EXPECT_EQ(back.value[0], 1.0 / 3.0);
    EXPECT_EQ(back.value[1], -2.5e-300);
    EXPECT_TRUE(std::isnan(back.value[2]));  // stored as NULL, like series.csv's empty field
    EXPECT_EQ(back.key[1], row_key(names.id(0, "2012-02"), names.id(1, "gdp_real"), 0, 0));
    EXPECT_EQ(back.key[2], row_key(names.id(0, "2012-01"), names.id(1, "output"), names.id(2, "textiles"), 0));
    EXPECT_THROW((void)store.read(plan.runs[0].key, names), std::runtime_error);
  }
  EXPECT_EQ(sweep_test::query_int(db, "SELECT count(*) FROM runs"), 1);
  EXPECT_EQ(sweep_test::query_int(db, "SELECT count(*) FROM sweep_runs"), 1);
  EXPECT_EQ(sweep_test::query_int(db, "SELECT series_rows FROM sweep_runs"), 3);
  EXPECT_EQ(sweep_test::query_int(db, "SELECT count(*) FROM sweep_settings"), 2);
  EXPECT_EQ(
      sweep_test::query_texts(db, "SELECT key || '=' || value FROM sweep_setting_values ORDER BY setting_key, key"),
      (std::vector<std::string>{"households.scale=10000", "reform.profit_levy=0.2", "households.scale=10000",
                                "reform.profit_levy=0.3"}));
  EXPECT_EQ(sweep_test::query_texts(db, "SELECT settings FROM runs"),
            (std::vector<std::string>{"households.scale=10000;reform.profit_levy=0.3"}));
  // Left in rollback-journal mode when the last connection closed: readers need no WAL files.
  EXPECT_EQ(sweep_test::query_texts(db, "PRAGMA journal_mode"), (std::vector<std::string>{"delete"}));
  EXPECT_FALSE(fs::exists(db.string() + "-wal"));
  EXPECT_EQ(sweep_test::query_int(db, "SELECT count(*) FROM sweep_runs WHERE checksum LIKE 'fnv1a64:%'"), 1);
  sweep_test::expect_no_partial_rows(db, 3);
}

TEST(SweepStore, ReadChecksTheRunsChecksum) {
  const fs::path dir = cli_test::scratch_dir();
  const std::string scenario = std::string(LIGHTIND_SOURCE_DIR) + "/scenarios/dprk-2013.toml";
  const Plan plan = make_plan(scenario, {"households.scale=10000"}, 1, 9);
  RunResult r;
  r.scenario = "dprk-2013";
  r.seed = plan.runs[0].seed;
  const int g = r.series.indicator_id("gdp_real");
  r.series.add(YearMonth{2012, 1}.index(), g, -0.0);  // stored as integer 0, read back as +0: same checksum
  r.series.add(YearMonth{2012, 2}.index(), g, 2.5);
  const fs::path db = dir / "store.sqlite";
  Store store(db.string());
  store.record_settings(plan);
  ASSERT_TRUE(store.write(plan, plan.runs[0], r));
  Names names;
  EXPECT_EQ(store.read(plan.runs[0].key, names).value[1], 2.5);
  store.verify();
  // Another connection changes a value: the next read of the run refuses it.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "UPDATE series_values SET vals = replace(vals, '2.5', '2.25')", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  try {
    (void)store.read(plan.runs[0].key, names);
    FAIL() << "read a changed run";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(db.string() + " is damaged: run 1 (run key " + plan.runs[0].key +
                                         "): its series rows do not match the checksum written with them"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(store.verify(), std::runtime_error);
}

TEST(SweepStore, ABusyDatabaseIsRefusedWithAMessage) {
  const fs::path dir = cli_test::scratch_dir();
  const fs::path db = dir / "busy.sqlite";
  { Store create(db.string()); }
  // Another process holds the write lock (here: another connection in a write transaction).
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    Store store(db.string(), 200);
    FAIL() << "wrote while another connection held the write lock";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("another process held the database for more than 0.2 s; is another sweep "
                                         "writing it?"),
              std::string::npos)
        << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(150));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  // Free again: it opens.
  Store store(db.string(), 200);
  EXPECT_FALSE(store.finished("x"));
}

TEST(SweepStore, UnwritableDatabaseNamesThePath) {
  try {
    Store store("/nonexistent-folder/x/results.sqlite");
    FAIL() << "opened a database in a missing folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("sqlite: cannot open /nonexistent-folder/x/results.sqlite"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace lightind::sweep
