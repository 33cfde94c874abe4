#include "file_source.hpp"

#include <utility>

#include <fmt/format.h>

#include "csv_endpoint_reader.hpp"
#include "herald/sdk/error.hpp"
#include "input_file.hpp"
#include "ndjson_endpoint_reader.hpp"

namespace herald::source_file {
namespace {
std::string lower(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}
}  // namespace

std::optional<FileFormat> format_from_name(const std::filesystem::path& path) {
  std::filesystem::path name = path.filename();
  if (has_gzip_extension(name)) name = name.stem();
  const std::string extension = lower(name.extension().string());
  if (extension == ".csv") return FileFormat::kCsv;
  if (extension == ".json" || extension == ".ndjson" || extension == ".jsonl") return FileFormat::kJson;
  return std::nullopt;
}

std::unique_ptr<sdk::RecordReader> open_file_reader(const FileSourceOptions& options) {
  auto input = std::make_unique<InputFile>(options.path, options.gzip);
  const std::string name = options.path.string();
  if (options.format == FileFormat::kCsv) return std::make_unique<CsvEndpointReader>(std::move(input), name, options.csv);
  return std::make_unique<NdjsonEndpointReader>(std::move(input), name);
}

std::string FileSource::describe() const {
  return fmt::format("file {} ({}{})", options_.path.string(), options_.format == FileFormat::kCsv ? "CSV" : "NDJSON",
                     options_.gzip ? ", gzip" : "");
}

FileSourceOptions file_source_options(const sdk::Settings& settings) {
  FileSourceOptions options;
  options.path = settings.get_string("path");
  options.gzip = has_gzip_extension(options.path);
  const std::string format = settings.has("format") ? settings.get_string("format") : "auto";
  if (format == "csv") {
    options.format = FileFormat::kCsv;
  } else if (format == "json") {
    options.format = FileFormat::kJson;
  } else {
    const auto detected = format_from_name(options.path);
    if (!detected)
      throw sdk::Error("format", fmt::format("cannot tell the format of '{}' from its name", options.path.filename().string()),
                       "Name the file .csv, .json, .ndjson or .jsonl (optionally + .gz), or set format to csv or json");
    options.format = *detected;
  }
  options.csv.strict_quotes = !settings.has("quotes") || settings.get_string("quotes") != "lenient";
  return options;
}

sdk::SegmentSourceFactory file_source_factory() {
  sdk::SegmentSourceFactory factory;
  factory.type = "source/file";
  factory.description = "Endpoints or user ids from a CSV or NDJSON file in Pinpoint's import/export formats (.gz ok)";
  factory.schema
      .add({.name = "path",
            .type = sdk::SettingType::kPath,
            .description = "The file to read; relative paths resolve against the config file's folder. A name "
                           "ending in .gz is decompressed while reading",
            .required = true})
      .add({.name = "format",
            .type = sdk::SettingType::kEnum,
            .description = "csv (Pinpoint import CSV), json (NDJSON: one EndpointRequest or EndpointResponse per "
                           "line), or auto: from the extension (.csv; .json .ndjson .jsonl; optionally + .gz)",
            .default_value = sdk::SettingValue{std::string("auto")},
            .allowed = {"auto", "csv", "json"}})
      .add({.name = "quotes",
            .type = sdk::SettingType::kEnum,
            .description = "CSV quoting: strict (RFC 4180; a stray quote rejects the row) or lenient (a quote "
                           "inside an unquoted field is kept as text)",
            .default_value = sdk::SettingValue{std::string("strict")},
            .allowed = {"strict", "lenient"}});
  factory.create = [](const sdk::Settings& settings, sdk::Context&) -> std::unique_ptr<sdk::SegmentSource> {
    return std::make_unique<FileSource>(file_source_options(settings));
  };
  return factory;
}

}  // namespace herald::source_file
