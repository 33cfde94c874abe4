#pragma once
// A real SQLite store in a temp folder for kernel unit tests (collaborators outside the kernel are mocks).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "herald/clock.hpp"
#include "store/database.hpp"

namespace herald::testsupport {

class TempStore {
public:
  TempStore() {
    std::random_device rd;
    folder_ = std::filesystem::temp_directory_path() / ("herald-kernel-test-" + std::to_string(rd()));
    std::filesystem::create_directories(folder_);
    database = store::Database::open("sqlite3://" + (folder_ / "herald.db").string());
  }
  ~TempStore() {
    database.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  const std::filesystem::path& folder() const { return folder_; }
  std::unique_ptr<store::Database> database;

private:
  std::filesystem::path folder_;
};

inline sdk::Endpoint email_endpoint(const std::string& id, std::map<std::string, std::vector<std::string>> attributes) {
  sdk::Endpoint e;
  e.id = id;
  e.channel_type = sdk::ChannelType::kEmail;
  e.address = "user" + id + "@example.com";
  e.attributes = std::move(attributes);
  return e;
}

inline sdk::Instant t0() { return sdk::Instant{std::chrono::milliseconds{1'767'225'600'000}}; }  // 2026-01-01

}  // namespace herald::testsupport
