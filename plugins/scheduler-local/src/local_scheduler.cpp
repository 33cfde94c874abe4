#include "local_scheduler.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "herald/sdk/error.hpp"

namespace herald::scheduler_local {
namespace {
std::int64_t positive(const sdk::Settings& settings, const std::string& key) {
  const auto value = settings.get_integer(key);
  if (value < 1) throw sdk::Error("settings." + key, std::to_string(value) + " is not at least 1");
  return value;
}
}  // namespace

sdk::SettingsSchema local_scheduler_schema() {
  using sdk::SettingType;
  using sdk::SettingValue;
  sdk::SettingsSchema schema;
  schema.add({.name = "batch", .type = SettingType::kInteger, .description = "Work items claimed per claim",
              .default_value = SettingValue(std::int64_t{16}), .minimum = 1, .maximum = 10000});
  schema.add({.name = "lease_seconds", .type = SettingType::kInteger,
              .description = "Lease on a claimed item, seconds, renewed every third of it while the item runs; "
                             "an item whose runner died may be claimed again this long after its last renewal",
              .default_value = SettingValue(std::int64_t{60}), .minimum = 1, .maximum = 86400});
  schema.add({.name = "max_attempts", .type = SettingType::kInteger,
              .description = "Attempts (first run included) before an item is given up",
              .default_value = SettingValue(std::int64_t{5}), .minimum = 1, .maximum = 1000});
  schema.add({.name = "retry_base_seconds", .type = SettingType::kInteger,
              .description = "Delay before the first retry; doubles on each further failure",
              .default_value = SettingValue(std::int64_t{30}), .minimum = 1, .maximum = 86400});
  schema.add({.name = "retry_max_seconds", .type = SettingType::kInteger, .description = "Longest retry delay",
              .default_value = SettingValue(std::int64_t{3600}), .minimum = 1, .maximum = 604800});
  return schema;
}

LocalSchedulerConfig parse_local_scheduler_config(const sdk::Settings& settings) {
  LocalSchedulerConfig config;
  config.batch = static_cast<std::size_t>(positive(settings, "batch"));
  config.lease = std::chrono::seconds(positive(settings, "lease_seconds"));
  config.max_attempts = static_cast<int>(positive(settings, "max_attempts"));
  config.retry_base = std::chrono::seconds(positive(settings, "retry_base_seconds"));
  config.retry_max = std::chrono::seconds(positive(settings, "retry_max_seconds"));
  return config;
}

sdk::SchedulerFactory local_scheduler_factory() {
  return {.type = kType,
          .description = "Runs due work items in this process, retrying failures with exponential backoff",
          .schema = local_scheduler_schema(),
          .create = [](const sdk::Settings& settings, sdk::Context& context) -> std::unique_ptr<sdk::Scheduler> {
            return std::make_unique<LocalScheduler>(parse_local_scheduler_config(settings), context);
          }};
}

std::chrono::seconds retry_delay(const LocalSchedulerConfig& config, int failed_attempts) noexcept {
  auto delay = config.retry_base;
  for (int i = 1; i < failed_attempts && delay < config.retry_max; ++i) delay *= 2;
  return std::min(delay, config.retry_max);
}

namespace {
/// Renews a claimed item's lease while it runs (every third of the lease, in milliseconds), so a
/// long campaign run keeps its claim and no other worker takes the item over while this one is alive.
/// A renewal that fails (the lease was lost: this process stalled past it) is logged.
class LeaseKeeper {
public:
  LeaseKeeper(sdk::Context& context, const sdk::WorkItem& item, const std::string& owner, std::chrono::seconds lease)
      : thread_([this, &context, &item, &owner, lease] {
          // A third of the lease in milliseconds: lease / 3 in whole seconds would be 0 for a 1 or 2 s
          // lease, and a floor of one second let a 1 s lease lapse between renewals.
          const auto every = std::max<std::chrono::milliseconds>(
              std::chrono::milliseconds(100), std::chrono::duration_cast<std::chrono::milliseconds>(lease) / 3);
          std::unique_lock lock(mutex_);
          while (!stop_cv_.wait_for(lock, every, [this] { return stop_; })) {
            lock.unlock();
            bool kept = false;
            try {
              kept = context.leases().renew(item, owner, context.clock().now(), lease);
            } catch (const std::exception& e) {
              context.logger().warn("work item {}: lease renewal failed: {}", item.id, e.what());
              kept = true;  // not known to be lost; the next renewal tries again
            }
            if (!kept)
              context.logger().error("work item {} ({}): lease lost while running; another worker may take it over",
                                     item.id, item.kind);
            lock.lock();
          }
        }) {}
  ~LeaseKeeper() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    stop_cv_.notify_all();
    thread_.join();
  }
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

private:
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;  ///< last: starts after the members it uses
};
}  // namespace

LocalScheduler::LocalScheduler(LocalSchedulerConfig config, sdk::Context& context)
    : config_(config), context_(context), owner_(std::string(kType) + "#" + context.instance_id()) {}

std::size_t LocalScheduler::poll(sdk::WorkDispatcher& dispatcher, sdk::Instant now) {
  auto& leases = context_.leases();
  auto& log = context_.logger();
  std::size_t ran = 0;
  while (true) {
    const auto items = leases.claim_due(owner_, now, config_.batch, config_.lease);
    if (items.empty()) break;
    for (const auto& item : items) {
      ++ran;
      try {
        const LeaseKeeper keeper(context_, item, owner_, config_.lease);
        dispatcher.run(item);
      } catch (const std::exception& e) {
        const int failed = item.attempts + 1;
        if (failed >= config_.max_attempts) {
          log.error("work item {} ({}) failed {} time(s), giving up: {}", item.id, item.kind, failed, e.what());
          if (!leases.complete(item, owner_)) log.warn("work item {}: lease lost before giving up", item.id);
        } else {
          const auto retry_at = now + retry_delay(config_, failed);
          log.warn("work item {} ({}) failed (attempt {} of {}), retrying at {}: {}", item.id, item.kind, failed,
                   config_.max_attempts, sdk::format_iso8601(retry_at), e.what());
          if (!leases.retry(item, owner_, retry_at, e.what())) log.warn("work item {}: lease lost before retry", item.id);
        }
        continue;
      }
      if (!leases.complete(item, owner_)) log.warn("work item {} ({}): lease lost before completion", item.id, item.kind);
    }
    if (items.size() < config_.batch) break;  // the table had no more due items
  }
  return ran;
}

std::optional<sdk::Instant> LocalScheduler::next_wake() { return context_.leases().next_due(); }

}  // namespace herald::scheduler_local
