#include "plugin_host/search_path.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <system_error>

#include "herald/sdk/error.hpp"

namespace herald::plugin_host {
namespace fs = std::filesystem;
namespace {

struct NearMiss {
  std::size_t distance;
  fs::path file;
};

constexpr std::size_t kMaxSuggestions = 5;

/// Files of `folder` close to `wanted` by edit distance, or plugins of the same kind prefix.
void collect_near_misses(const fs::path& folder, const std::string& wanted, const std::string& kind_prefix,
                         std::vector<NearMiss>& out) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) return;  // a missing or unreadable folder is already listed as searched
  const std::size_t max_distance = std::max<std::size_t>(3, wanted.size() / 4);
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    const std::size_t distance = edit_distance(name, wanted);
    const bool same_kind = name.starts_with(kind_prefix) && name.ends_with(".so");
    if (distance <= max_distance || same_kind) out.push_back({distance, it->path()});
  }
}

std::string describe_near_misses(std::vector<NearMiss> misses) {
  std::stable_sort(misses.begin(), misses.end(),
                   [](const NearMiss& a, const NearMiss& b) { return a.distance < b.distance; });
  if (misses.size() > kMaxSuggestions) misses.resize(kMaxSuggestions);
  std::vector<std::string> names;
  for (const auto& miss : misses) names.push_back(miss.file.string());
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<fs::path> make_search_path(const std::vector<fs::path>& configured, std::string_view env_value) {
  std::vector<fs::path> folders;
  auto add = [&](fs::path folder) {
    if (folder.empty()) return;
    folder = folder.lexically_normal();
    if (!folder.has_filename() && folder != folder.root_path()) folder = folder.parent_path();  // "a/" -> "a"
    if (std::find(folders.begin(), folders.end(), folder) == folders.end()) folders.push_back(std::move(folder));
  };
  std::size_t start = 0;
  while (start <= env_value.size()) {
    const std::size_t colon = std::min(env_value.find(':', start), env_value.size());
    add(fs::path(std::string(env_value.substr(start, colon - start))));
    start = colon + 1;
  }
  for (const auto& folder : configured) add(folder);
  return folders;
}

std::vector<fs::path> make_search_path(const std::vector<fs::path>& configured) {
  const char* env = std::getenv(kPluginPathEnv);
  return make_search_path(configured, env ? std::string_view(env) : std::string_view());
}

fs::path locate_plugin(const TypeName& type, const std::vector<fs::path>& search_path) {
  const std::string file_name = plugin_file_name(type);
  std::vector<std::string> searched;
  std::vector<NearMiss> near_misses;
  for (const auto& folder : search_path) {
    const fs::path candidate = folder / file_name;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    searched.push_back(fs::is_directory(folder, ec) ? candidate.string()
                                                    : candidate.string() + " (folder does not exist)");
    collect_near_misses(folder, file_name, "herald-" + type.prefix + "-", near_misses);
  }
  const std::string what =
      searched.empty()
          ? fmt::format("plugin not found: the plugin search path is empty, so {} cannot be found", file_name)
          : fmt::format("plugin not found: no {} in the search path; searched {}", file_name,
                        fmt::join(searched, ", "));
  std::string hint;
  if (!near_misses.empty()) hint = "Did you mean " + describe_near_misses(std::move(near_misses)) + "? ";
  hint += fmt::format("Check the type name, or add the folder holding {} to plugins.search_path in the config "
                      "or to {} (colon-separated)",
                      file_name, kPluginPathEnv);
  throw sdk::Error(type.full(), what, hint);
}

}  // namespace herald::plugin_host
