#pragma once
/// A blocking first-in first-out hand-over between one producer thread and one consumer thread, holding
/// at most `capacity` items, so a fast producer waits instead of growing memory with the audience size.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace herald::concurrency {

template <typename T>
class BoundedQueue {
public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  /// Waits for room, then queues `item`. Returns false (item dropped) once the queue was cancelled.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return cancelled_ || items_.size() < capacity_; });
    if (cancelled_) return false;
    items_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }
  /// Waits for an item; nullopt once the queue is closed and drained, or cancelled.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return cancelled_ || closed_ || !items_.empty(); });
    if (cancelled_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return item;
  }
  /// The producer is done: pop() returns the items left, then nullopt.
  void close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }
  /// The consumer gave up: push() and pop() return at once, queued items are dropped.
  void cancel() {
    const std::lock_guard lock(mutex_);
    cancelled_ = true;
    items_.clear();
    room_.notify_all();
    ready_.notify_all();
  }

private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable room_, ready_;
  std::deque<T> items_;
  bool closed_ = false, cancelled_ = false;
};

}  // namespace herald::concurrency
