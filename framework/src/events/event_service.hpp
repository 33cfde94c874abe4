#pragma once
/// The kernel's event pipeline: every event is stored in the kernel's own event table first (segments
/// and journeys read it), then offered to every analytics sink in Pinpoint's stream record shape.
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "herald/sdk/analytics_sink.hpp"
#include "herald/sdk/logger.hpp"
#include "herald/sdk/services.hpp"
#include "store/event_repository.hpp"

namespace herald::events {

class EventService final : public sdk::EventEmitter {
public:
  struct NamedSink {
    std::string id;
    sdk::AnalyticsSink* sink;  ///< not owned
  };
  EventService(store::EventRepository& repository, const sdk::Clock& clock, sdk::Logger& log)
      : repository_(repository), clock_(clock), log_(log) {}

  void add_sink(std::string id, sdk::AnalyticsSink& sink) { sinks_.push_back({std::move(id), &sink}); }
  /// Stores the events (arrival time set when unset) in one transaction, then delivers them to every
  /// sink. A sink failure is logged and counted; the events stay stored.
  void emit(std::span<const sdk::Event> events) override;
  void flush();
  std::uint64_t sink_failures() const noexcept { return sink_failures_; }

private:
  store::EventRepository& repository_;
  const sdk::Clock& clock_;
  sdk::Logger& log_;
  std::vector<NamedSink> sinks_;
  std::mutex mutex_;  ///< plugins may emit from their own threads
  std::vector<sdk::Event> scratch_;
  std::uint64_t sink_failures_ = 0;
};

}  // namespace herald::events
