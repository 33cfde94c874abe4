// The SQLite ceiling under Herald's two throughput targets: how fast SQLite itself can write what an
// import and a send write, with nothing of Herald in the loop. The schema is the one Herald's migrations
// create (a fresh store opened through herald_store); the writes then go through the bare sqlite3 C API,
// one prepared statement per kind reused for every row (no SOCI, no vectors, no JSON building), with the
// PRAGMAs Herald's store sets (8 KiB pages, WAL, synchronous=NORMAL, checkpoints every 16,384 pages,
// 16 MiB cache) and transactions of the sizes Herald uses. The rows are those of bench_quickstart.py: the quickstart's 9 attributes, Id = row
// number, Address = user<n>@example.com; a send writes a message (TARGETED, then SENT) and its two send
// events with stream records of the sizes Herald writes (~940 and ~890 bytes).
//
// Reports items per second of wall time ("items_per_second", UseRealTime: the targets are wall-clock
// figures, and write-back waits are part of them). Compare with the end-to-end figures of run.sh:
//   import target >= 150,000 rows/s  <->  BM_EndpointInsert
//   send   target >=  50,000 msgs/s  <->  BM_SendRecords (the store's share only)
// Usage: store_ceiling_bench [--benchmark_filter=/100000]; set HERALD_BENCH_DIR to place the database files
// (default: the system temp folder, as bench_quickstart.py does).
#include <benchmark/benchmark.h>

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

namespace fs = std::filesystem;

/// A fresh store file with Herald's schema (migrations applied by herald_store), reopened with sqlite3.
class FreshStore {
public:
  explicit FreshStore(const std::string& name) {
    const char* dir = std::getenv("HERALD_BENCH_DIR");
    path_ = (dir != nullptr ? fs::path(dir) : fs::temp_directory_path()) / fmt::format("herald-ceiling-{}.db", name);
    remove_files();
    {
      auto database = herald::store::Database::open("sqlite3://" + path_.string());
      auto lease = database->lease();
      herald::store::apply_migrations(lease);
    }
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path_.string());
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA wal_autocheckpoint=16384");
    exec("PRAGMA cache_size=-16384");
    exec("INSERT INTO projects (id, name, created_ms) VALUES ('bench', 'bench', 0)");
  }
  ~FreshStore() {
    sqlite3_close(db_);
    remove_files();
  }
  FreshStore(const FreshStore&) = delete;
  FreshStore& operator=(const FreshStore&) = delete;

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string text = error != nullptr ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(std::string(sql) + ": " + text);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string(sql) + ": " + sqlite3_errmsg(db_));
    return st;
  }
  void step(sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
    sqlite3_reset(st);
  }

private:
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }
  fs::path path_;
  sqlite3* db_ = nullptr;
};

void text(sqlite3_stmt* st, int column, const std::string& value) {
  sqlite3_bind_text(st, column, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

/// The attributes document Herald writes for a bench row (sorted names, value lists).
const std::string kAttributes =
    R"({"AccountLength":["141"],"Churn":["0"],"PlanOptionA":["1"],"PlanOptionB":["1"],"PlanOptionC":["1"],)"
    R"("SharedWithFriend":["0"],"UsageWeekdays":["93"],"UsageWeekends":["79"]})";

/// One import: every endpoint row as Herald's upsert writes it, 2,000 rows per transaction.
void BM_EndpointInsert(benchmark::State& state) {
  const auto rows = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto store = std::make_unique<FreshStore>("import");
    sqlite3_stmt* st = store->prepare(
        "INSERT INTO endpoints (project_id, id, channel_type, address, endpoint_status, opt_out, user_id,"
        " effective_date, creation_date, request_id, cohort_id, demo_app_version, demo_locale, demo_make,"
        " demo_model, demo_model_version, demo_platform, demo_platform_version, demo_timezone, loc_city,"
        " loc_country, loc_postal_code, loc_region, loc_latitude, loc_longitude, attributes, metrics)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (project_id, id) DO UPDATE SET channel_type = excluded.channel_type,"
        " address = excluded.address, attributes = excluded.attributes, metrics = excluded.metrics");
    const std::string project = "bench", email = "EMAIL", active = "ACTIVE", none = "NONE", empty, metrics = "{}";
    state.ResumeTiming();
    std::string id, address;
    for (int i = 1; i <= rows; ++i) {
      if (i % 2000 == 1) store->exec("BEGIN IMMEDIATE");
      id = std::to_string(i);
      address = fmt::format("user{}@example.com", i);
      text(st, 1, project), text(st, 2, id), text(st, 3, email), text(st, 4, address);
      text(st, 5, active), text(st, 6, none), sqlite3_bind_null(st, 7), sqlite3_bind_null(st, 8);
      sqlite3_bind_int64(st, 9, 1796000000000LL), text(st, 10, empty), sqlite3_bind_int(st, 11, i % 100);
      for (int c = 12; c <= 23; ++c) text(st, c, empty);
      sqlite3_bind_null(st, 24), sqlite3_bind_null(st, 25), text(st, 26, kAttributes), text(st, 27, metrics);
      store->step(st);
      if (i % 2000 == 0 || i == rows) store->exec("COMMIT");
    }
    state.PauseTiming();
    sqlite3_finalize(st);
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

/// A stream record of `size` bytes (the store keeps it as text; its content does not change the cost).
std::string record_of(std::size_t size, char fill) {
  std::string r = R"({"event_type":"_campaign.send","attributes":{"x":")";
  r.append(size - r.size() - 4, fill);
  return r + "\"}}";
}

/// One send, the store's share: per channel batch of 1,000 messages, one transaction records them
/// TARGETED (and bumps the run's count); after the channel, one transaction sets them SENT, bumps the
/// counts and inserts the two send events per message (_campaign.send ~940 B, _email.send ~890 B).
void BM_SendRecords(benchmark::State& state) {
  const auto messages = static_cast<int>(state.range(0));
  constexpr int kChannelBatch = 1000;
  for (auto _ : state) {
    state.PauseTiming();
    auto store = std::make_unique<FreshStore>("send");
    store->exec("INSERT INTO campaign_runs (id, project_id, campaign_id, campaign_version, scheduled_ms)"
                " VALUES ('run', 'bench', 'c', 1, 0)");
    sqlite3_stmt* target = store->prepare(
        "INSERT INTO messages (id, project_id, run_id, endpoint_id, channel_type, address, state, targeted_at,"
        " updated_at) VALUES (?, 'bench', 'run', ?, 'EMAIL', ?, 'TARGETED', ?, ?) ON CONFLICT DO NOTHING");
    sqlite3_stmt* sent = store->prepare(
        "UPDATE messages SET state = 'SENT', delivery_status = 'SUCCESSFUL', status_code = 250,"
        " status_message = '', provider_message_id = ?, updated_at = ? WHERE id = ? AND state = 'TARGETED'");
    sqlite3_stmt* event = store->prepare(
        "INSERT INTO events (project_id, id, event_type, timestamp_ms, arrival_ms, client_id, record)"
        " VALUES ('bench', ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, id) DO NOTHING");
    const std::string campaign_send = "_campaign.send", email_send = "_email.send";
    const std::string campaign_record = record_of(940, 'c'), email_record = record_of(890, 'e');
    state.ResumeTiming();
    std::string id, endpoint, address, provider, event_id;
    for (int start = 0; start < messages; start += kChannelBatch) {
      const int end = std::min(messages, start + kChannelBatch);
      store->exec("BEGIN IMMEDIATE");
      for (int i = start; i < end; ++i) {
        id = fmt::format("0195f0a2-{:04x}-7000-8000-{:012x}", i >> 16, i);  // time-ordered like UUIDv7
        endpoint = std::to_string(i + 1);
        address = fmt::format("user{}@example.com", i + 1);
        text(target, 1, id), text(target, 2, endpoint), text(target, 3, address);
        sqlite3_bind_int64(target, 4, 1796000000000LL + i), sqlite3_bind_int64(target, 5, 1796000000000LL + i);
        store->step(target);
      }
      store->exec("UPDATE campaign_runs SET targeted = targeted + 1000 WHERE id = 'run'");
      store->exec("COMMIT");
      store->exec("BEGIN IMMEDIATE");
      for (int i = start; i < end; ++i) {
        id = fmt::format("0195f0a2-{:04x}-7000-8000-{:012x}", i >> 16, i);
        endpoint = std::to_string(i + 1);
        provider = fmt::format("var/outbox/run.ndjson:{}", i + 1);
        text(sent, 1, provider), sqlite3_bind_int64(sent, 2, 1796000000000LL + i), text(sent, 3, id);
        store->step(sent);
        for (const bool campaign : {true, false}) {
          event_id = id + (campaign ? ":_campaign.send" : ":_email.send");
          text(event, 1, event_id), text(event, 2, campaign ? campaign_send : email_send);
          sqlite3_bind_int64(event, 3, 1796000000000LL + i), sqlite3_bind_int64(event, 4, 1796000000000LL + i);
          text(event, 5, endpoint), text(event, 6, campaign ? campaign_record : email_record);
          store->step(event);
        }
      }
      store->exec("UPDATE campaign_runs SET delivered = delivered + 1000 WHERE id = 'run'");
      store->exec("COMMIT");
    }
    state.PauseTiming();
    for (sqlite3_stmt* st : {target, sent, event}) sqlite3_finalize(st);
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * messages);
}

// 100,000 rows is the scale of the end-to-end figures; 5,000 is the CI smoke check (run.sh --smoke).
BENCHMARK(BM_EndpointInsert)->Arg(5000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_SendRecords)->Arg(5000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
