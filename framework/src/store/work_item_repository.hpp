#pragma once
/// The kernel's work table (campaign runs, journey wake-ups, jobs) with leases and fencing tokens.
#include <cstdint>
#include <optional>
#include <string>

#include "herald/sdk/services.hpp"
#include "store/database.hpp"

namespace herald::store {

enum class WorkState { kPending, kLeased, kDone, kFailed };
std::string_view to_string(WorkState state) noexcept;  ///< "PENDING", "LEASED", "DONE", "FAILED"

/// A work item with its bookkeeping columns.
struct WorkItemRecord {
  sdk::WorkItem item;
  WorkState state = WorkState::kPending;
  std::string lease_owner;                   ///< empty when not leased
  std::optional<sdk::Instant> lease_expires;
  std::string last_error;
};

/// sdk::WorkLeases over the work_items table. Every change of a claimed item is an
/// `UPDATE ... WHERE id = ? AND lease_owner = ? AND fencing_token = ? AND state = 'LEASED'`, so an owner whose
/// lease expired and was claimed again (higher token) changes nothing. On PostgreSQL claims select with
/// FOR UPDATE SKIP LOCKED (several runners claim disjoint items); on SQLite BEGIN IMMEDIATE serializes them.
/// Thread-safe. Database failures throw sdk::Error.
class WorkItemRepository final : public sdk::WorkLeases {
public:
  explicit WorkItemRepository(Database& database);
  /// Adds a PENDING item due at `due`; returns its id.
  std::int64_t enqueue(const std::string& kind, const std::string& payload, sdk::Instant due);
  /// Claims up to `limit` items that are PENDING and due at or before `now`, or LEASED with a lease expired at
  /// or before `now`; oldest due first. Each gets owner, expiry now + lease and fencing token + 1.
  std::vector<sdk::WorkItem> claim_due(const std::string& owner, sdk::Instant now, std::size_t limit,
                                       std::chrono::seconds lease) override;
  bool renew(const sdk::WorkItem& item, const std::string& owner, sdk::Instant now,
             std::chrono::seconds lease) override;
  bool complete(const sdk::WorkItem& item, const std::string& owner) override;
  bool retry(const sdk::WorkItem& item, const std::string& owner, sdk::Instant retry_at,
             const std::string& reason) override;
  /// Earliest of: due time of a PENDING item, expiry of a LEASED item (it becomes claimable then).
  std::optional<sdk::Instant> next_due() override;
  /// Gives up on an item (state FAILED, reason kept); false if the lease was lost.
  bool fail(const sdk::WorkItem& item, const std::string& owner, const std::string& reason);
  std::optional<WorkItemRecord> get(std::int64_t id);
  /// Number of items in a state.
  std::size_t count(WorkState state);

private:
  /// Runs `set_clause` (placeholders :t then :x, bound from the values that are set) guarded by the lease;
  /// true when a row changed.
  bool update_leased(const sdk::WorkItem& item, const std::string& owner, const std::string& set_clause,
                     std::optional<long long> time_value, std::optional<std::string> text_value,
                     const char* operation);
  Database& database_;
};

}  // namespace herald::store
