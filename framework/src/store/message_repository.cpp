#include "store/message_repository.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "store/endpoint_rows.hpp"
#include "store/ids.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

namespace {
std::map<std::string, std::size_t> count_grouped(SessionLease& lease, const char* column, const std::string& run_id) {
  std::map<std::string, std::size_t> out;
  std::string key;
  long long n = 0;
  soci::statement st = (lease.session().prepare << fmt::format(
                            "SELECT {0}, COUNT(*) FROM messages WHERE run_id = :r AND {0} IS NOT NULL GROUP BY {0}",
                            column),
                        soci::use(run_id), soci::into(key), soci::into(n));
  if (st.execute(true)) {
    do out[key] = static_cast<std::size_t>(n);
    while (st.fetch());
  }
  return out;
}
/// The values of `column` in messages (restricted by `condition`, which binds :r to `run_id`) that are
/// among `keys`: one IN query per detail::kInChunk keys.
std::set<std::string> stored_values(soci::session& session, const std::string& column, const std::string& condition,
                                    const std::string& run_id, const std::vector<std::string>& keys) {
  std::set<std::string> out;
  if (keys.empty()) return out;
  std::vector<std::string> slots(detail::kInChunk);
  std::string found, run = run_id;
  soci::statement st(session);
  st.exchange(soci::into(found));
  if (!condition.empty()) st.exchange(soci::use(run));
  for (auto& slot : slots) st.exchange(soci::use(slot));
  st.alloc();
  st.prepare(fmt::format("SELECT {0} FROM messages WHERE {1}{0} IN {2}", column, condition,
                         detail::in_placeholders(detail::kInChunk)));
  st.define_and_bind();
  for (std::size_t start = 0; start < keys.size(); start += detail::kInChunk) {
    const std::size_t n = std::min(detail::kInChunk, keys.size() - start);
    for (std::size_t i = 0; i < detail::kInChunk; ++i) slots[i] = keys[start + std::min(i, n - 1)];  // padded
    if (st.execute(true)) {
      do out.insert(found);
      while (st.fetch());
    }
  }
  return out;
}
}  // namespace

MessageRepository::MessageRepository(Database& database) : database_(database) {}

std::vector<bool> MessageRepository::record_targeted(const std::string& run_id,
                                                     std::span<const TargetedMessage> batch, sdk::Instant now) {
  return with_store_errors(database_, "MessageRepository::record_targeted", [&] {
    std::vector<bool> fresh(batch.size(), false);
    if (batch.empty()) return fresh;
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    std::string run = run_id;
    long long at = to_ms(now);
    const std::string insert = fmt::format(
        "INSERT INTO messages (id, project_id, run_id, endpoint_id, channel_type, address, state, targeted_at,"
        " updated_at) VALUES (:id, :p, :r, :e, :c, :a, 'TARGETED', :t, :u) {}",
        upsert_clause(database_.dialect(), "run_id, endpoint_id", ""));
    // A duplicate message id (primary key) is a different conflict than (run, endpoint): ids already stored
    // are found first (one IN query per chunk), and later duplicates within the batch are skipped too.
    std::vector<std::string> ids(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) ids[i] = batch[i].id;
    std::set<std::string> known = stored_values(lease.session(), "id", "", run, ids);
    if (database_.dialect() == Dialect::kSqlite) {
      // BEGIN IMMEDIATE holds the only write lock, so what is stored cannot change under this transaction:
      // the (run, endpoint) pairs already targeted are read once, and the fresh rows go in one vector insert.
      std::vector<std::string> endpoint_ids(batch.size());
      for (std::size_t i = 0; i < batch.size(); ++i) endpoint_ids[i] = batch[i].endpoint_id;
      std::set<std::string> targeted = stored_values(lease.session(), "endpoint_id", "run_id = :r AND ", run, endpoint_ids);
      std::vector<std::string> id, project, runs, endpoint, channel, address;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const TargetedMessage& m = batch[i];
        if (known.count(m.id) > 0 || targeted.count(m.endpoint_id) > 0) continue;
        known.insert(m.id), targeted.insert(m.endpoint_id);
        fresh[i] = true;
        id.push_back(m.id), project.push_back(m.project_id), runs.push_back(run_id), endpoint.push_back(m.endpoint_id);
        channel.emplace_back(sdk::to_string(m.channel_type)), address.push_back(m.address);
      }
      if (!id.empty()) {
        std::vector<long long> times(id.size(), at);
        lease.session() << insert, soci::use(id), soci::use(project), soci::use(runs), soci::use(endpoint),
            soci::use(channel), soci::use(address), soci::use(times), soci::use(times);
      }
    } else {
      // One prepared statement executed per row: its affected-row count tells new from already targeted
      // (race-free against other workers inserting the same pairs).
      TargetedMessage m;
      std::string channel;
      soci::statement st = (lease.session().prepare << insert, soci::use(m.id), soci::use(m.project_id),
                            soci::use(run), soci::use(m.endpoint_id), soci::use(channel), soci::use(m.address),
                            soci::use(at), soci::use(at));
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (known.count(batch[i].id) > 0) continue;
        m = batch[i];
        channel = sdk::to_string(m.channel_type);
        st.execute(true);
        fresh[i] = st.get_affected_rows() > 0;
        if (fresh[i]) known.insert(m.id);
      }
    }
    tx.commit();
    return fresh;
  });
}

std::size_t MessageRepository::record_results(std::span<const MessageOutcome> outcomes, sdk::Instant now) {
  return with_store_errors(database_, "MessageRepository::record_results", [&]() -> std::size_t {
    if (outcomes.empty()) return 0;
    const std::size_t n = outcomes.size();
    std::vector<std::string> ids(n), status(n), text(n), provider(n);
    std::vector<int> code(n);
    std::vector<long long> at(n, to_ms(now));
    for (std::size_t i = 0; i < n; ++i) {
      const auto& o = outcomes[i];
      ids[i] = o.message_id, status[i] = sdk::to_string(o.result.status), code[i] = o.result.status_code;
      text[i] = o.result.status_message, provider[i] = o.result.provider_message_id;
    }
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    soci::statement st = (lease.session().prepare
                              << "UPDATE messages SET state = 'SENT', delivery_status = :s, status_code = :c,"
                                 " status_message = :m, provider_message_id = :pid, updated_at = :u WHERE id = :id",
                          soci::use(status), soci::use(code), soci::use(text), soci::use(provider), soci::use(at),
                          soci::use(ids));
    st.execute(true);
    long long found = st.get_affected_rows();
    tx.commit();
    return static_cast<std::size_t>(found);
  });
}

std::vector<MessageRecord> MessageRepository::select(const std::string& where, const std::string& value) {
  std::vector<MessageRecord> out;
  MessageRecord row;
  std::string state, delivery;
  soci::indicator delivery_ind = soci::i_ok;
  long long targeted = 0, updated = 0;
  SessionLease lease = database_.lease();
  soci::statement st =
      (lease.session().prepare << "SELECT id, project_id, run_id, endpoint_id, channel_type, address, state,"
                                  " delivery_status, status_code, status_message, provider_message_id, targeted_at,"
                                  " updated_at FROM messages WHERE " + where + " ORDER BY endpoint_id",
       soci::use(value), soci::into(row.id), soci::into(row.project_id), soci::into(row.run_id),
       soci::into(row.endpoint_id), soci::into(row.channel_type), soci::into(row.address), soci::into(state),
       soci::into(delivery, delivery_ind), soci::into(row.status_code), soci::into(row.status_message),
       soci::into(row.provider_message_id), soci::into(targeted), soci::into(updated));
  if (st.execute(true)) {
    do {
      row.state = state == "SENT" ? MessageState::kSent : MessageState::kTargeted;
      row.delivery_status =
          delivery_ind == soci::i_ok ? sdk::parse_delivery_status(delivery) : std::optional<sdk::DeliveryStatus>();
      row.targeted_at = from_ms(targeted), row.updated_at = from_ms(updated);
      out.push_back(row);
    } while (st.fetch());
  }
  return out;
}

std::optional<MessageRecord> MessageRepository::get(const std::string& message_id) {
  return with_store_errors(database_, "MessageRepository::get", [&]() -> std::optional<MessageRecord> {
    auto rows = select("id = :id", message_id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<MessageRecord> MessageRepository::unsent(const std::string& run_id) {
  return with_store_errors(database_, "MessageRepository::unsent",
                           [&] { return select("run_id = :r AND state = 'TARGETED'", run_id); });
}

std::map<std::string, std::size_t> MessageRepository::count_by_state(const std::string& run_id) {
  return with_store_errors(database_, "MessageRepository::count_by_state", [&] {
    SessionLease lease = database_.lease();
    return count_grouped(lease, "state", run_id);
  });
}

std::map<std::string, std::size_t> MessageRepository::count_by_delivery_status(const std::string& run_id) {
  return with_store_errors(database_, "MessageRepository::count_by_delivery_status", [&] {
    SessionLease lease = database_.lease();
    return count_grouped(lease, "delivery_status", run_id);
  });
}

}  // namespace herald::store
