#pragma once
/// Pinpoint's ChannelType and the endpoint enums (source: Pinpoint API model, EndpointRequest).
#include <optional>
#include <string_view>

namespace herald::sdk {
inline namespace v1 {

enum class ChannelType {
  kPush, kGcm, kApns, kApnsSandbox, kApnsVoip, kApnsVoipSandbox, kAdm, kSms, kVoice, kEmail, kBaidu,
  kCustom, kInApp
};
/// "EMAIL", "SMS", "APNS_VOIP_SANDBOX", ... exactly as Pinpoint spells them.
std::string_view to_string(ChannelType type) noexcept;
/// Case-sensitive parse of Pinpoint's spelling; nullopt when unknown.
std::optional<ChannelType> parse_channel_type(std::string_view text) noexcept;

enum class EndpointStatus { kActive, kInactive };
std::string_view to_string(EndpointStatus status) noexcept;
std::optional<EndpointStatus> parse_endpoint_status(std::string_view text) noexcept;

/// OptOut: "ALL" (receives nothing) or "NONE" (receives everything).
enum class OptOut { kNone, kAll };
std::string_view to_string(OptOut opt_out) noexcept;
std::optional<OptOut> parse_opt_out(std::string_view text) noexcept;

}  // namespace v1
}  // namespace herald::sdk
