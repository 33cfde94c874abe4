// scheduler/local against an in-memory work table with leases and fencing tokens.
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "local_scheduler.hpp"
#include "test_context.hpp"

using namespace herald;
using namespace std::chrono_literals;

namespace {

/// The kernel's work table, in memory: same claim/lease/fencing rules as services.hpp describes.
class MemoryLeases final : public sdk::WorkLeases {
public:
  struct Row {
    sdk::WorkItem item;
    bool done = false;
    std::string owner;
    sdk::Instant lease_until{};
    std::string last_reason;
  };
  void add(std::int64_t id, std::string kind, sdk::Instant due) { rows_[id] = {{id, std::move(kind), "{}", due, 0, 0}}; }

  std::vector<sdk::WorkItem> claim_due(const std::string& owner, sdk::Instant now, std::size_t limit,
                                       std::chrono::seconds lease) override {
    std::vector<sdk::WorkItem> out;
    for (auto& [id, row] : rows_) {
      if (out.size() == limit) break;
      if (row.done || row.item.due > now || (!row.owner.empty() && row.lease_until > now)) continue;
      row.owner = owner;
      row.lease_until = now + lease;
      ++row.item.fencing_token;
      out.push_back(row.item);
    }
    ++claims_;
    return out;
  }
  bool renew(const sdk::WorkItem& item, const std::string& owner, sdk::Instant now, std::chrono::seconds lease) override {
    auto& row = rows_.at(item.id);
    const bool kept = current(row, item, owner);
    if (kept) row.lease_until = now + lease;
    {
      const std::lock_guard lock(renew_mutex_);
      ++renewals_;
    }
    renewed_.notify_all();
    return kept;
  }
  /// Waits (up to `deadline`) until renew() was called `count` times in all.
  bool wait_renewals(int count, std::chrono::seconds deadline) {
    std::unique_lock lock(renew_mutex_);
    return renewed_.wait_for(lock, deadline, [&] { return renewals_ >= count; });
  }
  bool complete(const sdk::WorkItem& item, const std::string& owner) override {
    auto& row = rows_.at(item.id);
    if (!current(row, item, owner)) return false;
    row.done = true;
    row.owner.clear();
    return true;
  }
  bool retry(const sdk::WorkItem& item, const std::string& owner, sdk::Instant retry_at, const std::string& reason) override {
    auto& row = rows_.at(item.id);
    if (!current(row, item, owner)) return false;
    row.owner.clear();
    row.item.due = retry_at;
    ++row.item.attempts;
    row.last_reason = reason;
    return true;
  }
  std::optional<sdk::Instant> next_due() override {
    std::optional<sdk::Instant> next;
    for (const auto& [id, row] : rows_)
      if (!row.done && row.owner.empty() && (!next || row.item.due < *next)) next = row.item.due;
    return next;
  }
  std::map<std::int64_t, Row> rows_;
  int claims_ = 0;
  std::mutex renew_mutex_;
  std::condition_variable renewed_;
  int renewals_ = 0;  ///< renew_mutex_

private:
  static bool current(const Row& row, const sdk::WorkItem& item, const std::string& owner) {
    return row.owner == owner && row.item.fencing_token == item.fencing_token && !row.done;
  }
};

/// Runs items; throws for kinds listed in `failing`.
class RecordingDispatcher final : public sdk::WorkDispatcher {
public:
  void run(const sdk::WorkItem& item) override {
    ran_.push_back(item.id);
    if (failing_.count(item.kind)) throw std::runtime_error("boom in " + item.kind);
  }
  std::vector<std::int64_t> ran_;
  std::set<std::string> failing_;
};

/// Stays in run() until the scheduler renewed the item's lease `count` times (a long campaign run), at most
/// `deadline`.
class LongDispatcher final : public sdk::WorkDispatcher {
public:
  explicit LongDispatcher(MemoryLeases& leases, int count = 2, std::chrono::seconds deadline = 30s)
      : leases_(leases), count_(count), deadline_(deadline) {}
  void run(const sdk::WorkItem&) override { renewed_while_running_ = leases_.wait_renewals(count_, deadline_); }
  MemoryLeases& leases_;
  int count_;
  std::chrono::seconds deadline_;
  bool renewed_while_running_ = false;
};

class LocalSchedulerTest : public ::testing::Test {
protected:
  std::unique_ptr<sdk::Scheduler> make(std::map<std::string, sdk::SettingValue> given = {}) {
    const auto factory = scheduler_local::local_scheduler_factory();
    return factory.create(testkit::settings_with_defaults(factory.schema, std::move(given)), context_);
  }
  sdk::Instant t0_ = sdk::Instant{std::chrono::milliseconds{1704067200000}};
  MemoryLeases leases_;
  RecordingDispatcher dispatcher_;
  testkit::TestContext context_{{}, "clock", &leases_};
};

}  // namespace

TEST_F(LocalSchedulerTest, RunsDueItemsInBatchesAndCompletesThem) {
  for (int i = 1; i <= 40; ++i) leases_.add(i, "campaign.run", t0_);
  leases_.add(100, "journey.wake", t0_ + 1h);
  auto scheduler = make({{"batch", std::int64_t{16}}});
  EXPECT_EQ(scheduler->poll(dispatcher_, t0_), 40u);
  EXPECT_EQ(dispatcher_.ran_.size(), 40u);
  EXPECT_GE(leases_.claims_, 3);  // 16 + 16 + 8
  for (int i = 1; i <= 40; ++i) EXPECT_TRUE(leases_.rows_[i].done);
  EXPECT_FALSE(leases_.rows_[100].done);
  EXPECT_EQ(scheduler->next_wake(), t0_ + 1h);
  EXPECT_EQ(scheduler->poll(dispatcher_, t0_ + 1h), 1u);
  EXPECT_EQ(scheduler->next_wake(), std::nullopt);
}

TEST_F(LocalSchedulerTest, ALongRunKeepsItsLeaseAliveUntilItCompletes) {
  leases_.add(1, "campaign.run", t0_);
  auto scheduler = make({{"lease_seconds", std::int64_t{3}}});  // renewed every second (a third of it)
  LongDispatcher dispatcher(leases_);
  EXPECT_EQ(scheduler->poll(dispatcher, t0_), 1u);
  EXPECT_TRUE(dispatcher.renewed_while_running_) << "no lease renewal within 30 s of running";
  EXPECT_TRUE(leases_.rows_[1].done) << "the renewals kept the claim, so completion was accepted";
  EXPECT_EQ(context_.logger_.joined().find("lease lost"), std::string::npos) << context_.logger_.joined();
}

TEST_F(LocalSchedulerTest, AOneSecondLeaseIsRenewedWellWithinASecond) {
  // Renewals every third of the lease: three of them take about one second. (They used to come at most
  // once a second, so a 1 s lease lapsed between renewals and a second process could take the run over.)
  leases_.add(1, "campaign.run", t0_);
  auto scheduler = make({{"lease_seconds", std::int64_t{1}}});
  LongDispatcher dispatcher(leases_, 3, 2s);
  EXPECT_EQ(scheduler->poll(dispatcher, t0_), 1u);
  EXPECT_TRUE(dispatcher.renewed_while_running_) << "fewer than 3 renewals of a 1 s lease within 2 s";
  EXPECT_TRUE(leases_.rows_[1].done);
}

TEST_F(LocalSchedulerTest, FailuresRetryWithExponentialBackoffThenGiveUp) {
  leases_.add(1, "flaky", t0_);
  dispatcher_.failing_ = {"flaky"};
  auto scheduler = make({{"max_attempts", std::int64_t{3}}, {"retry_base_seconds", std::int64_t{10}}});
  EXPECT_EQ(scheduler->poll(dispatcher_, t0_), 1u);
  EXPECT_EQ(leases_.rows_[1].item.attempts, 1);
  EXPECT_EQ(leases_.rows_[1].item.due, t0_ + 10s);
  EXPECT_EQ(leases_.rows_[1].last_reason, "boom in flaky");
  EXPECT_EQ(scheduler->next_wake(), t0_ + 10s);
  EXPECT_EQ(scheduler->poll(dispatcher_, t0_ + 9s), 0u);  // not due yet
  EXPECT_EQ(scheduler->poll(dispatcher_, t0_ + 10s), 1u);
  EXPECT_EQ(leases_.rows_[1].item.due, t0_ + 10s + 20s);  // doubled
  EXPECT_EQ(scheduler->poll(dispatcher_, t0_ + 30s), 1u);  // third failure = max_attempts: given up
  EXPECT_TRUE(leases_.rows_[1].done);
  EXPECT_EQ(dispatcher_.ran_.size(), 3u);
  EXPECT_NE(context_.logger_.joined().find("giving up: boom in flaky"), std::string::npos) << context_.logger_.joined();
}

TEST_F(LocalSchedulerTest, RetryDelayIsCapped) {
  scheduler_local::LocalSchedulerConfig config;
  config.retry_base = 30s;
  config.retry_max = 100s;
  EXPECT_EQ(scheduler_local::retry_delay(config, 1), 30s);
  EXPECT_EQ(scheduler_local::retry_delay(config, 2), 60s);
  EXPECT_EQ(scheduler_local::retry_delay(config, 3), 100s);
  EXPECT_EQ(scheduler_local::retry_delay(config, 60), 100s);
}

TEST_F(LocalSchedulerTest, OneFailureDoesNotStopTheOthers) {
  leases_.add(1, "ok", t0_);
  leases_.add(2, "bad", t0_);
  leases_.add(3, "ok", t0_);
  dispatcher_.failing_ = {"bad"};
  EXPECT_EQ(make()->poll(dispatcher_, t0_), 3u);
  EXPECT_TRUE(leases_.rows_[1].done);
  EXPECT_FALSE(leases_.rows_[2].done);
  EXPECT_TRUE(leases_.rows_[3].done);
  EXPECT_EQ(leases_.rows_[2].item.due, t0_ + 30s);
}
