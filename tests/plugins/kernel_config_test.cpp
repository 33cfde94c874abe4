// Kernel::open validates every plugin instance of a config before constructing any: three mistakes in
// three instances come back together, each at its exact path, and no constructor ran.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "config/config_error.hpp"
#include "herald/kernel.hpp"

namespace {

class KernelConfig : public ::testing::Test {
protected:
  void SetUp() override {
    std::random_device rd;
    folder_ = std::filesystem::temp_directory_path() / ("herald-kernel-config-" + std::to_string(rd()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = folder_ / name;
    std::ofstream(path) << text;
    return path;
  }
  herald::KernelOptions options() {
    herald::KernelOptions o;
    o.plugin_paths = {HERALD_FIXTURE_PLUGIN_DIR, HERALD_PLUGIN_DIR};
    o.log_level = "off";
    return o;
  }
  std::filesystem::path folder_;
};

TEST_F(KernelConfig, ThreeMistakesInThreeInstancesAreReportedTogetherAndNothingIsConstructed) {
  write("data.csv", "ChannelType,Id,Address\nEMAIL,1,a@example.com\n");
  const auto config = write("herald.json", R"({
    "channels": [
      { "id": "recorder", "type": "channel/fixture-recorder", "settings": { "record_path": "constructed.log" } },
      { "id": "outbox", "type": "channel/outbox", "settings": { "path": "out", "format": "mbox" } }
    ],
    "sources": [ { "id": "crm", "type": "source/file", "settings": { "pth": "data.csv" } } ],
    "sinks": [ { "id": "events", "type": "sink/file", "settings": { "path": "events.ndjson", "compress": true } } ],
    "schedulers": [ { "id": "clock", "type": "scheduler/local" } ],
    "projects": [ { "id": "shop", "channels": { "EMAIL": { "use": "outbox", "from": "a@example.com" } } } ]
  })");
  try {
    herald::Kernel::open(config, options());
    FAIL() << "expected a ConfigError";
  } catch (const herald::config::ConfigError& e) {
    std::vector<std::string> paths;
    for (const auto& problem : e.problems()) paths.push_back(problem.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"channels[1].settings.format", "sources[0].settings.pth",
                                               "sources[0].settings.path", "sinks[0].settings.compress"}))
        << e.what();
    EXPECT_NE(std::string(e.what()).find("4 problems"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(folder_ / "constructed.log")) << "a plugin constructor ran before validation ended";
  EXPECT_FALSE(std::filesystem::exists(folder_ / "var")) << "the store was opened before validation ended";

  // The same config, fixed, constructs every instance (the recorder writes its line).
  write("herald.json", R"({
    "channels": [
      { "id": "recorder", "type": "channel/fixture-recorder", "settings": { "record_path": "constructed.log" } },
      { "id": "outbox", "type": "channel/outbox", "settings": { "path": "out" } }
    ],
    "sources": [ { "id": "crm", "type": "source/file", "settings": { "path": "data.csv" } } ],
    "schedulers": [ { "id": "clock", "type": "scheduler/local" } ],
    "projects": [ { "id": "shop", "channels": { "EMAIL": { "use": "outbox", "from": "a@example.com" } },
                    "imports": ["crm"] } ]
  })");
  {
    auto kernel = herald::Kernel::open(config, options());
    const auto imports = kernel->run_imports("shop");
    ASSERT_EQ(imports.size(), 1u);
    EXPECT_EQ(imports[0].imported, 1u);
    EXPECT_TRUE(kernel->get_endpoint("shop", "1"));
  }
  EXPECT_TRUE(std::filesystem::exists(folder_ / "constructed.log"));
}

TEST_F(KernelConfig, AnUnknownPluginTypeNamesTheSearchPath) {
  const auto config = write("herald.json", R"({ "channels": [ { "id": "fax", "type": "channel/fax" } ] })");
  try {
    herald::Kernel::validate(config, options());
    FAIL() << "expected an error";
  } catch (const herald::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("channels[0].type"), std::string::npos) << what;
    EXPECT_NE(what.find("herald-channel-fax.so"), std::string::npos) << what;
    EXPECT_NE(what.find(HERALD_PLUGIN_DIR), std::string::npos) << what;
  }
}

}  // namespace
