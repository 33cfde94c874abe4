#pragma once
/// channel/outbox: a Channel that writes what would be sent instead of sending it, as .eml files
/// (the same MIME bytes the SMTP channel sends) or as NDJSON lines. For dry runs, tests and demos.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "herald/sdk/channel.hpp"
#include "herald/sdk/context.hpp"
#include "herald/sdk/plugin.hpp"
#include "herald/sdk/settings.hpp"
#include "outbox_files.hpp"

namespace herald::channel_outbox {

inline constexpr const char* kType = "channel/outbox";

enum class OutboxFormat { kEml, kNdjson };

/// Validated settings of one outbox instance.
struct OutboxConfig {
  std::filesystem::path path;  ///< the outbox folder
  OutboxFormat format = OutboxFormat::kEml;
  int shards = 256;  ///< eml only: number of shard folders, 1..256
};

/// The settings schema: path (required), format (eml|ndjson), shards (1..256).
sdk::SettingsSchema outbox_schema();
/// Reads validated settings. Throws sdk::Error("settings.<key>", ...) for a value the schema
/// cannot express (e.g. an unknown format when called without kernel validation).
OutboxConfig parse_outbox_config(const sdk::Settings& settings);
/// The factory registered by the plugin.
sdk::ChannelFactory outbox_factory();

/// Writes each message; every written message is SUCCESSFUL with provider_message_id = the .eml
/// path (eml) or "<ndjson path>:<line>" (ndjson). A message the MIME writer rejects (bad address,
/// header injection) is PERMANENT_FAILURE with the reason. Thread-safe: eml sends run concurrently
/// (each message is its own file); ndjson sends are serialized on the one file.
class OutboxChannel final : public sdk::Channel {
public:
  /// Creates the outbox folder. Throws sdk::Error("settings.path", ...) when it cannot be created.
  OutboxChannel(OutboxConfig config, sdk::Context& context);
  /// eml: {kEmail}; ndjson: every channel type (any message can be recorded as JSON).
  std::vector<sdk::ChannelType> channel_types() const override;
  /// Throws sdk::TransientError when the file system refuses a write (disk full, permissions).
  std::vector<sdk::DeliveryResult> send(std::span<const sdk::Message> messages) override;
  std::size_t max_batch_size() const override { return 1000; }
  /// ndjson: writes the buffer and fdatasyncs the file; eml: syncfs on the outbox's file system.
  void flush() override;
  /// The NDJSON file of this run (empty before the first ndjson send).
  std::string ndjson_path() const;

private:
  sdk::DeliveryResult write_eml(const sdk::Message& message);
  sdk::DeliveryResult write_ndjson(const sdk::Message& message);

  OutboxConfig config_;
  sdk::Context& context_;
  mutable std::mutex mutex_;
  std::optional<ShardedFileWriter> eml_;
  std::unique_ptr<NdjsonFile> ndjson_;
  std::string line_;  ///< scratch for write_ndjson (guarded by mutex_)
};

}  // namespace herald::channel_outbox
