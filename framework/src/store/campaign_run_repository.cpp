#include "store/campaign_run_repository.hpp"

#include <fmt/format.h>

#include "store/ids.hpp"
#include "store/store_error.hpp"

namespace herald::store {

std::string_view to_string(CampaignRunState state) noexcept {
  switch (state) {
    case CampaignRunState::kPending: return "PENDING";
    case CampaignRunState::kExecuting: return "EXECUTING";
    case CampaignRunState::kCompleted: return "COMPLETED";
    case CampaignRunState::kFailed: return "FAILED";
  }
  return "PENDING";
}

namespace {
CampaignRunState parse_state(const std::string& text) {
  for (auto s : {CampaignRunState::kPending, CampaignRunState::kExecuting, CampaignRunState::kCompleted,
                 CampaignRunState::kFailed})
    if (to_string(s) == text) return s;
  return CampaignRunState::kPending;
}

long long affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}
}  // namespace

CampaignRunRepository::CampaignRunRepository(Database& database) : database_(database) {}

bool CampaignRunRepository::create(const CampaignRun& run) {
  return with_store_errors(database_, "CampaignRunRepository::create", [&] {
    SessionLease lease = database_.lease();
    std::string state(to_string(run.state));
    long long scheduled = to_ms(run.scheduled), started = run.started ? to_ms(*run.started) : 0,
              completed = run.completed ? to_ms(*run.completed) : 0;
    soci::indicator started_ind = run.started ? soci::i_ok : soci::i_null,
                    completed_ind = run.completed ? soci::i_ok : soci::i_null;
    long long targeted = run.targeted, delivered = run.delivered, failed = run.failed;
    soci::statement st =
        (lease.session().prepare
             << "INSERT INTO campaign_runs (id, project_id, campaign_id, campaign_version, segment_id, scheduled_ms,"
                " state, started_ms, completed_ms, targeted, delivered, failed)"
                " VALUES (:id, :p, :c, :v, :s, :sch, :st, :sta, :com, :t, :d, :f) " +
                    upsert_clause(database_.dialect(), "id", ""),
         soci::use(run.id), soci::use(run.project_id), soci::use(run.campaign_id), soci::use(run.campaign_version),
         soci::use(run.segment_id), soci::use(scheduled), soci::use(state), soci::use(started, started_ind),
         soci::use(completed, completed_ind), soci::use(targeted), soci::use(delivered), soci::use(failed));
    return affected(st) > 0;
  });
}

std::vector<CampaignRun> CampaignRunRepository::select(const std::string& where,
                                                       const std::vector<std::string>& values) {
  std::vector<CampaignRun> out;
  CampaignRun row;
  std::string state;
  long long scheduled = 0, started = 0, completed = 0, targeted = 0, delivered = 0, failed = 0;
  soci::indicator started_ind = soci::i_null, completed_ind = soci::i_null;
  SessionLease lease = database_.lease();
  soci::statement st(lease.session());
  for (auto* target : {&row.id, &row.project_id, &row.campaign_id}) st.exchange(soci::into(*target));
  st.exchange(soci::into(row.campaign_version));
  st.exchange(soci::into(row.segment_id));
  st.exchange(soci::into(scheduled));
  st.exchange(soci::into(state));
  st.exchange(soci::into(started, started_ind));
  st.exchange(soci::into(completed, completed_ind));
  st.exchange(soci::into(targeted));
  st.exchange(soci::into(delivered));
  st.exchange(soci::into(failed));
  for (const auto& value : values) st.exchange(soci::use(value));
  st.alloc();
  st.prepare("SELECT id, project_id, campaign_id, campaign_version, segment_id, scheduled_ms, state, started_ms,"
             " completed_ms, targeted, delivered, failed FROM campaign_runs WHERE " + where +
             " ORDER BY scheduled_ms, id");
  st.define_and_bind();
  if (st.execute(true)) {
    do {
      row.scheduled = from_ms(scheduled);
      row.state = parse_state(state);
      row.started = started_ind == soci::i_ok ? std::optional(from_ms(started)) : std::nullopt;
      row.completed = completed_ind == soci::i_ok ? std::optional(from_ms(completed)) : std::nullopt;
      row.targeted = targeted, row.delivered = delivered, row.failed = failed;
      out.push_back(row);
    } while (st.fetch());
  }
  return out;
}

std::optional<CampaignRun> CampaignRunRepository::get(const std::string& run_id) {
  return with_store_errors(database_, "CampaignRunRepository::get", [&]() -> std::optional<CampaignRun> {
    auto rows = select("id = :id", {run_id});
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

bool CampaignRunRepository::start(const std::string& run_id, sdk::Instant now) {
  return with_store_errors(database_, "CampaignRunRepository::start", [&] {
    SessionLease lease = database_.lease();
    long long at = to_ms(now);
    soci::statement st = (lease.session().prepare
                              << "UPDATE campaign_runs SET state = 'EXECUTING', started_ms = COALESCE(started_ms, :t)"
                                 " WHERE id = :id AND state IN ('PENDING', 'EXECUTING')",
                          soci::use(at), soci::use(run_id));
    return affected(st) > 0;
  });
}

bool CampaignRunRepository::finish(const std::string& run_id, sdk::Instant now, bool failed) {
  return with_store_errors(database_, "CampaignRunRepository::finish", [&] {
    SessionLease lease = database_.lease();
    long long at = to_ms(now);
    std::string state(to_string(failed ? CampaignRunState::kFailed : CampaignRunState::kCompleted));
    soci::statement st = (lease.session().prepare << "UPDATE campaign_runs SET state = :s, completed_ms = :t"
                                                     " WHERE id = :id AND state = 'EXECUTING'",
                          soci::use(state), soci::use(at), soci::use(run_id));
    return affected(st) > 0;
  });
}

void CampaignRunRepository::add_counts(const std::string& run_id, std::int64_t targeted, std::int64_t delivered,
                                       std::int64_t failed) {
  with_store_errors(database_, "CampaignRunRepository::add_counts", [&] {
    SessionLease lease = database_.lease();
    long long t = targeted, d = delivered, f = failed;
    lease.session() << "UPDATE campaign_runs SET targeted = targeted + :t, delivered = delivered + :d,"
                       " failed = failed + :f WHERE id = :id",
        soci::use(t), soci::use(d), soci::use(f), soci::use(run_id);
  });
}

std::vector<CampaignRun> CampaignRunRepository::list_for_campaign(const std::string& project_id,
                                                                  const std::string& campaign_id) {
  return with_store_errors(database_, "CampaignRunRepository::list_for_campaign",
                           [&] { return select("project_id = :p AND campaign_id = :c", {project_id, campaign_id}); });
}

std::vector<CampaignRun> CampaignRunRepository::list_in_state(CampaignRunState state) {
  return with_store_errors(database_, "CampaignRunRepository::list_in_state",
                           [&] { return select("state = :s", {std::string(to_string(state))}); });
}

}  // namespace herald::store
