#pragma once
/// GoogleMock mocks of every SDK interface, for unit tests of the kernel and of plugins. They stand in
/// for a collaborator in a unit test only; a capability is proven against real peers (tests/integration).
/// Link Herald::sdk_testing (which brings GTest::gmock).
#include <gmock/gmock.h>

#include "herald/sdk/analytics_sink.hpp"
#include "herald/sdk/channel.hpp"
#include "herald/sdk/context.hpp"
#include "herald/sdk/plugin.hpp"
#include "herald/sdk/scheduler.hpp"
#include "herald/sdk/segment_source.hpp"
#include "herald/sdk/services.hpp"

namespace herald::sdk::testing {

class MockChannel : public Channel {
public:
  MOCK_METHOD(std::vector<ChannelType>, channel_types, (), (const, override));
  MOCK_METHOD(std::vector<DeliveryResult>, send, (std::span<const Message> messages), (override));
  MOCK_METHOD(std::size_t, max_batch_size, (), (const, override));
  MOCK_METHOD(void, flush, (), (override));
};

class MockRecordReader : public RecordReader {
public:
  MOCK_METHOD(bool, next, (SourceItem & item), (override));
};

class MockSegmentSource : public SegmentSource {
public:
  MOCK_METHOD(std::unique_ptr<RecordReader>, open, (), (override));
  MOCK_METHOD(std::string, describe, (), (const, override));
};

class MockScheduler : public Scheduler {
public:
  MOCK_METHOD(std::size_t, poll, (WorkDispatcher & dispatcher, Instant now), (override));
  MOCK_METHOD(std::optional<Instant>, next_wake, (), (override));
};

class MockAnalyticsSink : public AnalyticsSink {
public:
  MOCK_METHOD(void, deliver, (std::span<const Event> events), (override));
  MOCK_METHOD(void, flush, (), (override));
};

class MockClock : public Clock {
public:
  MOCK_METHOD(Instant, now, (), (const, override));
};

class MockLogger : public Logger {
public:
  MOCK_METHOD(bool, enabled, (LogLevel level), (const, noexcept, override));
  MOCK_METHOD(void, write, (LogLevel level, std::string_view message), (noexcept, override));
};

class MockEndpointUpdates : public EndpointUpdates {
public:
  MOCK_METHOD(void, opt_out, (const std::string& project_id, const std::string& endpoint_id), (override));
  MOCK_METHOD(std::size_t, opt_out_address, (const std::string& project_id, const std::string& address), (override));
  MOCK_METHOD(void, mark_inactive, (const std::string& project_id, const std::string& endpoint_id), (override));
  MOCK_METHOD(void, record_delivery, (const std::string& message_id, const DeliveryResult& result), (override));
};

class MockEventEmitter : public EventEmitter {
public:
  MOCK_METHOD(void, emit, (std::span<const Event> events), (override));
};

class MockPluginState : public PluginState {
public:
  MOCK_METHOD(std::optional<std::string>, get, (const std::string& key), (override));
  MOCK_METHOD(void, put, (const std::string& key, const std::string& value), (override));
  MOCK_METHOD(bool, erase, (const std::string& key), (override));
};

class MockWorkLeases : public WorkLeases {
public:
  MOCK_METHOD(std::vector<WorkItem>, claim_due,
              (const std::string& owner, Instant now, std::size_t limit, std::chrono::seconds lease), (override));
  MOCK_METHOD(bool, renew, (const WorkItem& item, const std::string& owner, Instant now, std::chrono::seconds lease),
              (override));
  MOCK_METHOD(bool, complete, (const WorkItem& item, const std::string& owner), (override));
  MOCK_METHOD(bool, retry,
              (const WorkItem& item, const std::string& owner, Instant retry_at, const std::string& reason), (override));
  MOCK_METHOD(std::optional<Instant>, next_due, (), (override));
};

class MockWorkDispatcher : public WorkDispatcher {
public:
  MOCK_METHOD(void, run, (const WorkItem& item), (override));
};

class MockRegistrar : public Registrar {
public:
  MOCK_METHOD(void, add_channel, (ChannelFactory factory), (override));
  MOCK_METHOD(void, add_segment_source, (SegmentSourceFactory factory), (override));
  MOCK_METHOD(void, add_scheduler, (SchedulerFactory factory), (override));
  MOCK_METHOD(void, add_analytics_sink, (AnalyticsSinkFactory factory), (override));
};

/// A Context whose services are mocks (NiceMock: uninteresting calls allowed), with a fixed instance id
/// and data folder. Expectations are set on the public members.
class MockContext : public Context {
public:
  explicit MockContext(std::string instance_id = "test", std::filesystem::path data_dir = ".")
      : instance_id_(std::move(instance_id)), data_dir_(std::move(data_dir)) {
    ON_CALL(logger_, enabled(::testing::_)).WillByDefault(::testing::Return(true));
  }
  const std::string& instance_id() const noexcept override { return instance_id_; }
  Logger& logger() noexcept override { return logger_; }
  const Clock& clock() const noexcept override { return clock_; }
  const std::filesystem::path& data_dir() const noexcept override { return data_dir_; }
  EndpointUpdates& endpoint_updates() override { return endpoint_updates_; }
  EventEmitter& events() override { return events_; }
  PluginState& state() override { return state_; }
  WorkLeases& leases() override { return leases_; }

  ::testing::NiceMock<MockLogger> logger_;
  ::testing::NiceMock<MockClock> clock_;
  ::testing::NiceMock<MockEndpointUpdates> endpoint_updates_;
  ::testing::NiceMock<MockEventEmitter> events_;
  ::testing::NiceMock<MockPluginState> state_;
  ::testing::NiceMock<MockWorkLeases> leases_;

private:
  std::string instance_id_;
  std::filesystem::path data_dir_;
};

}  // namespace herald::sdk::testing
