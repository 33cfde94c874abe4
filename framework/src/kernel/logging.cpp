#include "kernel/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace herald::kernel {
namespace {
spdlog::level::level_enum to_spdlog(sdk::LogLevel level) {
  switch (level) {
    case sdk::LogLevel::kTrace: return spdlog::level::trace;
    case sdk::LogLevel::kDebug: return spdlog::level::debug;
    case sdk::LogLevel::kInfo: return spdlog::level::info;
    case sdk::LogLevel::kWarn: return spdlog::level::warn;
    case sdk::LogLevel::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}
}  // namespace

LogHub::LogHub(const std::string& level) : level_(spdlog::level::from_str(level)), min_level_(level_) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(level_);
  sinks_.push_back(std::move(console));
}

std::shared_ptr<spdlog::logger> LogHub::make(const std::string& name) const {
  auto logger = std::make_shared<spdlog::logger>(name, sinks_.begin(), sinks_.end());
  logger->set_level(min_level_);  // below every sink's level: nothing is formatted
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ [%n] %v", spdlog::pattern_time_type::utc);
  return logger;
}

void LogHub::add_file(const std::string& path) {
  auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path);
  file->set_level(spdlog::level::debug);
  min_level_ = std::min(min_level_, spdlog::level::debug);
  sinks_.push_back(std::move(file));
}

bool PluginLogger::enabled(sdk::LogLevel level) const noexcept { return logger_->should_log(to_spdlog(level)); }

void PluginLogger::write(sdk::LogLevel level, std::string_view message) noexcept {
  try {
    logger_->log(to_spdlog(level), message);
  } catch (const std::exception&) {  // a failing sink must not take a send down; nothing else to report to
  }
}

}  // namespace herald::kernel
