#include "plugin_host/schema_table.hpp"

#include <gtest/gtest.h>

namespace herald::plugin_host {
namespace {
using sdk::SettingType;
using sdk::SettingValue;

TEST(SchemaTable, FormatsRangesListsAndEscapes) {
  sdk::SettingsSchema schema;
  schema.add({.name = "port", .type = SettingType::kInteger, .description = "SMTP port",
              .default_value = SettingValue{std::int64_t{25}}, .minimum = 1, .maximum = 65535})
      .add({.name = "timeout", .type = SettingType::kNumber, .description = "Seconds\nper try",
            .default_value = SettingValue{2.5}, .minimum = 0.1})
      .add({.name = "cc", .type = SettingType::kStringList, .description = "a|b",
            .default_value = SettingValue{std::vector<std::string>{"x", "y"}}})
      .add({.name = "from", .type = SettingType::kString, .description = "Sender", .required = true,
            .default_value = SettingValue{std::string()}})
      .add({.name = "password", .type = SettingType::kString, .description = "Login", .secret = true});
  EXPECT_EQ(format_schema_table(schema),
            "| Name | Type | Default | Required | Description |\n"
            "|---|---|---|---|---|\n"
            "| `port` | integer (1..65535) | `25` | no | SMTP port |\n"
            "| `timeout` | number (0.1..) | `2.5` | no | Seconds per try |\n"
            "| `cc` | list of strings | `[x, y]` | no | a\\|b |\n"
            "| `from` | string | `\"\"` | yes | Sender |\n"
            "| `password` | string |  | no | Login |\n");
}

TEST(SchemaTable, FormatsValues) {
  EXPECT_EQ(format_setting_value(SettingValue{true}), "true");
  EXPECT_EQ(format_setting_value(SettingValue{std::int64_t{-3}}), "-3");
  EXPECT_EQ(format_setting_value(SettingValue{0.25}), "0.25");
}

}  // namespace
}  // namespace herald::plugin_host
