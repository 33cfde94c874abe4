// Settings validation against plugin schemas: types, defaults, ranges, enums, secrets, and reporting
// every problem of every instance at once.
#include <gtest/gtest.h>

#include "config/settings_validation.hpp"
#include "config_test_support.hpp"

namespace herald::config {
namespace {

using sdk::SettingSpec;
using sdk::SettingsSchema;
using sdk::SettingType;
using testing::config_error_of;
using testing::json;
using testing::TempDir;

SettingsSchema smtp_schema() {
  SettingsSchema schema;
  schema.add({.name = "url", .type = SettingType::kString, .required = true})
      .add({.name = "port", .type = SettingType::kInteger, .default_value = std::int64_t{25}, .minimum = 1,
            .maximum = 65535})
      .add({.name = "tls", .type = SettingType::kBoolean, .default_value = true})
      .add({.name = "password", .type = SettingType::kString, .secret = true})
      .add({.name = "pin", .type = SettingType::kInteger, .secret = true, .minimum = 0, .maximum = 9999})
      .add({.name = "recipients", .type = SettingType::kStringList})
      .add({.name = "timeout", .type = SettingType::kNumber, .default_value = std::int64_t{30}, .minimum = 0.5,
            .maximum = 600})
      .add({.name = "spool", .type = SettingType::kPath, .default_value = std::string("var/spool")});
  return schema;
}

SettingsSchema file_source_schema() {
  SettingsSchema schema;
  schema.add({.name = "path", .type = SettingType::kPath, .required = true})
      .add({.name = "format", .type = SettingType::kEnum, .default_value = std::string("auto"),
            .allowed = {"csv", "json", "auto"}});
  return schema;
}

SettingsSchema file_sink_schema() {
  SettingsSchema schema;
  schema.add({.name = "path", .type = SettingType::kPath, .required = true})
      .add({.name = "max_bytes", .type = SettingType::kInteger, .minimum = 1, .maximum = 1000000});
  return schema;
}

/// A lookup over a fixed set of schemas, as the plugin host will provide.
SchemaLookup lookup_of(std::map<std::string, SettingsSchema> schemas) {
  return [schemas = std::move(schemas)](const std::string& type, std::string& error) -> const SettingsSchema* {
    const auto it = schemas.find(type);
    if (it != schemas.end()) return &it->second;
    error = "no loaded plugin provides '" + type + "'";
    return nullptr;
  };
}

SchemaLookup standard_lookup() {
  return lookup_of({{"channel/email-smtp", smtp_schema()},
                    {"channel/outbox", SettingsSchema{}},
                    {"source/file", file_source_schema()},
                    {"sink/file", file_sink_schema()},
                    {"scheduler/local", SettingsSchema{}}});
}

std::vector<ConfigProblem> problems_of(const SettingsSchema& schema, const std::string& settings_json) {
  ProblemList problems;
  validate_settings(schema, json(R"({"channels": [{"settings": )" + settings_json + "}]}")
                                .at("channels").items()[0].at("settings"),
                    problems);
  return problems.items();
}

TEST(ValidateSettings, ConvertsValuesAndFillsDefaults) {
  const ConfigNode settings = json(R"({"url": "smtp://127.0.0.1:2525", "port": 2525, "recipients": ["a", "b"],
                                       "timeout": 2.5, "password": "pw"})");
  const sdk::Settings values = validate_settings(smtp_schema(), settings);
  EXPECT_EQ(values.get_string("url"), "smtp://127.0.0.1:2525");
  EXPECT_EQ(values.get_integer("port"), 2525);
  EXPECT_TRUE(values.get_boolean("tls"));  // default
  EXPECT_EQ(values.get_string("password"), "pw");
  EXPECT_FALSE(values.has("pin"));  // optional without default
  EXPECT_EQ(values.get_string_list("recipients"), (std::vector<std::string>{"a", "b"}));
  EXPECT_DOUBLE_EQ(values.get_number("timeout"), 2.5);
  EXPECT_EQ(values.get_string("spool"), "/etc/herald/var/spool");  // a path default resolves too
}

TEST(ValidateSettings, IntegerDefaultOfANumberSettingBecomesADouble) {
  const sdk::Settings values = validate_settings(smtp_schema(), json(R"({"url": "x"})"));
  EXPECT_TRUE(std::holds_alternative<double>(values.values().at("timeout")));
  EXPECT_DOUBLE_EQ(values.get_number("timeout"), 30.0);
}

TEST(ValidateSettings, PathsResolveAgainstTheConfigFolder) {
  const sdk::Settings values = validate_settings(file_source_schema(), json(R"({"path": "data/endpoints.csv"})"));
  EXPECT_EQ(values.get_string("path"), "/etc/herald/data/endpoints.csv");
  EXPECT_EQ(values.get_string("format"), "auto");
}

TEST(ValidateSettings, RequiredSettingIsMissing) {
  const auto problems = problems_of(smtp_schema(), "{}");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings.url", "required setting is missing"}));
  SettingsSchema described;
  described.add({.name = "token", .description = "API token", .required = true});
  EXPECT_EQ(problems_of(described, "{}").at(0).message, "required setting is missing (API token)");
}

TEST(ValidateSettings, UnknownSettingsListTheAllowedOnes) {
  const auto problems = problems_of(file_source_schema(), R"({"path": "x", "fromat": "csv", "zzz": 1})");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings.fromat",
                                        "unknown setting 'fromat'; allowed: path, format. Did you mean 'format'?"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"channels[0].settings.zzz", "unknown setting 'zzz'; allowed: path, format"}));
}

TEST(ValidateSettings, EveryTypeReportsItsExpectation) {
  const auto problems = problems_of(
      smtp_schema(),
      R"({"url": {"host": "x"}, "port": 0, "tls": "yes", "recipients": "a", "timeout": 0.1, "spool": ""})");
  ASSERT_EQ(problems.size(), 6u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings.url", "expected a string, got an object"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"channels[0].settings.port", "expected an integer from 1 to 65535, got 0"}));
  EXPECT_EQ(problems[2], (ConfigProblem{"channels[0].settings.tls", "expected true or false, got 'yes'"}));
  EXPECT_EQ(problems[3], (ConfigProblem{"channels[0].settings.recipients",
                                        "expected a list of strings, got the value 'a'. Write it as [\"a\", \"b\"]"}));
  EXPECT_EQ(problems[4], (ConfigProblem{"channels[0].settings.timeout", "expected a number from 0.5 to 600, got 0.1"}));
  EXPECT_EQ(problems[5], (ConfigProblem{"channels[0].settings.spool", "expected a path, got an empty value"}));
}

TEST(ValidateSettings, EnumValuesAreChecked) {
  const auto problems = problems_of(file_source_schema(), R"({"path": "x", "format": "xml"})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings.format", "'xml' is not one of csv, json, auto"}));
}

TEST(ValidateSettings, SecretValuesNeverAppearInMessages) {
  SettingsSchema schema = smtp_schema();
  schema.add({.name = "mode", .type = SettingType::kEnum, .secret = true, .allowed = {"hunter1", "plain"}});
  const auto problems =
      problems_of(schema, R"({"url": "x", "pin": "hunter2", "password": ["hunter3"], "mode": "hunter4"})");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings.password", "expected a string, got a list"}));
  EXPECT_EQ(problems[1], (ConfigProblem{"channels[0].settings.pin",
                                        "expected an integer from 0 to 9999, got a secret value (not shown)"}));
  EXPECT_EQ(problems[2], (ConfigProblem{"channels[0].settings.mode", "the value is not one of hunter1, plain"}));
  // Out of range too: the number itself is the secret.
  const auto range = problems_of(schema, R"({"url": "x", "pin": 123456})");
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0].message.find("123456"), std::string::npos) << range[0].message;
  for (const auto& problem : problems) EXPECT_EQ(problem.message.find("hunter2"), std::string::npos);
}

TEST(ValidateSettings, ABadDefaultIsReportedAsAPluginBug) {
  SettingsSchema schema;
  schema.add({.name = "port", .type = SettingType::kInteger, .default_value = std::string("25")});
  const auto problems = problems_of(schema, "{}");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings.port",
                                        "the plugin declares a default that is not a integer (a plugin bug)"}));
}

TEST(ValidateSettings, SettingsMustBeAnObject) {
  const auto problems = problems_of(smtp_schema(), R"(["url"])");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], (ConfigProblem{"channels[0].settings", "expected an object of settings, got a list"}));
}

TEST(ValidateSettings, ThrowingFormListsEveryProblem) {
  const auto error = config_error_of([] { validate_settings(file_sink_schema(), json(R"({"max_bytes": -1})")); });
  EXPECT_EQ(std::string(error.what()), "/etc/herald/herald.json: 2 problems:\n"
                                       "  path: required setting is missing\n"
                                       "  max_bytes: expected an integer from 1 to 1000000, got -1");
}

const char* const kThreeMistakes = R"({
  "channels":   [ { "id": "email", "type": "channel/email-smtp", "settings": { "port": 2525 } } ],
  "sources":    [ { "id": "crm", "type": "source/file", "settings": { "path": "data/e.csv", "format": "xml" } } ],
  "sinks":      [ { "id": "lake", "type": "sink/file", "settings": { "path": "var/e.ndjson", "max_bytes": 0 } } ],
  "schedulers": [ { "id": "clock", "type": "scheduler/local" } ]
})";

TEST(ValidateInstances, ThreeMistakesInThreeInstancesAreReportedTogether) {
  const HeraldConfig config = HeraldConfig::from_node(json(kThreeMistakes));
  const auto error = config_error_of([&] { validate_instances(config, standard_lookup()); });
  EXPECT_EQ(error.where(), "/etc/herald/herald.json");
  ASSERT_EQ(error.problems().size(), 3u);
  EXPECT_EQ(error.problems()[0], (ConfigProblem{"channels[0].settings.url", "required setting is missing"}));
  EXPECT_EQ(error.problems()[1],
            (ConfigProblem{"sources[0].settings.format", "'xml' is not one of csv, json, auto"}));
  EXPECT_EQ(error.problems()[2],
            (ConfigProblem{"sinks[0].settings.max_bytes", "expected an integer from 1 to 1000000, got 0"}));
  EXPECT_EQ(std::string(error.what()), "/etc/herald/herald.json: 3 problems:\n"
                                       "  channels[0].settings.url: required setting is missing\n"
                                       "  sources[0].settings.format: 'xml' is not one of csv, json, auto\n"
                                       "  sinks[0].settings.max_bytes: expected an integer from 1 to 1000000, got 0");
}

TEST(ValidateInstances, ReturnsTheSettingsOfEveryInstanceById) {
  const HeraldConfig config = HeraldConfig::load(std::filesystem::path(HERALD_CONFIG_TEST_DATA) / "herald.json");
  const auto settings = validate_instances(config, standard_lookup());
  ASSERT_EQ(settings.size(), 5u);
  EXPECT_EQ(settings.at("email").get_integer("port"), 2525);
  EXPECT_EQ(settings.at("email").get_string("password"), "s3cret");
  EXPECT_TRUE(settings.at("outbox").values().empty());  // no settings object, empty schema
  EXPECT_EQ(settings.at("crm").get_string("path"),
            (std::filesystem::path(HERALD_CONFIG_TEST_DATA) / "data/endpoints.csv").string());
  EXPECT_EQ(settings.at("crm").get_string("format"), "csv");
  EXPECT_TRUE(settings.count("clock"));
}

TEST(ValidateInstances, AbsentSettingsAreValidatedToo) {
  const HeraldConfig config =
      HeraldConfig::from_node(json(R"({"sinks": [{"id": "lake", "type": "sink/file"}]})"));
  const auto error = config_error_of([&] { validate_instances(config, standard_lookup()); });
  ASSERT_EQ(error.problems().size(), 1u);
  EXPECT_EQ(error.problems()[0], (ConfigProblem{"sinks[0].settings.path", "required setting is missing"}));
}

TEST(ValidateInstances, UnknownTypeIsReportedAtTheTypePath) {
  const HeraldConfig config = HeraldConfig::from_node(json(R"({"channels": [
      {"id": "fax", "type": "channel/fax", "settings": {"anything": 1}},
      {"id": "email", "type": "channel/email-smtp", "settings": {"url": "smtp://x", "prot": 1}}]})"));
  ProblemList problems;
  const auto settings = validate_instances(config, standard_lookup(), problems);
  EXPECT_TRUE(settings.empty());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems.items()[0], (ConfigProblem{"channels[0].type", "no loaded plugin provides 'channel/fax'"}));
  EXPECT_EQ(problems.items()[1].path, "channels[1].settings.prot");
  EXPECT_NE(problems.items()[1].message.find("Did you mean 'port'?"), std::string::npos);
}

TEST(LoadAndValidate, ReportsStructureAndSettingsProblemsTogether) {
  TempDir dir;
  const auto file = dir.write("herald.json", R"({
    "channels": [{"id": "email", "type": "channel/email-smtp", "settings": {"url": "smtp://x", "pin": "hunter2"}}],
    "sources":  [{"id": "crm", "type": "source/file"}],
    "projects": [{"id": "shop", "channels": {"EMAIL": {"use": "mail"}}}]})");
  const auto error = config_error_of([&] { load_and_validate(file, standard_lookup()); });
  ASSERT_EQ(error.problems().size(), 3u);
  EXPECT_EQ(error.problems()[0].path, "projects[0].channels.EMAIL.use");
  EXPECT_EQ(error.problems()[1].path, "channels[0].settings.pin");
  EXPECT_EQ(error.problems()[2], (ConfigProblem{"sources[0].settings.path", "required setting is missing"}));
  EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos);

  const auto good = dir.write("good.json", R"({"sources": [{"id": "crm", "type": "source/file",
                                                            "settings": {"path": "in.csv"}}]})");
  const ValidatedConfig validated = load_and_validate(good, standard_lookup());
  EXPECT_EQ(validated.settings.at("crm").get_string("path"), (dir.path() / "in.csv").string());
  EXPECT_EQ(validated.config.sources.size(), 1u);
}

}  // namespace
}  // namespace herald::config
