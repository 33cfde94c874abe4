#include "store/event_repository.hpp"

#include <limits>

#include <fmt/format.h>

#include "store/ids.hpp"
#include "store/store_error.hpp"
#include "store/transaction.hpp"

namespace herald::store {

EventRepository::EventRepository(Database& database) : database_(database) {}

std::size_t EventRepository::append(std::span<const sdk::Event> events) {
  return with_store_errors(database_, "EventRepository::append", [&]() -> std::size_t {
    if (events.empty()) return 0;
    SessionLease lease = database_.lease();
    Transaction tx(lease);
    const std::size_t inserted = insert(lease, events, {});
    tx.commit();
    return inserted;
  });
}

std::size_t EventRepository::append(SessionLease& lease, std::span<const sdk::Event> events,
                                    std::span<const std::string> records) {
  return with_store_errors(database_, "EventRepository::append", [&] { return insert(lease, events, records); });
}

std::size_t EventRepository::insert(SessionLease& lease, std::span<const sdk::Event> events,
                                    std::span<const std::string> records) {
  if (events.empty()) return 0;
  if (!records.empty() && records.size() != events.size())
    throw sdk::Error("EventRepository::append", fmt::format("{} records for {} events", records.size(), events.size()));
  const std::size_t n = events.size();
  std::vector<std::string> project(n), id(n), type(n), client(n), record(n);
  std::vector<long long> timestamp(n), arrival(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sdk::Event& e = events[i];
    project[i] = e.project_id, id[i] = e.id, type[i] = e.event_type, client[i] = e.client_id;
    record[i] = records.empty() ? sdk::to_stream_record_json(e) : records[i];
    timestamp[i] = to_ms(e.timestamp), arrival[i] = to_ms(e.arrival);
  }
  soci::statement st = (lease.session().prepare << fmt::format(
      "INSERT INTO events (project_id, id, event_type, timestamp_ms, arrival_ms, client_id, record)"
      " VALUES (:p, :i, :t, :ts, :ar, :c, :r) {}",
      upsert_clause(database_.dialect(), "project_id, id", "")),
      soci::use(project), soci::use(id), soci::use(type), soci::use(timestamp), soci::use(arrival),
      soci::use(client), soci::use(record));
  st.execute(true);
  return static_cast<std::size_t>(st.get_affected_rows());  // summed over the vector's rows
}

std::size_t EventRepository::count(const std::string& project_id, const std::string& event_type) {
  return with_store_errors(database_, "EventRepository::count", [&] {
    SessionLease lease = database_.lease();
    long long n = 0;
    if (event_type.empty())
      lease.session() << "SELECT COUNT(*) FROM events WHERE project_id = :p", soci::use(project_id), soci::into(n);
    else
      lease.session() << "SELECT COUNT(*) FROM events WHERE project_id = :p AND event_type = :t",
          soci::use(project_id), soci::use(event_type), soci::into(n);
    return static_cast<std::size_t>(n);
  });
}

std::vector<StoredEvent> EventRepository::query(const std::string& project_id, const EventQuery& filter) {
  return with_store_errors(database_, "EventRepository::query", [&] {
    // Fixed SQL: an unset filter is a bound value that disables its condition.
    std::string type = filter.event_type, client = filter.client_id;
    int any_type = type.empty() ? 1 : 0, any_client = client.empty() ? 1 : 0;
    long long from = filter.from ? to_ms(*filter.from) : std::numeric_limits<long long>::min();
    long long to = filter.to ? to_ms(*filter.to) : std::numeric_limits<long long>::max();
    long long limit = static_cast<long long>(filter.limit);
    StoredEvent row;
    long long ts = 0, ar = 0;
    std::vector<StoredEvent> out;
    SessionLease lease = database_.lease();
    soci::statement st =
        (lease.session().prepare
             << "SELECT id, event_type, client_id, timestamp_ms, arrival_ms, record FROM events"
                " WHERE project_id = :p AND (:anyt = 1 OR event_type = :t) AND (:anyc = 1 OR client_id = :c)"
                " AND timestamp_ms >= :f AND timestamp_ms < :to ORDER BY timestamp_ms, id LIMIT :lim",
         soci::use(project_id), soci::use(any_type), soci::use(type), soci::use(any_client), soci::use(client),
         soci::use(from), soci::use(to), soci::use(limit), soci::into(row.id), soci::into(row.event_type),
         soci::into(row.client_id), soci::into(ts), soci::into(ar), soci::into(row.record_json));
    if (st.execute(true)) {
      do {
        row.project_id = project_id;
        row.timestamp = from_ms(ts), row.arrival = from_ms(ar);
        out.push_back(row);
      } while (st.fetch());
    }
    return out;
  });
}

}  // namespace herald::store
