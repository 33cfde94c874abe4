#pragma once
/// A database transaction on a leased session, rolled back unless committed.
#include <mutex>

#include "store/database.hpp"

namespace herald::store {

/// Begins a transaction on construction; commit() makes it durable; destruction without commit rolls back.
/// On SQLite a write transaction starts with BEGIN IMMEDIATE, so it takes the write lock up front and waits
/// busy_timeout for it, instead of failing with SQLITE_BUSY when a read later upgrades to a write; threads
/// of one process first queue for Database::sqlite_writer() (up to busy_timeout, then sdk::Error).
class Transaction {
public:
  enum class Mode { kWrite, kRead };
  /// Throws soci::soci_error when BEGIN fails (e.g. the write lock stayed busy past busy_timeout).
  explicit Transaction(SessionLease& lease, Mode mode = Mode::kWrite);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  /// Rolls back when still active; a failed ROLLBACK invalidates the session (the pool discards it).
  ~Transaction();
  /// Commits; throws soci::soci_error on failure (the transaction is then rolled back by the destructor).
  void commit();

private:
  SessionLease& lease_;
  std::unique_lock<std::timed_mutex> writer_;  ///< SQLite write transactions: the process's writer turn
  bool active_ = false;
};

}  // namespace herald::store
