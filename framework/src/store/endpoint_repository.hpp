#pragma once
/// Endpoints, their attributes and metrics, and the users they link to, with Pinpoint's upsert semantics.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "herald/sdk/endpoint.hpp"
#include "store/database.hpp"

namespace herald::store {

/// Limits of the endpoint repository (Pinpoint quotas).
struct EndpointRepositoryOptions {
  /// Endpoints one user id may own per project (Pinpoint: 10 by default, per account quota).
  std::size_t max_endpoints_per_user = 10;
};

/// The outcome of one item of upsert_batch, in the order of the input.
struct UpsertResult {
  bool ok = false;
  std::string id;     ///< the endpoint id (generated when the request had none); empty when refused before one was set
  std::string error;  ///< why the item was refused (empty when ok), e.g. "ChannelType: required for a new endpoint"
};

/// Reads and writes endpoints of any project. Thread-safe (each call leases its own session).
class EndpointRepository {
public:
  explicit EndpointRepository(Database& database, EndpointRepositoryOptions options = {});

  /// Creates or updates endpoints in one transaction (Pinpoint UpdateEndpointsBatch / import semantics):
  /// - an item without Id gets a new UUID; a new endpoint requires ChannelType and a non-empty Address;
  /// - an existing endpoint is updated with the fields the item gives: ChannelType when set, Address,
  ///   demographic and location strings when non-empty, latitude/longitude/EffectiveDate when set,
  ///   RequestId when non-empty, User.UserId when non-empty. EndpointStatus and OptOut are always taken from
  ///   the item (the SDK model has no "absent" for them);
  /// - Attributes, Metrics and User.UserAttributes replace the stored values per name (an empty value
  ///   list deletes that name); names the item does not mention are kept;
  /// - CreationDate is kept for an existing endpoint (a new one takes the item's CreationDate, else `now`);
  ///   CohortId is assigned once, 0-99, from a hash of project and id (cohort_of);
  /// - a user id may own at most options.max_endpoints_per_user endpoints; an item that would exceed it is
  ///   refused: "User.UserId 'u1': already has 10 endpoints (limit 10); ...";
  /// - a metric must be finite with a valid name, else the item is refused ("Metrics.score: a metric must be
  ///   a finite number"): metrics are stored as JSON numbers;
  /// - a user row and its attributes are upserted from Endpoint.user.
  /// Items are applied in order (a later item with the same Id sees the earlier one). A refused item does
  /// not stop the others. Returns one result per item. Throws sdk::Error (naming the store) when the
  /// database fails; then nothing of the batch is written.
  std::vector<UpsertResult> upsert_batch(const std::string& project_id, std::span<const sdk::Endpoint> endpoints,
                                         sdk::Instant now);
  /// upsert_batch for a caller that no longer needs the items (the import pipeline): the same contract,
  /// but the items' strings and maps may be moved into the write, which leaves them valid and unspecified.
  /// Saves a copy of every new endpoint.
  std::vector<UpsertResult> upsert_batch_consuming(const std::string& project_id, std::span<sdk::Endpoint> endpoints,
                                                   sdk::Instant now);

  /// One endpoint with attributes, metrics and its user's attributes; nullopt when absent.
  std::optional<sdk::Endpoint> get(const std::string& project_id, const std::string& endpoint_id);
  /// Endpoints for `ids` (campaign hot path): one query per 100 ids returns each endpoint with its
  /// attributes, metrics and user attributes (JSON documents on the rows, schema version 3). The result
  /// holds the found endpoints in the order of `ids`; unknown ids are skipped; a repeated id appears once.
  std::vector<sdk::Endpoint> get_many(const std::string& project_id, std::span<const std::string> ids);
  /// Every endpoint of a user (Pinpoint GetUserEndpoints), ordered by id.
  std::vector<sdk::Endpoint> get_user_endpoints(const std::string& project_id, const std::string& user_id);
  /// The user with its attributes; nullopt when no such user row exists.
  std::optional<sdk::User> get_user(const std::string& project_id, const std::string& user_id);
  /// Deletes an endpoint (its attributes and metrics are on its row); false when it did not exist.
  bool delete_endpoint(const std::string& project_id, const std::string& endpoint_id);
  /// Deletes a user row (with its attributes) and every endpoint linked to it (Pinpoint DeleteUserEndpoints);
  /// returns how many endpoints were deleted.
  std::size_t delete_user(const std::string& project_id, const std::string& user_id);
  /// Number of endpoints of the project.
  std::size_t count(const std::string& project_id);

private:
  Database& database_;
  EndpointRepositoryOptions options_;
};

}  // namespace herald::store
