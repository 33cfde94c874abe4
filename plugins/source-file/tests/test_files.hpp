#pragma once
// Helpers for the source/file tests: test data paths, temporary files, reading a whole source.
#include <filesystem>
#include <string>
#include <vector>

#include "herald/sdk/segment_source.hpp"

namespace herald::source_file::testing {

/// tests/data in the source tree.
std::filesystem::path data_dir();
/// The whole content of a file (throws std::runtime_error if unreadable).
std::string read_bytes(const std::filesystem::path& path);
/// Writes `bytes` to `path` (creating folders).
void write_bytes(const std::filesystem::path& path, const std::string& bytes);
/// Writes `bytes` gzip-compressed to `path`.
void write_gzip(const std::filesystem::path& path, const std::string& bytes);

/// A fresh temporary folder, removed when the object dies.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

/// Every item a reader yields, in order.
std::vector<sdk::SourceItem> read_all(sdk::RecordReader& reader);

}  // namespace herald::source_file::testing
