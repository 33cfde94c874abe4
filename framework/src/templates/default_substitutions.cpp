#include "templates/default_substitutions.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herald/sdk/error.hpp"

namespace herald::templates {

const std::string* DefaultSubstitutions::find(std::string_view path) const noexcept {
  const auto it = values_.find(path);
  return it == values_.end() ? nullptr : &it->second;
}

DefaultSubstitutions DefaultSubstitutions::parse(std::string_view json_text, std::string_view where) {
  DefaultSubstitutions result;
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return result;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw sdk::Error(std::string(where), fmt::format("not valid JSON (byte {}): {}", e.byte, e.what()),
                     "DefaultSubstitutions is a JSON object serialized as a string: {\"User.UserAttributes.FirstName\":\"there\"}");
  }
  if (!doc.is_object()) {
    throw sdk::Error(std::string(where), fmt::format("expected a JSON object, got {}", doc.type_name()));
  }
  for (const auto& [key, value] : doc.items()) {
    if (value.is_string()) {
      result.set(key, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      result.set(key, value.dump());
    } else {
      throw sdk::Error(fmt::format("{}.{}", where, key),
                       fmt::format("a default must be a string, number or boolean, got {}", value.type_name()));
    }
  }
  return result;
}

}  // namespace herald::templates
