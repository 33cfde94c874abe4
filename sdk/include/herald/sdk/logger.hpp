#pragma once
/// The logger the kernel lends a plugin instance (named e.g. "channel.email-smtp#email").
/// The kernel owns the sinks; plugins never touch spdlog. Formatting happens only when enabled.
#include <fmt/format.h>

#include <string_view>

namespace herald::sdk {
inline namespace v1 {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

class Logger {
public:
  virtual ~Logger() = default;
  virtual bool enabled(LogLevel level) const noexcept = 0;
  virtual void write(LogLevel level, std::string_view message) noexcept = 0;

  template <typename... Args>
  void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) noexcept {
    if (!enabled(level)) return;
    try {
      write(level, fmt::format(format, std::forward<Args>(args)...));
    } catch (...) {  // formatting failed (out of memory): drop the line, never throw from a log call
      write(level, "(log line dropped: formatting failed)");
    }
  }
  template <typename... Args> void debug(fmt::format_string<Args...> f, Args&&... a) noexcept { log(LogLevel::kDebug, f, std::forward<Args>(a)...); }
  template <typename... Args> void info(fmt::format_string<Args...> f, Args&&... a) noexcept { log(LogLevel::kInfo, f, std::forward<Args>(a)...); }
  template <typename... Args> void warn(fmt::format_string<Args...> f, Args&&... a) noexcept { log(LogLevel::kWarn, f, std::forward<Args>(a)...); }
  template <typename... Args> void error(fmt::format_string<Args...> f, Args&&... a) noexcept { log(LogLevel::kError, f, std::forward<Args>(a)...); }
};

}  // namespace v1
}  // namespace herald::sdk
