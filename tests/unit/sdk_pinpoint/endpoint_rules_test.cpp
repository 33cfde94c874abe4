// Pinpoint's value rules: addresses per channel, attribute quotas, UTF-8.
#include "herald/sdk/endpoint_rules.hpp"

#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"

namespace herald::sdk {
namespace {

TEST(EndpointRules, EmailAddresses) {
  EXPECT_EQ(check_address(ChannelType::kEmail, "mary@example.com"), std::nullopt);
  EXPECT_EQ(check_address(ChannelType::kEmail, "a.b+tag@sub.example.co.uk"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, "mary.example.com"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, "a@b@example.com"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, "@example.com"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, "mary@"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, "mary major@example.com"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, "Mary <mary@example.com>"), std::nullopt);
  EXPECT_NE(check_address(ChannelType::kEmail, ""), std::nullopt);
}

TEST(EndpointRules, PhoneNumbersAreE164) {
  for (const auto channel : {ChannelType::kSms, ChannelType::kVoice}) {
    EXPECT_EQ(check_address(channel, "+16045550182"), std::nullopt);
    EXPECT_EQ(check_address(channel, "+12345678"), std::nullopt);          // 8 digits
    EXPECT_EQ(check_address(channel, "+123456789012345"), std::nullopt);   // 15 digits
    EXPECT_NE(check_address(channel, "+1234567"), std::nullopt);           // 7
    EXPECT_NE(check_address(channel, "+1234567890123456"), std::nullopt);  // 16
    EXPECT_NE(check_address(channel, "16045550182"), std::nullopt);
    EXPECT_NE(check_address(channel, "+1 604 555 0182"), std::nullopt);
  }
  EXPECT_EQ(check_address(ChannelType::kApns, "1a2b3c"), std::nullopt);
}

TEST(EndpointRules, AttributeQuotasCountCharactersNotBytes) {
  EXPECT_EQ(check_attribute_name(std::string(50, 'n')), std::nullopt);
  EXPECT_NE(check_attribute_name(std::string(51, 'n')), std::nullopt);
  EXPECT_NE(check_attribute_name(""), std::nullopt);
  std::string hundred_umlauts;
  for (int i = 0; i < 100; ++i) hundred_umlauts += "\xC3\xBC";
  EXPECT_EQ(check_attribute_value(hundred_umlauts), std::nullopt);
  EXPECT_NE(check_attribute_value(hundred_umlauts + "x"), std::nullopt);
  EXPECT_NE(check_attribute_value("\xC3"), std::nullopt);
}

TEST(EndpointRules, Utf8Length) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("\xCA\xA4"), 1u);              // ʤ
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);      // emoji
  EXPECT_EQ(utf8_length("\xC0\xAF"), std::nullopt);    // overlong
  EXPECT_EQ(utf8_length("\xED\xA0\x80"), std::nullopt);  // surrogate
  EXPECT_EQ(utf8_length("\xE2\x82"), std::nullopt);    // truncated
  EXPECT_EQ(utf8_length("\xFF"), std::nullopt);
}

TEST(EndpointRules, ValidateEndpointNamesTheJsonPath) {
  Endpoint e;
  e.channel_type = ChannelType::kSms;
  e.address = "+16045550182";
  e.attributes["plan"] = {"gold", std::string(101, 'x')};
  try {
    validate_endpoint(e, "data.ndjson:3");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "data.ndjson:3: $.Attributes.plan[1]");
    EXPECT_EQ(error.message(), "the value has 101 characters, at most 100 are allowed");
  }
  e.attributes.clear();
  e.address = "2065550182";
  EXPECT_THROW(validate_endpoint(e, ""), Error);
  e.address = "+16045550182";
  e.metrics["x"] = 1.0 / 0.0 * 0.0;
  EXPECT_THROW(validate_endpoint(e, ""), Error);
}

}  // namespace
}  // namespace herald::sdk
