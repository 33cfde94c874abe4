// Discovery for `herald plugins list|describe`, and the schema table it prints.
#include "plugin_host/discovery.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "loader_test_support.hpp"
#include "plugin_host/schema_table.hpp"

namespace herald::plugin_host::testing {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

const DiscoveredPlugin* by_file(const std::vector<DiscoveredPlugin>& found, const std::string& file_name) {
  for (const auto& plugin : found)
    if (plugin.file.filename() == file_name) return &plugin;
  return nullptr;
}

TEST(PluginDiscovery, ListsEveryFileAndReportsFailuresWithoutStopping) {
  const auto found = discover_plugins({kFixtureDir});
  std::vector<std::string> names;
  for (const auto& plugin : found) names.push_back(plugin.file.filename().string());
  EXPECT_THAT(names, ::testing::ElementsAre(
                         "herald-channel-fixture-abi2.so", "herald-channel-fixture-garbage.so",
                         "herald-channel-fixture-good.so", "herald-channel-fixture-minor.so",
                         "herald-channel-fixture-plain.so", "herald-channel-fixture-recorder.so",
                         "herald-channel-fixture-throws.so", "herald-channel-fixture-toolchain.so",
                         "herald-channel-fixture-wrong-kind.so", "herald-com.example-fixture.so"));

  const DiscoveredPlugin* good = by_file(found, "herald-channel-fixture-good.so");
  ASSERT_NE(good, nullptr);
  EXPECT_FALSE(good->error);
  EXPECT_EQ(good->name, "channel-fixture-good");
  EXPECT_EQ(good->version, "1.2.3");
  ASSERT_EQ(good->types.size(), 2u);
  EXPECT_EQ(good->types[0].type, "channel/fixture-good");
  EXPECT_EQ(good->types[0].kind, PluginKind::kChannel);
  EXPECT_EQ(good->types[0].description, "Records sent messages (loader test fixture)");
  EXPECT_EQ(good->types[0].schema.specs.size(), 8u);
  EXPECT_EQ(good->types[1].type, "source/fixture-good");
  EXPECT_EQ(good->types[1].kind, PluginKind::kSegmentSource);

  EXPECT_THAT(*by_file(found, "herald-channel-fixture-garbage.so")->error, HasSubstr("not a Herald plugin"));
  EXPECT_THAT(*by_file(found, "herald-channel-fixture-abi2.so")->error, HasSubstr("ABI 2.0"));
  EXPECT_THAT(*by_file(found, "herald-channel-fixture-throws.so")->error, HasSubstr("register_factories threw"));
  EXPECT_TRUE(by_file(found, "herald-channel-fixture-throws.so")->types.empty());
  EXPECT_FALSE(by_file(found, "herald-channel-fixture-recorder.so")->error);

  EXPECT_FALSE(is_loaded(good->file)) << "discovery leaves nothing loaded";
}

TEST(PluginDiscovery, LaterFilesOfTheSameNameAreMarkedShadowed) {
  TempDir dir("shadow");
  fs::copy_file(fixture("herald-channel-fixture-good.so"), dir.path() / "herald-channel-fixture-good.so");
  const auto found = discover_plugins({dir.path(), kFixtureDir, dir.path() / "missing"});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].file, dir.path() / "herald-channel-fixture-good.so");
  EXPECT_FALSE(found[0].shadowed_by);
  const DiscoveredPlugin* later = nullptr;
  for (const auto& plugin : found)
    if (plugin.file == fixture("herald-channel-fixture-good.so")) later = &plugin;
  ASSERT_NE(later, nullptr);
  EXPECT_EQ(later->shadowed_by, found[0].file);
}

TEST(PluginDiscovery, DescribeFindsThePluginOfAType) {
  const DiscoveredPlugin plugin = describe_plugin({kFixtureDir}, "source/fixture-good");
  EXPECT_EQ(plugin.name, "channel-fixture-good");
  ASSERT_EQ(plugin.types.size(), 2u);
  EXPECT_THROW(describe_plugin({kFixtureDir}, "channel/fixture-abi2"), sdk::Error);
}

TEST(PluginDiscovery, SchemaTableShowsEveryKeyAndHidesSecrets) {
  const DiscoveredPlugin plugin = describe_plugin({kFixtureDir}, "channel/fixture-good");
  const std::string table = format_schema_table(plugin.types.at(0).schema);
  EXPECT_EQ(table,
            "| Name | Type | Default | Required | Description |\n"
            "|---|---|---|---|---|\n"
            "| `greeting` | string | `hello` | no | Text put before each address |\n"
            "| `max_batch` | integer (1..1000) | `10` | no | Messages per send call |\n"
            "| `ratio` | number (0..1) | `0.5` | no | A number \\| with a pipe |\n"
            "| `enabled` | boolean | `true` | no | Whether to send |\n"
            "| `tags` | list of strings |  | no | Tags added to each message |\n"
            "| `mode` | enum: fast, slow | `fast` | no | Delivery mode |\n"
            "| `api_key` | string | *** | no | Key for the fake provider |\n"
            "| `outbox` | path |  | yes | Folder for copies |\n");
  EXPECT_THAT(table, ::testing::Not(HasSubstr("fixture-secret-value")));
  EXPECT_EQ(format_schema_table({}), "(no settings)\n");
}

}  // namespace
}  // namespace herald::plugin_host::testing
