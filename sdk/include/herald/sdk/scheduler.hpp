#pragma once
/// Scheduler: the policy that claims due work items from the kernel's work table (through
/// Context::leases()), runs them with the kernel's dispatcher, and completes or retries them.
#include <cstddef>
#include <optional>

#include "herald/sdk/services.hpp"

namespace herald::sdk {
inline namespace v1 {

class Scheduler {
public:
  virtual ~Scheduler() = default;
  /// Claims and runs every item due at `now`; returns how many ran. Never sleeps.
  virtual std::size_t poll(WorkDispatcher& dispatcher, Instant now) = 0;
  /// When the next item falls due, to sleep until then (nullopt: nothing pending).
  virtual std::optional<Instant> next_wake() = 0;
};

}  // namespace v1
}  // namespace herald::sdk
