#pragma once
/// Validation of plugin instance settings against the factories' schemas (herald/sdk/settings.hpp),
/// before anything is constructed: every instance is checked and every problem is reported at once,
/// each with its full config path. Values of secret settings never appear in a message.
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "config/config_error.hpp"
#include "config/config_node.hpp"
#include "config/herald_config.hpp"
#include "herald/sdk/settings.hpp"

namespace herald::config {

/// Finds the schema of a plugin type ("channel/email-smtp"). Returns nullptr and sets `error_out` (e.g.
/// "no plugin provides 'channel/fax'; loaded: channel/outbox") when the type is unknown. The pointer must
/// stay valid during the validate_instances() call. Provided by the plugin host.
using SchemaLookup =
    std::function<const sdk::SettingsSchema*(const std::string& type, std::string& error_out)>;

/// Checks `settings` (an object such as "channels[0].settings", or an is_missing() placeholder) against
/// `schema` and records each problem in `problems` at its path:
/// - unknown key: "unknown setting 'urll'; allowed: url, port. Did you mean 'url'?"
/// - required and absent: "required setting is missing"
/// - wrong type / out of range / not an allowed enum value: the ConfigNode getter's message.
/// Returns the values: given ones converted to the spec's type, absent ones from `default_value`;
/// kPath values (defaults too) are absolute, resolved against the config file's folder; kEnum and kPath
/// are strings; kInteger int64; kNumber double; kBoolean bool; kStringList vector<string>.
/// A default whose type does not match its spec is recorded as a problem (a plugin bug).
sdk::Settings validate_settings(const sdk::SettingsSchema& schema, const ConfigNode& settings, ProblemList& problems);

/// The same, throwing ConfigError (where = the config file) listing every problem.
sdk::Settings validate_settings(const sdk::SettingsSchema& schema, const ConfigNode& settings);

/// Validates the settings of every instance of `config` (channels, sources, sinks, schedulers) and
/// records all problems in `problems`; an unknown type is reported at "<instance>.type" with the text
/// `lookup` put in error_out. Returns the validated Settings of each instance without problems, by id.
std::map<std::string, sdk::Settings> validate_instances(const HeraldConfig& config, const SchemaLookup& lookup,
                                                        ProblemList& problems);

/// The same, throwing ConfigError (where = the config file) listing every problem of every instance.
std::map<std::string, sdk::Settings> validate_instances(const HeraldConfig& config, const SchemaLookup& lookup);

/// A configuration whose structure, cross-references and plugin settings were all checked.
struct ValidatedConfig {
  HeraldConfig config;
  std::map<std::string, sdk::Settings> settings;  ///< by instance id
};

/// Loads `file`, checks its structure and every instance's settings, and throws one ConfigError listing
/// every problem found by both passes (sdk::Error for an unreadable file or a syntax error).
ValidatedConfig load_and_validate(const std::filesystem::path& file, const SchemaLookup& lookup);

}  // namespace herald::config
