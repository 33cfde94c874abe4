#pragma once
/// An endpoint: one destination a message can be sent to, with every field of Pinpoint's
/// EndpointRequest/EndpointResponse (source: Pinpoint API model 2016-12-01).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "herald/sdk/channel_type.hpp"
#include "herald/sdk/time.hpp"

namespace herald::sdk {
inline namespace v1 {

/// Custom attributes: name -> list of string values (order kept). Names are case-sensitive,
/// at most 50 characters; values at most 100 characters (Pinpoint quotas).
using AttributeMap = std::map<std::string, std::vector<std::string>>;
/// Custom metrics: name -> number.
using MetricMap = std::map<std::string, double>;

struct Demographic {
  std::string app_version, locale, make, model, model_version, platform, platform_version;
  std::string timezone;  ///< IANA name, e.g. "America/Los_Angeles"
  bool operator==(const Demographic&) const = default;
};

struct Location {
  std::string city, country, postal_code, region;  ///< country: ISO 3166-1 alpha-2 (alpha-3 accepted)
  std::optional<double> latitude, longitude;       ///< degrees
  bool operator==(const Location&) const = default;
};

/// The user an endpoint belongs to, as carried on the endpoint (User.UserId, User.UserAttributes).
struct EndpointUser {
  std::string user_id;  ///< empty: no user
  AttributeMap user_attributes;
  bool operator==(const EndpointUser&) const = default;
};

struct Endpoint {
  std::string id;  ///< unique within a project; required to update an existing endpoint
  std::optional<ChannelType> channel_type;
  std::string address;  ///< email address, E.164 phone number, device token...
  AttributeMap attributes;
  MetricMap metrics;
  Demographic demographic;
  Location location;
  EndpointUser user;
  std::optional<Instant> effective_date;
  std::optional<Instant> creation_date;  ///< set by the store on first insert
  EndpointStatus endpoint_status = EndpointStatus::kActive;
  OptOut opt_out = OptOut::kNone;
  std::string request_id;
  int cohort_id = -1;  ///< 0-99 random cohort assigned by the store (holdouts); -1 = not yet assigned
  bool operator==(const Endpoint&) const = default;
};

/// A user: a person with an id and attributes, linked to at most N endpoints.
struct User {
  std::string user_id;
  AttributeMap user_attributes;
  bool operator==(const User&) const = default;
};

}  // namespace v1
}  // namespace herald::sdk
