#pragma once
/// A segment definition: Pinpoint's WriteSegmentRequest (Dimensions and SegmentGroups) as typed data.
/// Source: Pinpoint API model 2016-12-01 (SegmentDimensions, SegmentGroupList); see
/// notes/pinpoint-reference.md §5. Every dimension keeps the JSON path it was read from, so the SQL
/// compiler can name it in errors ("not supported yet").
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace herald::segments {

/// AttributeDimension.AttributeType.
enum class AttributeType { kInclusive, kExclusive, kContains, kBefore, kAfter, kOn, kBetween };
/// MetricDimension.ComparisonOperator.
enum class ComparisonOperator { kGreaterThan, kLessThan, kGreaterThanOrEqual, kLessThanOrEqual, kEqual };
/// SetDimension.DimensionType.
enum class DimensionType { kInclusive, kExclusive };
/// How a list combines: SegmentGroupList.Include, SegmentGroup.Type and SourceType.
enum class Combine { kAll, kAny, kNone };
/// RecencyDimension.Duration.
enum class RecencyDuration { kHr24, kDay7, kDay14, kDay30 };
/// RecencyDimension.RecencyType.
enum class RecencyType { kActive, kInactive };

/// Pinpoint's spelling ("INCLUSIVE", "GREATER_THAN", "ALL", "DAY_30", "ACTIVE").
std::string_view to_string(AttributeType v) noexcept;
std::string_view to_string(ComparisonOperator v) noexcept;
std::string_view to_string(DimensionType v) noexcept;
std::string_view to_string(Combine v) noexcept;
std::string_view to_string(RecencyDuration v) noexcept;
std::string_view to_string(RecencyType v) noexcept;

/// `Attributes.<name>` / `UserAttributes.<name>`: values are compared as strings; BEFORE/AFTER/ON/
/// BETWEEN read them as ISO-8601 instants.
struct AttributeDimension {
  AttributeType type = AttributeType::kInclusive;
  std::vector<std::string> values;
  std::string json_path;
};

/// `Metrics.<name>`: the endpoint metric compared with `value`.
struct MetricDimension {
  ComparisonOperator op = ComparisonOperator::kEqual;
  double value = 0;
  std::string json_path;
};

/// A demographic or country filter: values matched case-insensitively.
struct SetDimension {
  DimensionType type = DimensionType::kInclusive;
  std::vector<std::string> values;
  std::string json_path;
};

struct SegmentDemographics {
  std::optional<SetDimension> app_version, channel, device_type, make, model, platform;
};

/// `Location.GPSPoint` (parsed; compiling it is not supported yet).
struct GpsPointDimension {
  double latitude = 0, longitude = 0;  ///< degrees
  double range_km = 100;               ///< RangeInKilometers (Pinpoint's default is 100)
  std::string json_path;
};

struct SegmentLocation {
  std::optional<SetDimension> country;  ///< ISO 3166-1 alpha-2 codes
  std::optional<GpsPointDimension> gps_point;
};

/// `Behavior.Recency` (parsed; compiling it is not supported yet).
struct RecencyDimension {
  RecencyDuration duration = RecencyDuration::kDay30;
  RecencyType type = RecencyType::kActive;
  std::string json_path;
};

/// One SegmentDimensions object: every dimension present must match (AND).
struct SegmentDimensions {
  std::map<std::string, AttributeDimension> attributes;
  std::map<std::string, AttributeDimension> user_attributes;
  std::map<std::string, MetricDimension> metrics;
  SegmentDemographics demographic;
  SegmentLocation location;
  std::optional<RecencyDimension> recency;  ///< Behavior.Recency
  std::string json_path;
};

/// SegmentReference: a base segment a group filters (parsed; compiling it is not supported yet).
struct SourceSegment {
  std::string id;
  std::optional<int> version;
  std::string json_path;
};

/// SegmentGroup: `dimensions` combine by `type`; `source_segments` by `source_type`.
struct SegmentGroup {
  Combine type = Combine::kAll;
  Combine source_type = Combine::kAll;
  std::vector<SourceSegment> source_segments;
  std::vector<SegmentDimensions> dimensions;
  std::string json_path;
};

/// SegmentGroupList: `groups` combine by `include`.
struct SegmentGroupList {
  Combine include = Combine::kAll;
  std::vector<SegmentGroup> groups;
  std::string json_path;
};

/// A dynamic segment. When both forms are present an endpoint must match both.
struct SegmentDefinition {
  std::string name;
  std::optional<SegmentDimensions> dimensions;     ///< simple form ("Dimensions")
  std::optional<SegmentGroupList> segment_groups;  ///< "SegmentGroups"
};

}  // namespace herald::segments
