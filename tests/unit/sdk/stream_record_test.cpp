#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "herald/sdk/event.hpp"

using namespace herald::sdk;

TEST(StreamRecord, HasPinpointShape) {
  Event event;
  event.id = "e1";
  event.project_id = "shop";
  event.event_type = "_campaign.send";
  event.timestamp = Instant{std::chrono::milliseconds{1562109497426}};
  event.arrival = Instant{std::chrono::milliseconds{1562109497494}};
  event.client_id = "42";
  event.attributes = {{"campaign_id", "c1"}, {"treatment_id", "0"}};
  event.endpoint_json = R"({"ChannelType":"EMAIL"})";
  const auto record = nlohmann::json::parse(to_stream_record_json(event));
  EXPECT_EQ(record["event_type"], "_campaign.send");
  EXPECT_EQ(record["event_timestamp"], 1562109497426);
  EXPECT_EQ(record["arrival_timestamp"], 1562109497494);
  EXPECT_EQ(record["application"]["app_id"], "shop");
  EXPECT_EQ(record["client"]["client_id"], "42");
  EXPECT_EQ(record["attributes"]["treatment_id"], "0");
  EXPECT_TRUE(record["client_context"]["custom"]["endpoint"].is_string());
}
