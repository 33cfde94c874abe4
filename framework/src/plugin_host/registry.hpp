#pragma once
/// The per-kernel registry of plugin types: type name -> factory + the library it came from.
/// There is no process-global registry: each Kernel (and each PluginHost) owns one, so a host
/// application can run two kernels (DESIGN.md "Plugin ABI").
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "herald/sdk/plugin.hpp"
#include "plugin_host/plugin_file.hpp"
#include "plugin_host/type_name.hpp"

namespace herald::plugin_host {

/// One registered type, as config validation and `herald plugins describe` see it.
struct TypeInfo {
  std::string type;  ///< "channel/email-smtp"
  PluginKind kind = PluginKind::kChannel;
  std::string description;
  const sdk::SettingsSchema* schema = nullptr;  ///< owned by the Registry; valid until clear()
  std::shared_ptr<const PluginInfo> plugin;     ///< the library that registered the type
};

/// Type name -> factory. Factories (their std::function and schema) are host-side copies, but the code
/// they call lives in a library, so each entry holds the library's shared_ptr; objects created through
/// the create_* functions hold it too (see adapters.hpp), so a library outlives its last object even
/// after clear() or the Registry's destruction. Not thread-safe for writes; const calls may run concurrently.
class Registry {
public:
  Registry() = default;
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  Registry(Registry&&) noexcept = default;
  Registry& operator=(Registry&&) noexcept = default;

  /// Calls `plugin`'s register_factories with a Registrar of this registry and adds what it registered,
  /// all or nothing. Returns the registered type names (sorted).
  /// Throws herald::sdk::Error(file, what, hint) when: register_factories throws (its message is quoted;
  /// nothing is registered); a type is not a valid type name; a type's prefix does not match the kind it was
  /// registered as ("sink/x" given to add_channel); the library's file name may not register the type
  /// (file_may_register); a type is registered twice or already by another library; `expected` is set
  /// and the library does not register it.
  std::vector<std::string> register_plugin(const OpenedPlugin& plugin, const std::optional<TypeName>& expected);

  /// True when `type` is registered.
  bool contains(std::string_view type) const noexcept;
  /// The kind of `type`, nullopt when it is not registered.
  std::optional<PluginKind> kind_of(std::string_view type) const noexcept;
  /// The settings schema of `type`, for validating an instance's settings before constructing it.
  /// Throws herald::sdk::Error(type, "unknown plugin type", <registered types>) when not registered.
  const sdk::SettingsSchema& schema(std::string_view type) const;
  /// Everything known about `type`; nullopt when not registered.
  std::optional<TypeInfo> find(std::string_view type) const;
  /// Every registered type, sorted by name.
  std::vector<TypeInfo> types() const;

  /// Creates an instance of `type` with validated `settings`, lending it `context` (which must outlive the
  /// object). The result is a host-side wrapper that keeps the library loaded and converts every exception
  /// of plugin code into herald::sdk::Error whose where() starts with "<type>#<context.instance_id()>".
  /// Throws herald::sdk::Error: `type` unknown, `type` is of another kind, the factory threw (message copied,
  /// its where kept after the instance label), or the factory returned null.
  std::unique_ptr<sdk::Channel> create_channel(std::string_view type, const sdk::Settings& settings,
                                               sdk::Context& context) const;
  std::unique_ptr<sdk::SegmentSource> create_segment_source(std::string_view type, const sdk::Settings& settings,
                                                            sdk::Context& context) const;
  std::unique_ptr<sdk::Scheduler> create_scheduler(std::string_view type, const sdk::Settings& settings,
                                                   sdk::Context& context) const;
  std::unique_ptr<sdk::AnalyticsSink> create_analytics_sink(std::string_view type, const sdk::Settings& settings,
                                                            sdk::Context& context) const;

  /// Drops every factory and this registry's references to libraries. Objects created earlier keep
  /// working (and keep their library loaded).
  void clear() noexcept;

private:
  using AnyFactory =
      std::variant<sdk::ChannelFactory, sdk::SegmentSourceFactory, sdk::SchedulerFactory, sdk::AnalyticsSinkFactory>;
  struct Entry {
    std::shared_ptr<boost::dll::shared_library> library;  ///< declared first: released after `factory`
    std::shared_ptr<const PluginInfo> plugin;
    PluginKind kind = PluginKind::kChannel;
    AnyFactory factory;
  };

  const Entry& entry_of(std::string_view type, PluginKind kind) const;
  template <typename T>
  std::unique_ptr<T> create(std::string_view type, PluginKind kind, const sdk::Settings& settings,
                            sdk::Context& context) const;

  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace herald::plugin_host
