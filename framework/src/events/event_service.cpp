#include "events/event_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "herald/sdk/error.hpp"

namespace herald::events {

EventService::~EventService() {
  if (!delivery_.joinable()) return;
  queue_.close();  // the delivery thread drains what is queued, then ends
  delivery_.join();
}

void EventService::store(std::vector<sdk::Event>& events) {
  const auto now = clock_.now();
  for (auto& e : events)
    if (e.arrival == sdk::Instant{}) e.arrival = now;
  repository_.append(events);
}

void EventService::emit(std::span<const sdk::Event> events) {
  if (events.empty()) return;
  std::vector<sdk::Event> copy(events.begin(), events.end());
  // Sinks get facets in canonical form (AnalyticsSink's contract): what a plugin emits is parsed once
  // here; invalid JSON is refused before anything is stored.
  for (auto& event : copy) {
    if (event.facets_json.empty()) continue;
    try {
      event.facets_json =
          nlohmann::json::parse(event.facets_json).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const nlohmann::json::parse_error& e) {
      throw sdk::Error("event " + event.id + ": facets", e.what(), "facets_json must be one JSON object");
    }
  }
  emit(std::move(copy));
}

void EventService::store_in(store::SessionLease& lease, std::vector<sdk::Event>& events) {
  const auto now = clock_.now();
  for (auto& e : events)
    if (e.arrival == sdk::Instant{}) e.arrival = now;
  repository_.append(lease, events);
}

void EventService::store_in(store::SessionLease& lease, std::span<const sdk::Event> events,
                            std::span<const std::string> records) {
  repository_.append(lease, events, records);
}

void EventService::emit(std::vector<sdk::Event>&& events) {
  if (events.empty()) return;
  const std::lock_guard lock(emit_mutex_);
  store(events);
  queue(std::move(events));
}

void EventService::deliver(std::vector<sdk::Event>&& events) {
  if (events.empty()) return;
  const std::lock_guard lock(emit_mutex_);
  queue(std::move(events));
}

void EventService::queue(std::vector<sdk::Event>&& events) {
  if (sinks_.empty()) return;
  if (!delivery_.joinable()) delivery_ = std::thread([this] { deliver_loop(); });
  {
    const std::lock_guard state(state_mutex_);
    ++queued_;
  }
  queue_.push(std::move(events));
}

void EventService::deliver_loop() {
  while (auto batch = queue_.pop()) {
    std::uint64_t failures = 0;
    for (auto& [id, sink] : sinks_) {
      try {
        sink->deliver(*batch);
      } catch (const std::exception& e) {
        ++failures;
        log_.error("sink {}: {} events not delivered: {}", id, batch->size(), e.what());
      }
    }
    const std::lock_guard state(state_mutex_);
    sink_failures_ += failures;
    ++done_;
    delivered_.notify_all();
  }
}

void EventService::wait_delivered() {
  std::unique_lock state(state_mutex_);
  delivered_.wait(state, [&] { return done_ == queued_; });
}

void EventService::flush() {
  const std::lock_guard lock(emit_mutex_);  // nothing new is queued while flushing
  wait_delivered();
  for (auto& [id, sink] : sinks_) {  // the delivery thread is idle: it has nothing queued
    try {
      sink->flush();
    } catch (const std::exception& e) {
      log_.error("sink {}: flush failed: {}", id, e.what());
      const std::lock_guard state(state_mutex_);
      ++sink_failures_;
    }
  }
}

std::uint64_t EventService::sink_failures() const {
  const std::lock_guard state(state_mutex_);
  return sink_failures_;
}

}  // namespace herald::events
