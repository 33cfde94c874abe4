#pragma once
/// SegmentSource: a streaming reader of endpoint (or user id) records from outside (files, S3, SQL).
/// A bad record is reported with its origin and the stream goes on; memory does not grow with input.
#include <memory>
#include <string>

#include "herald/sdk/endpoint.hpp"

namespace herald::sdk {
inline namespace v1 {

/// Where a record came from, for error messages: "endpoints.csv:12" / "s3://b/k.json:3".
struct RecordOrigin {
  std::string source;  ///< file path, object key...
  std::uint64_t line = 0;  ///< 1-based line (or row) number where the record starts; 0 if none
  std::string to_string() const { return line ? source + ":" + std::to_string(line) : source; }
};

/// One item read from a source: either a record or a rejected record with its reason.
struct SourceItem {
  RecordOrigin origin;
  bool ok = true;
  Endpoint endpoint;   ///< valid when ok; for a user-id-only record only endpoint.user.user_id is set
  std::string reason;  ///< why the record was rejected when !ok (e.g. "column 3 (Metrics.x): 'abc' is not a number")
};

class RecordReader {
public:
  virtual ~RecordReader() = default;
  /// Reads the next item into `item`; false at the end of the stream. Throws Error only when the
  /// stream itself cannot go on (file missing, unreadable, bad header); bad records are items with ok=false.
  /// `item` may still hold an earlier item's values (callers recycle items so that their storage is
  /// reused): set every field of it (origin, ok, reason, and the whole endpoint).
  virtual bool next(SourceItem& item) = 0;
};

class SegmentSource {
public:
  virtual ~SegmentSource() = default;
  /// Opens a new pass over the records (each import reads from the beginning).
  virtual std::unique_ptr<RecordReader> open() = 0;
  /// Human-readable description for summaries: "file samples/quickstart/endpoints.csv".
  virtual std::string describe() const = 0;
};

}  // namespace v1
}  // namespace herald::sdk
