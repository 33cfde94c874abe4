#include "csv_endpoint_reader.hpp"

#include <algorithm>
#include <utility>

#include "herald/sdk/error.hpp"

namespace herald::source_file {

namespace {
std::istream& stream_of(const std::unique_ptr<InputFile>& input) {
  if (!input) throw sdk::Error({}, "no input file given (a bug in the caller)");
  return input->stream();
}
}  // namespace

CsvEndpointReader::CsvEndpointReader(std::unique_ptr<InputFile> input, std::string name, CsvOptions options)
    : CsvEndpointReader(std::move(input), stream_of(input), std::move(name), options) {}

CsvEndpointReader::CsvEndpointReader(std::istream& in, std::string name, CsvOptions options)
    : CsvEndpointReader(nullptr, in, std::move(name), options) {}

CsvEndpointReader::CsvEndpointReader(std::unique_ptr<InputFile>&& input, std::istream& in, std::string name,
                                     CsvOptions options)
    : input_(std::move(input)), name_(std::move(name)), csv_(in, name_, options) {
  if (!csv_.next(record_))
    throw sdk::Error(name_, "the file is empty", "The first line must be a header row, e.g. ChannelType,Address");
  const std::string where = name_ + ":" + std::to_string(record_.line);
  if (!record_.error.empty()) throw sdk::Error(where, "malformed header row: " + record_.error);
  columns_ = sdk::PinpointColumns::from_header(record_.fields, where);
}

bool CsvEndpointReader::next(sdk::SourceItem& item) {
  if (pending_index_ < pending_ids_.size()) {
    item.origin = {name_, pending_line_};
    item.ok = true;
    item.reason.clear();
    item.endpoint = {};
    item.endpoint.user.user_id = std::move(pending_ids_[pending_index_++]);
    return true;
  }
  while (csv_.next(record_)) {
    item.origin.source.assign(name_);  // reuses the item's storage (no allocation per row)
    item.origin.line = record_.line;
    item.reason.clear();
    if (!record_.error.empty()) {
      item.ok = false;
      item.endpoint = {};
      item.reason = std::move(record_.error);
      return true;
    }
    if (std::all_of(record_.fields.begin(), record_.fields.end(), [](const std::string& f) { return f.empty(); }))
      continue;
    try {
      columns_.map_row(record_.fields, item.endpoint);  // reuses the endpoint's strings and map nodes
      item.ok = true;
    } catch (const sdk::Error& e) {
      item.ok = false;
      item.endpoint = {};
      item.reason = e.what();
      return true;
    }
    if (columns_.user_ids_only()) {
      pending_ids_ = sdk::PinpointColumns::split_user_ids(item.endpoint.user.user_id);
      if (pending_ids_.empty()) continue;
      pending_line_ = record_.line;
      item.endpoint.user.user_id = std::move(pending_ids_[0]);
      pending_index_ = 1;
    }
    return true;
  }
  return false;
}

}  // namespace herald::source_file
