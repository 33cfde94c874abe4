// The campaign engine on a real SQLite store, with the channel mocked (the real channels are proven
// against real peers in tests/integration and tests/e2e).
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>
#include <set>

#include "campaigns/campaign_service.hpp"
#include "herald/sdk/testing/mocks.hpp"
#include "kernel_test_support.hpp"
#include "store/work_item_repository.hpp"

using namespace herald;
using herald::sdk::testing::MockChannel;
using herald::sdk::testing::MockLogger;
using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

namespace {

struct KillSwitch {};  // not a std::exception: models the process dying mid-send

class CampaignFixture : public ::testing::Test {
protected:
  void SetUp() override {
    std::vector<sdk::Endpoint> list;
    for (int i = 1; i <= 60; ++i) {
      auto e = testsupport::email_endpoint(std::to_string(i), {{"Plan", {i % 2 == 0 ? "B" : "A"}},
                                                                {"Days", {std::to_string(100 + i)}}});
      if (i == 2) e.opt_out = sdk::OptOut::kAll;
      if (i == 4) e.endpoint_status = sdk::EndpointStatus::kInactive;
      if (i == 6) {
        e.channel_type = sdk::ChannelType::kSms;
        e.address = "+15555550106";
      }
      list.push_back(e);
    }
    ASSERT_EQ(endpoints.upsert_batch("p1", list, testsupport::t0()).size(), 60u);
    definitions.upsert("p1", store::DefinitionKind::kSegment, "plan-b",
                       {{"Name", "plan-b"},
                        {"Dimensions",
                         {{"Attributes", {{"Plan", {{"AttributeType", "INCLUSIVE"}, {"Values", {"B"}}}}}}}}},
                       testsupport::t0());
    definitions.upsert("", store::DefinitionKind::kTemplate, "offer",
                       {{"Subject", "Hi {{Address}}"},
                        {"HtmlPart", "<p>{{Attributes.Days}} days &amp; {{Attributes.Plan}}</p>"},
                        {"TextPart", "{{Attributes.Days}} days"}},
                       testsupport::t0());
    ON_CALL(channel, max_batch_size()).WillByDefault(Return(5));
    ON_CALL(channel, channel_types()).WillByDefault(Return(std::vector<sdk::ChannelType>{sdk::ChannelType::kEmail}));
  }

  void define_campaign(const std::string& template_name = "offer") {
    definitions.upsert("p1", store::DefinitionKind::kCampaign, "promo",
                       {{"Name", "promo"},
                        {"SegmentId", "plan-b"},
                        {"TemplateConfiguration", {{"EmailTemplate", {{"Name", template_name}}}}},
                        {"Schedule", {{"StartTime", "IMMEDIATE"}}}},
                       testsupport::t0());
  }

  std::string schedule_one() {
    const auto scheduled = service.schedule_all("p1");
    EXPECT_EQ(scheduled.size(), 1u);
    return scheduled.empty() ? std::string() : scheduled[0];
  }

  testsupport::TempStore store;
  store::EndpointRepository endpoints{*store.database};
  store::MessageRepository messages{*store.database};
  store::DefinitionRepository definitions{*store.database};
  store::CampaignRunRepository runs{*store.database};
  store::WorkItemRepository work{*store.database};
  store::EventRepository event_repository{*store.database};
  ManualClock clock{testsupport::t0()};
  NiceMock<MockLogger> log;
  events::EventService events{event_repository, clock, log};
  NiceMock<MockChannel> channel;
  campaigns::CampaignService service{campaigns::CampaignServices{
      *store.database, endpoints, messages, definitions, runs, work, events, clock, log,
      [this](const std::string&, sdk::ChannelType) {
        return std::optional<campaigns::ChannelBinding>(
            campaigns::ChannelBinding{&channel, "mock", "channel/mock", "Shop <shop@example.com>"});
      },
      {}}};
};

std::vector<sdk::DeliveryResult> all_successful(std::span<const sdk::Message> batch) {
  return std::vector<sdk::DeliveryResult>(batch.size(), {sdk::DeliveryStatus::kSuccessful, 250, "ok", "id"});
}

}  // namespace

TEST_F(CampaignFixture, SendsOnePersonalizedEmailToEachDeliverableSegmentMember) {
  define_campaign();
  std::map<std::string, sdk::Message> sent;
  EXPECT_CALL(channel, send(_)).WillRepeatedly([&](std::span<const sdk::Message> batch) {
    for (const auto& m : batch) EXPECT_TRUE(sent.emplace(m.endpoint_id, m).second) << "sent twice: " << m.endpoint_id;
    return all_successful(batch);
  });
  const auto run_id = schedule_one();
  service.execute(run_id);

  // Plan B = even ids; 2 is opted out, 4 inactive, 6 is an SMS endpoint: 27 remain.
  EXPECT_EQ(sent.size(), 27u);
  for (const char* excluded : {"1", "2", "4", "6"}) EXPECT_FALSE(sent.count(excluded)) << excluded;
  const auto& m = sent.at("10");
  EXPECT_EQ(m.address, "user10@example.com");
  EXPECT_EQ(m.from, "Shop <shop@example.com>");
  EXPECT_EQ(m.subject, "Hi user10@example.com");
  EXPECT_EQ(m.html_body, "<p>110 days &amp; B</p>");
  EXPECT_EQ(m.text_body, "110 days");
  const auto run = runs.get(run_id);
  EXPECT_EQ(run->state, store::CampaignRunState::kCompleted);
  EXPECT_EQ(run->targeted, 27);
  EXPECT_EQ(run->delivered, 27);
  EXPECT_EQ(event_repository.count("p1", "_campaign.send"), 27u);
  EXPECT_EQ(event_repository.count("p1", "_email.send"), 27u);
  EXPECT_EQ(service.summary(*run).segment_size, 27u);
  // A ONCE campaign is never scheduled twice, not even after an edit (a new version).
  EXPECT_TRUE(service.schedule_all("p1").empty());
  definitions.upsert("p1", store::DefinitionKind::kCampaign, "promo",
                     {{"Name", "promo"},
                      {"Description", "edited"},
                      {"SegmentId", "plan-b"},
                      {"TemplateConfiguration", {{"EmailTemplate", {{"Name", "offer"}}}}},
                      {"Schedule", {{"StartTime", "IMMEDIATE"}}}},
                     testsupport::t0());
  EXPECT_TRUE(service.schedule_all("p1").empty());
}

TEST_F(CampaignFixture, FailedDeliveriesAreRecordedAndCounted) {
  define_campaign();
  EXPECT_CALL(channel, send(_)).WillRepeatedly([](std::span<const sdk::Message> batch) {
    std::vector<sdk::DeliveryResult> results;
    for (const auto& m : batch)
      results.push_back(m.endpoint_id == "8" ? sdk::DeliveryResult{sdk::DeliveryStatus::kPermanentFailure, 550, "no such user", ""}
                                             : sdk::DeliveryResult{sdk::DeliveryStatus::kSuccessful, 250, "ok", ""});
    return results;
  });
  const auto run_id = schedule_one();
  service.execute(run_id);
  const auto run = runs.get(run_id);
  EXPECT_EQ(run->delivered, 26);
  EXPECT_EQ(run->failed, 1);
  EXPECT_EQ(messages.count_by_delivery_status(run_id).at("PERMANENT_FAILURE"), 1u);
  EXPECT_EQ(event_repository.count("p1", "_email.send"), 26u);
}

TEST_F(CampaignFixture, AKillMidRunNeitherLosesNorResendsBeyondTheInFlightBatch) {
  define_campaign();
  std::multiset<std::string> sent;
  int calls = 0;
  EXPECT_CALL(channel, send(_)).WillRepeatedly([&](std::span<const sdk::Message> batch) {
    if (++calls == 3) throw KillSwitch{};  // dies while the third batch of 5 is in flight
    for (const auto& m : batch) sent.insert(m.endpoint_id);
    return all_successful(batch);
  });
  const auto run_id = schedule_one();
  EXPECT_THROW(service.execute(run_id), KillSwitch);
  EXPECT_EQ(sent.size(), 10u);
  EXPECT_EQ(runs.get(run_id)->state, store::CampaignRunState::kExecuting);

  service.execute(run_id);  // resumed (the scheduler re-claims the work item after its lease expires)
  for (const auto& id : sent) EXPECT_EQ(sent.count(id), 1u) << "sent twice: " << id;
  // 27 members: 10 before the kill, 5 lost in flight (targeted, never re-sent), 12 after.
  EXPECT_EQ(sent.size(), 22u);
  // The in-flight batch is settled as UNKNOWN_FAILURE: no record lost, counts add up.
  EXPECT_TRUE(messages.unsent(run_id).empty());
  EXPECT_EQ(messages.count_by_delivery_status(run_id).at("UNKNOWN_FAILURE"), 5u);
  const auto run = runs.get(run_id);
  EXPECT_EQ(run->state, store::CampaignRunState::kCompleted);
  EXPECT_EQ(run->delivered, 22);
  EXPECT_EQ(run->failed, 5);
  EXPECT_EQ(run->targeted, 27) << "the lost batch was targeted: it counts against limits";
}

TEST_F(CampaignFixture, AMissingTemplateFailsTheRunWithAClearReason) {
  define_campaign("no-such-template");
  EXPECT_CALL(channel, send(_)).Times(0);
  const auto run_id = schedule_one();
  service.execute(run_id);
  const auto run = runs.get(run_id);
  EXPECT_EQ(run->state, store::CampaignRunState::kFailed);
  EXPECT_THAT(service.summary(*run).error, ::testing::HasSubstr("no email template 'no-such-template'"));
}
