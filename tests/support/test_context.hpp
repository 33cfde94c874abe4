#pragma once
/// A small sdk::Context for plugin tests (until the kernel's real one exists): a logger that keeps
/// its lines, a manual clock, a data folder, and services that either record calls or throw when a
/// test did not provide them.
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "herald/sdk/context.hpp"
#include "herald/sdk/error.hpp"
#include "herald/sdk/settings.hpp"

namespace herald::testkit {

/// Keeps every line written at or above `level`; thread-safe.
class RecordingLogger final : public sdk::Logger {
public:
  bool enabled(sdk::LogLevel level) const noexcept override { return level >= level_; }
  void write(sdk::LogLevel level, std::string_view message) noexcept override {
    std::lock_guard lock(mutex_);
    lines_.push_back({level, std::string(message)});
  }
  struct Line {
    sdk::LogLevel level;
    std::string text;
  };
  std::vector<Line> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  /// All lines joined with '\n' (to search for text, e.g. that a secret never appears).
  std::string joined() const {
    std::string out;
    for (const auto& line : lines()) out += line.text + "\n";
    return out;
  }
  sdk::LogLevel level_ = sdk::LogLevel::kTrace;

private:
  mutable std::mutex mutex_;
  std::vector<Line> lines_;
};

/// A clock tests move by hand.
class ManualClock final : public sdk::Clock {
public:
  explicit ManualClock(sdk::Instant now = sdk::Instant{std::chrono::milliseconds{1704067200000}}) : now_(now) {}
  sdk::Instant now() const override { return now_; }
  void set(sdk::Instant now) { now_ = now; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

private:
  sdk::Instant now_;
};

/// Records emitted events.
class RecordingEmitter final : public sdk::EventEmitter {
public:
  void emit(std::span<const sdk::Event> events) override { events_.insert(events_.end(), events.begin(), events.end()); }
  std::vector<sdk::Event> events_;
};

/// PluginState in a map.
class MapState final : public sdk::PluginState {
public:
  std::optional<std::string> get(const std::string& key) override {
    const auto it = values_.find(key);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  void put(const std::string& key, const std::string& value) override { values_[key] = value; }
  bool erase(const std::string& key) override { return values_.erase(key) != 0; }
  std::map<std::string, std::string> values_;
};

/// Records endpoint updates.
class RecordingEndpointUpdates final : public sdk::EndpointUpdates {
public:
  void opt_out(const std::string& project_id, const std::string& endpoint_id) override {
    calls_.push_back("opt_out " + project_id + " " + endpoint_id);
  }
  std::size_t opt_out_address(const std::string& project_id, const std::string& address) override {
    calls_.push_back("opt_out_address " + project_id + " " + address);
    return 0;
  }
  void mark_inactive(const std::string& project_id, const std::string& endpoint_id) override {
    calls_.push_back("mark_inactive " + project_id + " " + endpoint_id);
  }
  void record_delivery(const std::string& message_id, const sdk::DeliveryResult& result) override {
    calls_.push_back("record_delivery " + message_id + " " + std::string(sdk::to_string(result.status)));
  }
  std::vector<std::string> calls_;
};

/// The Context: `leases` must be given by tests that use WorkLeases (scheduler tests).
class TestContext final : public sdk::Context {
public:
  explicit TestContext(std::filesystem::path data_dir = {}, std::string instance_id = "test",
                       sdk::WorkLeases* leases = nullptr)
      : instance_id_(std::move(instance_id)), data_dir_(std::move(data_dir)), leases_(leases) {}

  const std::string& instance_id() const noexcept override { return instance_id_; }
  sdk::Logger& logger() noexcept override { return logger_; }
  const sdk::Clock& clock() const noexcept override { return clock_; }
  const std::filesystem::path& data_dir() const noexcept override { return data_dir_; }
  sdk::EndpointUpdates& endpoint_updates() override { return updates_; }
  sdk::EventEmitter& events() override { return emitter_; }
  sdk::PluginState& state() override { return state_; }
  sdk::WorkLeases& leases() override {
    if (leases_ == nullptr) throw sdk::Error("TestContext", "no WorkLeases given to this test context");
    return *leases_;
  }

  RecordingLogger logger_;
  ManualClock clock_;
  RecordingEndpointUpdates updates_;
  RecordingEmitter emitter_;
  MapState state_;

private:
  std::string instance_id_;
  std::filesystem::path data_dir_;
  sdk::WorkLeases* leases_;
};

}  // namespace herald::testkit

namespace herald::testkit {

/// Settings as the kernel would hand them: `given` plus every schema default not given.
inline sdk::Settings settings_with_defaults(const sdk::SettingsSchema& schema, std::map<std::string, sdk::SettingValue> given) {
  for (const auto& spec : schema.specs)
    if (spec.default_value && given.count(spec.name) == 0) given.emplace(spec.name, *spec.default_value);
  return sdk::Settings(std::move(given));
}

}  // namespace herald::testkit

namespace herald::testkit {

/// The whole content of a file ("" when it cannot be opened).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  std::string data(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  return data;
}

}  // namespace herald::testkit
