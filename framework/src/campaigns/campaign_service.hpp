#pragma once
/// Standard campaigns: scheduling a run of a campaign version, and executing a run as a durable state
/// machine (store::CampaignRunRepository). Each message is recorded TARGETED before the channel is
/// called and SENT with its delivery status after, so a crash or kill neither loses a record nor
/// re-sends beyond the in-flight batch: a resumed run skips every endpoint already targeted.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "concurrency/bounded_queue.hpp"
#include "events/event_service.hpp"
#include "herald/kernel.hpp"
#include "herald/sdk/channel.hpp"
#include "store/campaign_run_repository.hpp"
#include "store/database.hpp"
#include "store/definition_repository.hpp"
#include "store/endpoint_repository.hpp"
#include "store/message_repository.hpp"
#include "segments/segment_query.hpp"
#include "store/work_item_repository.hpp"
#include "templates/engine.hpp"

namespace herald::campaigns {

/// The channel a project uses for one channel type (config `projects[].channels.EMAIL`).
struct ChannelBinding {
  sdk::Channel* channel = nullptr;  ///< not owned
  std::string instance_id;          ///< "outbox"
  std::string type;                 ///< "channel/outbox"
  std::string from;                 ///< the project's default sender for this channel
};
/// Finds the binding for (project, channel type); nullopt when the project has none or it is disabled.
using ChannelLookup = std::function<std::optional<ChannelBinding>(const std::string& project_id, sdk::ChannelType)>;

struct CampaignServices {
  store::Database& database;
  store::EndpointRepository& endpoints;
  store::MessageRepository& messages;
  store::DefinitionRepository& definitions;
  store::CampaignRunRepository& runs;
  store::WorkItemRepository& work;
  events::EventService& events;
  const sdk::Clock& clock;
  sdk::Logger& log;
  ChannelLookup channel_for;
  ProgressFn progress;
};

/// The stored segment a definition refers to by id or, in definition files, by Name (latest version).
std::optional<store::Definition> find_segment(store::DefinitionRepository& definitions, const std::string& project_id,
                                              const std::string& ref);
/// The segment compiler's dialect for a store.
segments::Dialect segment_dialect(const store::Database& database) noexcept;

/// Work item kind of a campaign run; payload `{"run_id": "..."}`.
inline constexpr const char* kCampaignRunWork = "campaign.run";

class CampaignService {
public:
  explicit CampaignService(CampaignServices services);

  /// Schedules the run of the latest version of every campaign of the project that is not paused and
  /// has not run yet (a ONCE campaign runs once: its run id derives from project and campaign, so
  /// scheduling twice, or after an edit, is harmless). Returns the ids of runs scheduled now.
  std::vector<std::string> schedule_all(const std::string& project_id);
  /// Executes (or resumes) a run. A run already COMPLETED or FAILED is left alone. Errors of the
  /// definitions (missing segment or template, template syntax) fail the run with the message kept for
  /// summary(); store errors propagate so the scheduler retries.
  void execute(const std::string& run_id);
  /// What a run did so far.
  CampaignRunSummary summary(const store::CampaignRun& run) const;

private:
  struct Prepared;
  struct Batch;
  struct Sent;
  Prepared prepare(const store::CampaignRun& run);
  /// Renders one page of the audience (the rendering thread).
  void render_batch(Prepared& prepared, std::span<const sdk::Endpoint> endpoints, Batch& batch) const;
  /// Targets and sends one rendered batch, channel batch by channel batch. Each sent channel batch is
  /// `held` until the next one is targeted, then handed to the recording thread through `sent`.
  /// False when the recorder stopped (it failed).
  bool send_batch(Prepared& prepared, Batch& batch, std::optional<Sent>& held,
                  concurrency::BoundedQueue<Sent>& sent);
  /// Stores the results, counts and send events of one sent channel batch, then queues the events for
  /// the sinks (the recording thread).
  void record_sent(Prepared& prepared, Sent& item);
  static std::size_t keep_events_of_changed(Sent& item, const std::vector<bool>& changed);
  void settle_in_flight(const store::CampaignRun& run);

  CampaignServices s_;
  templates::Engine engine_;
  std::map<std::string, std::string> errors_;  ///< run id -> why it failed (this process)
  std::map<std::string, std::uint64_t> segment_sizes_;
  std::map<std::string, std::string> channel_labels_;
};

}  // namespace herald::campaigns
