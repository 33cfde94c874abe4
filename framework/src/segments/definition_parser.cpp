#include "segments/definition_parser.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "herald/sdk/time.hpp"

namespace herald::segments {
namespace {

using nlohmann::json;

std::string child(const std::string& path, std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
  return plain ? fmt::format("{}.{}", path, key) : fmt::format("{}[{}]", path, json(std::string(key)).dump());
}

std::string item(const std::string& path, std::size_t index) { return fmt::format("{}[{}]", path, index); }

[[noreturn]] void fail(const std::string& path, const std::string& what, const std::string& hint = {}) {
  throw sdk::Error(path, what, hint);
}

const json& expect(const json& j, const std::string& path, json::value_t type, std::string_view expected) {
  const bool ok = type == json::value_t::number_float     ? j.is_number()
                  : type == json::value_t::number_integer ? j.is_number_integer()
                                                          : j.type() == type;
  if (!ok) fail(path, fmt::format("expected {}, got {}", expected, j.type_name()));
  return j;
}

const json& object(const json& j, const std::string& path, std::initializer_list<std::string_view> allowed,
                   std::initializer_list<std::string_view> ignored = {}) {
  expect(j, path, json::value_t::object, "an object");
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
    fail(child(path, key), "unknown key", fmt::format("allowed keys are: {}", fmt::join(allowed, ", ")));
  }
  return j;
}

const json* find(const json& obj, std::string_view key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const json& require(const json& obj, const std::string& path, std::string_view key) {
  const json* v = find(obj, key);
  if (v == nullptr) fail(child(path, key), "required");
  return *v;
}

template <typename E, std::size_t N>
E parse_enum(const json& j, const std::string& path, const std::array<std::pair<std::string_view, E>, N>& table) {
  expect(j, path, json::value_t::string, "a string");
  const auto& text = j.get_ref<const std::string&>();
  for (const auto& [name, value] : table) {
    if (name == text) return value;
  }
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.first);
  fail(path, fmt::format("'{}' is not one of {}", text, fmt::join(names, ", ")));
}

constexpr std::array<std::pair<std::string_view, AttributeType>, 7> kAttributeTypes{{
    {"INCLUSIVE", AttributeType::kInclusive}, {"EXCLUSIVE", AttributeType::kExclusive},
    {"CONTAINS", AttributeType::kContains}, {"BEFORE", AttributeType::kBefore}, {"AFTER", AttributeType::kAfter},
    {"ON", AttributeType::kOn}, {"BETWEEN", AttributeType::kBetween}}};
constexpr std::array<std::pair<std::string_view, ComparisonOperator>, 5> kOperators{{
    {"GREATER_THAN", ComparisonOperator::kGreaterThan}, {"LESS_THAN", ComparisonOperator::kLessThan},
    {"GREATER_THAN_OR_EQUAL", ComparisonOperator::kGreaterThanOrEqual},
    {"LESS_THAN_OR_EQUAL", ComparisonOperator::kLessThanOrEqual}, {"EQUAL", ComparisonOperator::kEqual}}};
constexpr std::array<std::pair<std::string_view, DimensionType>, 2> kDimensionTypes{{
    {"INCLUSIVE", DimensionType::kInclusive}, {"EXCLUSIVE", DimensionType::kExclusive}}};
constexpr std::array<std::pair<std::string_view, Combine>, 3> kCombines{{
    {"ALL", Combine::kAll}, {"ANY", Combine::kAny}, {"NONE", Combine::kNone}}};
constexpr std::array<std::pair<std::string_view, RecencyDuration>, 4> kDurations{{
    {"HR_24", RecencyDuration::kHr24}, {"DAY_7", RecencyDuration::kDay7}, {"DAY_14", RecencyDuration::kDay14},
    {"DAY_30", RecencyDuration::kDay30}}};
constexpr std::array<std::pair<std::string_view, RecencyType>, 2> kRecencyTypes{{
    {"ACTIVE", RecencyType::kActive}, {"INACTIVE", RecencyType::kInactive}}};

template <typename E, std::size_t N>
std::string_view name_of(E value, const std::array<std::pair<std::string_view, E>, N>& table) noexcept {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return {};
}

std::vector<std::string> string_values(const json& obj, const std::string& path) {
  const std::string vpath = child(path, "Values");
  const json& values = expect(require(obj, path, "Values"), vpath, json::value_t::array, "an array of strings");
  if (values.empty()) fail(vpath, "must list at least one value");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out.push_back(expect(values[i], item(vpath, i), json::value_t::string, "a string").get<std::string>());
  }
  return out;
}

AttributeDimension parse_attribute(const json& j, const std::string& path) {
  object(j, path, {"AttributeType", "Values"});
  AttributeDimension d;
  d.json_path = path;
  if (const json* t = find(j, "AttributeType")) d.type = parse_enum(*t, child(path, "AttributeType"), kAttributeTypes);
  d.values = string_values(j, path);
  const std::string vpath = child(path, "Values");
  std::size_t expected = 0;
  if (d.type == AttributeType::kBetween) expected = 2;
  if (d.type == AttributeType::kBefore || d.type == AttributeType::kAfter || d.type == AttributeType::kOn) expected = 1;
  if (expected != 0) {
    if (d.values.size() != expected) {
      fail(vpath, fmt::format("{} takes exactly {} value{}, got {}", name_of(d.type, kAttributeTypes), expected,
                              expected == 1 ? "" : "s", d.values.size()));
    }
    for (std::size_t i = 0; i < d.values.size(); ++i) {
      if (!sdk::parse_iso8601(d.values[i])) {
        fail(item(vpath, i), fmt::format("'{}' is not an ISO-8601 instant", d.values[i]),
             "write e.g. 2024-01-01T00:00:00Z or 2024-01-01");
      }
    }
  }
  return d;
}

std::map<std::string, AttributeDimension> parse_attributes(const json& j, const std::string& path) {
  expect(j, path, json::value_t::object, "an object of attribute name -> AttributeDimension");
  std::map<std::string, AttributeDimension> out;
  for (const auto& [name, dim] : j.items()) out.emplace(name, parse_attribute(dim, child(path, name)));
  return out;
}

std::optional<SetDimension> parse_set(const json& parent, const std::string& parent_path, std::string_view key) {
  const json* j = find(parent, key);
  if (j == nullptr) return std::nullopt;
  const std::string path = child(parent_path, key);
  object(*j, path, {"DimensionType", "Values"});
  SetDimension d;
  d.json_path = path;
  if (const json* t = find(*j, "DimensionType")) d.type = parse_enum(*t, child(path, "DimensionType"), kDimensionTypes);
  d.values = string_values(*j, path);
  return d;
}

SegmentDimensions parse_dimensions(const json& j, const std::string& path) {
  object(j, path, {"Attributes", "Behavior", "Demographic", "Location", "Metrics", "UserAttributes"});
  SegmentDimensions d;
  d.json_path = path;
  if (const json* a = find(j, "Attributes")) d.attributes = parse_attributes(*a, child(path, "Attributes"));
  if (const json* a = find(j, "UserAttributes")) d.user_attributes = parse_attributes(*a, child(path, "UserAttributes"));
  if (const json* m = find(j, "Metrics")) {
    const std::string mpath = child(path, "Metrics");
    expect(*m, mpath, json::value_t::object, "an object of metric name -> MetricDimension");
    for (const auto& [name, dim] : m->items()) {
      const std::string p = child(mpath, name);
      object(dim, p, {"ComparisonOperator", "Value"});
      MetricDimension md;
      md.json_path = p;
      md.op = parse_enum(require(dim, p, "ComparisonOperator"), child(p, "ComparisonOperator"), kOperators);
      md.value = expect(require(dim, p, "Value"), child(p, "Value"), json::value_t::number_float, "a number").get<double>();
      d.metrics.emplace(name, md);
    }
  }
  if (const json* demo = find(j, "Demographic")) {
    const std::string p = child(path, "Demographic");
    object(*demo, p, {"AppVersion", "Channel", "DeviceType", "Make", "Model", "Platform"});
    d.demographic.app_version = parse_set(*demo, p, "AppVersion");
    d.demographic.channel = parse_set(*demo, p, "Channel");
    d.demographic.device_type = parse_set(*demo, p, "DeviceType");
    d.demographic.make = parse_set(*demo, p, "Make");
    d.demographic.model = parse_set(*demo, p, "Model");
    d.demographic.platform = parse_set(*demo, p, "Platform");
  }
  if (const json* loc = find(j, "Location")) {
    const std::string p = child(path, "Location");
    object(*loc, p, {"Country", "GPSPoint"});
    d.location.country = parse_set(*loc, p, "Country");
    if (const json* gps = find(*loc, "GPSPoint")) {
      const std::string gp = child(p, "GPSPoint");
      object(*gps, gp, {"Coordinates", "RangeInKilometers"});
      GpsPointDimension g;
      g.json_path = gp;
      const std::string cp = child(gp, "Coordinates");
      const json& coords = object(require(*gps, gp, "Coordinates"), cp, {"Latitude", "Longitude"});
      g.latitude = expect(require(coords, cp, "Latitude"), child(cp, "Latitude"), json::value_t::number_float, "a number").get<double>();
      g.longitude = expect(require(coords, cp, "Longitude"), child(cp, "Longitude"), json::value_t::number_float, "a number").get<double>();
      if (const json* r = find(*gps, "RangeInKilometers")) {
        g.range_km = expect(*r, child(gp, "RangeInKilometers"), json::value_t::number_float, "a number").get<double>();
      }
      d.location.gps_point = g;
    }
  }
  if (const json* behavior = find(j, "Behavior")) {
    const std::string p = child(path, "Behavior");
    object(*behavior, p, {"Recency"});
    if (const json* rec = find(*behavior, "Recency")) {
      const std::string rp = child(p, "Recency");
      object(*rec, rp, {"Duration", "RecencyType"});
      RecencyDimension r;
      r.json_path = rp;
      r.duration = parse_enum(require(*rec, rp, "Duration"), child(rp, "Duration"), kDurations);
      r.type = parse_enum(require(*rec, rp, "RecencyType"), child(rp, "RecencyType"), kRecencyTypes);
      d.recency = r;
    }
  }
  return d;
}

SegmentGroup parse_group(const json& j, const std::string& path) {
  object(j, path, {"Dimensions", "SourceSegments", "SourceType", "Type"});
  SegmentGroup g;
  g.json_path = path;
  if (const json* t = find(j, "Type")) g.type = parse_enum(*t, child(path, "Type"), kCombines);
  if (const json* t = find(j, "SourceType")) g.source_type = parse_enum(*t, child(path, "SourceType"), kCombines);
  if (const json* dims = find(j, "Dimensions")) {
    const std::string dp = child(path, "Dimensions");
    expect(*dims, dp, json::value_t::array, "an array of SegmentDimensions");
    for (std::size_t i = 0; i < dims->size(); ++i) g.dimensions.push_back(parse_dimensions((*dims)[i], item(dp, i)));
  }
  if (const json* sources = find(j, "SourceSegments")) {
    const std::string sp = child(path, "SourceSegments");
    expect(*sources, sp, json::value_t::array, "an array of SegmentReference");
    for (std::size_t i = 0; i < sources->size(); ++i) {
      const std::string p = item(sp, i);
      const json& ref = object((*sources)[i], p, {"Id", "Version"});
      SourceSegment s;
      s.json_path = p;
      s.id = expect(require(ref, p, "Id"), child(p, "Id"), json::value_t::string, "a string").get<std::string>();
      if (const json* v = find(ref, "Version")) {
        s.version = expect(*v, child(p, "Version"), json::value_t::number_integer, "an integer").get<int>();
      }
      g.source_segments.push_back(std::move(s));
    }
  }
  return g;
}

}  // namespace

SegmentDefinition parse_segment_definition(const json& request, std::string_view root) {
  const std::string path(root);
  object(request, path, {"Dimensions", "Name", "SegmentGroups", "tags"},
         {"ApplicationId", "Arn", "CreationDate", "Id", "ImportDefinition", "LastModifiedDate", "SegmentType", "Version"});
  SegmentDefinition def;
  if (const json* name = find(request, "Name")) {
    def.name = expect(*name, child(path, "Name"), json::value_t::string, "a string").get<std::string>();
  }
  if (const json* dims = find(request, "Dimensions")) def.dimensions = parse_dimensions(*dims, child(path, "Dimensions"));
  if (const json* groups = find(request, "SegmentGroups")) {
    const std::string gp = child(path, "SegmentGroups");
    object(*groups, gp, {"Groups", "Include"});
    SegmentGroupList list;
    list.json_path = gp;
    if (const json* inc = find(*groups, "Include")) list.include = parse_enum(*inc, child(gp, "Include"), kCombines);
    if (const json* gs = find(*groups, "Groups")) {
      const std::string lp = child(gp, "Groups");
      expect(*gs, lp, json::value_t::array, "an array of SegmentGroup");
      for (std::size_t i = 0; i < gs->size(); ++i) list.groups.push_back(parse_group((*gs)[i], item(lp, i)));
    }
    def.segment_groups = std::move(list);
  }
  return def;
}

SegmentDefinition parse_segment_definition_text(std::string_view json_text, std::string_view source) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw sdk::Error(std::string(source), fmt::format("not valid JSON (byte {}): {}", e.byte, e.what()));
  }
  return parse_segment_definition(doc, "$");
}

std::string_view to_string(AttributeType v) noexcept { return name_of(v, kAttributeTypes); }
std::string_view to_string(ComparisonOperator v) noexcept { return name_of(v, kOperators); }
std::string_view to_string(DimensionType v) noexcept { return name_of(v, kDimensionTypes); }
std::string_view to_string(Combine v) noexcept { return name_of(v, kCombines); }
std::string_view to_string(RecencyDuration v) noexcept { return name_of(v, kDurations); }
std::string_view to_string(RecencyType v) noexcept { return name_of(v, kRecencyTypes); }

}  // namespace herald::segments
