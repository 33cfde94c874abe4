#include "segments/segment_query.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

  /// SQLite JSON path of a top-level key: `$."<name>"`. SQLite (3.40) finds a quoted key by comparing the
  /// raw JSON text, so it only works for names the writer stores unescaped: no `"`, `\` or control
  /// characters (names may hold any UTF-8, sdk::check_attribute_name). Other names take the key scan.
  static bool path_safe(const std::string& name) {
    for (char c : name)
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
  }

  /// FROM clause (SQLite) yielding one row per value of attribute `name` as `v.value`, for the document
  /// `doc` (e.attributes or u.attributes); the name is bound (a JSON path or, for unusual names, the key).
  std::string sqlite_values(std::string_view doc, const std::string& name, std::string& where) {
    if (path_safe(name)) return fmt::format("json_each({}, {}) v", doc, bind("$.\"" + name + "\""));
    where = fmt::format(" AND k.key = {}", bind(name));
    return fmt::format("json_each({}) k, json_each(k.value) v", doc);
  }

  /// PostgreSQL: `doc @> {"name": [value]}` for each value, OR-ed; jsonb_path_ops GIN indexes serve `@>`.
  std::string pg_contains_any(std::string_view doc, const std::string& name, const std::vector<std::string>& values) {
    std::vector<std::string> any;
    for (const auto& v : values) {
      const nlohmann::json probe = {{name, nlohmann::json::array({v})}};
      any.push_back(fmt::format("{} @> CAST({} AS jsonb)", doc, bind(probe.dump())));
    }
    if (any.empty()) return "1=0";
    return fmt::format("({})", fmt::join(any, " OR "));
  }

  /// The predicate on one attribute value (`value`, an SQL text expression) for CONTAINS and the dates.
  std::string value_predicate(const AttributeDimension& dim, std::string_view value) {
    switch (dim.type) {
      case AttributeType::kInclusive:
      case AttributeType::kExclusive: return fmt::format("{} IN ({})", value, value_list(dim.values, false));
      case AttributeType::kContains: {
        std::vector<std::string> any;
        const char* fn = dialect_ == Dialect::kSqlite ? "instr" : "strpos";
        for (const auto& v : dim.values) any.push_back(fmt::format("{}({}, {}) > 0", fn, value, bind(v)));
        return fmt::format("({})", fmt::join(any, " OR "));
      }
      case AttributeType::kBefore: return fmt::format("{} < {}", instant(value), instant_param(dim.values.at(0)));
      case AttributeType::kAfter: return fmt::format("{} > {}", instant(value), instant_param(dim.values.at(0)));
      case AttributeType::kBetween:
        return fmt::format("{} BETWEEN {} AND {}", instant(value), instant_param(dim.values.at(0)),
                           instant_param(dim.values.at(1)));
      case AttributeType::kOn: {
        const auto t = sdk::parse_iso8601(dim.values.at(0));
        if (!t) throw sdk::Error(dim.json_path, fmt::format("'{}' is not an ISO-8601 instant", dim.values.at(0)));
        const auto day = std::chrono::floor<std::chrono::days>(*t);
        const std::string from = sdk::format_iso8601(day);
        const std::string to = sdk::format_iso8601(day + std::chrono::days(1));
        const std::string v = instant(value);
        return fmt::format("{} >= {} AND {} < {}", v, instant_param(from), instant(value), instant_param(to));
      }
    }
    return std::string(kTrue);
  }

  /// Attributes / UserAttributes over the JSON documents of schema version 3 (store/migrations.cpp):
  /// endpoints.attributes and users.attributes, {"Name": ["v1", "v2"]}.
  std::string attribute(const std::string& name, const AttributeDimension& dim, bool user) {
    const bool exclusive = dim.type == AttributeType::kExclusive;
    const char* exists = exclusive ? "NOT EXISTS" : "EXISTS";
    const std::string doc = user ? "u.attributes" : "e.attributes";
    const std::string user_from = "users u WHERE u.project_id = e.project_id AND u.user_id = e.user_id";
    if (dialect_ == Dialect::kPostgresql) {
      if (dim.type == AttributeType::kInclusive || exclusive) {
        const std::string any = pg_contains_any(doc, name, dim.values);
        if (!user) return exclusive ? fmt::format("NOT {}", any) : any;
        return fmt::format("{} (SELECT 1 FROM {} AND {})", exists, user_from, any);
      }
      const std::string values = fmt::format("jsonb_array_elements_text({} -> CAST({} AS text)) v(value)", doc, bind(name));
      const std::string predicate = value_predicate(dim, "v.value");
      if (!user) return fmt::format("EXISTS (SELECT 1 FROM {} WHERE {})", values, predicate);
      return fmt::format("EXISTS (SELECT 1 FROM users u, {} WHERE u.project_id = e.project_id AND u.user_id = e.user_id"
                         " AND {})", values, predicate);
    }
    std::string key_filter;
    const std::string values = sqlite_values(doc, name, key_filter);
    const std::string predicate = value_predicate(dim, "v.value");
    if (!user) return fmt::format("{} (SELECT 1 FROM {} WHERE {}{})", exists, values, predicate, key_filter);
    return fmt::format("{} (SELECT 1 FROM users u, {} WHERE u.project_id = e.project_id AND u.user_id = e.user_id"
                       " AND {}{})", exists, values, predicate, key_filter);
  }

  /// Metrics over endpoints.metrics, {"Name": 1.5}: a missing metric is NULL and matches no comparison.
  std::string metric(const std::string& name, const MetricDimension& dim) {
    const char* op = "=";
    switch (dim.op) {
      case ComparisonOperator::kGreaterThan: op = ">"; break;
      case ComparisonOperator::kLessThan: op = "<"; break;
      case ComparisonOperator::kGreaterThanOrEqual: op = ">="; break;
      case ComparisonOperator::kLessThanOrEqual: op = "<="; break;
      case ComparisonOperator::kEqual: op = "="; break;
    }
    if (dialect_ == Dialect::kPostgresql)
      return fmt::format("CAST(e.metrics ->> CAST({} AS text) AS double precision) {} {}", bind(name), op, bind(dim.value));
    if (path_safe(name))
      return fmt::format("json_extract(e.metrics, {}) {} {}", bind("$.\"" + name + "\""), op, bind(dim.value));
    return fmt::format("EXISTS (SELECT 1 FROM json_each(e.metrics) k WHERE k.key = {} AND k.value {} {})", bind(name), op,
                       bind(dim.value));
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
