// EndpointRepository::upsert_batch: Pinpoint's UpdateEndpoint/UpdateEndpointsBatch/import semantics
// (source: Pinpoint API reference, "Endpoint" and "User" resources; quotas from the Pinpoint developer guide).
#include <map>
#include <set>

#include <fmt/format.h>

#include "herald/sdk/endpoint_rules.hpp"

#include "store/endpoint_repository.hpp"
#include "store/endpoint_rows.hpp"
#include "store/ids.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

namespace {

/// The final state of one endpoint id after the batch items seen so far.
struct Pending {
  sdk::Endpoint row;        ///< every column; attributes/metrics/user attributes are NOT kept here
  bool existed = false;     ///< present in the database before the batch
  sdk::AttributeMap attributes;  ///< names the batch replaced -> final values
  sdk::MetricMap metrics;        ///< names the batch set -> final value
};

/// Checks names and values of an attribute map against Pinpoint's quotas (characters, not bytes: the
/// SDK's rules, the same the sources apply); returns an error or "".
std::string check_attributes(std::string_view field, const sdk::AttributeMap& attributes) {
  for (const auto& [name, values] : attributes) {
    if (name.empty()) return fmt::format("{}: an attribute name is empty", field);
    if (const auto problem = sdk::check_attribute_name(name)) return fmt::format("{}.{}: {}", field, name, *problem);
    for (const auto& value : values)
      if (const auto problem = sdk::check_attribute_value(value)) return fmt::format("{}.{}: {}", field, name, *problem);
  }
  return {};
}

void set_if(std::string& target, const std::string& value) {
  if (!value.empty()) target = value;
}

/// Applies the fields an item gives onto the stored row (see upsert_batch's contract).
void merge_fields(sdk::Endpoint& row, const sdk::Endpoint& item) {
  if (item.channel_type) row.channel_type = item.channel_type;
  set_if(row.address, item.address);
  auto& d = row.demographic;
  const auto& nd = item.demographic;
  set_if(d.app_version, nd.app_version), set_if(d.locale, nd.locale), set_if(d.make, nd.make);
  set_if(d.model, nd.model), set_if(d.model_version, nd.model_version), set_if(d.platform, nd.platform);
  set_if(d.platform_version, nd.platform_version), set_if(d.timezone, nd.timezone);
  auto& l = row.location;
  const auto& nl = item.location;
  set_if(l.city, nl.city), set_if(l.country, nl.country), set_if(l.postal_code, nl.postal_code);
  set_if(l.region, nl.region);
  if (nl.latitude) l.latitude = nl.latitude;
  if (nl.longitude) l.longitude = nl.longitude;
  if (item.effective_date) row.effective_date = item.effective_date;
  set_if(row.request_id, item.request_id);
  set_if(row.user.user_id, item.user.user_id);
  row.endpoint_status = item.endpoint_status;
  row.opt_out = item.opt_out;
}
}  // namespace

std::vector<UpsertResult> EndpointRepository::upsert_batch(const std::string& project_id,
                                                           std::span<const sdk::Endpoint> endpoints,
                                                           sdk::Instant now) {
  return with_store_errors(database_, "EndpointRepository::upsert_batch", [&] {
    std::vector<UpsertResult> results(endpoints.size());
    if (endpoints.empty()) return results;
    std::vector<std::string> ids(endpoints.size());
    for (std::size_t i = 0; i < endpoints.size(); ++i)
      ids[i] = endpoints[i].id.empty() ? new_uuid() : endpoints[i].id;

    SessionLease lease = database_.lease();
    soci::session& session = lease.session();
    Transaction tx(lease);
    std::map<std::string, sdk::Endpoint> existing = detail::load_endpoint_rows(session, project_id, ids);

    // Endpoints per user: loaded on first use, then kept current as items link and unlink.
    std::map<std::string, long long> user_counts;
    std::string count_project = project_id, count_user;
    long long counted = 0;
    soci::statement count_st = (session.prepare << "SELECT COUNT(*) FROM endpoints WHERE project_id = :p AND user_id = :u",
                                soci::use(count_project), soci::use(count_user), soci::into(counted));
    auto endpoints_of = [&](const std::string& user) -> long long& {
      auto [it, inserted] = user_counts.try_emplace(user, 0);
      if (inserted) {
        count_user = user;
        count_st.execute(true);
        it->second = counted;
      }
      return it->second;
    };

    std::map<std::string, Pending> pending;
    std::map<std::string, sdk::AttributeMap> user_attributes;  // user -> replaced names -> values
    std::set<std::string> users;
    const long long limit = static_cast<long long>(options_.max_endpoints_per_user);
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      const sdk::Endpoint& item = endpoints[i];
      UpsertResult& result = results[i];
      result.id = ids[i];
      std::string error = check_attributes("Attributes", item.attributes);
      if (error.empty()) error = check_attributes("User.UserAttributes", item.user.user_attributes);
      if (!error.empty()) {
        result.error = std::move(error);
        continue;
      }
      Pending candidate;
      if (auto it = pending.find(ids[i]); it != pending.end()) {
        candidate.row = it->second.row;
        candidate.existed = it->second.existed;
      } else if (auto found = existing.find(ids[i]); found != existing.end()) {
        candidate.row = found->second;
        candidate.existed = true;
      } else {
        if (!item.channel_type) {
          result.error = "ChannelType: required for a new endpoint";
          continue;
        }
        if (item.address.empty()) {
          result.error = "Address: required for a new endpoint";
          continue;
        }
        candidate.row.id = ids[i];
        candidate.row.creation_date = item.creation_date.value_or(now);
        candidate.row.cohort_id = cohort_of(project_id, ids[i]);
      }
      const std::string old_user = candidate.row.user.user_id;
      merge_fields(candidate.row, item);
      const std::string new_user = candidate.row.user.user_id;
      if (!new_user.empty() && new_user != old_user) {
        long long& owned = endpoints_of(new_user);
        if (owned >= limit) {
          result.error = fmt::format(
              "User.UserId '{}': already has {} endpoints (limit {}); endpoint '{}' was not linked",
              new_user, owned, limit, ids[i]);
          continue;
        }
        ++owned;
        if (!old_user.empty()) --endpoints_of(old_user);
      }
      Pending& slot = pending[ids[i]];
      slot.existed = candidate.existed;
      slot.row = std::move(candidate.row);
      for (const auto& [name, values] : item.attributes) slot.attributes[name] = values;
      for (const auto& [name, value] : item.metrics) slot.metrics[name] = value;
      if (!new_user.empty()) {
        users.insert(new_user);
        for (const auto& [name, values] : item.user.user_attributes) user_attributes[new_user][name] = values;
      }
      result.ok = true;
    }

    // Write the final state: rows, then key-value rows (deleting replaced names of stored endpoints).
    std::vector<const sdk::Endpoint*> rows;
    rows.reserve(pending.size());
    detail::KeyNames attr_deleted, metric_deleted;
    detail::KeyValueRows attr_rows;
    std::vector<std::string> metric_ids, metric_names;
    std::vector<double> metric_values;
    for (const auto& [id, p] : pending) {
      rows.push_back(&p.row);
      for (const auto& [name, values] : p.attributes) {
        if (p.existed) attr_deleted.owners.push_back(id), attr_deleted.names.push_back(name);
        attr_rows.add(id, name, values);
      }
      for (const auto& [name, value] : p.metrics) {
        if (p.existed) metric_deleted.owners.push_back(id), metric_deleted.names.push_back(name);
        metric_ids.push_back(id), metric_names.push_back(name), metric_values.push_back(value);
      }
    }
    detail::write_endpoint_rows(session, database_.dialect(), project_id, rows);
    detail::replace_key_values(session, database_.dialect(), "endpoint_attributes", "endpoint_id", project_id,
                               attr_deleted, attr_rows);
    detail::replace_metrics(session, database_.dialect(), project_id, metric_deleted, metric_ids, metric_names,
                            metric_values);
    if (!users.empty()) {
      std::vector<std::string> user_ids(users.begin(), users.end());
      std::vector<std::string> project(user_ids.size(), project_id);
      session << fmt::format("INSERT INTO users (project_id, user_id) VALUES (:p, :u) {}",
                             upsert_clause(database_.dialect(), "project_id, user_id", "")),
          soci::use(project), soci::use(user_ids);
      detail::KeyNames user_deleted;
      detail::KeyValueRows user_rows;
      for (const auto& [user, attributes] : user_attributes)
        for (const auto& [name, values] : attributes) {
          user_deleted.owners.push_back(user), user_deleted.names.push_back(name);
          user_rows.add(user, name, values);
        }
      detail::replace_key_values(session, database_.dialect(), "user_attributes", "user_id", project_id,
                                 user_deleted, user_rows);
    }
    tx.commit();
    return results;
  });
}

}  // namespace herald::store
