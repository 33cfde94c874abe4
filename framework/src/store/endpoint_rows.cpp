#include "store/endpoint_rows.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "store/ids.hpp"
#include "store/pg_arrays.hpp"

namespace herald::store::detail {

namespace {
constexpr const char* kEndpointSelect =
    "SELECT id, channel_type, address, endpoint_status, opt_out, user_id, effective_date, creation_date,"
    " request_id, cohort_id, demo_app_version, demo_locale, demo_make, demo_model, demo_model_version,"
    " demo_platform, demo_platform_version, demo_timezone, loc_city, loc_country, loc_postal_code, loc_region,"
    " loc_latitude, loc_longitude FROM endpoints";

/// Holds the targets of one endpoint row and converts them into an sdk::Endpoint.
struct EndpointRowTarget {
  std::string id, channel_type, address, status, opt_out, user_id, request_id;
  long long effective = 0, creation = 0;
  int cohort = 0;
  std::array<std::string, 8> demo;
  std::array<std::string, 4> loc;
  double latitude = 0, longitude = 0;
  soci::indicator user_ind = soci::i_ok, effective_ind = soci::i_ok, lat_ind = soci::i_ok, lon_ind = soci::i_ok;

  void bind(soci::statement& st) {
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
  }

  sdk::Endpoint to_endpoint() const {
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
    return e;
  }
};

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

std::string in_placeholders(std::size_t n) {
  std::string sql = "(";
  for (std::size_t i = 0; i < n; ++i) sql += fmt::format("{}:k{}", i == 0 ? "" : ", ", i);
  return sql + ")";
}

std::map<std::string, sdk::Endpoint> load_endpoint_rows(soci::session& session, const std::string& project_id,
                                                        std::span<const std::string> ids) {
  std::map<std::string, sdk::Endpoint> out;
  EndpointRowTarget row;
  const std::string sql = fmt::format("{} WHERE project_id = :p AND id IN {}", kEndpointSelect,
                                      in_placeholders(kInChunk));
  for_each_in_chunk(session, sql, project_id, unique_keys(ids), [&](soci::statement& st) { row.bind(st); },
                    [&] { out.emplace(row.id, row.to_endpoint()); });
  return out;
}

std::vector<sdk::Endpoint> load_endpoint_rows_where(soci::session& session, const std::string& project_id,
                                                    const std::string& where, const std::string& value) {
  std::vector<sdk::Endpoint> out;
  EndpointRowTarget row;
  std::string project = project_id, bound = value;
  soci::statement st(session);
  row.bind(st);
  st.exchange(soci::use(project));
  st.exchange(soci::use(bound));
  st.alloc();
  st.prepare(fmt::format("{} WHERE project_id = :p AND {} ORDER BY id", kEndpointSelect, where));
  st.define_and_bind();
  if (st.execute(true)) {
    do out.push_back(row.to_endpoint());
    while (st.fetch());
  }
  return out;
}

std::map<std::string, sdk::AttributeMap> load_attributes(soci::session& session, const std::string& table,
                                                         const std::string& owner_column,
                                                         const std::string& project_id,
                                                         std::span<const std::string> owners) {
  std::map<std::string, sdk::AttributeMap> out;
  std::string owner, name, value;
  const std::string sql =
      fmt::format("SELECT {0}, name, value FROM {1} WHERE project_id = :p AND {0} IN {2} ORDER BY {0}, name, ord",
                  owner_column, table, in_placeholders(kInChunk));
  for_each_in_chunk(
      session, sql, project_id, unique_keys(owners),
      [&](soci::statement& st) {
        st.exchange(soci::into(owner));
        st.exchange(soci::into(name));
        st.exchange(soci::into(value));
      },
      [&] { out[owner][name].push_back(value); });
  return out;
}

std::map<std::string, sdk::MetricMap> load_metrics(soci::session& session, const std::string& project_id,
                                                   std::span<const std::string> ids) {
  std::map<std::string, sdk::MetricMap> out;
  std::string owner, name;
  double value = 0;
  const std::string sql = fmt::format(
      "SELECT endpoint_id, name, value FROM endpoint_metrics WHERE project_id = :p AND endpoint_id IN {}",
      in_placeholders(kInChunk));
  for_each_in_chunk(
      session, sql, project_id, unique_keys(ids),
      [&](soci::statement& st) {
        st.exchange(soci::into(owner));
        st.exchange(soci::into(name));
        st.exchange(soci::into(value));
      },
      [&] { out[owner][name] = value; });
  return out;
}

void complete_endpoints(soci::session& session, const std::string& project_id,
                        std::vector<sdk::Endpoint>& endpoints) {
  if (endpoints.empty()) return;
  std::vector<std::string> ids, users;
  ids.reserve(endpoints.size());
  for (const auto& e : endpoints) {
    ids.push_back(e.id);
    if (!e.user.user_id.empty()) users.push_back(e.user.user_id);
  }
  auto attributes = load_attributes(session, "endpoint_attributes", "endpoint_id", project_id, ids);
  auto metrics = load_metrics(session, project_id, ids);
  auto user_attributes = load_attributes(session, "user_attributes", "user_id", project_id, users);
  for (auto& e : endpoints) {
    if (auto it = attributes.find(e.id); it != attributes.end()) e.attributes = it->second;
    if (auto it = metrics.find(e.id); it != metrics.end()) e.metrics = it->second;
    if (auto it = user_attributes.find(e.user.user_id); it != user_attributes.end())
      e.user.user_attributes = it->second;
  }
}

void write_endpoint_rows(soci::session& session, Dialect dialect, const std::string& project_id,
                         std::span<const sdk::Endpoint* const> endpoints) {
  if (endpoints.empty()) return;
  const std::size_t n = endpoints.size();
  std::vector<std::string> project(n, project_id), id(n), channel(n), address(n), status(n), opt_out(n),
      user(n), request(n);
  std::vector<soci::indicator> user_ind(n), effective_ind(n), lat_ind(n), lon_ind(n);
  std::vector<long long> effective(n), creation(n);
  std::vector<int> cohort(n);
  std::array<std::vector<std::string>, 12> text;
  for (auto& t : text) t.resize(n);
  std::vector<double> lat(n), lon(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sdk::Endpoint& e = *endpoints[i];
    id[i] = e.id;
    channel[i] = e.channel_type ? std::string(sdk::to_string(*e.channel_type)) : std::string();
    address[i] = e.address;
    status[i] = sdk::to_string(e.endpoint_status);
    opt_out[i] = sdk::to_string(e.opt_out);
    user[i] = e.user.user_id;
    user_ind[i] = e.user.user_id.empty() ? soci::i_null : soci::i_ok;
    effective[i] = e.effective_date ? to_ms(*e.effective_date) : 0;
    effective_ind[i] = e.effective_date ? soci::i_ok : soci::i_null;
    creation[i] = e.creation_date ? to_ms(*e.creation_date) : 0;
    request[i] = e.request_id;
    cohort[i] = e.cohort_id;
    const auto& d = e.demographic;
    const auto& l = e.location;
    const std::string* fields[12] = {&d.app_version, &d.locale,   &d.make,    &d.model,
                                     &d.model_version, &d.platform, &d.platform_version, &d.timezone,
                                     &l.city,        &l.country,  &l.postal_code, &l.region};
    for (std::size_t f = 0; f < 12; ++f) text[f][i] = *fields[f];
    lat[i] = l.latitude.value_or(0);
    lat_ind[i] = l.latitude ? soci::i_ok : soci::i_null;
    lon[i] = l.longitude.value_or(0);
    lon_ind[i] = l.longitude ? soci::i_ok : soci::i_null;
  }
  static const std::string kUpdated =
      "channel_type, address, endpoint_status, opt_out, user_id, effective_date, creation_date, request_id,"
      " cohort_id, demo_app_version, demo_locale, demo_make, demo_model, demo_model_version, demo_platform,"
      " demo_platform_version, demo_timezone, loc_city, loc_country, loc_postal_code, loc_region, loc_latitude,"
      " loc_longitude";
  const std::string sql = fmt::format(
      "INSERT INTO endpoints (project_id, id, {}) VALUES (:p, :id, :ct, :addr, :st, :oo, :uid, :eff, :cre, :req,"
      " :coh, :d0, :d1, :d2, :d3, :d4, :d5, :d6, :d7, :l0, :l1, :l2, :l3, :lat, :lon) {}",
      kUpdated, upsert_clause(dialect, "project_id, id", kUpdated));
  if (dialect == Dialect::kPostgresql) {
    // One round trip: every column as one array parameter.
    std::vector<std::string> arrays{pg_text_array(id),      pg_text_array(channel), pg_text_array(address),
                                    pg_text_array(status),  pg_text_array(opt_out), pg_text_array(user, &user_ind),
                                    pg_int_array(effective, &effective_ind), pg_int_array(creation),
                                    pg_text_array(request), pg_int_array(cohort)};
    for (const auto& t : text) arrays.push_back(pg_text_array(t));
    arrays.push_back(pg_double_array(lat, &lat_ind));
    arrays.push_back(pg_double_array(lon, &lon_ind));
    static const char* kTypes[] = {"text", "text", "text", "text", "text", "text", "bigint", "bigint", "text", "int",
                                   "text", "text", "text", "text", "text", "text", "text", "text", "text", "text",
                                   "text", "text", "float8", "float8"};
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
  soci::statement st = (session.prepare << sql, soci::use(project), soci::use(id), soci::use(channel),
                        soci::use(address), soci::use(status), soci::use(opt_out), soci::use(user, user_ind),
                        soci::use(effective, effective_ind), soci::use(creation), soci::use(request),
                        soci::use(cohort), soci::use(text[0]), soci::use(text[1]), soci::use(text[2]),
                        soci::use(text[3]), soci::use(text[4]), soci::use(text[5]), soci::use(text[6]),
                        soci::use(text[7]), soci::use(text[8]), soci::use(text[9]), soci::use(text[10]),
                        soci::use(text[11]), soci::use(lat, lat_ind), soci::use(lon, lon_ind));
  st.execute(true);
}

void KeyValueRows::add(const std::string& owner, const std::string& name,
                       const std::vector<std::string>& name_values) {
  for (std::size_t i = 0; i < name_values.size(); ++i) {
    owners.push_back(owner);
    names.push_back(name);
    ords.push_back(static_cast<int>(i));
    values.push_back(name_values[i]);
  }
}

void replace_key_values(soci::session& session, Dialect dialect, const std::string& table,
                        const std::string& owner_column, const std::string& project_id, const KeyNames& deleted,
                        const KeyValueRows& rows) {
  if (dialect == Dialect::kPostgresql) {
    if (!deleted.empty()) {
      std::string owners = pg_text_array(deleted.owners), names = pg_text_array(deleted.names);
      session << fmt::format("DELETE FROM {0} WHERE project_id = :p AND ({1}, name) IN"
                             " (SELECT * FROM unnest(CAST(:o AS text[]), CAST(:n AS text[])))", table, owner_column),
          soci::use(project_id), soci::use(owners), soci::use(names);
    }
    if (!rows.empty()) {
      std::string owners = pg_text_array(rows.owners), names = pg_text_array(rows.names),
                  ords = pg_int_array(rows.ords), values = pg_text_array(rows.values);
      session << fmt::format("INSERT INTO {} (project_id, {}, name, ord, value) SELECT CAST(:p AS text), * FROM"
                             " unnest(CAST(:o AS text[]), CAST(:n AS text[]), CAST(:i AS int[]), CAST(:v AS text[]))",
                             table, owner_column),
          soci::use(project_id), soci::use(owners), soci::use(names), soci::use(ords), soci::use(values);
    }
    return;
  }
  if (!deleted.empty()) {
    std::vector<std::string> project(deleted.owners.size(), project_id);
    session << fmt::format("DELETE FROM {} WHERE project_id = :p AND {} = :o AND name = :n", table, owner_column),
        soci::use(project), soci::use(deleted.owners), soci::use(deleted.names);
  }
  if (!rows.empty()) {
    std::vector<std::string> project(rows.owners.size(), project_id);
    session << fmt::format("INSERT INTO {} (project_id, {}, name, ord, value) VALUES (:p, :o, :n, :i, :v)", table,
                           owner_column),
        soci::use(project), soci::use(rows.owners), soci::use(rows.names), soci::use(rows.ords), soci::use(rows.values);
  }
}

void replace_metrics(soci::session& session, Dialect dialect, const std::string& project_id,
                     const KeyNames& deleted, const std::vector<std::string>& endpoint_ids,
                     const std::vector<std::string>& names, const std::vector<double>& values) {
  if (dialect == Dialect::kPostgresql) {
    if (!deleted.empty()) {
      std::string owners = pg_text_array(deleted.owners), keys = pg_text_array(deleted.names);
      session << "DELETE FROM endpoint_metrics WHERE project_id = :p AND (endpoint_id, name) IN"
                 " (SELECT * FROM unnest(CAST(:o AS text[]), CAST(:n AS text[])))",
          soci::use(project_id), soci::use(owners), soci::use(keys);
    }
    if (!endpoint_ids.empty()) {
      std::string ids = pg_text_array(endpoint_ids), keys = pg_text_array(names), vals = pg_double_array(values);
      session << "INSERT INTO endpoint_metrics (project_id, endpoint_id, name, value) SELECT CAST(:p AS text), * FROM"
                 " unnest(CAST(:o AS text[]), CAST(:n AS text[]), CAST(:v AS float8[]))",
          soci::use(project_id), soci::use(ids), soci::use(keys), soci::use(vals);
    }
    return;
  }
  if (!deleted.empty()) {
    std::vector<std::string> project(deleted.owners.size(), project_id);
    session << "DELETE FROM endpoint_metrics WHERE project_id = :p AND endpoint_id = :o AND name = :n",
        soci::use(project), soci::use(deleted.owners), soci::use(deleted.names);
  }
  if (!endpoint_ids.empty()) {
    std::vector<std::string> project(endpoint_ids.size(), project_id);
    session << "INSERT INTO endpoint_metrics (project_id, endpoint_id, name, value) VALUES (:p, :o, :n, :v)",
        soci::use(project), soci::use(endpoint_ids), soci::use(names), soci::use(values);
  }
}

}  // namespace herald::store::detail
