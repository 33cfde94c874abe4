#pragma once
/// An event: app events reported by clients and engagement events the kernel records
/// (`_campaign.send`, `_email.send`...). Source: Pinpoint event stream formats (developer guide).
#include <map>
#include <optional>
#include <string>

#include "herald/sdk/time.hpp"

namespace herald::sdk {
inline namespace v1 {

struct Session {
  std::string id;
  std::optional<Instant> start, stop;
};

struct Event {
  std::string id;            ///< unique event id
  std::string project_id;    ///< application.app_id
  std::string event_type;    ///< "_email.send", "_campaign.send", "pageView"...
  Instant timestamp{};       ///< event_timestamp
  Instant arrival{};         ///< arrival_timestamp (set by the kernel)
  std::string client_id;     ///< client.client_id: the endpoint id
  std::string event_version = "3.1";
  std::map<std::string, std::string> attributes;
  std::map<std::string, double> metrics;
  Session session;
  /// client_context.custom.endpoint: the endpoint as a JSON-encoded string (Pinpoint's quirk); may be empty.
  std::string endpoint_json;
  /// `facets` object as JSON text (email: {"email_channel":{"mail_event":{...}}}); empty for none.
  std::string facets_json;
};

/// Serializes an event as one line of Pinpoint's stream record JSON (no trailing newline):
/// event_type, event_timestamp and arrival_timestamp in ms since epoch, application.app_id,
/// client.client_id, attributes, metrics, session, client_context, facets.
std::string to_stream_record_json(const Event& event);

/// How to_stream_record_json treats Event::facets_json.
enum class FacetsForm {
  kValidate,   ///< parse it: invalid JSON throws, keys are sorted into nlohmann's canonical form
  kCanonical,  ///< the caller wrote it in that canonical compact form (sorted keys, no spaces): copied as is
};
/// The same record; with FacetsForm::kCanonical the facets are not parsed again (the kernel's own send
/// events, whose facets it writes itself). Text that is not canonical JSON then gives a broken record.
std::string to_stream_record_json(const Event& event, FacetsForm facets);

}  // namespace v1
}  // namespace herald::sdk
