#include <gtest/gtest.h>

#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "herald/sdk/json_text.hpp"

using herald::sdk::append_json_string;

namespace {
/// What append_json_string must produce, byte for byte.
std::string reference(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string escaped(const std::string& text) {
  std::string out = "prefix:";  // appends, never replaces what is there
  append_json_string(out, text);
  return out.substr(7);
}
}  // namespace

TEST(JsonText, EveryAsciiByteAtEveryPositionOfAWord) {
  // Each byte 0x00-0x7f alone and inside plain text, at every offset of the 8-byte scan.
  for (int b = 0; b < 0x80; ++b)
    for (std::size_t offset = 0; offset < 17; ++offset) {
      std::string text(offset, 'a');
      text += static_cast<char>(b);
      text += std::string(9, 'z');
      ASSERT_EQ(escaped(text), reference(text)) << "byte " << b << " at " << offset;
    }
}

TEST(JsonText, Utf8IsKeptAndInvalidSequencesAreReplacedLikeNlohmann) {
  for (const std::string& text : {std::string("Grüße, 東京 — ok"), std::string("long plain ascii run then é"),
                                 std::string("bad \xff byte"), std::string("cut \xe6\x9d"),
                                 std::string("12345678\xc3\xa9\"\\\n")})
    EXPECT_EQ(escaped(text), reference(text)) << text;
}

TEST(JsonText, RandomTextMatchesNlohmann) {
  std::mt19937 random(20261130);
  std::uniform_int_distribution<int> length(0, 40), byte(0, 255), kind(0, 9);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    const int n = length(random);
    for (int i = 0; i < n; ++i) {
      const int k = kind(random);  // mostly printable ASCII, some control/quote/backslash, a few high bytes
      text += static_cast<char>(k < 7 ? 0x20 + byte(random) % 0x5f : k < 9 ? "\"\\\n\t\x01\x1f"[byte(random) % 6]
                                                                          : byte(random));
    }
    ASSERT_EQ(escaped(text), reference(text)) << "trial " << trial;
  }
}
