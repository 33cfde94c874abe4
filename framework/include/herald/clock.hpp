#pragma once
/// Clocks for the kernel: the system clock, and a manual clock tests drive (nothing sleeps).
#include <atomic>

#include "herald/sdk/time.hpp"

namespace herald {

/// Wall-clock UTC time.
class SystemClock final : public sdk::Clock {
public:
  sdk::Instant now() const override;
};

/// A clock that moves only when told to. Thread-safe.
class ManualClock final : public sdk::Clock {
public:
  explicit ManualClock(sdk::Instant start) : now_(start.time_since_epoch().count()) {}
  sdk::Instant now() const override { return sdk::Instant{std::chrono::milliseconds{now_.load()}}; }
  void set(sdk::Instant t) { now_ = t.time_since_epoch().count(); }
  void advance(std::chrono::milliseconds by) { now_ += by.count(); }

private:
  std::atomic<std::int64_t> now_;
};

}  // namespace herald
