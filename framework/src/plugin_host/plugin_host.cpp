#include "plugin_host/plugin_host.hpp"

#include <system_error>

#include "herald/sdk/error.hpp"
#include "plugin_host/search_path.hpp"

namespace herald::plugin_host {
namespace fs = std::filesystem;

PluginHost::PluginHost(std::vector<fs::path> search_folders) : search_path_(make_search_path(search_folders)) {}

PluginHost::PluginHost(ExactSearchPath search_path) : search_path_(make_search_path(search_path.folders, {})) {}

PluginHost::~PluginHost() { shutdown(); }

const PluginInfo& PluginHost::load(std::string_view type) {
  if (const auto known = registry_.find(type)) return *known->plugin;
  const TypeName name = parse_type_name(type);
  return load_file(locate_plugin(name, search_path_), name);
}

const PluginInfo& PluginHost::load_file(const fs::path& file) { return load_file(file, std::nullopt); }

const PluginInfo& PluginHost::load_file(const fs::path& file, const std::optional<TypeName>& expected) {
  std::error_code ec;
  fs::path key = fs::weakly_canonical(file, ec);
  if (ec) key = file.lexically_normal();
  if (const auto it = loaded_.find(key); it != loaded_.end()) {
    if (expected && !registry_.contains(expected->full()))
      throw sdk::Error(file.string(),
                       "does not register '" + expected->full() + "', the type it was loaded for",
                       "A library herald-<kind>-<name>.so must register <kind>/<name>");
    return *it->second;
  }
  const OpenedPlugin opened = open_plugin(file);
  const std::vector<std::string> types = registry_.register_plugin(opened, expected);
  // A library that registers nothing (allowed when loaded by file) is referenced by no entry and unloads.
  auto info = types.empty() ? std::make_shared<const PluginInfo>(opened.info) : registry_.find(types.front())->plugin;
  return *loaded_.emplace(std::move(key), std::move(info)).first->second;
}

void PluginHost::shutdown() noexcept {
  registry_.clear();
  loaded_.clear();
}

}  // namespace herald::plugin_host
