#include "plugin_host/schema_table.hpp"

#include <fmt/format.h>

namespace herald::plugin_host {
namespace {

/// Escapes text for one Markdown table cell.
std::string cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string code(std::string_view text) { return text.empty() ? std::string("`\"\"`") : fmt::format("`{}`", cell(text)); }

std::string number_text(double value) { return fmt::format("{}", value); }

std::string type_text(const sdk::SettingSpec& spec) {
  std::string text(to_string(spec.type));
  if (spec.type == sdk::SettingType::kEnum && !spec.allowed.empty())
    return fmt::format("{}: {}", text, fmt::join(spec.allowed, ", "));
  const bool ranged = spec.type == sdk::SettingType::kInteger || spec.type == sdk::SettingType::kNumber;
  if (ranged && (spec.minimum || spec.maximum))
    text += fmt::format(" ({}..{})", spec.minimum ? number_text(*spec.minimum) : "",
                        spec.maximum ? number_text(*spec.maximum) : "");
  return text;
}

std::string default_text(const sdk::SettingSpec& spec) {
  if (!spec.default_value) return "";
  if (spec.secret) return "***";
  return code(format_setting_value(*spec.default_value));
}

}  // namespace

std::string format_setting_value(const sdk::SettingValue& value) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return number_text(d); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const std::vector<std::string>& list) const {
      return fmt::format("[{}]", fmt::join(list, ", "));
    }
  };
  return std::visit(Visitor{}, value);
}

std::string format_schema_table(const sdk::SettingsSchema& schema) {
  if (schema.specs.empty()) return "(no settings)\n";
  std::string table = "| Name | Type | Default | Required | Description |\n|---|---|---|---|---|\n";
  for (const auto& spec : schema.specs)
    table += fmt::format("| {} | {} | {} | {} | {} |\n", code(spec.name), cell(type_text(spec)), default_text(spec),
                         spec.required ? "yes" : "no", cell(spec.description));
  return table;
}

}  // namespace herald::plugin_host
