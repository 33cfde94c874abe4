// Every way loading a plugin fails gives its own message: `<file or type>: <what>. <hint>`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "loader_test_support.hpp"
#include "plugin_host/search_path.hpp"

namespace herald::plugin_host::testing {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

PluginHost fixture_host() { return PluginHost(PluginHost::ExactSearchPath{{kFixtureDir}}); }

TEST(PluginHostErrors, NotFoundListsEverySearchedPathAndNearMisses) {
  TempDir empty("not-found");
  const fs::path missing = empty.path() / "no-such-folder";
  PluginHost host(PluginHost::ExactSearchPath{{missing, kFixtureDir, empty.path()}});
  const std::string message = load_error(host, "channel/fixture-godo");
  EXPECT_THAT(message, StartsWith("channel/fixture-godo: plugin not found: no herald-channel-fixture-godo.so"));
  const std::string first = (missing / "herald-channel-fixture-godo.so").string() + " (folder does not exist)";
  const std::string second = (kFixtureDir / "herald-channel-fixture-godo.so").string();
  const std::string third = (empty.path() / "herald-channel-fixture-godo.so").string();
  EXPECT_THAT(message, HasSubstr(first));
  EXPECT_THAT(message, HasSubstr(second));
  EXPECT_THAT(message, HasSubstr(third));
  EXPECT_LT(message.find(first), message.find(second));
  EXPECT_LT(message.find(second), message.find(third));
  EXPECT_THAT(message, HasSubstr("Did you mean " + fixture("herald-channel-fixture-good.so").string()));
  EXPECT_THAT(message, HasSubstr("plugins.search_path"));
  EXPECT_THAT(message, HasSubstr("HERALD_PLUGIN_PATH"));
}

TEST(PluginHostErrors, NearMissesIncludePluginsOfTheSameKind) {
  PluginHost host = fixture_host();
  const std::string message = load_error(host, "channel/sms");
  EXPECT_THAT(message, HasSubstr("Did you mean"));
  EXPECT_THAT(message, HasSubstr("herald-channel-fixture-"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("herald-com.example-fixture.so")));
}

TEST(PluginHostErrors, EmptySearchPathSaysSo) {
  PluginHost host(PluginHost::ExactSearchPath{{}});
  EXPECT_THAT(load_error(host, "channel/fixture-good"), HasSubstr("the plugin search path is empty"));
}

TEST(PluginHostErrors, EnvironmentFoldersAreSearchedFirst) {
  TempDir dir("env");
  const fs::path a = dir.path() / "a", b = dir.path() / "b", c = dir.path() / "c";
  ScopedEnv env(kPluginPathEnv, a.string() + "::" + b.string());
  PluginHost host({c, a});
  EXPECT_EQ(host.search_path(), (std::vector<fs::path>{a, b, c}));
  const std::string message = load_error(host, "sink/none");
  EXPECT_LT(message.find((a / "herald-sink-none.so").string()), message.find((b / "herald-sink-none.so").string()));
  EXPECT_LT(message.find((b / "herald-sink-none.so").string()), message.find((c / "herald-sink-none.so").string()));
}

TEST(PluginHostErrors, EnvironmentFolderProvidesPlugins) {
  ScopedEnv env(kPluginPathEnv, kFixtureDir.string());
  PluginHost host(std::vector<fs::path>{});
  EXPECT_EQ(host.load("channel/fixture-good").name, "channel-fixture-good");
}

TEST(PluginHostErrors, InvalidTypeNamesAreExplained) {
  PluginHost host = fixture_host();
  EXPECT_THAT(load_error(host, "channel-email-smtp"), StartsWith("channel-email-smtp: not a plugin type name: it has no '/'"));
  EXPECT_THAT(load_error(host, "channels/email"), StartsWith("channels/email: unknown plugin kind 'channels'"));
  EXPECT_THAT(load_error(host, "channel/../../etc/x"), HasSubstr("not a plugin type name"));
  EXPECT_THAT(load_error(host, "Channel/Email"), HasSubstr("e.g. channel/email-smtp"));
}

TEST(PluginHostErrors, GarbageFileIsNotAHeraldPlugin) {
  PluginHost host = fixture_host();
  const fs::path file = fixture("herald-channel-fixture-garbage.so");
  EXPECT_EQ(load_error(host, "channel/fixture-garbage"),
            file.string() + ": not a Herald plugin: not an ELF shared object (a text or other non-library file). "
                            "Herald plugins are built with herald_add_plugin() and HERALD_PLUGIN(...) from "
                            "herald/sdk/plugin.hpp; remove or rename files named herald-*.so that are not Herald plugins");
}

TEST(PluginHostErrors, PlainSharedLibraryIsNotAHeraldPluginAndIsNeverLoaded) {
  PluginHost host = fixture_host();
  const fs::path file = fixture("herald-channel-fixture-plain.so");
  const std::string message = load_error(host, "channel/fixture-plain");
  EXPECT_THAT(message, StartsWith(file.string() + ": not a Herald plugin: a shared library that exports neither "
                                                  "herald_plugin_descriptor nor an ABI marker"));
  EXPECT_FALSE(is_loaded(file)) << "the check must happen before dlopen";
}

TEST(PluginHostErrors, StrippedLibraryIsExplained) {
  TempDir dir("stripped");
  const fs::path copy = dir.path() / "herald-channel-fixture-good.so";
  fs::copy_file(fixture("herald-channel-fixture-good.so"), copy);
  ASSERT_EQ(std::system(("strip " + copy.string()).c_str()), 0);
  PluginHost host(PluginHost::ExactSearchPath{{dir.path()}});
  const std::string message = load_error(host, "channel/fixture-good");
  EXPECT_THAT(message, StartsWith(copy.string() + ": not a Herald plugin: the library has no symbol table"));
  EXPECT_THAT(message, HasSubstr("Install plugins unstripped"));
}

TEST(PluginHostErrors, MissingFileGivenByPath) {
  PluginHost host(PluginHost::ExactSearchPath{{}});
  try {
    host.load_file(kFixtureDir / "herald-channel-nothing.so");
    FAIL() << "load_file of a missing file must throw";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.message(), "no such file");
  }
}

TEST(PluginHostErrors, AbiMajorMismatchNamesBothVersionsBeforeLoading) {
  PluginHost host = fixture_host();
  const fs::path file = fixture("herald-channel-fixture-abi2.so");
  const std::string message = load_error(host, "channel/fixture-abi2");
  EXPECT_THAT(message, StartsWith(file.string() + ": built for Herald plugin ABI 2.0 but this host implements ABI 1.0"));
  EXPECT_THAT(message, HasSubstr("major versions differ"));
  EXPECT_THAT(message, HasSubstr("Rebuild the plugin against the Herald SDK with ABI 1.x"));
  EXPECT_FALSE(is_loaded(file)) << "the ABI marker must be checked before dlopen";
}

TEST(PluginHostErrors, NewerAbiMinorIsRejected) {
  PluginHost host = fixture_host();
  const std::string message = load_error(host, "channel/fixture-minor");
  EXPECT_THAT(message, StartsWith(fixture("herald-channel-fixture-minor.so").string() +
                                  ": built for Herald plugin ABI 1.1, which is newer than this host's ABI 1.0"));
  EXPECT_THAT(message, HasSubstr("Upgrade Herald"));
}

TEST(PluginHostErrors, ToolchainMismatchNamesBothIds) {
  PluginHost host = fixture_host();
  const fs::path file = fixture("herald-channel-fixture-toolchain.so");
  const std::string message = load_error(host, "channel/fixture-toolchain");
  EXPECT_THAT(message, StartsWith(file.string() + ": built with toolchain 'clang-99;libc++-99;abi-0;c++202002' but "
                                                  "this host was built with '" +
                                  std::string(kHostToolchainId) + "'"));
  EXPECT_THAT(message, HasSubstr("rebuild the plugin with the toolchain that built Herald"));
  EXPECT_FALSE(is_loaded(file)) << "a rejected library is closed again";
}

TEST(PluginHostErrors, RegistrationThatThrowsIsQuotedAndLeavesNothingRegistered) {
  PluginHost host = fixture_host();
  const fs::path file = fixture("herald-channel-fixture-throws.so");
  const std::string message = load_error(host, "channel/fixture-throws");
  EXPECT_THAT(message, StartsWith(file.string() + ": register_factories threw: \"fixture-throws: template catalogue "
                                                  "missing (thrown on purpose)\"."));
  EXPECT_THAT(message, HasSubstr("Nothing from this plugin was registered"));
  EXPECT_FALSE(host.registry().contains("channel/fixture-throws"));
  EXPECT_TRUE(host.registry().types().empty());
  EXPECT_FALSE(is_loaded(file));
}

TEST(PluginHostErrors, TypeOfTheWrongKindIsRefused) {
  PluginHost host = fixture_host();
  const std::string message = load_error(host, "channel/fixture-wrong-kind");
  EXPECT_THAT(message, StartsWith(fixture("herald-channel-fixture-wrong-kind.so").string() + ": invalid registration"));
  EXPECT_THAT(message, HasSubstr("'sink/fixture-wrong-kind' is registered as a channel, but a channel type must "
                                 "start with 'channel/'"));
  EXPECT_THAT(message, HasSubstr("it does not register 'channel/fixture-wrong-kind'"));
  EXPECT_FALSE(host.registry().contains("sink/fixture-wrong-kind"));
}

TEST(PluginHostErrors, AFailedLoadDoesNotSpoilTheHost) {
  PluginHost host = fixture_host();
  (void)load_error(host, "channel/fixture-throws");
  (void)load_error(host, "channel/fixture-abi2");
  EXPECT_NO_THROW(host.load("channel/fixture-good"));
  EXPECT_TRUE(host.registry().contains("channel/fixture-good"));
}

TEST(PluginHostErrors, UnknownTypesInTheRegistryListWhatIsLoaded) {
  PluginHost host = fixture_host();
  host.load("channel/fixture-good");
  try {
    (void)host.registry().schema("channel/fixture-bad");
    FAIL() << "schema() of an unknown type must throw";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "channel/fixture-bad");
    EXPECT_EQ(e.message(), "unknown plugin type");
    EXPECT_EQ(e.hint(), "Loaded types: channel/fixture-good, source/fixture-good");
  }
}

}  // namespace
}  // namespace herald::plugin_host::testing
