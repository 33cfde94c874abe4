// Pinpoint endpoint JSON (API model 2016-12-01: EndpointRequest, EndpointResponse, EndpointDemographic,
// EndpointLocation, EndpointUser).
#include "herald/sdk/endpoint_json.hpp"

#include <algorithm>

#include <charconv>
#include <initializer_list>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herald/sdk/error.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {

using nlohmann::json;

/// Reads one JSON document, naming the path of every member it looks at in its errors.
class Reader {
public:
  explicit Reader(const std::string& where) : where_(where) {}

  [[noreturn]] void fail(const std::string& path, const std::string& message, const std::string& hint = {}) const {
    throw Error(where_.empty() ? path : where_ + ": " + path, message, hint);
  }

  static std::string shown(const json& value) {
    // Nested structures are named, not dumped: dumping is recursive and a hostile line can nest deeply.
    if (value.is_structured()) {
      const bool flat = value.size() <= 8 && std::none_of(value.begin(), value.end(),
                                                          [](const json& v) { return v.is_structured(); });
      if (!flat) return value.is_object() ? "an object" : "an array";
    }
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
  }

  void expect(const json& value, bool ok, const std::string& path, std::string_view expected) const {
    if (!ok) fail(path, fmt::format("expected {}, got {}", expected, shown(value)));
  }

  /// Fails on members not in `allowed`.
  void only(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, member] : object.items()) {
      bool known = false;
      for (const auto name : allowed) known = known || name == key;
      if (!known) {
        std::string names;
        for (const auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
        fail(path + "." + key, "unknown member", "Allowed members: " + names);
      }
    }
  }

  const json& object(const json& value, const std::string& path) const {
    expect(value, value.is_object(), path, "an object");
    return value;
  }

  std::string string(const json& value, const std::string& path) const {
    expect(value, value.is_string(), path, "a string");
    return value.get<std::string>();
  }

  double number(const json& value, const std::string& path) const {
    expect(value, value.is_number(), path, "a number");
    return value.get<double>();
  }

  Instant instant(const json& value, const std::string& path) const {
    const auto text = string(value, path);
    const auto parsed = parse_iso8601(text);
    if (!parsed)
      fail(path, fmt::format("'{}' is not an ISO-8601 instant", text), "Write e.g. 2024-01-31T09:30:00Z");
    return *parsed;
  }

  AttributeMap attributes(const json& value, const std::string& path) const {
    AttributeMap result;
    // Paths are only built for an error: this runs for every value of every imported line.
    for (const auto& [name, values] : object(value, path).items()) {
      if (values.is_null()) continue;
      if (!values.is_array()) expect(values, false, path + "." + name, "an array of strings");
      auto& out = result[name];
      out.reserve(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        const json& item = values[i];
        if (!item.is_string()) expect(item, false, fmt::format("{}.{}[{}]", path, name, i), "a string");
        out.push_back(item.get_ref<const std::string&>());
      }
    }
    return result;
  }

  MetricMap metrics(const json& value, const std::string& path) const {
    MetricMap result;
    for (const auto& [name, number_value] : object(value, path).items()) {
      if (number_value.is_null()) continue;
      if (!number_value.is_number()) expect(number_value, false, path + "." + name, "a number");
      result[name] = number_value.get<double>();
    }
    return result;
  }

  int cohort(const json& value, const std::string& path) const {
    int id = -1;
    if (value.is_number_integer()) {
      id = value.get<int>();
    } else {
      expect(value, value.is_string(), path, "a cohort number as a string (\"0\" to \"99\")");
      const auto text = value.get<std::string>();
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
      if (ec != std::errc() || end != text.data() + text.size()) id = -1;
    }
    if (id < 0 || id > 99) fail(path, fmt::format("expected a cohort from 0 to 99, got {}", shown(value)));
    return id;
  }

private:
  const std::string& where_;
};

/// Calls `read(member, path)` for each non-null member of `object` named `name`.
template <typename Fn>
void with(const json& object, const char* name, const std::string& path, Fn&& read) {
  const auto it = object.find(name);
  if (it != object.end() && !it->is_null()) read(*it, path + "." + name);
}

void put_string(json& object, const char* name, const std::string& value) {
  if (!value.empty()) object[name] = value;
}

json attributes_json(const AttributeMap& map) {
  json result = json::object();
  for (const auto& [name, values] : map) result[name] = values;
  return result;
}

}  // namespace

nlohmann::json endpoint_to_json(const Endpoint& endpoint) {
  json out = json::object();
  put_string(out, "Id", endpoint.id);
  if (endpoint.channel_type) out["ChannelType"] = std::string(to_string(*endpoint.channel_type));
  put_string(out, "Address", endpoint.address);
  if (!endpoint.attributes.empty()) out["Attributes"] = attributes_json(endpoint.attributes);
  if (!endpoint.metrics.empty()) out["Metrics"] = endpoint.metrics;

  const auto& d = endpoint.demographic;
  json demographic = json::object();
  put_string(demographic, "AppVersion", d.app_version);
  put_string(demographic, "Locale", d.locale);
  put_string(demographic, "Make", d.make);
  put_string(demographic, "Model", d.model);
  put_string(demographic, "ModelVersion", d.model_version);
  put_string(demographic, "Platform", d.platform);
  put_string(demographic, "PlatformVersion", d.platform_version);
  put_string(demographic, "Timezone", d.timezone);
  if (!demographic.empty()) out["Demographic"] = std::move(demographic);

  const auto& l = endpoint.location;
  json location = json::object();
  put_string(location, "City", l.city);
  put_string(location, "Country", l.country);
  if (l.latitude) location["Latitude"] = *l.latitude;
  if (l.longitude) location["Longitude"] = *l.longitude;
  put_string(location, "PostalCode", l.postal_code);
  put_string(location, "Region", l.region);
  if (!location.empty()) out["Location"] = std::move(location);

  json user = json::object();
  put_string(user, "UserId", endpoint.user.user_id);
  if (!endpoint.user.user_attributes.empty()) user["UserAttributes"] = attributes_json(endpoint.user.user_attributes);
  if (!user.empty()) out["User"] = std::move(user);

  if (endpoint.effective_date) out["EffectiveDate"] = format_iso8601(*endpoint.effective_date);
  if (endpoint.creation_date) out["CreationDate"] = format_iso8601(*endpoint.creation_date);
  out["EndpointStatus"] = std::string(to_string(endpoint.endpoint_status));
  out["OptOut"] = std::string(to_string(endpoint.opt_out));
  put_string(out, "RequestId", endpoint.request_id);
  if (endpoint.cohort_id >= 0) out["CohortId"] = std::to_string(endpoint.cohort_id);
  return out;
}

Endpoint endpoint_from_json(const nlohmann::json& value, const std::string& where) {
  const Reader r(where);
  const std::string root = "$";
  r.object(value, root);
  r.only(value, root,
         {"Id", "ChannelType", "Address", "Attributes", "Metrics", "Demographic", "Location", "User",
          "EffectiveDate", "CreationDate", "EndpointStatus", "OptOut", "RequestId", "CohortId", "ApplicationId"});
  Endpoint e;
  with(value, "Id", root, [&](const json& v, const std::string& p) { e.id = r.string(v, p); });
  with(value, "ChannelType", root, [&](const json& v, const std::string& p) {
    const auto text = r.string(v, p);
    e.channel_type = parse_channel_type(text);
    if (!e.channel_type)
      r.fail(p, fmt::format("unknown ChannelType '{}'", text),
             "Use one of PUSH, GCM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, "
             "BAIDU, CUSTOM, IN_APP");
  });
  with(value, "Address", root, [&](const json& v, const std::string& p) { e.address = r.string(v, p); });
  with(value, "Attributes", root, [&](const json& v, const std::string& p) { e.attributes = r.attributes(v, p); });
  with(value, "Metrics", root, [&](const json& v, const std::string& p) { e.metrics = r.metrics(v, p); });
  with(value, "Demographic", root, [&](const json& v, const std::string& p) {
    r.object(v, p);
    r.only(v, p, {"AppVersion", "Locale", "Make", "Model", "ModelVersion", "Platform", "PlatformVersion", "Timezone"});
    auto& d = e.demographic;
    const auto text = [&](const char* name, std::string& out) {
      with(v, name, p, [&](const json& m, const std::string& mp) { out = r.string(m, mp); });
    };
    text("AppVersion", d.app_version);
    text("Locale", d.locale);
    text("Make", d.make);
    text("Model", d.model);
    text("ModelVersion", d.model_version);
    text("Platform", d.platform);
    text("PlatformVersion", d.platform_version);
    text("Timezone", d.timezone);
  });
  with(value, "Location", root, [&](const json& v, const std::string& p) {
    r.object(v, p);
    r.only(v, p, {"City", "Country", "Latitude", "Longitude", "PostalCode", "Region"});
    auto& l = e.location;
    with(v, "City", p, [&](const json& m, const std::string& mp) { l.city = r.string(m, mp); });
    with(v, "Country", p, [&](const json& m, const std::string& mp) { l.country = r.string(m, mp); });
    with(v, "Latitude", p, [&](const json& m, const std::string& mp) { l.latitude = r.number(m, mp); });
    with(v, "Longitude", p, [&](const json& m, const std::string& mp) { l.longitude = r.number(m, mp); });
    with(v, "PostalCode", p, [&](const json& m, const std::string& mp) { l.postal_code = r.string(m, mp); });
    with(v, "Region", p, [&](const json& m, const std::string& mp) { l.region = r.string(m, mp); });
  });
  with(value, "User", root, [&](const json& v, const std::string& p) {
    r.object(v, p);
    r.only(v, p, {"UserId", "UserAttributes"});
    with(v, "UserId", p, [&](const json& m, const std::string& mp) { e.user.user_id = r.string(m, mp); });
    with(v, "UserAttributes", p,
         [&](const json& m, const std::string& mp) { e.user.user_attributes = r.attributes(m, mp); });
  });
  with(value, "EffectiveDate", root, [&](const json& v, const std::string& p) { e.effective_date = r.instant(v, p); });
  with(value, "CreationDate", root, [&](const json& v, const std::string& p) { e.creation_date = r.instant(v, p); });
  with(value, "EndpointStatus", root, [&](const json& v, const std::string& p) {
    const auto text = r.string(v, p);
    const auto status = parse_endpoint_status(text);
    if (!status) r.fail(p, fmt::format("unknown EndpointStatus '{}'", text), "Use ACTIVE or INACTIVE");
    e.endpoint_status = *status;
  });
  with(value, "OptOut", root, [&](const json& v, const std::string& p) {
    const auto text = r.string(v, p);
    const auto opt_out = parse_opt_out(text);
    if (!opt_out) r.fail(p, fmt::format("unknown OptOut '{}'", text), "Use ALL or NONE");
    e.opt_out = *opt_out;
  });
  with(value, "RequestId", root, [&](const json& v, const std::string& p) { e.request_id = r.string(v, p); });
  with(value, "CohortId", root, [&](const json& v, const std::string& p) { e.cohort_id = r.cohort(v, p); });
  with(value, "ApplicationId", root, [&](const json& v, const std::string& p) { r.string(v, p); });
  return e;
}

}  // namespace v1
}  // namespace herald::sdk
