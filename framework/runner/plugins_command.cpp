#include "plugins_command.hpp"

#include <fmt/format.h>

#include "plugin_host/discovery.hpp"
#include "plugin_host/schema_table.hpp"
#include "plugin_host/search_path.hpp"

namespace herald::runner {

int plugins_list(const std::vector<std::filesystem::path>& configured) {
  const auto search_path = plugin_host::make_search_path(configured);
  fmt::print("search path:\n");
  for (const auto& folder : search_path) fmt::print("  {}\n", folder.string());
  const auto plugins = plugin_host::discover_plugins(search_path);
  if (plugins.empty()) fmt::print("no plugin found\n");
  int failures = 0;
  for (const auto& plugin : plugins) {
    if (plugin.error) {
      ++failures;
      fmt::print("{}: NOT LOADABLE: {}\n", plugin.file.string(), *plugin.error);
      continue;
    }
    fmt::print("{} {} ({}){}\n", plugin.name, plugin.version, plugin.file.string(),
               plugin.shadowed_by ? " shadowed by " + plugin.shadowed_by->string() : std::string());
    for (const auto& type : plugin.types) fmt::print("  {:<28} {}\n", type.type, type.description);
  }
  return failures == 0 ? 0 : 1;
}

int plugins_describe(const std::vector<std::filesystem::path>& configured, const std::string& type) {
  const auto plugin = plugin_host::describe_plugin(plugin_host::make_search_path(configured), type);
  for (const auto& t : plugin.types) {
    if (t.type != type) continue;
    fmt::print("{}: {}\nplugin {} {} ({})\n\nsettings:\n\n{}", t.type, t.description, plugin.name, plugin.version,
               plugin.file.string(), plugin_host::format_schema_table(t.schema));
    return 0;
  }
  return 1;
}

}  // namespace herald::runner
