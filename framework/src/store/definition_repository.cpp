#include "store/definition_repository.hpp"

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "store/ids.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

std::string_view to_string(DefinitionKind kind) noexcept {
  switch (kind) {
    case DefinitionKind::kSegment: return "segment";
    case DefinitionKind::kCampaign: return "campaign";
    case DefinitionKind::kTemplate: return "template";
    case DefinitionKind::kJourney: return "journey";
  }
  return "segment";
}

namespace {
constexpr const char* kColumns = "id, name, version, body, created_ms";

/// Selects definitions with `where` (placeholders :p, :k then `extra` values in order).
std::vector<Definition> select(SessionLease& lease, const std::string& project_id, DefinitionKind kind,
                               const std::string& where, std::vector<std::string> extra, int version = -1) {
  std::vector<Definition> out;
  Definition row;
  row.project_id = project_id;
  row.kind = kind;
  long long created = 0;
  std::string project = project_id, kind_name(to_string(kind));
  soci::statement st(lease.session());
  st.exchange(soci::into(row.id));
  st.exchange(soci::into(row.name));
  st.exchange(soci::into(row.version));
  st.exchange(soci::into(row.body));
  st.exchange(soci::into(created));
  st.exchange(soci::use(project));
  st.exchange(soci::use(kind_name));
  for (auto& value : extra) st.exchange(soci::use(value));
  if (version >= 0) st.exchange(soci::use(version));
  st.alloc();
  st.prepare(fmt::format("SELECT {} FROM definitions d WHERE project_id = :p AND kind = :k AND {}", kColumns, where));
  st.define_and_bind();
  if (st.execute(true)) {
    do {
      row.created = from_ms(created);
      out.push_back(row);
    } while (st.fetch());
  }
  return out;
}

constexpr const char* kIsLatest =
    "version = (SELECT MAX(version) FROM definitions m WHERE m.project_id = d.project_id AND m.kind = d.kind"
    " AND m.id = d.id)";

std::optional<Definition> first(std::vector<Definition> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}
}  // namespace

DefinitionRepository::DefinitionRepository(Database& database) : database_(database) {}

std::string DefinitionRepository::canonical_json(const nlohmann::json& body) { return body.dump(); }

DefinitionUpsert DefinitionRepository::upsert(const std::string& project_id, DefinitionKind kind,
                                              const std::string& name, const nlohmann::json& body, sdk::Instant now,
                                              const std::string& id) {
  if (name.empty())
    throw sdk::Error(fmt::format("{} definition", to_string(kind)), "Name is required",
                     "Every definition file needs a Name; it is the key definitions are upserted by");
  return with_store_errors(database_, "DefinitionRepository::upsert", [&] {
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    std::string key = id;
    if (key.empty()) {
      auto by_name = first(select(lease, project_id, kind, fmt::format("name = :n AND {}", kIsLatest), {name}));
      key = by_name ? by_name->id : derived_id({project_id, to_string(kind), name});
    }
    auto current = first(select(lease, project_id, kind, fmt::format("id = :i AND {}", kIsLatest), {key}));
    const std::string canonical = canonical_json(body);
    DefinitionUpsert result;
    if (current && current->body == canonical && current->name == name) {
      result.definition = std::move(*current);
      return result;
    }
    Definition& d = result.definition;
    d.project_id = project_id, d.kind = kind, d.id = key, d.name = name;
    d.version = current ? current->version + 1 : 1;
    d.body = canonical;
    d.created = now;
    std::string kind_name(to_string(kind));
    long long created = to_ms(now);
    lease.session() << "INSERT INTO definitions (project_id, kind, id, name, version, body, created_ms)"
                       " VALUES (:p, :k, :i, :n, :v, :b, :c)",
        soci::use(d.project_id), soci::use(kind_name), soci::use(d.id), soci::use(d.name), soci::use(d.version),
        soci::use(d.body), soci::use(created);
    tx.commit();
    result.changed = true;
    return result;
  });
}

std::optional<Definition> DefinitionRepository::latest(const std::string& project_id, DefinitionKind kind,
                                                       const std::string& id) {
  return with_store_errors(database_, "DefinitionRepository::latest", [&] {
    SessionLease lease = database_.lease();
    return first(select(lease, project_id, kind, fmt::format("id = :i AND {}", kIsLatest), {id}));
  });
}

std::optional<Definition> DefinitionRepository::version(const std::string& project_id, DefinitionKind kind,
                                                        const std::string& id, int version) {
  return with_store_errors(database_, "DefinitionRepository::version", [&] {
    SessionLease lease = database_.lease();
    return first(select(lease, project_id, kind, "id = :i AND version = :v", {id}, version));
  });
}

std::optional<Definition> DefinitionRepository::latest_by_name(const std::string& project_id, DefinitionKind kind,
                                                               const std::string& name) {
  return with_store_errors(database_, "DefinitionRepository::latest_by_name", [&] {
    SessionLease lease = database_.lease();
    return first(select(lease, project_id, kind, fmt::format("name = :n AND {} ORDER BY id", kIsLatest), {name}));
  });
}

std::vector<Definition> DefinitionRepository::list_latest(const std::string& project_id, DefinitionKind kind) {
  return with_store_errors(database_, "DefinitionRepository::list_latest", [&] {
    SessionLease lease = database_.lease();
    return select(lease, project_id, kind, fmt::format("{} ORDER BY name, id", kIsLatest), {});
  });
}

}  // namespace herald::store
