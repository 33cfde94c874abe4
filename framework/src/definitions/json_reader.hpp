#pragma once
/// Reading definition JSON (Pinpoint request shapes) with errors that name the file and JSON path:
/// "definitions/campaigns/x.json: $.Schedule.StartTime: expected a string".
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace herald::definitions {

/// A JSON value with the path that led to it, for precise errors.
class JsonReader {
public:
  JsonReader(const nlohmann::json& value, std::string file, std::string path = "$")
      : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

  const nlohmann::json& value() const noexcept { return *value_; }
  const std::string& path() const noexcept { return path_; }
  bool has(const std::string& key) const { return value_->is_object() && value_->contains(key); }
  /// The member `key`; throws sdk::Error when this is not an object or the key is missing.
  JsonReader at(const std::string& key) const;
  std::optional<JsonReader> find(const std::string& key) const;
  std::string string(const std::string& key) const;  ///< required string member
  std::string string_or(const std::string& key, const std::string& fallback) const;
  std::optional<double> number(const std::string& key) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  /// Throws when a member is not in `allowed`, naming it and the allowed keys.
  void only(std::initializer_list<const char*> allowed) const;
  [[noreturn]] void fail(const std::string& message, const std::string& hint = {}) const;

private:
  const nlohmann::json* value_;
  std::string file_;
  std::string path_;
};

/// Parses a whole file as JSON; throws sdk::Error "file:line:column: ..." on a syntax error.
nlohmann::json parse_json_file(const std::string& path);

}  // namespace herald::definitions
