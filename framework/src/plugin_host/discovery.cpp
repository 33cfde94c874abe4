#include "plugin_host/discovery.hpp"

#include <algorithm>
#include <system_error>

#include "herald/sdk/error.hpp"
#include "plugin_host/plugin_host.hpp"

namespace herald::plugin_host {
namespace fs = std::filesystem;
namespace {

/// Host-side copy of what `host` registered (copied before the host, and so the library, goes away).
DiscoveredPlugin describe_loaded(const PluginHost& host, const PluginInfo& info) {
  DiscoveredPlugin plugin{info.file, info.name, info.version, {}, std::nullopt, std::nullopt};
  for (const auto& type : host.registry().types())
    if (type.plugin->file == info.file)
      plugin.types.push_back(DiscoveredType{type.type, type.kind, type.description, *type.schema});
  return plugin;
}

std::vector<fs::path> plugin_files(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("herald-") && name.ends_with(".so") && !it->is_directory(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<DiscoveredPlugin> discover_plugins(const std::vector<fs::path>& search_path) {
  std::vector<DiscoveredPlugin> found;
  for (const auto& folder : search_path) {
    for (const auto& file : plugin_files(folder)) {
      DiscoveredPlugin plugin;
      try {
        PluginHost host(PluginHost::ExactSearchPath{{}});
        plugin = describe_loaded(host, host.load_file(file));
      } catch (const std::exception& e) {  // reported in the result (Error or I/O); the scan goes on
        plugin.file = file;
        plugin.error = e.what();
      }
      for (const auto& earlier : found)
        if (earlier.file.filename() == file.filename() && !earlier.shadowed_by) plugin.shadowed_by = earlier.file;
      found.push_back(std::move(plugin));
    }
  }
  return found;
}

DiscoveredPlugin describe_plugin(const std::vector<fs::path>& search_path, std::string_view type) {
  const TypeName name = parse_type_name(type);
  const std::string file_name = plugin_file_name(name);
  const bool has_own_file = std::any_of(search_path.begin(), search_path.end(), [&](const fs::path& folder) {
    std::error_code ec;
    return fs::is_regular_file(folder / file_name, ec);
  });
  if (!has_own_file) {  // a type registered by a library named for another of its types
    for (auto& plugin : discover_plugins(search_path))
      if (!plugin.shadowed_by && std::any_of(plugin.types.begin(), plugin.types.end(),
                                             [&](const DiscoveredType& t) { return t.type == type; }))
        return std::move(plugin);
  }
  PluginHost host(PluginHost::ExactSearchPath{search_path});
  const PluginInfo& info = host.load(type);  // throws the not-found error (with near misses) if still unknown
  return describe_loaded(host, info);
}

}  // namespace herald::plugin_host
