// Schema version 3 ("endpoint attributes on the row"): a store created at version 2 with key-value rows is
// migrated and reads back the same endpoints and users; documents round-trip names and values that need
// JSON escaping. Runs on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <limits>

#include "herald/sdk/error.hpp"
#include "store/endpoint_json.hpp"
#include "store/endpoint_repository.hpp"
#include "store/ids.hpp"
#include "store/migrations.hpp"
#include "store/transaction.hpp"
#include "store_test_support.hpp"

namespace herald::store {
namespace {
using testing::StoreTest;

/// A fixture whose Database is opened without migrations: the test builds a version-2 store itself.
class MigrationV3Test : public StoreTest {
protected:
  DatabaseOptions options() const override {
    DatabaseOptions o;
    o.migrate = false;
    return o;
  }

  /// Applies migrations 1 and 2 exactly as apply_migrations records them.
  void create_version_2(SessionLease& lease) {
    soci::session& s = lease.session();
    s << "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL,"
         " applied_ms BIGINT NOT NULL)";
    for (const Migration& m : migrations()) {
      if (m.version > 2) break;
      for (const std::string& statement : m.statements(lease.dialect())) s << statement;
      std::string name = m.name;
      int version = m.version;
      s << "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (:v, :n, 0)", soci::use(version),
          soci::use(name);
    }
  }
};
HERALD_STORE_BACKENDS(MigrationV3Test);

TEST_P(MigrationV3Test, KeyValueRowsMoveOntoTheRowsAndReadBackTheSame) {
  {
    SessionLease lease = db().lease();
    create_version_2(lease);
    ASSERT_EQ(current_schema_version(lease), 2);
    soci::session& s = lease.session();
    for (const char* row : {"('p', 'e1', 'EMAIL', 'a@example.com', 'u1', 1000, 11)",
                            "('p', 'e2', 'SMS', '+15555550100', NULL, 2000, 22)",
                            "('p', 'e3', 'EMAIL', 'c@example.com', NULL, 3000, 33)",
                            "('q', 'e1', 'EMAIL', 'q@example.com', 'u1', 4000, 44)"})
      s << std::string("INSERT INTO endpoints (project_id, id, channel_type, address, user_id, creation_date,"
                       " cohort_id) VALUES ") + row;
    // Values inserted out of `ord` order: the documents must keep `ord` order.
    s << "INSERT INTO endpoint_attributes (project_id, endpoint_id, name, ord, value) VALUES"
         " ('p', 'e1', 'Tags', 2, 'c'), ('p', 'e1', 'Tags', 0, 'a'), ('p', 'e1', 'Tags', 1, 'b'),"
         " ('p', 'e1', 'Plan', 0, 'gold'), ('p', 'e1', 'Odd \"name\\', 0, 'line1\nline2 \"q\" caf\u00e9'),"
         " ('p', 'e2', 'Plan', 0, 'silver'), ('q', 'e1', 'Plan', 0, 'other project')";
    s << "INSERT INTO endpoint_metrics (project_id, endpoint_id, name, value) VALUES"
         " ('p', 'e1', 'score', 1.5), ('p', 'e1', 'visits', 3), ('p', 'e2', 'score', -0.25)";
    s << "INSERT INTO users (project_id, user_id) VALUES ('p', 'u1'), ('p', 'u2'), ('q', 'u1')";
    s << "INSERT INTO user_attributes (project_id, user_id, name, ord, value) VALUES"
         " ('p', 'u1', 'FirstName', 0, 'Ana'), ('p', 'u1', 'Langs', 1, 'pt'), ('p', 'u1', 'Langs', 0, 'en'),"
         " ('q', 'u1', 'FirstName', 0, 'Q')";
    apply_migrations(lease);
    EXPECT_EQ(current_schema_version(lease), migrations().back().version);
    for (const char* table : {"endpoint_attributes", "endpoint_metrics", "user_attributes"}) {
      Transaction probe(lease);  // PostgreSQL: the failing statement aborts only this transaction
      EXPECT_THROW(s << std::string("SELECT COUNT(*) FROM ") + table, soci::soci_error) << table << " was dropped";
    }
  }
  EndpointRepository repo(db());
  auto e1 = repo.get("p", "e1");
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->attributes, (sdk::AttributeMap{{"Tags", {"a", "b", "c"}},
                                               {"Plan", {"gold"}},
                                               {"Odd \"name\\", {"line1\nline2 \"q\" caf\u00e9"}}}));
  EXPECT_EQ(e1->metrics, (sdk::MetricMap{{"score", 1.5}, {"visits", 3}}));
  EXPECT_EQ(e1->user.user_id, "u1");
  EXPECT_EQ(e1->user.user_attributes, (sdk::AttributeMap{{"FirstName", {"Ana"}}, {"Langs", {"en", "pt"}}}));
  EXPECT_EQ(e1->creation_date, from_ms(1000));
  EXPECT_EQ(e1->cohort_id, 11);
  auto e2 = repo.get("p", "e2");
  ASSERT_TRUE(e2);
  EXPECT_EQ(e2->attributes, (sdk::AttributeMap{{"Plan", {"silver"}}}));
  EXPECT_EQ(e2->metrics, (sdk::MetricMap{{"score", -0.25}}));
  EXPECT_TRUE(e2->user.user_attributes.empty());
  auto e3 = repo.get("p", "e3");
  ASSERT_TRUE(e3);
  EXPECT_TRUE(e3->attributes.empty());
  EXPECT_TRUE(e3->metrics.empty());
  auto other = repo.get("q", "e1");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->attributes, (sdk::AttributeMap{{"Plan", {"other project"}}}));
  EXPECT_EQ(other->user.user_attributes, (sdk::AttributeMap{{"FirstName", {"Q"}}}));
  auto u2 = repo.get_user("p", "u2");
  ASSERT_TRUE(u2);
  EXPECT_TRUE(u2->user_attributes.empty());

  // The migrated store takes writes with the usual per-name semantics.
  sdk::Endpoint change;
  change.id = "e1";
  change.attributes = {{"Plan", {"platinum"}}, {"Tags", {}}};
  change.metrics = {{"visits", 4}};
  change.user.user_attributes = {{"Langs", {"fr"}}};
  auto r = repo.upsert_batch("p", std::vector<sdk::Endpoint>{change}, from_ms(5000));
  ASSERT_TRUE(r[0].ok) << r[0].error;
  e1 = repo.get("p", "e1");
  EXPECT_EQ(e1->attributes,
            (sdk::AttributeMap{{"Plan", {"platinum"}}, {"Odd \"name\\", {"line1\nline2 \"q\" caf\u00e9"}}}));
  EXPECT_EQ(e1->metrics, (sdk::MetricMap{{"score", 1.5}, {"visits", 4}}));
  EXPECT_EQ(e1->user.user_attributes, (sdk::AttributeMap{{"FirstName", {"Ana"}}, {"Langs", {"fr"}}}));
}

class EndpointDocumentTest : public StoreTest {};
HERALD_STORE_BACKENDS(EndpointDocumentTest);

TEST_P(EndpointDocumentTest, NamesAndValuesNeedingEscapesRoundTrip) {
  sdk::Endpoint e;
  e.id = "odd";
  e.channel_type = sdk::ChannelType::kEmail;
  e.address = "odd@example.com";
  const std::string control = std::string("tab\there bell\x07 nul-free \x1f end");
  e.attributes = {{"quote\"back\\slash", {"\"", "\\", control}},
                  {"dots.and spaces", {"\u65e5\u672c\u8a9e", "emoji \U0001F600", ""}},
                  {"$.[0]", {"{\"not\": \"json\"}"}}};
  e.metrics = {{"tiny", 1e-300}, {"big", 1.7976931348623157e308}, {"neg", -3}, {"frac", 0.1}};
  e.user.user_id = "u\"1";
  e.user.user_attributes = {{"Name\\", {"A\nB"}}};
  EndpointRepository repo(db());
  auto r = repo.upsert_batch("p", std::vector<sdk::Endpoint>{e}, from_ms(1));
  ASSERT_TRUE(r[0].ok) << r[0].error;
  auto back = repo.get("p", "odd");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->attributes, e.attributes);
  EXPECT_EQ(back->metrics, e.metrics);
  EXPECT_EQ(back->user.user_attributes, e.user.user_attributes);
}

TEST_P(EndpointDocumentTest, NonFiniteMetricsAreRefusedPerItem) {
  sdk::Endpoint bad;
  bad.id = "nan";
  bad.channel_type = sdk::ChannelType::kEmail;
  bad.address = "nan@example.com";
  bad.metrics = {{"score", std::numeric_limits<double>::infinity()}};
  sdk::Endpoint good = bad;
  good.id = "fine";
  good.metrics = {{"score", 2}};
  EndpointRepository repo(db());
  auto r = repo.upsert_batch("p", std::vector<sdk::Endpoint>{bad, good}, from_ms(1));
  EXPECT_FALSE(r[0].ok);
  EXPECT_EQ(r[0].error, "Metrics.score: a metric must be a finite number");
  EXPECT_TRUE(r[1].ok) << r[1].error;
  EXPECT_EQ(repo.count("p"), 1u);
}

}  // namespace
}  // namespace herald::store

namespace herald::store {
namespace {

TEST(EndpointJson, WritesAndReadsBothShapesAndRefusesOthers) {
  std::string doc;
  detail::append_attributes_json(doc, {{"q\"\\", {"a\x01\b\f\n\r\t", "\u00e9"}}, {"empty", {}}});
  EXPECT_EQ(doc, "{\"empty\":[],\"q\\\"\\\\\":[\"a\\u0001\\b\\f\\n\\r\\t\",\"\u00e9\"]}");
  EXPECT_EQ(detail::parse_attributes_json(doc), (sdk::AttributeMap{{"q\"\\", {"a\x01\b\f\n\r\t", "\u00e9"}}, {"empty", {}}}));
  // PostgreSQL renders JSONB with spaces; \u escapes are decoded.
  EXPECT_EQ(detail::parse_attributes_json(R"({"a": ["x", "y"], "b": ["\u00e9"]})"),
            (sdk::AttributeMap{{"a", {"x", "y"}}, {"b", {"\u00e9"}}}));
  EXPECT_EQ(detail::parse_metrics_json(R"({"m": 1, "n": -2.5e3, "o": 0.1})"),
            (sdk::MetricMap{{"m", 1}, {"n", -2500}, {"o", 0.1}}));
  EXPECT_TRUE(detail::parse_attributes_json("").empty());
  EXPECT_TRUE(detail::parse_metrics_json("{}").empty());
  for (const char* bad : {"[]", R"({"a": "x"})", R"({"a": [1]})", R"({"a": {"b": []}})", "not json", R"({"a": ["x"])",
                          R"({"a": [["x"]]})", R"("x")"})
    EXPECT_THROW(detail::parse_attributes_json(bad), sdk::Error) << bad;
  for (const char* bad : {R"({"m": "1"})", R"({"m": [1]})", R"({"m": null})", "1"})
    EXPECT_THROW(detail::parse_metrics_json(bad), sdk::Error) << bad;
  std::string metrics;
  detail::append_metrics_json(metrics, {{"a", 1.5}, {"b", 3}, {"c", -1e-300}});
  EXPECT_EQ(detail::parse_metrics_json(metrics), (sdk::MetricMap{{"a", 1.5}, {"b", 3}, {"c", -1e-300}}));
}

}  // namespace
}  // namespace herald::store
