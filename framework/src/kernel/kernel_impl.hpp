#pragma once
/// Kernel::Impl: what one kernel owns, declared in destruction-safe order (members are destroyed
/// bottom-up: plugin objects first, then their contexts, the services, the store, and last the plugin
/// host, which unloads libraries once no object of theirs is left).
#include <map>
#include <optional>
#include <memory>
#include <set>

#include "campaigns/campaign_service.hpp"
#include "config/settings_validation.hpp"
#include "events/event_service.hpp"
#include "herald/clock.hpp"
#include "herald/kernel.hpp"
#include "kernel/kernel_context.hpp"
#include "kernel/logging.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/campaign_run_repository.hpp"
#include "store/database.hpp"
#include "store/definition_repository.hpp"
#include "store/endpoint_repository.hpp"
#include "store/event_repository.hpp"
#include "store/message_repository.hpp"
#include "store/store_endpoint_updates.hpp"
#include "store/work_item_repository.hpp"

namespace herald {

struct Kernel::Impl {
  KernelOptions options;
  SystemClock system_clock;
  const sdk::Clock* clock = &system_clock;
  kernel::LogHub logs;
  std::unique_ptr<kernel::PluginLogger> log;
  std::unique_ptr<plugin_host::PluginHost> host;
  std::optional<config::ValidatedConfig> validated;  ///< set by open(); HeraldConfig has no empty state

  std::unique_ptr<store::Database> database;
  std::unique_ptr<store::EndpointRepository> endpoints;
  std::unique_ptr<store::EventRepository> event_repository;
  std::unique_ptr<store::MessageRepository> messages;
  std::unique_ptr<store::WorkItemRepository> work;
  std::unique_ptr<store::DefinitionRepository> definitions;
  std::unique_ptr<store::CampaignRunRepository> runs;
  std::unique_ptr<store::StoreEndpointUpdates> endpoint_updates;
  std::unique_ptr<events::EventService> events;
  std::unique_ptr<campaigns::CampaignService> campaigns;
  templates::Engine template_engine;

  std::map<std::string, std::unique_ptr<kernel::KernelContext>> contexts;  ///< by instance id
  std::map<std::string, std::unique_ptr<sdk::Channel>> channels;
  std::map<std::string, std::unique_ptr<sdk::SegmentSource>> sources;
  std::map<std::string, std::unique_ptr<sdk::AnalyticsSink>> sinks;
  std::map<std::string, std::unique_ptr<sdk::Scheduler>> schedulers;

  std::vector<std::string> executed_runs;  ///< campaign runs executed by this kernel, in order
  /// Campaign runs whose execution threw in this kernel (a store failure such as a full disk): run id ->
  /// the error. The scheduler retries them; the run report names the error and the runner exits 1.
  std::map<std::string, std::string> run_errors;

  explicit Impl(KernelOptions o) : options(std::move(o)), logs(options.log_level) {
    if (options.clock) clock = options.clock;
    log = std::make_unique<kernel::PluginLogger>(logs.make("kernel"));
  }
  ~Impl();

  const config::HeraldConfig& config() const noexcept { return validated->config; }
  const config::ProjectConfig& project(const std::string& id) const;
  void open_store();
  void construct_instances();
  std::optional<campaigns::ChannelBinding> channel_for(const std::string& project_id, sdk::ChannelType type) const;
};

/// Loads the config with every plugin type it names and validates all instance settings at once.
/// Returns the host that loaded the plugins.
std::unique_ptr<plugin_host::PluginHost> load_config(const std::filesystem::path& file, const KernelOptions& options,
                                                     std::optional<config::ValidatedConfig>& out);

}  // namespace herald
