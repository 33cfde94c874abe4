#include "outbox_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace herald::channel_outbox {
namespace {

constexpr std::size_t kBufferLimit = 1 << 20;
constexpr char kHex[] = "0123456789abcdef";

[[noreturn]] void throw_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write " + path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::uint64_t fnv1a_64(std::string_view text) noexcept {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string safe_file_name(std::string_view id) {
  if (id.empty()) return "=";
  std::string out;
  out.reserve(id.size());
  for (const char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '=';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

ShardedFileWriter::ShardedFileWriter(std::filesystem::path root, int shards)
    : root_(root.string()), shards_(shards) {
  std::filesystem::create_directories(root);
  for (int shard = 0; shard < shards_; ++shard) std::filesystem::create_directory(root / std::string{kHex[shard >> 4], kHex[shard & 15]});
}

std::string ShardedFileWriter::shard_of(std::string_view key) const {
  const auto shard = fnv1a_64(key) % static_cast<std::uint64_t>(shards_);
  return {kHex[shard >> 4], kHex[shard & 15]};
}

std::string ShardedFileWriter::write(std::string_view key, const std::string& file_name, std::string_view data) const {
  const std::string folder = root_ + "/" + shard_of(key);
  const std::string target = folder + "/" + file_name;
  const std::string temp = folder + "/." + file_name + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno("open " + temp);
  try {
    write_all(fd, data, temp);
  } catch (...) {  // close and remove the partial temp file, then rethrow the original error
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  if (::close(fd) != 0) throw_errno("close " + temp);
  if (::rename(temp.c_str(), target.c_str()) != 0) throw_errno("rename " + temp);
  return target;
}

void ShardedFileWriter::sync() const {
  const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_errno("open " + root_);
  const int rc = ::syncfs(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(saved, std::generic_category(), "syncfs " + root_);
}

NdjsonFile::NdjsonFile(const std::filesystem::path& folder, const std::string& stem) {
  std::filesystem::create_directories(folder);
  for (int attempt = 1;; ++attempt) {
    path_ = (folder / (attempt == 1 ? stem + ".ndjson" : stem + "-" + std::to_string(attempt) + ".ndjson")).string();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ >= 0) break;
    if (errno != EEXIST || attempt > 1000) throw_errno("open " + path_);
  }
  buffer_.reserve(kBufferLimit + 4096);
}

NdjsonFile::~NdjsonFile() {
  if (!buffer_.empty()) {  // best effort: a destructor cannot report; flush() is where errors surface
    const ssize_t ignored = ::write(fd_, buffer_.data(), buffer_.size());
    (void)ignored;
  }
  ::close(fd_);
}

std::uint64_t NdjsonFile::append(std::string_view line) {
  buffer_ += line;
  buffer_ += '\n';
  if (buffer_.size() >= kBufferLimit) write_buffer();
  return ++lines_;
}

void NdjsonFile::write_buffer() {
  write_all(fd_, buffer_, path_);
  buffer_.clear();
}

void NdjsonFile::flush() {
  write_buffer();
  if (::fdatasync(fd_) != 0) throw_errno("fdatasync " + path_);
}

}  // namespace herald::channel_outbox
