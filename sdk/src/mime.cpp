// RFC 5322 / MIME message writer. Sources: RFC 5322 (format, 998/78 line limits, specials, date),
// RFC 2045 (quoted-printable, base64), RFC 2046 (multipart), RFC 2047 (encoded-words, 75/76 limits).
#include "herald/sdk/mime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

#include "herald/sdk/error.hpp"

namespace herald::sdk {
inline namespace v1 {
namespace {

constexpr std::size_t kMaxLine = 76;         // our folding target (RFC 2047 section 2: 76 per line)
constexpr std::size_t kHardLineLimit = 998;  // RFC 5322 section 2.1.1
constexpr std::string_view kFold = "\r\n ";
constexpr std::string_view kWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kWordSuffix = "?=";
constexpr char kHex[] = "0123456789ABCDEF";

bool is_ascii(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

void reject_line_breaks(std::string_view text, std::string_view where) {
  if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    throw Error(std::string(where), "contains a CR, LF or NUL character",
                "Header values must be one line (header injection is rejected, not repaired)");
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

std::uint64_t fnv1a(std::string_view text) noexcept {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

void append_base64(std::string& out, std::string_view data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])); };
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (const std::size_t rest = data.size() - i; rest > 0) {
    const std::uint32_t n = (byte(i) << 16) | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
}

/// Length of the UTF-8 sequence starting with `lead` (1 for continuation or invalid bytes, so
/// malformed input still makes progress and is carried through as bytes).
std::size_t utf8_length(unsigned char lead) noexcept {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

/// Appends `text` as B encoded-words separated by folds; `column` is the current line length.
void append_encoded_words(std::string& out, std::string_view text, std::size_t column) {
  const std::size_t overhead = kWordPrefix.size() + kWordSuffix.size();
  std::size_t pos = 0;
  while (true) {
    const std::size_t max_bytes = column + overhead < kMaxLine ? (kMaxLine - column - overhead) / 4 * 3 : 0;
    if (max_bytes < 4 && column > 1) {  // not even one 4-byte character fits on this line: fold first
      out += kFold;
      column = 1;
      continue;
    }
    std::size_t end = pos;
    while (end < text.size()) {
      const std::size_t next = std::min(text.size(), end + utf8_length(static_cast<unsigned char>(text[end])));
      if (next - pos > max_bytes) break;
      end = next;
    }
    const std::size_t before = out.size();
    out += kWordPrefix;
    append_base64(out, text.substr(pos, end - pos));
    out += kWordSuffix;
    column += out.size() - before;
    pos = end;
    if (pos >= text.size()) return;
    out += kFold;  // adjacent encoded-words are separated by folding white space (RFC 2047 section 6.2)
    column = 1;
  }
}

/// Appends space-separated ASCII words folding before a word that would pass kMaxLine. Returns
/// false (appending nothing) when a single word would make a line longer than the hard limit.
bool append_folded_ascii(std::string& out, std::string_view text, std::size_t column) {
  std::string result;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= text.size()) {
    auto space = text.find(' ', pos);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(pos, space - pos);
    const std::size_t needed = (first ? 0 : 1) + word.size();
    if (!first && column + needed > kMaxLine && column > 1) {
      result += kFold;
      column = 1;
      result += word;
      column += word.size();
    } else {
      if (!first) result += ' ';
      result += word;
      column += needed;
    }
    if (column > kHardLineLimit) return false;
    first = false;
    pos = space + 1;
  }
  out += result;
  return true;
}

bool needs_quoting(std::string_view display_name) noexcept {
  return display_name.find_first_of("()<>[]:;@\\,.\"") != std::string_view::npos;
}

void append_header(std::string& out, std::string_view name, std::string_view formatted_value) {
  out += name;
  out += ": ";
  out += formatted_value;
  out += "\r\n";
}

bool mostly_non_ascii(std::string_view text) noexcept {
  const auto high = std::count_if(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  return static_cast<std::size_t>(high) * 3 > text.size();
}

/// Writes one text part. In a multipart body the CRLF before the next boundary belongs to the
/// boundary (RFC 2046 section 5.1.1), so `in_multipart` always adds one to keep the body exact.
void append_part(std::string& out, std::string_view subtype, std::string_view body, bool in_multipart) {
  const bool base64 = mostly_non_ascii(body);
  out += "Content-Type: text/";
  out += subtype;
  out += "; charset=UTF-8\r\nContent-Transfer-Encoding: ";
  out += base64 ? "base64" : "quoted-printable";
  out += "\r\n\r\n";
  out += base64 ? encode_base64_lines(body) : encode_quoted_printable(body);
  if (in_multipart || out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
}

void check_header_name(std::string_view name, std::string_view where) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= 33 && c <= 126 && c != ':'; }))
    throw Error(std::string(where), fmt::format("header name '{}' is not printable ASCII without ':'", name),
                "Use a name such as X-Campaign-Id");
  static constexpr std::array<std::string_view, 8> kReserved = {
      "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"};
  for (const auto reserved : kReserved)
    if (iequals(name, reserved))
      throw Error(std::string(where), fmt::format("header '{}' is written by Herald and cannot be replaced", name),
                  "Set Message.from/address/subject instead");
}

}  // namespace

Mailbox parse_mailbox(std::string_view text, std::string_view where) {
  reject_line_breaks(text, where);
  Mailbox mailbox;
  std::string_view spec = trim(text);
  if (!spec.empty() && spec.back() == '>') {
    const auto open = spec.rfind('<');
    if (open == std::string_view::npos) throw Error(std::string(where), "has '>' without '<'", "Write \"Name <addr@example.com>\"");
    std::string_view display = trim(spec.substr(0, open));
    if (display.size() >= 2 && display.front() == '"' && display.back() == '"') {
      display = display.substr(1, display.size() - 2);
      for (std::size_t i = 0; i < display.size(); ++i) {
        if (display[i] == '\\' && i + 1 < display.size()) ++i;
        mailbox.display_name += display[i];
      }
    } else {
      mailbox.display_name = display;
    }
    spec = trim(spec.substr(open + 1, spec.size() - open - 2));
  }
  const auto at = spec.find('@');
  const bool valid = at != std::string_view::npos && at > 0 && at + 1 < spec.size() &&
                     spec.find('@', at + 1) == std::string_view::npos && is_ascii(spec) &&
                     spec.find_first_of(" \t<>\"(),;:[]\\") == std::string_view::npos;
  if (!valid)
    throw Error(std::string(where), fmt::format("'{}' is not an email address", spec),
                "Expected local@domain in ASCII (SMTPUTF8 addresses are not supported)");
  mailbox.address = spec;
  return mailbox;
}

std::string format_mailbox(const Mailbox& mailbox, std::size_t line_used) {
  std::string out;
  const std::string& name = mailbox.display_name;
  std::size_t column = line_used;
  if (!name.empty()) {
    if (!is_ascii(name) || name.find("=?") != std::string::npos) {
      append_encoded_words(out, name, column);
    } else if (needs_quoting(name)) {
      out += '"';
      for (const char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
    } else if (!append_folded_ascii(out, name, column)) {
      append_encoded_words(out, name, column);
    }
    const auto last_break = out.rfind('\n');
    column = last_break == std::string::npos ? column + out.size() : out.size() - last_break - 1;
    out += column + 3 + mailbox.address.size() > kMaxLine ? std::string(kFold) : std::string(" ");
    out += '<';
    out += mailbox.address;
    out += '>';
  } else {
    out += mailbox.address;
  }
  return out;
}

std::string encode_unstructured(std::string_view text, std::size_t line_used) {
  std::string out;
  if (is_ascii(text) && text.find("=?") == std::string_view::npos && append_folded_ascii(out, text, line_used))
    return out;
  out.clear();
  append_encoded_words(out, text, line_used);
  return out;
}

std::string make_message_id(std::string_view message_id, std::string_view domain) {
  if (message_id.empty()) throw Error("Message-ID", "the message has no id", "The kernel assigns Message.id");
  bool label_start = true;
  bool domain_ok = !domain.empty() && domain.back() != '.';
  for (const char c : domain) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == '.') {
      domain_ok = domain_ok && !label_start;
      label_start = true;
    } else {
      domain_ok = domain_ok && (alnum || c == '-' || c == '_');
      label_start = false;
    }
  }
  if (!domain_ok)
    throw Error("Message-ID", fmt::format("'{}' is not a domain name", domain), "Use a domain such as example.com");
  std::string out = "<";
  for (const char c : message_id) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (keep) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '=';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  out += '@';
  out += domain;
  out += '>';
  return out;
}

std::string format_rfc5322_date(Instant t) {
  using namespace std::chrono;
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[weekday{day}.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::string encode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 8);
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {  // a hard line break in any convention
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    const std::size_t width = literal ? 1 : 3;
    // Leave room for the soft break '=' unless this is the line's last token.
    if (column + width > (at_line_end ? kMaxLine : kMaxLine - 1)) {
      out += "=\r\n";
      column = 0;
    }
    if (literal) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    column += width;
  }
  return out;
}

std::string encode_base64_lines(std::string_view data) {
  std::string out;
  out.reserve(data.size() / 3 * 4 + data.size() / 57 * 2 + 8);
  for (std::size_t pos = 0; pos < data.size(); pos += 57) {  // 57 bytes -> 76 characters
    if (pos != 0) out += "\r\n";
    append_base64(out, data.substr(pos, 57));
  }
  return out;
}

MimeMessage build_mime_message(const Message& message, const MimeOptions& options) {
  const std::string where = "message " + message.id + ": ";
  MimeMessage result;
  if (message.from.empty()) throw Error(where + "From", "is empty", "Set the project's EMAIL from address");
  result.from = parse_mailbox(message.from, where + "From");
  result.to = parse_mailbox(message.address, where + "To");
  reject_line_breaks(message.subject, where + "Subject");
  reject_line_breaks(options.domain, where + "Message-ID domain");
  const std::string domain =
      options.domain.empty() ? result.from.address.substr(result.from.address.find('@') + 1) : options.domain;
  try {
    result.message_id = make_message_id(message.id, domain);
  } catch (const Error& e) {
    throw Error(where + e.where(), e.message(), e.hint());
  }

  std::string& out = result.data;
  out.reserve(256 + message.subject.size() + (message.text_body.size() + message.html_body.size()) * 11 / 10);
  append_header(out, "Date", format_rfc5322_date(options.date));
  append_header(out, "From", format_mailbox(result.from, 6));
  append_header(out, "To", format_mailbox(result.to, 4));
  if (!message.subject.empty()) append_header(out, "Subject", encode_unstructured(message.subject, 9));
  append_header(out, "Message-ID", result.message_id);
  append_header(out, "MIME-Version", "1.0");
  for (const auto& header : message.headers) {
    const std::string header_where = where + "headers." + header.name;
    check_header_name(header.name, header_where);
    reject_line_breaks(header.value, header_where);
    append_header(out, header.name, encode_unstructured(header.value, header.name.size() + 2));
  }
  const bool has_text = !message.text_body.empty();
  const bool has_html = !message.html_body.empty();
  if (has_text && has_html) {
    const std::string boundary = fmt::format("=_herald_{:016x}", fnv1a(message.id));
    // "=_" cannot occur in quoted-printable or base64 output, so the boundary never collides.
    out += fmt::format("Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n", boundary);
    out += fmt::format("--{}\r\n", boundary);
    append_part(out, "plain", message.text_body, true);
    out += fmt::format("--{}\r\n", boundary);
    append_part(out, "html", message.html_body, true);
    out += fmt::format("--{}--\r\n", boundary);
  } else {
    append_part(out, has_html ? "html" : "plain", has_html ? message.html_body : message.text_body, false);
  }
  return result;
}

}  // namespace v1
}  // namespace herald::sdk
