#pragma once
/// The plugin search path and how a type's file is found in it.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "plugin_host/type_name.hpp"

namespace herald::plugin_host {

/// Name of the environment variable whose colon-separated folders are searched before the configured ones.
inline constexpr const char* kPluginPathEnv = "HERALD_PLUGIN_PATH";

/// The folders to search, in order: those of `env_value` (colon-separated, as in HERALD_PLUGIN_PATH; empty
/// entries are ignored), then `configured`. A folder listed twice is kept only at its first place.
/// Paths are kept as given (relative ones resolve against the working directory when searched; the
/// config layer resolves `plugins.search_path` against the config file's folder before passing it).
std::vector<std::filesystem::path> make_search_path(const std::vector<std::filesystem::path>& configured,
                                                    std::string_view env_value);

/// make_search_path(configured, value of HERALD_PLUGIN_PATH or "").
std::vector<std::filesystem::path> make_search_path(const std::vector<std::filesystem::path>& configured);

/// Finds the file holding `type` (see plugin_file_name): the first folder of `search_path` that has it.
/// Throws herald::sdk::Error when no folder has it:
///   `<type>: plugin not found: no herald-<...>.so in the search path; searched <every candidate path>.
///    Did you mean <near-miss files>? <how to add a folder>`
/// Near misses are files in the searched folders whose name is within a small edit distance of the
/// expected file name, or other plugins of the same kind (`herald-channel-*.so`).
std::filesystem::path locate_plugin(const TypeName& type, const std::vector<std::filesystem::path>& search_path);

/// Levenshtein edit distance (insertions, deletions, substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace herald::plugin_host
