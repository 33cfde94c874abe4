#include "store/work_item_repository.hpp"

#include <fmt/format.h>

#include "store/ids.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

std::string_view to_string(WorkState state) noexcept {
  switch (state) {
    case WorkState::kPending: return "PENDING";
    case WorkState::kLeased: return "LEASED";
    case WorkState::kDone: return "DONE";
    case WorkState::kFailed: return "FAILED";
  }
  return "PENDING";
}

namespace {
WorkState parse_state(const std::string& text) {
  for (WorkState s : {WorkState::kPending, WorkState::kLeased, WorkState::kDone, WorkState::kFailed})
    if (to_string(s) == text) return s;
  return WorkState::kPending;
}
}  // namespace

WorkItemRepository::WorkItemRepository(Database& database) : database_(database) {}

std::int64_t WorkItemRepository::enqueue(const std::string& kind, const std::string& payload, sdk::Instant due) {
  return with_store_errors(database_, "WorkItemRepository::enqueue", [&] {
    SessionLease lease = database_.lease();
    long long due_ms = to_ms(due), id = 0;
    lease.session() << "INSERT INTO work_items (kind, payload, due_ms) VALUES (:k, :p, :d) RETURNING id",
        soci::use(kind), soci::use(payload), soci::use(due_ms), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<sdk::WorkItem> WorkItemRepository::claim_due(const std::string& owner, sdk::Instant now,
                                                         std::size_t limit, std::chrono::seconds lease_for) {
  return with_store_errors(database_, "WorkItemRepository::claim_due", [&] {
    std::vector<sdk::WorkItem> claimed;
    if (limit == 0) return claimed;
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    long long now_ms = to_ms(now), max = static_cast<long long>(limit);
    long long expires = to_ms(now + std::chrono::duration_cast<std::chrono::milliseconds>(lease_for));
    std::vector<long long> ids;
    long long id = 0;
    {  // statements end before COMMIT (SQLite refuses to commit while a RETURNING statement is open)
    soci::statement pick = (lease.session().prepare << fmt::format(
                                "SELECT id FROM work_items WHERE (state = 'PENDING' AND due_ms <= :n1)"
                                " OR (state = 'LEASED' AND lease_expires_ms <= :n2) ORDER BY due_ms, id LIMIT :lim{}",
                                skip_locked(database_.dialect())),
                            soci::use(now_ms), soci::use(now_ms), soci::use(max), soci::into(id));
    if (pick.execute(true)) {
      do ids.push_back(id);
      while (pick.fetch());
    }
    sdk::WorkItem item;
    long long due = 0, token = 0;
    soci::statement take =
        (lease.session().prepare << "UPDATE work_items SET state = 'LEASED', lease_owner = :o, lease_expires_ms = :e,"
                                    " fencing_token = fencing_token + 1 WHERE id = :id"
                                    " RETURNING kind, payload, due_ms, fencing_token, attempts",
         soci::use(owner), soci::use(expires), soci::use(id), soci::into(item.kind), soci::into(item.payload),
         soci::into(due), soci::into(token), soci::into(item.attempts));
    for (long long each : ids) {
      id = each;
      if (!take.execute(true)) continue;
      item.id = each;
      item.due = from_ms(due);
      item.fencing_token = token;
      claimed.push_back(item);
    }
    }
    tx.commit();
    return claimed;
  });
}

bool WorkItemRepository::update_leased(const sdk::WorkItem& item, const std::string& owner,
                                       const std::string& set_clause, std::optional<long long> time_value,
                                       std::optional<std::string> text_value, const char* operation) {
  return with_store_errors(database_, operation, [&] {
    SessionLease lease = database_.lease();
    long long id = item.id, token = item.fencing_token;
    std::string who = owner;
    soci::statement st(lease.session());
    if (time_value) st.exchange(soci::use(*time_value));
    if (text_value) st.exchange(soci::use(*text_value));
    st.exchange(soci::use(id));
    st.exchange(soci::use(who));
    st.exchange(soci::use(token));
    st.alloc();
    st.prepare("UPDATE work_items SET " + set_clause +
               " WHERE id = :id AND lease_owner = :o AND fencing_token = :f AND state = 'LEASED'");
    st.define_and_bind();
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

bool WorkItemRepository::renew(const sdk::WorkItem& item, const std::string& owner, sdk::Instant now,
                               std::chrono::seconds lease) {
  long long expires = to_ms(now + std::chrono::duration_cast<std::chrono::milliseconds>(lease));
  return update_leased(item, owner, "lease_expires_ms = :t", expires, std::nullopt, "WorkItemRepository::renew");
}

bool WorkItemRepository::complete(const sdk::WorkItem& item, const std::string& owner) {
  return update_leased(item, owner, "state = 'DONE', lease_expires_ms = NULL", std::nullopt, std::nullopt,
                       "WorkItemRepository::complete");
}

bool WorkItemRepository::retry(const sdk::WorkItem& item, const std::string& owner, sdk::Instant retry_at,
                               const std::string& reason) {
  return update_leased(item, owner,
                       "state = 'PENDING', due_ms = :t, last_error = :x, attempts = attempts + 1,"
                       " lease_owner = NULL, lease_expires_ms = NULL",
                       to_ms(retry_at), reason, "WorkItemRepository::retry");
}

bool WorkItemRepository::fail(const sdk::WorkItem& item, const std::string& owner, const std::string& reason) {
  return update_leased(item, owner, "state = 'FAILED', last_error = :x, attempts = attempts + 1, lease_expires_ms = NULL",
                       std::nullopt, reason, "WorkItemRepository::fail");
}

std::optional<sdk::Instant> WorkItemRepository::next_due() {
  return with_store_errors(database_, "WorkItemRepository::next_due", [&]() -> std::optional<sdk::Instant> {
    SessionLease lease = database_.lease();
    long long at = 0;
    soci::indicator ind = soci::i_null;
    lease.session() << "SELECT MIN(t) FROM (SELECT due_ms AS t FROM work_items WHERE state = 'PENDING'"
                       " UNION ALL SELECT lease_expires_ms AS t FROM work_items WHERE state = 'LEASED') AS pending",
        soci::into(at, ind);
    if (ind != soci::i_ok) return std::nullopt;
    return from_ms(at);
  });
}

std::optional<WorkItemRecord> WorkItemRepository::get(std::int64_t id) {
  return with_store_errors(database_, "WorkItemRepository::get", [&]() -> std::optional<WorkItemRecord> {
    SessionLease lease = database_.lease();
    WorkItemRecord r;
    long long key = id, due = 0, token = 0, expires = 0;
    std::string state, owner;
    soci::indicator owner_ind = soci::i_null, expires_ind = soci::i_null;
    lease.session() << "SELECT kind, payload, due_ms, state, lease_owner, lease_expires_ms, fencing_token, attempts,"
                       " last_error FROM work_items WHERE id = :id",
        soci::use(key), soci::into(r.item.kind), soci::into(r.item.payload), soci::into(due), soci::into(state),
        soci::into(owner, owner_ind), soci::into(expires, expires_ind), soci::into(token),
        soci::into(r.item.attempts), soci::into(r.last_error);
    if (!lease.session().got_data()) return std::nullopt;
    r.item.id = id;
    r.item.due = from_ms(due);
    r.item.fencing_token = token;
    r.state = parse_state(state);
    if (owner_ind == soci::i_ok) r.lease_owner = owner;
    if (expires_ind == soci::i_ok) r.lease_expires = from_ms(expires);
    return r;
  });
}

std::size_t WorkItemRepository::count(WorkState state) {
  return with_store_errors(database_, "WorkItemRepository::count", [&] {
    SessionLease lease = database_.lease();
    std::string name(to_string(state));
    long long n = 0;
    lease.session() << "SELECT COUNT(*) FROM work_items WHERE state = :s", soci::use(name), soci::into(n);
    return static_cast<std::size_t>(n);
  });
}

}  // namespace herald::store
