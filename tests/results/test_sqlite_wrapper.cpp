// The one SQLite wrapper (src/results/sqlite.hpp): a statement's binds and column reads
// round-trip, NaN is stored as NULL, a temporary string cannot be bound (no copy is made),
// failures name the database and go through the connection's handler, and a read-only
// connection neither creates nor writes a file.
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_util.hpp"
#include "results/sqlite.hpp"

namespace lightind::detail::sqlite {
namespace {

// A temporary string would dangle under SQLITE_STATIC: refused at compile time.
template <class S>
concept BindsTemporary = requires(S& s, std::string t) { s.bind(1, std::move(t)); };
template <class S>
concept BindsLvalue = requires(S& s, const std::string& t) { s.bind(1, t); };
static_assert(!BindsTemporary<Stmt>);
static_assert(BindsLvalue<Stmt>);

TEST(SqliteWrapper, BindStepAndReadBack) {
  const Db db(":memory:");
  db.exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT)", "cannot create t");
  Stmt ins(db, "INSERT INTO t VALUES (?1, ?2, ?3)");
  const std::string a = "alpha", b = "beta";
  ins.bind(1, 7LL).bind(2, 2.5).bind(3, a).run("cannot insert");
  EXPECT_EQ(db.last_insert_rowid(), 1);
  ins.bind(1, -1LL).bind(2, std::nan("")).bind_null(3).run("cannot insert");  // reused after run()
  ins.bind(2, INFINITY).bind(3, b).run("cannot insert");                      // bindings stay: i = -1
  Stmt sel(db, "SELECT i, r, s FROM t ORDER BY rowid");
  ASSERT_TRUE(sel.row());
  EXPECT_EQ(sel.integer(0), 7);
  EXPECT_EQ(sel.real(1), 2.5);
  EXPECT_EQ(sel.text(2), "alpha");
  ASSERT_TRUE(sel.row());
  EXPECT_EQ(sel.integer(0), -1);
  EXPECT_TRUE(sel.null(1));
  EXPECT_TRUE(std::isnan(sel.real(1)));
  EXPECT_TRUE(sel.null(2));
  EXPECT_EQ(sel.text(2), "");
  ASSERT_TRUE(sel.row());
  EXPECT_EQ(sel.integer(0), -1);
  EXPECT_TRUE(sel.null(1));  // infinity is stored as NULL too
  EXPECT_EQ(sel.text(2), "beta");
  EXPECT_FALSE(sel.row());
  sel.reset();
  EXPECT_TRUE(sel.row());  // from the first row again
}

TEST(SqliteWrapper, FailuresNameTheDatabaseAndWhatFailed) {
  const Db db(":memory:");
  try {
    Stmt s(db, "SELECT * FROM missing");
    FAIL() << "expected a failure";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "sqlite: cannot prepare a statement in :memory:: no such table: missing");
  }
  db.exec("CREATE TABLE u(k INTEGER PRIMARY KEY)", "cannot create u");
  Stmt ins(db, "INSERT INTO u VALUES (1)");
  ins.run("cannot insert");
  test_util::expect_throw_with<std::runtime_error>(
      [&] { ins.run("cannot insert the key"); }, "sqlite: cannot insert the key in :memory:: UNIQUE constraint failed");
}

TEST(SqliteWrapper, HandlerShapesTheErrorAndSeesTheCode) {
  struct Custom : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  Failure seen;
  const Raise custom = [&](const Failure& f) {
    seen = f;
    throw Custom(f.path + ": " + f.what);
  };
  const Db db(":memory:", Db::Mode::read_write_create, custom);
  EXPECT_THROW(db.exec("NOT SQL", "cannot run it"), Custom);
  EXPECT_EQ(seen.what, "cannot run it");
  EXPECT_EQ(seen.code, SQLITE_ERROR);
  EXPECT_FALSE(seen.opening);
  EXPECT_THROW(Stmt(db, "SELECT nothing FROM nowhere", "not a lightind results database"), Custom);
  EXPECT_EQ(seen.what, "not a lightind results database");
}

TEST(SqliteWrapper, ReadOnlyOpenOfAMissingFileFailsAndCreatesNothing) {
  const auto dir = cli_test::scratch_dir();
  const std::string path = (dir / "none.sqlite").string();
  Failure seen;
  const Raise keep = [&](const Failure& f) {
    seen = f;
    throw std::invalid_argument(describe(f));
  };
  try {
    const Db db(path, Db::Mode::read_only, keep);
    FAIL() << "expected a failure";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "sqlite: cannot open " + path + ": unable to open database file");
  }
  EXPECT_TRUE(seen.opening);
  EXPECT_EQ(seen.path, path);
  EXPECT_FALSE(std::filesystem::exists(path));
  // Read-only: writing fails.
  { const Db make(path); make.exec("CREATE TABLE t(x)", "cannot create t"); }
  const Db ro(path, Db::Mode::read_only);
  EXPECT_THROW(ro.exec("INSERT INTO t VALUES (1)", "cannot insert"), std::runtime_error);
}

}  // namespace
}  // namespace lightind::detail::sqlite
