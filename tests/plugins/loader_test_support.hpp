#pragma once
/// Helpers shared by the loader tests.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "herald/sdk/error.hpp"
#include "plugin_host/plugin_host.hpp"

namespace herald::plugin_host::testing {

/// The folder the fixture plugins are built into (tests/plugins/fixtures/CMakeLists.txt).
inline const std::filesystem::path kFixtureDir{HERALD_FIXTURE_PLUGIN_DIR};

inline std::filesystem::path fixture(const std::string& file_name) { return kFixtureDir / file_name; }

/// True when `file` is loaded in this process (dlopen with RTLD_NOLOAD loads nothing).
inline bool is_loaded(const std::filesystem::path& file) {
  void* handle = dlopen(file.c_str(), RTLD_NOLOAD | RTLD_NOW);
  if (!handle) return false;
  dlclose(handle);
  return true;
}

/// The full message of the error `host.load(type)` throws; fails the test when it does not throw.
inline std::string load_error(PluginHost& host, std::string_view type) {
  try {
    host.load(type);
  } catch (const sdk::Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "loading " << type << " did not throw";
  return {};
}

/// A fresh empty folder under the system temp folder, removed with the object.
class TempDir {
public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("herald-loader-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

private:
  std::filesystem::path path_;
};

/// Sets an environment variable for the scope of the object, restoring the previous value.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace herald::plugin_host::testing
