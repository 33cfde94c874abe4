#pragma once
/// The kernel's event pipeline: every event is stored in the kernel's own event table first (segments
/// and journeys read it), then offered to every analytics sink in Pinpoint's stream record shape.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "concurrency/bounded_queue.hpp"
#include "herald/sdk/analytics_sink.hpp"
#include "herald/sdk/logger.hpp"
#include "herald/sdk/services.hpp"
#include "store/event_repository.hpp"

namespace herald::events {

/// Stores events synchronously, then hands them to the sinks on one delivery thread of its own, so the
/// thread that emits (a campaign sending) never waits for a sink's serialization and I/O. Sinks see the
/// batches in the order they were stored, one batch at a time, never concurrently. What a sink has not
/// received when the process dies is still in the kernel's event table.
class EventService final : public sdk::EventEmitter {
public:
  struct NamedSink {
    std::string id;
    sdk::AnalyticsSink* sink;  ///< not owned; must outlive this service
  };
  EventService(store::EventRepository& repository, const sdk::Clock& clock, sdk::Logger& log)
      : repository_(repository), clock_(clock), log_(log) {}
  /// Delivers what is queued, then stops the delivery thread.
  ~EventService();
  EventService(const EventService&) = delete;
  EventService& operator=(const EventService&) = delete;

  /// Adds a sink; call before the first emit().
  void add_sink(std::string id, sdk::AnalyticsSink& sink) { sinks_.push_back({std::move(id), &sink}); }
  /// Stores the events (arrival time set when unset) in one transaction, then queues them for every sink
  /// (at most kQueuedBatches batches wait; emit then waits for room). Throws sdk::Error when the store
  /// fails (nothing queued). A sink failure is logged and counted; the events stay stored. Facets are
  /// rewritten in canonical form (sinks rely on it); invalid facets JSON throws sdk::Error, nothing stored.
  void emit(std::span<const sdk::Event> events) override;
  /// The same, taking the events over (no copy for the sinks); their facets must already be canonical
  /// (the kernel's own events: it writes them so).
  void emit(std::vector<sdk::Event>&& events);
  /// Stores events inside the caller's open transaction on `lease` (arrival set when unset), so they
  /// commit together with the caller's writes (a campaign: the message results they report). After the
  /// commit the caller hands the same events to deliver(); after a rollback it drops them.
  void store_in(store::SessionLease& lease, std::vector<sdk::Event>& events);
  /// The same with each event's arrival already set and its stream record already computed (`records`,
  /// outside the transaction), so the transaction holds the store's write lock only to write.
  void store_in(store::SessionLease& lease, std::span<const sdk::Event> events, std::span<const std::string> records);
  /// Queues stored events for the sinks (in the order of deliver() calls); facets already canonical.
  void deliver(std::vector<sdk::Event>&& events);
  /// Waits until every sink received everything emitted before, then flushes each sink (fsync, acks).
  void flush();
  /// Sink deliveries and flushes that threw so far (complete after flush()).
  std::uint64_t sink_failures() const;

  static constexpr std::size_t kQueuedBatches = 4;

private:
  void store(std::vector<sdk::Event>& events);
  void queue(std::vector<sdk::Event>&& events);  ///< emit_mutex_ held
  void deliver_loop();
  void wait_delivered();

  store::EventRepository& repository_;
  const sdk::Clock& clock_;
  sdk::Logger& log_;
  std::vector<NamedSink> sinks_;
  std::mutex emit_mutex_;  ///< plugins may emit from their own threads: one store+queue at a time
  concurrency::BoundedQueue<std::vector<sdk::Event>> queue_{kQueuedBatches};
  std::thread delivery_;  ///< started by the first emit that has sinks to serve
  mutable std::mutex state_mutex_;
  std::condition_variable delivered_;
  std::uint64_t queued_ = 0, done_ = 0;  ///< batches queued / fully delivered (state_mutex_)
  std::uint64_t sink_failures_ = 0;      ///< (state_mutex_)
};

}  // namespace herald::events
