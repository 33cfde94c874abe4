#pragma once
/// Compiles a SegmentDefinition to one parameterized SQL query per dialect (SQLite, PostgreSQL)
/// selecting the endpoint ids of a project, over the store's schema (version 3, framework/src/store/
/// migrations.cpp): endpoints with its JSON documents `attributes` {"Name": ["v1", ...]} and `metrics`
/// {"Name": 1.5}, and users.attributes. Attribute dimensions read the documents (SQLite: json_each over a
/// bound JSON path; PostgreSQL: `@>` containment served by GIN jsonb_path_ops indexes, or
/// jsonb_array_elements_text for CONTAINS and dates); other dimensions are predicates on endpoints columns.
/// Every value, attribute name and JSON path is a bound parameter.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "segments/segment_definition.hpp"

namespace herald::segments {

/// SQL dialects the store supports.
enum class Dialect { kSqlite, kPostgresql };

/// A bound parameter value.
using SqlParam = std::variant<std::string, std::int64_t, double>;

/// One query. `sql` is `SELECT e.id FROM endpoints e WHERE ...` with named parameters (`:p0`,
/// `:project_id`), no ORDER BY and no LIMIT, so callers may append `AND ...` conditions on `e`
/// (for_each_id appends keyset pagination). `params` maps each parameter name (without ':') to its
/// value; each name occurs exactly once in `sql`.
struct SegmentQuery {
  std::string sql;
  std::map<std::string, SqlParam> params;
  Dialect dialect = Dialect::kSqlite;
};

/// Endpoint filters applied on top of the segment's own dimensions.
struct SegmentQueryOptions {
  bool exclude_opted_out = false;  ///< drop endpoints with OptOut = ALL
  bool exclude_inactive = false;   ///< drop endpoints with EndpointStatus = INACTIVE
  /// What a campaign or journey sends to: both exclusions on.
  static SegmentQueryOptions for_delivery() noexcept { return {true, true}; }
};

/// Compiles `definition` for the endpoints of `project_id`.
///
/// Semantics (Pinpoint): all dimensions inside one SegmentDimensions must match; a group combines its
/// Dimensions list by Type (ALL = all, ANY = at least one, NONE = none); SegmentGroups combines groups
/// by Include the same way; with both Dimensions and SegmentGroups an endpoint must match both; an
/// empty definition selects every endpoint of the project.
///  - Attributes / UserAttributes (UserAttributes through endpoints.user_id): INCLUSIVE = some value
///    of the attribute is one of Values (case-sensitive); EXCLUSIVE = no value of the attribute is one
///    of Values (endpoints without the attribute match); CONTAINS = some value contains one of Values
///    as a case-sensitive substring; BEFORE / AFTER = some value, read as an ISO-8601 instant, is
///    strictly before / after Values[0]; ON = same UTC calendar day as Values[0]; BETWEEN = within
///    [Values[0], Values[1]] inclusive. Values that are not instants never match (SQLite julianday;
///    PostgreSQL casts values matching an ISO-8601 pattern to timestamptz, zone-less ones in the
///    session's TimeZone).
///  - Metrics: the endpoint metric compared to Value (no metric: no match).
///  - Demographic AppVersion, Channel (endpoints.channel_type), Make, Model, Platform and
///    Location.Country: INCLUSIVE / EXCLUSIVE, case-insensitive (Pinpoint).
/// Throws herald::sdk::Error at the dimension's JSON path with "not supported yet" for
/// Behavior.Recency, Location.GPSPoint, Demographic.DeviceType and SourceSegments (base segments).
SegmentQuery compile_segment(const SegmentDefinition& definition, std::string_view project_id, Dialect dialect,
                             const SegmentQueryOptions& options = {});

}  // namespace herald::segments
