#pragma once
/// Errors that cross the SDK boundary. Every Herald error says where (a config path, a file and line,
/// a JSON path), what went wrong, and when useful a hint: `<where>: <what>. <hint>`.
#include <stdexcept>
#include <string>

namespace herald::sdk {
inline namespace v1 {

/// Base of every error Herald throws. `where()` is the location at fault ("channels[0].settings.url",
/// "data.csv:12:3", "$.Dimensions.Attributes"), empty when none applies; `what()` is the full message.
class Error : public std::runtime_error {
public:
  Error(std::string where, std::string message, std::string hint = {});
  const std::string& where() const noexcept { return where_; }
  const std::string& message() const noexcept { return message_; }
  const std::string& hint() const noexcept { return hint_; }

private:
  std::string where_;
  std::string message_;
  std::string hint_;
};

/// Thrown by a plugin for a failure that retrying may fix (network down, server busy).
class TransientError : public Error {
public:
  using Error::Error;
};

}  // namespace v1
}  // namespace herald::sdk
