#include "store/transaction.hpp"

namespace herald::store {

Transaction::Transaction(SessionLease& lease, Mode mode) : lease_(lease) {
  if (lease_.dialect() == Dialect::kSqlite && mode == Mode::kWrite)
    lease_.session() << "BEGIN IMMEDIATE";
  else
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
}

}  // namespace herald::store
