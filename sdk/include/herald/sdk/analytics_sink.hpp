#pragma once
/// AnalyticsSink: receives every event after the kernel stored it (file, Kinesis, Kafka export).
#include <span>

#include "herald/sdk/event.hpp"

namespace herald::sdk {
inline namespace v1 {

class AnalyticsSink {
public:
  virtual ~AnalyticsSink() = default;
  /// Delivers stored events in the order they were stored. Throws on failure (the kernel logs it
  /// and keeps the events in its own table). Each event's facets_json is empty or in canonical form (the
  /// kernel normalizes what plugins emit), so to_stream_record_json(event, FacetsForm::kCanonical) applies.
  virtual void deliver(std::span<const Event> events) = 0;
  /// Makes delivered events durable (fsync a file, wait for acks).
  virtual void flush() {}
};

}  // namespace v1
}  // namespace herald::sdk
