#include "test_files.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <zlib.h>

namespace herald::source_file::testing {

std::filesystem::path data_dir() { return HERALD_TEST_DATA_DIR; }

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_gzip(const std::filesystem::path& path, const std::string& bytes) {
  // zlib's gzip file API (Boost's gzip_compressor trips a false GCC 12 -Wrestrict warning).
  gzFile file = gzopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write " + path.string());
  const int written = bytes.empty() ? 0 : gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  if (gzclose(file) != Z_OK || written != static_cast<int>(bytes.size()))
    throw std::runtime_error("cannot write " + path.string());
}

TempDir::TempDir() {
  std::random_device seed;
  std::string name = "herald-source-file-";
  name.append(std::to_string(seed())).append("-").append(std::to_string(seed()));
  path_ = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::vector<sdk::SourceItem> read_all(sdk::RecordReader& reader) {
  std::vector<sdk::SourceItem> items;
  sdk::SourceItem item;
  while (reader.next(item)) items.push_back(item);
  return items;
}

}  // namespace herald::source_file::testing
