#pragma once
/// `source/file`: endpoints (or user ids) from a local CSV or NDJSON file in Pinpoint's import and
/// export formats, optionally gzip-compressed, read as a stream.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "csv_reader.hpp"
#include "herald/sdk/plugin.hpp"
#include "herald/sdk/segment_source.hpp"

namespace herald::source_file {

enum class FileFormat { kCsv, kJson };

/// The format a file name implies: `.csv` -> CSV; `.json`, `.ndjson`, `.jsonl` -> NDJSON; each
/// optionally followed by `.gz` (any case). nullopt for other names.
std::optional<FileFormat> format_from_name(const std::filesystem::path& path);

/// What one file source reads.
struct FileSourceOptions {
  std::filesystem::path path;
  FileFormat format = FileFormat::kCsv;
  bool gzip = false;  ///< decompress (the name ends in .gz)
  CsvOptions csv;
};

/// Opens a new reader over the file. Throws herald::sdk::Error naming the file when it is missing,
/// unreadable, empty (CSV) or has a bad header (CSV).
std::unique_ptr<sdk::RecordReader> open_file_reader(const FileSourceOptions& options);

class FileSource final : public sdk::SegmentSource {
public:
  explicit FileSource(FileSourceOptions options) : options_(std::move(options)) {}
  std::unique_ptr<sdk::RecordReader> open() override { return open_file_reader(options_); }
  std::string describe() const override;
  const FileSourceOptions& options() const noexcept { return options_; }

private:
  FileSourceOptions options_;
};

/// Resolves validated settings (`path`, `format`, `quotes`) to options. Throws herald::sdk::Error
/// naming the setting when `format` is `auto` and the file name implies no format.
FileSourceOptions file_source_options(const sdk::Settings& settings);

/// The `source/file` factory: its settings schema and constructor.
sdk::SegmentSourceFactory file_source_factory();

}  // namespace herald::source_file
