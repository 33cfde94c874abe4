// sink/file: one stream record per line, appended, buffered until flush().
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>

#include "file_sink.hpp"
#include "herald/sdk/error.hpp"
#include "test_context.hpp"

using namespace herald;

namespace {

class FileSinkTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("herald-sink-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<sdk::AnalyticsSink> make() {
    const auto factory = sink_file::file_sink_factory();
    return factory.create(testkit::settings_with_defaults(factory.schema, {{"path", path().string()}}), context_);
  }
  std::filesystem::path path() const { return dir_ / "sub" / "events.ndjson"; }

  static std::vector<sdk::Event> events(int count, int first = 0) {
    std::vector<sdk::Event> out;
    for (int i = first; i < first + count; ++i) {
      sdk::Event e;
      e.id = "ev-" + std::to_string(i);
      e.project_id = "shop";
      e.event_type = "_email.send";
      e.timestamp = sdk::Instant{std::chrono::milliseconds{1704067200000 + i}};
      e.arrival = e.timestamp;
      e.client_id = "endpoint-" + std::to_string(i);
      e.attributes = {{"campaign_id", "c1"}};
      out.push_back(e);
    }
    return out;
  }

  std::vector<nlohmann::json> lines() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(path());
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  std::filesystem::path dir_;
  testkit::TestContext context_{};
};

}  // namespace

TEST_F(FileSinkTest, WritesOneStreamRecordPerLineByTheEndOfEachDelivery) {
  auto sink = make();
  const auto batch = events(3);
  sink->deliver(batch);
  // Each delivered batch is in the file when deliver returns: a killed process loses no handed-over event.
  const auto written = lines();
  ASSERT_EQ(written.size(), 3u);
  for (std::size_t i = 0; i < written.size(); ++i) {
    EXPECT_EQ(written[i], nlohmann::json::parse(sdk::to_stream_record_json(batch[i])));
    EXPECT_EQ(written[i]["event_type"], "_email.send");
    EXPECT_EQ(written[i]["client"]["client_id"], batch[i].client_id);
  }
  sink->flush();
  EXPECT_EQ(lines().size(), 3u);
}

TEST_F(FileSinkTest, AppendsAcrossInstancesAndWritesOnDestruction) {
  make()->deliver(events(2));  // destroyed without flush: the buffer is still written
  {
    auto sink = make();
    sink->deliver(events(2, 2));
    sink->flush();
  }
  const auto written = lines();
  ASSERT_EQ(written.size(), 4u);
  EXPECT_EQ(written[0]["event_id"], "ev-0");
  EXPECT_EQ(written[3]["event_id"], "ev-3");
}

TEST_F(FileSinkTest, LargeVolumesSpillTheBufferInWholeLines) {
  auto sink = make();
  for (int round = 0; round < 40; ++round) sink->deliver(events(500, round * 500));
  EXPECT_FALSE(lines().empty()) << "a full buffer is written before flush";
  sink->flush();
  const auto written = lines();
  ASSERT_EQ(written.size(), 20000u);
  EXPECT_EQ(written.back()["event_id"], "ev-19999");
}

TEST_F(FileSinkTest, ATornLastRecordFromAKilledWriterIsCutBeforeAppending) {
  {
    auto sink = make();
    sink->deliver(events(3));
  }
  const auto whole = std::filesystem::file_size(path());
  {  // a process killed mid-write left half a record without its newline
    std::ofstream torn(path(), std::ios::app | std::ios::binary);
    torn << R"({"application":{"app_id":"shop"},"arrival_timest)";
  }
  auto sink = make();
  EXPECT_EQ(dynamic_cast<sink_file::FileSink&>(*sink).torn_bytes_dropped(), 48u);
  EXPECT_EQ(std::filesystem::file_size(path()), whole);
  sink->deliver(events(2, 3));
  const auto all = lines();  // every line parses
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[3]["event_id"], "ev-3");
}

TEST_F(FileSinkTest, AFileHoldingOnlyATornRecordStartsEmpty) {
  std::filesystem::create_directories(path().parent_path());
  {
    std::ofstream torn(path(), std::ios::binary);
    torn << R"({"application":)";
  }
  auto sink = make();
  EXPECT_EQ(dynamic_cast<sink_file::FileSink&>(*sink).torn_bytes_dropped(), 15u);
  sink->deliver(events(1));
  EXPECT_EQ(lines().size(), 1u);
}

TEST_F(FileSinkTest, UnwritablePathIsASettingsError) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "sub") << "a file where a folder should be";
  try {
    make();
    FAIL() << "expected an error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "settings.path");
  }
}
