// HeraldConfig: the model, its defaults, unknown keys, kinds, ids and cross-references.
#include <gtest/gtest.h>

#include "config/herald_config.hpp"
#include "config_test_support.hpp"

namespace herald::config {
namespace {

using testing::config_error_of;
using testing::json;
using testing::TempDir;

const std::filesystem::path kData = HERALD_CONFIG_TEST_DATA;

/// Parses a JSON config (as /etc/herald/herald.json) and returns its problems.
std::vector<ConfigProblem> problems_of(const std::string& text) {
  ProblemList problems;
  HeraldConfig::from_node(json(text), problems);
  return problems.items();
}

class EquivalentFormats : public ::testing::TestWithParam<std::string> {};

TEST_P(EquivalentFormats, LoadTheSameModel) {
  const HeraldConfig config = HeraldConfig::load(kData / GetParam());
  EXPECT_EQ(config.store_url, "sqlite3://" + (kData / "var/herald.db").string());
  EXPECT_EQ(config.plugin_search_path,
            (std::vector<std::filesystem::path>{kData / "lib/herald/plugins", "/opt/herald/plugins"}));
  EXPECT_EQ(config.var_folder, kData / "out");
  EXPECT_EQ(config.max_endpoints_per_user, 15);

  ASSERT_EQ(config.channels.size(), 2u);
  const PluginInstanceConfig& email = config.channels[0];
  EXPECT_EQ(email.id, "email");
  EXPECT_EQ(email.type, "channel/email-smtp");
  EXPECT_EQ(email.kind, PluginKind::kChannel);
  EXPECT_EQ(email.path(), "channels[0]");
  EXPECT_EQ(email.settings.path(), "channels[0].settings");
  EXPECT_EQ(email.settings.get_string("url"), "smtp://127.0.0.1:2525");
  EXPECT_EQ(email.settings.get_int("port", 0, 1, 65535), 2525);
  EXPECT_FALSE(email.settings.get_bool("tls", true));
  EXPECT_EQ(email.settings.get_string_list("recipients"),
            (std::vector<std::string>{"a@example.com", "b@example.com"}));
  EXPECT_TRUE(config.channels[1].settings.is_missing());
  EXPECT_EQ(config.channels[1].settings.path(), "channels[1].settings");

  ASSERT_EQ(config.sources.size(), 1u);
  EXPECT_EQ(config.sources[0].settings.at("path").as_path(), kData / "data/endpoints.csv");
  ASSERT_EQ(config.sinks.size(), 1u);
  EXPECT_EQ(config.sinks[0].type, "sink/file");
  ASSERT_EQ(config.schedulers.size(), 1u);
  EXPECT_EQ(config.schedulers[0].id, "clock");

  ASSERT_EQ(config.projects.size(), 1u);
  const ProjectConfig& shop = config.projects[0];
  EXPECT_EQ(shop.id, "shop");
  EXPECT_EQ(shop.name, "The Shop");
  EXPECT_EQ(shop.definitions, kData / "shop/");
  EXPECT_EQ(shop.imports, (std::vector<std::string>{"crm"}));
  ASSERT_EQ(shop.channels.size(), 2u);
  const ProjectChannelConfig* mail = shop.channel(sdk::ChannelType::kEmail);
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->use, "email");
  EXPECT_EQ(mail->from, "Shop <news@example.com>");
  EXPECT_TRUE(mail->enabled);
  const ProjectChannelConfig* sms = shop.channel(sdk::ChannelType::kSms);
  ASSERT_NE(sms, nullptr);
  EXPECT_EQ(sms->use, "outbox");
  EXPECT_EQ(sms->from, "+15550100");
  EXPECT_FALSE(sms->enabled);
  EXPECT_EQ(sms->node.path(), "projects[0].channels.SMS");
  EXPECT_EQ(shop.channel(sdk::ChannelType::kVoice), nullptr);

  EXPECT_EQ(config.instances().size(), 5u);
  ASSERT_NE(config.find_instance("crm"), nullptr);
  EXPECT_EQ(config.find_instance("crm")->kind, PluginKind::kSource);
  EXPECT_EQ(config.find_instance("nope"), nullptr);
  EXPECT_NE(config.find_project("shop"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Config, EquivalentFormats, ::testing::Values("herald.json", "herald.info", "herald.xml"));

TEST(HeraldConfig, DefaultsForAnEmptyFile) {
  const HeraldConfig config = HeraldConfig::from_node(json("{}"));
  EXPECT_EQ(config.store_url, "sqlite3:///etc/herald/var/herald.db");
  EXPECT_EQ(config.var_folder, std::filesystem::path("/etc/herald/var"));
  EXPECT_EQ(config.max_endpoints_per_user, 10);
  EXPECT_TRUE(config.plugin_search_path.empty());
  EXPECT_TRUE(config.instances().empty());
  EXPECT_TRUE(config.projects.empty());
  EXPECT_EQ(config.file_label(), "/etc/herald/herald.json");
}

TEST(HeraldConfig, StoreUrls) {
  EXPECT_EQ(HeraldConfig::from_node(json(R"({"store": {"url": "sqlite3:///srv/h.db"}})")).store_url,
            "sqlite3:///srv/h.db");
  EXPECT_EQ(HeraldConfig::from_node(json(R"({"store": {"url": "sqlite3://db/h.db?timeout=5"}})")).store_url,
            "sqlite3:///etc/herald/db/h.db?timeout=5");
  EXPECT_EQ(HeraldConfig::from_node(json(R"({"store": {"url": "sqlite3://:memory:"}})")).store_url, "sqlite3://:memory:");
  const std::string pg = "postgresql://herald:pw@127.0.0.1:5432/herald";
  EXPECT_EQ(HeraldConfig::from_node(json(R"({"store": {"url": ")" + pg + R"("}})")).store_url, pg);

  const auto problems = problems_of(R"({"store": {"url": "mysql://root:hunter2@db/h"}})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "store.url");
  EXPECT_EQ(problems[0].message,
            "unsupported store scheme 'mysql'. Use sqlite3://<file> (relative to the config file's folder) or "
            "postgresql://...");
}

TEST(HeraldConfig, UnknownKeysListTheAllowedOnesAndSuggest) {
  const auto problems = problems_of(R"({
    "chanels": [],
    "store": {"URL": "x"},
    "channels": [{"id": "e", "type": "channel/x", "setings": {}}],
    "projects": [{"id": "p", "definition": "x", "channels": {"EMAIL": {"use": "e", "form": "a@b"}}}]})");
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0], (ConfigProblem{"chanels",
                                        "unknown key 'chanels'; allowed: store, plugins, var, limits, channels, "
                                        "sources, sinks, schedulers, projects. Did you mean 'channels'?"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"store.URL", "unknown key 'URL'; allowed: url. Did you mean 'url'?"}));
  EXPECT_EQ(problems[2], (ConfigProblem{"channels[0].setings",
                                        "unknown key 'setings'; allowed: id, type, settings. Did you mean 'settings'?"}));
  EXPECT_EQ(problems[3].path, "projects[0].definition");
  EXPECT_NE(problems[3].message.find("Did you mean 'definitions'?"), std::string::npos);
  EXPECT_EQ(problems[4], (ConfigProblem{"projects[0].channels.EMAIL.form",
                                        "unknown key 'form'; allowed: use, from, enabled. Did you mean 'from'?"}));
}

TEST(HeraldConfig, UnknownKeyWithoutCloseMatchHasNoSuggestion) {
  const auto problems = problems_of(R"({"limits": {"zzz": 1}})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "unknown key 'zzz'; allowed: max_endpoints_per_user");
}

TEST(HeraldConfig, MaxEndpointsPerUserRange) {
  EXPECT_EQ(HeraldConfig::from_node(json(R"({"limits": {"max_endpoints_per_user": 1000}})")).max_endpoints_per_user,
            1000);
  for (const std::string value : {"0", "1001", "\"ten\""}) {
    const auto problems = problems_of(R"({"limits": {"max_endpoints_per_user": )" + value + "}}");
    ASSERT_EQ(problems.size(), 1u) << value;
    EXPECT_EQ(problems[0].path, "limits.max_endpoints_per_user");
    EXPECT_EQ(problems[0].message.rfind("expected an integer from 1 to 1000, got ", 0), 0u) << problems[0].message;
  }
}

TEST(HeraldConfig, KindMustMatchTheList) {
  const auto problems = problems_of(R"({"channels": [{"id": "crm", "type": "source/file"}],
                                        "schedulers": [{"id": "s", "type": "fax/x"}],
                                        "sinks": [{"id": "k", "type": "sink-file"}]})");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].type",
                                        "'source/file' is a source plugin, but 'channels' lists channel instances. "
                                        "Move this entry to 'sources'"}));
  EXPECT_EQ(problems[1].path, "sinks[0].type");
  EXPECT_EQ(problems[1].message, "invalid plugin type 'sink-file'; expected 'sink/<name>'. Example: \"sink/file\"");
  EXPECT_EQ(problems[2], (ConfigProblem{"schedulers[0].type",
                                        "invalid plugin kind 'fax' in type 'fax/x'; expected 'scheduler/<name>'"}));
}

TEST(HeraldConfig, ThirdPartyTypeNamesMayUseReverseDns) {
  const auto config = HeraldConfig::from_node(json(R"({"channels": [{"id": "fax", "type": "channel/com.example.fax"}]})"));
  EXPECT_EQ(config.channels.at(0).type, "channel/com.example.fax");
}

TEST(HeraldConfig, InstanceIdsAreRequiredWellFormedAndUniqueAcrossKinds) {
  const auto problems = problems_of(R"({
    "channels": [{"id": "main", "type": "channel/outbox"}, {"type": "channel/outbox"}, {"id": "my mail", "type": "channel/x"}],
    "sources":  [{"id": "main", "type": "source/file"}]})");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[1]", "required key 'id' is missing"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"channels[2].id",
                                        "invalid id 'my mail'. Use only letters, digits, '_' and '-' (it appears in "
                                        "logs, URLs and file names)"}));
  EXPECT_EQ(problems[2], (ConfigProblem{"sources[0].id",
                                        "duplicate instance id 'main' (also used at channels[0].id); ids must be "
                                        "unique across channels, sources, sinks and schedulers"}));
}

TEST(HeraldConfig, ProjectIdsAreUnique) {
  const auto problems = problems_of(R"({"projects": [{"id": "shop"}, {"id": "shop"}]})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], (ConfigProblem{"projects[1].id", "duplicate project id 'shop' (also used at projects[0].id)"}));
}

TEST(HeraldConfig, ProjectChannelUseMustNameAChannelInstance) {
  const auto problems = problems_of(R"({
    "channels": [{"id": "email", "type": "channel/email-smtp"}],
    "sources":  [{"id": "crm", "type": "source/file"}],
    "projects": [{"id": "shop", "channels": {"EMAIL": {"use": "emial"}, "SMS": {"use": "crm"}, "VOICE": {}}}]})");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], (ConfigProblem{"projects[0].channels.EMAIL.use",
                                        "no channel instance has id 'emial'; channels declares: email. Did you mean "
                                        "'email'?"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"projects[0].channels.SMS.use",
                                        "'crm' is a source instance, not a channel; channels declares: email"}));
  EXPECT_EQ(problems[2], (ConfigProblem{"projects[0].channels.VOICE", "required key 'use' is missing"}));
}

TEST(HeraldConfig, ProjectChannelKeysArePinpointChannelTypes) {
  const auto problems = problems_of(R"({"channels": [{"id": "e", "type": "channel/x"}],
                                        "projects": [{"id": "p", "channels": {"Email": {"use": "e"}}}]})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "projects[0].channels.Email");
  EXPECT_EQ(problems[0].message.rfind("unknown channel type 'Email'; allowed: PUSH, GCM, APNS,", 0), 0u)
      << problems[0].message;
  EXPECT_NE(problems[0].message.find("Did you mean 'EMAIL'?"), std::string::npos);
}

TEST(HeraldConfig, ImportsMustNameSources) {
  const auto problems = problems_of(R"({
    "channels": [{"id": "email", "type": "channel/x"}],
    "sources":  [{"id": "crm", "type": "source/file"}],
    "projects": [{"id": "shop", "imports": ["crm", "email", "crn"]}]})");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], (ConfigProblem{"projects[0].imports[1]",
                                        "'email' is a channel instance, not a source; sources declares: crm"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"projects[0].imports[2]",
                                        "no source instance has id 'crn'; sources declares: crm. Did you mean 'crm'?"}));
}

TEST(HeraldConfig, ABrokenInstanceIsNotReportedAgainAsDangling) {
  // The channel's own problem is reported once; `use` naming it is not a second problem.
  const auto problems = problems_of(R"({"channels": [{"id": "email", "type": "email-smtp"}],
                                        "projects": [{"id": "p", "channels": {"EMAIL": {"use": "email"}}}]})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "channels[0].type");
}

TEST(HeraldConfig, ShapesAreChecked) {
  const auto problems = problems_of(R"({"channels": {"id": "x"}, "sources": ["crm"], "plugins": {"search_path": "lib"},
                                        "projects": [{"id": "p", "channels": ["EMAIL"]}]})");
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], (ConfigProblem{"plugins.search_path", "expected a list, got the value 'lib'"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"channels", "expected a list, got an object"}));
  EXPECT_EQ(problems[2].path, "sources[0]");
  EXPECT_EQ(problems[3], (ConfigProblem{"projects[0].channels", "expected an object, got a list"}));
}

TEST(HeraldConfig, LoadReportsEveryProblemInOneConfigError) {
  TempDir dir;
  const auto file = dir.write("herald.json", R"({"var": "", "channels": [{"id": "a", "type": "sink/file"}],
                                                 "projects": [{"id": "p", "imports": ["nope"]}]})");
  const auto error = config_error_of([&] { HeraldConfig::load(file); });
  EXPECT_EQ(error.where(), file.string());
  ASSERT_EQ(error.problems().size(), 3u);
  EXPECT_EQ(std::string(error.what()),
            file.string() + ": 3 problems:\n"
                            "  var: expected a path, got an empty value\n"
                            "  channels[0].type: 'sink/file' is a sink plugin, but 'channels' lists channel "
                            "instances. Move this entry to 'sinks'\n"
                            "  projects[0].imports[0]: no source instance has id 'nope'; sources declares: (none)");
}

TEST(HeraldConfig, OneProblemReadsAsOneLine) {
  const auto error = config_error_of([] { HeraldConfig::from_node(json(R"({"projects": [{}]})")); });
  EXPECT_EQ(std::string(error.what()), "/etc/herald/herald.json: projects[0]: required key 'id' is missing");
}

TEST(HeraldConfig, TopLevelMustBeAnObject) {
  const auto problems = problems_of(R"(["a"])");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], (ConfigProblem{"", "expected an object at the top level, got a list"}));
}

}  // namespace
}  // namespace herald::config
