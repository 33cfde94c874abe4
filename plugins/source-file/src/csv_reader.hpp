#pragma once
/// A streaming CSV reader over libcsv's callback parser: RFC 4180 quoting (commas, quotes and line
/// breaks inside quoted fields), LF / CRLF / CR-only line ends, a leading UTF-8 byte order mark
/// skipped, blank lines skipped, and the 1-based line where each record starts. Memory holds one
/// read chunk and one record, whatever the size of the input.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include <csv.h>

namespace herald::source_file {

/// How the CSV reader treats input.
struct CsvOptions {
  /// true: libcsv's strict mode (CSV_STRICT | CSV_STRICT_FINI): a quote inside an unquoted field,
  /// text after a closing quote, or an unterminated quoted field at the end rejects the record.
  /// false: such quotes are kept as text (libcsv's default recovery).
  bool strict_quotes = true;
  std::size_t chunk_size = 64 * 1024;  ///< bytes read from the stream at a time
};

/// One record: its fields, or why it could not be read.
struct CsvRecord {
  std::vector<std::string> fields;  ///< unquoted field values (unquoted fields are trimmed of spaces and tabs)
  std::uint64_t line = 0;           ///< 1-based line where the record starts
  std::string error;                ///< non-empty: the record is malformed (fields are then incomplete)
};

class CsvReader {
public:
  /// Reads from `in` (which must outlive the reader); `name` names the input in errors.
  CsvReader(std::istream& in, std::string name, CsvOptions options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Reads the next record into `record` (reusing its storage); false at the end of input. A
  /// malformed record comes back with `error` set and reading resumes on the next line. Throws
  /// herald::sdk::Error naming the input when the stream fails (I/O error, corrupt compression).
  bool next(CsvRecord& record);

private:
  static void on_field(void* data, std::size_t size, void* self);
  static void on_record(int terminator, void* self);
  bool refill();
  void feed_segment();
  void reset_parser();
  void finish();
  void fail_record(std::string reason);

  std::istream& in_;
  std::string name_;
  CsvOptions options_;
  csv_parser parser_{};
  std::vector<char> buffer_;
  std::size_t pos_ = 0, len_ = 0;
  bool first_chunk_ = true, eof_ = false, finished_ = false;
  bool last_was_cr_ = false;       ///< the previous byte fed was a CR (a following LF ends the same line)
  bool skip_to_line_end_ = false;  ///< after a malformed record: discard input up to the next line end
  bool record_open_ = false;       ///< a record has started and not ended yet
  std::uint64_t line_ = 1;         ///< line of the next byte to feed
  std::uint64_t record_line_ = 1;  ///< line where the open record started
  // The record being assembled and whether it is complete.
  std::vector<std::string> fields_;
  std::size_t field_count_ = 0;
  bool ready_ = false;
  std::string error_;
};

}  // namespace herald::source_file
