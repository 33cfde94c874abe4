#include "plugin_host/registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>

#include "herald/sdk/error.hpp"
#include "plugin_host/adapters.hpp"
#include "plugin_host/plugin_call.hpp"

namespace herald::plugin_host {
namespace {

/// What one register_factories call added, kept apart until every check passed (all or nothing).
struct Pending {
  PluginKind kind;
  std::string type;
  std::variant<sdk::ChannelFactory, sdk::SegmentSourceFactory, sdk::SchedulerFactory, sdk::AnalyticsSinkFactory>
      factory;
};

/// The Registrar a plugin's register_factories receives: it only collects.
class CollectingRegistrar final : public sdk::Registrar {
public:
  void add_channel(sdk::ChannelFactory factory) override { add(PluginKind::kChannel, std::move(factory)); }
  void add_segment_source(sdk::SegmentSourceFactory factory) override {
    add(PluginKind::kSegmentSource, std::move(factory));
  }
  void add_scheduler(sdk::SchedulerFactory factory) override { add(PluginKind::kScheduler, std::move(factory)); }
  void add_analytics_sink(sdk::AnalyticsSinkFactory factory) override {
    add(PluginKind::kAnalyticsSink, std::move(factory));
  }
  std::vector<Pending>& pending() noexcept { return pending_; }

private:
  template <typename F>
  void add(PluginKind kind, F factory) {
    std::string type = factory.type;
    pending_.push_back(Pending{kind, std::move(type), std::move(factory)});
  }
  std::vector<Pending> pending_;
};

/// Problems with what a library registered; empty when all is well.
std::vector<std::string> check_pending(const std::vector<Pending>& pending, const std::string& file_name,
                                       const std::map<std::string, std::shared_ptr<const PluginInfo>>& taken) {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const Pending& p = pending[i];
    const std::string kind(to_string(p.kind));
    TypeName name;
    try {
      name = parse_type_name(p.type);
    } catch (const sdk::Error& e) {
      problems.push_back(fmt::format("{} type '{}' is invalid ({})", kind, p.type, e.message()));
      continue;
    }
    const std::string prefix(type_prefix(p.kind));
    if (!name.third_party() && name.prefix != prefix)
      problems.push_back(fmt::format("'{}' is registered as a {}, but a {} type must start with '{}/'", p.type, kind,
                                     kind, prefix));
    else if (!file_may_register(file_name, name))
      problems.push_back(fmt::format("'{}' does not belong to this library (a file named {} may register only {})",
                                     p.type, file_name,
                                     name.third_party() ? "types of its own reverse-DNS prefix"
                                                        : "first-party types when named herald-<kind>-<name>.so"));
    for (std::size_t j = 0; j < i; ++j)
      if (pending[j].type == p.type) problems.push_back(fmt::format("'{}' is registered twice", p.type));
    if (auto it = taken.find(p.type); it != taken.end())
      problems.push_back(fmt::format("'{}' is already registered by {}", p.type, it->second->file.string()));
  }
  return problems;
}

}  // namespace

Registry::~Registry() = default;

std::vector<std::string> Registry::register_plugin(const OpenedPlugin& plugin, const std::optional<TypeName>& expected) {
  const std::string file = plugin.info.file.string();
  const std::string file_name = plugin.info.file.filename().string();
  CollectingRegistrar registrar;
  std::optional<std::string> failure;
  try {
    plugin.descriptor->register_factories(registrar);
  } catch (const abi::__forced_unwind&) {  // pthread cancellation must keep unwinding
    throw;
  } catch (const std::exception& e) {  // copied out; the plugin's exception object dies with this handler
    failure = e.what();
  } catch (...) {
    failure = "an exception that is not a std::exception";
  }
  if (failure)  // `registrar` (partial registrations) is discarded on return
    throw sdk::Error(file, fmt::format("register_factories threw: \"{}\"", *failure),
                     "Nothing from this plugin was registered; registration must not fail, so fix the plugin or "
                     "report it to its author");

  std::map<std::string, std::shared_ptr<const PluginInfo>> taken;
  for (const auto& [type, entry] : entries_) taken.emplace(type, entry.plugin);
  std::vector<std::string> problems = check_pending(registrar.pending(), file_name, taken);
  std::vector<std::string> types;
  for (const auto& p : registrar.pending()) types.push_back(p.type);
  std::sort(types.begin(), types.end());
  if (expected && std::find(types.begin(), types.end(), expected->full()) == types.end())
    problems.push_back(fmt::format("it does not register '{}', the type it was loaded for (it registers: {})",
                                   expected->full(), types.empty() ? "nothing" : fmt::format("{}", fmt::join(types, ", "))));
  if (!problems.empty())
    throw sdk::Error(file, fmt::format("invalid registration: {}", fmt::join(problems, "; ")),
                     "Nothing from this plugin was registered; a library herald-<kind>-<name>.so registers "
                     "<kind>/<name> with the Registrar method of that kind");

  auto info = std::make_shared<const PluginInfo>(plugin.info);
  for (auto& p : registrar.pending())
    entries_.emplace(p.type, Entry{plugin.library, info, p.kind, std::move(p.factory)});
  return types;
}

bool Registry::contains(std::string_view type) const noexcept { return entries_.find(type) != entries_.end(); }

std::optional<PluginKind> Registry::kind_of(std::string_view type) const noexcept {
  const auto it = entries_.find(type);
  if (it == entries_.end()) return std::nullopt;
  return it->second.kind;
}

std::optional<TypeInfo> Registry::find(std::string_view type) const {
  const auto it = entries_.find(type);
  if (it == entries_.end()) return std::nullopt;
  return std::visit(
      [&](const auto& factory) {
        return TypeInfo{it->first, it->second.kind, factory.description, &factory.schema, it->second.plugin};
      },
      it->second.factory);
}

std::vector<TypeInfo> Registry::types() const {
  std::vector<TypeInfo> all;
  for (const auto& entry : entries_) all.push_back(*find(entry.first));
  return all;
}

const sdk::SettingsSchema& Registry::schema(std::string_view type) const {
  const auto it = entries_.find(type);
  if (it == entries_.end()) {
    std::vector<std::string> known;
    for (const auto& entry : entries_) known.push_back(entry.first);
    throw sdk::Error(std::string(type), "unknown plugin type",
                     known.empty() ? std::string("No plugin type is loaded")
                                   : fmt::format("Loaded types: {}", fmt::join(known, ", ")));
  }
  return std::visit([](const auto& factory) -> const sdk::SettingsSchema& { return factory.schema; },
                    it->second.factory);
}

const Registry::Entry& Registry::entry_of(std::string_view type, PluginKind kind) const {
  (void)schema(type);  // throws the "unknown plugin type" error
  const Entry& entry = entries_.find(type)->second;
  if (entry.kind != kind)
    throw sdk::Error(std::string(type), fmt::format("is a {}, not a {}", to_string(entry.kind), to_string(kind)),
                     fmt::format("Use a {} type here", to_string(kind)));
  return entry;
}

template <typename T>
std::unique_ptr<T> Registry::create(std::string_view type, PluginKind kind, const sdk::Settings& settings,
                                    sdk::Context& context) const {
  const Entry& entry = entry_of(type, kind);
  const auto& factory = std::get<sdk::Factory<T>>(entry.factory);
  const std::string label = fmt::format("{}#{}", type, context.instance_id());
  if (!factory.create) throw sdk::Error(label, "the plugin registered this type without a create function");
  std::unique_ptr<T> object = call_plugin(label, [&] { return factory.create(settings, context); });
  if (!object) throw sdk::Error(label, "the factory returned no object (a plugin bug)");
  return wrap(std::move(object), entry.library, label);
}

std::unique_ptr<sdk::Channel> Registry::create_channel(std::string_view type, const sdk::Settings& settings,
                                                       sdk::Context& context) const {
  return create<sdk::Channel>(type, PluginKind::kChannel, settings, context);
}
std::unique_ptr<sdk::SegmentSource> Registry::create_segment_source(std::string_view type,
                                                                    const sdk::Settings& settings,
                                                                    sdk::Context& context) const {
  return create<sdk::SegmentSource>(type, PluginKind::kSegmentSource, settings, context);
}
std::unique_ptr<sdk::Scheduler> Registry::create_scheduler(std::string_view type, const sdk::Settings& settings,
                                                           sdk::Context& context) const {
  return create<sdk::Scheduler>(type, PluginKind::kScheduler, settings, context);
}
std::unique_ptr<sdk::AnalyticsSink> Registry::create_analytics_sink(std::string_view type,
                                                                    const sdk::Settings& settings,
                                                                    sdk::Context& context) const {
  return create<sdk::AnalyticsSink>(type, PluginKind::kAnalyticsSink, settings, context);
}

void Registry::clear() noexcept { entries_.clear(); }

}  // namespace herald::plugin_host
