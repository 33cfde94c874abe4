#include "segments/segment_query.hpp"

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "herald/sdk/time.hpp"

namespace herald::segments {
namespace {

constexpr std::string_view kTrue = "1=1";

[[noreturn]] void not_supported(const std::string& json_path, std::string_view what) {
  throw sdk::Error(json_path, fmt::format("{} is not supported yet", what),
                   "remove it from the segment for now; a later Herald release adds it");
}

/// ISO-8601 shape a PostgreSQL value must have before it is cast to timestamptz.
constexpr std::string_view kIsoPattern =
    R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$)";

class Compiler {
public:
  Compiler(SegmentQuery& query, Dialect dialect) : q_(query), dialect_(dialect) {}

  std::string bind(SqlParam value) {
    std::string name = fmt::format("p{}", next_++);
    q_.params.emplace(name, std::move(value));
    return ":" + name;
  }

  std::string dimensions(const SegmentDimensions& d) {
    if (d.recency) not_supported(d.recency->json_path, "Behavior.Recency");
    if (d.location.gps_point) not_supported(d.location.gps_point->json_path, "Location.GPSPoint");
    if (d.demographic.device_type) not_supported(d.demographic.device_type->json_path, "Demographic.DeviceType");
    std::vector<std::string> terms;
    for (const auto& [name, dim] : d.attributes) terms.push_back(attribute(name, dim, false));
    for (const auto& [name, dim] : d.user_attributes) terms.push_back(attribute(name, dim, true));
    for (const auto& [name, dim] : d.metrics) terms.push_back(metric(name, dim));
    const auto& demo = d.demographic;
    if (demo.app_version) terms.push_back(column_set("e.demo_app_version", *demo.app_version));
    if (demo.channel) terms.push_back(column_set("e.channel_type", *demo.channel));
    if (demo.make) terms.push_back(column_set("e.demo_make", *demo.make));
    if (demo.model) terms.push_back(column_set("e.demo_model", *demo.model));
    if (demo.platform) terms.push_back(column_set("e.demo_platform", *demo.platform));
    if (d.location.country) terms.push_back(column_set("e.loc_country", *d.location.country));
    return combine(terms, Combine::kAll);
  }

  std::string group(const SegmentGroup& g) {
    if (!g.source_segments.empty()) not_supported(g.source_segments.front().json_path, "SourceSegments (base segments)");
    std::vector<std::string> terms;
    for (const auto& d : g.dimensions) terms.push_back(dimensions(d));
    return combine(terms, g.type);
  }

  std::string groups(const SegmentGroupList& list) {
    std::vector<std::string> terms;
    for (const auto& g : list.groups) terms.push_back(group(g));
    return combine(terms, list.include);
  }

private:
  static std::string combine(const std::vector<std::string>& terms, Combine how) {
    if (terms.empty()) return std::string(kTrue);
    if (terms.size() == 1 && how != Combine::kNone) return terms.front();
    const std::string joined = fmt::format("({})", fmt::join(terms, how == Combine::kAll ? ") AND (" : ") OR ("));
    return how == Combine::kNone ? fmt::format("NOT ({})", joined) : joined;
  }

  std::string value_list(const std::vector<std::string>& values, bool lower) {
    std::vector<std::string> binds;
    for (const auto& v : values) binds.push_back(lower ? fmt::format("lower({})", bind(v)) : bind(v));
    return fmt::format("{}", fmt::join(binds, ", "));
  }

  /// SQL comparing the instant in `column` with the instant bound as canonical ISO text.
  std::string instant(std::string_view column) {
    if (dialect_ == Dialect::kSqlite) return fmt::format("julianday({})", column);
    return fmt::format("(CASE WHEN {0} ~ {1} THEN CAST({0} AS TIMESTAMPTZ) END)", column, bind(std::string(kIsoPattern)));
  }
  std::string instant_param(const std::string& iso) {
    const auto t = sdk::parse_iso8601(iso);  // validated by the parser
    const std::string canonical = t ? sdk::format_iso8601(*t) : iso;
    if (dialect_ == Dialect::kSqlite) return fmt::format("julianday({})", bind(canonical));
    return fmt::format("CAST({} AS TIMESTAMPTZ)", bind(canonical));
  }

  std::string attribute(const std::string& name, const AttributeDimension& dim, bool user) {
    const std::string head =
        user ? fmt::format("SELECT 1 FROM user_attributes u WHERE u.project_id = e.project_id AND u.user_id = e.user_id "
                           "AND u.name = {}", bind(name))
             : fmt::format("SELECT 1 FROM endpoint_attributes a WHERE a.project_id = e.project_id AND a.endpoint_id = e.id "
                           "AND a.name = {}", bind(name));
    const std::string value = user ? "u.value" : "a.value";
    std::string predicate;
    switch (dim.type) {
      case AttributeType::kInclusive:
      case AttributeType::kExclusive: predicate = fmt::format("{} IN ({})", value, value_list(dim.values, false)); break;
      case AttributeType::kContains: {
        std::vector<std::string> any;
        const char* fn = dialect_ == Dialect::kSqlite ? "instr" : "strpos";
        for (const auto& v : dim.values) any.push_back(fmt::format("{}({}, {}) > 0", fn, value, bind(v)));
        predicate = fmt::format("({})", fmt::join(any, " OR "));
        break;
      }
      case AttributeType::kBefore: predicate = fmt::format("{} < {}", instant(value), instant_param(dim.values.at(0))); break;
      case AttributeType::kAfter: predicate = fmt::format("{} > {}", instant(value), instant_param(dim.values.at(0))); break;
      case AttributeType::kBetween:
        predicate = fmt::format("{} BETWEEN {} AND {}", instant(value), instant_param(dim.values.at(0)),
                                instant_param(dim.values.at(1)));
        break;
      case AttributeType::kOn: {
        const auto t = sdk::parse_iso8601(dim.values.at(0));
        if (!t) throw sdk::Error(dim.json_path, fmt::format("'{}' is not an ISO-8601 instant", dim.values.at(0)));
        const auto day = std::chrono::floor<std::chrono::days>(*t);
        const std::string from = sdk::format_iso8601(day);
        const std::string to = sdk::format_iso8601(day + std::chrono::days(1));
        const std::string v = instant(value);
        predicate = fmt::format("{} >= {} AND {} < {}", v, instant_param(from), instant(value), instant_param(to));
        break;
      }
    }
    const char* exists = dim.type == AttributeType::kExclusive ? "NOT EXISTS" : "EXISTS";
    return fmt::format("{} ({} AND {})", exists, head, predicate);
  }

  std::string metric(const std::string& name, const MetricDimension& dim) {
    const char* op = "=";
    switch (dim.op) {
      case ComparisonOperator::kGreaterThan: op = ">"; break;
      case ComparisonOperator::kLessThan: op = "<"; break;
      case ComparisonOperator::kGreaterThanOrEqual: op = ">="; break;
      case ComparisonOperator::kLessThanOrEqual: op = "<="; break;
      case ComparisonOperator::kEqual: op = "="; break;
    }
    return fmt::format("EXISTS (SELECT 1 FROM endpoint_metrics m WHERE m.project_id = e.project_id AND m.endpoint_id = e.id "
                       "AND m.name = {} AND m.value {} {})", bind(name), op, bind(dim.value));
  }

  std::string column_set(std::string_view column, const SetDimension& dim) {
    return fmt::format("lower(COALESCE({}, '')) {}IN ({})", column, dim.type == DimensionType::kExclusive ? "NOT " : "",
                       value_list(dim.values, true));
  }

  SegmentQuery& q_;
  Dialect dialect_;
  int next_ = 0;
};

}  // namespace

SegmentQuery compile_segment(const SegmentDefinition& definition, std::string_view project_id, Dialect dialect,
                             const SegmentQueryOptions& options) {
  SegmentQuery query;
  query.dialect = dialect;
  query.params.emplace("project_id", std::string(project_id));
  Compiler compiler(query, dialect);
  std::vector<std::string> terms;
  if (definition.dimensions) terms.push_back(compiler.dimensions(*definition.dimensions));
  if (definition.segment_groups) terms.push_back(compiler.groups(*definition.segment_groups));
  std::string where = "e.project_id = :project_id";
  for (const auto& t : terms) {
    if (t != kTrue) where += fmt::format(" AND ({})", t);
  }
  if (options.exclude_opted_out) {
    query.params.emplace("opt_out_all", std::string("ALL"));
    where += " AND COALESCE(e.opt_out, '') <> :opt_out_all";
  }
  if (options.exclude_inactive) {
    query.params.emplace("status_inactive", std::string("INACTIVE"));
    where += " AND COALESCE(e.endpoint_status, '') <> :status_inactive";
  }
  query.sql = "SELECT e.id FROM endpoints e WHERE " + where;
  return query;
}

}  // namespace herald::segments
