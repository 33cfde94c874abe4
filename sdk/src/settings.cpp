#include "herald/sdk/settings.hpp"

#include "herald/sdk/error.hpp"

namespace herald::sdk {
inline namespace v1 {

std::string_view to_string(SettingType type) noexcept {
  switch (type) {
    case SettingType::kString: return "string";
    case SettingType::kInteger: return "integer";
    case SettingType::kNumber: return "number";
    case SettingType::kBoolean: return "boolean";
    case SettingType::kStringList: return "list of strings";
    case SettingType::kPath: return "path";
    case SettingType::kEnum: return "enum";
  }
  return "unknown";
}

const SettingSpec* SettingsSchema::find(std::string_view name) const noexcept {
  for (const auto& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

namespace {
template <typename T>
const T& typed(const std::map<std::string, SettingValue>& values, const std::string& key, const char* type) {
  const auto it = values.find(key);
  if (it == values.end()) throw Error("settings." + key, "is not set", "Declare a default or mark it required");
  if (const T* value = std::get_if<T>(&it->second)) return *value;
  throw Error("settings." + key, std::string("is not a ") + type);
}
}  // namespace

const std::string& Settings::get_string(const std::string& key) const { return typed<std::string>(values_, key, "string"); }
std::int64_t Settings::get_integer(const std::string& key) const { return typed<std::int64_t>(values_, key, "integer"); }
double Settings::get_number(const std::string& key) const {
  const auto it = values_.find(key);
  if (it != values_.end())
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*i);
  return typed<double>(values_, key, "number");
}
bool Settings::get_boolean(const std::string& key) const { return typed<bool>(values_, key, "boolean"); }
const std::vector<std::string>& Settings::get_string_list(const std::string& key) const {
  return typed<std::vector<std::string>>(values_, key, "list of strings");
}

}  // namespace v1
}  // namespace herald::sdk
