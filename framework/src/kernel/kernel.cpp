#include "herald/kernel.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "config/config_node.hpp"
#include "herald/sdk/mime.hpp"
#include "imports/import_job.hpp"
#include "kernel/definition_loader.hpp"
#include "kernel/kernel_impl.hpp"
#include "segments/definition_parser.hpp"
#include "segments/segment_executor.hpp"
#include "segments/segment_query.hpp"

namespace herald {
namespace {

/// Routes claimed work items to the subsystem of their kind.
class Dispatcher final : public sdk::WorkDispatcher {
public:
  explicit Dispatcher(Kernel::Impl& impl) : impl_(impl) {}
  void run(const sdk::WorkItem& item) override {
    if (item.kind != campaigns::kCampaignRunWork)
      throw sdk::Error("work item " + std::to_string(item.id), "unknown kind '" + item.kind + "'");
    const auto payload = nlohmann::json::parse(item.payload);
    const std::string run_id = payload.at("run_id").get<std::string>();
    try {
      impl_.campaigns->execute(run_id);
    } catch (const std::exception& e) {  // kept for the run report; the scheduler logs it and retries
      impl_.run_errors[run_id] = e.what();
      throw;
    }
    impl_.run_errors.erase(run_id);
    impl_.executed_runs.push_back(run_id);
  }

private:
  Kernel::Impl& impl_;
};

}  // namespace

std::unique_ptr<plugin_host::PluginHost> load_config(const std::filesystem::path& file, const KernelOptions& options,
                                                     std::optional<config::ValidatedConfig>& out) {
  // The plugin search path is part of the config: read the structure first (best effort; problems are
  // reported by the full validation below, all at once).
  config::ProblemList ignored;
  const auto structure = config::HeraldConfig::from_node(config::ConfigNode::load_file(file), ignored);
  std::vector<std::filesystem::path> folders = options.plugin_paths;
  folders.insert(folders.end(), structure.plugin_search_path.begin(), structure.plugin_search_path.end());
  auto host = std::make_unique<plugin_host::PluginHost>(folders);
  const config::SchemaLookup lookup = [&host](const std::string& type, std::string& error) -> const sdk::SettingsSchema* {
    try {
      host->load(type);
      return &host->registry().schema(type);
    } catch (const sdk::Error& e) {
      error = e.what();
      return nullptr;
    }
  };
  out.emplace(config::load_and_validate(file, lookup));
  // Senders are checked like any header value (one mailbox, no CR/LF: RFC 5322 §3.4).
  config::ProblemList problems;
  for (const auto& project : out->config.projects)
    for (const auto& channel : project.channels)
      if (channel.type == sdk::ChannelType::kEmail && !channel.from.empty())
        problems.attempt([&] { sdk::parse_mailbox(channel.from, channel.node.path() + ".from"); });
  problems.throw_if_any(out->config.file_label());
  return host;
}

Kernel::Impl::~Impl() {
  // Plugin objects go first (their contexts and the services they use are still alive), then the host
  // drops its factories so each library unloads with its last object.
  schedulers.clear();
  channels.clear();
  sources.clear();
  campaigns.reset();
  events.reset();  // hands what is still queued to the sinks before they go
  sinks.clear();
  contexts.clear();
  if (host) host->shutdown();
}

const config::ProjectConfig& Kernel::Impl::project(const std::string& id) const {
  const auto* found = config().find_project(id);
  if (!found) {
    std::string known;
    for (const auto& p : config().projects) known += (known.empty() ? "" : ", ") + p.id;
    throw sdk::Error("project '" + id + "'", "no such project in " + config().file_label(), "Projects: " + known);
  }
  return *found;
}

void Kernel::Impl::open_store() {
  std::filesystem::create_directories(config().var_folder);
  database = store::Database::open(config().store_url);
  store::EndpointRepositoryOptions endpoint_options;
  endpoint_options.max_endpoints_per_user = static_cast<std::size_t>(config().max_endpoints_per_user);
  endpoints = std::make_unique<store::EndpointRepository>(*database, endpoint_options);
  event_repository = std::make_unique<store::EventRepository>(*database);
  messages = std::make_unique<store::MessageRepository>(*database);
  work = std::make_unique<store::WorkItemRepository>(*database);
  definitions = std::make_unique<store::DefinitionRepository>(*database);
  runs = std::make_unique<store::CampaignRunRepository>(*database);
  endpoint_updates = std::make_unique<store::StoreEndpointUpdates>(*database, *clock);
  events = std::make_unique<events::EventService>(*event_repository, *clock, *log);
  campaigns = std::make_unique<campaigns::CampaignService>(campaigns::CampaignServices{
      *database, *endpoints, *messages, *definitions, *runs, *work, *events, *clock, *log,
      [this](const std::string& project_id, sdk::ChannelType type) { return channel_for(project_id, type); },
      options.progress});
}

void Kernel::Impl::construct_instances() {
  auto& registry = host->registry();
  for (const auto* instance : config().instances()) {
    auto& context = contexts[instance->id] = std::make_unique<kernel::KernelContext>(
        instance->id, logs.make(instance->type + "#" + instance->id),
        kernel::KernelContext::Services{*clock, config().var_folder, *endpoint_updates, *events, *work, *database});
    const auto& settings = validated->settings.at(instance->id);
    switch (instance->kind) {
      case config::PluginKind::kChannel:
        channels[instance->id] = registry.create_channel(instance->type, settings, *context);
        break;
      case config::PluginKind::kSource:
        sources[instance->id] = registry.create_segment_source(instance->type, settings, *context);
        break;
      case config::PluginKind::kSink:
        sinks[instance->id] = registry.create_analytics_sink(instance->type, settings, *context);
        events->add_sink(instance->id, *sinks[instance->id]);
        break;
      case config::PluginKind::kScheduler:
        schedulers[instance->id] = registry.create_scheduler(instance->type, settings, *context);
        break;
    }
  }
}

std::optional<campaigns::ChannelBinding> Kernel::Impl::channel_for(const std::string& project_id,
                                                                   sdk::ChannelType type) const {
  const auto* binding = project(project_id).channel(type);
  if (!binding || !binding->enabled) return std::nullopt;
  const auto it = channels.find(binding->use);
  if (it == channels.end()) return std::nullopt;
  return campaigns::ChannelBinding{it->second.get(), binding->use, config().find_instance(binding->use)->type,
                                   binding->from};
}

Kernel::Kernel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Kernel::~Kernel() = default;

std::unique_ptr<Kernel> Kernel::open(const std::filesystem::path& config_file, KernelOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->host = load_config(config_file, impl->options, impl->validated);
  impl->open_store();
  impl->construct_instances();
  return std::unique_ptr<Kernel>(new Kernel(std::move(impl)));
}

std::size_t Kernel::validate(const std::filesystem::path& config_file, KernelOptions options) {
  std::optional<config::ValidatedConfig> validated;
  auto host = load_config(config_file, options, validated);
  const auto count = validated->config.instances().size();
  // Definitions are checked too (parsed and compiled, nothing stored), so `validate` catches what `run`
  // would reject after importing.
  const templates::Engine engine;
  const SystemClock clock;
  for (const auto& project : validated->config.projects)
    if (project.definitions) kernel::load_definition_folder(*project.definitions, project.id, nullptr, engine, clock.now());
  host->shutdown();
  return count;
}

std::vector<std::string> Kernel::project_ids() const {
  std::vector<std::string> ids;
  for (const auto& p : impl_->config().projects) ids.push_back(p.id);
  return ids;
}

ImportSummary Kernel::import(const std::string& project_id, const std::string& source_id) {
  impl_->project(project_id);
  const auto it = impl_->sources.find(source_id);
  if (it == impl_->sources.end())
    throw sdk::Error("source '" + source_id + "'", "no such source instance in " + impl_->config().file_label());
  auto& context = *impl_->contexts.at(source_id);
  return imports::run_import(*it->second, *impl_->endpoints, project_id, source_id, *impl_->clock,
                             impl_->options.progress, context.logger());
}

std::vector<ImportSummary> Kernel::run_imports(const std::string& project_id) {
  std::vector<ImportSummary> summaries;
  for (const auto& source_id : impl_->project(project_id).imports) summaries.push_back(import(project_id, source_id));
  return summaries;
}

std::vector<std::string> Kernel::load_definitions(const std::string& project_id) {
  const auto& project = impl_->project(project_id);
  if (!project.definitions) return {};
  return kernel::load_definition_folder(*project.definitions, project_id, impl_->definitions.get(),
                                        impl_->template_engine, impl_->clock->now());
}

std::vector<std::string> Kernel::schedule_campaigns(const std::string& project_id) {
  impl_->project(project_id);
  return impl_->campaigns->schedule_all(project_id);
}

std::size_t Kernel::run_until_idle() {
  if (impl_->schedulers.empty())
    throw sdk::Error(impl_->config().file_label(), "no scheduler is configured",
                     "Add { \"id\": \"clock\", \"type\": \"scheduler/local\" } to schedulers");
  Dispatcher dispatcher(*impl_);
  std::size_t total = 0;
  for (;;) {
    std::size_t ran = 0;
    for (auto& [id, scheduler] : impl_->schedulers) ran += scheduler->poll(dispatcher, impl_->clock->now());
    if (ran == 0) return total;
    total += ran;
  }
}

std::vector<CampaignRunSummary> Kernel::campaign_runs(const std::string& project_id) const {
  std::vector<CampaignRunSummary> out;
  for (const auto& campaign : impl_->definitions->list_latest(project_id, store::DefinitionKind::kCampaign))
    for (const auto& run : impl_->runs->list_for_campaign(project_id, campaign.id))
      out.push_back(impl_->campaigns->summary(run));
  return out;
}

void Kernel::upsert_endpoints(const std::string& project_id, const std::vector<Endpoint>& endpoints) {
  impl_->project(project_id);
  const auto results = impl_->endpoints->upsert_batch(project_id, endpoints, impl_->clock->now());
  for (std::size_t i = 0; i < results.size(); ++i)
    if (!results[i].ok) throw sdk::Error("endpoints[" + std::to_string(i) + "]", results[i].error);
}

std::optional<Endpoint> Kernel::get_endpoint(const std::string& project_id, const std::string& endpoint_id) const {
  return impl_->endpoints->get(project_id, endpoint_id);
}

std::uint64_t Kernel::segment_size(const std::string& project_id, const std::string& segment) const {
  const auto stored = campaigns::find_segment(*impl_->definitions, project_id, segment);
  if (!stored) throw sdk::Error("segment '" + segment + "'", "no such segment in project " + project_id);
  const auto query = segments::compile_segment(segments::parse_segment_definition_text(stored->body, stored->name),
                                               project_id, campaigns::segment_dialect(*impl_->database));
  auto lease = impl_->database->lease();
  return static_cast<std::uint64_t>(segments::count(*lease, query));
}

RunReport Kernel::run() {
  RunReport report;
  for (const auto& id : project_ids())
    for (auto& summary : run_imports(id)) report.imports.push_back(std::move(summary));
  for (const auto& id : project_ids())
    for (auto& line : load_definitions(id)) report.definitions.push_back(id + ": " + line);
  for (const auto& id : project_ids()) schedule_campaigns(id);
  impl_->executed_runs.clear();
  impl_->run_errors.clear();
  run_until_idle();
  for (const auto& run_id : impl_->executed_runs)
    if (const auto run = impl_->runs->get(run_id)) report.campaigns.push_back(impl_->campaigns->summary(*run));
  // Runs that are not finished and did not run now: interrupted (their work lease has not expired yet),
  // running in another process, or scheduled for later.
  const auto ids = project_ids();
  for (const auto state : {store::CampaignRunState::kExecuting, store::CampaignRunState::kPending}) {
    for (const auto& run : impl_->runs->list_in_state(state)) {
      if (std::find(ids.begin(), ids.end(), run.project_id) == ids.end()) continue;
      if (std::find(impl_->executed_runs.begin(), impl_->executed_runs.end(), run.id) != impl_->executed_runs.end())
        continue;
      auto summary = impl_->campaigns->summary(run);
      if (const auto failed = impl_->run_errors.find(run.id); failed != impl_->run_errors.end()) {
        summary.error = failed->second;
        summary.note = "not finished: it failed in this process; the scheduler retries it (skipping every "
                       "endpoint already targeted) at the next `herald run` after the retry delay";
      } else {
        summary.note = state == store::CampaignRunState::kExecuting
                            ? "not finished: interrupted or running in another process; it resumes (skipping every "
                              "endpoint already targeted) once its work lease expires"
                            : "scheduled for " + sdk::format_iso8601(run.scheduled);
      }
      report.campaigns.push_back(std::move(summary));
    }
  }
  for (auto& [id, channel] : impl_->channels) channel->flush();
  impl_->events->flush();

  report.outputs.push_back("store: " + impl_->database->redacted_url());
  for (const auto* instance : impl_->config().instances()) {
    if (instance->kind != config::PluginKind::kChannel && instance->kind != config::PluginKind::kSink) continue;
    const auto& settings = impl_->validated->settings.at(instance->id);
    std::string line = std::string(config::to_string(instance->kind)) + " " + instance->id + " (" + instance->type + ")";
    if (settings.has("path")) line += ": " + settings.get_string("path");
    else if (settings.has("url")) line += ": " + store::Database::redact(settings.get_string("url"));
    report.outputs.push_back(line);
  }
  return report;
}

}  // namespace herald
