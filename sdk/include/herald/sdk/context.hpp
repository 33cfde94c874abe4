#pragma once
/// What the kernel lends a plugin instance for its whole life. Everything returned by reference
/// outlives the plugin object.
#include <filesystem>
#include <string>

#include "herald/sdk/logger.hpp"
#include "herald/sdk/services.hpp"
#include "herald/sdk/time.hpp"

namespace herald::sdk {
inline namespace v1 {

class Context {
public:
  virtual ~Context() = default;
  /// The instance id from the config ("email", "crm").
  virtual const std::string& instance_id() const noexcept = 0;
  virtual Logger& logger() noexcept = 0;
  virtual const Clock& clock() const noexcept = 0;
  /// The folder for the plugin's files (outboxes, caches): the config's `var` folder.
  virtual const std::filesystem::path& data_dir() const noexcept = 0;
  virtual EndpointUpdates& endpoint_updates() = 0;
  virtual EventEmitter& events() = 0;
  virtual PluginState& state() = 0;
  virtual WorkLeases& leases() = 0;
};

}  // namespace v1
}  // namespace herald::sdk
