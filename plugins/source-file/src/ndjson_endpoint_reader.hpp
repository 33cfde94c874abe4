#pragma once
/// Reads newline-delimited JSON endpoints (Pinpoint import JSON: one EndpointRequest + Id per line;
/// Pinpoint export files: one EndpointResponse per line; user-id-only lines {"User":{"UserId":...}})
/// as SourceItems. A bad line is a rejection naming its line and the JSON path at fault.
#include <cstdint>
#include <memory>
#include <string>

#include "herald/sdk/segment_source.hpp"
#include "input_file.hpp"

namespace herald::source_file {

class NdjsonEndpointReader final : public sdk::RecordReader {
public:
  /// Reads from an opened file (owned); `name` names it in origins and errors.
  NdjsonEndpointReader(std::unique_ptr<InputFile> input, std::string name);
  /// Same, over a stream the caller keeps alive.
  NdjsonEndpointReader(std::istream& in, std::string name);

  /// Next endpoint or rejection. Blank lines are skipped; a UTF-8 byte order mark and CR before LF
  /// are ignored. Each line is parsed with endpoint_from_json and checked with validate_endpoint.
  /// Throws herald::sdk::Error naming the file only when it cannot be read further.
  bool next(sdk::SourceItem& item) override;

private:
  std::unique_ptr<InputFile> input_;
  std::istream& in_;
  std::string name_;
  std::string line_;
  std::uint64_t line_number_ = 0;
};

}  // namespace herald::source_file
