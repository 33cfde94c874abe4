#pragma once
/// The store's connection: a URL, a dialect and a small pool of SOCI sessions leased per unit of work.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/dialect.hpp"

namespace herald::store {

/// Tuning of a Database. Defaults suit both a laptop and a CI machine.
struct DatabaseOptions {
  /// Sessions in the pool (at least 1). A ":memory:" SQLite database always uses 1 (each connection
  /// would otherwise see its own empty database).
  std::size_t pool_size = 4;
  /// SQLite busy_timeout: how long a writer waits for another connection's write lock.
  std::chrono::milliseconds busy_timeout{10'000};
  /// How long lease() waits for a free session before throwing.
  std::chrono::milliseconds lease_timeout{30'000};
  /// Apply pending schema migrations on open (idempotent). Off only for tests of the migrator itself.
  bool migrate = true;
};

class Database;

/// One pooled session, held for one unit of work (RAII: the destructor returns it to the pool).
/// Not thread-safe: use a lease from one thread at a time.
class SessionLease {
public:
  SessionLease(SessionLease&& other) noexcept;
  SessionLease& operator=(SessionLease&&) = delete;
  SessionLease(const SessionLease&) = delete;
  SessionLease& operator=(const SessionLease&) = delete;
  ~SessionLease();

  soci::session& session() noexcept { return *session_; }
  soci::session& operator*() noexcept { return *session_; }
  soci::session* operator->() noexcept { return session_; }
  Dialect dialect() const noexcept;
  const Database& database() const noexcept { return *database_; }
  /// Marks the session broken (e.g. a failed ROLLBACK): the pool closes it instead of reusing it.
  void invalidate() noexcept { broken_ = true; }

private:
  friend class Database;
  SessionLease(Database& database, std::size_t slot, soci::session& session) noexcept
      : database_(&database), slot_(slot), session_(&session) {}
  Database* database_;
  std::size_t slot_;
  soci::session* session_;
  bool broken_ = false;
};

/// A store database. Thread-safe: any thread may lease() a session. Owns its sessions; must outlive
/// every lease and every repository built on it.
class Database {
public:
  /// Opens a store and applies pending migrations.
  /// URLs: "sqlite3://<path>" (a file path used as given, so relative to the process's working folder
  /// unless the caller resolved it; parent folders are created; "sqlite3://:memory:" for a private
  /// in-memory database) and "postgresql://<libpq conninfo>", e.g.
  /// "postgresql://host=127.0.0.1 port=55432 dbname=herald user=herald password=herald".
  /// SQLite sessions run with journal_mode=WAL, synchronous=NORMAL, busy_timeout and foreign_keys=ON;
  /// a new SQLite file gets 8 KiB pages.
  /// Throws sdk::Error whose `where` is the URL with any password replaced by "***" (unknown scheme,
  /// cannot connect, cannot create the folder, a migration failed).
  static std::unique_ptr<Database> open(const std::string& url, DatabaseOptions options = {});

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  Dialect dialect() const noexcept { return dialect_; }
  /// The URL with any password replaced by "***": safe for logs and errors.
  const std::string& redacted_url() const noexcept { return redacted_url_; }
  /// Leases a session for one unit of work; waits up to options.lease_timeout for a free one.
  /// Throws sdk::Error (naming the URL) on timeout or when a new connection cannot be opened.
  SessionLease lease();
  /// Highest applied migration version (0 for an empty database).
  int schema_version();

  /// "<scheme>://..." with `password=...` (libpq conninfo keyword, quoted or not) and the password of a
  /// "user:password@" URI part replaced by "***".
  static std::string redact(const std::string& url);

  /// SQLite admits one writer at a time. Threads of this process queue here for the write lock instead
  /// of meeting SQLITE_BUSY and sleeping in SQLite's busy handler (which polls in 1-100 ms steps); other
  /// processes are still kept out by BEGIN IMMEDIATE and busy_timeout. Taken by Transaction (kWrite).
  std::timed_mutex& sqlite_writer() const noexcept { return sqlite_writer_; }
  std::chrono::milliseconds busy_timeout() const noexcept { return options_.busy_timeout; }

private:
  friend class SessionLease;
  Database(std::string url, Dialect dialect, std::string connect_string, DatabaseOptions options);
  std::unique_ptr<soci::session> connect();
  void give_back(std::size_t slot, bool broken) noexcept;

  std::string redacted_url_;
  Dialect dialect_;
  std::string connect_string_;
  DatabaseOptions options_;
  std::mutex mutex_;
  mutable std::timed_mutex sqlite_writer_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<soci::session>> sessions_;  ///< one slot per pool entry; null = not connected
  std::vector<bool> in_use_;
};

}  // namespace herald::store
