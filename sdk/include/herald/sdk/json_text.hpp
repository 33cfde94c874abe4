#pragma once
/// Writing JSON text without building an nlohmann::json tree, for hot paths (stream records, outbox lines,
/// event facets) that must still produce exactly what nlohmann::json::dump would (RFC 8259 strings).
#include <string>
#include <string_view>

namespace herald::sdk {
inline namespace v1 {

/// Appends `text` as a JSON string literal, byte-identical to nlohmann::json(text).dump(-1, ' ', false,
/// error_handler_t::replace): `"` and `\` escaped, \b \f \n \r \t by name, other control characters as
/// \u00xx, everything else as is (not ASCII-escaped). Text with bytes >= 0x80 is validated as UTF-8 and
/// invalid sequences are replaced by U+FFFD, as nlohmann does. Never throws except std::bad_alloc.
void append_json_string(std::string& out, std::string_view text);

}  // namespace v1
}  // namespace herald::sdk
