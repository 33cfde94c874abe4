// Pinpoint's enum spellings (source: Pinpoint API model 2016-12-01, ChannelType, EndpointStatus,
// OptOut, DeliveryStatus).
#include <array>
#include <utility>

#include "herald/sdk/channel_type.hpp"
#include "herald/sdk/message.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {
template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) noexcept {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}
template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) noexcept {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "UNKNOWN";
}

constexpr std::array<std::pair<ChannelType, std::string_view>, 13> kChannelTypes{{
    {ChannelType::kPush, "PUSH"}, {ChannelType::kGcm, "GCM"}, {ChannelType::kApns, "APNS"},
    {ChannelType::kApnsSandbox, "APNS_SANDBOX"}, {ChannelType::kApnsVoip, "APNS_VOIP"},
    {ChannelType::kApnsVoipSandbox, "APNS_VOIP_SANDBOX"}, {ChannelType::kAdm, "ADM"}, {ChannelType::kSms, "SMS"},
    {ChannelType::kVoice, "VOICE"}, {ChannelType::kEmail, "EMAIL"}, {ChannelType::kBaidu, "BAIDU"},
    {ChannelType::kCustom, "CUSTOM"}, {ChannelType::kInApp, "IN_APP"},
}};
constexpr std::array<std::pair<EndpointStatus, std::string_view>, 2> kStatuses{{
    {EndpointStatus::kActive, "ACTIVE"}, {EndpointStatus::kInactive, "INACTIVE"}}};
constexpr std::array<std::pair<OptOut, std::string_view>, 2> kOptOuts{{{OptOut::kNone, "NONE"}, {OptOut::kAll, "ALL"}}};
constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 7> kDeliveryStatuses{{
    {DeliveryStatus::kSuccessful, "SUCCESSFUL"}, {DeliveryStatus::kThrottled, "THROTTLED"},
    {DeliveryStatus::kTemporaryFailure, "TEMPORARY_FAILURE"}, {DeliveryStatus::kPermanentFailure, "PERMANENT_FAILURE"},
    {DeliveryStatus::kUnknownFailure, "UNKNOWN_FAILURE"}, {DeliveryStatus::kOptOut, "OPT_OUT"},
    {DeliveryStatus::kDuplicate, "DUPLICATE"}}};
}  // namespace

std::string_view to_string(ChannelType type) noexcept { return name_of(kChannelTypes, type); }
std::optional<ChannelType> parse_channel_type(std::string_view text) noexcept { return lookup(kChannelTypes, text); }
std::string_view to_string(EndpointStatus status) noexcept { return name_of(kStatuses, status); }
std::optional<EndpointStatus> parse_endpoint_status(std::string_view text) noexcept { return lookup(kStatuses, text); }
std::string_view to_string(OptOut opt_out) noexcept { return name_of(kOptOuts, opt_out); }
std::optional<OptOut> parse_opt_out(std::string_view text) noexcept { return lookup(kOptOuts, text); }
std::string_view to_string(DeliveryStatus status) noexcept { return name_of(kDeliveryStatuses, status); }
std::optional<DeliveryStatus> parse_delivery_status(std::string_view text) noexcept {
  return lookup(kDeliveryStatuses, text);
}

}  // namespace v1
}  // namespace herald::sdk
