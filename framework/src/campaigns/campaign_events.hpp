#pragma once
/// The engagement events a campaign send records, in Pinpoint's stream record shapes (developer guide,
/// event-streams-data-campaign.md and event-streams-data-email.md):
/// - `_campaign.send` for every message handed to the channel, attributes campaign_id,
///   campaign_activity_id (the run), treatment_id ("0" without A/B), delivery_type (channel type) and
///   campaign_send_status (SUCCESS, or the delivery status); client_context.custom.endpoint holds the
///   endpoint as a JSON-encoded string;
/// - `_email.send` for every email the channel accepted, with the email_channel.mail_event facet
///   (mail: message_id, from_address, destination, common_headers; send: {}).
#include <string>
#include <vector>

#include "herald/sdk/endpoint.hpp"
#include "herald/sdk/event.hpp"
#include "herald/sdk/message.hpp"

namespace herald::campaigns {

/// Appends the events of one sent message. Event ids derive from the message id, so re-emitting the
/// same message's events is idempotent in the store. `endpoint_json` is the endpoint as
/// sdk::endpoint_to_json(endpoint).dump() (computed once per message by the caller, which renders from it).
void append_send_events(std::vector<sdk::Event>& out, const sdk::Message& message, const sdk::DeliveryResult& result,
                        const std::string& endpoint_json, sdk::Instant now);

}  // namespace herald::campaigns
