#pragma once
/// Plugin type names and the file that holds each type.
///
/// A type name is `<prefix>/<name>`:
///   - first-party types use a kind prefix: `channel/`, `source/` (segment sources), `scheduler/`, `sink/`
///     (analytics sinks), e.g. "channel/email-smtp";
///   - third parties use a reverse-DNS prefix (it contains a dot), e.g. "com.example/foo".
/// `<name>` and the prefix use lower-case letters, digits, '-', '_' and '.'; no further '/'.
///
/// File mapping (the rule `herald plugins` documents): the '/' becomes '-', the name gets the `herald-`
/// prefix and the `.so` suffix:
///   "channel/email-smtp" -> "herald-channel-email-smtp.so"
///   "com.example/foo"    -> "herald-com.example-foo.so"
/// Source: DESIGN.md "Plugin ABI" (herald_add_plugin names modules `herald-<kind>-<name>.so`).
#include <optional>
#include <string>
#include <string_view>

namespace herald::plugin_host {

/// The four factory kinds a plugin can register (sdk/plugin.hpp's Registrar).
enum class PluginKind { kChannel, kSegmentSource, kScheduler, kAnalyticsSink };

/// Human name of a kind: "channel", "segment source", "scheduler", "analytics sink".
std::string_view to_string(PluginKind kind) noexcept;

/// The type-name prefix of a first-party kind: "channel", "source", "scheduler", "sink".
std::string_view type_prefix(PluginKind kind) noexcept;

/// The kind a first-party prefix names ("source" -> kSegmentSource); nullopt for any other prefix.
std::optional<PluginKind> kind_from_prefix(std::string_view prefix) noexcept;

/// A parsed type name.
struct TypeName {
  std::string prefix;  ///< "channel" or "com.example"
  std::string name;    ///< "email-smtp"
  /// True when the prefix is reverse-DNS (contains a dot): a third-party type.
  bool third_party() const noexcept { return prefix.find('.') != std::string::npos; }
  std::string full() const { return prefix + "/" + name; }
};

/// Parses `<prefix>/<name>`. Throws herald::sdk::Error(type, what, hint) when the text is not a valid
/// type name (no '/', empty part, upper case, a character outside [a-z0-9._-], an unknown first-party
/// prefix such as "channels/x").
TypeName parse_type_name(std::string_view type);

/// The plugin file name that holds `type` ("herald-channel-email-smtp.so"); see the mapping above.
std::string plugin_file_name(const TypeName& type);

/// True when a library file named `file_name` may register `type`: a first-party type from a file
/// named `herald-<kind>-*.so`, a third-party type "com.example/x" only from `herald-com.example-*.so`.
/// This stops a third-party library from taking over first-party (or another vendor's) type names.
bool file_may_register(std::string_view file_name, const TypeName& type) noexcept;

}  // namespace herald::plugin_host
