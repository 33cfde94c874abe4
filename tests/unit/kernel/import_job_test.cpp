#include <gmock/gmock.h>

#include <functional>
#include <optional>

#include "herald/sdk/testing/mocks.hpp"
#include "imports/import_job.hpp"
#include "kernel_test_support.hpp"

using namespace herald;
using herald::sdk::testing::MockLogger;
using herald::sdk::testing::MockRecordReader;
using herald::sdk::testing::MockSegmentSource;
using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

namespace {
/// Feeds `items` through a MockRecordReader, one per next() call.
std::unique_ptr<MockRecordReader> reader_of(std::vector<sdk::SourceItem> items) {
  auto reader = std::make_unique<MockRecordReader>();
  auto shared = std::make_shared<std::vector<sdk::SourceItem>>(std::move(items));
  auto index = std::make_shared<std::size_t>(0);
  EXPECT_CALL(*reader, next(_)).WillRepeatedly([shared, index](sdk::SourceItem& item) {
    if (*index >= shared->size()) return false;
    item = (*shared)[(*index)++];
    return true;
  });
  return reader;
}

sdk::SourceItem good(const std::string& id, std::uint64_t line, const std::string& user = {}) {
  sdk::SourceItem item;
  item.origin = {"endpoints.csv", line};
  item.endpoint = testsupport::email_endpoint(id, {{"Plan", {"B"}}});
  item.endpoint.user.user_id = user;
  return item;
}
}  // namespace

TEST(ImportJob, BadRecordsAreReportedWithOriginAndTheRestLands) {
  testsupport::TempStore store;
  store::EndpointRepository endpoints(*store.database, {.max_endpoints_per_user = 2});
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockSegmentSource source;
  sdk::SourceItem bad;
  bad.ok = false;
  bad.origin = {"endpoints.csv", 3};
  bad.reason = "column 2 (Address): '<x>' is not a valid EMAIL address";
  std::vector<sdk::SourceItem> items{good("1", 2, "u1"), bad, good("2", 4, "u1"), good("3", 5, "u1"), good("4", 6)};
  EXPECT_CALL(source, open()).WillOnce([&items] { return reader_of(items); });
  EXPECT_CALL(source, describe()).WillRepeatedly(Return("file endpoints.csv"));

  const auto summary = imports::run_import(source, endpoints, "p1", "crm", clock, {}, log, {.batch_size = 2});

  EXPECT_EQ(summary.read, 5u);
  EXPECT_EQ(summary.imported, 3u);
  EXPECT_EQ(summary.rejected, 2u);
  ASSERT_EQ(summary.rejections.size(), 2u);
  EXPECT_EQ(summary.rejections[0].origin, "endpoints.csv:3");
  EXPECT_THAT(summary.rejections[0].reason, ::testing::HasSubstr("not a valid EMAIL address"));
  // The third endpoint of user u1 is over the limit of 2: refused by the store, reported with its line.
  EXPECT_EQ(summary.rejections[1].origin, "endpoints.csv:5");
  EXPECT_THAT(summary.rejections[1].reason, ::testing::HasSubstr("u1"));
  EXPECT_EQ(endpoints.count("p1"), 3u);
  EXPECT_FALSE(endpoints.get("p1", "3"));
  EXPECT_TRUE(endpoints.get("p1", "4"));
}

TEST(ImportJob, ASourceThatCannotBeReadThrows) {
  testsupport::TempStore store;
  store::EndpointRepository endpoints(*store.database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockSegmentSource source;
  EXPECT_CALL(source, describe()).WillRepeatedly(Return("file missing.csv"));
  EXPECT_CALL(source, open()).WillOnce([]() -> std::unique_ptr<sdk::RecordReader> {
    throw sdk::Error("missing.csv", "cannot open the file");
  });
  EXPECT_THROW(imports::run_import(source, endpoints, "p1", "crm", clock, {}, log), sdk::Error);
}

namespace {
/// A reader of `count` good endpoints (ids 1..count, lines 2..count+1) that calls `at(n)` before
/// returning the n-th item (1-based); `at` may throw to fail the stream there. Counts its calls.
class ScriptedReader final : public sdk::RecordReader {
public:
  ScriptedReader(std::size_t count, std::function<void(std::size_t)> at, std::shared_ptr<std::size_t> calls)
      : count_(count), at_(std::move(at)), calls_(std::move(calls)) {}
  bool next(sdk::SourceItem& item) override {
    const std::size_t n = ++*calls_;
    if (n > count_) return false;
    if (at_) at_(n);
    item = good(std::to_string(n), n + 1);
    return true;
  }

private:
  std::size_t count_;
  std::function<void(std::size_t)> at_;
  std::shared_ptr<std::size_t> calls_;
};
}  // namespace

TEST(ImportJob, RejectionsOfSourceAndStoreAreInFileOrder) {
  testsupport::TempStore store;
  store::EndpointRepository endpoints(*store.database, {.max_endpoints_per_user = 2});
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockSegmentSource source;
  sdk::SourceItem bad;
  bad.ok = false;
  bad.origin = {"endpoints.csv", 5};
  bad.reason = "column 2 (Address): 'x' is not a valid EMAIL address";
  // One batch holds all: the store refuses line 4 (third endpoint of u1) when the batch is written,
  // after the source rejected line 5; the summary still lists line 4 first.
  std::vector<sdk::SourceItem> items{good("1", 2, "u1"), good("2", 3, "u1"), good("3", 4, "u1"), bad, good("4", 6)};
  EXPECT_CALL(source, open()).WillOnce([&items] { return reader_of(items); });
  EXPECT_CALL(source, describe()).WillRepeatedly(Return("file endpoints.csv"));

  const auto summary = imports::run_import(source, endpoints, "p1", "crm", clock, {}, log, {.batch_size = 100});

  EXPECT_EQ(summary.read, 5u);
  EXPECT_EQ(summary.imported, 3u);
  ASSERT_EQ(summary.rejections.size(), 2u);
  EXPECT_EQ(summary.rejections[0].origin, "endpoints.csv:4");
  EXPECT_EQ(summary.rejections[1].origin, "endpoints.csv:5");
}

TEST(ImportJob, ManyBatchesLandInOrderWithProgress) {
  testsupport::TempStore store;
  store::EndpointRepository endpoints(*store.database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockSegmentSource source;
  static constexpr std::size_t kCount = 20'500;
  auto calls = std::make_shared<std::size_t>(0);
  EXPECT_CALL(source, open()).WillOnce([calls] { return std::make_unique<ScriptedReader>(kCount, nullptr, calls); });
  EXPECT_CALL(source, describe()).WillRepeatedly(Return("file endpoints.csv"));
  std::vector<std::uint64_t> reported;
  std::optional<std::uint64_t> total;
  const ProgressFn progress = [&](const Progress& p) {
    reported.push_back(p.done);
    total = p.total;
  };

  const auto summary = imports::run_import(source, endpoints, "p1", "crm", clock, progress, log, {.batch_size = 1000});

  EXPECT_EQ(summary.read, kCount);
  EXPECT_EQ(summary.imported, kCount);
  EXPECT_EQ(summary.rejected, 0u);
  EXPECT_EQ(endpoints.count("p1"), kCount);
  EXPECT_EQ(endpoints.get("p1", "20500")->address, "user20500@example.com");
  // Progress at each 10,000 read, then the total; from the calling thread, in increasing order.
  EXPECT_THAT(reported, ::testing::ElementsAre(10'000u, 20'000u, kCount));
  EXPECT_EQ(total, kCount);
}

TEST(ImportJob, ASourceFailingMidStreamKeepsWhatWasReadAndRethrows) {
  testsupport::TempStore store;
  store::EndpointRepository endpoints(*store.database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockSegmentSource source;
  auto calls = std::make_shared<std::size_t>(0);
  // 7 endpoints read (3 full batches of 2 and one more), then the stream breaks at the 8th.
  EXPECT_CALL(source, open()).WillOnce([calls] {
    return std::make_unique<ScriptedReader>(
        100,
        [](std::size_t n) {
          if (n == 8) throw sdk::Error("endpoints.csv.gz", "cannot read the file: gzip error");
        },
        calls);
  });
  EXPECT_CALL(source, describe()).WillRepeatedly(Return("file endpoints.csv.gz"));
  ON_CALL(log, enabled(_)).WillByDefault(Return(true));
  EXPECT_CALL(log, write(sdk::LogLevel::kError, ::testing::HasSubstr("source failed after 7 records (7 imported, kept)")));

  try {
    imports::run_import(source, endpoints, "p1", "crm", clock, {}, log, {.batch_size = 2});
    ADD_FAILURE() << "no exception";
  } catch (const sdk::Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("gzip error"));
  }
  EXPECT_EQ(endpoints.count("p1"), 7u);
  EXPECT_TRUE(endpoints.get("p1", "7"));
  EXPECT_EQ(*calls, 8u);  // not called again after it failed
}

TEST(ImportJob, AStoreFailureStopsTheReaderAndRethrows) {
  // A one-session pool: the reader takes the only session at its 5th record, so the next upsert
  // cannot lease one and fails after lease_timeout (the store's own error path, no test sleep).
  testsupport::TempStore store;
  auto database = store::Database::open("sqlite3://" + (store.folder() / "small.db").string(),
                                        {.pool_size = 1, .lease_timeout = std::chrono::milliseconds(200)});
  store::EndpointRepository endpoints(*database);
  ManualClock clock(testsupport::t0());
  NiceMock<MockLogger> log;
  MockSegmentSource source;
  auto calls = std::make_shared<std::size_t>(0);
  std::optional<store::SessionLease> held;
  static constexpr std::size_t kCount = 100'000;
  static constexpr std::size_t kBatch = 2;
  EXPECT_CALL(source, open()).WillOnce([&] {
    return std::make_unique<ScriptedReader>(
        kCount,
        [&](std::size_t n) {
          if (n == 5) held.emplace(database->lease());
        },
        calls);
  });
  EXPECT_CALL(source, describe()).WillRepeatedly(Return("file endpoints.csv"));

  EXPECT_THROW(imports::run_import(source, endpoints, "p1", "crm", clock, {}, log, {.batch_size = kBatch}), sdk::Error);
  // The reader stopped: it never runs more than the 3 batches in flight ahead of the failed write.
  EXPECT_LE(*calls, 5 + 3 * kBatch + 1);
  held.reset();
  EXPECT_LE(endpoints.count("p1"), 4u);
}
