#pragma once
/// Time in Herald: instants are UTC `std::chrono::sys_time` with millisecond precision.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace herald::sdk {
inline namespace v1 {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

/// Source of the current instant. The kernel lends one to every plugin; tests use a manual clock.
class Clock {
public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

/// Formats as ISO-8601 UTC with milliseconds: "2019-10-10T23:43:02.725Z".
std::string format_iso8601(Instant t);
/// Parses ISO-8601 UTC instants as Pinpoint writes them: "2019-10-10T23:43:02.725Z",
/// "2020-03-10T11:00Z" (no seconds), "2024-01-01T00:00:00Z", "2024-01-01" (midnight UTC), and
/// numeric offsets ("+02:00"). Returns nullopt when the text is not such an instant.
std::optional<Instant> parse_iso8601(std::string_view text);

}  // namespace v1
}  // namespace herald::sdk
