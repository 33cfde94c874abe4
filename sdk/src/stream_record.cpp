// Pinpoint's event stream record shape (developer guide, event-streams-data-*.md).
//
// Written directly into one string (this runs twice per event on the send path: the kernel's event
// table and every sink). The output is byte-identical to serializing the record as an nlohmann::json
// object (keys in sorted order, compact, invalid UTF-8 replaced by U+FFFD): plain ASCII strings are copied
// escaped here, strings with non-ASCII bytes, the metrics and the facets go through nlohmann::json.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "herald/sdk/event.hpp"
#include "herald/sdk/json_text.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {

using nlohmann::json;

void put_string(std::string& out, std::string_view text) { append_json_string(out, text); }

void put_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;  // keys below are fixed ASCII names
  out += "\":";
}

void put_int(std::string& out, long long value) { fmt::format_to(std::back_inserter(out), "{}", value); }

/// SAX handler writing JSON text in nlohmann::json's canonical compact form without building a tree.
/// It gives up (returns false) where that form would need the tree: an object whose keys are not in
/// strictly ascending order (the tree sorts them and keeps one value per key), or a parse error.
class CanonicalWriter : public nlohmann::json_sax<json> {
public:
  explicit CanonicalWriter(std::string& out) : out_(out) {}
  bool null() override { return scalar("null"); }
  bool boolean(bool value) override { return scalar(value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return true;
  }
  bool number_unsigned(number_unsigned_t value) override {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return true;
  }
  bool number_float(number_float_t value, const string_t&) override {
    before_value();
    out_ += json(value).dump();
    return true;
  }
  bool string(string_t& value) override {
    before_value();
    put_string(out_, value);
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    before_value();
    out_ += '{';
    frames_.push_back({true, true, {}});
    return true;
  }
  bool key(string_t& name) override {
    Frame& frame = frames_.back();
    if (!frame.first && !(frame.last_key < name)) return false;  // unsorted or repeated: the tree reorders
    if (!frame.first) out_ += ',';
    frame.first = false;
    frame.last_key = name;
    put_string(out_, name);
    out_ += ':';
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    out_ += '}';
    return true;
  }
  bool start_array(std::size_t) override {
    before_value();
    out_ += '[';
    frames_.push_back({false, true, {}});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    out_ += ']';
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
  struct Frame {
    bool object;
    bool first;
    std::string last_key;
  };
  void before_value() {
    if (frames_.empty() || frames_.back().object) return;  // an object's key() wrote the separator
    if (!frames_.back().first) out_ += ',';
    frames_.back().first = false;
  }
  bool scalar(const char* literal) {
    before_value();
    out_ += literal;
    return true;
  }
  std::string& out_;
  std::vector<Frame> frames_;
};

/// Appends `text` (JSON) as json::parse(text).dump() would: streamed when it is already in canonical key
/// order (the facets the kernel writes are), else through the tree. Throws json::parse_error on invalid JSON.
void put_canonical_json(std::string& out, const std::string& text) {
  const std::size_t mark = out.size();
  CanonicalWriter writer(out);
  if (json::sax_parse(text, &writer)) return;
  out.resize(mark);
  out += json::parse(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string to_stream_record_json(const Event& event) { return to_stream_record_json(event, FacetsForm::kValidate); }

std::string to_stream_record_json(const Event& event, FacetsForm facets) {
  const auto ms = [](Instant t) { return static_cast<long long>(t.time_since_epoch().count()); };
  std::string out;
  out.reserve(512 + event.endpoint_json.size() * 2 + event.facets_json.size());
  // Keys in the order nlohmann::json (a std::map) writes them.
  out += "{\"application\":{\"app_id\":";
  put_string(out, event.project_id);
  out += ",\"sdk\":{}},";
  put_key(out, "arrival_timestamp");
  put_int(out, ms(event.arrival));
  out += ",\"attributes\":{";
  bool first = true;
  for (const auto& [key, value] : event.attributes) {
    if (!first) out += ',';
    first = false;
    put_string(out, key);
    out += ':';
    put_string(out, value);
  }
  out += "},\"client\":{\"client_id\":";
  put_string(out, event.client_id);
  out += '}';
  if (!event.endpoint_json.empty()) {
    out += ",\"client_context\":{\"custom\":{\"endpoint\":";
    put_string(out, event.endpoint_json);
    out += "}}";
  }
  out += ",\"device\":{\"platform\":{}},";
  put_key(out, "event_id");
  put_string(out, event.id);
  out += ',';
  put_key(out, "event_timestamp");
  put_int(out, ms(event.timestamp));
  out += ',';
  put_key(out, "event_type");
  put_string(out, event.event_type);
  out += ',';
  put_key(out, "event_version");
  put_string(out, event.event_version);
  if (!event.facets_json.empty()) {  // validated and written in the canonical compact form
    out += ',';
    put_key(out, "facets");
    if (facets == FacetsForm::kCanonical) out += event.facets_json;
    else put_canonical_json(out, event.facets_json);
  }
  if (!event.metrics.empty()) {
    out += ',';
    put_key(out, "metrics");
    out += json(event.metrics).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  out += ",\"session\":{";
  if (!event.session.id.empty()) {
    put_key(out, "session_id");
    put_string(out, event.session.id);
    if (event.session.start) {
      out += ',';
      put_key(out, "start_timestamp");
      put_int(out, ms(*event.session.start));
    }
    if (event.session.stop) {
      out += ',';
      put_key(out, "stop_timestamp");
      put_int(out, ms(*event.session.stop));
    }
  }
  out += "}}";
  return out;
}

}  // namespace v1
}  // namespace herald::sdk
