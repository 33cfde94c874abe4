#pragma once
/// The kernel's event table: every app and engagement event, stored before sinks see it.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "herald/sdk/event.hpp"
#include "store/database.hpp"

namespace herald::store {

/// An event as stored: the indexed columns plus the full Pinpoint stream record (JSON text).
struct StoredEvent {
  std::string project_id, id, event_type, client_id;
  sdk::Instant timestamp{}, arrival{};
  std::string record_json;  ///< sdk::to_stream_record_json(event) at append time
};

/// Filter of EventRepository::query; empty/unset fields match everything.
struct EventQuery {
  std::string event_type;
  std::string client_id;
  std::optional<sdk::Instant> from;  ///< inclusive, on the event timestamp
  std::optional<sdk::Instant> to;    ///< exclusive
  std::size_t limit = 1000;
};

/// Appends and reads events. Thread-safe.
class EventRepository {
public:
  explicit EventRepository(Database& database);
  /// Stores events in one transaction (vector binds). Each event keeps its project_id; an event whose
  /// (project_id, id) is already stored is skipped (a redelivered batch is harmless). Returns how many
  /// were new. Throws sdk::Error when the database fails (nothing of the batch is stored).
  std::size_t append(std::span<const sdk::Event> events);
  /// The same inside the caller's open transaction on `lease` (the caller commits or rolls back).
  /// `records`, when given, holds sdk::to_stream_record_json of each event, computed by the caller
  /// (outside the transaction); otherwise they are computed here.
  std::size_t append(SessionLease& lease, std::span<const sdk::Event> events,
                     std::span<const std::string> records = {});
  /// Number of events of a project, optionally of one type ("" = all types).
  std::size_t count(const std::string& project_id, const std::string& event_type = {});
  /// Events of a project matching `filter`, oldest first (by timestamp, then id).
  std::vector<StoredEvent> query(const std::string& project_id, const EventQuery& filter);

private:
  std::size_t insert(SessionLease& lease, std::span<const sdk::Event> events, std::span<const std::string> records);
  Database& database_;
};

}  // namespace herald::store
