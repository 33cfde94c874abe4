#pragma once
/// scheduler/local: the single-process scheduling policy. Claims due items from the kernel's work
/// table (Context::leases()), runs them with the WorkDispatcher, completes them, and on failure
/// retries with exponential backoff up to max_attempts.
#include <chrono>
#include <string>

#include "herald/sdk/plugin.hpp"
#include "herald/sdk/scheduler.hpp"

namespace herald::scheduler_local {

inline constexpr const char* kType = "scheduler/local";

/// Validated settings of one local scheduler.
struct LocalSchedulerConfig {
  std::size_t batch = 16;                     ///< items claimed per claim_due call
  std::chrono::seconds lease{60};             ///< lease length, renewed every third of it while an item runs
  int max_attempts = 5;                       ///< attempts before giving up on an item
  std::chrono::seconds retry_base{30};        ///< first retry delay; doubles each attempt
  std::chrono::seconds retry_max{3600};       ///< cap of the retry delay
};

/// The settings schema: batch, lease_seconds, max_attempts, retry_base_seconds, retry_max_seconds.
sdk::SettingsSchema local_scheduler_schema();
/// Reads validated settings. Throws sdk::Error("settings.<key>", ...) for a value out of range.
LocalSchedulerConfig parse_local_scheduler_config(const sdk::Settings& settings);
/// The factory registered by the plugin.
sdk::SchedulerFactory local_scheduler_factory();

/// Delay before attempt number `failed_attempts + 1`: retry_base * 2^(failed_attempts - 1), capped
/// at retry_max (failed_attempts >= 1).
std::chrono::seconds retry_delay(const LocalSchedulerConfig& config, int failed_attempts) noexcept;

class LocalScheduler final : public sdk::Scheduler {
public:
  /// The lease owner is "scheduler/local#<instance id>".
  LocalScheduler(LocalSchedulerConfig config, sdk::Context& context);
  /// Claims batches of items due at `now` until none is left, runs each, then completes it. When the
  /// dispatcher throws a std::exception the item is retried at now + retry_delay, or, after
  /// max_attempts, completed (given up) with an error log line. Items whose lease was lost are
  /// logged and left to their new owner. Returns how many items ran (successfully or not).
  std::size_t poll(sdk::WorkDispatcher& dispatcher, sdk::Instant now) override;
  /// leases().next_due().
  std::optional<sdk::Instant> next_wake() override;

private:
  LocalSchedulerConfig config_;
  sdk::Context& context_;
  std::string owner_;
};

}  // namespace herald::scheduler_local
