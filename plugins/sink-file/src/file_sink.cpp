#include "file_sink.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "herald/sdk/error.hpp"

namespace herald::sink_file {
namespace {
constexpr std::size_t kBufferLimit = 1 << 20;

/// Holds flock(2) on the file: writers of one sink file (several herald processes) append whole batches
/// one at a time, and a starting process never cuts a batch another one is writing.
class FileLock {
public:
  explicit FileLock(int fd) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { ::flock(fd_, LOCK_UN); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  int fd_;
};

/// A process killed in the middle of a write can leave a torn last record. It is cut back to the last
/// complete line (the event itself is in the kernel's table), so every line of the file stays one JSON
/// record and the next batch does not glue onto a fragment. Returns the bytes dropped.
off_t drop_torn_tail(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size == 0) return 0;
  char block[65536];
  off_t end = st.st_size;
  while (end > 0) {
    const off_t start = end > static_cast<off_t>(sizeof block) ? end - static_cast<off_t>(sizeof block) : 0;
    const ssize_t n = ::pread(fd, block, static_cast<std::size_t>(end - start), start);
    if (n <= 0) return 0;  // unreadable: leave the file as it is
    for (ssize_t i = n - 1; i >= 0; --i)
      if (block[i] == '\n') {
        const off_t keep = start + i + 1;
        if (keep == st.st_size) return 0;
        return ::ftruncate(fd, keep) == 0 ? st.st_size - keep : 0;
      }
    end = start;
  }
  return ::ftruncate(fd, 0) == 0 ? st.st_size : 0;  // one torn record and nothing before it
}
}  // namespace

sdk::SettingsSchema file_sink_schema() {
  sdk::SettingsSchema schema;
  schema.add({.name = "path", .type = sdk::SettingType::kPath,
              .description = "File the events are appended to, one JSON stream record per line (folders are created)",
              .required = true});
  return schema;
}

sdk::AnalyticsSinkFactory file_sink_factory() {
  return {.type = kType,
          .description = "Appends every event to a file as Pinpoint stream records (NDJSON)",
          .schema = file_sink_schema(),
          .create = [](const sdk::Settings& settings, sdk::Context&) -> std::unique_ptr<sdk::AnalyticsSink> {
            return std::make_unique<FileSink>(settings.get_string("path"));
          }};
}

FileSink::FileSink(std::filesystem::path path) : path_(std::move(path)) {
  std::error_code ec;
  if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path(), ec);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw sdk::Error("settings.path", "cannot open " + path_.string() + " for appending: " + std::strerror(errno),
                     "Check the folder exists and is writable");
  const FileLock lock(fd_);
  dropped_ = static_cast<std::uint64_t>(drop_torn_tail(fd_));
  buffer_.reserve(kBufferLimit + 4096);
}

FileSink::~FileSink() {
  if (!buffer_.empty()) {
    const ssize_t ignored = ::write(fd_, buffer_.data(), buffer_.size());  // best effort; flush() reports errors
    (void)ignored;
  }
  ::close(fd_);
}

void FileSink::deliver(std::span<const sdk::Event> events) {
  std::lock_guard lock(mutex_);
  for (const auto& event : events) {
    buffer_ += sdk::to_stream_record_json(event, sdk::FacetsForm::kCanonical);  // the kernel normalized them
    buffer_ += '\n';
    if (buffer_.size() >= kBufferLimit) write_buffer();
  }
  // Each delivered batch reaches the file (the page cache) before deliver returns, so a killed process
  // loses no event the kernel handed over; flush() adds the fsync.
  write_buffer();
}

void FileSink::write_buffer() {
  if (buffer_.empty()) return;
  const FileLock lock(fd_);
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      buffer_.erase(0, done);  // keep what was not written for the next attempt
      throw sdk::TransientError(path_.string(), std::string("write failed: ") + std::strerror(errno),
                                "Check free space; the events stay in the kernel's table");
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void FileSink::flush() {
  std::lock_guard lock(mutex_);
  write_buffer();
  if (::fsync(fd_) != 0)
    throw sdk::TransientError(path_.string(), std::string("fsync failed: ") + std::strerror(errno));
}

}  // namespace herald::sink_file
