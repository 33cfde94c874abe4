#include <gtest/gtest.h>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "store/campaign_run_repository.hpp"
#include "store/event_repository.hpp"
#include "store/transaction.hpp"
#include "store/ids.hpp"
#include "store/message_repository.hpp"
#include "store/store_endpoint_updates.hpp"
#include "store/endpoint_repository.hpp"
#include "store_test_support.hpp"

namespace herald::store {
namespace {
using testing::StoreTest;

class EventMessageTest : public StoreTest {};
HERALD_STORE_BACKENDS(EventMessageTest);

sdk::Event event(std::string id, std::string type, long long ts, std::string client) {
  sdk::Event e;
  e.id = std::move(id);
  e.project_id = "p";
  e.event_type = std::move(type);
  e.timestamp = from_ms(ts);
  e.arrival = from_ms(ts + 5);
  e.client_id = std::move(client);
  e.attributes = {{"campaign_id", "c1"}};
  return e;
}

TEST_P(EventMessageTest, AppendsEventsOnceAndQueriesByTypeAndTime) {
  EventRepository events(db());
  std::vector<sdk::Event> batch{event("1", "_email.send", 1000, "e1"), event("2", "_email.open", 2000, "e1"),
                                event("3", "_email.send", 3000, "e2")};
  EXPECT_EQ(events.append(batch), 3u);
  EXPECT_EQ(events.append(batch), 0u);  // redelivered batch
  EXPECT_EQ(events.count("p"), 3u);
  EXPECT_EQ(events.count("p", "_email.send"), 2u);
  EventQuery q;
  q.event_type = "_email.send";
  q.from = from_ms(2000);
  auto found = events.query("p", q);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "3");
  EXPECT_EQ(found[0].client_id, "e2");
  EXPECT_EQ(found[0].arrival, from_ms(3005));
  EXPECT_NE(found[0].record_json.find("\"event_type\":\"_email.send\""), std::string::npos) << found[0].record_json;
  EventQuery by_client;
  by_client.client_id = "e1";
  EXPECT_EQ(events.query("p", by_client).size(), 2u);
}

TEST_P(EventMessageTest, TargetedOnceAndResultsRecorded) {
  MessageRepository messages(db());
  std::vector<TargetedMessage> batch;
  for (int i = 0; i < 3; ++i)
    batch.push_back({fmt::format("m{}", i), "p", fmt::format("e{}", i), sdk::ChannelType::kEmail,
                     fmt::format("e{}@example.com", i)});
  EXPECT_EQ(messages.record_targeted("run1", batch, from_ms(10)), (std::vector<bool>{true, true, true}));
  // A resumed run re-targets e1 and e2 with new message ids and one new endpoint: only e3 is new.
  std::vector<TargetedMessage> resumed{{"m1b", "p", "e1", sdk::ChannelType::kEmail, "x"},
                                       {"m3", "p", "e3", sdk::ChannelType::kEmail, "e3@example.com"},
                                       {"m0", "p", "e9", sdk::ChannelType::kEmail, "dup id"}};
  EXPECT_EQ(messages.record_targeted("run1", resumed, from_ms(20)), (std::vector<bool>{false, true, false}));
  // Another run may target the same endpoint.
  EXPECT_EQ(messages.record_targeted("run2", std::vector<TargetedMessage>{{"n1", "p", "e1", sdk::ChannelType::kSms, "+15550001111"}}, from_ms(30)),
            std::vector<bool>{true});

  sdk::DeliveryResult ok{sdk::DeliveryStatus::kSuccessful, 250, "OK", "<abc@mail>"};
  sdk::DeliveryResult bad{sdk::DeliveryStatus::kPermanentFailure, 550, "no such user", ""};
  std::vector<MessageOutcome> outcomes{{"m0", ok}, {"m1", bad}, {"unknown", ok}};
  EXPECT_EQ(messages.record_results(outcomes, from_ms(40)), 2u);
  auto m0 = messages.get("m0");
  ASSERT_TRUE(m0);
  EXPECT_EQ(m0->state, MessageState::kSent);
  EXPECT_EQ(m0->delivery_status, sdk::DeliveryStatus::kSuccessful);
  EXPECT_EQ(m0->status_code, 250);
  EXPECT_EQ(m0->provider_message_id, "<abc@mail>");
  EXPECT_EQ(m0->targeted_at, from_ms(10));
  EXPECT_EQ(m0->updated_at, from_ms(40));
  EXPECT_EQ(messages.count_by_state("run1"), (std::map<std::string, std::size_t>{{"SENT", 2}, {"TARGETED", 2}}));
  EXPECT_EQ(messages.count_by_delivery_status("run1"),
            (std::map<std::string, std::size_t>{{"PERMANENT_FAILURE", 1}, {"SUCCESSFUL", 1}}));
  auto unsent = messages.unsent("run1");
  ASSERT_EQ(unsent.size(), 2u);
  EXPECT_EQ(unsent[0].endpoint_id, "e2");
  EXPECT_EQ(unsent[1].endpoint_id, "e3");
}

class FixedClock : public sdk::Clock {
public:
  sdk::Instant now() const override { return from_ms(99); }
};

TEST_P(EventMessageTest, EndpointUpdatesChangeEndpointsAndMessages) {
  EndpointRepository endpoints(db());
  sdk::Endpoint a;
  a.id = "a";
  a.channel_type = sdk::ChannelType::kSms;
  a.address = "+15550001111";
  sdk::Endpoint b = a;
  b.id = "b";
  sdk::Endpoint c = a;
  c.id = "c";
  c.address = "+15550002222";
  endpoints.upsert_batch("p", std::vector<sdk::Endpoint>{a, b, c}, from_ms(1));
  FixedClock clock;
  StoreEndpointUpdates updates(db(), clock);
  EXPECT_EQ(updates.opt_out_address("p", "+15550001111"), 2u);
  EXPECT_EQ(endpoints.get("p", "a")->opt_out, sdk::OptOut::kAll);
  EXPECT_EQ(endpoints.get("p", "c")->opt_out, sdk::OptOut::kNone);
  updates.mark_inactive("p", "c");
  EXPECT_EQ(endpoints.get("p", "c")->endpoint_status, sdk::EndpointStatus::kInactive);
  updates.opt_out("p", "c");
  EXPECT_EQ(endpoints.get("p", "c")->opt_out, sdk::OptOut::kAll);
  EXPECT_THROW(updates.opt_out("p", "nope"), sdk::Error);
  EXPECT_THROW(updates.mark_inactive("other", "a"), sdk::Error);

  MessageRepository messages(db());
  messages.record_targeted("r", std::vector<TargetedMessage>{{"m", "p", "a", sdk::ChannelType::kSms, "+15550001111"}},
                           from_ms(5));
  updates.record_delivery("m", {sdk::DeliveryStatus::kSuccessful, 1, "delivered", "smsc-1"});
  EXPECT_EQ(messages.get("m")->provider_message_id, "smsc-1");
  EXPECT_EQ(messages.get("m")->updated_at, from_ms(99));
  try {
    updates.record_delivery("ghost", {});
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_NE(std::string(e.what()).find("message 'ghost' not found"), std::string::npos);
  }
}

TEST_P(EventMessageTest, FirstResultsMoveOnlyTargetedMessagesCountWhatChangedAndCommitWithTheirEvents) {
  MessageRepository messages(db());
  CampaignRunRepository runs(db());
  EventRepository events(db());
  CampaignRun run;
  run.id = "run1", run.project_id = "p", run.campaign_id = "c1";
  ASSERT_TRUE(runs.create(run));
  std::vector<TargetedMessage> batch;
  for (int i = 0; i < 4; ++i)
    batch.push_back({new_uuid_v7(), "p", fmt::format("e{}", i), sdk::ChannelType::kEmail, "a@example.com"});
  EXPECT_EQ(messages.record_targeted("run1", batch, from_ms(10)), std::vector<bool>(4, true));
  EXPECT_EQ(runs.get("run1")->targeted, 4);
  // Another worker settled e3 first (a takeover): its late result changes nothing and counts nothing.
  const sdk::DeliveryResult unknown{sdk::DeliveryStatus::kUnknownFailure, 0, "interrupted", ""};
  EXPECT_EQ(messages.record_results(std::vector<MessageOutcome>{{batch[3].id, unknown}}, from_ms(15), "run1"), 1u);
  const sdk::DeliveryResult ok{sdk::DeliveryStatus::kSuccessful, 250, "OK", ""};
  const sdk::DeliveryResult bad{sdk::DeliveryStatus::kPermanentFailure, 550, "no", ""};
  std::vector<MessageOutcome> outcomes{{batch[0].id, ok}, {batch[1].id, bad}, {batch[2].id, ok}, {batch[3].id, ok}};
  std::vector<sdk::Event> sent{event("ev1", "_campaign.send", 20, "e0"), event("ev2", "_campaign.send", 20, "e1")};
  std::vector<bool> seen_changed;
  EXPECT_EQ(messages.record_results(outcomes, from_ms(20), "run1",
                                    [&](SessionLease& lease, const std::vector<bool>& changed) {
                                      seen_changed = changed;
                                      EXPECT_EQ(events.append(lease, sent), 2u);
                                    }),
            3u);
  // The hook learns which outcomes this call recorded (e3 was settled by the other worker).
  EXPECT_EQ(seen_changed, (std::vector<bool>{true, true, true, false}));
  const auto counted = runs.get("run1");
  EXPECT_EQ(counted->delivered, 2);
  EXPECT_EQ(counted->failed, 2);  // e1 now, e3 when it was settled
  EXPECT_EQ(messages.get(batch[3].id)->delivery_status, sdk::DeliveryStatus::kUnknownFailure);
  EXPECT_EQ(events.count("p", "_campaign.send"), 2u);

  // A failure inside the transaction rolls back the results, the counts and the events together.
  std::vector<TargetedMessage> more{{new_uuid_v7(), "p", "e9", sdk::ChannelType::kEmail, "b@example.com"}};
  EXPECT_EQ(messages.record_targeted("run1", more, from_ms(30)), std::vector<bool>{true});
  std::vector<sdk::Event> late{event("ev3", "_campaign.send", 40, "e9")};
  EXPECT_THROW(messages.record_results(std::vector<MessageOutcome>{{more[0].id, ok}}, from_ms(40), "run1",
                                       [&](SessionLease& lease, const std::vector<bool>&) {
                                         events.append(lease, late);
                                         throw sdk::Error("test", "sink of the transaction failed");
                                       }),
               sdk::Error);
  EXPECT_EQ(messages.get(more[0].id)->state, MessageState::kTargeted);
  EXPECT_EQ(runs.get("run1")->delivered, 2);
  EXPECT_EQ(events.count("p", "_campaign.send"), 2u);
  // Recorded again, every outcome changes its message (the one-statement path).
  EXPECT_EQ(messages.record_results(std::vector<MessageOutcome>{{more[0].id, ok}}, from_ms(50), "run1",
                                    [&](SessionLease& lease, const std::vector<bool>& changed) {
                                      seen_changed = changed;
                                      events.append(lease, late);
                                    }),
            1u);
  EXPECT_EQ(seen_changed, std::vector<bool>{true});
  EXPECT_EQ(runs.get("run1")->delivered, 3);
  EXPECT_EQ(events.count("p", "_campaign.send"), 3u);
}

TEST(MessageIds, UuidV7IsWellFormedAndIncreasesWithinAThread) {
  std::string last;
  for (int i = 0; i < 20000; ++i) {
    const std::string id = new_uuid_v7();
    ASSERT_EQ(id.size(), 36u);
    ASSERT_EQ(id[14], '7') << id;  // version
    ASSERT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;  // variant 10
    ASSERT_LT(last, id);
    last = id;
  }
}

}  // namespace
}  // namespace herald::store
