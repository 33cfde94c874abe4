#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "herald/sdk/settings.hpp"

using namespace herald::sdk;

TEST(Settings, TypedAccessAndErrorsNameTheKey) {
  Settings settings({{"url", std::string("smtp://x")}, {"port", std::int64_t{25}}, {"tls", true}});
  EXPECT_EQ(settings.get_string("url"), "smtp://x");
  EXPECT_EQ(settings.get_integer("port"), 25);
  EXPECT_DOUBLE_EQ(settings.get_number("port"), 25.0);
  EXPECT_TRUE(settings.get_boolean("tls"));
  try {
    (void)settings.get_string("port");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "settings.port");
  }
  EXPECT_THROW((void)settings.get_boolean("missing"), Error);
}

TEST(SettingsSchema, FindsSpecsByName) {
  SettingsSchema schema;
  schema.add({.name = "path", .type = SettingType::kPath, .required = true});
  ASSERT_NE(schema.find("path"), nullptr);
  EXPECT_EQ(schema.find("nope"), nullptr);
  EXPECT_EQ(to_string(SettingType::kStringList), "list of strings");
}
