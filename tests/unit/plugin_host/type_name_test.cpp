#include "plugin_host/type_name.hpp"

#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"

namespace herald::plugin_host {
namespace {

TEST(TypeName, MapsFirstAndThirdPartyTypesToFiles) {
  EXPECT_EQ(plugin_file_name(parse_type_name("channel/email-smtp")), "herald-channel-email-smtp.so");
  EXPECT_EQ(plugin_file_name(parse_type_name("source/file")), "herald-source-file.so");
  EXPECT_EQ(plugin_file_name(parse_type_name("com.example/foo")), "herald-com.example-foo.so");
  EXPECT_TRUE(parse_type_name("com.example/foo").third_party());
  EXPECT_FALSE(parse_type_name("sink/file").third_party());
}

TEST(TypeName, RejectsMalformedNames) {
  for (const char* bad : {"channel", "/x", "channel/", "Channel/x", "channel/a/b", "channel/../x", "channels/x",
                          "channel/a b", "channel/-x"})
    EXPECT_THROW(parse_type_name(bad), sdk::Error) << bad;
}

TEST(TypeName, KindsAndPrefixesRoundTrip) {
  for (auto kind : {PluginKind::kChannel, PluginKind::kSegmentSource, PluginKind::kScheduler,
                    PluginKind::kAnalyticsSink})
    EXPECT_EQ(kind_from_prefix(type_prefix(kind)), kind);
  EXPECT_EQ(type_prefix(PluginKind::kSegmentSource), "source");
  EXPECT_EQ(to_string(PluginKind::kAnalyticsSink), "analytics sink");
  EXPECT_FALSE(kind_from_prefix("events"));
}

TEST(TypeName, ThirdPartyFilesMayRegisterOnlyTheirOwnPrefix) {
  EXPECT_TRUE(file_may_register("herald-com.example-foo.so", parse_type_name("com.example/bar")));
  EXPECT_FALSE(file_may_register("herald-com.example-foo.so", parse_type_name("channel/email-smtp")));
  EXPECT_FALSE(file_may_register("herald-com.example-foo.so", parse_type_name("org.other/foo")));
  EXPECT_TRUE(file_may_register("herald-channel-inapp.so", parse_type_name("source/inapp")));
  EXPECT_FALSE(file_may_register("herald-channel-inapp.so", parse_type_name("com.example/x")));
}

}  // namespace
}  // namespace herald::plugin_host
