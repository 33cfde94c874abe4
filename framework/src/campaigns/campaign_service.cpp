#include "campaigns/campaign_service.hpp"

#include <exception>
#include <optional>
#include <set>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "concurrency/bounded_queue.hpp"
#include "campaigns/campaign_events.hpp"
#include "campaigns/email_renderer.hpp"
#include "definitions/campaign_definition.hpp"
#include "definitions/email_template.hpp"
#include "segments/definition_parser.hpp"
#include "segments/segment_executor.hpp"
#include "segments/segment_query.hpp"
#include "store/endpoint_rows.hpp"
#include "store/ids.hpp"

namespace herald::campaigns {
namespace {
constexpr std::size_t kBatchSize = 1000;  ///< endpoints loaded and rendered at a time
struct Abandoned {};                     ///< unwinds the rendering thread when the sending thread stopped

/// Collects the audience's endpoint rows of one page (the rendering thread).
class EndpointRows final : public segments::RowReader {
public:
  void bind(soci::statement& st) override { target_.bind(st, /*with_user_attributes=*/true); }
  void row() override {
    endpoints.push_back(target_.to_endpoint());
    target_.user_attributes_ind = soci::i_null;
  }
  const std::string& id() const override { return target_.id; }
  std::vector<sdk::Endpoint> endpoints;

private:
  store::detail::EndpointRow target_;
};
}  // namespace

/// Everything a run needs, resolved once: the definition, the audience query, the renderer, the channel.
struct CampaignService::Prepared {
  store::CampaignRun run;
  definitions::CampaignDefinition campaign;
  segments::SegmentQuery audience;
  std::optional<EmailRenderer> renderer;
  ChannelBinding channel;
  std::string from;
  std::uint64_t segment_size = 0, handled = 0;
  nlohmann::json data;  ///< render scratch (rendering thread only)
};

/// One batch of the audience, loaded and rendered off the sending thread, ready to be targeted.
struct CampaignService::Batch {
  std::size_t read = 0;  ///< endpoint ids of the segment this batch covers
  std::vector<sdk::Message> messages;
  std::vector<store::TargetedMessage> targeted;
  std::vector<std::string> endpoint_json;  ///< per message: the endpoint JSON the events carry
};

/// One channel batch sent, waiting to be recorded (results, counts and send events in one transaction).
struct CampaignService::Sent {
  std::vector<store::MessageOutcome> outcomes;
  std::vector<sdk::Event> events;
  std::vector<std::string> records;  ///< events[i]'s stream record, written by the sending thread
  sdk::Instant at{};
};

std::optional<store::Definition> find_segment(store::DefinitionRepository& definitions, const std::string& project_id,
                                              const std::string& ref) {
  auto segment = definitions.latest(project_id, store::DefinitionKind::kSegment, ref);
  if (!segment) segment = definitions.latest_by_name(project_id, store::DefinitionKind::kSegment, ref);
  return segment;
}

segments::Dialect segment_dialect(const store::Database& database) noexcept {
  return database.dialect() == store::Dialect::kSqlite ? segments::Dialect::kSqlite : segments::Dialect::kPostgresql;
}

CampaignService::CampaignService(CampaignServices services) : s_(std::move(services)) {}

std::vector<std::string> CampaignService::schedule_all(const std::string& project_id) {
  std::vector<std::string> scheduled;
  for (const auto& stored : s_.definitions.list_latest(project_id, store::DefinitionKind::kCampaign)) {
    const auto campaign = definitions::parse_campaign(nlohmann::json::parse(stored.body), "campaign " + stored.name);
    if (campaign.is_paused) continue;
    store::CampaignRun run;
    // A ONCE campaign runs once (Pinpoint: a completed campaign stays COMPLETED when edited), so the run id
    // derives from the campaign, not its version: editing a sent campaign never sends it again.
    run.id = store::derived_id({"campaign-run", project_id, stored.id, "once"});
    run.project_id = project_id;
    run.campaign_id = stored.id;
    run.campaign_version = stored.version;
    run.segment_id = campaign.segment_ref;
    run.scheduled = campaign.immediate ? s_.clock.now() : campaign.start_time;
    const bool created = s_.runs.create(run);
    // A run left PENDING (its work item lost in a crash between the two writes) is enqueued again;
    // running a run twice is harmless (messages are unique per run and endpoint).
    const auto existing = created ? std::optional<store::CampaignRun>{} : s_.runs.get(run.id);
    if (!created && existing->state != store::CampaignRunState::kPending) continue;
    s_.work.enqueue(kCampaignRunWork, nlohmann::json{{"run_id", run.id}}.dump(), run.scheduled);
    if (created) scheduled.push_back(run.id);
  }
  return scheduled;
}

CampaignService::Prepared CampaignService::prepare(const store::CampaignRun& run) {
  Prepared p;
  p.run = run;
  const auto stored = s_.definitions.version(run.project_id, store::DefinitionKind::kCampaign, run.campaign_id,
                                             run.campaign_version);
  if (!stored) throw sdk::Error("campaign run " + run.id, "campaign " + run.campaign_id + " version " +
                                                            std::to_string(run.campaign_version) + " is not stored");
  p.campaign = definitions::parse_campaign(nlohmann::json::parse(stored->body), "campaign " + stored->name);

  auto segment = find_segment(s_.definitions, run.project_id, p.campaign.segment_ref);
  if (segment && p.campaign.segment_version)
    segment = s_.definitions.version(run.project_id, store::DefinitionKind::kSegment, segment->id, *p.campaign.segment_version);
  if (!segment)
    throw sdk::Error("campaign " + stored->name + ": $.SegmentId", "no segment '" + p.campaign.segment_ref + "'",
                     "Define it in the project's definitions/segments folder");
  const auto definition = segments::parse_segment_definition_text(segment->body, "segment " + segment->name);
  p.audience = segments::compile_segment(definition, run.project_id, segment_dialect(s_.database),
                                         segments::SegmentQueryOptions::for_delivery());
  p.audience.sql += " AND e.channel_type = :herald_channel_type";
  p.audience.params["herald_channel_type"] = std::string(sdk::to_string(sdk::ChannelType::kEmail));

  EmailContent content;
  if (!p.campaign.template_name.empty()) {
    auto stored_template = s_.definitions.latest_by_name("", store::DefinitionKind::kTemplate, p.campaign.template_name);
    if (stored_template && p.campaign.template_version)
      stored_template = s_.definitions.version("", store::DefinitionKind::kTemplate, stored_template->id,
                                               *p.campaign.template_version);
    if (!stored_template)
      throw sdk::Error("campaign " + stored->name + ": $.TemplateConfiguration.EmailTemplate.Name",
                       "no email template '" + p.campaign.template_name + "'",
                       "Define it in the project's definitions/templates folder");
    const auto t = definitions::parse_email_template(nlohmann::json::parse(stored_template->body),
                                                     "template " + stored_template->name, stored_template->name);
    content = {"template " + t.name, t.subject, t.html_part, t.text_part, t.default_substitutions};
  } else {
    content = {"campaign " + p.campaign.name, p.campaign.title, p.campaign.html_body, p.campaign.body, ""};
  }
  p.renderer.emplace(engine_, content);

  const auto channel = s_.channel_for(run.project_id, sdk::ChannelType::kEmail);
  if (!channel)
    throw sdk::Error("project " + run.project_id + ": channels.EMAIL", "the project has no enabled EMAIL channel",
                     "Map EMAIL to a channel instance in the project's channels");
  p.channel = *channel;
  p.from = p.campaign.from_address.empty() ? channel->from : p.campaign.from_address;
  if (p.from.empty())
    throw sdk::Error("campaign " + stored->name, "no sender address",
                     "Set MessageConfiguration.EmailMessage.FromAddress or the project's channels.EMAIL.from");
  return p;
}

void CampaignService::execute(const std::string& run_id) {
  auto run = s_.runs.get(run_id);
  if (!run) throw sdk::Error("campaign run " + run_id, "no such run");
  if (run->state == store::CampaignRunState::kCompleted || run->state == store::CampaignRunState::kFailed) return;
  s_.runs.start(run_id, s_.clock.now());
  std::optional<Prepared> prepared;
  try {
    prepared.emplace(prepare(*run));
  } catch (const sdk::Error& e) {  // a definition problem: retrying cannot fix it
    errors_[run_id] = e.what();
    s_.log.error("campaign run {}: {}", run_id, e.what());
    s_.runs.finish(run_id, s_.clock.now(), true);
    return;
  }
  Prepared& p = *prepared;
  channel_labels_[run_id] = p.channel.instance_id + " (" + p.channel.type + ")";
  settle_in_flight(*run);
  {
    auto lease = s_.database.lease();
    p.segment_size = static_cast<std::uint64_t>(segments::count(*lease, p.audience));
  }
  segment_sizes_[run_id] = p.segment_size;
  const std::string stage = "send " + p.campaign.name;
  if (s_.progress) s_.progress({stage, 0, p.segment_size});
  // Two stages on two threads: a rendering thread walks the segment, loads and renders each batch of
  // endpoints, while this thread targets, sends and records the batch before. At most two rendered batches
  // wait in between, so memory stays flat whatever the audience size.
  concurrency::BoundedQueue<Batch> rendered(2);
  std::exception_ptr render_error;
  std::thread renderer([&] {
    try {
      // The segment's own pass reads the whole endpoint rows (no second lookup by id).
      EndpointRows rows;
      auto lease = s_.database.lease();
      segments::for_each_row(*lease, p.audience, store::detail::endpoint_columns(true), kBatchSize, rows, [&] {
        Batch batch;
        render_batch(p, rows.endpoints, batch);
        rows.endpoints.clear();
        if (!rendered.push(std::move(batch))) throw Abandoned{};
      });
    } catch (const Abandoned&) {  // the sending thread stopped first and reports why
    } catch (...) {
      render_error = std::current_exception();
    }
    rendered.close();
  });
  // A third stage records what was sent (results, the run's counts and the send events, one transaction
  // per channel batch) while this thread targets and sends the next batch. What was sent but not yet
  // recorded when the process dies is still TARGETED: in flight, settled as UNKNOWN_FAILURE on resume and
  // never sent again. One sent batch is held here until the next one is targeted, one waits in the queue
  // and one is being recorded, so at most three are in flight.
  concurrency::BoundedQueue<Sent> sent(1);
  std::optional<Sent> held;
  std::exception_ptr record_error;
  std::thread recorder([&] {
    try {
      while (auto item = sent.pop()) record_sent(p, *item);
    } catch (...) {
      record_error = std::current_exception();
      sent.cancel();  // the sending thread stops at its next hand-over
    }
  });
  const auto stop = [&] {
    rendered.cancel();
    renderer.join();
    sent.close();  // what was sent is still recorded
    recorder.join();
  };
  const auto release_held = [&] {  // the last sent batch goes to the recorder too
    if (held) sent.push(std::move(*held));
    held.reset();
  };
  try {
    while (auto batch = rendered.pop()) {
      if (!send_batch(p, *batch, held, sent)) break;  // the recorder failed: record_error says why
      if (s_.progress) s_.progress({stage, p.handled, p.segment_size});
    }
    release_held();
  } catch (...) {
    release_held();
    stop();
    throw;
  }
  stop();
  if (record_error) std::rethrow_exception(record_error);
  if (render_error) std::rethrow_exception(render_error);
  p.channel.channel->flush();
  s_.events.flush();
  s_.runs.finish(run_id, s_.clock.now());
  const auto done = s_.runs.get(run_id);
  s_.log.info("campaign {} run {}: segment {}, targeted {}, delivered {}, failed {}", p.campaign.name, run_id,
              p.segment_size, done->targeted, done->delivered, done->failed);
}

void CampaignService::render_batch(Prepared& p, std::span<const sdk::Endpoint> endpoints, Batch& batch) const {
  batch.read = endpoints.size();
  batch.messages.reserve(endpoints.size());
  batch.targeted.reserve(endpoints.size());
  batch.endpoint_json.reserve(endpoints.size());
  for (const auto& endpoint : endpoints) {
    sdk::Message message;
    message.id = store::new_uuid_v7();  // time-ordered: the message and event indexes grow at their end
    message.project_id = p.run.project_id;
    message.channel_type = sdk::ChannelType::kEmail;
    message.endpoint_id = endpoint.id;
    message.user_id = endpoint.user.user_id;
    message.address = endpoint.address;
    message.from = p.from;
    message.context = {{"campaign_id", p.run.campaign_id}, {"campaign_activity_id", p.run.id}, {"treatment_id", "0"}};
    p.renderer->render(endpoint, p.data, message);
    batch.endpoint_json.push_back(p.data.dump());  // render() left the endpoint's JSON in p.data
    batch.targeted.push_back({message.id, p.run.project_id, endpoint.id, sdk::ChannelType::kEmail, endpoint.address});
    batch.messages.push_back(std::move(message));
  }
}

bool CampaignService::send_batch(Prepared& p, Batch& batch, std::optional<Sent>& held,
                                 concurrency::BoundedQueue<Sent>& sent) {
  p.handled += batch.read;
  // One channel batch at a time: recorded TARGETED (endpoints this run already targeted are skipped),
  // sent, then handed to the recorder. A kill loses at most the batches in flight (sent, not recorded),
  // and a resumed run never sends them again.
  const std::size_t chunk = std::max<std::size_t>(1, p.channel.channel->max_batch_size());
  std::vector<sdk::Message> part;
  std::vector<store::MessageOutcome> outcomes;
  std::size_t e = 0;  // walks batch.messages (and batch.endpoint_json) alongside the sent part (same order)
  for (std::size_t start = 0; start < batch.messages.size(); start += chunk) {
    const std::size_t end = std::min(batch.messages.size(), start + chunk);
    const std::span<const store::TargetedMessage> targets(batch.targeted.data() + start, end - start);
    const auto fresh = s_.messages.record_targeted(p.run.id, targets, s_.clock.now());
    // Only now does the batch sent before go to the recorder: targeting waits for the store's single
    // writer, so handing over first would make every batch wait for the recording of the one before.
    // This way the recorder writes batch N while this thread sends batch N+1.
    if (held) {
      if (!sent.push(std::move(*held))) return false;
      held.reset();
    }
    part.clear();
    for (std::size_t i = start; i < end; ++i)
      if (fresh[i - start]) part.push_back(std::move(batch.messages[i]));
    if (part.empty()) continue;  // record_targeted counted the fresh ones in the run
    // Until the channel returns nothing of this batch is recorded; after it, results go to the recorder.
    std::vector<sdk::DeliveryResult> results;
    try {
      results = p.channel.channel->send(part);
      if (results.size() != part.size())
        throw sdk::Error(p.channel.instance_id, "returned " + std::to_string(results.size()) + " results for " +
                                                    std::to_string(part.size()) + " messages");
    } catch (const std::exception& error) {  // the whole batch could not be attempted
      s_.log.error("channel {}: batch of {} not sent: {}", p.channel.instance_id, part.size(), error.what());
      results.assign(part.size(), sdk::DeliveryResult{sdk::DeliveryStatus::kTemporaryFailure, 0, error.what(), ""});
    }
    outcomes.clear();
    for (std::size_t i = 0; i < part.size(); ++i) outcomes.push_back({part[i].id, std::move(results[i])});
    Sent item;
    item.at = s_.clock.now();
    for (std::size_t i = 0; i < part.size(); ++i) {
      while (e < batch.targeted.size() && batch.targeted[e].endpoint_id != part[i].endpoint_id) ++e;
      append_send_events(item.events, part[i], outcomes[i].result, batch.endpoint_json[e], item.at);
    }
    // The stream records are written here, not on the recording thread: its transactions hold the
    // store's single writer, which is the pipeline's bound. The kernel wrote the facets in canonical form.
    item.records.reserve(item.events.size());
    for (auto& event : item.events) {
      event.arrival = item.at;
      item.records.push_back(sdk::to_stream_record_json(event, sdk::FacetsForm::kCanonical));
    }
    item.outcomes = std::move(outcomes);
    outcomes = {};
    held = std::move(item);
  }
  return true;
}

/// Drops the send events (and their stream records) of the outcomes whose message did not change: another
/// worker settled it first (a takeover after a lapsed lease), and its record stands, so no event may
/// contradict the message's status. Event ids are "<message id>:<type>". Returns how many messages.
std::size_t CampaignService::keep_events_of_changed(Sent& item, const std::vector<bool>& changed) {
  std::set<std::string_view> unchanged;
  for (std::size_t i = 0; i < changed.size() && i < item.outcomes.size(); ++i)
    if (!changed[i]) unchanged.insert(item.outcomes[i].message_id);
  if (unchanged.empty()) return 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < item.events.size(); ++i) {
    const std::string_view id = item.events[i].id;
    if (unchanged.contains(id.substr(0, id.find(':')))) continue;
    if (kept != i) {
      item.events[kept] = std::move(item.events[i]);
      item.records[kept] = std::move(item.records[i]);
    }
    ++kept;
  }
  item.events.resize(kept);
  item.records.resize(kept);
  return unchanged.size();
}

void CampaignService::record_sent(Prepared& p, Sent& item) {
  // Results, the run's counts and the send events commit together: a kill leaves either all of them
  // or none (the batch is then still TARGETED: in flight, settled as UNKNOWN_FAILURE on resume).
  std::size_t settled_elsewhere = 0;
  s_.messages.record_results(item.outcomes, item.at, p.run.id,
                             [&](store::SessionLease& lease, const std::vector<bool>& changed) {
                               settled_elsewhere = keep_events_of_changed(item, changed);
                               s_.events.store_in(lease, item.events, item.records);
                             });
  if (settled_elsewhere > 0)
    s_.log.warn("campaign run {}: {} messages were settled by another worker first (its lease had lapsed); "
                "their results and send events from this worker were not stored", p.run.id, settled_elsewhere);
  s_.events.deliver(std::move(item.events));
}


void CampaignService::settle_in_flight(const store::CampaignRun& run) {
  // Messages left TARGETED by an interrupted execution were in flight: the channel may or may not have
  // sent them. They are never sent again; they are recorded as UNKNOWN_FAILURE so no record is lost and
  // the run's counts add up (targeted = delivered + failed).
  const auto unsent = s_.messages.unsent(run.id);
  if (unsent.empty()) return;
  std::vector<store::MessageOutcome> outcomes;
  outcomes.reserve(unsent.size());
  for (const auto& m : unsent)
    outcomes.push_back({m.id, sdk::DeliveryResult{sdk::DeliveryStatus::kUnknownFailure, 0,
                                                  "interrupted while in flight: delivery unknown, not retried", ""}});
  s_.messages.record_results(outcomes, s_.clock.now(), run.id);  // counted as failed in the same transaction
  s_.log.warn("campaign run {}: {} messages were in flight when the run was interrupted; recorded as "
              "UNKNOWN_FAILURE (not sent again)", run.id, outcomes.size());
}

CampaignRunSummary CampaignService::summary(const store::CampaignRun& run) const {
  CampaignRunSummary s;
  s.project_id = run.project_id;
  s.campaign_id = run.campaign_id;
  if (const auto stored = s_.definitions.version(run.project_id, store::DefinitionKind::kCampaign, run.campaign_id,
                                                 run.campaign_version))
    s.campaign_name = stored->name;
  s.run_id = run.id;
  s.state = std::string(store::to_string(run.state));
  s.targeted = static_cast<std::uint64_t>(run.targeted);
  s.delivered = static_cast<std::uint64_t>(run.delivered);
  s.failed = static_cast<std::uint64_t>(run.failed);
  if (const auto it = segment_sizes_.find(run.id); it != segment_sizes_.end()) s.segment_size = it->second;
  if (const auto it = errors_.find(run.id); it != errors_.end()) s.error = it->second;
  if (const auto it = channel_labels_.find(run.id); it != channel_labels_.end()) s.channel = it->second;
  if (run.failed > 0)
    for (const auto& [status, count] : s_.messages.count_by_delivery_status(run.id))
      if (status != "SUCCESSFUL") s.failures[status] = count;
  return s;
}

}  // namespace herald::campaigns
