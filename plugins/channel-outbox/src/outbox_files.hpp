#pragma once
/// File mechanics of the outbox: sharded atomic .eml files and one buffered NDJSON file per run.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace herald::channel_outbox {

/// FNV-1a 64-bit hash: stable across runs, platforms and compilers (std::hash is not).
std::uint64_t fnv1a_64(std::string_view text) noexcept;

/// A file name for a message id: bytes outside [A-Za-z0-9_-] become "=XX" (hex), so any id is a
/// safe, distinct name (no '/', no "..", no hidden files). Empty id -> "=".
std::string safe_file_name(std::string_view id);

/// Writes files as `<root>/<2 hex shard>/<name>` atomically: data goes to a hidden temporary file in
/// the shard folder, then rename(2) replaces the target, so readers never see a partial file.
/// Not durable until sync(). Thread-safe: write() and sync() touch no shared state, so concurrent
/// senders scale (distinct keys never share a temporary file).
class ShardedFileWriter {
public:
  /// Creates `root` (and parents) and the `shards` shard folders. `shards` in [1, 256].
  /// Throws std::filesystem::filesystem_error.
  ShardedFileWriter(std::filesystem::path root, int shards);
  /// The shard folder name ("00".."ff") for a key: fnv1a_64(key) % shards, two lowercase hex digits.
  std::string shard_of(std::string_view key) const;
  /// Writes `data` to `<root>/<shard_of(key)>/<file_name>`; returns that path.
  /// Throws std::system_error (errno) when a folder, the write or the rename fails.
  std::string write(std::string_view key, const std::string& file_name, std::string_view data) const;
  /// Makes written files durable: syncfs(2) on the file system holding root.
  void sync() const;

private:
  std::string root_;
  int shards_;
};

/// One NDJSON file opened exclusively (never appends to another run's file), written through a
/// 1 MiB buffer. Lines are numbered from 1.
class NdjsonFile {
public:
  /// Creates `folder` and opens `<folder>/<stem>.ndjson`, or `<stem>-2.ndjson`, `-3`... when it exists.
  /// Throws std::system_error or std::filesystem::filesystem_error.
  NdjsonFile(const std::filesystem::path& folder, const std::string& stem);
  ~NdjsonFile();
  NdjsonFile(const NdjsonFile&) = delete;
  NdjsonFile& operator=(const NdjsonFile&) = delete;
  /// Appends `line` and '\n'; returns the line number. Throws std::system_error on a write error.
  std::uint64_t append(std::string_view line);
  /// Writes the buffered lines to the file (no sync). Throws std::system_error.
  void write_out() { write_buffer(); }
  /// Writes the buffer and fdatasync(2)s the file. Throws std::system_error.
  void flush();
  const std::string& path() const noexcept { return path_; }

private:
  void write_buffer();
  std::string path_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t lines_ = 0;
};

}  // namespace herald::channel_outbox
