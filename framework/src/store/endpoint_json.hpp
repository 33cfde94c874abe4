#pragma once
/// Internal to the store: the JSON documents that hold an endpoint's attributes and metrics and a user's
/// attributes on their own row (schema version 3, see migrations.cpp):
///   attributes  {"Name": ["v1", "v2"], ...}   values in the order given (Pinpoint keeps the order)
///   metrics     {"Name": 1.5, ...}
/// SQLite stores the text (TEXT column, read with JSON1), PostgreSQL a JSONB value.
#include <string>
#include <string_view>

#include "herald/sdk/endpoint.hpp"

namespace herald::store::detail {


/// Appends the attributes document of `attributes` ("{}" when empty).
void append_attributes_json(std::string& out, const sdk::AttributeMap& attributes);

/// Appends the metrics document of `metrics` ("{}" when empty); numbers in the shortest form that reads
/// back to the same double. Metrics must be finite (the repository refuses others before writing).
void append_metrics_json(std::string& out, const sdk::MetricMap& metrics);

/// Reads an attributes document (a JSON object of string arrays). Empty text reads as no attributes.
/// Throws sdk::Error("store", ...) when the text is not such a document (a corrupt row).
sdk::AttributeMap parse_attributes_json(std::string_view text);

/// Reads a metrics document (a JSON object of numbers). Empty text reads as no metrics.
/// Throws sdk::Error("store", ...) when the text is not such a document.
sdk::MetricMap parse_metrics_json(std::string_view text);

}  // namespace herald::store::detail
