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
    // ON CONFLICT without a target skips a row that collides on either key: (run, endpoint) already
    // targeted, or a message id already stored. The whole batch goes in as one vector insert; when fewer
    // rows went in than were given (a resumed run, a repeated id), each row's fate is read back: it is
    // fresh when the stored message of its (run, endpoint) carries its id.
    const std::size_t n = batch.size();
    std::vector<std::string> id(n), project(n), runs(n, run_id), endpoint(n), channel(n), address(n);
    for (std::size_t i = 0; i < n; ++i) {
      const TargetedMessage& m = batch[i];
      id[i] = m.id, project[i] = m.project_id, endpoint[i] = m.endpoint_id, address[i] = m.address;
      channel[i] = sdk::to_string(m.channel_type);
    }
    std::vector<long long> times(n, at);
    soci::statement insert =
        (lease.session().prepare << "INSERT INTO messages (id, project_id, run_id, endpoint_id, channel_type, address,"
                                    " state, targeted_at, updated_at) VALUES (:id, :p, :r, :e, :c, :a, 'TARGETED', :t,"
                                    " :u) ON CONFLICT DO NOTHING",
         soci::use(id), soci::use(project), soci::use(runs), soci::use(endpoint), soci::use(channel),
         soci::use(address), soci::use(times), soci::use(times));
    insert.execute(true);
    long long inserted = insert.get_affected_rows();
    if (static_cast<std::size_t>(inserted) == n) {
      fresh.assign(n, true);
    } else {
      // Within one batch the same (run, endpoint) may appear twice: only its first row can be the stored one.
      std::string stored_id, e;
      soci::indicator ind = soci::i_ok;
      soci::statement find = (lease.session().prepare << "SELECT id FROM messages WHERE run_id = :r AND endpoint_id = :e",
                              soci::use(run), soci::use(e), soci::into(stored_id, ind));
      std::set<std::string> seen;
      inserted = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!seen.insert(endpoint[i]).second) continue;
        e = endpoint[i];
        stored_id.clear();
        find.execute(true);
        fresh[i] = find.got_data() && ind == soci::i_ok && stored_id == id[i];
        inserted += fresh[i] ? 1 : 0;
      }
    }
    if (inserted > 0)
      lease.session() << "UPDATE campaign_runs SET targeted = targeted + :n WHERE id = :r", soci::use(inserted),
          soci::use(run);
    tx.commit();
    return fresh;
  });
}

std::size_t MessageRepository::record_results(std::span<const MessageOutcome> outcomes, sdk::Instant now,
                                              const std::string& count_for_run, const InTransaction& also) {
  return with_store_errors(database_, "MessageRepository::record_results", [&]() -> std::size_t {
    if (outcomes.empty() && !also) return 0;
    // First results of a run (count_for_run) only move TARGETED messages, delivered ones first then the
    // rest, so the run's counts grow by what really changed: a result for a message another worker already
    // settled changes nothing and counts nothing. Later receipts (no run) update whatever state.
    const bool first = !count_for_run.empty();
    const std::string sql = std::string("UPDATE messages SET state = 'SENT', delivery_status = :s, status_code = :c,"
                                        " status_message = :m, provider_message_id = :pid, updated_at = :u WHERE id = :id") +
                            (first ? " AND state = 'TARGETED'" : "");
    const long long at_ms = to_ms(now);
    SessionLease lease = database_.lease();
    // Usually every message changes: one vector UPDATE per group. When fewer change (another worker
    // settled some first, or an id is unknown or repeated), the transaction is rolled back and redone row
    // by row, so `also` learns exactly which outcomes this call recorded.
    for (const bool row_by_row : {false, true}) {
      Transaction tx(lease);
      long long found = 0, delivered = 0, failed = 0;
      std::vector<bool> changed(outcomes.size(), true);
      if (!row_by_row) {
        for (const bool successful : {true, false}) {
          std::vector<std::string> ids, status, text, provider;
          std::vector<int> code;
          for (const auto& o : outcomes) {
            if (first && (o.result.status == sdk::DeliveryStatus::kSuccessful) != successful) continue;
            if (!first && !successful) break;  // receipts: one pass over everything
            ids.push_back(o.message_id), status.emplace_back(sdk::to_string(o.result.status));
            code.push_back(o.result.status_code), text.push_back(o.result.status_message);
            provider.push_back(o.result.provider_message_id);
          }
          if (ids.empty()) continue;
          std::vector<long long> at(ids.size(), at_ms);
          soci::statement st = (lease.session().prepare << sql, soci::use(status), soci::use(code), soci::use(text),
                                soci::use(provider), soci::use(at), soci::use(ids));
          st.execute(true);
          const long long n = st.get_affected_rows();
          found += n;
          (successful ? delivered : failed) += n;
        }
        if (found != static_cast<long long>(outcomes.size())) continue;  // rolled back: redo row by row
      } else {
        std::string id, status, text, provider;
        int code = 0;
        long long at = at_ms;
        soci::statement st = (lease.session().prepare << sql, soci::use(status), soci::use(code), soci::use(text),
                              soci::use(provider), soci::use(at), soci::use(id));
        for (std::size_t i = 0; i < outcomes.size(); ++i) {  // each row counted alone: input order is fine
          const MessageOutcome& o = outcomes[i];
          id = o.message_id, status = sdk::to_string(o.result.status), code = o.result.status_code;
          text = o.result.status_message, provider = o.result.provider_message_id;
          st.execute(true);
          changed[i] = st.get_affected_rows() > 0;
          if (!changed[i]) continue;
          ++found;
          (o.result.status == sdk::DeliveryStatus::kSuccessful ? delivered : failed) += 1;
        }
      }
      if (first && found > 0)
        lease.session() << "UPDATE campaign_runs SET delivered = delivered + :d, failed = failed + :f WHERE id = :r",
            soci::use(delivered), soci::use(failed), soci::use(count_for_run);
      if (also) also(lease, changed);
      tx.commit();
      return static_cast<std::size_t>(found);
    }
    return std::size_t{0};  // not reached: the row-by-row pass always returns
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
