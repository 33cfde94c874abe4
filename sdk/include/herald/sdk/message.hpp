#pragma once
/// A rendered message ready for a channel, and the channel's answer for it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "herald/sdk/channel_type.hpp"

namespace herald::sdk {
inline namespace v1 {

struct MessageHeader {
  std::string name, value;
};

/// One message to one address, already personalized by the kernel. Fields a channel does not use
/// are empty (an SMS has no subject; an email has no `body`).
struct Message {
  std::string id;          ///< kernel-assigned, unique; channels use it as idempotency key
  std::string project_id;  ///< Pinpoint's application id
  ChannelType channel_type = ChannelType::kEmail;
  std::string endpoint_id;  ///< empty for a direct send to an address
  std::string user_id;
  std::string address;  ///< destination: email address, E.164 number, token
  std::string from;     ///< origination identity: "Name <addr>", sender id, origination number
  std::string subject;
  std::string html_body;
  std::string text_body;
  std::string body;  ///< SMS/voice/push body
  std::vector<MessageHeader> headers;
  /// Where the message comes from: "campaign_id", "treatment_id", "campaign_activity_id", "journey_id"...
  std::map<std::string, std::string> context;
};

/// Pinpoint's DeliveryStatus (MessageResult.DeliveryStatus in the API model).
enum class DeliveryStatus {
  kSuccessful, kThrottled, kTemporaryFailure, kPermanentFailure, kUnknownFailure, kOptOut, kDuplicate
};
std::string_view to_string(DeliveryStatus status) noexcept;  ///< "SUCCESSFUL", "TEMPORARY_FAILURE"...
std::optional<DeliveryStatus> parse_delivery_status(std::string_view text) noexcept;

/// A channel's answer for one message.
struct DeliveryResult {
  DeliveryStatus status = DeliveryStatus::kUnknownFailure;
  int status_code = 0;               ///< protocol code: SMTP reply (250, 550), HTTP status...
  std::string status_message;        ///< human-readable reason, never containing secrets
  std::string provider_message_id;   ///< id the provider gave (Message-ID, SMSC id)
};

}  // namespace v1
}  // namespace herald::sdk
