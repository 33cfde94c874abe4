#include "definitions/json_reader.hpp"

#include <fstream>
#include <sstream>

#include "herald/sdk/error.hpp"

namespace herald::definitions {

JsonReader JsonReader::at(const std::string& key) const {
  if (!value_->is_object()) fail("expected an object");
  const auto it = value_->find(key);
  if (it == value_->end()) JsonReader(*value_, file_, path_ + "." + key).fail("is required");
  return JsonReader(*it, file_, path_ + "." + key);
}

std::optional<JsonReader> JsonReader::find(const std::string& key) const {
  if (!value_->is_object()) return std::nullopt;
  const auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return JsonReader(*it, file_, path_ + "." + key);
}

std::string JsonReader::string(const std::string& key) const {
  const auto member = at(key);
  if (!member.value().is_string()) member.fail("expected a string, got " + member.value().dump());
  return member.value().get<std::string>();
}

std::string JsonReader::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) && !value_->at(key).is_null() ? string(key) : fallback;
}

std::optional<double> JsonReader::number(const std::string& key) const {
  const auto member = find(key);
  if (!member) return std::nullopt;
  if (!member->value().is_number()) member->fail("expected a number, got " + member->value().dump());
  return member->value().get<double>();
}

bool JsonReader::boolean_or(const std::string& key, bool fallback) const {
  const auto member = find(key);
  if (!member) return fallback;
  if (!member->value().is_boolean()) member->fail("expected true or false, got " + member->value().dump());
  return member->value().get<bool>();
}

void JsonReader::only(std::initializer_list<const char*> allowed) const {
  if (!value_->is_object()) fail("expected an object");
  for (const auto& [key, unused] : value_->items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (known) continue;
    std::string list;
    for (const char* name : allowed) list += std::string(list.empty() ? "" : ", ") + name;
    JsonReader(*value_, file_, path_ + "." + key).fail("unknown member", "Allowed members are: " + list);
  }
}

void JsonReader::fail(const std::string& message, const std::string& hint) const {
  throw sdk::Error(file_ + ": " + path_, message, hint);
}

nlohmann::json parse_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sdk::Error(path, "cannot open the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Convert the byte offset into line:column.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    const auto colon = what.rfind(": ");
    throw sdk::Error(path + ":" + std::to_string(line) + ":" + std::to_string(column), "invalid JSON",
                     colon == std::string::npos ? what : what.substr(colon + 2));
  }
}

}  // namespace herald::definitions
