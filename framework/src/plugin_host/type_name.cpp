#include "plugin_host/type_name.hpp"

#include <algorithm>
#include <array>

#include "herald/sdk/error.hpp"

namespace herald::plugin_host {
namespace {

constexpr std::array kAllKinds{PluginKind::kChannel, PluginKind::kSegmentSource, PluginKind::kScheduler,
                               PluginKind::kAnalyticsSink};

constexpr std::string_view kTypeHint =
    "A type name is <kind>/<name> with kind channel, source, scheduler or sink (e.g. channel/email-smtp), "
    "or <reverse-dns>/<name> for third-party plugins (e.g. com.example/foo), in lower case";

bool valid_part(std::string_view part) noexcept {
  if (part.empty() || part.front() == '.' || part.front() == '-') return false;
  return std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

std::string_view to_string(PluginKind kind) noexcept {
  switch (kind) {
    case PluginKind::kChannel: return "channel";
    case PluginKind::kSegmentSource: return "segment source";
    case PluginKind::kScheduler: return "scheduler";
    case PluginKind::kAnalyticsSink: return "analytics sink";
  }
  return "unknown";
}

std::string_view type_prefix(PluginKind kind) noexcept {
  switch (kind) {
    case PluginKind::kChannel: return "channel";
    case PluginKind::kSegmentSource: return "source";
    case PluginKind::kScheduler: return "scheduler";
    case PluginKind::kAnalyticsSink: return "sink";
  }
  return "unknown";
}

std::optional<PluginKind> kind_from_prefix(std::string_view prefix) noexcept {
  for (const PluginKind kind : kAllKinds)
    if (type_prefix(kind) == prefix) return kind;
  return std::nullopt;
}

TypeName parse_type_name(std::string_view type) {
  const std::string where(type);
  const auto slash = type.find('/');
  if (slash == std::string_view::npos)
    throw sdk::Error(where, "not a plugin type name: it has no '/'", std::string(kTypeHint));
  TypeName parsed{std::string(type.substr(0, slash)), std::string(type.substr(slash + 1))};
  if (!valid_part(parsed.prefix) || !valid_part(parsed.name))
    throw sdk::Error(where, "not a plugin type name: each part must be non-empty and use only a-z, 0-9, '-', '_', '.'",
                     std::string(kTypeHint));
  if (!parsed.third_party() && !kind_from_prefix(parsed.prefix))
    throw sdk::Error(where, "unknown plugin kind '" + parsed.prefix + "'", std::string(kTypeHint));
  return parsed;
}

std::string plugin_file_name(const TypeName& type) { return "herald-" + type.prefix + "-" + type.name + ".so"; }

bool file_may_register(std::string_view file_name, const TypeName& type) noexcept {
  if (type.third_party()) return file_name.starts_with("herald-" + type.prefix + "-");
  return std::any_of(kAllKinds.begin(), kAllKinds.end(), [&](PluginKind kind) {
    return file_name.starts_with("herald-" + std::string(type_prefix(kind)) + "-");
  });
}

}  // namespace herald::plugin_host
