#include "store/migrations.hpp"

#include <chrono>

#include <fmt/format.h>

#include "store/transaction.hpp"

namespace herald::store {

namespace {
constexpr long long kMigrationLockKey = 0x48455241;  // "HERA": pg_advisory_xact_lock key

std::vector<std::string> schema_v1(Dialect d) {
  const auto wr = without_rowid(d);
  return {
      fmt::format("CREATE TABLE projects (id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
                  " created_ms BIGINT NOT NULL DEFAULT 0){}", wr),
      // Endpoints: one row per endpoint; times in ms since the Unix epoch, UTC.
      fmt::format(
          "CREATE TABLE endpoints ("
          "project_id TEXT NOT NULL, id TEXT NOT NULL, channel_type TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',"
          " endpoint_status TEXT NOT NULL DEFAULT 'ACTIVE', opt_out TEXT NOT NULL DEFAULT 'NONE', user_id TEXT NULL,"
          " effective_date BIGINT NULL, creation_date BIGINT NOT NULL, request_id TEXT NOT NULL DEFAULT '',"
          " cohort_id INTEGER NOT NULL,"
          " demo_app_version TEXT NOT NULL DEFAULT '', demo_locale TEXT NOT NULL DEFAULT '',"
          " demo_make TEXT NOT NULL DEFAULT '', demo_model TEXT NOT NULL DEFAULT '',"
          " demo_model_version TEXT NOT NULL DEFAULT '', demo_platform TEXT NOT NULL DEFAULT '',"
          " demo_platform_version TEXT NOT NULL DEFAULT '', demo_timezone TEXT NOT NULL DEFAULT '',"
          " loc_city TEXT NOT NULL DEFAULT '', loc_country TEXT NOT NULL DEFAULT '',"
          " loc_postal_code TEXT NOT NULL DEFAULT '', loc_region TEXT NOT NULL DEFAULT '',"
          " loc_latitude DOUBLE PRECISION NULL, loc_longitude DOUBLE PRECISION NULL,"
          " PRIMARY KEY (project_id, id)){}", wr),
      "CREATE INDEX endpoints_by_user ON endpoints (project_id, user_id)",
      "CREATE INDEX endpoints_by_address ON endpoints (project_id, address)",
      fmt::format("CREATE TABLE endpoint_attributes (project_id TEXT NOT NULL, endpoint_id TEXT NOT NULL,"
                  " name TEXT NOT NULL, ord INTEGER NOT NULL, value TEXT NOT NULL,"
                  " PRIMARY KEY (project_id, endpoint_id, name, ord)){}", wr),
      "CREATE INDEX endpoint_attributes_by_value ON endpoint_attributes (project_id, name, value, endpoint_id)",
      fmt::format("CREATE TABLE endpoint_metrics (project_id TEXT NOT NULL, endpoint_id TEXT NOT NULL,"
                  " name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,"
                  " PRIMARY KEY (project_id, endpoint_id, name)){}", wr),
      "CREATE INDEX endpoint_metrics_by_value ON endpoint_metrics (project_id, name, value, endpoint_id)",
      fmt::format("CREATE TABLE users (project_id TEXT NOT NULL, user_id TEXT NOT NULL,"
                  " PRIMARY KEY (project_id, user_id)){}", wr),
      fmt::format("CREATE TABLE user_attributes (project_id TEXT NOT NULL, user_id TEXT NOT NULL,"
                  " name TEXT NOT NULL, ord INTEGER NOT NULL, value TEXT NOT NULL,"
                  " PRIMARY KEY (project_id, user_id, name, ord)){}", wr),
      "CREATE INDEX user_attributes_by_value ON user_attributes (project_id, name, value, user_id)",
      // Events: the kernel's own event table (segments' recency, journeys' splits); record = stream JSON.
      fmt::format("CREATE TABLE events (project_id TEXT NOT NULL, id TEXT NOT NULL, event_type TEXT NOT NULL,"
                  " timestamp_ms BIGINT NOT NULL, arrival_ms BIGINT NOT NULL, client_id TEXT NOT NULL DEFAULT '',"
                  " record TEXT NOT NULL, PRIMARY KEY (project_id, id)){}", wr),
      "CREATE INDEX events_by_type_time ON events (project_id, event_type, timestamp_ms)",
      "CREATE INDEX events_by_client ON events (project_id, client_id, timestamp_ms)",
      // Messages: targeted before the channel is called, SENT with a delivery status after.
      "CREATE TABLE messages (id TEXT NOT NULL PRIMARY KEY, project_id TEXT NOT NULL, run_id TEXT NOT NULL,"
      " endpoint_id TEXT NOT NULL, channel_type TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',"
      " state TEXT NOT NULL DEFAULT 'TARGETED' CHECK (state IN ('TARGETED', 'SENT')),"
      " delivery_status TEXT NULL, status_code INTEGER NOT NULL DEFAULT 0,"
      " status_message TEXT NOT NULL DEFAULT '', provider_message_id TEXT NOT NULL DEFAULT '',"
      " targeted_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (run_id, endpoint_id))",
      "CREATE INDEX messages_by_run_state ON messages (run_id, state)",
      "CREATE INDEX messages_by_project ON messages (project_id, targeted_at)",
      fmt::format("CREATE TABLE work_items (id {}, kind TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '',"
                  " due_ms BIGINT NOT NULL, state TEXT NOT NULL DEFAULT 'PENDING'"
                  " CHECK (state IN ('PENDING', 'LEASED', 'DONE', 'FAILED')),"
                  " lease_owner TEXT NULL, lease_expires_ms BIGINT NULL, fencing_token BIGINT NOT NULL DEFAULT 0,"
                  " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '')",
                  auto_id_primary_key(d)),
      "CREATE INDEX work_items_by_state_due ON work_items (state, due_ms)",
      "CREATE INDEX work_items_by_state_lease ON work_items (state, lease_expires_ms)",
      fmt::format("CREATE TABLE plugin_state (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                  " PRIMARY KEY (namespace, key)){}", wr),
      fmt::format("CREATE TABLE definitions (project_id TEXT NOT NULL, kind TEXT NOT NULL"
                  " CHECK (kind IN ('segment', 'campaign', 'template', 'journey')), id TEXT NOT NULL,"
                  " name TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, created_ms BIGINT NOT NULL,"
                  " PRIMARY KEY (project_id, kind, id, version)){}", wr),
      "CREATE INDEX definitions_by_name ON definitions (project_id, kind, name, version)",
      "CREATE TABLE campaign_runs (id TEXT NOT NULL PRIMARY KEY, project_id TEXT NOT NULL,"
      " campaign_id TEXT NOT NULL, campaign_version INTEGER NOT NULL, segment_id TEXT NOT NULL DEFAULT '',"
      " scheduled_ms BIGINT NOT NULL, state TEXT NOT NULL DEFAULT 'PENDING'"
      " CHECK (state IN ('PENDING', 'EXECUTING', 'COMPLETED', 'FAILED')),"
      " started_ms BIGINT NULL, completed_ms BIGINT NULL, targeted BIGINT NOT NULL DEFAULT 0,"
      " delivered BIGINT NOT NULL DEFAULT 0, failed BIGINT NOT NULL DEFAULT 0)",
      "CREATE INDEX campaign_runs_by_campaign ON campaign_runs (project_id, campaign_id, scheduled_ms)",
  };
}

/// Write-throughput changes (issue #2, measured with tests/bench). SQLite: the value indexes of the
/// key-value tables are dropped: SQLite runs a segment's EXISTS as a correlated probe per endpoint, which
/// the primary key (project_id, owner, name, ord) serves as well, so the indexes only doubled every
/// attribute write. PostgreSQL keeps them: its planner turns EXISTS into a semi-join that can start from them.
/// Events become a rowid table keyed UNIQUE (project_id, id): a stream record is ~1 KB, and a WITHOUT ROWID
/// table keeps whole rows in index pages whose local payload limit (~1 KB with 4 KiB pages) sends nearly every
/// event to its own overflow page (measured: 221 MB of store for 40,000 events; ~50 MB as a rowid table).
std::vector<std::string> schema_v2(Dialect d) {
  if (d != Dialect::kSqlite) return {};
  return {
      "DROP INDEX IF EXISTS endpoint_attributes_by_value",
      "DROP INDEX IF EXISTS endpoint_metrics_by_value",
      "DROP INDEX IF EXISTS user_attributes_by_value",
      "CREATE TABLE events_v2 (project_id TEXT NOT NULL, id TEXT NOT NULL, event_type TEXT NOT NULL,"
      " timestamp_ms BIGINT NOT NULL, arrival_ms BIGINT NOT NULL, client_id TEXT NOT NULL DEFAULT '',"
      " record TEXT NOT NULL, UNIQUE (project_id, id))",
      "INSERT INTO events_v2 (project_id, id, event_type, timestamp_ms, arrival_ms, client_id, record)"
      " SELECT project_id, id, event_type, timestamp_ms, arrival_ms, client_id, record FROM events",
      "DROP TABLE events",
      "ALTER TABLE events_v2 RENAME TO events",
      "CREATE INDEX events_by_type_time ON events (project_id, event_type, timestamp_ms)",
      "CREATE INDEX events_by_client ON events (project_id, client_id, timestamp_ms)",
  };
}

void lock_for_migration(SessionLease& lease) {
  if (lease.dialect() == Dialect::kPostgresql)
    lease.session() << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
}

bool applied(SessionLease& lease, int version) {
  int count = 0;
  lease.session() << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version),
      soci::into(count);
  return count > 0;
}
}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations{{1, "initial schema", &schema_v1},
                                                  {2, "write throughput", &schema_v2}};
  return kMigrations;
}

void apply_migrations(SessionLease& lease) {
  {
    Transaction tx(lease);
    lock_for_migration(lease);
    lease.session() << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY,"
                       " name TEXT NOT NULL, applied_ms BIGINT NOT NULL)";
    tx.commit();
  }
  for (const Migration& migration : migrations()) {
    Transaction tx(lease);
    lock_for_migration(lease);
    if (applied(lease, migration.version)) continue;  // the destructor ends the empty transaction
    for (const std::string& statement : migration.statements(lease.dialect())) lease.session() << statement;
    long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    std::string name = migration.name;
    int version = migration.version;
    lease.session() << "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (:v, :n, :t)",
        soci::use(version), soci::use(name), soci::use(now_ms);
    tx.commit();
  }
}

int current_schema_version(SessionLease& lease) {
  int version = 0;
  soci::indicator ind = soci::i_null;
  lease.session() << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

}  // namespace herald::store
