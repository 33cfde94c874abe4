#pragma once
/// Opens a data file for streaming reads, decompressing `.gz` files on the fly with
/// Boost.Iostreams' gzip filter (zlib).
#include <filesystem>
#include <fstream>
#include <istream>
#include <memory>

#include <boost/iostreams/filtering_stream.hpp>

namespace herald::source_file {

/// An open input: the file and, for `.gz`, the decompressing stream over it.
class InputFile {
public:
  /// Opens `path`; `gzip` decompresses. Throws herald::sdk::Error naming the file when it does not
  /// exist, is a folder, or cannot be opened (the reason from the OS). The stream throws on I/O errors
  /// (badbit), which readers turn into errors naming the file.
  InputFile(const std::filesystem::path& path, bool gzip);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// The bytes of the file (decompressed when gzip).
  std::istream& stream() noexcept { return gzip_ ? static_cast<std::istream&>(filtered_) : file_; }

private:
  bool gzip_;
  std::ifstream file_;
  boost::iostreams::filtering_istream filtered_;
};

/// True when the file name ends in ".gz" (any case).
bool has_gzip_extension(const std::filesystem::path& path);

}  // namespace herald::source_file
