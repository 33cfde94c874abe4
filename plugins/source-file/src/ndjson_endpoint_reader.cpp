#include "ndjson_endpoint_reader.hpp"

#include <exception>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herald/sdk/endpoint_json.hpp"
#include "herald/sdk/endpoint_rules.hpp"
#include "herald/sdk/error.hpp"

namespace herald::source_file {
namespace {

/// nlohmann's parse error without its "[json.exception.parse_error.101] " prefix; a line is one
/// document, so "at line 1, column 7" becomes "at column 7".
std::string describe_parse_error(const nlohmann::json::parse_error& e) {
  std::string text = e.what();
  if (const auto end = text.find("] "); text.rfind("[json.exception", 0) == 0 && end != std::string::npos)
    text.erase(0, end + 2);
  if (const auto at = text.find("at line 1, column "); at != std::string::npos) text.replace(at, 18, "at column ");
  return "invalid JSON: " + text;
}

}  // namespace

NdjsonEndpointReader::NdjsonEndpointReader(std::unique_ptr<InputFile> input, std::string name)
    : input_(std::move(input)), in_(input_->stream()), name_(std::move(name)) {}

NdjsonEndpointReader::NdjsonEndpointReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

bool NdjsonEndpointReader::next(sdk::SourceItem& item) {
  for (;;) {
    try {
      if (!std::getline(in_, line_)) {
        if (in_.bad()) throw sdk::Error(name_, "cannot read the file: I/O error");
        return false;
      }
    } catch (const sdk::Error&) {
      throw;
    } catch (const std::exception& e) {
      throw sdk::Error(name_, fmt::format("cannot read the file after line {}: {}", line_number_, e.what()),
                       "If it is gzip-compressed, check that it is complete (gzip -t)");
    }
    ++line_number_;
    std::string_view text(line_);
    if (line_number_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    text = sdk::trim_ascii(text);
    if (text.empty()) continue;

    item.origin.source.assign(name_);
    item.origin.line = line_number_;
    item.reason.clear();
    try {
      const auto document = nlohmann::json::parse(text.begin(), text.end());
      item.endpoint = sdk::endpoint_from_json(document, {});
      sdk::validate_endpoint(item.endpoint, {});
      item.ok = true;
    } catch (const nlohmann::json::parse_error& e) {
      item.ok = false;
      item.endpoint = {};
      item.reason = describe_parse_error(e);
    } catch (const sdk::Error& e) {
      item.ok = false;
      item.endpoint = {};
      item.reason = e.what();
    } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range: a number like 1e999
      item.ok = false;
      item.endpoint = {};
      item.reason = std::string("invalid JSON value: ") + e.what();
    }
    return true;
  }
}

}  // namespace herald::source_file
