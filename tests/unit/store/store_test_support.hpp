#pragma once
// Value-parameterized store tests: every TEST_P runs on SQLite (a fresh file per test) and on PostgreSQL
// (a fresh schema per test, from env HERALD_TEST_PG_URL; start one with tests/peers/pg_up.sh).
// Without HERALD_TEST_PG_URL the PostgreSQL cases are skipped, or fail when CI=true.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "store/database.hpp"

namespace herald::store::testing {

enum class Backend { kSqlite, kPostgresql };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgresql";
}

/// A unique token per test within this process and across processes (pid + counter + random).
inline std::string unique_token() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(salt % 100000);
}

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("herald-store-" + unique_token());
      url_ = "sqlite3://" + (dir_ / "nested" / "herald.db").string();
    } else {
      const char* base = std::getenv("HERALD_TEST_PG_URL");
      if (base == nullptr || *base == '\0') {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string(ci) == "true")
          GTEST_FAIL() << "HERALD_TEST_PG_URL is not set but CI=true: the PostgreSQL store tests must run in CI. "
                          "Start a server with: export HERALD_TEST_PG_URL=\"$(tests/peers/pg_up.sh)\"";
        GTEST_SKIP() << "HERALD_TEST_PG_URL not set (start one: export HERALD_TEST_PG_URL=\"$(tests/peers/pg_up.sh)\")";
      }
      conninfo_ = std::string(base).substr(std::string("postgresql://").size());
      schema_ = "herald_t_" + unique_token();
      soci::session admin(soci::postgresql, conninfo_);
      admin << "SET client_min_messages = WARNING";
      admin << "CREATE SCHEMA " + schema_;
      url_ = std::string(base) + " options='-csearch_path=" + schema_ + "'";
    }
    db_ = Database::open(url_, options());
  }

  void TearDown() override {
    db_.reset();
    if (!schema_.empty()) {
      soci::session admin(soci::postgresql, conninfo_);
      admin << "SET client_min_messages = WARNING";
      admin << "DROP SCHEMA " + schema_ + " CASCADE";
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  /// Options of the Database the fixture opens; a test may override before SetUp via a subclass.
  virtual DatabaseOptions options() const { return {}; }

  /// Opens a second Database on the same store (another "process").
  std::unique_ptr<Database> reopen(DatabaseOptions o = {}) const { return Database::open(url_, o); }

  Database& db() { return *db_; }
  bool postgres() const { return GetParam() == Backend::kPostgresql; }

  std::string url_;
  std::unique_ptr<Database> db_;

private:
  std::filesystem::path dir_;
  std::string conninfo_, schema_;
};

}  // namespace herald::store::testing

/// Instantiates a StoreTest-derived suite for both backends.
#define HERALD_STORE_BACKENDS(Suite)                                                                               \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                                        \
                           ::testing::Values(::herald::store::testing::Backend::kSqlite,                           \
                                             ::herald::store::testing::Backend::kPostgresql),                      \
                           ::herald::store::testing::backend_name)
