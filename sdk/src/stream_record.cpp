// Pinpoint's event stream record shape (developer guide, event-streams-data-*.md).
#include <nlohmann/json.hpp>

#include "herald/sdk/event.hpp"

namespace herald::sdk {
inline namespace v1 {

std::string to_stream_record_json(const Event& event) {
  using nlohmann::json;
  const auto ms = [](Instant t) { return t.time_since_epoch().count(); };
  json record;
  record["event_type"] = event.event_type;
  record["event_timestamp"] = ms(event.timestamp);
  record["arrival_timestamp"] = ms(event.arrival);
  record["event_version"] = event.event_version;
  record["application"] = {{"app_id", event.project_id}, {"sdk", json::object()}};
  record["client"] = {{"client_id", event.client_id}};
  record["device"] = {{"platform", json::object()}};
  json session = json::object();
  if (!event.session.id.empty()) {
    session["session_id"] = event.session.id;
    if (event.session.start) session["start_timestamp"] = ms(*event.session.start);
    if (event.session.stop) session["stop_timestamp"] = ms(*event.session.stop);
  }
  record["session"] = std::move(session);
  record["attributes"] = event.attributes;
  if (!event.metrics.empty()) record["metrics"] = event.metrics;
  if (!event.endpoint_json.empty()) record["client_context"] = {{"custom", {{"endpoint", event.endpoint_json}}}};
  if (!event.facets_json.empty()) record["facets"] = json::parse(event.facets_json);
  record["event_id"] = event.id;
  return record.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace v1
}  // namespace herald::sdk
