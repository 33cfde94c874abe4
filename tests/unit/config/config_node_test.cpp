// ConfigNode: parsing by extension, full paths, typed getters and their errors.
#include <gtest/gtest.h>

#include "config/config_node.hpp"
#include "config_test_support.hpp"

namespace herald::config {
namespace {

using testing::error_of;
using testing::json;
using testing::TempDir;

TEST(ConfigNode, EveryNodeKnowsItsFullPath) {
  const ConfigNode root = json(R"({"channels": [ {"id": "a"}, {"id": "b", "settings": {"url": "smtp://x"}} ]})");
  EXPECT_EQ(root.path(), "");
  EXPECT_EQ(root.where(), "(top level)");
  const auto channels = root.at("channels").items();
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0].path(), "channels[0]");
  const ConfigNode url = channels[1].at("settings").at("url");
  EXPECT_EQ(url.path(), "channels[1].settings.url");
  EXPECT_EQ(url.key(), "url");
  EXPECT_EQ(url.as_string(), "smtp://x");
  EXPECT_EQ(channels[0].child_or_empty("settings").path(), "channels[0].settings");
  EXPECT_TRUE(channels[0].child_or_empty("settings").is_missing());
}

TEST(ConfigNode, KeysThatAreNotWordsAreQuotedInPaths) {
  const ConfigNode root = json(R"({"headers": {"X-Mail.Id": "1", "a b": "2"}})");
  const auto entries = root.at("headers").entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].path(), R"(headers["X-Mail.Id"])");
  EXPECT_EQ(entries[1].path(), R"(headers["a b"])");
  // A key with a dot is a key, not a ptree path.
  EXPECT_EQ(root.at("headers").get_string("X-Mail.Id"), "1");
}

TEST(ConfigNode, ChoosesTheSyntaxByExtension) {
  EXPECT_EQ(ConfigNode::format_for("a/b.json"), ConfigFormat::kJson);
  EXPECT_EQ(ConfigNode::format_for("b.INFO"), ConfigFormat::kInfo);
  EXPECT_EQ(ConfigNode::format_for("b.xml"), ConfigFormat::kXml);
  const auto error = error_of([] { ConfigNode::format_for("/etc/herald.yaml"); });
  EXPECT_EQ(error.where(), "/etc/herald.yaml");
  EXPECT_EQ(error.message(), "unknown configuration format '.yaml'");
  EXPECT_EQ(error.hint(), "Use a .json, .info or .xml file");
}

TEST(ConfigNode, MissingFileNamesTheFile) {
  TempDir dir;
  const auto file = dir.path() / "absent.json";
  const auto error = error_of([&] { ConfigNode::load_file(file); });
  EXPECT_EQ(error.where(), file.string());
  EXPECT_EQ(error.message(), "cannot read the configuration file");
}

TEST(ConfigNode, JsonSyntaxErrorNamesFileAndLine) {
  TempDir dir;
  const auto file = dir.write("herald.json", "{\n  \"store\": {\"url\": \"x\"},\n  \"var\" \"out\"\n}\n");
  const auto error = error_of([&] { ConfigNode::load_file(file); });
  EXPECT_EQ(error.where(), file.string() + ":3");
  EXPECT_EQ(error.message(), "syntax error: expected ':'");
  EXPECT_EQ(error.hint(), "The file is parsed as json because of its extension");
}

TEST(ConfigNode, InfoSyntaxErrorNamesFileAndLine) {
  TempDir dir;
  const auto file = dir.write("herald.info", "store {\n  url x\n\nvar out\n");
  const auto error = error_of([&] { ConfigNode::load_file(file); });
  EXPECT_EQ(error.where().rfind(file.string() + ":", 0), 0u) << error.where();
  EXPECT_NE(error.where(), file.string() + ":0");
  EXPECT_EQ(error.message().rfind("syntax error: ", 0), 0u);
}

TEST(ConfigNode, XmlSyntaxErrorNamesFileAndLine) {
  TempDir dir;
  const auto file = dir.write("herald.xml", "<herald>\n  <store url=\"x\">\n</herald");
  const auto error = error_of([&] { ConfigNode::load_file(file); });
  EXPECT_EQ(error.where().rfind(file.string() + ":", 0), 0u) << error.where();
  EXPECT_EQ(error.hint(), "The file is parsed as xml because of its extension");
}

TEST(ConfigNode, XmlNeedsOneRootElement) {
  const auto error = error_of([] { ConfigNode::parse("<a/><b/>", ConfigFormat::kXml, "/etc/h.xml"); });
  EXPECT_EQ(error.where(), "/etc/h.xml");
  EXPECT_EQ(error.message(), "an XML configuration must have exactly one root element");
}

TEST(ConfigNode, XmlAttributesAreKeysAndItemsAreListItems) {
  const ConfigNode root = ConfigNode::parse(
      "<herald var='out'><!-- note --><list><item>a</item><item> b </item></list><one><item>x</item></one></herald>",
      ConfigFormat::kXml, "/etc/h.xml");
  EXPECT_EQ(root.keys(), (std::vector<std::string>{"var", "list", "one"}));
  EXPECT_EQ(root.get_string("var"), "out");
  EXPECT_EQ(root.get_string_list("list"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(root.get_string_list("one"), (std::vector<std::string>{"x"}));
  EXPECT_EQ(root.at("list").items()[1].path(), "list[1]");
}

TEST(ConfigNode, InfoListsUseEmptyKeys) {
  const ConfigNode root =
      ConfigNode::parse("paths { \"\" a\n \"\" \"b c\" }\nn 3\n", ConfigFormat::kInfo, "/etc/h.info");
  EXPECT_EQ(root.get_string_list("paths"), (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(root.get_int("n", 0, 0, 10), 3);
}

TEST(ConfigNode, InfoNodeWithBothAValueAndKeysIsNeitherObjectNorValue) {
  const ConfigNode root = ConfigNode::parse("settings oops { url x }\n", ConfigFormat::kInfo, "/etc/h.info");
  const ConfigNode settings = root.at("settings");
  EXPECT_FALSE(settings.is_object());
  EXPECT_FALSE(settings.is_list());
  EXPECT_EQ(std::string(error_of([&] { settings.entries(); }).what()),
            "settings: expected an object, got both a value and nested keys");
  EXPECT_EQ(std::string(error_of([&] { settings.as_string(); }).what()),
            "settings: expected a string, got both a value and nested keys");
}

TEST(ConfigNode, DuplicateKeysAreRejectedAtLoad) {
  const auto error = error_of([] { json(R"({"channels": [{"id": "a", "id": "b"}]})"); });
  EXPECT_EQ(error.where(), "channels[0].id");
  EXPECT_EQ(error.message(), "duplicate key");
}

TEST(ConfigNode, MissingRequiredKeyNamesTheParent) {
  const ConfigNode root = json(R"({"channels": [{"type": "channel/x"}]})");
  const auto error = error_of([&] { root.at("channels").items()[0].at("id"); });
  EXPECT_EQ(error.where(), "channels[0]");
  EXPECT_EQ(error.message(), "required key 'id' is missing");
}

TEST(ConfigNode, StringGetterRejectsObjectsAndLists) {
  const ConfigNode root = json(R"({"a": {"b": "c"}, "l": ["x"]})");
  auto error = error_of([&] { root.at("a").as_string(); });
  EXPECT_EQ(std::string(error.what()), "a: expected a string, got an object");
  error = error_of([&] { root.get_string("l"); });
  EXPECT_EQ(std::string(error.what()), "l: expected a string, got a list");
}

TEST(ConfigNode, IntegerGetter) {
  const ConfigNode root = json(R"({"n": 42, "neg": -7, "word": "ten", "frac": 1.5, "big": 99999999999999999999,
                                   "obj": {"x": 1}, "empty": ""})");
  EXPECT_EQ(root.at("n").as_int(), 42);
  EXPECT_EQ(root.at("neg").as_int(-10, 0), -7);
  EXPECT_EQ(std::string(error_of([&] { root.at("word").as_int(); }).what()), "word: expected an integer, got 'ten'");
  EXPECT_EQ(std::string(error_of([&] { root.at("frac").as_int(); }).what()), "frac: expected an integer, got '1.5'");
  EXPECT_EQ(std::string(error_of([&] { root.at("big").as_int(); }).what()),
            "big: expected an integer, got '99999999999999999999'");
  EXPECT_EQ(std::string(error_of([&] { root.at("n").as_int(1, 10); }).what()),
            "n: expected an integer from 1 to 10, got 42");
  EXPECT_EQ(std::string(error_of([&] { root.at("obj").as_int(); }).what()), "obj: expected an integer, got an object");
  EXPECT_EQ(std::string(error_of([&] { root.at("empty").as_int(); }).what()), "empty: expected an integer, got ''");
  EXPECT_EQ(root.get_int("absent", 5, 1, 10), 5);
}

TEST(ConfigNode, NumberGetter) {
  const ConfigNode root = json(R"({"x": 2.5, "e": 1e3, "word": "fast", "inf": "inf"})");
  EXPECT_DOUBLE_EQ(root.at("x").as_double(), 2.5);
  EXPECT_DOUBLE_EQ(root.at("e").as_double(), 1000.0);
  EXPECT_EQ(std::string(error_of([&] { root.at("word").as_double(); }).what()), "word: expected a number, got 'fast'");
  EXPECT_EQ(std::string(error_of([&] { root.at("inf").as_double(); }).what()), "inf: expected a number, got 'inf'");
  EXPECT_EQ(std::string(error_of([&] { root.at("x").as_double(0.1, 1.5); }).what()),
            "x: expected a number from 0.1 to 1.5, got 2.5");
  EXPECT_EQ(std::string(error_of([&] { root.at("x").as_double(3.0, std::nullopt); }).what()),
            "x: expected a number of at least 3, got 2.5");
}

TEST(ConfigNode, BooleanGetterAcceptsOnlyTrueAndFalse) {
  const ConfigNode root = json(R"({"t": true, "f": false, "yes": "yes", "cap": "True", "one": 1})");
  EXPECT_TRUE(root.at("t").as_bool());
  EXPECT_FALSE(root.at("f").as_bool());
  EXPECT_TRUE(root.get_bool("absent", true));
  EXPECT_EQ(std::string(error_of([&] { root.at("yes").as_bool(); }).what()), "yes: expected true or false, got 'yes'");
  EXPECT_EQ(std::string(error_of([&] { root.at("cap").as_bool(); }).what()), "cap: expected true or false, got 'True'");
  EXPECT_EQ(std::string(error_of([&] { root.get_bool("one", false); }).what()), "one: expected true or false, got '1'");
}

TEST(ConfigNode, StringListGetter) {
  const ConfigNode root = json(R"({"l": ["a", "b"], "empty": [], "obj": {"a": "b"}, "nested": ["a", {"x": 1}],
                                   "word": "a"})");
  EXPECT_EQ(root.at("l").as_string_list(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(root.at("empty").as_string_list().empty());
  EXPECT_TRUE(root.get_string_list("absent").empty());
  auto error = error_of([&] { root.at("obj").as_string_list(); });
  EXPECT_EQ(error.where(), "obj");
  EXPECT_EQ(error.message(), "expected a list of strings, got an object");
  error = error_of([&] { root.at("nested").as_string_list(); });
  EXPECT_EQ(std::string(error.what()), "nested[1]: expected a string, got an object");
  error = error_of([&] { root.at("word").as_string_list(); });
  EXPECT_EQ(error.message(), "expected a list of strings, got the value 'a'");
}

TEST(ConfigNode, PathGetterResolvesAgainstTheConfigFolder) {
  const ConfigNode root = json(R"({"rel": "data/../data/x.csv", "abs": "/srv/x.csv", "empty": "", "l": ["a"]})");
  EXPECT_EQ(root.folder(), std::filesystem::path("/etc/herald"));
  EXPECT_EQ(root.at("rel").as_path(), std::filesystem::path("/etc/herald/data/x.csv"));
  EXPECT_EQ(root.at("abs").as_path(), std::filesystem::path("/srv/x.csv"));
  EXPECT_EQ(root.get_path("absent", "var"), std::filesystem::path("/etc/herald/var"));
  EXPECT_EQ(std::string(error_of([&] { root.at("empty").as_path(); }).what()), "empty: expected a path, got an empty value");
  EXPECT_EQ(std::string(error_of([&] { root.at("l").as_path(); }).what()), "l: expected a path, got a list");
}

TEST(ConfigNode, RelativeConfigFileResolvesAgainstTheWorkingFolder) {
  const ConfigNode root = ConfigNode::parse(R"({"p": "x"})", ConfigFormat::kJson, "conf/herald.json");
  EXPECT_EQ(root.file_label(), "conf/herald.json");
  EXPECT_TRUE(root.file().is_absolute());
  EXPECT_EQ(root.at("p").as_path(), std::filesystem::current_path() / "conf" / "x");
}

TEST(ConfigNode, EnumGetterListsAllowedValuesAndSuggests) {
  const ConfigNode root = json(R"({"format": "jsno", "other": "xml"})");
  const std::vector<std::string> allowed = {"csv", "json", "auto"};
  auto error = error_of([&] { root.at("format").as_enum(allowed); });
  EXPECT_EQ(std::string(error.what()), "format: 'jsno' is not one of csv, json, auto. Did you mean 'json'?");
  error = error_of([&] { root.at("other").as_enum(allowed); });
  EXPECT_EQ(std::string(error.what()), "other: 'xml' is not one of csv, json, auto");
}

TEST(ConfigNode, RedactedNodesNeverQuoteTheirValue) {
  const ConfigNode root = json(R"({"pin": "hunter2", "level": "hunter3", "obj": {"k": "hunter4"}})");
  for (const auto& error :
       {error_of([&] { root.at("pin").redacted().as_int(); }),
        error_of([&] { root.at("pin").redacted().as_double(); }),
        error_of([&] { root.at("pin").redacted().as_bool(); }),
        error_of([&] { root.at("pin").redacted().as_string_list(); }),
        error_of([&] { root.at("level").redacted().as_enum({"high", "low"}); }),
        error_of([&] { root.redacted().at("obj").at("k").as_int(); })}) {
    const std::string text = error.what();
    EXPECT_EQ(text.find("hunter"), std::string::npos) << text;
  }
  EXPECT_EQ(std::string(error_of([&] { root.at("pin").redacted().as_int(); }).what()),
            "pin: expected an integer, got a secret value (not shown)");
  EXPECT_EQ(root.at("pin").redacted().as_string(), "hunter2");
}

TEST(ConfigNode, CheckKeysNamesTheUnknownKeyAndSuggests) {
  const ConfigNode root = json(R"({"store": {"ulr": "x"}})");
  const auto error = error_of([&] { root.at("store").check_keys({"url"}); });
  EXPECT_EQ(error.where(), "store.ulr");
  EXPECT_EQ(error.message(), "unknown key 'ulr'; allowed: url. Did you mean 'url'?");
}

TEST(ConfigNode, ObjectAndListShapesAreChecked) {
  const ConfigNode root = json(R"({"l": ["a"], "o": {"a": "b"}, "v": "x"})");
  EXPECT_EQ(std::string(error_of([&] { root.at("l").entries(); }).what()), "l: expected an object, got a list");
  EXPECT_EQ(std::string(error_of([&] { root.at("o").items(); }).what()), "o: expected a list, got an object");
  EXPECT_EQ(std::string(error_of([&] { root.at("v").find("a"); }).what()), "v: expected an object, got the value 'x'");
  EXPECT_TRUE(root.at("l").is_list());
  EXPECT_TRUE(root.at("o").is_object());
  EXPECT_TRUE(root.at("v").is_value());
}

}  // namespace
}  // namespace herald::config

namespace herald::config {
namespace {
TEST(ConfigNode, HostileNestingIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 30000; ++i) deep += "{\"x\":";
  deep += "1";
  for (int i = 0; i < 30000; ++i) deep += "}";
  try {
    ConfigNode::parse(deep, ConfigFormat::kJson, "deep.json");
    FAIL() << "expected an error";
  } catch (const sdk::Error& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than 64 levels"), std::string::npos) << e.what();
  }
  std::string xml = "<herald>";
  for (int i = 0; i < 1000; ++i) xml += "<a>";
  EXPECT_THROW(ConfigNode::parse(xml, ConfigFormat::kXml, "deep.xml"), sdk::Error);
  // Braces inside strings do not count.
  EXPECT_NO_THROW(ConfigNode::parse("{\"a\": \"" + std::string(200, '{') + "\"}", ConfigFormat::kJson, "ok.json"));
}
}  // namespace
}  // namespace herald::config
