#pragma once
/// The Context the kernel lends one plugin instance: its named logger, the clock, its data folder and
/// the kernel services (endpoint updates, events, its own key-value state, the work table).
#include <filesystem>
#include <memory>
#include <string>

#include "herald/sdk/context.hpp"
#include "kernel/logging.hpp"
#include "store/plugin_state_repository.hpp"

namespace herald::kernel {

class KernelContext final : public sdk::Context {
public:
  struct Services {
    const sdk::Clock& clock;
    std::filesystem::path data_dir;
    sdk::EndpointUpdates& endpoint_updates;
    sdk::EventEmitter& events;
    sdk::WorkLeases& leases;
    store::Database& database;
  };
  KernelContext(std::string instance_id, std::shared_ptr<spdlog::logger> logger, Services services)
      : instance_id_(std::move(instance_id)),
        logger_(std::move(logger)),
        services_(std::move(services)),
        state_(services_.database, instance_id_) {}

  const std::string& instance_id() const noexcept override { return instance_id_; }
  sdk::Logger& logger() noexcept override { return logger_; }
  const sdk::Clock& clock() const noexcept override { return services_.clock; }
  const std::filesystem::path& data_dir() const noexcept override { return services_.data_dir; }
  sdk::EndpointUpdates& endpoint_updates() override { return services_.endpoint_updates; }
  sdk::EventEmitter& events() override { return services_.events; }
  sdk::PluginState& state() override { return state_; }
  sdk::WorkLeases& leases() override { return services_.leases; }

private:
  std::string instance_id_;
  PluginLogger logger_;
  Services services_;
  store::PluginStateRepository state_;
};

}  // namespace herald::kernel
