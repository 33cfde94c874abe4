#include <gtest/gtest.h>

#include <fmt/format.h>

#include <set>
#include <thread>

#include "herald/sdk/error.hpp"
#include "store/campaign_run_repository.hpp"
#include "store/definition_repository.hpp"
#include "store/ids.hpp"
#include "store/plugin_state_repository.hpp"
#include "store/work_item_repository.hpp"
#include "store_test_support.hpp"

namespace herald::store {
namespace {
using namespace std::chrono_literals;
using testing::StoreTest;

class WorkAndStateTest : public StoreTest {};
HERALD_STORE_BACKENDS(WorkAndStateTest);

TEST_P(WorkAndStateTest, ClaimsAreLeasesWithFencingTokens) {
  WorkItemRepository work(db());
  auto early = work.enqueue("campaign.run", R"({"run":"r1"})", from_ms(1000));
  auto later = work.enqueue("journey.wake", "{}", from_ms(5000));
  EXPECT_EQ(work.next_due(), from_ms(1000));
  EXPECT_TRUE(work.claim_due("a", from_ms(999), 10, 30s).empty());

  auto claimed = work.claim_due("a", from_ms(1000), 10, 30s);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, early);
  EXPECT_EQ(claimed[0].kind, "campaign.run");
  EXPECT_EQ(claimed[0].payload, R"({"run":"r1"})");
  EXPECT_EQ(claimed[0].fencing_token, 1);
  EXPECT_EQ(work.next_due(), from_ms(5000));  // later item due before the lease (31 s) expires
  EXPECT_TRUE(work.claim_due("b", from_ms(2000), 10, 30s).empty());  // leased, not expired
  EXPECT_TRUE(work.renew(claimed[0], "a", from_ms(2000), 30s));
  EXPECT_FALSE(work.renew(claimed[0], "b", from_ms(2000), 30s));  // not the owner

  // Owner a stalls; the lease (renewed until 32 s) expires; b takes over with a higher token.
  auto taken = work.claim_due("b", from_ms(32000), 1, 30s);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, early);
  EXPECT_EQ(taken[0].fencing_token, 2);
  EXPECT_FALSE(work.complete(claimed[0], "a"));  // stale owner rejected
  EXPECT_TRUE(work.retry(taken[0], "b", from_ms(40000), "SMTP down"));
  auto record = work.get(early);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, WorkState::kPending);
  EXPECT_EQ(record->item.attempts, 1);
  EXPECT_EQ(record->last_error, "SMTP down");

  auto both = work.claim_due("c", from_ms(40000), 10, 30s);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].id, later);  // due 5000 before 40000
  EXPECT_EQ(both[1].attempts, 1);
  EXPECT_TRUE(work.complete(both[0], "c"));
  EXPECT_TRUE(work.fail(both[1], "c", "gave up"));
  EXPECT_FALSE(work.complete(both[0], "c"));  // already done
  EXPECT_EQ(work.count(WorkState::kDone), 1u);
  EXPECT_EQ(work.count(WorkState::kFailed), 1u);
  EXPECT_FALSE(work.next_due());
  EXPECT_FALSE(work.get(424242));
}

TEST_P(WorkAndStateTest, ConcurrentClaimersTakeDisjointItems) {
  WorkItemRepository work(db());
  for (int i = 0; i < 40; ++i) work.enqueue("job", std::to_string(i), from_ms(i));
  std::vector<std::vector<sdk::WorkItem>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (;;) {
        auto items = work.claim_due(fmt::format("w{}", t), from_ms(1000), 3, 60s);
        if (items.empty()) return;
        got[t].insert(got[t].end(), items.begin(), items.end());
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> ids;
  std::size_t total = 0;
  for (const auto& g : got) {
    total += g.size();
    for (const auto& item : g) ids.insert(item.id);
  }
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(ids.size(), 40u);
}

TEST_P(WorkAndStateTest, PluginStateIsNamespacedAndBinarySafe) {
  PluginStateRepository inbox(db(), "channel/inapp#main");
  PluginStateRepository other(db(), "other");
  const std::string bytes("\0\xff\x80 binary\n", 11);
  EXPECT_FALSE(inbox.get("k"));
  inbox.put("k", bytes);
  inbox.put("empty", "");
  EXPECT_EQ(inbox.get("k"), bytes);
  EXPECT_EQ(inbox.get("empty"), "");
  EXPECT_FALSE(other.get("k"));
  inbox.put("k", "v2");
  EXPECT_EQ(inbox.get("k"), "v2");
  EXPECT_TRUE(inbox.erase("k"));
  EXPECT_FALSE(inbox.erase("k"));
  for (const std::string v : {"a", "ab", "abc", "abcd"}) {
    inbox.put(v, v);
    EXPECT_EQ(inbox.get(v), v);
  }
}

TEST_P(WorkAndStateTest, DefinitionsGetANewVersionOnlyWhenTheirJsonChanges) {
  DefinitionRepository defs(db());
  auto body = nlohmann::json::parse(R"({"Name":"vip","Dimensions":{"b":1,"a":2}})");
  auto first = defs.upsert("p", DefinitionKind::kSegment, "vip", body, from_ms(1));
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.definition.version, 1);
  EXPECT_EQ(first.definition.id, derived_id({"p", "segment", "vip"}));
  EXPECT_EQ(first.definition.id.size(), 32u);
  EXPECT_EQ(first.definition.body, R"({"Dimensions":{"a":2,"b":1},"Name":"vip"})");
  auto reordered = nlohmann::json::parse(R"({"Dimensions":{"a":2,"b":1},"Name":"vip"})");
  auto same = defs.upsert("p", DefinitionKind::kSegment, "vip", reordered, from_ms(2));
  EXPECT_FALSE(same.changed);
  EXPECT_EQ(same.definition.version, 1);
  body["Dimensions"]["c"] = 3;
  auto second = defs.upsert("p", DefinitionKind::kSegment, "vip", body, from_ms(3));
  EXPECT_TRUE(second.changed);
  EXPECT_EQ(second.definition.version, 2);
  EXPECT_EQ(second.definition.id, first.definition.id);
  EXPECT_EQ(defs.version("p", DefinitionKind::kSegment, first.definition.id, 1)->body, first.definition.body);
  EXPECT_EQ(defs.latest("p", DefinitionKind::kSegment, first.definition.id)->version, 2);
  EXPECT_EQ(defs.latest_by_name("p", DefinitionKind::kSegment, "vip")->version, 2);
  // An Id from the file wins; templates are account-level (project "").
  auto tpl = defs.upsert("", DefinitionKind::kTemplate, "welcome", nlohmann::json::object(), from_ms(4), "tpl-1");
  EXPECT_EQ(tpl.definition.id, "tpl-1");
  EXPECT_EQ(defs.list_latest("", DefinitionKind::kTemplate).size(), 1u);
  EXPECT_EQ(defs.list_latest("p", DefinitionKind::kSegment).size(), 1u);
  EXPECT_TRUE(defs.list_latest("p", DefinitionKind::kCampaign).empty());
  EXPECT_THROW(defs.upsert("p", DefinitionKind::kCampaign, "", body, from_ms(5)), sdk::Error);
}

TEST_P(WorkAndStateTest, CampaignRunsMoveThroughTheirStates) {
  CampaignRunRepository runs(db());
  CampaignRun run;
  run.id = "run-1";
  run.project_id = "p";
  run.campaign_id = "c";
  run.campaign_version = 2;
  run.segment_id = "s";
  run.scheduled = from_ms(100);
  EXPECT_TRUE(runs.create(run));
  EXPECT_FALSE(runs.create(run));
  EXPECT_FALSE(runs.finish("run-1", from_ms(150)));  // not executing yet
  EXPECT_TRUE(runs.start("run-1", from_ms(200)));
  EXPECT_TRUE(runs.start("run-1", from_ms(300)));  // resumed: keeps the first start
  runs.add_counts("run-1", 10, 7, 1);
  runs.add_counts("run-1", 5, 5, 0);
  EXPECT_TRUE(runs.finish("run-1", from_ms(400)));
  EXPECT_FALSE(runs.start("run-1", from_ms(500)));
  auto got = runs.get("run-1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, CampaignRunState::kCompleted);
  EXPECT_EQ(got->started, from_ms(200));
  EXPECT_EQ(got->completed, from_ms(400));
  EXPECT_EQ(got->targeted, 15);
  EXPECT_EQ(got->delivered, 12);
  EXPECT_EQ(got->failed, 1);
  EXPECT_EQ(got->campaign_version, 2);
  EXPECT_EQ(runs.list_for_campaign("p", "c").size(), 1u);
  EXPECT_EQ(runs.list_in_state(CampaignRunState::kCompleted).size(), 1u);
  EXPECT_TRUE(runs.list_in_state(CampaignRunState::kExecuting).empty());
  EXPECT_FALSE(runs.get("nope"));
}

}  // namespace
}  // namespace herald::store
