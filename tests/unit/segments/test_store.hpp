#pragma once
// A store for segment tests: the REAL store (herald::store::Database with its migrations, so the tests run
// on the schema the kernel writes), filled through EndpointRepository::upsert_batch. SQLite: a fresh file
// per store; PostgreSQL (when HERALD_TEST_PG_URL is set): a fresh schema per store, dropped afterwards.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "herald/sdk/endpoint.hpp"
#include "segments/segment_executor.hpp"
#include "store/database.hpp"
#include "store/endpoint_repository.hpp"

namespace herald::segments::testing {

struct TestEndpoint {
  std::string project = "p1", id, channel = "EMAIL", status = "ACTIVE", opt_out = "NONE";
  std::optional<std::string> user_id;
  std::string app_version, make, model, platform, country;
  std::map<std::string, std::vector<std::string>> attributes;
  std::map<std::string, double> metrics;
  std::map<std::string, std::vector<std::string>> user_attributes;  ///< of user_id (replaces those names)
};

/// The store's endpoint model of a TestEndpoint (address = id: segments never look at it).
inline sdk::Endpoint to_endpoint(const TestEndpoint& t) {
  sdk::Endpoint e;
  e.id = t.id;
  e.channel_type = sdk::parse_channel_type(t.channel);
  e.address = t.id;
  e.endpoint_status = sdk::parse_endpoint_status(t.status).value();
  e.opt_out = sdk::parse_opt_out(t.opt_out).value();
  e.user.user_id = t.user_id.value_or("");
  e.user.user_attributes = t.user_attributes;
  e.demographic.app_version = t.app_version, e.demographic.make = t.make, e.demographic.model = t.model;
  e.demographic.platform = t.platform;
  e.location.country = t.country;
  e.attributes = t.attributes;
  e.metrics = t.metrics;
  return e;
}

/// One test store; session() leases a session for the segment queries (after the data is in).
class TestStore {
public:
  /// Opens the backend ("sqlite" or "postgresql"); null when PostgreSQL is not configured.
  static std::unique_ptr<TestStore> open(const std::string& backend) {
    static std::atomic<int> counter{0};
    static const unsigned salt = std::random_device{}();
    const std::string token = std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(salt % 100000);
    auto store = std::unique_ptr<TestStore>(new TestStore());
    std::string url;
    if (backend == "sqlite") {
      store->dir_ = std::filesystem::temp_directory_path() / ("herald-segments-" + token);
      url = "sqlite3://" + (store->dir_ / "herald.db").string();
    } else {
      const char* base = std::getenv("HERALD_TEST_PG_URL");
      if (base == nullptr || *base == '\0') return nullptr;
      store->conninfo_ = std::string(base).substr(std::string("postgresql://").size());
      store->schema_ = "herald_seg_" + token;
      soci::session admin(soci::postgresql, store->conninfo_);
      admin << "SET client_min_messages = WARNING";
      admin << "CREATE SCHEMA " + store->schema_;
      // UTC: zone-less date values are read in the session's TimeZone (see compile_segment).
      url = std::string(base) + " options='-csearch_path=" + store->schema_ + " -cTimeZone=UTC'";
    }
    store->db_ = store::Database::open(url);
    return store;
  }

  ~TestStore() {
    lease_.reset();
    db_.reset();
    if (!schema_.empty()) {
      soci::session admin(soci::postgresql, conninfo_);
      admin << "SET client_min_messages = WARNING";
      admin << "DROP SCHEMA " + schema_ + " CASCADE";
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  store::Database& db() { return *db_; }

  /// Writes endpoints through the store's own upsert (every item must be accepted).
  void insert(const std::vector<TestEndpoint>& endpoints) {
    std::map<std::string, std::vector<sdk::Endpoint>> by_project;
    for (const auto& t : endpoints) by_project[t.project].push_back(to_endpoint(t));
    store::EndpointRepository repo(*db_);
    for (const auto& [project, items] : by_project)
      for (const auto& r : repo.upsert_batch(project, items, sdk::Instant{}))
        ASSERT_TRUE(r.ok) << r.id << ": " << r.error;
  }

  /// A session for the segment queries (leased on first use and kept).
  soci::session& session() {
    if (!lease_) lease_.emplace(db_->lease());
    return lease_->session();
  }

private:
  TestStore() = default;
  std::unique_ptr<store::Database> db_;
  std::optional<store::SessionLease> lease_;
  std::filesystem::path dir_;
  std::string conninfo_, schema_;
};

/// All ids the query selects, through for_each_id (checks ascending order and the count too).
inline std::set<std::string> select_ids(soci::session& s, const SegmentQuery& q, std::size_t batch = 2) {
  std::vector<std::string> all;
  for_each_id(s, q, batch, [&](std::span<const std::string> ids) { all.insert(all.end(), ids.begin(), ids.end()); });
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(count(s, q), static_cast<std::int64_t>(all.size())) << q.sql;
  return {all.begin(), all.end()};
}

}  // namespace herald::segments::testing
