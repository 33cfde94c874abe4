#pragma once
/// Internal to the store: reading and bulk-writing endpoint and user rows with SOCI. Since schema version 3
/// an endpoint's attributes and metrics and a user's attributes are JSON documents on their own row
/// (endpoint_json.hpp), so one row is one endpoint.
#include <array>
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

/// The select list of one endpoint row over the alias `e` ("e.id, e.channel_type, ..."), ending with the
/// user's attributes document (a subquery) when `with_user_attributes`; EndpointRow binds its columns.
std::string endpoint_columns(bool with_user_attributes);

/// The into() targets of one endpoint row (the columns of endpoint_columns, in order) and their
/// conversion into an sdk::Endpoint (attributes, metrics and user attributes parsed from their documents).
struct EndpointRow {
  std::string id, channel_type, address, status, opt_out, user_id, request_id, attributes, metrics, user_attributes;
  long long effective = 0, creation = 0;
  int cohort = 0;
  std::array<std::string, 8> demo;
  std::array<std::string, 4> loc;
  double latitude = 0, longitude = 0;
  soci::indicator user_ind = soci::i_ok, effective_ind = soci::i_ok, lat_ind = soci::i_ok, lon_ind = soci::i_ok,
                  user_attributes_ind = soci::i_null;

  /// Registers every target on `st` (the user attributes column too when `with_user_attributes`).
  void bind(soci::statement& st, bool with_user_attributes);
  /// The endpoint the targets hold. Throws sdk::Error when a stored document is not valid JSON.
  sdk::Endpoint to_endpoint() const;
};

/// Endpoints of `project_id` for `ids` (one IN query per chunk of kInChunk ids), keyed by id, with their
/// attributes and metrics; with `with_user_attributes` also their user's attributes (same query).
std::map<std::string, sdk::Endpoint> load_endpoint_rows(soci::session& session, const std::string& project_id,
                                                        std::span<const std::string> ids,
                                                        bool with_user_attributes = true);

/// Endpoints (with attributes, metrics, user attributes) selected by `where` (a fixed SQL condition with :v
/// for `value`; the project is bound as :p), ordered by id.
std::vector<sdk::Endpoint> load_endpoint_rows_where(soci::session& session, const std::string& project_id,
                                                    const std::string& where, const std::string& value);

/// The users of `project_id` among `users` that exist, with their attributes (one IN query per chunk).
std::map<std::string, sdk::AttributeMap> load_users(soci::session& session, const std::string& project_id,
                                                    std::span<const std::string> users);

/// Upserts full endpoint rows, attributes and metrics documents included, with one statement
/// (SQLite: vector binds; PostgreSQL: one array parameter per column through unnest, one round trip).
/// The endpoints' string fields are MOVED into the bound columns (the caller discards them afterwards).
void write_endpoint_rows(soci::session& session, Dialect dialect, const std::string& project_id,
                         std::span<sdk::Endpoint* const> endpoints);

/// Upserts user rows with their attributes documents (`attributes[i]` belongs to `users[i]`), one statement.
void write_users(soci::session& session, Dialect dialect, const std::string& project_id,
                 const std::vector<std::string>& users, const std::vector<std::string>& attributes);

}  // namespace herald::store::detail
