// EndpointRepository::upsert_batch: Pinpoint's UpdateEndpoint/UpdateEndpointsBatch/import semantics
// (source: Pinpoint API reference, "Endpoint" and "User" resources; quotas from the Pinpoint developer guide).
// Since schema version 3 an endpoint is one row (attributes and metrics as JSON documents on it) and a user
// is one row, so a batch is: one IN query per 100 ids for the stored endpoints, one multi-row upsert of the
// endpoints, and for batches with user ids one IN query per 100 users plus one upsert of the users.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "herald/sdk/endpoint_rules.hpp"

#include "store/endpoint_json.hpp"
#include "store/endpoint_repository.hpp"
#include "store/endpoint_rows.hpp"
#include "store/ids.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

namespace {

/// The final state of one endpoint id after the batch items seen so far (every column, attributes and
/// metrics merged).
struct Pending {
  sdk::Endpoint* row = nullptr;  ///< `stored`, or for a new endpoint the batch item itself (consumed)
  sdk::Endpoint stored;          ///< the database row, merged
  bool fresh = false;            ///< just created from the current item (no merge needed)
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

/// Metric names follow the attribute name rules; values must be finite (JSON has no NaN or infinity).
std::string check_metrics(const sdk::MetricMap& metrics) {
  for (const auto& [name, value] : metrics) {
    if (const auto problem = sdk::check_attribute_name(name)) return fmt::format("Metrics.{}: {}", name, *problem);
    if (!std::isfinite(value)) return fmt::format("Metrics.{}: a metric must be a finite number", name);
  }
  return {};
}

/// Replaces the values of every name `changes` gives; an empty value list deletes the name.
void merge_attributes(sdk::AttributeMap& stored, const sdk::AttributeMap& changes) {
  for (const auto& [name, values] : changes) {
    if (values.empty())
      stored.erase(name);
    else
      stored.insert_or_assign(name, values);
  }
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
  merge_attributes(row.attributes, item.attributes);
  for (const auto& [name, value] : item.metrics) row.metrics.insert_or_assign(name, value);
}
}  // namespace

std::vector<UpsertResult> EndpointRepository::upsert_batch(const std::string& project_id,
                                                           std::span<const sdk::Endpoint> endpoints,
                                                           sdk::Instant now) {
  std::vector<sdk::Endpoint> copy(endpoints.begin(), endpoints.end());
  return upsert_batch_consuming(project_id, copy, now);
}

std::vector<UpsertResult> EndpointRepository::upsert_batch_consuming(const std::string& project_id,
                                                                     std::span<sdk::Endpoint> endpoints,
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
    std::map<std::string, sdk::Endpoint> existing =
        detail::load_endpoint_rows(session, project_id, ids, /*with_user_attributes=*/false);

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

    std::unordered_map<std::string, Pending> pending;
    pending.reserve(endpoints.size());
    std::map<std::string, sdk::AttributeMap> user_changes;  // user -> replaced names -> values
    const long long limit = static_cast<long long>(options_.max_endpoints_per_user);
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      sdk::Endpoint& item = endpoints[i];
      UpsertResult& result = results[i];
      result.id = ids[i];
      std::string error = check_attributes("Attributes", item.attributes);
      if (error.empty()) error = check_metrics(item.metrics);
      if (error.empty()) error = check_attributes("User.UserAttributes", item.user.user_attributes);
      if (!error.empty()) {
        result.error = std::move(error);
        continue;
      }
      // The stored state this item applies to: an earlier item of the batch, the database, or nothing.
      auto pending_it = pending.find(ids[i]);
      auto existing_it = pending_it == pending.end() ? existing.find(ids[i]) : existing.end();
      const sdk::Endpoint* base = pending_it != pending.end() ? pending_it->second.row
                                  : existing_it != existing.end() ? &existing_it->second
                                                                  : nullptr;
      if (base == nullptr) {
        if (!item.channel_type) {
          result.error = "ChannelType: required for a new endpoint";
          continue;
        }
        if (item.address.empty()) {
          result.error = "Address: required for a new endpoint";
          continue;
        }
      }
      const std::string& old_user = base != nullptr ? base->user.user_id : item.user.user_id;
      const std::string& new_user = item.user.user_id.empty() ? old_user : item.user.user_id;
      if (!new_user.empty() && (base == nullptr || new_user != old_user)) {
        long long& owned = endpoints_of(new_user);
        if (owned >= limit) {
          result.error = fmt::format(
              "User.UserId '{}': already has {} endpoints (limit {}); endpoint '{}' was not linked",
              new_user, owned, limit, ids[i]);
          continue;
        }
        ++owned;
        if (base != nullptr && !old_user.empty()) --endpoints_of(old_user);
      }
      if (pending_it == pending.end()) {
        pending_it = pending.try_emplace(ids[i]).first;
        Pending& fresh = pending_it->second;
        if (existing_it != existing.end()) {
          fresh.stored = std::move(existing_it->second);
          fresh.row = &fresh.stored;
          existing.erase(existing_it);
        } else {
          // A new endpoint is the item itself (no copy, no field-by-field merge into an empty row); an empty
          // value list only deletes, so it is not stored. Its user attributes go to the user row below.
          std::erase_if(item.attributes, [](const auto& entry) { return entry.second.empty(); });
          item.id = ids[i];
          if (!item.creation_date) item.creation_date = now;
          item.cohort_id = cohort_of(project_id, ids[i]);
          fresh.row = &item;
          fresh.fresh = true;
        }
      }
      Pending& slot = pending_it->second;
      sdk::Endpoint& row = *slot.row;
      if (slot.fresh)
        slot.fresh = false;  // the copy above is the merge
      else
        merge_fields(row, item);
      if (!row.user.user_id.empty()) {
        auto& changes = user_changes[row.user.user_id];
        for (const auto& [name, values] : item.user.user_attributes) changes.insert_or_assign(name, values);
      }
      result.ok = true;
    }

    std::vector<sdk::Endpoint*> rows;  // in id order (B-tree locality); their strings are moved into the write
    rows.reserve(pending.size());
    for (auto& [id, p] : pending) rows.push_back(p.row);
    std::sort(rows.begin(), rows.end(), [](const sdk::Endpoint* a, const sdk::Endpoint* b) { return a->id < b->id; });
    detail::write_endpoint_rows(session, database_.dialect(), project_id, rows);

    // Users: a new user row, or a stored one whose attributes the batch changes, is written (merged).
    if (!user_changes.empty()) {
      std::vector<std::string> user_ids;
      user_ids.reserve(user_changes.size());
      for (const auto& [user, changes] : user_changes) user_ids.push_back(user);
      auto stored = detail::load_users(session, project_id, user_ids);
      std::vector<std::string> written, documents;
      for (const auto& [user, changes] : user_changes) {
        auto it = stored.find(user);
        if (it != stored.end() && changes.empty()) continue;
        sdk::AttributeMap attributes = it != stored.end() ? std::move(it->second) : sdk::AttributeMap{};
        merge_attributes(attributes, changes);
        written.push_back(user);
        documents.emplace_back();
        detail::append_attributes_json(documents.back(), attributes);
      }
      detail::write_users(session, database_.dialect(), project_id, written, documents);
    }
    tx.commit();
    return results;
  });
}

}  // namespace herald::store
