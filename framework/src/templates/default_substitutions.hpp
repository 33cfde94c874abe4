#pragma once
/// Pinpoint's DefaultSubstitutions: text used for a variable when the recipient has no value for it.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace herald::templates {

/// A map from a variable path as written in the template (`User.UserAttributes.FirstName`) to the
/// default text rendered when that `{{path}}` renders empty (missing, null, "", [], [""]).
/// Source: Pinpoint template field DefaultSubstitutions (a JSON object serialized as a string).
class DefaultSubstitutions {
public:
  DefaultSubstitutions() = default;
  /// Takes the given path -> text map.
  explicit DefaultSubstitutions(std::map<std::string, std::string, std::less<>> values) : values_(std::move(values)) {}

  /// Parses the JSON text of Pinpoint's DefaultSubstitutions field, e.g.
  /// `{"User.UserAttributes.FirstName":"there"}`. Values may be strings, numbers or booleans
  /// (numbers and booleans are kept as their JSON text); an empty text yields no defaults.
  /// Throws herald::sdk::Error at `where` (e.g. "templates/welcome.DefaultSubstitutions") when the text
  /// is not JSON, not an object, or a value is null, an array or an object.
  static DefaultSubstitutions parse(std::string_view json_text, std::string_view where = "DefaultSubstitutions");

  /// The default text for `path`, or null.
  const std::string* find(std::string_view path) const noexcept;
  /// Adds or replaces the default for `path`.
  void set(std::string path, std::string text) { values_.insert_or_assign(std::move(path), std::move(text)); }
  bool empty() const noexcept { return values_.empty(); }
  std::size_t size() const noexcept { return values_.size(); }
  const std::map<std::string, std::string, std::less<>>& values() const noexcept { return values_; }

private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace herald::templates
