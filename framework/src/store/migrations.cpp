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

/// Endpoint attributes on the row (issue #2, measured with tests/bench). Up to version 2 every attribute
/// value, metric and user attribute value was its own row in a key-value table (endpoint_attributes,
/// endpoint_metrics, user_attributes): the churn sample's 9 attributes cost ~10 B-tree inserts per endpoint,
/// 87% of an import's time was upsert_batch (49% replacing key-value rows), and raw SQLite's ceiling for that
/// layout was ~40k endpoints/s against a 150k/s target. Now an endpoint is ONE row: `attributes`
/// {"Name": ["v1", "v2"]} (value order kept) and `metrics` {"Name": 1.5} are JSON documents on endpoints,
/// a user's attributes one on users. SQLite keeps the JSON text (TEXT; JSON1 is built into SQLite >= 3.38)
/// and segments read it with json_each; PostgreSQL keeps JSONB with GIN (jsonb_path_ops) indexes on
/// endpoints.attributes and users.attributes, which serve the segment compiler's `@>` containment tests for
/// INCLUSIVE/EXCLUSIVE, so attribute segments stay index-driven there. Metrics get no GIN index: segments
/// compare metrics with <, >, <=, >= which jsonb_path_ops cannot serve (only equality through `@>`).
/// The key-value rows move into the documents (values in `ord` order) and the key-value tables are dropped.
/// Measured (SQLite, `herald import` of the generated quickstart CSV, 2 shared cores): 100,000 endpoints
/// 3.4 -> 1.9 s CPU; 1,000,000 endpoints 45.2 -> 23.1 s CPU (10,400 -> 25,400 rows/s wall), store 446 -> 352 MB.
/// The quickstart segment's count over 1,000,000 endpoints stays ~3 s (json_each per row vs. PK probes).
/// What is left of an import is SQLite's own insert (3 B-trees: the row, endpoints_by_user, endpoints_by_address).
std::vector<std::string> schema_v3(Dialect d) {
  if (d == Dialect::kPostgresql)
    return {
        "ALTER TABLE endpoints ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}'",
        "ALTER TABLE endpoints ADD COLUMN metrics JSONB NOT NULL DEFAULT '{}'",
        "ALTER TABLE users ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}'",
        "UPDATE endpoints SET attributes = agg.doc FROM (SELECT project_id, endpoint_id,"
        " jsonb_object_agg(name, vals) AS doc FROM (SELECT project_id, endpoint_id, name,"
        " jsonb_agg(value ORDER BY ord) AS vals FROM endpoint_attributes GROUP BY project_id, endpoint_id, name) a"
        " GROUP BY project_id, endpoint_id) agg"
        " WHERE endpoints.project_id = agg.project_id AND endpoints.id = agg.endpoint_id",
        "UPDATE endpoints SET metrics = agg.doc FROM (SELECT project_id, endpoint_id,"
        " jsonb_object_agg(name, value) AS doc FROM endpoint_metrics GROUP BY project_id, endpoint_id) agg"
        " WHERE endpoints.project_id = agg.project_id AND endpoints.id = agg.endpoint_id",
        "UPDATE users SET attributes = agg.doc FROM (SELECT project_id, user_id,"
        " jsonb_object_agg(name, vals) AS doc FROM (SELECT project_id, user_id, name,"
        " jsonb_agg(value ORDER BY ord) AS vals FROM user_attributes GROUP BY project_id, user_id, name) a"
        " GROUP BY project_id, user_id) agg"
        " WHERE users.project_id = agg.project_id AND users.user_id = agg.user_id",
        "DROP TABLE endpoint_attributes",
        "DROP TABLE endpoint_metrics",
        "DROP TABLE user_attributes",
        "CREATE INDEX endpoints_attributes_gin ON endpoints USING GIN (attributes jsonb_path_ops)",
        "CREATE INDEX users_attributes_gin ON users USING GIN (attributes jsonb_path_ops)",
    };
  // SQLite 3.40 has no ORDER BY inside aggregates: a window over `ord` orders each name's values.
  return {
      "ALTER TABLE endpoints ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'",
      "ALTER TABLE endpoints ADD COLUMN metrics TEXT NOT NULL DEFAULT '{}'",
      "ALTER TABLE users ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'",
      "UPDATE endpoints SET attributes = agg.doc FROM (SELECT project_id, endpoint_id,"
      " json_group_object(name, json(vals)) AS doc FROM (SELECT DISTINCT project_id, endpoint_id, name,"
      " json_group_array(value) OVER (PARTITION BY project_id, endpoint_id, name ORDER BY ord"
      " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS vals FROM endpoint_attributes)"
      " GROUP BY project_id, endpoint_id) AS agg"
      " WHERE endpoints.project_id = agg.project_id AND endpoints.id = agg.endpoint_id",
      "UPDATE endpoints SET metrics = agg.doc FROM (SELECT project_id, endpoint_id,"
      " json_group_object(name, value) AS doc FROM endpoint_metrics GROUP BY project_id, endpoint_id) AS agg"
      " WHERE endpoints.project_id = agg.project_id AND endpoints.id = agg.endpoint_id",
      "UPDATE users SET attributes = agg.doc FROM (SELECT project_id, user_id,"
      " json_group_object(name, json(vals)) AS doc FROM (SELECT DISTINCT project_id, user_id, name,"
      " json_group_array(value) OVER (PARTITION BY project_id, user_id, name ORDER BY ord"
      " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS vals FROM user_attributes)"
      " GROUP BY project_id, user_id) AS agg"
      " WHERE users.project_id = agg.project_id AND users.user_id = agg.user_id",
      "DROP TABLE endpoint_attributes",
      "DROP TABLE endpoint_metrics",
      "DROP TABLE user_attributes",
  };
}

/// Send-path throughput (issue #2, measured with tests/bench). A message is found by (run, endpoint) when it
/// is targeted and when its result is stored, so that pair becomes the primary key (SQLite: a WITHOUT ROWID
/// table, rows stored in key order); the id keeps a unique index and is now a time-ordered UUIDv7, so both
/// B-trees grow at their right edge as a run walks its segment in endpoint-id order. The by-state and
/// by-project indexes go: resuming a run scans its messages by the key prefix, and nothing queries by project.
/// Measured on 100,000 messages: 5 B-trees written twice per message before, 2 after.
std::vector<std::string> schema_v4(Dialect d) {
  if (d == Dialect::kPostgresql)
    return {"DROP INDEX IF EXISTS messages_by_run_state", "DROP INDEX IF EXISTS messages_by_project"};
  return {
      "CREATE TABLE messages_v4 (run_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, id TEXT NOT NULL,"
      " project_id TEXT NOT NULL, channel_type TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',"
      " state TEXT NOT NULL DEFAULT 'TARGETED' CHECK (state IN ('TARGETED', 'SENT')),"
      " delivery_status TEXT NULL, status_code INTEGER NOT NULL DEFAULT 0,"
      " status_message TEXT NOT NULL DEFAULT '', provider_message_id TEXT NOT NULL DEFAULT '',"
      " targeted_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (run_id, endpoint_id)) WITHOUT ROWID",
      "INSERT INTO messages_v4 (run_id, endpoint_id, id, project_id, channel_type, address, state, delivery_status,"
      " status_code, status_message, provider_message_id, targeted_at, updated_at)"
      " SELECT run_id, endpoint_id, id, project_id, channel_type, address, state, delivery_status, status_code,"
      " status_message, provider_message_id, targeted_at, updated_at FROM messages",
      "DROP TABLE messages",
      "ALTER TABLE messages_v4 RENAME TO messages",
      "CREATE UNIQUE INDEX messages_by_id ON messages (id)",
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
                                                  {2, "write throughput", &schema_v2},
                                                  {3, "endpoint attributes on the row", &schema_v3},
                                                  {4, "message write path", &schema_v4}};
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
