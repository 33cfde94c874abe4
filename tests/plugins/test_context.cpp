#include "test_context.hpp"

#include "herald/sdk/error.hpp"

namespace herald::plugin_host::testing {

void RecordingLogger::write(sdk::LogLevel, std::string_view message) noexcept {
  try {
    lines.emplace_back(message);
  } catch (const std::bad_alloc&) {  // a test logger out of memory: the line is lost, the test fails elsewhere
  }
}

std::optional<std::string> MapState::get(const std::string& key) {
  const auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

TestContext::TestContext(std::string instance_id, std::filesystem::path data_dir)
    : instance_id_(std::move(instance_id)), data_dir_(std::move(data_dir)) {}

sdk::EndpointUpdates& TestContext::endpoint_updates() {
  throw sdk::Error("TestContext", "endpoint updates are not available in loader tests");
}
sdk::EventEmitter& TestContext::events() {
  throw sdk::Error("TestContext", "events are not available in loader tests");
}
sdk::WorkLeases& TestContext::leases() {
  throw sdk::Error("TestContext", "work leases are not available in loader tests");
}

}  // namespace herald::plugin_host::testing
