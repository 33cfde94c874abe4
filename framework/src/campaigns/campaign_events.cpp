#include "campaigns/campaign_events.hpp"

#include "herald/sdk/json_text.hpp"


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
  // Written in nlohmann::json's canonical form (keys sorted, compact), which the stream record keeps as is.
  const std::string& message_id = result.provider_message_id.empty() ? message.id : result.provider_message_id;
  std::string& f = email.facets_json;
  f.reserve(256 + message.from.size() * 2 + message.address.size() * 2 + message.subject.size());
  f += R"({"email_channel":{"mail_event":{"mail":{"common_headers":{"from":)";
  sdk::append_json_string(f, message.from);
  f += R"(,"subject":)";
  sdk::append_json_string(f, message.subject);
  f += R"(,"to":[)";
  sdk::append_json_string(f, message.address);
  f += R"(]},"destination":[)";
  sdk::append_json_string(f, message.address);
  f += R"(],"from_address":)";
  sdk::append_json_string(f, message.from);
  f += R"(,"headers_truncated":false,"message_id":)";
  sdk::append_json_string(f, message_id);
  f += R"(,"message_send_timestamp":)";
  f += std::to_string(now.time_since_epoch().count());
  f += R"(},"send":{}}}})";
  out.push_back(std::move(email));
}

}  // namespace herald::campaigns
