#pragma once
/// Reads Pinpoint's WriteSegmentRequest JSON into a SegmentDefinition.
#include <string_view>

#include <nlohmann/json.hpp>

#include "segments/segment_definition.hpp"

namespace herald::segments {

/// Parses a WriteSegmentRequest (or a SegmentResponse: its read-only fields Id, Arn, ApplicationId,
/// CreationDate, LastModifiedDate, SegmentType, Version, ImportDefinition and tags are accepted and
/// ignored). `root` prefixes every JSON path in errors ("$" by default).
/// Throws herald::sdk::Error with where = the JSON path at fault, e.g.
/// "$.SegmentGroups.Groups[0].Dimensions[1].Attributes.Plan.AttributeType" and message
/// "'INCLUDES' is not one of INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON, BETWEEN"; also for
/// unknown keys (listing the allowed ones), wrong JSON types, empty Values, a BETWEEN without exactly
/// two values, BEFORE/AFTER/ON without exactly one, and dates that are not ISO-8601 instants.
SegmentDefinition parse_segment_definition(const nlohmann::json& request, std::string_view root = "$");

/// Same, from JSON text; `source` (a file name) prefixes JSON syntax errors ("segment.json: not valid
/// JSON at line 3, column 5: ...").
SegmentDefinition parse_segment_definition_text(std::string_view json_text, std::string_view source = "$");

}  // namespace herald::segments
