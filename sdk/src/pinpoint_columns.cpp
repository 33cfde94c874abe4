// Pinpoint CSV import columns (User Guide "Importing segments", supported attributes table).
#include "herald/sdk/pinpoint_columns.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "herald/sdk/endpoint_rules.hpp"
#include "herald/sdk/error.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {

constexpr std::array<std::pair<std::string_view, PinpointField>, 22> kFixed{{
    {"Id", PinpointField::kId},
    {"ChannelType", PinpointField::kChannelType},
    {"Address", PinpointField::kAddress},
    {"Demographic.AppVersion", PinpointField::kAppVersion},
    {"Demographic.Locale", PinpointField::kLocale},
    {"Demographic.Make", PinpointField::kMake},
    {"Demographic.Model", PinpointField::kModel},
    {"Demographic.ModelVersion", PinpointField::kModelVersion},
    {"Demographic.Platform", PinpointField::kPlatform},
    {"Demographic.PlatformVersion", PinpointField::kPlatformVersion},
    {"Demographic.Timezone", PinpointField::kTimezone},
    {"Location.City", PinpointField::kCity},
    {"Location.Country", PinpointField::kCountry},
    {"Location.Latitude", PinpointField::kLatitude},
    {"Location.Longitude", PinpointField::kLongitude},
    {"Location.PostalCode", PinpointField::kPostalCode},
    {"Location.Region", PinpointField::kRegion},
    {"User.UserId", PinpointField::kUserId},
    {"OptOut", PinpointField::kOptOut},
    {"EffectiveDate", PinpointField::kEffectiveDate},
    {"EndpointStatus", PinpointField::kEndpointStatus},
    {"RequestId", PinpointField::kRequestId},
}};

constexpr std::array<std::pair<std::string_view, PinpointField>, 3> kCustomPrefixes{{
    {"Attributes.", PinpointField::kAttribute},
    {"Metrics.", PinpointField::kMetric},
    {"User.UserAttributes.", PinpointField::kUserAttribute},
}};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

std::string column_where(std::size_t index, const std::string& header) {
  return fmt::format("column {} ({})", index + 1, header);
}

/// A hint for an unknown column name: the right spelling when only the case differs.
std::string unknown_column_hint(std::string_view name) {
  for (const auto& [fixed, field] : kFixed)
    if (iequals(fixed, name)) return fmt::format("Did you mean '{}'? Names are case-sensitive", fixed);
  for (const auto& [prefix, field] : kCustomPrefixes)
    if (name.size() > prefix.size() && iequals(prefix, name.substr(0, prefix.size())))
      return fmt::format("Did you mean '{}{}'? Names are case-sensitive", prefix, name.substr(prefix.size()));
  return "Accepted: Id, ChannelType, Address, Attributes.<name>, Metrics.<name>, Demographic.{AppVersion, Locale, "
         "Make, Model, ModelVersion, Platform, PlatformVersion, Timezone}, Location.{City, Country, Latitude, "
         "Longitude, PostalCode, Region}, User.UserId, User.UserAttributes.<name>, OptOut, EffectiveDate, "
         "EndpointStatus, RequestId";
}

bool multi_valued(PinpointField field) noexcept {
  return field == PinpointField::kAttribute || field == PinpointField::kUserAttribute;
}

std::string quoted(std::string_view value) {
  if (value.size() > 80) return fmt::format("'{}...'", value.substr(0, 77));
  return fmt::format("'{}'", value);
}

[[noreturn]] void bad_value(std::size_t index, const PinpointColumn& column, std::string_view value,
                            const std::string& why, const std::string& hint = {}) {
  throw Error(column_where(index, column.header), fmt::format("{} {}", quoted(value), why), hint);
}

double parse_number(std::size_t index, const PinpointColumn& column, std::string_view value) {
  double number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number))
    bad_value(index, column, value, "is not a number");
  return number;
}

template <typename Parse>
auto parse_enum(std::size_t index, const PinpointColumn& column, std::string_view value, Parse parse,
                std::string_view kind, std::string_view allowed) {
  auto parsed = parse(value);
  if (!parsed) {
    std::string upper(value);
    for (auto& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const std::string hint = parse(upper) ? fmt::format("Did you mean '{}'? Values are case-sensitive", upper)
                                          : fmt::format("Use one of {}", allowed);
    bad_value(index, column, value, fmt::format("is not a known {}", kind), hint);
  }
  return *parsed;
}

}  // namespace

const std::vector<std::string>& PinpointColumns::known_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, field] : kFixed) out.emplace_back(name);
    return out;
  }();
  return names;
}

PinpointColumns PinpointColumns::from_header(std::span<const std::string> header, const std::string& where) {
  PinpointColumns result;
  const auto at = [&](std::size_t i) { return (where.empty() ? "" : where + ": ") + column_where(i, header[i]); };
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& cell = header[i];
    PinpointColumn column;
    column.header = cell;
    if (cell.empty()) throw Error(at(i), "empty column name", "Every column of the header row needs a name");
    bool found = false;
    for (const auto& [name, field] : kFixed) {
      if (name == cell) {
        column.field = field;
        found = true;
        break;
      }
    }
    for (const auto& [prefix, field] : kCustomPrefixes) {
      if (found) break;
      if (cell.size() > prefix.size() && std::string_view(cell).substr(0, prefix.size()) == prefix) {
        column.field = field;
        column.name = cell.substr(prefix.size());
        if (auto why = check_attribute_name(column.name)) throw Error(at(i), *why, "Pinpoint allows names of 1 to 50 characters");
        found = true;
      }
    }
    if (!found) throw Error(at(i), "unknown column", unknown_column_hint(cell));
    for (std::size_t j = 0; j < i; ++j) {
      if (header[j] == cell && !multi_valued(column.field))
        throw Error(at(i), fmt::format("repeats column {}", j + 1),
                    "Only Attributes.<name> and User.UserAttributes.<name> columns may repeat (one value each)");
    }
    if (column.field == PinpointField::kAddress) result.address_column_ = i;
    result.columns_.push_back(std::move(column));
  }
  if (result.columns_.empty()) throw Error(where, "the header row is empty");
  result.user_ids_only_ = result.columns_.size() == 1 && result.columns_[0].field == PinpointField::kUserId;
  return result;
}

Endpoint PinpointColumns::map_row(std::span<const std::string> values) const {
  Endpoint e;
  map_row(values, e);
  return e;
}

namespace {

/// Resets every field of `e` that map_row sets from a cell to its default, keeping string capacity.
void reset_fields(Endpoint& e) noexcept {
  e.id.clear();
  e.channel_type.reset();
  e.address.clear();
  auto& d = e.demographic;
  for (std::string* s : {&d.app_version, &d.locale, &d.make, &d.model, &d.model_version, &d.platform,
                         &d.platform_version, &d.timezone})
    s->clear();
  auto& l = e.location;
  for (std::string* s : {&l.city, &l.country, &l.postal_code, &l.region}) s->clear();
  l.latitude.reset();
  l.longitude.reset();
  e.user.user_id.clear();
  e.effective_date.reset();
  e.creation_date.reset();
  e.endpoint_status = EndpointStatus::kActive;
  e.opt_out = OptOut::kNone;
  e.request_id.clear();
  e.cohort_id = -1;
}

/// Empties every value list, keeping the map's nodes so the same names are not allocated again.
void clear_values(AttributeMap& map) noexcept {
  for (auto& entry : map) entry.second.clear();
}

/// Drops the names no cell of this row gave (left empty by clear_values).
void drop_empty(AttributeMap& map) {
  std::erase_if(map, [](const auto& entry) { return entry.second.empty(); });
}

/// Marks every metric as not given (NaN: a parsed metric is always finite) and drops the marked ones after.
void mark_metrics(MetricMap& map) noexcept {
  for (auto& entry : map) entry.second = std::numeric_limits<double>::quiet_NaN();
}
void drop_marked(MetricMap& map) {
  std::erase_if(map, [](const auto& entry) { return std::isnan(entry.second); });
}

}  // namespace

void PinpointColumns::map_row(std::span<const std::string> values, Endpoint& e) const {
  if (values.size() != columns_.size())
    throw Error({}, fmt::format("{} fields, but the header has {}", values.size(), columns_.size()),
                "Quote values that hold commas: \"a,b\"");
  reset_fields(e);
  clear_values(e.attributes);
  clear_values(e.user.user_attributes);
  mark_metrics(e.metrics);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& value = values[i];
    if (value.empty()) continue;
    const PinpointColumn& column = columns_[i];
    if (column.field == PinpointField::kAttribute || column.field == PinpointField::kUserAttribute) {
      if (auto why = check_attribute_value(value)) bad_value(i, column, value, "is too long or malformed: " + *why);
      auto& map = column.field == PinpointField::kAttribute ? e.attributes : e.user.user_attributes;
      auto found = map.find(column.name);
      if (found == map.end()) found = map.emplace(column.name, std::vector<std::string>{}).first;
      auto& list = found->second;
      if (list.size() == kMaxAttributeValues)
        bad_value(i, column, value, fmt::format("is one value too many: an attribute holds at most {}", kMaxAttributeValues));
      list.push_back(value);
      continue;
    }
    if (!utf8_length(value)) bad_value(i, column, value, "is not valid UTF-8", "Save the file as UTF-8");
    switch (column.field) {
      case PinpointField::kId: e.id = value; break;
      case PinpointField::kChannelType:
        e.channel_type = parse_enum(i, column, value, parse_channel_type, "ChannelType",
                                    "PUSH, GCM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, "
                                    "EMAIL, BAIDU, CUSTOM, IN_APP");
        break;
      case PinpointField::kAddress: e.address.assign(trim_ascii(value)); break;
      case PinpointField::kMetric: e.metrics[column.name] = parse_number(i, column, value); break;
      case PinpointField::kAppVersion: e.demographic.app_version = value; break;
      case PinpointField::kLocale: e.demographic.locale = value; break;
      case PinpointField::kMake: e.demographic.make = value; break;
      case PinpointField::kModel: e.demographic.model = value; break;
      case PinpointField::kModelVersion: e.demographic.model_version = value; break;
      case PinpointField::kPlatform: e.demographic.platform = value; break;
      case PinpointField::kPlatformVersion: e.demographic.platform_version = value; break;
      case PinpointField::kTimezone: e.demographic.timezone = value; break;
      case PinpointField::kCity: e.location.city = value; break;
      case PinpointField::kCountry: e.location.country = value; break;
      case PinpointField::kLatitude: {
        const double v = parse_number(i, column, value);
        if (v < -90 || v > 90) bad_value(i, column, value, "is not a latitude (-90 to 90 degrees)");
        e.location.latitude = v;
        break;
      }
      case PinpointField::kLongitude: {
        const double v = parse_number(i, column, value);
        if (v < -180 || v > 180) bad_value(i, column, value, "is not a longitude (-180 to 180 degrees)");
        e.location.longitude = v;
        break;
      }
      case PinpointField::kPostalCode: e.location.postal_code = value; break;
      case PinpointField::kRegion: e.location.region = value; break;
      case PinpointField::kUserId: e.user.user_id = value; break;
      case PinpointField::kOptOut:
        e.opt_out = parse_enum(i, column, value, parse_opt_out, "OptOut", "ALL, NONE");
        break;
      case PinpointField::kEndpointStatus:
        e.endpoint_status = parse_enum(i, column, value, parse_endpoint_status, "EndpointStatus", "ACTIVE, INACTIVE");
        break;
      case PinpointField::kEffectiveDate: {
        const auto t = parse_iso8601(value);
        if (!t) bad_value(i, column, value, "is not an ISO-8601 date", "Write e.g. 2024-01-31T09:30:00Z or 2024-01-31");
        e.effective_date = *t;
        break;
      }
      case PinpointField::kRequestId: e.request_id = value; break;
      case PinpointField::kAttribute:
      case PinpointField::kUserAttribute: break;  // handled above
    }
  }
  drop_empty(e.attributes);
  drop_empty(e.user.user_attributes);
  drop_marked(e.metrics);
  if (e.channel_type && !e.address.empty()) {
    if (auto why = check_address(*e.channel_type, e.address))
      bad_value(address_column_, columns_[address_column_], e.address,
                fmt::format("is not a valid {} address: {}", to_string(*e.channel_type), *why));
  }
}

std::vector<std::string> PinpointColumns::split_user_ids(std::string_view cell) {
  std::vector<std::string> ids;
  std::size_t i = 0;
  while (i < cell.size()) {
    while (i < cell.size() && (cell[i] == ' ' || cell[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < cell.size() && cell[i] != ' ' && cell[i] != '\t') ++i;
    if (i > start) ids.emplace_back(cell.substr(start, i - start));
  }
  return ids;
}

}  // namespace v1
}  // namespace herald::sdk
