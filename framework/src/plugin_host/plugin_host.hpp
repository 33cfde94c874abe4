#pragma once
/// The kernel's plugin host: finds plugin files on the search path, checks them, loads them with
/// Boost.DLL and registers their factories in its own Registry (one per kernel; no process globals).
/// Source: DESIGN.md "Plugin ABI"; type-to-file mapping in type_name.hpp.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plugin_host/plugin_file.hpp"
#include "plugin_host/registry.hpp"

namespace herald::plugin_host {

class PluginHost {
public:
  /// A host searching the folders of HERALD_PLUGIN_PATH (colon-separated) first, then `search_folders`
  /// (already resolved by the caller; relative ones are relative to the working directory).
  explicit PluginHost(std::vector<std::filesystem::path> search_folders);

  /// A host searching exactly `search_path` (the environment is not read); see make_search_path().
  struct ExactSearchPath {
    std::vector<std::filesystem::path> folders;
  };
  explicit PluginHost(ExactSearchPath search_path);

  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// The folders searched, in order.
  const std::vector<std::filesystem::path>& search_path() const noexcept { return search_path_; }

  /// Makes `type` ("channel/email-smtp") available in registry(): does nothing if it is registered already
  /// (e.g. by a library loaded for another type); otherwise finds its file (locate_plugin), checks and
  /// loads it (open_plugin), and registers its factories (Registry::register_plugin), which must include
  /// `type`. Returns the info of the library that provides `type`.
  /// Throws herald::sdk::Error `<type or file>: <what>. <hint>` for: invalid type name; file not found
  /// (every searched path and near misses listed); not a Herald plugin; ABI major differs; ABI minor newer;
  /// toolchain differs; dlopen fails; register_factories throws; invalid registration.
  /// Nothing is registered and the library is unloaded again when it fails.
  const PluginInfo& load(std::string_view type);

  /// Loads one plugin file and registers all its types (used by discovery). A file already loaded by
  /// this host is not registered again. Throws as load() does (without the not-found case).
  const PluginInfo& load_file(const std::filesystem::path& file);

  /// This host's registry: schemas for config validation and the create_* functions.
  Registry& registry() noexcept { return registry_; }
  const Registry& registry() const noexcept { return registry_; }

  /// Drops every factory and this host's references to libraries (call after workers joined). A library
  /// unloads when the last object created from it is destroyed too. The host can load again afterwards.
  void shutdown() noexcept;

private:
  const PluginInfo& load_file(const std::filesystem::path& file, const std::optional<TypeName>& expected);

  std::vector<std::filesystem::path> search_path_;
  Registry registry_;
  /// Libraries registered in registry_, by canonical path.
  std::map<std::filesystem::path, std::shared_ptr<const PluginInfo>> loaded_;
};

}  // namespace herald::plugin_host
