#include <gtest/gtest.h>

#include <filesystem>

#include "herald/sdk/error.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/transaction.hpp"
#include "store_test_support.hpp"

namespace herald::store {
namespace {
using testing::StoreTest;

class DatabaseTest : public StoreTest {};
HERALD_STORE_BACKENDS(DatabaseTest);

TEST_P(DatabaseTest, MigratesOnceAndReopensIdempotently) {
  EXPECT_EQ(db().schema_version(), static_cast<int>(migrations().size()));
  auto again = reopen();
  EXPECT_EQ(again->schema_version(), static_cast<int>(migrations().size()));
  SessionLease lease = db().lease();
  int rows = 0;
  lease.session() << "SELECT COUNT(*) FROM schema_migrations", soci::into(rows);
  EXPECT_EQ(rows, static_cast<int>(migrations().size()));
}

TEST_P(DatabaseTest, EndpointTableHasTheAgreedColumnsAndDefaults) {
  SessionLease lease = db().lease();
  lease.session() << "INSERT INTO endpoints (project_id, id, channel_type, creation_date, cohort_id)"
                     " VALUES ('p', 'e1', 'EMAIL', 1700000000000, 7)";
  std::string address, status, opt_out, demo_timezone, loc_country, request_id;
  soci::indicator user_ind = soci::i_ok, lat_ind = soci::i_ok;
  std::string user;
  double lat = 0;
  lease.session() << "SELECT address, endpoint_status, opt_out, user_id, demo_timezone, loc_country, loc_latitude,"
                     " request_id FROM endpoints WHERE project_id = 'p' AND id = 'e1'",
      soci::into(address), soci::into(status), soci::into(opt_out), soci::into(user, user_ind),
      soci::into(demo_timezone), soci::into(loc_country), soci::into(lat, lat_ind), soci::into(request_id);
  EXPECT_EQ(address, "");
  EXPECT_EQ(status, "ACTIVE");
  EXPECT_EQ(opt_out, "NONE");
  EXPECT_EQ(user_ind, soci::i_null);
  EXPECT_EQ(lat_ind, soci::i_null);
  // Attributes and metrics are JSON documents on the row (schema version 3), empty objects by default.
  std::string attributes, metrics, user_attributes;
  lease.session() << "SELECT CAST(attributes AS TEXT), CAST(metrics AS TEXT) FROM endpoints WHERE id = 'e1'",
      soci::into(attributes), soci::into(metrics);
  EXPECT_EQ(attributes, "{}");
  EXPECT_EQ(metrics, "{}");
  lease.session() << "INSERT INTO users (project_id, user_id) VALUES ('p','u')";
  lease.session() << "SELECT CAST(attributes AS TEXT) FROM users WHERE user_id = 'u'", soci::into(user_attributes);
  EXPECT_EQ(user_attributes, "{}");
  EXPECT_THROW(lease.session() << "INSERT INTO endpoints (project_id, id, channel_type, creation_date, cohort_id)"
                                  " VALUES ('p', 'e1', 'SMS', 1, 1)",
               soci::soci_error);
}

TEST_P(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  SessionLease lease = db().lease();
  {
    Transaction tx(lease);
    lease.session() << "INSERT INTO projects (id, name) VALUES ('a', 'A')";
  }
  {
    Transaction tx(lease);
    lease.session() << "INSERT INTO projects (id, name) VALUES ('b', 'B')";
    tx.commit();
  }
  int n = 0;
  lease.session() << "SELECT COUNT(*) FROM projects", soci::into(n);
  EXPECT_EQ(n, 1);
}

TEST_P(DatabaseTest, LeaseTimesOutWhenThePoolIsExhausted) {
  DatabaseOptions small;
  small.pool_size = 1;
  small.lease_timeout = std::chrono::milliseconds(50);
  auto pooled = reopen(small);
  {
    SessionLease held = pooled->lease();
    try {
      SessionLease second = pooled->lease();
      FAIL() << "a second lease must not be granted";
    } catch (const sdk::Error& e) {
      EXPECT_NE(std::string(e.what()).find("no free store session"), std::string::npos) << e.what();
    }
  }
  SessionLease again = pooled->lease();  // returned to the pool by the RAII lease
  int one = 0;
  again.session() << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
}

TEST(DatabaseUrl, RedactsPasswords) {
  EXPECT_EQ(Database::redact("postgresql://host=h port=1 user=u password=s3cret dbname=d"),
            "postgresql://host=h port=1 user=u password=*** dbname=d");
  EXPECT_EQ(Database::redact("postgresql://host=h password = 'a b\\'c' dbname=d"),
            "postgresql://host=h password = *** dbname=d");
  EXPECT_EQ(Database::redact("postgresql://u:pw@host/db"), "postgresql://u:***@host/db");
  EXPECT_EQ(Database::redact("sqlite3://var/herald.db"), "sqlite3://var/herald.db");
}

TEST(DatabaseUrl, UnknownSchemeNamesTheUrl) {
  try {
    Database::open("mysql://user=x password=topsecret");
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "mysql://user=x password=***");
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos);
  }
}

TEST(DatabaseUrl, FailedPostgresConnectionNamesTheRedactedUrl) {
  try {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    Database::open("postgresql://host=127.0.0.1 port=1 dbname=x user=x password=topsecret connect_timeout=2");
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_NE(e.where().find("password=***"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
  }
}

TEST(DatabaseUrl, SqliteCreatesParentFoldersAndMemoryWorks) {
  auto dir = std::filesystem::temp_directory_path() / ("herald-store-url-" + testing::unique_token());
  auto path = dir / "a" / "b" / "h.db";
  {
    auto db = Database::open("sqlite3://" + path.string());
    EXPECT_TRUE(std::filesystem::exists(path));
    SessionLease lease = db->lease();
    std::string mode;
    lease.session() << "PRAGMA journal_mode", soci::into(mode);
    EXPECT_EQ(mode, "wal");
    int fk = 0;
    lease.session() << "PRAGMA foreign_keys", soci::into(fk);
    EXPECT_EQ(fk, 1);
  }
  std::filesystem::remove_all(dir);
  auto memory = Database::open("sqlite3://:memory:");
  EXPECT_EQ(memory->schema_version(), static_cast<int>(migrations().size()));
}

}  // namespace
}  // namespace herald::store
