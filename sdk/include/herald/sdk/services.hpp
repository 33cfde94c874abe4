#pragma once
/// Services the kernel lends plugins through the Context. No SOCI, spdlog or Beast type crosses here.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "herald/sdk/event.hpp"
#include "herald/sdk/message.hpp"
#include "herald/sdk/time.hpp"

namespace herald::sdk {
inline namespace v1 {

/// Changes a channel may make to endpoints (bounces, invalid tokens, STOP keywords).
/// All methods are transactional; an unknown endpoint id throws Error.
class EndpointUpdates {
public:
  virtual ~EndpointUpdates() = default;
  /// Sets OptOut=ALL on one endpoint.
  virtual void opt_out(const std::string& project_id, const std::string& endpoint_id) = 0;
  /// Sets OptOut=ALL on every endpoint of the project with this address (e.g. an SMS STOP).
  virtual std::size_t opt_out_address(const std::string& project_id, const std::string& address) = 0;
  virtual void mark_inactive(const std::string& project_id, const std::string& endpoint_id) = 0;
  /// Records a later delivery status for a message sent earlier (delivery receipt, bounce).
  virtual void record_delivery(const std::string& message_id, const DeliveryResult& result) = 0;
};

/// Records events into the kernel: stored, then offered to every analytics sink.
class EventEmitter {
public:
  virtual ~EventEmitter() = default;
  virtual void emit(std::span<const Event> events) = 0;
};

/// A key-value store private to one plugin instance (namespace = the instance id). Values are opaque bytes.
class PluginState {
public:
  virtual ~PluginState() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const std::string& value) = 0;
  virtual bool erase(const std::string& key) = 0;
};

/// One unit of scheduled work in the kernel's work table (a campaign run, a journey wake-up, a job).
struct WorkItem {
  std::int64_t id = 0;
  std::string kind;     ///< "campaign.run", ...
  std::string payload;  ///< JSON text owned by the kernel subsystem of `kind`
  Instant due{};
  std::int64_t fencing_token = 0;  ///< increases on every claim; stale owners are rejected
  int attempts = 0;
};

/// The kernel's work table as a scheduler sees it. Claims are leases: an item whose lease expires
/// (owner crashed) becomes claimable again with a higher fencing token.
class WorkLeases {
public:
  virtual ~WorkLeases() = default;
  /// Claims up to `limit` items due at or before `now` and not leased, for `lease` seconds.
  virtual std::vector<WorkItem> claim_due(const std::string& owner, Instant now, std::size_t limit,
                                          std::chrono::seconds lease) = 0;
  /// Extends a lease; false if the lease was lost (fencing token no longer current).
  virtual bool renew(const WorkItem& item, const std::string& owner, Instant now, std::chrono::seconds lease) = 0;
  /// Marks the item done; false if the lease was lost.
  virtual bool complete(const WorkItem& item, const std::string& owner) = 0;
  /// Releases the item to run again at `retry_at` (attempts + 1), recording `reason`.
  virtual bool retry(const WorkItem& item, const std::string& owner, Instant retry_at, const std::string& reason) = 0;
  /// Earliest due instant of any unleased pending item, for sleeping until then.
  virtual std::optional<Instant> next_due() = 0;
};

/// Runs one claimed work item (the kernel's dispatcher: campaigns, journeys, jobs).
/// Throws on failure; the scheduler then retries or gives up per its policy.
class WorkDispatcher {
public:
  virtual ~WorkDispatcher() = default;
  virtual void run(const WorkItem& item) = 0;
};

}  // namespace v1
}  // namespace herald::sdk
