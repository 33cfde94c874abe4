#pragma once
/// Reads a Pinpoint import CSV (header row of dotted column names, one endpoint per row, or a
/// user-id-only file) as SourceItems: each row becomes an endpoint or a rejection naming its line,
/// column and reason, and the stream goes on.
#include <memory>
#include <string>
#include <vector>

#include "csv_reader.hpp"
#include "herald/sdk/pinpoint_columns.hpp"
#include "herald/sdk/segment_source.hpp"
#include "input_file.hpp"

namespace herald::source_file {

class CsvEndpointReader final : public sdk::RecordReader {
public:
  /// Reads from an opened file (owned). `name` names it in origins and errors. Reads the header
  /// row now: throws herald::sdk::Error naming the file (and line and column) when the file is empty,
  /// the header is malformed or names an unknown column.
  CsvEndpointReader(std::unique_ptr<InputFile> input, std::string name, CsvOptions options = {});
  /// Same, over a stream the caller keeps alive (tests, other sources).
  CsvEndpointReader(std::istream& in, std::string name, CsvOptions options = {});

  /// Next endpoint or rejection. All-empty rows (",,,") are skipped like blank lines. In a
  /// user-id-only file each id of a cell is its own item (same origin). Throws herald::sdk::Error
  /// only when the file cannot be read further.
  bool next(sdk::SourceItem& item) override;

  const sdk::PinpointColumns& columns() const noexcept { return columns_; }

private:
  CsvEndpointReader(std::unique_ptr<InputFile>&& input, std::istream& in, std::string name, CsvOptions options);

  std::unique_ptr<InputFile> input_;
  std::string name_;
  CsvReader csv_;
  sdk::PinpointColumns columns_;
  CsvRecord record_;
  std::vector<std::string> pending_ids_;  ///< further user ids of the last user-id-only row
  std::size_t pending_index_ = 0;
  std::uint64_t pending_line_ = 0;
};

}  // namespace herald::source_file
