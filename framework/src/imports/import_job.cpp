#include "imports/import_job.hpp"

#include <chrono>

namespace herald::imports {
namespace {

class Batch {
public:
  Batch(ImportSummary& summary, store::EndpointRepository& endpoints, const std::string& project_id,
        const sdk::Clock& clock, sdk::Logger& log, const ImportOptions& options)
      : summary_(summary), endpoints_(endpoints), project_id_(project_id), clock_(clock), log_(log), options_(options) {
    records_.reserve(options.batch_size);
    origins_.reserve(options.batch_size);
  }

  void add(sdk::SourceItem& item) {
    records_.push_back(std::move(item.endpoint));
    origins_.push_back(item.origin.to_string());
    if (records_.size() >= options_.batch_size) flush();
  }

  void reject(const std::string& origin, const std::string& reason) {
    ++summary_.rejected;
    log_.debug("rejected {}: {}", origin, reason);  // the summary lists rejections; no double printing
    if (summary_.rejections.size() < options_.max_rejections) summary_.rejections.push_back({origin, reason});
  }

  void flush() {
    if (records_.empty()) return;
    const auto outcomes = endpoints_.upsert_batch(project_id_, records_, clock_.now());
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].ok) {
        ++summary_.imported;
      } else {
        reject(origins_[i], outcomes[i].error);
      }
    }
    records_.clear();
    origins_.clear();
  }

private:
  ImportSummary& summary_;
  store::EndpointRepository& endpoints_;
  const std::string& project_id_;
  const sdk::Clock& clock_;
  sdk::Logger& log_;
  const ImportOptions& options_;
  std::vector<sdk::Endpoint> records_;
  std::vector<std::string> origins_;
};

}  // namespace

ImportSummary run_import(sdk::SegmentSource& source, store::EndpointRepository& endpoints, const std::string& project_id,
                         const std::string& source_id, const sdk::Clock& clock, const ProgressFn& progress,
                         sdk::Logger& log, const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ImportSummary summary;
  summary.project_id = project_id;
  summary.source_id = source_id;
  summary.source = source.describe();
  const std::string stage = "import " + source_id;
  Batch batch(summary, endpoints, project_id, clock, log, options);
  auto reader = source.open();
  sdk::SourceItem item;
  for (;;) {
    try {
      if (!reader->next(item)) break;
    } catch (const std::exception& e) {  // the stream broke (truncated .gz, I/O error): keep what was read
      batch.flush();
      log.error("import {}: the source failed after {} records ({} imported, kept): {}", source_id, summary.read,
                summary.imported, e.what());
      throw;
    }
    ++summary.read;
    if (item.ok) {
      batch.add(item);
    } else {
      batch.reject(item.origin.to_string(), item.reason);
    }
    if (progress && summary.read % 10000 == 0) progress({stage, summary.read, std::nullopt});
  }
  batch.flush();
  if (progress) progress({stage, summary.read, summary.read});
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log.info("import {} into {}: read {}, imported {}, rejected {}", source_id, project_id, summary.read,
           summary.imported, summary.rejected);
  return summary;
}

}  // namespace herald::imports
