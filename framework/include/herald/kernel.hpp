#pragma once
/// The embedding API: a Kernel composed from one configuration file (plugins, store, projects).
/// A host application links Herald::kernel and drives it; the `herald` runner is a thin shell over it.
/// Calls are synchronous and throw herald::Error (sdk::Error) naming the path, line or field at fault.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "herald/sdk/endpoint.hpp"
#include "herald/sdk/error.hpp"
#include "herald/sdk/time.hpp"

namespace herald {

using Error = sdk::Error;
using sdk::Endpoint;
using sdk::Instant;

/// Progress of a long operation, reported while it runs (imports, campaign sends).
struct Progress {
  std::string_view stage;               ///< "import churn", "send referral-offer"
  std::uint64_t done = 0;               ///< records read / messages handled so far
  std::optional<std::uint64_t> total;   ///< when known (segment size)
};
using ProgressFn = std::function<void(const Progress&)>;

struct KernelOptions {
  /// Folders searched for plugins before the config's plugins.search_path (HERALD_PLUGIN_PATH comes first).
  std::vector<std::filesystem::path> plugin_paths;
  std::string log_level = "warn";  ///< stderr log level: trace, debug, info, warn, error, off
  /// The clock (not owned; must outlive the kernel); nullptr = the system clock.
  const sdk::Clock* clock = nullptr;
  ProgressFn progress;  ///< called from the calling thread during imports and sends; may be empty
};

/// One rejected record of an import: where it is and why.
struct ImportRejection {
  std::string origin;  ///< "churn.csv:12"
  std::string reason;
};

struct ImportSummary {
  std::string project_id, source_id, source;  ///< source: the plugin's description ("file x.csv")
  std::uint64_t read = 0, imported = 0, rejected = 0;
  std::vector<ImportRejection> rejections;  ///< the first 1,000 rejections (all are counted)
  double seconds = 0;
};

/// One campaign run. Counts are messages; `targeted` counts every message recorded before the channel
/// was called, `delivered` those the channel accepted (SUCCESSFUL), `failed` the rest.
struct CampaignRunSummary {
  std::string project_id, campaign_id, campaign_name, run_id;
  std::string state;  ///< PENDING, EXECUTING, COMPLETED, FAILED
  std::uint64_t segment_size = 0, targeted = 0, delivered = 0, failed = 0;
  std::map<std::string, std::uint64_t> failures;  ///< failed messages by delivery status ("TEMPORARY_FAILURE": 3)
  std::string channel;  ///< the channel instance used, e.g. "outbox (channel/outbox)"
  std::string error;    ///< why a FAILED run failed
  std::string note;     ///< why an unfinished run did not run now (interrupted, scheduled later)
};

/// What `run()` did: imports, definitions loaded, campaign runs, where output went.
struct RunReport {
  std::vector<ImportSummary> imports;
  std::vector<CampaignRunSummary> campaigns;
  std::vector<std::string> definitions;  ///< "segment referral-candidates v1 (new)"...
  std::vector<std::string> outputs;      ///< "channel outbox: <folder>", "sink events: <file>", "store: <url>"
};

class Kernel {
public:
  /// Loads and validates the config (every problem reported at once, nothing constructed when any),
  /// loads plugins, opens the store (running migrations) and constructs every plugin instance.
  static std::unique_ptr<Kernel> open(const std::filesystem::path& config_file, KernelOptions options = {});
  /// Validates a config without opening the store or constructing plugins. Throws on any problem
  /// (config::ConfigError lists them all); returns the number of plugin instances checked.
  static std::size_t validate(const std::filesystem::path& config_file, KernelOptions options = {});

  /// Stops schedulers, destroys plugin objects, then unloads plugin libraries.
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  std::vector<std::string> project_ids() const;
  /// Imports every record of source instance `source_id` into the project (bad records reported, skipped).
  ImportSummary import(const std::string& project_id, const std::string& source_id);
  /// Runs the project's configured `imports`, in order.
  std::vector<ImportSummary> run_imports(const std::string& project_id);
  /// Upserts the project's definition files (segments, templates, campaigns) into the store: a new
  /// version only when the canonical JSON changed. Returns one line per definition.
  std::vector<std::string> load_definitions(const std::string& project_id);
  /// Schedules a run of each campaign whose current version has not run yet; returns run ids.
  std::vector<std::string> schedule_campaigns(const std::string& project_id);
  /// Runs due work (campaign runs...) until none is due at the clock's now. Returns items run.
  std::size_t run_until_idle();
  std::vector<CampaignRunSummary> campaign_runs(const std::string& project_id) const;

  /// Upserts endpoints with Pinpoint's semantics; throws Error for the first refused item.
  void upsert_endpoints(const std::string& project_id, const std::vector<Endpoint>& endpoints);
  std::optional<Endpoint> get_endpoint(const std::string& project_id, const std::string& endpoint_id) const;
  /// Number of endpoints a stored segment (by id or Name) selects now.
  std::uint64_t segment_size(const std::string& project_id, const std::string& segment) const;

  /// `herald run`: imports each project's `imports`, loads definitions, schedules campaigns, runs
  /// until idle, flushes channels and sinks.
  RunReport run();

  struct Impl;

private:
  explicit Kernel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herald
