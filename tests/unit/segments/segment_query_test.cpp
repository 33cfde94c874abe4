// Segment SQL on a hand-made dataset covering every supported dimension and group combination,
// on SQLite and (when HERALD_TEST_PG_URL is set) PostgreSQL.
#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "segments/definition_parser.hpp"
#include "test_store.hpp"

namespace herald::segments {
namespace {

using testing::TestEndpoint;
using Ids = std::set<std::string>;

class SegmentQueryTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    store_ = testing::TestStore::open(GetParam());
    if (!store_) GTEST_SKIP() << "HERALD_TEST_PG_URL is not set";
    TestEndpoint e1{.id = "e1", .channel = "EMAIL", .user_id = "u1", .app_version = "1.0", .make = "Apple", .model = "iPhone",
                    .platform = "iOS", .country = "US"};
    e1.attributes = {{"Plan", {"gold"}}, {"Interests", {"music", "sports"}}, {"Signup", {"2024-01-15T10:00:00Z"}}};
    e1.metrics = {{"purchases", 5}};
    e1.user_attributes = {{"Tier", {"vip"}}, {"Since", {"2020-05-05"}}};
    TestEndpoint e2{.id = "e2", .channel = "SMS", .user_id = "u2", .app_version = "2.0", .make = "samsung", .model = "Galaxy",
                    .platform = "android", .country = "DE"};
    e2.attributes = {{"Plan", {"silver"}}, {"Interests", {"music"}}, {"Signup", {"2023-12-31T23:59:59.999Z"}}};
    e2.metrics = {{"purchases", 1}};
    e2.user_attributes = {{"Tier", {"basic"}}};
    e2.attributes["Na me.x"] = {"v"};
    TestEndpoint e3{.id = "e3", .channel = "EMAIL", .status = "INACTIVE", .make = "Google", .platform = "Android", .country = "us"};
    e3.attributes = {{"Plan", {"gold"}}, {"Interests", {"cooking"}}, {"Signup", {"2024-01-01T00:00:00Z"}}};
    e3.metrics = {{"purchases", 3}};
    TestEndpoint e4{.id = "e4", .channel = "GCM", .opt_out = "ALL", .user_id = "u1", .make = "APPLE", .platform = "ios",
                    .country = "FR"};
    e4.attributes = {{"Plan", {"bronze"}}, {"Signup", {"not a date"}}};
    TestEndpoint e5{.id = "e5", .channel = "EMAIL"};
    e5.metrics = {{"visits", 10}, {"m \"q", 2}};
    e5.attributes = {{"Odd \"q\\", {"w"}}};
    TestEndpoint other{.project = "p2", .id = "x1", .user_id = "u1", .make = "Apple", .platform = "iOS", .country = "US"};
    other.attributes = {{"Plan", {"gold"}}, {"Signup", {"2024-01-15T10:00:00Z"}}};
    other.metrics = {{"purchases", 5}};
    other.user_attributes = {{"Tier", {"vip"}}};
    store_->insert({e1, e2, e3, e4, e5, other});
    dialect_ = dialect_of(store_->session());
  }

  Ids ids(const std::string& json, const SegmentQueryOptions& options = {}) {
    const SegmentDefinition def = parse_segment_definition_text(json);
    return testing::select_ids(store_->session(), compile_segment(def, "p1", dialect_, options));
  }
  /// A segment with one simple-form dimension set.
  Ids dims(const std::string& dimensions_json) { return ids(R"({"Dimensions": )" + dimensions_json + "}"); }

  std::unique_ptr<testing::TestStore> store_;
  Dialect dialect_ = Dialect::kSqlite;
};

TEST_P(SegmentQueryTest, EmptyDefinitionSelectsTheWholeProject) {
  EXPECT_EQ(ids("{}"), (Ids{"e1", "e2", "e3", "e4", "e5"}));
  EXPECT_EQ(ids(R"({"Name": "all", "Dimensions": {}})"), (Ids{"e1", "e2", "e3", "e4", "e5"}));
}

TEST_P(SegmentQueryTest, AttributesInclusiveExclusiveContains) {
  EXPECT_EQ(dims(R"({"Attributes": {"Plan": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}}})"), (Ids{"e1", "e3"}));
  EXPECT_EQ(dims(R"({"Attributes": {"Plan": {"Values": ["gold", "bronze"]}}})"), (Ids{"e1", "e3", "e4"}));
  EXPECT_EQ(dims(R"({"Attributes": {"Plan": {"AttributeType": "EXCLUSIVE", "Values": ["gold"]}}})"), (Ids{"e2", "e4", "e5"}));
  EXPECT_EQ(dims(R"({"Attributes": {"Plan": {"AttributeType": "INCLUSIVE", "Values": ["GOLD"]}}})"), Ids{});
  EXPECT_EQ(dims(R"({"Attributes": {"Interests": {"AttributeType": "CONTAINS", "Values": ["spor"]}}})"), Ids{"e1"});
  EXPECT_EQ(dims(R"({"Attributes": {"Interests": {"AttributeType": "CONTAINS", "Values": ["Mus"]}}})"), Ids{});
  EXPECT_EQ(dims(R"({"Attributes": {"Interests": {"AttributeType": "CONTAINS", "Values": ["us", "ook"]}}})"),
            (Ids{"e1", "e2", "e3"}));
  EXPECT_EQ(dims(R"({"Attributes": {"Interests": {"AttributeType": "CONTAINS", "Values": ["%"]}}})"), Ids{});
}

TEST_P(SegmentQueryTest, AttributeDates) {
  EXPECT_EQ(dims(R"({"Attributes": {"Signup": {"AttributeType": "BEFORE", "Values": ["2024-01-01T00:00:00Z"]}}})"), Ids{"e2"});
  EXPECT_EQ(dims(R"({"Attributes": {"Signup": {"AttributeType": "AFTER", "Values": ["2024-01-01T00:00:00Z"]}}})"), Ids{"e1"});
  EXPECT_EQ(dims(R"({"Attributes": {"Signup": {"AttributeType": "ON", "Values": ["2024-01-01T18:30:00Z"]}}})"), Ids{"e3"});
  EXPECT_EQ(dims(R"({"Attributes": {"Signup": {"AttributeType": "ON", "Values": ["2023-12-31"]}}})"), Ids{"e2"});
  EXPECT_EQ(dims(R"({"Attributes": {"Signup": {"AttributeType": "BETWEEN",
                                     "Values": ["2024-01-01T00:00:00Z", "2024-01-15T10:00:00.000Z"]}}})"),
            (Ids{"e1", "e3"}));
  // +02:00: 2023-12-31T23:00Z, so e2's 23:59:59.999Z is after it.
  EXPECT_EQ(dims(R"({"Attributes": {"Signup": {"AttributeType": "AFTER", "Values": ["2024-01-01T01:00:00+02:00"]}}})"),
            (Ids{"e1", "e2", "e3"}));
}

TEST_P(SegmentQueryTest, Metrics) {
  auto metric = [&](const std::string& op, double v) {
    return dims(R"({"Metrics": {"purchases": {"ComparisonOperator": ")" + op + R"(", "Value": )" + std::to_string(v) + "}}}");
  };
  EXPECT_EQ(metric("GREATER_THAN", 2), (Ids{"e1", "e3"}));
  EXPECT_EQ(metric("EQUAL", 1), Ids{"e2"});
  EXPECT_EQ(metric("LESS_THAN_OR_EQUAL", 3), (Ids{"e2", "e3"}));
  EXPECT_EQ(metric("GREATER_THAN_OR_EQUAL", 5), Ids{"e1"});
  EXPECT_EQ(metric("LESS_THAN", 3), Ids{"e2"});
  EXPECT_EQ(dims(R"({"Metrics": {"visits": {"ComparisonOperator": "GREATER_THAN", "Value": 9.5}}})"), Ids{"e5"});
}

TEST_P(SegmentQueryTest, UserAttributes) {
  EXPECT_EQ(dims(R"({"UserAttributes": {"Tier": {"AttributeType": "INCLUSIVE", "Values": ["vip"]}}})"), (Ids{"e1", "e4"}));
  EXPECT_EQ(dims(R"({"UserAttributes": {"Tier": {"AttributeType": "EXCLUSIVE", "Values": ["vip"]}}})"), (Ids{"e2", "e3", "e5"}));
  EXPECT_EQ(dims(R"({"UserAttributes": {"Since": {"AttributeType": "AFTER", "Values": ["2020-01-01T00:00:00Z"]}}})"),
            (Ids{"e1", "e4"}));
}

// Names may hold any UTF-8 (sdk::check_attribute_name): dots and spaces go through a quoted JSON path,
// quotes and backslashes through the key-matching form (SQLite); PostgreSQL binds them inside documents.
TEST_P(SegmentQueryTest, AttributeAndMetricNamesWithQuotesDotsAndSpaces) {
  EXPECT_EQ(dims(R"({"Attributes": {"Na me.x": {"AttributeType": "INCLUSIVE", "Values": ["v"]}}})"), Ids{"e2"});
  EXPECT_EQ(dims(R"({"Attributes": {"Na me.x": {"AttributeType": "CONTAINS", "Values": ["v"]}}})"), Ids{"e2"});
  EXPECT_EQ(dims(R"({"Attributes": {"Odd \"q\\": {"AttributeType": "INCLUSIVE", "Values": ["w"]}}})"), Ids{"e5"});
  EXPECT_EQ(dims(R"({"Attributes": {"Odd \"q\\": {"AttributeType": "EXCLUSIVE", "Values": ["w"]}}})"),
            (Ids{"e1", "e2", "e3", "e4"}));
  EXPECT_EQ(dims(R"({"Attributes": {"Odd \"q\\": {"AttributeType": "CONTAINS", "Values": ["w"]}}})"), Ids{"e5"});
  EXPECT_EQ(dims(R"({"Metrics": {"m \"q": {"ComparisonOperator": "GREATER_THAN", "Value": 1}}})"), Ids{"e5"});
  EXPECT_EQ(dims(R"({"Metrics": {"m \"q": {"ComparisonOperator": "LESS_THAN", "Value": 1}}})"), Ids{});
  EXPECT_EQ(dims(R"({"Attributes": {"Odd": {"AttributeType": "INCLUSIVE", "Values": ["w"]}}})"), Ids{});
}

TEST_P(SegmentQueryTest, DemographicAndCountryAreCaseInsensitive) {
  EXPECT_EQ(dims(R"({"Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["ANDROID"]}}})"), (Ids{"e2", "e3"}));
  EXPECT_EQ(dims(R"({"Demographic": {"Make": {"DimensionType": "EXCLUSIVE", "Values": ["apple"]}}})"), (Ids{"e2", "e3", "e5"}));
  EXPECT_EQ(dims(R"({"Demographic": {"Channel": {"Values": ["email"]}}})"), (Ids{"e1", "e3", "e5"}));
  EXPECT_EQ(dims(R"({"Demographic": {"AppVersion": {"Values": ["1.0"]}, "Model": {"Values": ["iphone"]}}})"), Ids{"e1"});
  EXPECT_EQ(dims(R"({"Demographic": {"Model": {"Values": ["galaxy"]}}})"), Ids{"e2"});
  EXPECT_EQ(dims(R"({"Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["US"]}}})"), (Ids{"e1", "e3"}));
  EXPECT_EQ(dims(R"({"Location": {"Country": {"DimensionType": "EXCLUSIVE", "Values": ["us", "de"]}}})"), (Ids{"e4", "e5"}));
}

TEST_P(SegmentQueryTest, DimensionsInOneSetAllMatch) {
  EXPECT_EQ(dims(R"({"Attributes": {"Plan": {"Values": ["gold"]}}, "Demographic": {"Platform": {"Values": ["ios"]}}})"),
            Ids{"e1"});
}

TEST_P(SegmentQueryTest, GroupTypes) {
  auto group = [&](const std::string& type, const std::string& dimensions) {
    return ids(R"({"SegmentGroups": {"Include": "ALL", "Groups": [{"Type": ")" + type + R"(", "Dimensions": )" + dimensions + "}]}}");
  };
  const std::string silver_or_fr =
      R"([{"Attributes": {"Plan": {"Values": ["silver"]}}}, {"Location": {"Country": {"Values": ["FR"]}}}])";
  EXPECT_EQ(group("ANY", silver_or_fr), (Ids{"e2", "e4"}));
  EXPECT_EQ(group("ALL", silver_or_fr), Ids{});
  EXPECT_EQ(group("NONE", silver_or_fr), (Ids{"e1", "e3", "e5"}));
  EXPECT_EQ(group("ALL", R"([{"Attributes": {"Plan": {"Values": ["gold"]}}},
                            {"Metrics": {"purchases": {"ComparisonOperator": "GREATER_THAN", "Value": 4}}}])"),
            Ids{"e1"});
  EXPECT_EQ(group("NONE", "[]"), (Ids{"e1", "e2", "e3", "e4", "e5"}));
}

TEST_P(SegmentQueryTest, GroupIncludes) {
  auto groups = [&](const std::string& include) {
    return ids(R"({"SegmentGroups": {"Include": ")" + include + R"(", "Groups": [
      {"Type": "ALL", "Dimensions": [{"Attributes": {"Plan": {"Values": ["gold"]}}}]},
      {"Type": "ANY", "Dimensions": [{"Demographic": {"Channel": {"Values": ["EMAIL"]}}}]}]}})");
  };
  EXPECT_EQ(groups("ALL"), (Ids{"e1", "e3"}));
  EXPECT_EQ(groups("ANY"), (Ids{"e1", "e3", "e5"}));
  EXPECT_EQ(groups("NONE"), (Ids{"e2", "e4"}));
}

TEST_P(SegmentQueryTest, DimensionsAndGroupsTogetherBothMatch) {
  EXPECT_EQ(ids(R"({"Dimensions": {"Location": {"Country": {"Values": ["US"]}}},
                   "SegmentGroups": {"Groups": [{"Dimensions": [{"Attributes": {"Plan": {"Values": ["gold"]}}}]}]}})"),
            (Ids{"e1", "e3"}));
  EXPECT_EQ(ids(R"({"Dimensions": {"Location": {"Country": {"Values": ["DE"]}}},
                   "SegmentGroups": {"Groups": [{"Dimensions": [{"Attributes": {"Plan": {"Values": ["gold"]}}}]}]}})"),
            Ids{});
}

TEST_P(SegmentQueryTest, OptOutAndInactiveExclusions) {
  EXPECT_EQ(ids("{}", {true, false}), (Ids{"e1", "e2", "e3", "e5"}));
  EXPECT_EQ(ids("{}", {false, true}), (Ids{"e1", "e2", "e4", "e5"}));
  EXPECT_EQ(ids("{}", SegmentQueryOptions::for_delivery()), (Ids{"e1", "e2", "e5"}));
  EXPECT_EQ(ids(R"({"Dimensions": {"Attributes": {"Plan": {"Values": ["gold", "bronze"]}}}})",
                SegmentQueryOptions::for_delivery()),
            Ids{"e1"});
}

TEST_P(SegmentQueryTest, StreamsInOrderedBatches) {
  const SegmentQuery q = compile_segment(SegmentDefinition{}, "p1", dialect_);
  for (std::size_t batch : {1U, 2U, 5U, 100U}) {
    std::vector<std::vector<std::string>> batches;
    const auto n = for_each_id(store_->session(), q, batch, [&](std::span<const std::string> ids) { batches.emplace_back(ids.begin(), ids.end()); });
    EXPECT_EQ(n, 5);
    ASSERT_EQ(batches.size(), (5 + batch - 1) / batch) << "batch " << batch;
    std::vector<std::string> flat;
    for (const auto& b : batches) {
      EXPECT_LE(b.size(), batch);
      flat.insert(flat.end(), b.begin(), b.end());
    }
    EXPECT_EQ(flat, (std::vector<std::string>{"e1", "e2", "e3", "e4", "e5"}));
  }
  EXPECT_THROW(for_each_id(store_->session(), q, 0, [](std::span<const std::string>) {}), sdk::Error);
  EXPECT_EQ(count(store_->session(), compile_segment(SegmentDefinition{}, "nope", dialect_)), 0);
}

namespace {
/// Reads (id, channel type) rows and notes where each page ended.
class IdAndChannel final : public RowReader {
public:
  void bind(soci::statement& st) override {
    st.exchange(soci::into(id_));
    st.exchange(soci::into(channel_));
  }
  void row() override { rows.push_back(id_ + "/" + channel_); }
  const std::string& id() const override { return id_; }
  std::vector<std::string> rows;

private:
  std::string id_, channel_;
};
}  // namespace

TEST_P(SegmentQueryTest, StreamsWholeRowsInOrderedPages) {
  const SegmentQuery q = compile_segment(SegmentDefinition{}, "p1", dialect_, SegmentQueryOptions::for_delivery());
  for (std::size_t page : {1U, 2U, 3U, 100U}) {
    IdAndChannel reader;
    std::vector<std::size_t> page_ends;
    const auto n = for_each_row(store_->session(), q, "e.id, e.channel_type", page, reader,
                                [&] { page_ends.push_back(reader.rows.size()); });
    EXPECT_EQ(n, 3) << "page " << page;
    EXPECT_EQ(reader.rows, (std::vector<std::string>{"e1/EMAIL", "e2/SMS", "e5/EMAIL"})) << "page " << page;
    ASSERT_EQ(page_ends.size(), (3 + page - 1) / page) << "page " << page;
    EXPECT_EQ(page_ends.back(), 3u);
  }
  IdAndChannel reader;
  EXPECT_THROW(for_each_row(store_->session(), q, "e.id, e.channel_type", 0, reader, [] {}), sdk::Error);
  SegmentQuery other = q;
  other.sql = "SELECT e.address FROM endpoints e WHERE 1 = 1";
  EXPECT_THROW(for_each_row(store_->session(), other, "e.id, e.channel_type", 10, reader, [] {}), sdk::Error);
}

TEST_P(SegmentQueryTest, ValuesAreBoundNeverConcatenated) {
  const SegmentQuery q = compile_segment(
      parse_segment_definition_text(R"({"Dimensions": {"Attributes": {"Plan": {"Values": ["x' OR '1'='1"]}},
        "Demographic": {"Make": {"Values": ["Robert'); DROP TABLE endpoints;--"]}}}})"),
      "p1'--", dialect_);
  EXPECT_EQ(q.sql.find("OR '1'"), std::string::npos);
  EXPECT_EQ(q.sql.find("DROP"), std::string::npos);
  EXPECT_EQ(q.sql.find("Plan"), std::string::npos);
  EXPECT_EQ(testing::select_ids(store_->session(), q), Ids{});
  EXPECT_EQ(count(store_->session(), compile_segment(SegmentDefinition{}, "p1", dialect_)), 5);  // table still there
}

INSTANTIATE_TEST_SUITE_P(Backends, SegmentQueryTest, ::testing::Values("sqlite", "postgresql"));

void expect_not_supported(const std::string& json, const std::string& where) {
  const SegmentDefinition def = parse_segment_definition_text(json);
  try {
    (void)compile_segment(def, "p1", Dialect::kSqlite);
    FAIL() << json;
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), where);
    EXPECT_NE(e.message().find("not supported yet"), std::string::npos) << e.what();
  }
}

TEST(SegmentCompile, NotSupportedYetAtTheJsonPath) {
  expect_not_supported(R"({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}})",
                       "$.Dimensions.Behavior.Recency");
  expect_not_supported(R"({"SegmentGroups": {"Groups": [{"Dimensions": [{}, {"Location": {"GPSPoint":
                         {"Coordinates": {"Latitude": 1, "Longitude": 2}}}}]}]}})",
                       "$.SegmentGroups.Groups[0].Dimensions[1].Location.GPSPoint");
  expect_not_supported(R"({"Dimensions": {"Demographic": {"DeviceType": {"Values": ["PHONE"]}}}})",
                       "$.Dimensions.Demographic.DeviceType");
  expect_not_supported(R"({"SegmentGroups": {"Groups": [{"SourceSegments": [{"Id": "abc", "Version": 1}]}]}})",
                       "$.SegmentGroups.Groups[0].SourceSegments[0]");
}

TEST(SegmentCompile, DialectsDiffer) {
  const SegmentDefinition def = parse_segment_definition_text(
      R"({"Dimensions": {"Attributes": {"A": {"AttributeType": "CONTAINS", "Values": ["x"]},
                                       "D": {"AttributeType": "BEFORE", "Values": ["2024-01-01"]}}}})");
  const SegmentQuery lite = compile_segment(def, "p", Dialect::kSqlite);
  const SegmentQuery pg = compile_segment(def, "p", Dialect::kPostgresql);
  EXPECT_NE(lite.sql.find("instr("), std::string::npos);
  EXPECT_NE(lite.sql.find("julianday("), std::string::npos);
  EXPECT_NE(pg.sql.find("strpos("), std::string::npos);
  EXPECT_NE(pg.sql.find("TIMESTAMPTZ"), std::string::npos);
  EXPECT_EQ(std::get<std::string>(lite.params.at("project_id")), "p");
}

}  // namespace
}  // namespace herald::segments
