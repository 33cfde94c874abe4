#include <gtest/gtest.h>

#include "herald/sdk/time.hpp"

using herald::sdk::format_iso8601;
using herald::sdk::parse_iso8601;

TEST(Time, ParsesPinpointInstants) {
  const auto full = parse_iso8601("2019-10-10T23:43:02.725Z");
  ASSERT_TRUE(full);
  EXPECT_EQ(format_iso8601(*full), "2019-10-10T23:43:02.725Z");
  const auto minutes = parse_iso8601("2020-03-10T11:00Z");
  ASSERT_TRUE(minutes);
  EXPECT_EQ(format_iso8601(*minutes), "2020-03-10T11:00:00.000Z");
  const auto offset = parse_iso8601("2024-01-01T02:00:00+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(format_iso8601(*offset), "2024-01-01T00:00:00.000Z");
  const auto day = parse_iso8601("2024-01-01");
  ASSERT_TRUE(day);
  EXPECT_EQ(format_iso8601(*day), "2024-01-01T00:00:00.000Z");
}

TEST(Time, RejectsNonInstants) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2024-01-01T00:00:00Zjunk"));
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
}
