#pragma once
/// Helpers shared by the configuration tests: temporary folders and capturing thrown errors.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "config/config_error.hpp"
#include "config/config_node.hpp"
#include "herald/sdk/error.hpp"

namespace herald::config {
/// Readable gtest output for problems.
inline void PrintTo(const ConfigProblem& problem, std::ostream* out) {
  *out << "{\"" << problem.path << "\", \"" << problem.message << "\"}";
}
}  // namespace herald::config

namespace herald::config::testing {

/// A fresh folder under the system temp folder, removed with its content at destruction.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "herald-config-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to `name` inside the folder and returns the file's path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

private:
  std::filesystem::path path_;
};

/// The folder a parsed-but-not-written test document pretends to live in.
inline const std::filesystem::path kFakeConfig = "/etc/herald/herald.json";

/// Parses JSON text as if it were /etc/herald/herald.json.
inline ConfigNode json(const std::string& text) { return ConfigNode::parse(text, ConfigFormat::kJson, kFakeConfig); }

/// Asserts that a message reads as written for a user: no ptree exception names or mangled type names.
inline void expect_user_facing(const std::string& text) {
  EXPECT_EQ(text.find("ptree"), std::string::npos) << text;
  EXPECT_EQ(text.find("boost"), std::string::npos) << text;
  EXPECT_EQ(text.find("N5"), std::string::npos) << text;
  EXPECT_EQ(text.find("conversion of data"), std::string::npos) << text;
}

/// Runs `step`, which must throw herald::sdk::Error (or a subclass); returns a copy of it.
template <typename Step>
sdk::Error error_of(Step&& step) {
  try {
    step();
  } catch (const sdk::Error& error) {
    expect_user_facing(error.what());
    return error;
  }
  ADD_FAILURE() << "expected herald::sdk::Error";
  return sdk::Error("", "no error was thrown");
}

/// Runs `step`, which must throw ConfigError; returns a copy of it.
template <typename Step>
ConfigError config_error_of(Step&& step) {
  try {
    step();
  } catch (const ConfigError& error) {
    expect_user_facing(error.what());
    return error;
  }
  ADD_FAILURE() << "expected herald::config::ConfigError";
  return ConfigError("", {});
}

}  // namespace herald::config::testing
