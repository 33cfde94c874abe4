#pragma once
/// sink/file: appends each event as one line of Pinpoint's event stream record JSON
/// (sdk::to_stream_record_json) to a file, buffered; flush() makes the lines durable.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

#include "herald/sdk/analytics_sink.hpp"
#include "herald/sdk/plugin.hpp"

namespace herald::sink_file {

inline constexpr const char* kType = "sink/file";

/// The settings schema: path (kPath, required).
sdk::SettingsSchema file_sink_schema();
/// The factory registered by the plugin.
sdk::AnalyticsSinkFactory file_sink_factory();

/// Appends to `path` (created with its folders; existing content is kept, O_APPEND so several
/// writers never interleave inside a line). Lines wait in a 1 MiB buffer until it fills or flush().
/// Thread-safe.
class FileSink final : public sdk::AnalyticsSink {
public:
  /// Throws sdk::Error("settings.path", ...) when the file cannot be opened for appending.
  explicit FileSink(std::filesystem::path path);
  /// Writes what is still buffered (without fsync; errors cannot be reported here).
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  /// Throws sdk::TransientError when a full buffer cannot be written (disk full).
  void deliver(std::span<const sdk::Event> events) override;
  /// Writes the buffer and fsyncs the file. Throws sdk::TransientError on failure.
  void flush() override;

  /// Bytes of a torn last record (a process killed mid-write) cut from the file when it was opened.
  std::uint64_t torn_bytes_dropped() const noexcept { return dropped_; }

private:
  void write_buffer();
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t dropped_ = 0;
  std::mutex mutex_;
  std::string buffer_;
};

}  // namespace herald::sink_file
