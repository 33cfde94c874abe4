#include "store/transaction.hpp"

#include <fmt/format.h>

#include "herald/sdk/error.hpp"

namespace herald::store {

Transaction::Transaction(SessionLease& lease, Mode mode) : lease_(lease) {
  if (lease_.dialect() == Dialect::kSqlite && mode == Mode::kWrite) {
    const Database& database = lease_.database();
    writer_ = std::unique_lock(database.sqlite_writer(), std::defer_lock);
    if (!writer_.try_lock_for(database.busy_timeout()))
      throw sdk::Error(database.redacted_url(),
                       fmt::format("no write turn after {} ms: another thread of this process holds a write "
                                   "transaction", database.busy_timeout().count()),
                       "A unit of work holds its write transaction too long");
    lease_.session() << "BEGIN IMMEDIATE";
  } else
    lease_.session() << "BEGIN";
  active_ = true;
}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    lease_.session() << "ROLLBACK";
  } catch (const soci::soci_error&) {
    // A destructor must not throw; a session whose ROLLBACK failed is in an unknown state, so it is
    // closed instead of going back to the pool.
    lease_.invalidate();
  }
}

void Transaction::commit() {
  lease_.session() << "COMMIT";
  active_ = false;
  if (writer_.owns_lock()) writer_.unlock();
}

}  // namespace herald::store
