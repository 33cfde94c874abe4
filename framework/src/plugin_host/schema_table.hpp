#pragma once
/// The settings schema of a plugin type as a Markdown table, for `herald plugins describe` and each
/// plugin's README (DESIGN.md: "The same schema drives `herald plugins describe` and each plugin's README table").
#include <string>

#include "herald/sdk/settings.hpp"

namespace herald::plugin_host {

/// A Markdown table, one row per setting in declaration order:
///
///   | Name | Type | Default | Required | Description |
///   |---|---|---|---|---|
///   | `port` | integer (1..65535) | `25` | no | SMTP port |
///
/// Type shows the range of integers/numbers and the allowed values of enums; Default is empty when there
/// is none, and `***` for secrets (a secret's default is never printed); Required is yes/no. '|' in text is
/// escaped and line breaks become spaces, so every row stays one table row. A schema with no settings
/// gives the line "(no settings)" instead of a table. Ends with a newline.
std::string format_schema_table(const sdk::SettingsSchema& schema);

/// A setting value as text: strings as is, integers and numbers in shortest form, true/false,
/// lists as `[a, b]`.
std::string format_setting_value(const sdk::SettingValue& value);

}  // namespace herald::plugin_host
