#include <fmt/format.h>
#include <gmock/gmock.h>

#include "events/event_service.hpp"
#include "herald/sdk/error.hpp"
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
  EXPECT_EQ(repository.count("p1", "_campaign.send"), 1u) << "stored when emit returns";
  service.flush();  // sinks are served by the service's delivery thread: flush() waits for it
  EXPECT_EQ(service.sink_failures(), 1u);
  EXPECT_EQ(repository.count("p1", "_campaign.send"), 1u);
}

namespace {
/// A sink that records the ids it received, in order (called from the service's delivery thread).
class RecordingSink final : public sdk::AnalyticsSink {
public:
  void deliver(std::span<const sdk::Event> events) override {
    const std::lock_guard lock(mutex);
    for (const auto& e : events) ids.push_back(e.id);
  }
  void flush() override { ++flushes; }
  std::mutex mutex;
  std::vector<std::string> ids;
  int flushes = 0;
};
}  // namespace

TEST(EventService, SinksGetEveryBatchInStoreOrderAndShutdownDeliversWhatIsQueued) {
  testsupport::TempStore store;
  store::EventRepository repository(*store.database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  RecordingSink sink;
  std::vector<std::string> expected;
  {
    events::EventService service(repository, clock, log);
    service.add_sink("recording", sink);
    for (int batch = 0; batch < 20; ++batch) {  // more batches than the queue holds: emit waits for room
      std::vector<sdk::Event> events(50);
      for (int i = 0; i < 50; ++i) {
        auto& e = events[static_cast<std::size_t>(i)];
        e.id = fmt::format("b{}-{}", batch, i);
        e.project_id = "p1";
        e.event_type = "app.open";
        e.timestamp = testsupport::t0();
        expected.push_back(e.id);
      }
      service.emit(std::move(events));
    }
    EXPECT_EQ(repository.count("p1"), 1000u);
  }  // the destructor delivers what is still queued
  EXPECT_EQ(sink.ids, expected);
  EXPECT_EQ(sink.flushes, 0);
}

TEST(EventService, PluginFacetsReachSinksCanonicalAndInvalidFacetsAreRefused) {
  testsupport::TempStore store;
  store::EventRepository repository(*store.database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockAnalyticsSink sink;
  events::EventService service(repository, clock, log);
  service.add_sink("sink", sink);
  sdk::Event event;
  event.id = "e1";
  event.project_id = "p1";
  event.event_type = "_email.open";
  event.timestamp = testsupport::t0();
  event.facets_json = R"( {"z": 1, "a": {"y": [1, 2], "b": "x"}} )";
  EXPECT_CALL(sink, deliver(_)).WillOnce([](std::span<const sdk::Event> events) {
    EXPECT_EQ(events[0].facets_json, R"({"a":{"b":"x","y":[1,2]},"z":1})");
  });
  service.emit(std::span<const sdk::Event>(&event, 1));
  service.flush();
  sdk::Event broken = event;
  broken.id = "e2";
  broken.facets_json = R"({"a": )";
  EXPECT_THROW(service.emit(std::span<const sdk::Event>(&broken, 1)), sdk::Error);
  EXPECT_EQ(repository.count("p1"), 1u);
}
