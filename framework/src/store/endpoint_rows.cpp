#include "store/endpoint_rows.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "store/endpoint_json.hpp"
#include "store/ids.hpp"
#include "store/pg_arrays.hpp"

namespace herald::store::detail {

namespace {
constexpr const char* kEndpointColumns =
    "SELECT e.id, e.channel_type, e.address, e.endpoint_status, e.opt_out, e.user_id, e.effective_date,"
    " e.creation_date, e.request_id, e.cohort_id, e.demo_app_version, e.demo_locale, e.demo_make, e.demo_model,"
    " e.demo_model_version, e.demo_platform, e.demo_platform_version, e.demo_timezone, e.loc_city, e.loc_country,"
    " e.loc_postal_code, e.loc_region, e.loc_latitude, e.loc_longitude, CAST(e.attributes AS TEXT),"
    " CAST(e.metrics AS TEXT)";
/// The user's attributes document, read in the same query (NULL without a user or user row).
constexpr const char* kUserAttributesColumn =
    ", (SELECT CAST(u.attributes AS TEXT) FROM users u WHERE u.project_id = e.project_id AND u.user_id = e.user_id)";

std::string endpoint_select(bool with_user_attributes) {
  return fmt::format("{}{} FROM endpoints e", kEndpointColumns, with_user_attributes ? kUserAttributesColumn : "");
}

std::vector<std::string> unique_keys(std::span<const std::string> keys) {
  std::vector<std::string> out(keys.begin(), keys.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// Runs `sql` (with :p then an IN list of kInChunk placeholders) once per chunk of `keys`;
/// `bind` registers the into targets, `on_row` is called per fetched row.
template <typename Bind, typename OnRow>
void for_each_in_chunk(soci::session& session, const std::string& sql, const std::string& project_id,
                       const std::vector<std::string>& keys, Bind&& bind, OnRow&& on_row) {
  if (keys.empty()) return;
  std::string project = project_id;
  std::vector<std::string> slots(kInChunk);
  soci::statement st(session);
  bind(st);
  st.exchange(soci::use(project));
  for (auto& slot : slots) st.exchange(soci::use(slot));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  for (std::size_t start = 0; start < keys.size(); start += kInChunk) {
    std::size_t n = std::min(kInChunk, keys.size() - start);
    for (std::size_t i = 0; i < kInChunk; ++i) slots[i] = keys[start + std::min(i, n - 1)];
    if (st.execute(true)) {
      do on_row();
      while (st.fetch());
    }
  }
}

}  // namespace

std::string endpoint_columns(bool with_user_attributes) {
  // kEndpointColumns without its "SELECT ", then the subquery (which brings its own ", ").
  return std::string(kEndpointColumns).substr(std::string_view("SELECT ").size()) +
         (with_user_attributes ? kUserAttributesColumn : "");
}

void EndpointRow::bind(soci::statement& st, bool with_user_attributes) {
  st.exchange(soci::into(id));
  st.exchange(soci::into(channel_type));
  st.exchange(soci::into(address));
  st.exchange(soci::into(status));
  st.exchange(soci::into(opt_out));
  st.exchange(soci::into(user_id, user_ind));
  st.exchange(soci::into(effective, effective_ind));
  st.exchange(soci::into(creation));
  st.exchange(soci::into(request_id));
  st.exchange(soci::into(cohort));
  for (auto& d : demo) st.exchange(soci::into(d));
  for (auto& l : loc) st.exchange(soci::into(l));
  st.exchange(soci::into(latitude, lat_ind));
  st.exchange(soci::into(longitude, lon_ind));
  st.exchange(soci::into(attributes));
  st.exchange(soci::into(metrics));
  if (with_user_attributes) st.exchange(soci::into(user_attributes, user_attributes_ind));
}

sdk::Endpoint EndpointRow::to_endpoint() const {
  sdk::Endpoint e;
  e.id = id;
  e.channel_type = sdk::parse_channel_type(channel_type);
  e.address = address;
  e.endpoint_status = sdk::parse_endpoint_status(status).value_or(sdk::EndpointStatus::kActive);
  e.opt_out = sdk::parse_opt_out(opt_out).value_or(sdk::OptOut::kNone);
  if (user_ind == soci::i_ok) e.user.user_id = user_id;
  if (effective_ind == soci::i_ok) e.effective_date = from_ms(effective);
  e.creation_date = from_ms(creation);
  e.request_id = request_id;
  e.cohort_id = cohort;
  auto& dm = e.demographic;
  dm.app_version = demo[0], dm.locale = demo[1], dm.make = demo[2], dm.model = demo[3];
  dm.model_version = demo[4], dm.platform = demo[5], dm.platform_version = demo[6], dm.timezone = demo[7];
  auto& lc = e.location;
  lc.city = loc[0], lc.country = loc[1], lc.postal_code = loc[2], lc.region = loc[3];
  if (lat_ind == soci::i_ok) lc.latitude = latitude;
  if (lon_ind == soci::i_ok) lc.longitude = longitude;
  e.attributes = parse_attributes_json(attributes);
  e.metrics = parse_metrics_json(metrics);
  if (user_attributes_ind == soci::i_ok) e.user.user_attributes = parse_attributes_json(user_attributes);
  return e;
}

std::string in_placeholders(std::size_t n) {
  std::string sql = "(";
  for (std::size_t i = 0; i < n; ++i) sql += fmt::format("{}:k{}", i == 0 ? "" : ", ", i);
  return sql + ")";
}

std::map<std::string, sdk::Endpoint> load_endpoint_rows(soci::session& session, const std::string& project_id,
                                                        std::span<const std::string> ids,
                                                        bool with_user_attributes) {
  std::map<std::string, sdk::Endpoint> out;
  EndpointRow row;
  const std::string sql = fmt::format("{} WHERE e.project_id = :p AND e.id IN {}", endpoint_select(with_user_attributes),
                                      in_placeholders(kInChunk));
  for_each_in_chunk(
      session, sql, project_id, unique_keys(ids), [&](soci::statement& st) { row.bind(st, with_user_attributes); },
      [&] {
        out.emplace(row.id, row.to_endpoint());
        row.user_attributes_ind = soci::i_null;
      });
  return out;
}

std::vector<sdk::Endpoint> load_endpoint_rows_where(soci::session& session, const std::string& project_id,
                                                    const std::string& where, const std::string& value) {
  std::vector<sdk::Endpoint> out;
  EndpointRow row;
  std::string project = project_id, bound = value;
  soci::statement st(session);
  row.bind(st, true);
  st.exchange(soci::use(project));
  st.exchange(soci::use(bound));
  st.alloc();
  st.prepare(fmt::format("{} WHERE e.project_id = :p AND {} ORDER BY e.id", endpoint_select(true), where));
  st.define_and_bind();
  if (st.execute(true)) {
    do out.push_back(row.to_endpoint());
    while (st.fetch());
  }
  return out;
}

std::map<std::string, sdk::AttributeMap> load_users(soci::session& session, const std::string& project_id,
                                                    std::span<const std::string> users) {
  std::map<std::string, sdk::AttributeMap> out;
  std::string user, attributes;
  const std::string sql = fmt::format(
      "SELECT user_id, CAST(attributes AS TEXT) FROM users WHERE project_id = :p AND user_id IN {}",
      in_placeholders(kInChunk));
  for_each_in_chunk(
      session, sql, project_id, unique_keys(users),
      [&](soci::statement& st) {
        st.exchange(soci::into(user));
        st.exchange(soci::into(attributes));
      },
      [&] { out.emplace(user, parse_attributes_json(attributes)); });
  return out;
}

void write_endpoint_rows(soci::session& session, Dialect dialect, const std::string& project_id,
                         std::span<sdk::Endpoint* const> endpoints) {
  if (endpoints.empty()) return;
  const std::size_t n = endpoints.size();
  std::vector<std::string> id(n), channel(n), address(n), status(n), opt_out(n), user(n), request(n), attributes(n),
      metrics(n);
  std::vector<soci::indicator> user_ind(n), effective_ind(n), lat_ind(n), lon_ind(n);
  std::vector<long long> effective(n), creation(n);
  std::vector<int> cohort(n);
  std::array<std::vector<std::string>, 12> text;
  for (auto& t : text) t.resize(n);
  std::vector<double> lat(n), lon(n);
  for (std::size_t i = 0; i < n; ++i) {
    sdk::Endpoint& e = *endpoints[i];
    append_attributes_json(attributes[i], e.attributes);
    append_metrics_json(metrics[i], e.metrics);
    id[i] = std::move(e.id);
    channel[i] = e.channel_type ? std::string(sdk::to_string(*e.channel_type)) : std::string();
    address[i] = std::move(e.address);
    status[i] = sdk::to_string(e.endpoint_status);
    opt_out[i] = sdk::to_string(e.opt_out);
    user_ind[i] = e.user.user_id.empty() ? soci::i_null : soci::i_ok;
    user[i] = std::move(e.user.user_id);
    effective[i] = e.effective_date ? to_ms(*e.effective_date) : 0;
    effective_ind[i] = e.effective_date ? soci::i_ok : soci::i_null;
    creation[i] = e.creation_date ? to_ms(*e.creation_date) : 0;
    request[i] = std::move(e.request_id);
    cohort[i] = e.cohort_id;
    auto& d = e.demographic;
    auto& l = e.location;
    std::string* fields[12] = {&d.app_version, &d.locale,   &d.make,    &d.model,
                               &d.model_version, &d.platform, &d.platform_version, &d.timezone,
                               &l.city,        &l.country,  &l.postal_code, &l.region};
    for (std::size_t f = 0; f < 12; ++f) text[f][i] = std::move(*fields[f]);
    lat[i] = l.latitude.value_or(0);
    lat_ind[i] = l.latitude ? soci::i_ok : soci::i_null;
    lon[i] = l.longitude.value_or(0);
    lon_ind[i] = l.longitude ? soci::i_ok : soci::i_null;
  }
  static const std::string kUpdated =
      "channel_type, address, endpoint_status, opt_out, user_id, effective_date, creation_date, request_id,"
      " cohort_id, demo_app_version, demo_locale, demo_make, demo_model, demo_model_version, demo_platform,"
      " demo_platform_version, demo_timezone, loc_city, loc_country, loc_postal_code, loc_region, loc_latitude,"
      " loc_longitude, attributes, metrics";
  if (dialect == Dialect::kPostgresql) {
    // One round trip: every column as one array parameter.
    std::vector<std::string> arrays{pg_text_array(id),      pg_text_array(channel), pg_text_array(address),
                                    pg_text_array(status),  pg_text_array(opt_out), pg_text_array(user, &user_ind),
                                    pg_int_array(effective, &effective_ind), pg_int_array(creation),
                                    pg_text_array(request), pg_int_array(cohort)};
    for (const auto& t : text) arrays.push_back(pg_text_array(t));
    arrays.push_back(pg_double_array(lat, &lat_ind));
    arrays.push_back(pg_double_array(lon, &lon_ind));
    arrays.push_back(pg_text_array(attributes));
    arrays.push_back(pg_text_array(metrics));
    static const char* kTypes[] = {"text", "text", "text", "text", "text", "text", "bigint", "bigint", "text", "int",
                                   "text", "text", "text", "text", "text", "text", "text", "text", "text", "text",
                                   "text", "text", "float8", "float8", "jsonb", "jsonb"};
    static_assert(std::size(kTypes) == 26);
    std::string columns;
    for (std::size_t i = 0; i < arrays.size(); ++i)
      columns += fmt::format("{}CAST(:a{} AS {}[])", i == 0 ? "" : ", ", i, kTypes[i]);
    soci::statement st(session);
    st.exchange(soci::use(project_id));
    for (auto& a : arrays) st.exchange(soci::use(a));
    st.alloc();
    st.prepare(fmt::format("INSERT INTO endpoints (project_id, id, {}) SELECT CAST(:p AS text), * FROM unnest({}) {}",
                           kUpdated, columns, upsert_clause(dialect, "project_id, id", kUpdated)));
    st.define_and_bind();
    st.execute(true);
    return;
  }
  std::vector<std::string> project(n, project_id);
  const std::string sql = fmt::format(
      "INSERT INTO endpoints (project_id, id, {}) VALUES (:p, :id, :ct, :addr, :st, :oo, :uid, :eff, :cre, :req,"
      " :coh, :d0, :d1, :d2, :d3, :d4, :d5, :d6, :d7, :l0, :l1, :l2, :l3, :lat, :lon, :attr, :met) {}",
      kUpdated, upsert_clause(dialect, "project_id, id", kUpdated));
  soci::statement st = (session.prepare << sql, soci::use(project), soci::use(id), soci::use(channel),
                        soci::use(address), soci::use(status), soci::use(opt_out), soci::use(user, user_ind),
                        soci::use(effective, effective_ind), soci::use(creation), soci::use(request),
                        soci::use(cohort), soci::use(text[0]), soci::use(text[1]), soci::use(text[2]),
                        soci::use(text[3]), soci::use(text[4]), soci::use(text[5]), soci::use(text[6]),
                        soci::use(text[7]), soci::use(text[8]), soci::use(text[9]), soci::use(text[10]),
                        soci::use(text[11]), soci::use(lat, lat_ind), soci::use(lon, lon_ind),
                        soci::use(attributes), soci::use(metrics));
  st.execute(true);
}

void write_users(soci::session& session, Dialect dialect, const std::string& project_id,
                 const std::vector<std::string>& users, const std::vector<std::string>& attributes) {
  if (users.empty()) return;
  const std::string upsert = upsert_clause(dialect, "project_id, user_id", "attributes");
  if (dialect == Dialect::kPostgresql) {
    std::string ids = pg_text_array(users), docs = pg_text_array(attributes);
    session << fmt::format("INSERT INTO users (project_id, user_id, attributes) SELECT CAST(:p AS text), * FROM"
                           " unnest(CAST(:u AS text[]), CAST(:a AS jsonb[])) {}", upsert),
        soci::use(project_id), soci::use(ids), soci::use(docs);
    return;
  }
  std::vector<std::string> project(users.size(), project_id);
  session << fmt::format("INSERT INTO users (project_id, user_id, attributes) VALUES (:p, :u, :a) {}", upsert),
      soci::use(project), soci::use(users), soci::use(attributes);
}

}  // namespace herald::store::detail
