#pragma once
/// sdk::EndpointUpdates over the store: what channels change on endpoints (bounces, STOP, bad tokens).
#include <string>

#include "herald/sdk/services.hpp"
#include "store/database.hpp"

namespace herald::store {

/// Each call is one transaction. An unknown endpoint id or message id throws sdk::Error naming it;
/// database failures throw sdk::Error naming the store. Thread-safe.
class StoreEndpointUpdates final : public sdk::EndpointUpdates {
public:
  /// `clock` stamps record_delivery's updated_at; it must outlive this object.
  StoreEndpointUpdates(Database& database, const sdk::Clock& clock);
  void opt_out(const std::string& project_id, const std::string& endpoint_id) override;
  /// Returns how many endpoints of the project have this address (all now OptOut=ALL).
  std::size_t opt_out_address(const std::string& project_id, const std::string& address) override;
  void mark_inactive(const std::string& project_id, const std::string& endpoint_id) override;
  void record_delivery(const std::string& message_id, const sdk::DeliveryResult& result) override;

private:
  /// Sets one column of one endpoint; throws when the endpoint does not exist.
  void set_endpoint(const std::string& project_id, const std::string& endpoint_id, const char* assignment,
                    const char* operation);
  Database& database_;
  const sdk::Clock& clock_;
};

}  // namespace herald::store
