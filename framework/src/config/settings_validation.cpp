#include "config/settings_validation.hpp"

#include <cmath>
#include <limits>

#include "config/suggest.hpp"
#include "herald/sdk/error.hpp"

namespace herald::config {
namespace {

std::int64_t integer_bound(const std::optional<double>& bound, bool lower) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (!bound) return lower ? kMin : kMax;
  const double rounded = lower ? std::ceil(*bound) : std::floor(*bound);
  if (rounded <= static_cast<double>(kMin)) return kMin;
  if (rounded >= static_cast<double>(kMax)) return kMax;
  return static_cast<std::int64_t>(rounded);
}

sdk::SettingValue read_value(const sdk::SettingSpec& spec, const ConfigNode& node) {
  switch (spec.type) {
    case sdk::SettingType::kString: return node.as_string();
    case sdk::SettingType::kInteger:
      return node.as_int(integer_bound(spec.minimum, true), integer_bound(spec.maximum, false));
    case sdk::SettingType::kNumber: return node.as_double(spec.minimum, spec.maximum);
    case sdk::SettingType::kBoolean: return node.as_bool();
    case sdk::SettingType::kStringList: return node.as_string_list();
    case sdk::SettingType::kPath: return node.as_path().string();
    case sdk::SettingType::kEnum: return node.as_enum(spec.allowed);
  }
  throw sdk::Error(node.where(), "setting has an unknown type");
}

bool default_matches(const sdk::SettingSpec& spec, const sdk::SettingValue& value) {
  switch (spec.type) {
    case sdk::SettingType::kString:
    case sdk::SettingType::kPath:
    case sdk::SettingType::kEnum: return std::holds_alternative<std::string>(value);
    case sdk::SettingType::kInteger: return std::holds_alternative<std::int64_t>(value);
    case sdk::SettingType::kNumber:
      return std::holds_alternative<double>(value) || std::holds_alternative<std::int64_t>(value);
    case sdk::SettingType::kBoolean: return std::holds_alternative<bool>(value);
    case sdk::SettingType::kStringList: return std::holds_alternative<std::vector<std::string>>(value);
  }
  return false;
}

// The default of `spec`, converted like a configured value (paths resolved, integers as numbers).
std::optional<sdk::SettingValue> default_value(const sdk::SettingSpec& spec, const ConfigNode& settings,
                                               ProblemList& problems) {
  if (!spec.default_value) return std::nullopt;
  const auto& value = *spec.default_value;
  if (!default_matches(spec, value)) {
    problems.add(settings.child_path(spec.name), "the plugin declares a default that is not a " +
                                                     std::string(sdk::to_string(spec.type)) + " (a plugin bug)");
    return std::nullopt;
  }
  if (spec.type == sdk::SettingType::kPath) return settings.resolve(std::get<std::string>(value)).string();
  if (spec.type == sdk::SettingType::kNumber)
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  return value;
}

}  // namespace

sdk::Settings validate_settings(const sdk::SettingsSchema& schema, const ConfigNode& settings, ProblemList& problems) {
  std::map<std::string, sdk::SettingValue> values;
  if (!settings.is_object()) {
    problems.add(settings.path(), "expected an object of settings, got a " +
                                      std::string(settings.is_list() ? "list" : "value"));
    return sdk::Settings(std::move(values));
  }
  std::vector<std::string> allowed;
  for (const auto& spec : schema.specs) allowed.push_back(spec.name);
  for (const auto& entry : settings.entries())
    if (!schema.find(entry.key()))
      problems.add(entry.path(), unknown_key_message("setting", entry.key(), allowed));

  for (const auto& spec : schema.specs) {
    auto node = settings.find(spec.name);
    if (!node) {
      if (spec.required)
        problems.add(settings.child_path(spec.name), "required setting is missing" +
                                                         (spec.description.empty() ? "" : " (" + spec.description + ")"));
      else if (auto value = default_value(spec, settings, problems))
        values.emplace(spec.name, std::move(*value));
      continue;
    }
    const ConfigNode checked = spec.secret ? node->redacted() : *node;
    problems.attempt([&] { values.emplace(spec.name, read_value(spec, checked)); });
  }
  return sdk::Settings(std::move(values));
}

sdk::Settings validate_settings(const sdk::SettingsSchema& schema, const ConfigNode& settings) {
  ProblemList problems;
  sdk::Settings result = validate_settings(schema, settings, problems);
  problems.throw_if_any(settings.file_label());
  return result;
}

std::map<std::string, sdk::Settings> validate_instances(const HeraldConfig& config, const SchemaLookup& lookup,
                                                        ProblemList& problems) {
  std::map<std::string, sdk::Settings> out;
  for (const PluginInstanceConfig* instance : config.instances()) {
    std::string error;
    const sdk::SettingsSchema* schema = lookup(instance->type, error);
    if (!schema) {
      problems.add(instance->node.child_path("type"),
                   error.empty() ? "no loaded plugin provides type '" + instance->type + "'" : error);
      continue;
    }
    const std::size_t before = problems.size();
    sdk::Settings settings = validate_settings(*schema, instance->settings, problems);
    if (problems.size() == before) out.emplace(instance->id, std::move(settings));
  }
  return out;
}

std::map<std::string, sdk::Settings> validate_instances(const HeraldConfig& config, const SchemaLookup& lookup) {
  ProblemList problems;
  auto out = validate_instances(config, lookup, problems);
  problems.throw_if_any(config.file_label());
  return out;
}

ValidatedConfig load_and_validate(const std::filesystem::path& file, const SchemaLookup& lookup) {
  const ConfigNode root = ConfigNode::load_file(file);
  ProblemList problems;
  ValidatedConfig result{.config = HeraldConfig::from_node(root, problems)};
  result.settings = validate_instances(result.config, lookup, problems);
  problems.throw_if_any(root.file_label());
  return result;
}

}  // namespace herald::config
