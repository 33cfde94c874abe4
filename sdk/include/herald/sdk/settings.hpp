#pragma once
/// Typed settings of a plugin instance: the schema a factory declares, and the validated values the
/// kernel hands to its constructor. The same schema drives `herald plugins describe` and README tables.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace herald::sdk {
inline namespace v1 {

enum class SettingType {
  kString,      ///< any text
  kInteger,     ///< 64-bit signed integer; `minimum`/`maximum` apply
  kNumber,      ///< double; `minimum`/`maximum` apply
  kBoolean,     ///< true/false
  kStringList,  ///< JSON array of strings
  kPath,        ///< file or folder path; relative paths resolve against the config file's folder
  kEnum,        ///< one of `allowed`
};
std::string_view to_string(SettingType type) noexcept;

using SettingValue = std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>>;

/// One key a plugin accepts.
struct SettingSpec {
  std::string name;
  SettingType type = SettingType::kString;
  std::string description;
  bool required = false;
  bool secret = false;  ///< value never printed in logs, errors or `plugins describe`
  std::optional<SettingValue> default_value;
  std::optional<double> minimum, maximum;  ///< inclusive range for kInteger/kNumber
  std::vector<std::string> allowed;        ///< kEnum values
};

/// The keys a factory accepts, in declaration order. Unknown keys are errors.
struct SettingsSchema {
  std::vector<SettingSpec> specs;

  SettingsSchema& add(SettingSpec spec) {
    specs.push_back(std::move(spec));
    return *this;
  }
  const SettingSpec* find(std::string_view name) const noexcept;
};

/// Validated values of one instance: every key of the schema that was given or has a default.
/// Accessors throw herald::sdk::Error naming the key if it is absent or of another type
/// (a plugin bug, since the kernel validated against the plugin's own schema).
class Settings {
public:
  Settings() = default;
  explicit Settings(std::map<std::string, SettingValue> values) : values_(std::move(values)) {}

  bool has(const std::string& key) const noexcept { return values_.count(key) != 0; }
  const std::string& get_string(const std::string& key) const;  ///< kString, kPath (absolute), kEnum
  std::int64_t get_integer(const std::string& key) const;
  double get_number(const std::string& key) const;  ///< kNumber (a kInteger value converts)
  bool get_boolean(const std::string& key) const;
  const std::vector<std::string>& get_string_list(const std::string& key) const;
  const std::map<std::string, SettingValue>& values() const noexcept { return values_; }

private:
  std::map<std::string, SettingValue> values_;
};

}  // namespace v1
}  // namespace herald::sdk
