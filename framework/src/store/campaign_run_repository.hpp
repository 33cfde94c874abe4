#pragma once
/// Campaign runs: one row per scheduled execution of a campaign version, a durable state machine
/// PENDING -> EXECUTING -> COMPLETED | FAILED with targeted/delivered/failed counters.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "herald/sdk/time.hpp"
#include "store/database.hpp"

namespace herald::store {

enum class CampaignRunState { kPending, kExecuting, kCompleted, kFailed };
std::string_view to_string(CampaignRunState state) noexcept;  ///< "PENDING", "EXECUTING", "COMPLETED", "FAILED"

struct CampaignRun {
  std::string id;  ///< caller-chosen (deterministic ids make scheduling idempotent)
  std::string project_id, campaign_id;
  int campaign_version = 0;
  std::string segment_id;
  sdk::Instant scheduled{};
  CampaignRunState state = CampaignRunState::kPending;
  std::optional<sdk::Instant> started, completed;
  std::int64_t targeted = 0, delivered = 0, failed = 0;
};

/// Thread-safe. Database failures throw sdk::Error.
class CampaignRunRepository {
public:
  explicit CampaignRunRepository(Database& database);
  /// Inserts a run (state, times and counters as given); false when a run with this id already exists
  /// (nothing changes), so scheduling the same run twice is harmless.
  bool create(const CampaignRun& run);
  std::optional<CampaignRun> get(const std::string& run_id);
  /// PENDING -> EXECUTING, setting started; also true when already EXECUTING (a resumed run keeps its
  /// first start time). False when the run is absent, COMPLETED or FAILED.
  bool start(const std::string& run_id, sdk::Instant now);
  /// EXECUTING -> COMPLETED (or FAILED when `failed` is true), setting completed; false otherwise.
  bool finish(const std::string& run_id, sdk::Instant now, bool failed = false);
  /// Adds to the counters (in one UPDATE; safe with concurrent batches).
  void add_counts(const std::string& run_id, std::int64_t targeted, std::int64_t delivered, std::int64_t failed);
  /// Runs of a campaign, by scheduled time then id.
  std::vector<CampaignRun> list_for_campaign(const std::string& project_id, const std::string& campaign_id);
  /// Runs in a state (e.g. EXECUTING ones to resume after a restart), by scheduled time then id.
  std::vector<CampaignRun> list_in_state(CampaignRunState state);

private:
  std::vector<CampaignRun> select(const std::string& where, const std::vector<std::string>& values);
  Database& database_;
};

}  // namespace herald::store
