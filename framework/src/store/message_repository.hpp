#pragma once
/// Messages of campaign/journey runs: recorded as TARGETED before the channel is called and SENT with a
/// delivery status after, so a crash neither loses nor repeats sends beyond the in-flight batch.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "herald/sdk/message.hpp"
#include "herald/sdk/time.hpp"
#include "store/database.hpp"

namespace herald::store {

/// One message about to be sent to one endpoint within a run.
struct TargetedMessage {
  std::string id;  ///< kernel-assigned, globally unique (used by channels as idempotency key)
  std::string project_id;
  std::string endpoint_id;
  sdk::ChannelType channel_type = sdk::ChannelType::kEmail;
  std::string address;
};

/// A channel's result for one message.
struct MessageOutcome {
  std::string message_id;
  sdk::DeliveryResult result;
};

enum class MessageState { kTargeted, kSent };

/// A stored message row.
struct MessageRecord {
  std::string id, project_id, run_id, endpoint_id, channel_type, address;
  MessageState state = MessageState::kTargeted;
  std::optional<sdk::DeliveryStatus> delivery_status;  ///< unset until a result is recorded
  int status_code = 0;
  std::string status_message, provider_message_id;
  sdk::Instant targeted_at{}, updated_at{};
};

/// Thread-safe.
class MessageRepository {
public:
  explicit MessageRepository(Database& database);
  /// Records the batch as TARGETED in one transaction and returns, per item in order, true when it is newly
  /// targeted, false when the run already has a message for that endpoint (UNIQUE(run_id, endpoint_id)):
  /// a resumed run sends only the true ones. A message id already stored also gives false. In the same
  /// transaction the run's `targeted` count (campaign_runs) grows by the number of true ones.
  std::vector<bool> record_targeted(const std::string& run_id, std::span<const TargetedMessage> batch,
                                    sdk::Instant now);
  /// Stores channel results (state SENT, delivery status, code, message, provider id) in one transaction;
  /// also used for later delivery receipts. Returns how many messages changed. When `count_for_run` is
  /// given (first results of that run's messages), only messages still TARGETED change, and the run's
  /// `delivered` (SUCCESSFUL) and `failed` (every other status) counts grow by what changed, in the same
  /// transaction, so counts and messages never disagree after a kill or a takeover. `also` runs inside the
  /// transaction before it commits (the send events of these results), so both are stored or neither; its
  /// `changed[i]` tells whether outcomes[i] changed its message (false: settled by another worker first,
  /// unknown id, or repeated), so events are stored only for what this call recorded.
  using InTransaction = std::function<void(SessionLease&, const std::vector<bool>& changed)>;
  std::size_t record_results(std::span<const MessageOutcome> outcomes, sdk::Instant now,
                             const std::string& count_for_run = {}, const InTransaction& also = {});
  std::optional<MessageRecord> get(const std::string& message_id);
  /// Messages of a run still TARGETED (in flight when a run stopped), ordered by endpoint id.
  std::vector<MessageRecord> unsent(const std::string& run_id);
  /// Messages of a run per state: {"TARGETED": n, "SENT": m} (states with no message are absent).
  std::map<std::string, std::size_t> count_by_state(const std::string& run_id);
  /// Messages of a run per delivery status ("SUCCESSFUL", "PERMANENT_FAILURE", ...); unsent ones are not counted.
  std::map<std::string, std::size_t> count_by_delivery_status(const std::string& run_id);

private:
  std::vector<MessageRecord> select(const std::string& where, const std::string& value);
  Database& database_;
};

}  // namespace herald::store
