#pragma once
/// Channel: delivers rendered messages to one kind of destination (email, SMS, push...).
/// The kernel owns batching, retries, rate limits and concurrency; the channel classifies outcomes.
#include <span>
#include <vector>

#include "herald/sdk/message.hpp"

namespace herald::sdk {
inline namespace v1 {

class Channel {
public:
  virtual ~Channel() = default;
  /// Channel types this instance can deliver (e.g. {kEmail}).
  virtual std::vector<ChannelType> channel_types() const = 0;
  /// Sends a batch. Returns exactly one result per message, in the same order. A failure of one
  /// message is a result, not an exception; throw (TransientError) only when the whole batch could not
  /// be attempted (server unreachable) — the kernel then marks every message TEMPORARY_FAILURE.
  virtual std::vector<DeliveryResult> send(std::span<const Message> messages) = 0;
  /// Preferred batch size (messages per send call).
  virtual std::size_t max_batch_size() const { return 100; }
  /// Called once when the kernel is done with the channel for a run (flush files, close connections).
  virtual void flush() {}
};

}  // namespace v1
}  // namespace herald::sdk
