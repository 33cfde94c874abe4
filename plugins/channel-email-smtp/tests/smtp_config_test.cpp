// channel/email-smtp settings: URL checks, EHLO name, defaults.
#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "smtp_config.hpp"
#include "test_context.hpp"

using namespace herald;
using namespace herald::channel_email_smtp;

namespace {
SmtpConfig parse(std::map<std::string, sdk::SettingValue> given) {
  return parse_smtp_config(testkit::settings_with_defaults(smtp_schema(), std::move(given)));
}
std::string where_of(std::map<std::string, sdk::SettingValue> given) {
  try {
    (void)parse(std::move(given));
  } catch (const sdk::Error& e) {
    return e.where();
  }
  return "<no error>";
}
}  // namespace

TEST(SmtpConfig, DefaultsFollowTheSchema) {
  const auto config = parse({{"url", std::string("smtp://127.0.0.1:2525")}});
  EXPECT_EQ(config.url, "smtp://127.0.0.1:2525/");
  EXPECT_EQ(config.starttls, StartTls::kTry);
  EXPECT_TRUE(config.verify_peer);
  EXPECT_EQ(config.timeout_seconds, 30);
  EXPECT_TRUE(config.username.empty());
  EXPECT_TRUE(smtp_schema().find("password")->secret);
  EXPECT_TRUE(smtp_schema().find("url")->required);
}

TEST(SmtpConfig, HeloBecomesTheUrlPath) {
  const auto config = parse({{"url", std::string("smtps://mail.example.com:465")}, {"helo", std::string("herald.example.com")},
                             {"starttls", std::string("required")}, {"verify_peer", false}});
  EXPECT_EQ(config.url, "smtps://mail.example.com:465/herald.example.com");
  EXPECT_EQ(config.starttls, StartTls::kRequired);
  EXPECT_FALSE(config.verify_peer);
}

TEST(SmtpConfig, RejectsBadUrlsAndNamesTheSetting) {
  EXPECT_EQ(where_of({{"url", std::string("http://example.com")}}), "settings.url");
  EXPECT_EQ(where_of({{"url", std::string("smtp://user:secret@example.com")}}), "settings.url");
  EXPECT_EQ(where_of({{"url", std::string("smtp://example.com/path")}}), "settings.url");
  EXPECT_EQ(where_of({{"url", std::string("not a url")}}), "settings.url");
  EXPECT_EQ(where_of({{"url", std::string("smtp://x")}, {"helo", std::string("bad name\r\n")}}), "settings.helo");
  EXPECT_EQ(where_of({{"url", std::string("smtp://x")}, {"starttls", std::string("maybe")}}), "settings.starttls");
}

TEST(SmtpConfig, ErrorsNeverContainThePassword) {
  try {
    (void)parse({{"url", std::string("smtp://user:TopSecret1@example.com")}, {"password", std::string("TopSecret1")}});
    FAIL() << "expected an error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(std::string(e.what()).find("TopSecret1"), std::string::npos) << e.what();
  }
}
