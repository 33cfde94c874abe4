#include "input_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <boost/iostreams/filter/gzip.hpp>

#include "herald/sdk/error.hpp"

namespace herald::source_file {
namespace {
std::string lower(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}
}  // namespace

bool has_gzip_extension(const std::filesystem::path& path) { return lower(path.extension().string()) == ".gz"; }

InputFile::InputFile(const std::filesystem::path& path, bool gzip) : gzip_(gzip) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status))
    throw sdk::Error(path.string(), "the file does not exist", "Check the source's `path` setting");
  if (std::filesystem::is_directory(status)) throw sdk::Error(path.string(), "is a folder, not a file");
  errno = 0;
  file_.open(path, std::ios::in | std::ios::binary);
  if (!file_) {
    const int error = errno;
    throw sdk::Error(path.string(), std::string("cannot open the file: ") + (error ? std::strerror(error) : "unknown error"));
  }
  if (gzip_) {
    filtered_.push(boost::iostreams::gzip_decompressor());
    filtered_.push(file_);
    filtered_.exceptions(std::ios::badbit);
  } else {
    file_.exceptions(std::ios::badbit);
  }
}

}  // namespace herald::source_file
