// channel/outbox: both formats, sharding, atomic files, failures.
#include <algorithm>
#include <iterator>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

#include "herald/sdk/error.hpp"
#include "herald/sdk/mime.hpp"
#include "outbox_channel.hpp"
#include "test_context.hpp"

using namespace herald;
using herald::channel_outbox::OutboxChannel;

namespace {

using testkit::read_file;

class OutboxTest : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("herald-outbox-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::unique_ptr<sdk::Channel> make(std::map<std::string, sdk::SettingValue> given) {
    given.emplace("path", (root_ / "out").string());
    const auto factory = channel_outbox::outbox_factory();
    return factory.create(testkit::settings_with_defaults(factory.schema, std::move(given)), context_);
  }

  static std::vector<sdk::Message> messages(int count) {
    std::vector<sdk::Message> out;
    for (int i = 0; i < count; ++i) {
      sdk::Message m;
      m.id = "m-" + std::to_string(i);
      m.project_id = "shop";
      m.endpoint_id = "e" + std::to_string(i);
      m.address = "user" + std::to_string(i) + "@example.org";
      m.from = "Shop <news@example.com>";
      m.subject = "Hallo Jürgen " + std::to_string(i);
      m.text_body = "Hi user " + std::to_string(i);
      m.html_body = "<p>Hi user " + std::to_string(i) + "</p>";
      m.headers = {{"X-Campaign-Id", "c1"}};
      m.context = {{"campaign_id", "c1"}};
      out.push_back(std::move(m));
    }
    return out;
  }

  std::filesystem::path root_;
  testkit::TestContext context_{};
};

}  // namespace

TEST_F(OutboxTest, SchemaDeclaresTypedSettings) {
  const auto schema = channel_outbox::outbox_schema();
  ASSERT_NE(schema.find("path"), nullptr);
  EXPECT_TRUE(schema.find("path")->required);
  EXPECT_EQ(schema.find("path")->type, sdk::SettingType::kPath);
  EXPECT_EQ(schema.find("format")->allowed, (std::vector<std::string>{"eml", "ndjson"}));
  EXPECT_EQ(std::get<std::int64_t>(*schema.find("shards")->default_value), 256);
  EXPECT_EQ(channel_outbox::outbox_factory().type, "channel/outbox");
}

TEST_F(OutboxTest, EmlWritesShardedMimeFilesWithoutTemporaries) {
  auto channel = make({});
  const auto batch = messages(300);
  const auto results = channel->send(batch);
  ASSERT_EQ(results.size(), batch.size());
  std::set<std::string> shards;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ASSERT_EQ(results[i].status, sdk::DeliveryStatus::kSuccessful) << results[i].status_message;
    const std::filesystem::path file = results[i].provider_message_id;
    EXPECT_EQ(file.filename(), batch[i].id + ".eml");
    const std::string shard = file.parent_path().filename().string();
    EXPECT_EQ(shard.size(), 2u);
    EXPECT_EQ(file.parent_path().parent_path(), root_ / "out");
    EXPECT_EQ(shard, channel_outbox::ShardedFileWriter(root_ / "out", 256).shard_of(batch[i].id));
    shards.insert(shard);
    const std::string data = read_file(file);
    EXPECT_NE(data.find("Message-ID: <" + batch[i].id + "@example.com>\r\n"), std::string::npos);
    EXPECT_NE(data.find("To: " + batch[i].address + "\r\n"), std::string::npos);
    EXPECT_NE(data.find("multipart/alternative"), std::string::npos);
    EXPECT_NE(data.find("Subject: =?UTF-8?B?"), std::string::npos);
  }
  EXPECT_GT(shards.size(), 100u);  // 300 ids spread over many of 256 shards
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root_ / "out")) {
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(entry.path().extension(), ".eml") << "leftover temporary " << entry.path();
    EXPECT_NE(entry.path().filename().string().front(), '.');
  }
  EXPECT_EQ(files, batch.size());
  channel->flush();
}

TEST_F(OutboxTest, EmlMatchesTheSdkMimeWriterAndReplacesAtomically) {
  auto channel = make({{"shards", std::int64_t{1}}});
  auto batch = messages(1);
  const auto first = channel->send(batch);
  EXPECT_EQ(std::filesystem::path(first[0].provider_message_id).parent_path().filename(), "00");
  const auto expected = sdk::build_mime_message(batch[0], {.date = context_.clock().now(), .domain = {}});
  EXPECT_EQ(read_file(first[0].provider_message_id), expected.data);
  batch[0].subject = "second version";  // same id again: the file is replaced, never appended to
  const auto second = channel->send(batch);
  EXPECT_EQ(second[0].provider_message_id, first[0].provider_message_id);
  const std::string data = read_file(second[0].provider_message_id);
  EXPECT_NE(data.find("Subject: second version\r\n"), std::string::npos);
  EXPECT_EQ(data.find("Jürgen"), std::string::npos);
}

TEST_F(OutboxTest, UnsafeIdsBecomeSafeFileNames) {
  auto channel = make({});
  auto batch = messages(2);
  batch[0].id = "../../etc/passwd";
  batch[1].id = ".hidden";
  const auto results = channel->send(batch);
  for (const auto& r : results) {
    ASSERT_EQ(r.status, sdk::DeliveryStatus::kSuccessful);
    const std::filesystem::path p = r.provider_message_id;
    EXPECT_EQ(p.parent_path().parent_path(), root_ / "out");
    EXPECT_TRUE(std::filesystem::exists(p));
  }
  EXPECT_EQ(std::filesystem::path(results[0].provider_message_id).filename(), "=2e=2e=2f=2e=2e=2fetc=2fpasswd.eml");
}

TEST_F(OutboxTest, BadMessagesArePermanentFailuresAndTheRestIsWritten) {
  auto channel = make({});
  auto batch = messages(3);
  batch[0].subject = "x\r\nBcc: victim@example.com";
  batch[1].address = "not-an-address";
  const auto results = channel->send(batch);
  EXPECT_EQ(results[0].status, sdk::DeliveryStatus::kPermanentFailure);
  EXPECT_NE(results[0].status_message.find("Subject"), std::string::npos);
  EXPECT_EQ(results[1].status, sdk::DeliveryStatus::kPermanentFailure);
  EXPECT_EQ(results[2].status, sdk::DeliveryStatus::kSuccessful);
}

TEST_F(OutboxTest, NdjsonLinesEscapeEveryStringAndKeepEmptyHeadersAndContext) {
  auto channel = make({{"format", std::string("ndjson")}});
  auto batch = messages(1);
  batch[0].headers.clear();
  batch[0].context.clear();
  batch[0].subject = "Quote \" back\\slash\nnew line \x01 caf\xC3\xA9 bad \xFF";
  batch[0].html_body = "<p>\"</p>\r\n";
  const auto results = channel->send(batch);
  ASSERT_EQ(results[0].status, sdk::DeliveryStatus::kSuccessful);
  std::ifstream in(dynamic_cast<OutboxChannel*>(channel.get())->ndjson_path());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(line, json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  EXPECT_EQ(json["subject"], "Quote \" back\\slash\nnew line \x01 caf\xC3\xA9 bad \xEF\xBF\xBD");
  EXPECT_EQ(json["html"], batch[0].html_body);
  EXPECT_TRUE(json["headers"].is_array() && json["headers"].empty());
  EXPECT_TRUE(json["context"].is_object() && json["context"].empty());
}

TEST_F(OutboxTest, NdjsonAppendsOneObjectPerMessageToOneFilePerRun) {
  auto channel = make({{"format", std::string("ndjson")}});
  auto batch = messages(5);
  batch[4].channel_type = sdk::ChannelType::kSms;
  batch[4].body = "SMS body";
  const auto first = channel->send(std::span(batch).subspan(0, 3));
  const auto second = channel->send(std::span(batch).subspan(3));
  auto* outbox = dynamic_cast<OutboxChannel*>(channel.get());
  ASSERT_NE(outbox, nullptr);
  const std::string path = outbox->ndjson_path();
  EXPECT_EQ(first[0].provider_message_id, path + ":1");
  EXPECT_EQ(second[1].provider_message_id, path + ":5");
  EXPECT_EQ(std::filesystem::path(path).filename().string().rfind("outbox-20240101T000000000Z-test", 0), 0u) << path;
  {  // every line reported SUCCESSFUL is in the file when send returns, before any flush()
    std::ifstream before(path);
    EXPECT_EQ(std::count(std::istreambuf_iterator<char>(before), std::istreambuf_iterator<char>(), '\n'), 5);
  }
  channel->flush();
  std::ifstream in(path);
  std::string line, last;
  int n = 0;
  while (std::getline(in, line)) {
    last = line;
    const auto json = nlohmann::json::parse(line);
    EXPECT_EQ(line, json.dump());  // nlohmann's compact form, keys sorted
    const auto& m = batch[static_cast<std::size_t>(n)];
    EXPECT_EQ(json["id"], m.id);
    EXPECT_EQ(json["address"], m.address);
    EXPECT_EQ(json["endpoint_id"], m.endpoint_id);
    EXPECT_EQ(json["from"], m.from);
    EXPECT_EQ(json["subject"], m.subject);
    EXPECT_EQ(json["html"], m.html_body);
    EXPECT_EQ(json["text"], m.text_body);
    EXPECT_EQ(json["body"], m.body);
    EXPECT_EQ(json["headers"][0]["name"], "X-Campaign-Id");
    EXPECT_EQ(json["context"]["campaign_id"], "c1");
    ++n;
  }
  EXPECT_EQ(n, 5);
  EXPECT_EQ(nlohmann::json::parse(last)["channel_type"], "SMS");

  // A second instance (another run) never appends to the first run's file.
  auto other = make({{"format", std::string("ndjson")}});
  const auto third = other->send(std::span(batch).subspan(0, 1));
  EXPECT_NE(third[0].provider_message_id, path + ":6");
  EXPECT_EQ(third[0].provider_message_id.substr(third[0].provider_message_id.rfind(':')), ":1");
}

TEST_F(OutboxTest, ChannelTypesDependOnFormat) {
  EXPECT_EQ(make({})->channel_types(), std::vector<sdk::ChannelType>{sdk::ChannelType::kEmail});
  EXPECT_GT(make({{"format", std::string("ndjson")}})->channel_types().size(), 10u);
}

TEST_F(OutboxTest, UncreatableFolderIsASettingsError) {
  std::filesystem::create_directories(root_);
  std::ofstream(root_ / "file") << "x";
  const auto factory = channel_outbox::outbox_factory();
  try {
    factory.create(testkit::settings_with_defaults(factory.schema, {{"path", (root_ / "file" / "sub").string()}}), context_);
    FAIL() << "expected an error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "settings.path");
  }
}
