#include "segments/segment_executor.hpp"

#include <algorithm>
#include <deque>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "herald/sdk/error.hpp"

namespace herald::segments {
namespace {

/// Stable storage for the bound values (SOCI binds by reference).
class Bindings {
public:
  explicit Bindings(const SegmentQuery& query) {
    for (const auto& [name, value] : query.params) {
      if (const auto* s = std::get_if<std::string>(&value)) strings_.emplace_back(name, *s);
      else if (const auto* i = std::get_if<std::int64_t>(&value)) ints_.emplace_back(name, static_cast<long long>(*i));
      else doubles_.emplace_back(name, std::get<double>(value));
    }
  }
  void bind(soci::statement& st) {
    for (auto& [name, v] : strings_) st.exchange(soci::use(v, name));
    for (auto& [name, v] : ints_) st.exchange(soci::use(v, name));
    for (auto& [name, v] : doubles_) st.exchange(soci::use(v, name));
  }

private:
  std::deque<std::pair<std::string, std::string>> strings_;
  std::deque<std::pair<std::string, long long>> ints_;
  std::deque<std::pair<std::string, double>> doubles_;
};

}  // namespace

Dialect dialect_of(soci::session& session) {
  const std::string backend = session.get_backend_name();
  if (backend == "sqlite3") return Dialect::kSqlite;
  if (backend == "postgresql") return Dialect::kPostgresql;
  throw sdk::Error("store.url", fmt::format("segments support the sqlite3 and postgresql backends, not '{}'", backend));
}

std::int64_t count(soci::session& session, const SegmentQuery& query) {
  Bindings bindings(query);
  long long n = 0;
  soci::statement st(session);
  st.exchange(soci::into(n));
  bindings.bind(st);
  st.alloc();
  st.prepare("SELECT COUNT(*) FROM (" + query.sql + ") segment_ids");
  st.define_and_bind();
  st.execute(true);
  return static_cast<std::int64_t>(n);
}

std::int64_t for_each_id(soci::session& session, const SegmentQuery& query, std::size_t batch_size,
                         const IdBatchCallback& callback) {
  if (batch_size == 0) throw sdk::Error("segments.for_each_id", "batch_size must be at least 1");
  Bindings bindings(query);
  // SOCI treats a one-element vector as a single-row fetch: keep at least two slots and let LIMIT cap the rows.
  const std::size_t slots = std::max<std::size_t>(batch_size, 2);
  std::vector<std::string> ids(slots);
  std::string after;  // ids are non-empty, so every id sorts after ""
  long long limit = static_cast<long long>(batch_size);
  soci::statement st(session);
  st.exchange(soci::into(ids));
  bindings.bind(st);
  st.exchange(soci::use(after, "herald_after_id"));
  st.exchange(soci::use(limit, "herald_batch_size"));
  st.alloc();
  st.prepare(query.sql + " AND e.id > :herald_after_id ORDER BY e.id LIMIT :herald_batch_size");
  st.define_and_bind();
  std::int64_t delivered = 0;
  for (;;) {
    ids.resize(slots);
    if (!st.execute(true) || ids.empty()) break;
    callback(std::span<const std::string>(ids.data(), ids.size()));
    delivered += static_cast<std::int64_t>(ids.size());
    if (ids.size() < batch_size) break;
    after = ids.back();
  }
  return delivered;
}

std::int64_t for_each_row(soci::session& session, const SegmentQuery& query, std::string_view columns,
                          std::size_t batch_size, RowReader& reader, const std::function<void()>& batch_done) {
  if (batch_size == 0) throw sdk::Error("segments.for_each_row", "batch_size must be at least 1");
  static constexpr std::string_view kIdSelect = "SELECT e.id FROM endpoints e WHERE ";
  if (!std::string_view(query.sql).starts_with(kIdSelect))
    throw sdk::Error("segments.for_each_row", "the query does not select e.id FROM endpoints e (a bug)");
  Bindings bindings(query);
  std::string after;  // ids are non-empty, so every id sorts after ""
  long long limit = static_cast<long long>(batch_size);
  soci::statement st(session);
  reader.bind(st);
  bindings.bind(st);
  st.exchange(soci::use(after, "herald_after_id"));
  st.exchange(soci::use(limit, "herald_batch_size"));
  st.alloc();
  st.prepare(fmt::format("SELECT {} FROM endpoints e WHERE {} AND e.id > :herald_after_id ORDER BY e.id"
                         " LIMIT :herald_batch_size",
                         columns, std::string_view(query.sql).substr(kIdSelect.size())));
  st.define_and_bind();
  std::int64_t read = 0;
  for (;;) {
    std::size_t rows = 0;
    if (st.execute(true)) {
      do {
        reader.row();
        ++rows;
      } while (st.fetch());
    }
    if (rows == 0) break;
    read += static_cast<std::int64_t>(rows);
    after = reader.id();
    batch_done();
    if (rows < batch_size) break;
  }
  return read;
}

}  // namespace herald::segments
