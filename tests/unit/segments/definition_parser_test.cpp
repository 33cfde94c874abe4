// WriteSegmentRequest parsing and its JSON-path errors.
#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "segments/definition_parser.hpp"

namespace herald::segments {
namespace {

// The project's illustrative, model-validated request (notes: data/pinpoint/definitions/segment.json).
constexpr const char* kExample = R"({
  "Name": "active-us-android-vip",
  "SegmentGroups": {"Include": "ALL", "Groups": [{"Type": "ALL", "SourceType": "ANY",
    "SourceSegments": [{"Id": "0123456789abcdef0123456789abcdef", "Version": 1}],
    "Dimensions": [{
      "Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["android"]},
                      "Channel": {"DimensionType": "INCLUSIVE", "Values": ["EMAIL", "SMS"]}},
      "Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["US"]},
                   "GPSPoint": {"Coordinates": {"Latitude": 47.61, "Longitude": -122.33}, "RangeInKilometers": 50}},
      "Behavior": {"Recency": {"Duration": "DAY_30", "RecencyType": "ACTIVE"}},
      "Attributes": {"Interests": {"AttributeType": "INCLUSIVE", "Values": ["Music"]}},
      "UserAttributes": {"SignupDate": {"AttributeType": "AFTER", "Values": ["2024-01-01T00:00:00Z"]}},
      "Metrics": {"purchases": {"ComparisonOperator": "GREATER_THAN_OR_EQUAL", "Value": 3}}}]}]}})";

TEST(SegmentDefinitionParser, ReadsEveryDimensionOfTheExample) {
  const SegmentDefinition def = parse_segment_definition_text(kExample);
  EXPECT_EQ(def.name, "active-us-android-vip");
  EXPECT_FALSE(def.dimensions.has_value());
  ASSERT_TRUE(def.segment_groups.has_value());
  const SegmentGroupList& list = *def.segment_groups;
  EXPECT_EQ(list.include, Combine::kAll);
  ASSERT_EQ(list.groups.size(), 1U);
  const SegmentGroup& g = list.groups[0];
  EXPECT_EQ(g.type, Combine::kAll);
  EXPECT_EQ(g.source_type, Combine::kAny);
  ASSERT_EQ(g.source_segments.size(), 1U);
  EXPECT_EQ(g.source_segments[0].version, 1);
  ASSERT_EQ(g.dimensions.size(), 1U);
  const SegmentDimensions& d = g.dimensions[0];
  EXPECT_EQ(d.json_path, "$.SegmentGroups.Groups[0].Dimensions[0]");
  ASSERT_TRUE(d.demographic.channel.has_value());
  EXPECT_EQ(d.demographic.channel->values, (std::vector<std::string>{"EMAIL", "SMS"}));
  EXPECT_EQ(d.demographic.platform->json_path, "$.SegmentGroups.Groups[0].Dimensions[0].Demographic.Platform");
  EXPECT_EQ(d.location.country->values, std::vector<std::string>{"US"});
  ASSERT_TRUE(d.location.gps_point.has_value());
  EXPECT_DOUBLE_EQ(d.location.gps_point->range_km, 50);
  ASSERT_TRUE(d.recency.has_value());
  EXPECT_EQ(d.recency->duration, RecencyDuration::kDay30);
  EXPECT_EQ(d.attributes.at("Interests").type, AttributeType::kInclusive);
  EXPECT_EQ(d.user_attributes.at("SignupDate").type, AttributeType::kAfter);
  EXPECT_EQ(d.metrics.at("purchases").op, ComparisonOperator::kGreaterThanOrEqual);
  EXPECT_DOUBLE_EQ(d.metrics.at("purchases").value, 3);
  EXPECT_EQ(to_string(AttributeType::kBetween), "BETWEEN");
}

TEST(SegmentDefinitionParser, AcceptsSegmentResponseFields) {
  const auto def = parse_segment_definition_text(
      R"({"Id": "x", "ApplicationId": "a", "Arn": "arn", "CreationDate": "2024-01-01T00:00:00Z", "SegmentType": "DIMENSIONAL",
          "Version": 2, "Name": "n", "Dimensions": {"Attributes": {"Plan": {"Values": ["gold"]}}}, "tags": {}})");
  ASSERT_TRUE(def.dimensions.has_value());
  EXPECT_EQ(def.dimensions->attributes.at("Plan").type, AttributeType::kInclusive);  // Pinpoint's default
}

void expect_error(const std::string& json, const std::string& where, const std::string& message) {
  try {
    (void)parse_segment_definition_text(json);
    FAIL() << json;
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_NE(e.message().find(message), std::string::npos) << e.what();
  }
}

TEST(SegmentDefinitionParser, ErrorsNameTheJsonPath) {
  expect_error(R"({"SegmentGroups": {"Groups": [{"Dimensions": [{}, {"Attributes": {"Plan": {"AttributeType": "INCLUDES",
      "Values": ["a"]}}}]}]}})",
               "$.SegmentGroups.Groups[0].Dimensions[1].Attributes.Plan.AttributeType",
               "'INCLUDES' is not one of INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON, BETWEEN");
  expect_error(R"({"Dimensions": {"Atributes": {}}})", "$.Dimensions.Atributes", "unknown key");
  expect_error(R"({"Dimensions": {"Attributes": {"Plan": {"AttributeType": "INCLUSIVE"}}}})",
               "$.Dimensions.Attributes.Plan.Values", "required");
  expect_error(R"({"Dimensions": {"Attributes": {"Plan": {"Values": []}}}})", "$.Dimensions.Attributes.Plan.Values",
               "at least one");
  expect_error(R"({"Dimensions": {"Attributes": {"Plan": {"Values": [1]}}}})", "$.Dimensions.Attributes.Plan.Values[0]",
               "expected a string");
  expect_error(R"({"Dimensions": {"Attributes": {"D": {"AttributeType": "BETWEEN", "Values": ["2024-01-01"]}}}})",
               "$.Dimensions.Attributes.D.Values", "exactly 2 values");
  expect_error(R"({"Dimensions": {"Attributes": {"D": {"AttributeType": "AFTER", "Values": ["yesterday"]}}}})",
               "$.Dimensions.Attributes.D.Values[0]", "not an ISO-8601 instant");
  expect_error(R"({"Dimensions": {"Attributes": {"Last Name": {"AttributeType": "NOPE", "Values": ["x"]}}}})",
               "$.Dimensions.Attributes[\"Last Name\"].AttributeType", "'NOPE' is not one of");
  expect_error(R"({"Dimensions": {"Metrics": {"m": {"ComparisonOperator": "GT", "Value": 1}}}})",
               "$.Dimensions.Metrics.m.ComparisonOperator", "'GT' is not one of GREATER_THAN");
  expect_error(R"({"Dimensions": {"Metrics": {"m": {"ComparisonOperator": "EQUAL", "Value": "1"}}}})",
               "$.Dimensions.Metrics.m.Value", "expected a number");
  expect_error(R"({"SegmentGroups": {"Include": "SOME"}})", "$.SegmentGroups.Include", "'SOME' is not one of ALL, ANY, NONE");
  expect_error(R"({"Dimensions": {"Demographic": {"Platform": {"DimensionType": "INCLUDE", "Values": ["x"]}}}})",
               "$.Dimensions.Demographic.Platform.DimensionType", "'INCLUDE' is not one of INCLUSIVE, EXCLUSIVE");
  expect_error(R"({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_1", "RecencyType": "ACTIVE"}}}})",
               "$.Dimensions.Behavior.Recency.Duration", "'DAY_1' is not one of HR_24");
  expect_error(R"([1])", "$", "expected an object");
  expect_error(R"({"Dimensions": )", "$", "not valid JSON");
}

}  // namespace
}  // namespace herald::segments
