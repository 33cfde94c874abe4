#pragma once
/// A small Context for the loader tests (the kernel's real one lives in the kernel): an in-memory
/// PluginState, a logger that keeps its lines, a fixed clock. The other services throw, since no loader
/// fixture uses them.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "herald/sdk/context.hpp"

namespace herald::plugin_host::testing {

class RecordingLogger final : public sdk::Logger {
public:
  bool enabled(sdk::LogLevel) const noexcept override { return true; }
  void write(sdk::LogLevel, std::string_view message) noexcept override;
  std::vector<std::string> lines;
};

class FixedClock final : public sdk::Clock {
public:
  sdk::Instant now() const override { return sdk::Instant{std::chrono::milliseconds{1'700'000'000'000}}; }
};

class MapState final : public sdk::PluginState {
public:
  std::optional<std::string> get(const std::string& key) override;
  void put(const std::string& key, const std::string& value) override { values[key] = value; }
  bool erase(const std::string& key) override { return values.erase(key) != 0; }
  std::map<std::string, std::string> values;
};

class TestContext final : public sdk::Context {
public:
  explicit TestContext(std::string instance_id, std::filesystem::path data_dir = std::filesystem::temp_directory_path());

  const std::string& instance_id() const noexcept override { return instance_id_; }
  sdk::Logger& logger() noexcept override { return logger_; }
  const sdk::Clock& clock() const noexcept override { return clock_; }
  const std::filesystem::path& data_dir() const noexcept override { return data_dir_; }
  /// Not available in loader tests: throws herald::sdk::Error.
  sdk::EndpointUpdates& endpoint_updates() override;
  /// Not available in loader tests: throws herald::sdk::Error.
  sdk::EventEmitter& events() override;
  sdk::PluginState& state() override { return state_; }
  /// Not available in loader tests: throws herald::sdk::Error.
  sdk::WorkLeases& leases() override;

  RecordingLogger& recording_logger() noexcept { return logger_; }
  MapState& map_state() noexcept { return state_; }

private:
  std::string instance_id_;
  std::filesystem::path data_dir_;
  RecordingLogger logger_;
  FixedClock clock_;
  MapState state_;
};

}  // namespace herald::plugin_host::testing
