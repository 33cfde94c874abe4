#pragma once
/// Pinpoint's rules for endpoint values, shared by every reader of endpoint records (CSV columns,
/// NDJSON lines, API bodies) so that the same value is accepted or rejected everywhere with the same
/// words. Sources: Pinpoint User Guide "Importing segments" (attribute name <= 50 and value <= 100
/// characters, SMS addresses in E.164), Developer Guide quotas.md (<= 50 values per attribute).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "herald/sdk/endpoint.hpp"

namespace herald::sdk {
inline namespace v1 {

/// Longest custom attribute or metric name, in characters (Pinpoint quota).
inline constexpr std::size_t kMaxAttributeNameLength = 50;
/// Longest custom attribute value, in characters (Pinpoint quota).
inline constexpr std::size_t kMaxAttributeValueLength = 100;
/// Most values one custom attribute may hold (Pinpoint quota).
inline constexpr std::size_t kMaxAttributeValues = 50;

/// Number of Unicode code points in UTF-8 text; nullopt when `text` is not valid UTF-8
/// (overlong forms, surrogates and truncated sequences are invalid).
std::optional<std::size_t> utf8_length(std::string_view text) noexcept;

/// Why `address` cannot be an address of `channel`, or nullopt when it can. EMAIL: one `@` with text
/// on both sides and a dot-free-or-dotted domain, no spaces, `<` or `>`. SMS and VOICE: E.164, a `+`
/// then 8 to 15 digits. Other channels (device tokens, ids): any non-empty text. The caller trims.
std::optional<std::string> check_address(ChannelType channel, std::string_view address);

/// Why `name` cannot name a custom attribute or metric (empty, longer than 50 characters, not
/// UTF-8), or nullopt when it can.
std::optional<std::string> check_attribute_name(std::string_view name);

/// Why `value` cannot be a custom attribute value (longer than 100 characters, not UTF-8), or
/// nullopt when it can.
std::optional<std::string> check_attribute_value(std::string_view value);

/// Checks a whole endpoint against the rules above: the address against its channel (when both are
/// set), every attribute and user attribute name, value and value count, every metric name and that
/// metrics are finite. Throws Error whose where() is `where` followed by the JSON path of the first
/// offending field (e.g. "data.ndjson:3: $.Attributes.plan[1]").
void validate_endpoint(const Endpoint& endpoint, const std::string& where);

/// Text with leading and trailing ASCII whitespace (space, tab, CR, LF) removed.
std::string_view trim_ascii(std::string_view text) noexcept;

}  // namespace v1
}  // namespace herald::sdk
