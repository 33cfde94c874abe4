#pragma once
/// An import: streams a SegmentSource's records into a project's endpoints in batches (memory stays
/// flat whatever the input size). A bad record is reported with its origin and skipped; the rest lands.
#include <functional>
#include <string>

#include "herald/kernel.hpp"
#include "herald/sdk/logger.hpp"
#include "herald/sdk/segment_source.hpp"
#include "store/endpoint_repository.hpp"

namespace herald::imports {

struct ImportOptions {
  std::size_t batch_size = 2000;        ///< endpoints per store transaction
  std::size_t max_rejections = 1000;    ///< rejections kept in the summary (all are counted and logged)
};

/// Reads every record of `source` and upserts it into `project_id`. Records refused by the store
/// (e.g. a user over its endpoint limit) are rejections too, with the record's origin; the summary's
/// rejections are in file order. Pipelined: a reader thread (the only user of the RecordReader) fills
/// batches of `batch_size` records while the calling thread upserts the previous one; at most 3 batches
/// exist at once. `progress` and `log` are called from the calling thread only.
/// Throws sdk::Error when the source cannot be opened (file missing, bad header). When the source fails
/// mid-stream, every record read before the failure is upserted, then its error is logged and rethrown.
/// When the store fails, the reader is stopped and the store's error is rethrown.
ImportSummary run_import(sdk::SegmentSource& source, store::EndpointRepository& endpoints, const std::string& project_id,
                         const std::string& source_id, const sdk::Clock& clock, const ProgressFn& progress,
                         sdk::Logger& log, const ImportOptions& options = {});

}  // namespace herald::imports
