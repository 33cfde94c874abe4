#include "store/endpoint_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herald/sdk/error.hpp"
#include "herald/sdk/json_text.hpp"

namespace herald::store::detail {

namespace {
[[noreturn]] void corrupt(std::string_view what, std::string_view text) {
  throw sdk::Error("store", fmt::format("a stored {} document is not valid: {}", what, text.substr(0, 200)),
                   "the row was written by something other than Herald's store; rewrite the endpoint");
}
}  // namespace

void append_attributes_json(std::string& out, const sdk::AttributeMap& attributes) {
  std::size_t size = out.size() + 2;  // one allocation in the common case (no escapes)
  for (const auto& [name, values] : attributes) {
    size += name.size() + 6;
    for (const auto& v : values) size += v.size() + 3;
  }
  out.reserve(size);
  out += '{';
  bool first = true;
  for (const auto& [name, values] : attributes) {
    if (!first) out += ',';
    first = false;
    sdk::append_json_string(out, name);
    out += ":[";
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      sdk::append_json_string(out, values[i]);
    }
    out += ']';
  }
  out += '}';
}

void append_metrics_json(std::string& out, const sdk::MetricMap& metrics) {
  out += '{';
  bool first = true;
  for (const auto& [name, value] : metrics) {
    if (!first) out += ',';
    first = false;
    sdk::append_json_string(out, name);
    out += ':';
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
  out += '}';
}

namespace {
using Json = nlohmann::json;

/// SAX reader of the two document shapes, straight into the maps (no DOM: the campaign path reads one
/// document per endpoint). Any other shape stops the parse (returns false).
struct DocumentReader : nlohmann::json_sax<Json> {
  sdk::AttributeMap* attributes = nullptr;  ///< {"Name": ["v", ...]} when set
  sdk::MetricMap* metrics = nullptr;        ///< {"Name": 1.5} when set
  int depth = 0;
  std::string name;
  std::vector<std::string>* values = nullptr;

  bool number(double v) {
    if (metrics == nullptr || depth != 1) return false;
    metrics->insert_or_assign(std::move(name), v);
    return true;
  }
  bool null() override { return false; }
  bool boolean(bool) override { return false; }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return number(v); }
  bool string(string_t& v) override {
    if (values == nullptr || depth != 2) return false;
    values->push_back(std::move(v));
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return depth++ == 0; }
  bool key(string_t& k) override {
    name = std::move(k);
    return depth == 1;
  }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override {
    if (attributes == nullptr || depth != 1) return false;
    ++depth;
    values = &(*attributes)[std::move(name)];
    values->clear();
    return true;
  }
  bool end_array() override {
    --depth;
    values = nullptr;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

void read_document(std::string_view text, DocumentReader& reader, std::string_view what) {
  if (!Json::sax_parse(text, &reader, nlohmann::detail::input_format_t::json, /*strict=*/true)) corrupt(what, text);
}
}  // namespace

sdk::AttributeMap parse_attributes_json(std::string_view text) {
  sdk::AttributeMap out;
  if (text.empty()) return out;
  DocumentReader reader;
  reader.attributes = &out;
  read_document(text, reader, "attributes");
  return out;
}

sdk::MetricMap parse_metrics_json(std::string_view text) {
  sdk::MetricMap out;
  if (text.empty()) return out;
  DocumentReader reader;
  reader.metrics = &out;
  read_document(text, reader, "metrics");
  return out;
}

}  // namespace herald::store::detail
