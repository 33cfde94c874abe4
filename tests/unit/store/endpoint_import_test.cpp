// Imports the 3,500-endpoint churn sample (tests/data/pinpoint, see its NOTICE.md) and measures the bulk
// upsert rate on a scaled-up copy (each row repeated under 43 id prefixes: 150,500 endpoints, 9 attributes
// each: the file's 8 plus a Source attribute).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <csv.h>

#include "store/endpoint_repository.hpp"
#include "store/ids.hpp"
#include "store_test_support.hpp"

namespace herald::store {
namespace {
using testing::StoreTest;

/// Reads a CSV file with libcsv into rows of fields.
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  struct Sink {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
  } sink;
  csv_parser parser;
  if (csv_init(&parser, CSV_APPEND_NULL) != 0) throw std::runtime_error("csv_init failed");
  auto on_field = [](void* data, size_t size, void* user) {
    static_cast<Sink*>(user)->row.emplace_back(static_cast<const char*>(data), size);
  };
  auto on_row = [](int, void* user) {
    auto* s = static_cast<Sink*>(user);
    s->rows.push_back(std::move(s->row));
    s->row.clear();
  };
  if (csv_parse(&parser, text.data(), text.size(), on_field, on_row, &sink) != text.size())
    throw std::runtime_error(std::string("csv parse error: ") + csv_strerror(csv_error(&parser)));
  csv_fini(&parser, on_field, on_row, &sink);
  csv_free(&parser);
  return sink.rows;
}

/// Endpoints from the churn CSV (header ChannelType,Id,Address,Attributes.*); ids get `prefix`.
std::vector<sdk::Endpoint> churn_endpoints(const std::vector<std::vector<std::string>>& rows,
                                           const std::string& prefix) {
  const auto& header = rows.at(0);
  std::vector<sdk::Endpoint> out;
  out.reserve(rows.size() - 1);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    sdk::Endpoint e;
    e.channel_type = sdk::parse_channel_type(rows[r][0]);
    e.id = prefix + rows[r][1];
    e.address = rows[r][2];
    for (std::size_t c = 3; c < header.size(); ++c)
      e.attributes[header[c].substr(std::string("Attributes.").size())] = {rows[r][c]};
    e.attributes["Source"] = {"churn-sample"};  // a 9th attribute, as Herald's import adds provenance
    out.push_back(std::move(e));
  }
  return out;
}

const std::string kChurnCsv = std::string(HERALD_TEST_DATA_DIR) + "/pinpoint/churn-endpoints-import.csv";

class EndpointImportTest : public StoreTest {};
HERALD_STORE_BACKENDS(EndpointImportTest);

TEST_P(EndpointImportTest, ImportsTheChurnSample) {
  auto rows = read_csv(kChurnCsv);
  ASSERT_EQ(rows.size(), 3501u);
  auto endpoints = churn_endpoints(rows, "");
  EndpointRepository repo(db());
  auto results = repo.upsert_batch("churn", endpoints, from_ms(1570751000000));
  for (const auto& r : results) ASSERT_TRUE(r.ok) << r.id << ": " << r.error;
  EXPECT_EQ(repo.count("churn"), 3500u);
  auto first = repo.get("churn", "1");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->address, "churn1@example.com");
  EXPECT_EQ(first->attributes.at("AccountLength"), std::vector<std::string>{"141"});
  EXPECT_EQ(first->attributes.size(), 9u);
  // Churners, read from the attributes documents (PostgreSQL: containment, served by the GIN index).
  SessionLease lease = db().lease();
  int churners = 0;
  lease.session() << (postgres() ? "SELECT COUNT(*) FROM endpoints WHERE project_id = 'churn'"
                                   " AND attributes @> CAST('{\"Churn\": [\"1\"]}' AS jsonb)"
                                 : "SELECT COUNT(*) FROM endpoints WHERE project_id = 'churn' AND EXISTS"
                                   " (SELECT 1 FROM json_each(attributes, '$.Churn') WHERE value = '1')"),
      soci::into(churners);
  EXPECT_EQ(churners, 30);
  // Re-importing the same file changes nothing and keeps creation dates.
  auto again = repo.upsert_batch("churn", endpoints, from_ms(1600000000000));
  EXPECT_TRUE(again.back().ok);
  EXPECT_EQ(repo.count("churn"), 3500u);
  EXPECT_EQ(repo.get("churn", "1")->creation_date, from_ms(1570751000000));
}

/// Many batches land completely (throughput itself is measured by tests/bench, never by a unit test).
TEST_P(EndpointImportTest, ManyBatchesLandEveryRow) {
  auto rows = read_csv(kChurnCsv);
  const int copies = postgres() ? 3 : 12;
  std::vector<std::vector<sdk::Endpoint>> batches;
  for (int k = 0; k < copies; ++k) batches.push_back(churn_endpoints(rows, std::to_string(k) + "-"));
  EndpointRepository repo(db());
  std::size_t total = 0;
  for (auto& batch : batches) {
    auto results = repo.upsert_batch_consuming("bulk", batch, from_ms(1570751000000));
    total += results.size();
    for (const auto& result : results) ASSERT_TRUE(result.ok) << result.error;
  }
  EXPECT_EQ(repo.count("bulk"), total);
  EXPECT_EQ(total, (rows.size() - 1) * static_cast<std::size_t>(copies));
  const auto last = repo.get("bulk", std::to_string(copies - 1) + "-" + rows.back()[1]);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->address, rows.back()[2]);
  EXPECT_EQ(last->attributes.size(), 9u);
}

/// The consuming upsert writes new endpoints from the items themselves: a later item with the same Id
/// still merges into the earlier one, and user attributes still reach the user row.
TEST_P(EndpointImportTest, ConsumingUpsertMergesRepeatedIdsAndUsers) {
  std::vector<sdk::Endpoint> batch(3);
  batch[0].id = "a";
  batch[0].channel_type = sdk::ChannelType::kEmail;
  batch[0].address = "a@example.com";
  batch[0].attributes = {{"Plan", {"gold"}}, {"Gone", {}}};
  batch[1].id = "a";
  batch[1].attributes = {{"Team", {"red", "blue"}}};
  batch[1].user.user_id = "u1";
  batch[1].user.user_attributes = {{"Name", {"Ada"}}};
  batch[2].channel_type = sdk::ChannelType::kEmail;  // no Id: one is generated
  batch[2].address = "new@example.com";
  EndpointRepository repo(db());
  const auto results = repo.upsert_batch_consuming("c", batch, from_ms(1000));
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(results[0].id, "a");
  EXPECT_FALSE(results[2].id.empty());
  const auto a = repo.get("c", "a");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->address, "a@example.com");
  EXPECT_EQ(a->attributes, (sdk::AttributeMap{{"Plan", {"gold"}}, {"Team", {"red", "blue"}}}));
  EXPECT_EQ(a->user.user_id, "u1");
  EXPECT_EQ(a->user.user_attributes, (sdk::AttributeMap{{"Name", {"Ada"}}}));
  EXPECT_EQ(a->creation_date, from_ms(1000));
  const auto generated = repo.get("c", results[2].id);
  ASSERT_TRUE(generated.has_value());
  EXPECT_EQ(generated->address, "new@example.com");
  EXPECT_EQ(repo.count("c"), 2u);
}

}  // namespace
}  // namespace herald::store
