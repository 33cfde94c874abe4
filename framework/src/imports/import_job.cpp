// The import pipeline: a reader thread fills batches from the source while the calling thread upserts
// the previous batch into the store. At most kBatches batches exist (memory stays flat whatever the input
// size); their endpoints are recycled, so a reader that reuses its item's storage allocates nothing per row.
#include "imports/import_job.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"

namespace herald::imports {
namespace {

/// Batches in flight: one being filled by the reader, one being written, one ready in between.
constexpr std::size_t kBatches = 3;
/// Progress is reported each time this many more records have been read.
constexpr std::uint64_t kProgressEvery = 10000;

/// A record the source rejected, kept in its place among the batch's endpoints.
struct SourceRejection {
  std::size_t before = 0;  ///< endpoints of the batch read before it (its position in file order)
  sdk::RecordOrigin origin;
  std::string reason;
};

/// Up to batch_size records read in file order: good endpoints (with their origins) and rejections.
struct Batch {
  std::vector<sdk::Endpoint> endpoints;  ///< slots reused across batches; the first `count` are this batch's
  std::vector<sdk::RecordOrigin> origins;
  std::size_t count = 0;
  std::vector<SourceRejection> rejections;  ///< slots reused; the first `rejected` are this batch's
  std::size_t rejected = 0;

  std::size_t size() const noexcept { return count + rejected; }
  void clear() noexcept { count = rejected = 0; }

  /// Takes the item's endpoint and origin by swapping them with a recycled slot: the item gets the
  /// slot's old storage back for the reader to overwrite (RecordReader::next sets every field).
  void add(sdk::SourceItem& item) {
    if (count == endpoints.size()) {
      endpoints.emplace_back();
      origins.emplace_back();
    }
    std::swap(endpoints[count], item.endpoint);
    std::swap(origins[count], item.origin);
    ++count;
  }
  void reject(sdk::SourceItem& item) {
    if (rejected == rejections.size()) rejections.emplace_back();
    auto& r = rejections[rejected++];
    r.before = count;
    std::swap(r.origin, item.origin);
    std::swap(r.reason, item.reason);
  }
};

/// The hand-over between the reader thread and the writing (calling) thread: a pool of free batches
/// and a queue of full ones, in file order.
class Pipeline {
public:
  explicit Pipeline(std::size_t batches) : storage_(batches) {
    for (auto& b : storage_) free_.push_back(&b);
  }

  /// Reader side: a free batch to fill, or nullptr when the writer stopped (store failure).
  Batch* take_free() {
    std::unique_lock lock(mutex_);
    free_ready_.wait(lock, [&] { return stopped_ || !free_.empty(); });
    if (stopped_) return nullptr;
    Batch* b = free_.front();
    free_.pop_front();
    return b;
  }
  /// Reader side: hands a filled batch to the writer.
  void put_full(Batch* batch) {
    {
      std::lock_guard lock(mutex_);
      full_.push_back(batch);
    }
    full_ready_.notify_one();
  }
  /// Reader side: no more batches; `error` is the source's failure (null at a normal end).
  void finish(std::exception_ptr error) {
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
      error_ = std::move(error);
    }
    full_ready_.notify_one();
  }

  /// Writer side: the next filled batch in file order, or nullptr when the reader has finished.
  Batch* take_full() {
    std::unique_lock lock(mutex_);
    full_ready_.wait(lock, [&] { return finished_ || !full_.empty(); });
    if (full_.empty()) return nullptr;
    Batch* b = full_.front();
    full_.pop_front();
    return b;
  }
  /// Writer side: a written batch goes back to the pool.
  void put_free(Batch* batch) {
    batch->clear();
    {
      std::lock_guard lock(mutex_);
      free_.push_back(batch);
    }
    free_ready_.notify_one();
  }
  /// Writer side: stops the reader (it gets no more free batches).
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    free_ready_.notify_all();
  }
  /// The source's failure, once take_full() returned nullptr.
  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

private:
  std::vector<Batch> storage_;
  std::mutex mutex_;
  std::condition_variable free_ready_, full_ready_;
  std::deque<Batch*> free_, full_;
  bool finished_ = false, stopped_ = false;
  std::exception_ptr error_;
};

/// The reader thread's loop: fills batches until the source ends, fails or the writer stops.
/// Never throws: the source's failure goes to the pipeline with what was read before it.
void read_all(sdk::RecordReader& reader, Pipeline& pipeline, std::size_t batch_size) noexcept {
  std::exception_ptr error;
  Batch* batch = nullptr;
  try {
    sdk::SourceItem item;
    bool more = true;
    while (more) {
      batch = pipeline.take_free();
      if (!batch) return;  // the writer failed: stop reading (its error is the one reported)
      while (batch->size() < batch_size) {
        try {
          more = reader.next(item);
        } catch (...) {  // the stream broke (truncated .gz, I/O error): keep what was read
          error = std::current_exception();
          more = false;
        }
        if (!more) break;
        if (item.ok)
          batch->add(item);
        else
          batch->reject(item);
      }
      pipeline.put_full(batch);
      batch = nullptr;
    }
  } catch (...) {  // out of memory while growing a batch: report it like a source failure
    if (batch) pipeline.put_full(batch);
    error = std::current_exception();
  }
  pipeline.finish(std::move(error));
}

/// Stops and joins the reader thread on every way out of run_import (a store failure included).
class ReaderThread {
public:
  ReaderThread(sdk::RecordReader& reader, Pipeline& pipeline, std::size_t batch_size)
      : pipeline_(pipeline), thread_([&reader, &pipeline, batch_size] { read_all(reader, pipeline, batch_size); }) {}
  ~ReaderThread() {
    pipeline_.stop();
    thread_.join();
  }
  ReaderThread(const ReaderThread&) = delete;
  ReaderThread& operator=(const ReaderThread&) = delete;

private:
  Pipeline& pipeline_;
  std::thread thread_;
};

/// The writing side: upserts batches and keeps the summary, rejections in file order.
class Writer {
public:
  Writer(ImportSummary& summary, store::EndpointRepository& endpoints, const std::string& project_id,
         const sdk::Clock& clock, sdk::Logger& log, const ImportOptions& options)
      : summary_(summary), endpoints_(endpoints), project_id_(project_id), clock_(clock), log_(log), options_(options) {}

  void write(Batch& batch) {  // the batch's endpoints are consumed by the store
    std::vector<store::UpsertResult> outcomes;
    if (batch.count > 0)
      outcomes = endpoints_.upsert_batch_consuming(project_id_, std::span(batch.endpoints.data(), batch.count),
                                                   clock_.now());
    if (outcomes.size() != batch.count)
      throw sdk::Error("import", fmt::format("the store returned {} outcomes for {} endpoints (a bug)", outcomes.size(),
                                             batch.count));
    std::size_t r = 0;
    for (std::size_t i = 0; i <= outcomes.size(); ++i) {
      for (; r < batch.rejected && batch.rejections[r].before == i; ++r)
        reject(batch.rejections[r].origin, batch.rejections[r].reason);
      if (i == outcomes.size()) break;
      if (outcomes[i].ok)
        ++summary_.imported;
      else
        reject(batch.origins[i], outcomes[i].error);
    }
    summary_.read += batch.size();
  }

private:
  void reject(const sdk::RecordOrigin& origin, const std::string& reason) {
    ++summary_.rejected;
    const std::string where = origin.to_string();
    log_.debug("rejected {}: {}", where, reason);  // the summary lists rejections; no double printing
    if (summary_.rejections.size() < options_.max_rejections) summary_.rejections.push_back({where, reason});
  }

  ImportSummary& summary_;
  store::EndpointRepository& endpoints_;
  const std::string& project_id_;
  const sdk::Clock& clock_;
  sdk::Logger& log_;
  const ImportOptions& options_;
};

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

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
  const std::size_t batch_size = options.batch_size > 0 ? options.batch_size : 1;
  Writer writer(summary, endpoints, project_id, clock, log, options);
  auto reader = source.open();  // a source that cannot be opened throws here, before any thread starts
  Pipeline pipeline(kBatches);
  std::exception_ptr source_error;
  {
    ReaderThread thread(*reader, pipeline, batch_size);
    while (Batch* batch = pipeline.take_full()) {
      const std::uint64_t before = summary.read;
      writer.write(*batch);  // a store failure throws: ~ReaderThread stops and joins the reader
      pipeline.put_free(batch);
      if (progress && summary.read / kProgressEvery != before / kProgressEvery)
        progress({stage, summary.read, std::nullopt});
    }
    source_error = pipeline.error();
  }
  reader.reset();  // the reader thread is done with it
  if (source_error) {
    log.error("import {}: the source failed after {} records ({} imported, kept): {}", source_id, summary.read,
              summary.imported, describe(source_error));
    std::rethrow_exception(source_error);
  }
  if (progress) progress({stage, summary.read, summary.read});
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log.info("import {} into {}: read {}, imported {}, rejected {}", source_id, project_id, summary.read,
           summary.imported, summary.rejected);
  return summary;
}

}  // namespace herald::imports
