#pragma once
/// Discovery for `herald plugins list|describe`: every herald-*.so on the search path, loaded one by one
/// in a throw-away host, described with host-side copies (nothing refers into a library afterwards).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "herald/sdk/settings.hpp"
#include "plugin_host/plugin_file.hpp"
#include "plugin_host/type_name.hpp"

namespace herald::plugin_host {

/// One type a plugin registers.
struct DiscoveredType {
  std::string type;  ///< "channel/email-smtp"
  PluginKind kind = PluginKind::kChannel;
  std::string description;
  sdk::SettingsSchema schema;
};

/// One plugin file found on the search path.
struct DiscoveredPlugin {
  std::filesystem::path file;
  std::string name;     ///< descriptor name; empty when loading failed
  std::string version;  ///< descriptor version; empty when loading failed
  std::vector<DiscoveredType> types;  ///< sorted by type
  /// The load error (`<file>: <what>. <hint>`) when the file could not be loaded; types is then empty.
  std::optional<std::string> error;
  /// Set when a file of the same name in an earlier folder takes precedence (this one is never loaded
  /// for a type); the file is still described.
  std::optional<std::filesystem::path> shadowed_by;
};

/// Scans each folder of `search_path` (in order; a missing folder is skipped) for files named herald-*.so,
/// sorted by name within a folder, and loads each in its own PluginHost (so one failing file does not stop
/// the scan and nothing stays loaded). Never throws for a bad plugin: its error is in the result.
std::vector<DiscoveredPlugin> discover_plugins(const std::vector<std::filesystem::path>& search_path);

/// The plugin that provides `type`, with all its types: the file named for `type` (as PluginHost::load
/// finds it) or, when there is none, the first plugin on the search path that registers `type` (e.g.
/// "source/fixture-good" from herald-channel-fixture-good.so). Throws herald::sdk::Error as
/// PluginHost::load does (not found with every searched path, not a plugin, ABI, toolchain...).
DiscoveredPlugin describe_plugin(const std::vector<std::filesystem::path>& search_path, std::string_view type);

}  // namespace herald::plugin_host
