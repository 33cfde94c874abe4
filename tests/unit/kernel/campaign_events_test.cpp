// The send events of a campaign message: Pinpoint's _campaign.send and _email.send shapes, with facets
// written directly as text that must equal nlohmann::json's canonical form (the stream record keeps it).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "campaigns/campaign_events.hpp"

namespace herald::campaigns {
namespace {

sdk::Message tricky_message() {
  sdk::Message m;
  m.id = "0193f2a4-7b1c-7000-8000-000000000001";
  m.project_id = "p1";
  m.channel_type = sdk::ChannelType::kEmail;
  m.endpoint_id = "e\"1";
  m.address = "o'neil+\"quoted\"@example.com";
  m.from = "Caf\xC3\xA9 <news@example.com>";
  m.subject = "Hi \\ there\t\x01 \xFF end";  // backslash, tab, control character, invalid UTF-8
  m.context = {{"campaign_id", "c1"}, {"campaign_activity_id", "run1"}, {"treatment_id", "0"}};
  return m;
}

TEST(CampaignEvents, EmailFacetsAreCanonicalJsonWithPinpointsMailShape) {
  const auto message = tricky_message();
  std::vector<sdk::Event> events;
  const sdk::Instant now{std::chrono::milliseconds(1'700'000'000'123)};
  append_send_events(events, message, {sdk::DeliveryStatus::kSuccessful, 250, "ok", "provider-1"}, "{}", now);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event_type, "_campaign.send");
  EXPECT_EQ(events[0].attributes.at("campaign_send_status"), "SUCCESS");
  EXPECT_EQ(events[1].event_type, "_email.send");
  const auto facets = nlohmann::json::parse(events[1].facets_json);
  // Byte-identical to what nlohmann would write for the same object (sorted keys, compact, U+FFFD).
  EXPECT_EQ(events[1].facets_json, facets.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  const auto& mail = facets.at("email_channel").at("mail_event").at("mail");
  EXPECT_EQ(mail.at("message_id"), "provider-1");
  EXPECT_EQ(mail.at("message_send_timestamp"), 1'700'000'000'123LL);
  EXPECT_EQ(mail.at("from_address"), message.from);
  EXPECT_EQ(mail.at("destination"), nlohmann::json::array({message.address}));
  EXPECT_EQ(mail.at("headers_truncated"), false);
  EXPECT_EQ(mail.at("common_headers").at("to"), nlohmann::json::array({message.address}));
  EXPECT_EQ(mail.at("common_headers").at("subject"), "Hi \\ there\t\x01 \xEF\xBF\xBD end");
  EXPECT_TRUE(facets.at("email_channel").at("mail_event").at("send").empty());
}

TEST(CampaignEvents, AFailedSendHasOnlyTheCampaignEventWithItsStatus) {
  std::vector<sdk::Event> events;
  append_send_events(events, tricky_message(), {sdk::DeliveryStatus::kPermanentFailure, 550, "no", ""}, "{}",
                     sdk::Instant{});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].attributes.at("campaign_send_status"), "PERMANENT_FAILURE");
}

}  // namespace
}  // namespace herald::campaigns
