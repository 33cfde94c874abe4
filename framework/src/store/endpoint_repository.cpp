#include "store/endpoint_repository.hpp"

#include <algorithm>
#include <set>

#include "store/endpoint_rows.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

EndpointRepository::EndpointRepository(Database& database, EndpointRepositoryOptions options)
    : database_(database), options_(options) {}

std::optional<sdk::Endpoint> EndpointRepository::get(const std::string& project_id, const std::string& endpoint_id) {
  auto found = get_many(project_id, std::span<const std::string>(&endpoint_id, 1));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<sdk::Endpoint> EndpointRepository::get_many(const std::string& project_id,
                                                        std::span<const std::string> ids) {
  return with_store_errors(database_, "EndpointRepository::get_many", [&] {
    SessionLease lease = database_.lease();
    // One IN query per 100 ids: attributes, metrics and the user's attributes come with each row.
    auto rows = detail::load_endpoint_rows(lease.session(), project_id, ids);
    std::vector<sdk::Endpoint> out;
    out.reserve(rows.size());
    std::set<std::string> seen;
    for (const auto& id : ids) {
      auto it = rows.find(id);
      if (it == rows.end() || !seen.insert(id).second) continue;
      out.push_back(std::move(it->second));
    }
    return out;
  });
}

std::vector<sdk::Endpoint> EndpointRepository::get_user_endpoints(const std::string& project_id,
                                                                  const std::string& user_id) {
  return with_store_errors(database_, "EndpointRepository::get_user_endpoints", [&] {
    SessionLease lease = database_.lease();
    return detail::load_endpoint_rows_where(lease.session(), project_id, "e.user_id = :v", user_id);
  });
}

std::optional<sdk::User> EndpointRepository::get_user(const std::string& project_id, const std::string& user_id) {
  return with_store_errors(database_, "EndpointRepository::get_user", [&]() -> std::optional<sdk::User> {
    SessionLease lease = database_.lease();
    auto users = detail::load_users(lease.session(), project_id, std::span<const std::string>(&user_id, 1));
    auto it = users.find(user_id);
    if (it == users.end()) return std::nullopt;
    sdk::User user;
    user.user_id = user_id;
    user.user_attributes = std::move(it->second);
    return user;
  });
}

bool EndpointRepository::delete_endpoint(const std::string& project_id, const std::string& endpoint_id) {
  return with_store_errors(database_, "EndpointRepository::delete_endpoint", [&] {
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    soci::session& s = lease.session();
    soci::statement st = (s.prepare << "DELETE FROM endpoints WHERE project_id = :p AND id = :e",
                          soci::use(project_id), soci::use(endpoint_id));
    st.execute(true);
    bool deleted = st.get_affected_rows() > 0;
    tx.commit();
    return deleted;
  });
}

std::size_t EndpointRepository::delete_user(const std::string& project_id, const std::string& user_id) {
  return with_store_errors(database_, "EndpointRepository::delete_user", [&] {
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    soci::session& s = lease.session();
    soci::statement st = (s.prepare << "DELETE FROM endpoints WHERE project_id = :p AND user_id = :u",
                          soci::use(project_id), soci::use(user_id));
    st.execute(true);
    auto deleted = static_cast<std::size_t>(st.get_affected_rows());
    s << "DELETE FROM users WHERE project_id = :p AND user_id = :u", soci::use(project_id), soci::use(user_id);
    tx.commit();
    return deleted;
  });
}

std::size_t EndpointRepository::count(const std::string& project_id) {
  return with_store_errors(database_, "EndpointRepository::count", [&] {
    SessionLease lease = database_.lease();
    long long n = 0;
    lease.session() << "SELECT COUNT(*) FROM endpoints WHERE project_id = :p", soci::use(project_id), soci::into(n);
    return static_cast<std::size_t>(n);
  });
}

}  // namespace herald::store
