#include "herald/sdk/time.hpp"

// date.h trips -Wmaybe-uninitialized inside its own parser at -O3 (a false positive in the library).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#pragma GCC diagnostic pop

#include <sstream>

namespace herald::sdk {
inline namespace v1 {

std::string format_iso8601(Instant t) { return date::format("%FT%TZ", t); }

std::optional<Instant> parse_iso8601(std::string_view text) {
  // Formats in the order Pinpoint data uses them; each must consume the whole text.
  static constexpr const char* kFormats[] = {"%FT%TZ", "%FT%T%Ez", "%FT%RZ", "%FT%R%Ez", "%FT%T", "%F"};
  const std::string input(text);
  for (const char* format : kFormats) {
    std::istringstream in(input);
    Instant t{};
    in >> date::parse(format, t);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return t;
  }
  return std::nullopt;
}

}  // namespace v1
}  // namespace herald::sdk
