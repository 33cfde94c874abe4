#include <gmock/gmock.h>

#include "events/event_service.hpp"
#include "herald/sdk/testing/mocks.hpp"
#include "kernel_test_support.hpp"

using namespace herald;
using herald::sdk::testing::MockAnalyticsSink;
using herald::sdk::testing::MockLogger;
using ::testing::_;
using ::testing::NiceMock;

TEST(EventService, StoresFirstThenDeliversToEverySinkAndSurvivesASinkFailure) {
  testsupport::TempStore store;
  store::EventRepository repository(*store.database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  events::EventService service(repository, clock, log);
  MockAnalyticsSink failing, healthy;
  service.add_sink("failing", failing);
  service.add_sink("healthy", healthy);
  sdk::Event event;
  event.id = "e1";
  event.project_id = "p1";
  event.event_type = "_campaign.send";
  event.timestamp = testsupport::t0();
  EXPECT_CALL(failing, deliver(_)).WillOnce([&](std::span<const sdk::Event> events) {
    EXPECT_EQ(repository.count("p1"), 1u) << "events are stored before any sink sees them";
    EXPECT_EQ(events[0].arrival, testsupport::t0()) << "arrival set by the kernel";
    throw std::runtime_error("stream down");
  });
  EXPECT_CALL(healthy, deliver(_)).WillOnce([](std::span<const sdk::Event> events) { EXPECT_EQ(events.size(), 1u); });
  service.emit(std::span<const sdk::Event>(&event, 1));
  EXPECT_EQ(service.sink_failures(), 1u);
  EXPECT_EQ(repository.count("p1", "_campaign.send"), 1u);
}
