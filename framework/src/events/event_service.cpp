#include "events/event_service.hpp"

#include <algorithm>

namespace herald::events {

void EventService::emit(std::span<const sdk::Event> events) {
  if (events.empty()) return;
  const std::lock_guard lock(mutex_);
  std::span<const sdk::Event> stored = events;
  const bool needs_arrival = std::any_of(events.begin(), events.end(),
                                         [](const sdk::Event& e) { return e.arrival == sdk::Instant{}; });
  if (needs_arrival) {
    const auto now = clock_.now();
    scratch_.assign(events.begin(), events.end());
    for (auto& e : scratch_)
      if (e.arrival == sdk::Instant{}) e.arrival = now;
    stored = scratch_;
  }
  repository_.append(stored);
  for (auto& [id, sink] : sinks_) {
    try {
      sink->deliver(stored);
    } catch (const std::exception& e) {
      ++sink_failures_;
      log_.error("sink {}: {} events not delivered: {}", id, stored.size(), e.what());
    }
  }
}

void EventService::flush() {
  const std::lock_guard lock(mutex_);
  for (auto& [id, sink] : sinks_) {
    try {
      sink->flush();
    } catch (const std::exception& e) {
      ++sink_failures_;
      log_.error("sink {}: flush failed: {}", id, e.what());
    }
  }
}

}  // namespace herald::events
