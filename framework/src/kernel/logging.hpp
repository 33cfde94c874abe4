#pragma once
/// The kernel's logging: it owns the spdlog sinks and hands each plugin instance a named sdk::Logger
/// ("channel.email-smtp#email"). Nothing is registered in spdlog's global registry, so two kernels in
/// one process keep their own sinks and levels.
#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <vector>

#include "herald/sdk/logger.hpp"

namespace herald::kernel {

/// Sinks and level shared by every logger of one kernel.
class LogHub {
public:
  /// Logs to stderr at `level` ("trace", "debug", "info", "warn", "error", "off").
  explicit LogHub(const std::string& level = "warn");
  /// A new named logger writing to this hub's sinks.
  std::shared_ptr<spdlog::logger> make(const std::string& name) const;
  /// Also write every line to `path` (appended), at debug level and above.
  void add_file(const std::string& path);

private:
  std::vector<spdlog::sink_ptr> sinks_;
  spdlog::level::level_enum level_;
  spdlog::level::level_enum min_level_;
};

/// sdk::Logger over one spdlog logger.
class PluginLogger final : public sdk::Logger {
public:
  explicit PluginLogger(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
  bool enabled(sdk::LogLevel level) const noexcept override;
  void write(sdk::LogLevel level, std::string_view message) noexcept override;

private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace herald::kernel
