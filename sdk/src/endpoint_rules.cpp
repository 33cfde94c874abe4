// Pinpoint's value rules for endpoints (User Guide "Importing segments"; Developer Guide quotas.md).
#include "herald/sdk/endpoint_rules.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {

std::string join_where(const std::string& where, const std::string& path) {
  return where.empty() ? path : where + ": " + path;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::optional<std::string> check_email(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos) return std::string("an email address needs an '@'");
  if (address.find('@', at + 1) != std::string_view::npos) return std::string("an email address has exactly one '@'");
  if (at == 0) return std::string("an email address needs a name before the '@'");
  const auto domain = address.substr(at + 1);
  if (domain.empty()) return std::string("an email address needs a domain after the '@'");
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return std::string("the domain of an email address cannot start or end with '.' or hold '..'");
  for (const char c : address) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::string("an email address cannot hold spaces");
    if (c == '<' || c == '>')
      return std::string("an email address cannot hold '<' or '>' (give the bare address, not 'Name <addr>')");
  }
  return std::nullopt;
}

std::optional<std::string> check_e164(std::string_view address) {
  if (address.empty() || address.front() != '+')
    return std::string("a phone number must be in E.164 form: '+', country code and number, e.g. +16045550182");
  const auto digits = address.substr(1);
  for (const char c : digits)
    if (!is_digit(c)) return std::string("an E.164 phone number holds only digits after the '+'");
  if (digits.size() < 8 || digits.size() > 15)
    return fmt::format("an E.164 phone number has 8 to 15 digits after the '+', this one has {}", digits.size());
  return std::nullopt;
}

void check_attribute_map(const AttributeMap& map, const std::string& where, const std::string& path) {
  for (const auto& [name, values] : map) {
    const auto at = [&] { return fmt::format("{}.{}", path, name); };  // built only for an error
    if (auto why = check_attribute_name(name)) throw Error(join_where(where, at()), *why);
    if (values.size() > kMaxAttributeValues)
      throw Error(join_where(where, at()),
                  fmt::format("{} values, at most {} are allowed per attribute", values.size(), kMaxAttributeValues));
    for (std::size_t i = 0; i < values.size(); ++i)
      if (auto why = check_attribute_value(values[i])) throw Error(join_where(where, fmt::format("{}[{}]", at(), i)), *why);
  }
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view text) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // ASCII fast path: 8 bytes at a time while none has its high bit set.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
      count += 8;
    }
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      ++count;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + extra >= n) return std::nullopt;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      code = (code << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
    i += extra + 1;
    ++count;
  }
  return count;
}

std::string_view trim_ascii(std::string_view text) noexcept {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::string> check_address(ChannelType channel, std::string_view address) {
  if (address.empty()) return std::string("the address is empty");
  // No channel's address may carry control characters (NUL, CR, LF...): they end up in protocol lines.
  for (const char c : address)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::string("the address contains a control character");
  switch (channel) {
    case ChannelType::kEmail:
      return check_email(address);
    case ChannelType::kSms:
    case ChannelType::kVoice:
      return check_e164(address);
    default:
      return std::nullopt;
  }
}

std::optional<std::string> check_attribute_name(std::string_view name) {
  if (name.empty()) return std::string("an attribute name cannot be empty");
  const auto length = utf8_length(name);
  if (!length) return std::string("the attribute name is not valid UTF-8");
  if (*length > kMaxAttributeNameLength)
    return fmt::format("the attribute name has {} characters, at most {} are allowed", *length, kMaxAttributeNameLength);
  return std::nullopt;
}

std::optional<std::string> check_attribute_value(std::string_view value) {
  const auto length = utf8_length(value);
  if (!length) return std::string("the value is not valid UTF-8");
  if (*length > kMaxAttributeValueLength)
    return fmt::format("the value has {} characters, at most {} are allowed", *length, kMaxAttributeValueLength);
  return std::nullopt;
}

void validate_endpoint(const Endpoint& endpoint, const std::string& where) {
  if (endpoint.channel_type && !endpoint.address.empty()) {
    if (auto why = check_address(*endpoint.channel_type, endpoint.address))
      throw Error(join_where(where, "$.Address"),
                  fmt::format("'{}' is not a valid {} address: {}", endpoint.address, to_string(*endpoint.channel_type), *why));
  }
  check_attribute_map(endpoint.attributes, where, "$.Attributes");
  check_attribute_map(endpoint.user.user_attributes, where, "$.User.UserAttributes");
  for (const auto& [name, value] : endpoint.metrics) {
    if (auto why = check_attribute_name(name)) throw Error(join_where(where, "$.Metrics." + name), *why);
    if (!std::isfinite(value)) throw Error(join_where(where, "$.Metrics." + name), "a metric must be a finite number");
  }
}

}  // namespace v1
}  // namespace herald::sdk
