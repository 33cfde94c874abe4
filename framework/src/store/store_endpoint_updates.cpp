#include "store/store_endpoint_updates.hpp"

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "store/message_repository.hpp"
#include "store/store_error.hpp"

namespace herald::store {

StoreEndpointUpdates::StoreEndpointUpdates(Database& database, const sdk::Clock& clock)
    : database_(database), clock_(clock) {}

void StoreEndpointUpdates::set_endpoint(const std::string& project_id, const std::string& endpoint_id,
                                        const char* assignment, const char* operation) {
  long long changed = with_store_errors(database_, operation, [&] {
    SessionLease lease = database_.lease();
    soci::statement st = (lease.session().prepare << fmt::format(
                              "UPDATE endpoints SET {} WHERE project_id = :p AND id = :e", assignment),
                          soci::use(project_id), soci::use(endpoint_id));
    st.execute(true);
    return st.get_affected_rows();
  });
  if (changed == 0)
    throw sdk::Error(fmt::format("project '{}'", project_id), fmt::format("endpoint '{}' not found", endpoint_id));
}

void StoreEndpointUpdates::opt_out(const std::string& project_id, const std::string& endpoint_id) {
  set_endpoint(project_id, endpoint_id, "opt_out = 'ALL'", "EndpointUpdates::opt_out");
}

std::size_t StoreEndpointUpdates::opt_out_address(const std::string& project_id, const std::string& address) {
  return with_store_errors(database_, "EndpointUpdates::opt_out_address", [&] {
    SessionLease lease = database_.lease();
    soci::statement st = (lease.session().prepare << "UPDATE endpoints SET opt_out = 'ALL'"
                                                     " WHERE project_id = :p AND address = :a",
                          soci::use(project_id), soci::use(address));
    st.execute(true);
    return static_cast<std::size_t>(st.get_affected_rows());
  });
}

void StoreEndpointUpdates::mark_inactive(const std::string& project_id, const std::string& endpoint_id) {
  set_endpoint(project_id, endpoint_id, "endpoint_status = 'INACTIVE'", "EndpointUpdates::mark_inactive");
}

void StoreEndpointUpdates::record_delivery(const std::string& message_id, const sdk::DeliveryResult& result) {
  MessageRepository messages(database_);
  MessageOutcome outcome{message_id, result};
  if (messages.record_results(std::span<const MessageOutcome>(&outcome, 1), clock_.now()) == 0)
    throw sdk::Error("messages", fmt::format("message '{}' not found", message_id),
                     "A delivery receipt must name a message id the kernel sent");
}

}  // namespace herald::store
