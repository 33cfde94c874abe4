#include "herald/sdk/json_text.hpp"

#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

namespace herald::sdk {
inline namespace v1 {

namespace {
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

/// Zero exactly when no byte of `word` needs attention (below 0x20, '"', '\\', or 0x80 and above): the
/// "has a byte less than n" / "has a zero byte" bit tricks, which are exact for the whole word. Which byte
/// it is, the caller finds byte by byte.
constexpr std::uint64_t special_bytes(std::uint64_t word) noexcept {
  const std::uint64_t control = (word - kOnes * 0x20) & ~word;           // bytes < 0x20 (or >= 0x80)
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  const std::uint64_t quotes = (quote - kOnes) & ~quote;                // zero bytes of word ^ '"'
  const std::uint64_t backslashes = (backslash - kOnes) & ~backslash;
  return (control | quotes | backslashes | word) & kHighs;
}
}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t mark = out.size();
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t run = 0;  // start of the current run of bytes copied as they are
  std::size_t i = 0;
  while (i < size) {
    // Skip 8 plain bytes at a time; stop at the word holding the first byte that needs attention.
    if (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (special_bytes(word) == 0) {
        i += 8;
        continue;
      }
    }
    const auto b = static_cast<unsigned char>(data[i]);
    if (b >= 0x80) {  // UTF-8 validation and replacement: nlohmann's own rules (rare: take the slow path)
      out.resize(mark);
      out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    if (b >= 0x20 && b != '"' && b != '\\') {
      ++i;
      continue;
    }
    out.append(data + run, i - run);
    run = ++i;
    switch (b) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
  }
  out.append(data + run, size - run);
  out += '"';
}

}  // namespace v1
}  // namespace herald::sdk
