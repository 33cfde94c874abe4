#include "file_sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "herald/sdk/error.hpp"

namespace herald::sink_file {
namespace {
constexpr std::size_t kBufferLimit = 1 << 20;
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
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw sdk::Error("settings.path", "cannot open " + path_.string() + " for appending: " + std::strerror(errno),
                     "Check the folder exists and is writable");
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
    buffer_ += sdk::to_stream_record_json(event);
    buffer_ += '\n';
    if (buffer_.size() >= kBufferLimit) write_buffer();
  }
  // Each delivered batch reaches the file (the page cache) before deliver returns, so a killed process
  // loses no event the kernel handed over; flush() adds the fsync.
  write_buffer();
}

void FileSink::write_buffer() {
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
