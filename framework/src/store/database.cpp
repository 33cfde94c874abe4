#include "store/database.hpp"

#include <filesystem>
#include <regex>
#include <system_error>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "store/migrations.hpp"

namespace herald::store {

namespace {
constexpr std::string_view kSqliteScheme = "sqlite3://";
constexpr std::string_view kPostgresScheme = "postgresql://";

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

/// SOCI's sqlite3 backend reads `db=<value>`; a value with spaces or quotes must be double-quoted
/// with inner quotes doubled.
std::string sqlite_connect_string(const std::string& path, std::chrono::milliseconds busy_timeout) {
  std::string quoted = "\"";
  for (char c : path) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  auto seconds = std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(busy_timeout).count());
  return fmt::format("db={} timeout={}", quoted, seconds);
}
}  // namespace

// ---- SessionLease ---------------------------------------------------------------------------------

SessionLease::SessionLease(SessionLease&& other) noexcept
    : database_(other.database_), slot_(other.slot_), session_(other.session_), broken_(other.broken_) {
  other.database_ = nullptr;
  other.session_ = nullptr;
}

SessionLease::~SessionLease() {
  if (database_ != nullptr) database_->give_back(slot_, broken_);
}

Dialect SessionLease::dialect() const noexcept { return database_->dialect(); }

// ---- Database -------------------------------------------------------------------------------------

std::string Database::redact(const std::string& url) {
  static const std::regex kConninfoPassword(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]+))",
                                            std::regex::icase);
  static const std::regex kUriPassword(R"((://[^/:@\s]+:)([^@\s]*)(@))");
  std::string text = std::regex_replace(url, kConninfoPassword, "$1***");
  return std::regex_replace(text, kUriPassword, "$1***$3");
}

std::unique_ptr<Database> Database::open(const std::string& url, DatabaseOptions options) {
  const std::string where = redact(url);
  if (options.pool_size == 0) options.pool_size = 1;
  Dialect dialect{};
  std::string connect_string;
  if (starts_with(url, kSqliteScheme)) {
    dialect = Dialect::kSqlite;
    std::string path = url.substr(kSqliteScheme.size());
    if (path.empty())
      throw sdk::Error(where, "the SQLite URL has no file path", "Write sqlite3://<path>, e.g. sqlite3://var/herald.db");
    if (path == ":memory:") {
      options.pool_size = 1;
    } else {
      std::filesystem::path parent = std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec)
        throw sdk::Error(where, fmt::format("cannot create the folder '{}': {}", parent.string(), ec.message()));
    }
    connect_string = sqlite_connect_string(path, options.busy_timeout);
  } else if (starts_with(url, kPostgresScheme)) {
    dialect = Dialect::kPostgresql;
    connect_string = url.substr(kPostgresScheme.size());
  } else {
    throw sdk::Error(where, "unknown store URL scheme",
                     "Use sqlite3://<path> or postgresql://<libpq conninfo> (e.g. postgresql://host=127.0.0.1 "
                     "port=5432 dbname=herald user=herald password=...)");
  }
  std::unique_ptr<Database> db(new Database(where, dialect, std::move(connect_string), options));
  if (options.migrate) {
    SessionLease lease = db->lease();
    try {
      apply_migrations(lease);
    } catch (const soci::soci_error& e) {
      throw sdk::Error(where, fmt::format("schema migration failed: {}", e.what()));
    }
  }
  return db;
}

Database::Database(std::string url, Dialect dialect, std::string connect_string, DatabaseOptions options)
    : redacted_url_(std::move(url)),
      dialect_(dialect),
      connect_string_(std::move(connect_string)),
      options_(options),
      sessions_(options.pool_size),
      in_use_(options.pool_size, false) {}

Database::~Database() = default;

std::unique_ptr<soci::session> Database::connect() {
  try {
    std::unique_ptr<soci::session> session;
    if (dialect_ == Dialect::kSqlite) {
      session = std::make_unique<soci::session>(soci::sqlite3, connect_string_);
      // 8 KiB pages for new stores (an existing file keeps its size): the ~1 KB event records and the
      // endpoint rows fill them better than 4 KiB pages. Measured at 100k endpoints (tests/bench): import
      // 31,068 -> 34,053 rows/s, send to the outbox 8,989 -> 10,669 msgs/s; 16 KiB was no better.
      *session << "PRAGMA page_size=8192";
      *session << "PRAGMA journal_mode=WAL";
      *session << "PRAGMA synchronous=NORMAL";
      // Checkpoint every 16,384 pages (128 MiB of WAL) instead of SQLite's 1,000: a checkpoint copies the
      // WAL's pages into the database and syncs, and fewer, larger checkpoints write a hot page once
      // instead of once per 8 MiB. Measured with tests/bench/store_ceiling_bench at 100k rows: SQLite's
      // own import ceiling 74,785 -> 115,805 rows/s, its send-records ceiling 17,404 -> 24,308 msgs/s.
      *session << "PRAGMA wal_autocheckpoint=16384";
      *session << fmt::format("PRAGMA busy_timeout={}", options_.busy_timeout.count());
      *session << "PRAGMA foreign_keys=ON";
      *session << "PRAGMA temp_store=MEMORY";
      *session << "PRAGMA cache_size=-16384";  // 16 MiB page cache per connection
    } else {
      session = std::make_unique<soci::session>(soci::postgresql, connect_string_);
      *session << "SET client_min_messages = WARNING";
    }
    return session;
  } catch (const soci::soci_error& e) {
    throw sdk::Error(redacted_url_, fmt::format("cannot connect to the store: {}", redact(e.what())),
                     dialect_ == Dialect::kPostgresql ? "Check that the server runs and the conninfo is right"
                                                      : "Check that the folder is writable");
  }
}

SessionLease Database::lease() {
  std::unique_lock lock(mutex_);
  std::size_t slot = 0;
  bool found = available_.wait_for(lock, options_.lease_timeout, [&] {
    for (slot = 0; slot < in_use_.size(); ++slot)
      if (!in_use_[slot]) return true;
    return false;
  });
  if (!found)
    throw sdk::Error(redacted_url_,
                     fmt::format("no free store session after {} ms (pool of {})", options_.lease_timeout.count(),
                                 in_use_.size()),
                     "A unit of work holds its lease too long, or raise the pool size");
  in_use_[slot] = true;
  if (!sessions_[slot]) {
    lock.unlock();
    try {
      auto session = connect();
      lock.lock();
      sessions_[slot] = std::move(session);
    } catch (...) {  // rethrown: only releases the slot reserved above
      lock.lock();
      in_use_[slot] = false;
      available_.notify_one();
      throw;
    }
  }
  return SessionLease(*this, slot, *sessions_[slot]);
}

void Database::give_back(std::size_t slot, bool broken) noexcept {
  std::unique_ptr<soci::session> discarded;
  {
    std::lock_guard lock(mutex_);
    if (broken) discarded = std::move(sessions_[slot]);
    in_use_[slot] = false;
  }
  available_.notify_one();
}

int Database::schema_version() {
  SessionLease lease = this->lease();
  return current_schema_version(lease);
}

}  // namespace herald::store
