// The good fixture loads and works; created objects keep their library loaded; libraries unload after
// the last object and shutdown; two hosts (two kernels) load the same plugin independently.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "loader_test_support.hpp"
#include "plugin_host/search_path.hpp"
#include "test_context.hpp"

namespace herald::plugin_host::testing {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const fs::path kGood = fixture("herald-channel-fixture-good.so");

sdk::Settings good_settings(std::int64_t max_batch = 7) {
  return sdk::Settings({{"greeting", std::string("hi")},
                        {"max_batch", max_batch},
                        {"outbox", std::string("/tmp/outbox")}});
}

std::vector<sdk::Message> messages(std::initializer_list<std::pair<const char*, const char*>> id_and_address) {
  std::vector<sdk::Message> out;
  for (const auto& [id, address] : id_and_address) {
    sdk::Message message;
    message.id = id;
    message.address = address;
    out.push_back(message);
  }
  return out;
}

std::unique_ptr<PluginHost> fixture_host() {
  return std::make_unique<PluginHost>(PluginHost::ExactSearchPath{{kFixtureDir}});
}

TEST(PluginHostLifetime, GoodFixtureLoadsAndSends) {
  ASSERT_FALSE(is_loaded(kGood)) << "precondition: no other test left the fixture loaded";
  auto host = fixture_host();
  const PluginInfo& info = host->load("channel/fixture-good");
  EXPECT_EQ(info.name, "channel-fixture-good");
  EXPECT_EQ(info.version, "1.2.3");
  EXPECT_EQ(info.file, kGood);
  EXPECT_EQ(info.abi.major, 1u);
  EXPECT_EQ(host->registry().kind_of("channel/fixture-good"), PluginKind::kChannel);
  EXPECT_EQ(host->registry().kind_of("source/fixture-good"), PluginKind::kSegmentSource);
  const sdk::SettingsSchema& schema = host->registry().schema("channel/fixture-good");
  ASSERT_NE(schema.find("max_batch"), nullptr);
  EXPECT_EQ(schema.find("max_batch")->type, sdk::SettingType::kInteger);
  EXPECT_TRUE(schema.find("api_key")->secret);

  TestContext context("mail");
  auto channel = host->registry().create_channel("channel/fixture-good", good_settings(), context);
  EXPECT_EQ(channel->max_batch_size(), 7u);
  EXPECT_THAT(channel->channel_types(), ElementsAre(sdk::ChannelType::kEmail));
  const auto batch = messages({{"m1", "a@example.com"}, {"m2", "b@example.com"}});
  const auto results = channel->send(batch);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, sdk::DeliveryStatus::kSuccessful);
  EXPECT_EQ(results[1].provider_message_id, "good-2");
  EXPECT_EQ(context.map_state().values.at("sent/m1"), "hi a@example.com");
  EXPECT_EQ(context.map_state().values.at("sent/m2"), "hi b@example.com");
  EXPECT_THAT(context.recording_logger().lines, ElementsAre("sent 2 messages"));
}

TEST(PluginHostLifetime, ExceptionsOfPluginCodeBecomeHeraldErrorsNamingTheInstance) {
  auto host = fixture_host();
  host->load("channel/fixture-good");
  TestContext context("mail");
  auto channel = host->registry().create_channel("channel/fixture-good", good_settings(), context);
  try {
    channel->send(messages({{"m9", "throw@fixture.test"}}));
    FAIL() << "send must throw";
  } catch (const sdk::TransientError&) {
    FAIL() << "a std::runtime_error must not become a TransientError";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "channel/fixture-good#mail");
    EXPECT_EQ(e.message(), "plugin code threw: fixture-good: asked to throw for message m9");
  }
  try {
    channel->send(messages({{"m10", "transient@fixture.test"}}));
    FAIL() << "send must throw";
  } catch (const sdk::TransientError& e) {
    EXPECT_EQ(e.where(), "channel/fixture-good#mail: smtp://fixture.test");
    EXPECT_EQ(e.message(), "server unreachable");
    EXPECT_EQ(e.hint(), "Retry later");
  }
}

TEST(PluginHostLifetime, FactoryErrorsNameTheInstanceAndTheSetting) {
  auto host = fixture_host();
  host->load("channel/fixture-good");
  TestContext context("crm");
  try {
    host->registry().create_segment_source("source/fixture-good", sdk::Settings({{"count", std::int64_t{13}}}),
                                           context);
    FAIL() << "the factory must throw";
  } catch (const sdk::Error& e) {
    EXPECT_STREQ(e.what(), "source/fixture-good#crm: settings.count: 13 is unlucky. Pick another count");
  }
}

TEST(PluginHostLifetime, CreateChecksTheKindAndTheType) {
  auto host = fixture_host();
  host->load("channel/fixture-good");
  TestContext context("x");
  try {
    host->registry().create_channel("source/fixture-good", {}, context);
    FAIL() << "a segment source is not a channel";
  } catch (const sdk::Error& e) {
    EXPECT_STREQ(e.what(), "source/fixture-good: is a segment source, not a channel. Use a channel type here");
  }
  EXPECT_THROW(host->registry().create_scheduler("scheduler/none", {}, context), sdk::Error);
}

TEST(PluginHostLifetime, ObjectsOutliveTheHostAndKeepTheirLibraryLoaded) {
  auto host = fixture_host();
  host->load("channel/fixture-good");
  TestContext mail("mail"), crm("crm");
  auto channel = host->registry().create_channel("channel/fixture-good", good_settings(), mail);
  auto source = host->registry().create_segment_source("source/fixture-good",
                                                       sdk::Settings({{"count", std::int64_t{2}}}), crm);
  auto reader = source->open();
  host.reset();  // the registry, its factories and the host's references are gone
  EXPECT_TRUE(is_loaded(kGood));

  EXPECT_EQ(channel->send(messages({{"m1", "a@example.com"}}))[0].provider_message_id, "good-1");
  source.reset();  // the reader it opened keeps the library too
  sdk::SourceItem item;
  ASSERT_TRUE(reader->next(item));
  EXPECT_EQ(item.endpoint.id, "endpoint-1");
  EXPECT_EQ(item.origin.to_string(), "fixture:1");

  channel.reset();
  EXPECT_TRUE(is_loaded(kGood));
  reader.reset();
  EXPECT_FALSE(is_loaded(kGood)) << "the library must unload with its last object";
}

TEST(PluginHostLifetime, LibraryUnloadsAfterShutdownAndTheLastObject) {
  auto host = fixture_host();
  host->load("channel/fixture-good");
  TestContext context("mail");
  auto channel = host->registry().create_channel("channel/fixture-good", good_settings(), context);
  host->shutdown();
  EXPECT_FALSE(host->registry().contains("channel/fixture-good"));
  EXPECT_TRUE(is_loaded(kGood));
  channel.reset();
  EXPECT_FALSE(is_loaded(kGood));
  // The host can load again after shutdown.
  host->load("channel/fixture-good");
  EXPECT_TRUE(is_loaded(kGood));
  host->shutdown();
  EXPECT_FALSE(is_loaded(kGood));
}

TEST(PluginHostLifetime, TwoHostsLoadTheSamePluginIndependently) {
  auto first = fixture_host();
  auto second = fixture_host();
  first->load("channel/fixture-good");
  EXPECT_FALSE(second->registry().contains("channel/fixture-good")) << "registries are per host";
  second->load("channel/fixture-good");
  TestContext a("a"), b("b");
  auto channel_a = first->registry().create_channel("channel/fixture-good", good_settings(), a);
  auto channel_b = second->registry().create_channel("channel/fixture-good", good_settings(), b);
  channel_a->send(messages({{"m1", "one@example.com"}}));
  first.reset();
  channel_a.reset();
  EXPECT_TRUE(is_loaded(kGood)) << "the second host still uses the library";
  EXPECT_EQ(channel_b->send(messages({{"m2", "two@example.com"}}))[0].provider_message_id, "good-1");
  EXPECT_EQ(b.map_state().values.size(), 1u);
  EXPECT_EQ(a.map_state().values.size(), 1u);
  channel_b.reset();
  second.reset();
  EXPECT_FALSE(is_loaded(kGood));
}

TEST(PluginHostLifetime, LoadingIsIdempotentAndCoversEveryTypeOfTheLibrary) {
  auto host = fixture_host();
  const PluginInfo& first = host->load("channel/fixture-good");
  const PluginInfo& again = host->load("channel/fixture-good");
  EXPECT_EQ(&first, &again);
  // source/fixture-good has no file of its own: it is served by the library already loaded.
  EXPECT_EQ(host->load("source/fixture-good").file, kGood);
  EXPECT_EQ(host->registry().types().size(), 2u);
}

TEST(PluginHostLifetime, ThirdPartyTypeMapsToReverseDnsFile) {
  EXPECT_EQ(plugin_file_name(parse_type_name("com.example/foo")), "herald-com.example-foo.so");
  auto host = fixture_host();
  EXPECT_EQ(host->load("com.example/fixture").file, fixture("herald-com.example-fixture.so"));
  TestContext context("echo");
  auto channel = host->registry().create_channel("com.example/fixture", {}, context);
  EXPECT_EQ(channel->send(messages({{"m7", "x"}}))[0].provider_message_id, "m7");
}

TEST(PluginHostLifetime, RecorderAppendsOneLinePerConstruction) {
  TempDir dir("recorder");
  const fs::path record = dir.path() / "constructed.txt";
  auto host = fixture_host();
  host->load("channel/fixture-recorder");
  EXPECT_TRUE(host->registry().schema("channel/fixture-recorder").find("record_path")->required);
  const sdk::Settings settings({{"record_path", record.string()}});
  TestContext one("one"), two("two");
  auto a = host->registry().create_channel("channel/fixture-recorder", settings, one);
  auto b = host->registry().create_channel("channel/fixture-recorder", settings, two);
  std::ifstream in(record);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "created one\ncreated two\n");
}

}  // namespace
}  // namespace herald::plugin_host::testing
