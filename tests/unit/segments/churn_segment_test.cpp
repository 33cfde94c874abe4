// The churn segment of Pinpoint's predictive-segmentation sample over its 3,500 real endpoints:
// Attributes.PlanOptionB = 1 AND Attributes.SharedWithFriend = 1, checked against a count made here
// straight from the CSV (tests/data/pinpoint/churn-endpoints-import.csv, see NOTICE.md there).
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "segments/definition_parser.hpp"
#include "test_store.hpp"

namespace herald::segments {
namespace {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// The churn CSV has no quoted fields: split on commas, drop CR line ends.
CsvTable read_churn_csv() {
  const std::string path = std::string(HERALD_TEST_DATA_DIR) + "/pinpoint/churn-endpoints-import.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  CsvTable table;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    if (table.header.empty()) table.header = std::move(fields);
    else table.rows.push_back(std::move(fields));
  }
  return table;
}

class ChurnSegment : public ::testing::TestWithParam<std::string> {};

TEST_P(ChurnSegment, MatchesACountMadeFromTheCsv) {
  auto store = testing::TestStore::open(GetParam());
  if (!store) GTEST_SKIP() << "HERALD_TEST_PG_URL is not set";
  const CsvTable csv = read_churn_csv();
  ASSERT_EQ(csv.rows.size(), 3500U);
  const auto column = [&](const std::string& name) {
    const auto it = std::find(csv.header.begin(), csv.header.end(), name);
    EXPECT_NE(it, csv.header.end()) << name;
    return static_cast<std::size_t>(it - csv.header.begin());
  };
  const std::size_t id_col = column("Id");
  const std::size_t b_col = column("Attributes.PlanOptionB");
  const std::size_t s_col = column("Attributes.SharedWithFriend");

  std::set<std::string> expected;
  std::vector<testing::TestEndpoint> endpoints;
  for (const auto& row : csv.rows) {
    ASSERT_EQ(row.size(), csv.header.size());
    if (row[b_col] == "1" && row[s_col] == "1") expected.insert(row[id_col]);
    testing::TestEndpoint e{.project = "churn", .id = row[id_col], .channel = row[0]};
    for (std::size_t c = 3; c < row.size(); ++c)
      e.attributes[csv.header[c].substr(std::string("Attributes.").size())] = {row[c]};
    endpoints.push_back(std::move(e));
  }
  ASSERT_GT(expected.size(), 100U);
  ASSERT_LT(expected.size(), csv.rows.size());
  store->insert(endpoints);
  soci::session& session = store->session();
  // Fresh tables have no planner statistics until autovacuum's ANALYZE; run it as a bulk import should.
  if (GetParam() == "postgresql") session << "ANALYZE";

  const SegmentDefinition churn = parse_segment_definition_text(R"({"Name": "churn-risk",
    "Dimensions": {"Attributes": {"PlanOptionB": {"AttributeType": "INCLUSIVE", "Values": ["1"]},
                                  "SharedWithFriend": {"AttributeType": "INCLUSIVE", "Values": ["1"]}}}})");
  const SegmentQuery q = compile_segment(churn, "churn", dialect_of(session), SegmentQueryOptions::for_delivery());
  EXPECT_EQ(count(session, q), static_cast<std::int64_t>(expected.size()));
  std::set<std::string> got;
  std::size_t batches = 0;
  for_each_id(session, q, 250, [&](std::span<const std::string> batch) {
    ++batches;
    got.insert(batch.begin(), batch.end());
  });
  EXPECT_EQ(got, expected);
  EXPECT_EQ(batches, (expected.size() + 249) / 250);

  // The same through a group: NONE of (PlanOptionB = 1 AND SharedWithFriend = 1) is the complement.
  const SegmentDefinition rest = parse_segment_definition_text(R"({"SegmentGroups": {"Include": "NONE", "Groups": [
    {"Type": "ALL", "Dimensions": [{"Attributes": {"PlanOptionB": {"Values": ["1"]}}},
                                   {"Attributes": {"SharedWithFriend": {"Values": ["1"]}}}]}]}})");
  EXPECT_EQ(count(session, compile_segment(rest, "churn", dialect_of(session))),
            static_cast<std::int64_t>(csv.rows.size() - expected.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, ChurnSegment, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace herald::segments
