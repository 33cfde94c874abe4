#include <gmock/gmock.h>

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
