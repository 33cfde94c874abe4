#pragma once
/// Internal to the store: reading and bulk-writing endpoint rows and key-value rows with SOCI.
#include <map>
#include <span>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "herald/sdk/endpoint.hpp"
#include "store/dialect.hpp"

namespace herald::store::detail {

/// Keys per "IN (...)" query: one prepared statement serves every chunk (short chunks are padded).
inline constexpr std::size_t kInChunk = 100;

/// "(:k0, :k1, ..., :k<n-1>)".
std::string in_placeholders(std::size_t n);

/// Endpoint rows (no attributes/metrics/user attributes) of `project_id` for `ids`, keyed by id.
std::map<std::string, sdk::Endpoint> load_endpoint_rows(soci::session& session, const std::string& project_id,
                                                        std::span<const std::string> ids);

/// Endpoint rows selected by `where` (a fixed SQL condition with :p for the project and :v for `value`),
/// ordered by id.
std::vector<sdk::Endpoint> load_endpoint_rows_where(soci::session& session, const std::string& project_id,
                                                    const std::string& where, const std::string& value);

/// Key-value rows (attributes) of `table` whose owner column (`owner_column`) is in `owners`:
/// owner -> name -> values in `ord` order.
std::map<std::string, sdk::AttributeMap> load_attributes(soci::session& session, const std::string& table,
                                                         const std::string& owner_column,
                                                         const std::string& project_id,
                                                         std::span<const std::string> owners);

/// Metrics of endpoints in `ids`: endpoint id -> name -> value.
std::map<std::string, sdk::MetricMap> load_metrics(soci::session& session, const std::string& project_id,
                                                   std::span<const std::string> ids);

/// Fills attributes, metrics and user attributes of `endpoints` (rows loaded before) in a few chunked queries.
void complete_endpoints(soci::session& session, const std::string& project_id, std::vector<sdk::Endpoint>& endpoints);

/// Upserts full endpoint rows with one vector-bound statement (every column written).
void write_endpoint_rows(soci::session& session, Dialect dialect, const std::string& project_id,
                         std::span<const sdk::Endpoint* const> endpoints);

/// Column vectors of key-value rows for one bulk write ((owner, name, ord, value) per row).
struct KeyValueRows {
  std::vector<std::string> owners, names, values;
  std::vector<int> ords;
  /// Appends the values of one name in order (ord 0, 1, ...).
  void add(const std::string& owner, const std::string& name, const std::vector<std::string>& name_values);
  bool empty() const noexcept { return owners.empty(); }
};

/// Column vectors of (owner, name) pairs whose rows are deleted before new values are written.
struct KeyNames {
  std::vector<std::string> owners, names;
  bool empty() const noexcept { return owners.empty(); }
};

/// Deletes (project, owner, name) rows of `table` for every pair, then inserts `rows` (vector binds).
/// On PostgreSQL each column travels as one array parameter (unnest), so a batch is one round trip.
void replace_key_values(soci::session& session, Dialect dialect, const std::string& table,
                        const std::string& owner_column, const std::string& project_id, const KeyNames& deleted,
                        const KeyValueRows& rows);

/// Deletes (project, endpoint, name) metrics for every pair, then inserts (endpoint, name, value) rows.
void replace_metrics(soci::session& session, Dialect dialect, const std::string& project_id, const KeyNames& deleted,
                     const std::vector<std::string>& endpoint_ids, const std::vector<std::string>& names,
                     const std::vector<double>& values);

}  // namespace herald::store::detail
