#pragma once
/// The configuration model of a Herald deployment (DESIGN.md, "Configuration"): store, plugin search
/// path, output folder, limits, plugin instances (channels, sources, sinks, schedulers) and projects.
/// Parsing checks the structure and cross-references; plugin settings are checked against each
/// factory's schema later by validate_instances() (settings_validation.hpp). Nothing is constructed here.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.hpp"
#include "config/config_node.hpp"
#include "herald/sdk/channel_type.hpp"

namespace herald::config {

/// The four plugin kinds configured as instance lists.
enum class PluginKind { kChannel, kSource, kSink, kScheduler };

/// "channel", "source", "sink", "scheduler": the prefix of a plugin type name ("channel/email-smtp").
std::string_view to_string(PluginKind kind) noexcept;
/// "channels", "sources", "sinks", "schedulers": the top-level key that lists instances of `kind`.
std::string_view list_key(PluginKind kind) noexcept;
/// Every kind, in the order instances are listed and validated.
inline constexpr PluginKind kPluginKinds[] = {PluginKind::kChannel, PluginKind::kSource, PluginKind::kSink,
                                              PluginKind::kScheduler};

/// One configured plugin instance: `{ "id": "email", "type": "channel/email-smtp", "settings": {...} }`.
struct PluginInstanceConfig {
  std::string id;     ///< unique across all instances; [A-Za-z0-9_-]+
  std::string type;   ///< "<kind>/<name>", e.g. "channel/email-smtp"; the kind matches the list it is in
  PluginKind kind = PluginKind::kChannel;
  ConfigNode node;      ///< the entry itself, path "channels[0]"
  ConfigNode settings;  ///< path "channels[0].settings"; an empty placeholder (is_missing()) when absent

  const std::string& path() const noexcept { return node.path(); }
};

/// A project's use of a channel type: `"EMAIL": { "use": "email", "from": "Shop <news@example.com>" }`.
struct ProjectChannelConfig {
  sdk::ChannelType type = sdk::ChannelType::kEmail;  ///< the key, a Pinpoint ChannelType name
  std::string use;        ///< id of a channel instance (checked)
  std::string from;       ///< sender (address, number, sender id); "" when not given
  bool enabled = true;
  ConfigNode node;        ///< path "projects[0].channels.EMAIL"
};

/// One project (Pinpoint "application").
struct ProjectConfig {
  std::string id;    ///< unique among projects; [A-Za-z0-9_-]+
  std::string name;  ///< display name; defaults to id
  std::vector<ProjectChannelConfig> channels;  ///< in document order, one per channel type
  std::optional<std::filesystem::path> definitions;  ///< absolute folder of definition files, if given
  std::vector<std::string> imports;  ///< ids of source instances imported into the project on run (checked)
  ConfigNode node;   ///< path "projects[0]"

  /// The project's settings for `type`, or nullptr when the project does not use that channel type.
  const ProjectChannelConfig* channel(sdk::ChannelType type) const noexcept;
};

/// The whole configuration file. Defaults and rules (all relative paths resolve against root.folder()):
/// - store.url: default "sqlite3://var/herald.db"; the path of a sqlite3 URL is made absolute
///   ("sqlite3:///abs/var/herald.db"); schemes sqlite3 and postgresql are accepted.
/// - plugins.search_path: list of folders (absolute after load); default empty.
/// - var: folder for outputs; default "var".
/// - limits.max_endpoints_per_user: default 10, 1..1000.
/// - channels/sources/sinks/schedulers: PluginInstanceConfig lists; projects: ProjectConfig list.
/// Unknown keys anywhere are errors listing the allowed keys.
struct HeraldConfig {
  ConfigNode root;
  std::string store_url = "sqlite3://var/herald.db";
  std::vector<std::filesystem::path> plugin_search_path;
  std::filesystem::path var_folder;
  std::int64_t max_endpoints_per_user = 10;
  std::vector<PluginInstanceConfig> channels, sources, sinks, schedulers;
  std::vector<ProjectConfig> projects;

  /// Loads and checks `file`. Throws sdk::Error for an unreadable file or a syntax error (where =
  /// "file:line"), ConfigError listing every structural and cross-reference problem otherwise.
  static HeraldConfig load(const std::filesystem::path& file);

  /// Checks an already parsed document; throws ConfigError listing every problem.
  static HeraldConfig from_node(const ConfigNode& root);

  /// Best effort: records every problem in `problems` and returns what could be read (instances and
  /// projects with a broken id or type are left out). Lets a caller add settings problems
  /// (validate_instances) and report everything together.
  static HeraldConfig from_node(const ConfigNode& root, ProblemList& problems);

  /// The file as the user named it (for ConfigError).
  const std::string& file_label() const noexcept { return root.file_label(); }
  /// The instance list for `kind`.
  const std::vector<PluginInstanceConfig>& instances_of(PluginKind kind) const noexcept;
  /// All instances: channels, sources, sinks, schedulers, each in document order.
  std::vector<const PluginInstanceConfig*> instances() const;
  /// The instance with `id` (any kind), or nullptr.
  const PluginInstanceConfig* find_instance(std::string_view id) const noexcept;
  /// The project with `id`, or nullptr.
  const ProjectConfig* find_project(std::string_view id) const noexcept;
};

}  // namespace herald::config
