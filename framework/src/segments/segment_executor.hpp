#pragma once
/// Runs a compiled SegmentQuery on a SOCI session (SQLite or PostgreSQL), binding its parameters by name.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "segments/segment_query.hpp"

namespace soci {
class session;
class statement;
}

namespace herald::segments {

/// The dialect of an open session ("sqlite3" -> kSqlite, "postgresql" -> kPostgresql).
/// Throws herald::sdk::Error for another backend.
Dialect dialect_of(soci::session& session);

/// Number of endpoints the query selects. Throws soci::soci_error on database errors.
std::int64_t count(soci::session& session, const SegmentQuery& query);

/// Receives one batch of endpoint ids (valid only during the call).
using IdBatchCallback = std::function<void(std::span<const std::string> ids)>;

/// Streams the selected endpoint ids in ascending id order, `batch_size` (> 0) at a time, with keyset
/// pagination (`AND e.id > :last ORDER BY e.id LIMIT :n`, one prepared statement re-executed), so
/// memory stays flat on both backends whatever the segment size. The callback may throw to stop; the
/// exception propagates. Throws herald::sdk::Error for batch_size 0, soci::soci_error on database errors.
/// Returns the number of ids delivered.
std::int64_t for_each_id(soci::session& session, const SegmentQuery& query, std::size_t batch_size,
                         const IdBatchCallback& callback);

/// Receives the rows of for_each_row: binds its into() targets once, in the order of the columns it
/// asked for, then sees each fetched row.
class RowReader {
public:
  virtual ~RowReader() = default;
  /// Registers the into() targets (one per column, in order) on `st`.
  virtual void bind(soci::statement& st) = 0;
  /// The targets hold one fetched row.
  virtual void row() = 0;
  /// The endpoint id (e.id) of the row just read: where the next page starts.
  virtual const std::string& id() const = 0;
};

/// Streams the selected endpoints as rows of `columns` (an SQL select list over the alias `e`, e.g.
/// "e.id, e.address"), in ascending id order, `batch_size` (> 0) rows per page with the keyset pagination
/// of for_each_id; `batch_done` runs after each page's rows (it may throw to stop). The query's SQL must
/// be compile_segment's ("SELECT e.id FROM endpoints e WHERE ..."). Reading the rows in the segment's own
/// pass saves a second lookup per endpoint. Throws herald::sdk::Error for batch_size 0 or another SQL
/// shape, soci::soci_error on database errors. Returns the number of rows read.
std::int64_t for_each_row(soci::session& session, const SegmentQuery& query, std::string_view columns,
                          std::size_t batch_size, RowReader& reader, const std::function<void()>& batch_done);

}  // namespace herald::segments
