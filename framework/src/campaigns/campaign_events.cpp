#include "campaigns/campaign_events.hpp"

#include <nlohmann/json.hpp>


namespace herald::campaigns {
namespace {
std::string context_value(const sdk::Message& message, const std::string& key) {
  const auto it = message.context.find(key);
  return it == message.context.end() ? std::string() : it->second;
}
}  // namespace

void append_send_events(std::vector<sdk::Event>& out, const sdk::Message& message, const sdk::DeliveryResult& result,
                        const std::string& endpoint_json, sdk::Instant now) {
  const bool success = result.status == sdk::DeliveryStatus::kSuccessful;
  sdk::Event campaign;
  campaign.id = message.id + ":_campaign.send";
  campaign.project_id = message.project_id;
  campaign.event_type = "_campaign.send";
  campaign.timestamp = now;
  campaign.client_id = message.endpoint_id;
  for (const char* key : {"campaign_id", "campaign_activity_id", "treatment_id"})
    campaign.attributes[key] = context_value(message, key);
  campaign.attributes["delivery_type"] = std::string(sdk::to_string(message.channel_type));
  campaign.attributes["campaign_send_status"] = success ? "SUCCESS" : std::string(sdk::to_string(result.status));
  campaign.endpoint_json = endpoint_json;
  out.push_back(std::move(campaign));
  if (!success || message.channel_type != sdk::ChannelType::kEmail) return;

  sdk::Event email;
  email.id = message.id + ":_email.send";
  email.project_id = message.project_id;
  email.event_type = "_email.send";
  email.timestamp = now;
  email.client_id = message.endpoint_id;
  for (const char* key : {"campaign_id", "campaign_activity_id", "treatment_id"})
    email.attributes[key] = context_value(message, key);
  email.attributes["feedback"] = "received";
  const nlohmann::json mail = {
      {"message_id", result.provider_message_id.empty() ? message.id : result.provider_message_id},
      {"message_send_timestamp", now.time_since_epoch().count()},
      {"from_address", message.from},
      {"destination", {message.address}},
      {"headers_truncated", false},
      {"common_headers", {{"from", message.from}, {"to", {message.address}}, {"subject", message.subject}}}};
  email.facets_json =
      nlohmann::json{{"email_channel", {{"mail_event", {{"mail", mail}, {"send", nlohmann::json::object()}}}}}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.push_back(std::move(email));
}

}  // namespace herald::campaigns
