#pragma once
/// Runs a compiled SegmentQuery on a SOCI session (SQLite or PostgreSQL), binding its parameters by name.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "segments/segment_query.hpp"

namespace soci {
class session;
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

}  // namespace herald::segments
