#pragma once
// A store for segment tests: the endpoint tables of the store schema, on SQLite (:memory:) and, when
// HERALD_TEST_PG_URL is set, PostgreSQL (TEMP tables, so a real store's tables are never touched).
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "segments/segment_executor.hpp"

namespace herald::segments::testing {

struct TestEndpoint {
  std::string project = "p1", id, channel = "EMAIL", status = "ACTIVE", opt_out = "NONE";
  std::optional<std::string> user_id;
  std::string app_version, make, model, platform, country;
  std::map<std::string, std::vector<std::string>> attributes;
  std::map<std::string, double> metrics;
};

/// Opens the backend ("sqlite" or "postgresql"); null when PostgreSQL is not configured.
inline std::unique_ptr<soci::session> open_store(const std::string& backend) {
  std::unique_ptr<soci::session> s;
  std::string temp;
  if (backend == "sqlite") {
    s = std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=:memory:");
  } else {
    const char* url = std::getenv("HERALD_TEST_PG_URL");
    if (url == nullptr || *url == '\0') return nullptr;
    // The store's URL form "postgresql://<libpq conninfo>" (tests/peers/pg_up.sh prints it).
    std::string conninfo = url;
    if (conninfo.rfind("postgresql://", 0) == 0) conninfo.erase(0, std::string("postgresql://").size());
    s = std::make_unique<soci::session>(*soci::factory_postgresql(), conninfo);
    temp = "TEMP ";
    *s << "SET TIME ZONE 'UTC'";
  }
  *s << "CREATE " << temp << "TABLE endpoints (project_id TEXT NOT NULL, id TEXT NOT NULL, channel_type TEXT, "
        "address TEXT, endpoint_status TEXT, opt_out TEXT, user_id TEXT NULL, effective_date BIGINT NULL, "
        "creation_date BIGINT, request_id TEXT, cohort_id INTEGER, demo_app_version TEXT NOT NULL DEFAULT '', "
        "demo_locale TEXT NOT NULL DEFAULT '', demo_make TEXT NOT NULL DEFAULT '', demo_model TEXT NOT NULL DEFAULT '', "
        "demo_model_version TEXT NOT NULL DEFAULT '', demo_platform TEXT NOT NULL DEFAULT '', "
        "demo_platform_version TEXT NOT NULL DEFAULT '', demo_timezone TEXT NOT NULL DEFAULT '', "
        "loc_city TEXT NOT NULL DEFAULT '', loc_country TEXT NOT NULL DEFAULT '', loc_postal_code TEXT NOT NULL DEFAULT '', "
        "loc_region TEXT NOT NULL DEFAULT '', loc_latitude DOUBLE PRECISION NULL, loc_longitude DOUBLE PRECISION NULL, "
        "PRIMARY KEY (project_id, id))";
  *s << "CREATE " << temp << "TABLE endpoint_attributes (project_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, "
        "name TEXT NOT NULL, ord INTEGER NOT NULL, value TEXT NOT NULL)";
  *s << "CREATE INDEX endpoint_attributes_lookup ON endpoint_attributes (project_id, name, value, endpoint_id)";
  *s << "CREATE " << temp << "TABLE endpoint_metrics (project_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, "
        "name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL)";
  *s << "CREATE INDEX endpoint_metrics_lookup ON endpoint_metrics (project_id, name, value, endpoint_id)";
  *s << "CREATE " << temp << "TABLE user_attributes (project_id TEXT NOT NULL, user_id TEXT NOT NULL, "
        "name TEXT NOT NULL, ord INTEGER NOT NULL, value TEXT NOT NULL)";
  *s << "CREATE INDEX user_attributes_lookup ON user_attributes (project_id, name, value, user_id)";
  return s;
}

inline void insert(soci::session& s, const TestEndpoint& e) {
  soci::indicator user_ind = e.user_id ? soci::i_ok : soci::i_null;
  std::string user = e.user_id.value_or("");
  long long created = 0;
  int cohort = 0;
  s << "INSERT INTO endpoints (project_id, id, channel_type, address, endpoint_status, opt_out, user_id, creation_date, "
       "request_id, cohort_id, demo_app_version, demo_make, demo_model, demo_platform, loc_country) VALUES "
       "(:project, :id, :channel, :address, :status, :opt_out, :user_id, :created, '', :cohort, :app, :make, :model, "
       ":platform, :country)",
      soci::use(e.project, "project"), soci::use(e.id, "id"), soci::use(e.channel, "channel"), soci::use(e.id, "address"),
      soci::use(e.status, "status"), soci::use(e.opt_out, "opt_out"), soci::use(user, user_ind, "user_id"),
      soci::use(created, "created"), soci::use(cohort, "cohort"), soci::use(e.app_version, "app"), soci::use(e.make, "make"),
      soci::use(e.model, "model"), soci::use(e.platform, "platform"), soci::use(e.country, "country");
  for (const auto& [name, values] : e.attributes) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      int ord = static_cast<int>(i);
      s << "INSERT INTO endpoint_attributes (project_id, endpoint_id, name, ord, value) VALUES (:p, :e, :n, :o, :v)",
          soci::use(e.project), soci::use(e.id), soci::use(name), soci::use(ord), soci::use(values[i]);
    }
  }
  for (const auto& [name, value] : e.metrics) {
    s << "INSERT INTO endpoint_metrics (project_id, endpoint_id, name, value) VALUES (:p, :e, :n, :v)",
        soci::use(e.project), soci::use(e.id), soci::use(name), soci::use(value);
  }
}

inline void insert_user_attribute(soci::session& s, const std::string& project, const std::string& user,
                                  const std::string& name, const std::string& value) {
  int ord = 0;
  s << "INSERT INTO user_attributes (project_id, user_id, name, ord, value) VALUES (:p, :u, :n, :o, :v)", soci::use(project),
      soci::use(user), soci::use(name), soci::use(ord), soci::use(value);
}

/// All ids the query selects, through for_each_id (checks ascending order and the count too).
inline std::set<std::string> select_ids(soci::session& s, const SegmentQuery& q, std::size_t batch = 2) {
  std::vector<std::string> all;
  for_each_id(s, q, batch, [&](std::span<const std::string> ids) { all.insert(all.end(), ids.begin(), ids.end()); });
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(count(s, q), static_cast<std::int64_t>(all.size())) << q.sql;
  return {all.begin(), all.end()};
}

}  // namespace herald::segments::testing
