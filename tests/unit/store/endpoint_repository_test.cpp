#include <gtest/gtest.h>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "store/endpoint_repository.hpp"
#include "store/ids.hpp"
#include "store_test_support.hpp"

namespace herald::store {
namespace {
using sdk::ChannelType;
using testing::StoreTest;

sdk::Instant at(long long ms) { return from_ms(ms); }

sdk::Endpoint email(std::string id, std::string address) {
  sdk::Endpoint e;
  e.id = std::move(id);
  e.channel_type = ChannelType::kEmail;
  e.address = std::move(address);
  return e;
}

class EndpointRepositoryTest : public StoreTest {
protected:
  std::vector<UpsertResult> upsert(std::vector<sdk::Endpoint> items, long long now = 1000) {
    return repo().upsert_batch("p", items, at(now));
  }
  EndpointRepository& repo() {
    if (!repo_) repo_ = std::make_unique<EndpointRepository>(db(), EndpointRepositoryOptions{3});
    return *repo_;
  }
  std::unique_ptr<EndpointRepository> repo_;
};
HERALD_STORE_BACKENDS(EndpointRepositoryTest);

TEST_P(EndpointRepositoryTest, NewEndpointNeedsChannelTypeAndAddressAndGetsAnId) {
  sdk::Endpoint no_channel;
  no_channel.id = "a";
  no_channel.address = "a@example.com";
  sdk::Endpoint no_address = email("b", "");
  sdk::Endpoint no_id = email("", "c@example.com");
  auto results = upsert({no_channel, no_address, no_id});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_EQ(results[0].error, "ChannelType: required for a new endpoint");
  EXPECT_FALSE(results[1].ok);
  EXPECT_EQ(results[1].error, "Address: required for a new endpoint");
  ASSERT_TRUE(results[2].ok) << results[2].error;
  EXPECT_EQ(results[2].id.size(), 36u);  // a UUID
  EXPECT_EQ(repo().count("p"), 1u);
  auto stored = repo().get("p", results[2].id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->address, "c@example.com");
  EXPECT_EQ(stored->creation_date, at(1000));
  EXPECT_EQ(stored->cohort_id, cohort_of("p", results[2].id));
}

TEST_P(EndpointRepositoryTest, UpdateMergesFieldsAndReplacesAttributesPerName) {
  sdk::Endpoint first = email("e1", "old@example.com");
  first.attributes = {{"Plan", {"gold"}}, {"Tags", {"a", "b"}}};
  first.metrics = {{"score", 1.5}, {"visits", 3}};
  first.demographic.timezone = "Europe/Paris";
  first.location.latitude = 48.85;
  first.effective_date = at(500);
  ASSERT_TRUE(upsert({first}, 1000)[0].ok);

  sdk::Endpoint change;  // an update gives only what changes: no ChannelType needed
  change.id = "e1";
  change.address = "new@example.com";
  change.attributes = {{"Tags", {"c"}}, {"Plan", {}}};
  change.metrics = {{"score", 2.5}};
  change.opt_out = sdk::OptOut::kAll;
  auto r = upsert({change}, 2000);
  ASSERT_TRUE(r[0].ok) << r[0].error;

  auto e = repo().get("p", "e1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->channel_type, ChannelType::kEmail);
  EXPECT_EQ(e->address, "new@example.com");
  EXPECT_EQ(e->creation_date, at(1000));  // kept
  EXPECT_EQ(e->effective_date, at(500));
  EXPECT_EQ(e->demographic.timezone, "Europe/Paris");
  EXPECT_EQ(e->location.latitude, 48.85);
  EXPECT_FALSE(e->location.longitude);
  EXPECT_EQ(e->opt_out, sdk::OptOut::kAll);
  EXPECT_EQ(e->attributes, (sdk::AttributeMap{{"Tags", {"c"}}}));
  EXPECT_EQ(e->metrics, (sdk::MetricMap{{"score", 2.5}, {"visits", 3}}));
  EXPECT_EQ(e->cohort_id, cohort_of("p", "e1"));
}

TEST_P(EndpointRepositoryTest, BatchesWithAndWithoutDemographicsOrLocationKeepEveryField) {
  // Plain batches (no demographic or location value) next to an endpoint that has them: updates through
  // either kind of batch neither lose a stored value nor invent one.
  sdk::Endpoint placed = email("placed", "placed@example.com");
  placed.demographic.timezone = "Europe/Paris";
  placed.location.latitude = 48.85;
  ASSERT_TRUE(upsert({placed}, 1000)[0].ok);
  sdk::Endpoint plain = email("plain", "plain@example.com");
  plain.attributes = {{"K", {"1"}}};
  ASSERT_TRUE(upsert({plain, email("other", "other@example.com")}, 1000)[0].ok);
  sdk::Endpoint plain_change;  // an update of a plain endpoint by a plain batch
  plain_change.id = "plain";
  plain_change.attributes = {{"L", {"2"}}};
  ASSERT_TRUE(upsert({plain_change}, 2000)[0].ok);
  sdk::Endpoint placed_change;  // a plain item for an endpoint with a location: its values are kept
  placed_change.id = "placed";
  placed_change.attributes = {{"M", {"3"}}};
  ASSERT_TRUE(upsert({placed_change}, 2000)[0].ok);

  const auto got_plain = repo().get("p", "plain");
  ASSERT_TRUE(got_plain);
  EXPECT_EQ(got_plain->attributes, (sdk::AttributeMap{{"K", {"1"}}, {"L", {"2"}}}));
  EXPECT_EQ(got_plain->demographic.timezone, "");
  EXPECT_FALSE(got_plain->location.latitude);
  EXPECT_FALSE(got_plain->location.longitude);
  EXPECT_EQ(got_plain->creation_date, at(1000));
  const auto got_placed = repo().get("p", "placed");
  ASSERT_TRUE(got_placed);
  EXPECT_EQ(got_placed->demographic.timezone, "Europe/Paris");
  EXPECT_EQ(got_placed->location.latitude, 48.85);
  EXPECT_EQ(got_placed->attributes, (sdk::AttributeMap{{"M", {"3"}}}));
  EXPECT_EQ(repo().get("p", "other")->address, "other@example.com");
}

TEST_P(EndpointRepositoryTest, ALaterItemOfTheSameBatchSeesTheEarlierOne) {
  sdk::Endpoint a = email("dup", "one@example.com");
  a.attributes = {{"K", {"1"}}};
  sdk::Endpoint b;
  b.id = "dup";
  b.attributes = {{"K", {"2", "3"}}, {"L", {"x,\"y\" \\{z}", "NULL", ""}}};  // array-literal specials
  auto r = upsert({a, b});
  ASSERT_TRUE(r[0].ok && r[1].ok) << r[1].error;
  auto e = repo().get("p", "dup");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->address, "one@example.com");
  EXPECT_EQ(e->attributes, (sdk::AttributeMap{{"K", {"2", "3"}}, {"L", {"x,\"y\" \\{z}", "NULL", ""}}}));
}

TEST_P(EndpointRepositoryTest, AUserOwnsAtMostTheConfiguredNumberOfEndpoints) {
  std::vector<sdk::Endpoint> items;
  for (int i = 0; i < 4; ++i) {
    auto e = email(fmt::format("e{}", i), fmt::format("{}@example.com", i));
    e.user.user_id = "u1";
    e.user.user_attributes = {{"FirstName", {"Ana"}}};
    items.push_back(e);
  }
  auto r = upsert(items);
  EXPECT_TRUE(r[0].ok && r[1].ok && r[2].ok);
  ASSERT_FALSE(r[3].ok);
  EXPECT_EQ(r[3].error.rfind("User.UserId 'u1': already has 3 endpoints (limit 3)", 0), 0u) << r[3].error;
  EXPECT_EQ(repo().get_user_endpoints("p", "u1").size(), 3u);
  EXPECT_FALSE(repo().get("p", "e3"));

  // Moving one endpoint to another user frees a slot.
  sdk::Endpoint move;
  move.id = "e0";
  move.user.user_id = "u2";
  ASSERT_TRUE(upsert({move})[0].ok);
  sdk::Endpoint again = items[3];
  auto r2 = upsert({again});
  EXPECT_TRUE(r2[0].ok) << r2[0].error;

  auto user = repo().get_user("p", "u1");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->user_attributes, (sdk::AttributeMap{{"FirstName", {"Ana"}}}));
  auto e1 = repo().get("p", "e1");
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->user.user_attributes, (sdk::AttributeMap{{"FirstName", {"Ana"}}}));
}

TEST_P(EndpointRepositoryTest, RefusesAttributesOverPinpointQuotas) {
  auto e = email("q", "q@example.com");
  e.attributes = {{std::string(51, 'n'), {"v"}}};
  auto r = upsert({e});
  EXPECT_FALSE(r[0].ok);
  EXPECT_NE(r[0].error.find("at most 50 are allowed"), std::string::npos) << r[0].error;
  // Limits count characters, not bytes: 40 CJK characters (120 bytes) are a valid value.
  std::string cjk;
  for (int i = 0; i < 40; ++i) cjk += "\xE6\x9D\xB1";
  auto ok = email("cjk", "cjk@example.com");
  ok.attributes = {{"City", {cjk}}};
  EXPECT_TRUE(upsert({ok})[0].ok);
}

TEST_P(EndpointRepositoryTest, GetManyChunksKeepsOrderAndSkipsUnknownIds) {
  std::vector<sdk::Endpoint> items;
  for (int i = 0; i < 250; ++i) {
    const std::string n = std::to_string(i);
    auto e = email(fmt::format("id{}", n), fmt::format("x{}@example.com", n));
    e.attributes = {{"N", {std::to_string(i)}}};
    items.push_back(e);
  }
  auto r = upsert(items);
  for (const auto& each : r) ASSERT_TRUE(each.ok) << each.error;
  std::vector<std::string> ids;
  for (int i = 249; i >= 0; i -= 2) ids.push_back(fmt::format("id{}", i));
  ids.push_back("missing");
  ids.push_back("id249");  // repeated
  auto found = repo().get_many("p", ids);
  ASSERT_EQ(found.size(), 125u);
  EXPECT_EQ(found.front().id, "id249");
  EXPECT_EQ(found.back().id, "id1");
  EXPECT_EQ(found[1].attributes.at("N"), std::vector<std::string>{"247"});
  EXPECT_TRUE(repo().get_many("other-project", ids).empty());
}

TEST_P(EndpointRepositoryTest, DeletesEndpointsAndUsers) {
  auto a = email("a", "a@example.com");
  a.user.user_id = "u";
  a.attributes = {{"K", {"v"}}};
  auto b = email("b", "b@example.com");
  b.user.user_id = "u";
  auto c = email("c", "c@example.com");
  upsert({a, b, c});
  EXPECT_TRUE(repo().delete_endpoint("p", "c"));
  EXPECT_FALSE(repo().delete_endpoint("p", "c"));
  EXPECT_EQ(repo().delete_user("p", "u"), 2u);
  EXPECT_EQ(repo().count("p"), 0u);
  EXPECT_FALSE(repo().get_user("p", "u"));
  SessionLease lease = db().lease();
  int leftovers = 0;  // attributes live on the rows (schema version 3): no endpoint or user row is left
  lease.session() << "SELECT (SELECT COUNT(*) FROM endpoints) + (SELECT COUNT(*) FROM users)", soci::into(leftovers);
  EXPECT_EQ(leftovers, 0);
}

TEST(Cohort, IsStableAndInRange) {
  EXPECT_EQ(cohort_of("p", "e1"), cohort_of("p", "e1"));
  std::vector<int> seen(100, 0);
  for (int i = 0; i < 10000; ++i) {
    int c = cohort_of("proj", std::to_string(i));
    ASSERT_GE(c, 0);
    ASSERT_LT(c, 100);
    ++seen[static_cast<std::size_t>(c)];
  }
  for (int n : seen) EXPECT_GT(n, 50);  // roughly uniform (expected 100 each)
}

}  // namespace
}  // namespace herald::store
