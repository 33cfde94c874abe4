#include "herald/sdk/error.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {
std::string compose(const std::string& where, const std::string& message, const std::string& hint) {
  std::string text = where.empty() ? message : where + ": " + message;
  if (!hint.empty()) text += ". " + hint;
  return text;
}
}  // namespace

Error::Error(std::string where, std::string message, std::string hint)
    : std::runtime_error(compose(where, message, hint)),
      where_(std::move(where)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

}  // namespace v1
}  // namespace herald::sdk
