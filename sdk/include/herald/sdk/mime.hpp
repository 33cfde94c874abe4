#pragma once
/// Internet Message Format (RFC 5322) and MIME (RFC 2045-2047) writing for email channels: turns a
/// rendered sdk::Message into the bytes an SMTP DATA command or an .eml file carries.
///
/// Header injection policy: a CR, LF or NUL in any header input (From, To/address, Subject, extra
/// header names and values, the Message-ID domain) is REJECTED: build_mime_message throws
/// herald::sdk::Error naming the header. Nothing is silently removed, so a template bug is visible.
#include <cstddef>
#include <string>
#include <string_view>

#include "herald/sdk/message.hpp"
#include "herald/sdk/time.hpp"

namespace herald::sdk {
inline namespace v1 {

/// A mailbox split into its parts: `Name <local@domain>` -> {"Name", "local@domain"}.
struct Mailbox {
  std::string display_name;  ///< unquoted, unescaped, UTF-8; empty when none
  std::string address;       ///< addr-spec, e.g. "news@example.com"
};

/// Parses "addr@x", "Name <addr@x>" or "\"Name, Inc.\" <addr@x>". Throws Error(where, ...) when the
/// text has no addr-spec with exactly one '@', contains CR/LF/NUL, or has unbalanced angle brackets.
Mailbox parse_mailbox(std::string_view text, std::string_view where);

/// Formats a mailbox for a header: ASCII display names are quoted when they contain RFC 5322
/// specials; non-ASCII ones become RFC 2047 encoded-words. `line_used` is how many characters of the
/// current header line precede it (for folding). Lines are folded with CRLF + space.
std::string format_mailbox(const Mailbox& mailbox, std::size_t line_used);

/// Encodes unstructured header text (RFC 2047 section 5 (1)): ASCII text is folded at spaces; text
/// with non-ASCII bytes (or too long to fold) becomes "=?UTF-8?B?...?=" encoded-words that never
/// split a UTF-8 sequence, each line at most 76 characters. `line_used` as for format_mailbox.
std::string encode_unstructured(std::string_view text, std::size_t line_used);

/// "<" + id + "@" + domain + ">" where id is `message_id` with every byte outside [A-Za-z0-9_-]
/// written as "=XX" (hex), so distinct ids give distinct Message-IDs. Throws Error when `domain` is
/// empty or not a dot-atom.
std::string make_message_id(std::string_view message_id, std::string_view domain);

/// RFC 5322 date-time in UTC: "Mon, 01 Jan 2024 00:00:00 +0000".
std::string format_rfc5322_date(Instant t);

/// Quoted-printable (RFC 2045 section 6.7) with CRLF line breaks; input line breaks (LF, CRLF or CR)
/// become hard CRLF breaks; encoded lines are at most 76 characters.
std::string encode_quoted_printable(std::string_view text);

/// Base64 (RFC 2045 section 6.8) in lines of 76 characters separated by CRLF.
std::string encode_base64_lines(std::string_view data);

/// Options for build_mime_message.
struct MimeOptions {
  Instant date{};      ///< the Date header
  std::string domain;  ///< Message-ID domain; empty: the From address's domain
};

/// The built message and the ids an email channel reports.
struct MimeMessage {
  std::string message_id;  ///< the Message-ID header value, "<...@domain>"
  Mailbox from;            ///< envelope sender (MAIL FROM) comes from from.address
  Mailbox to;              ///< envelope recipient (RCPT TO) comes from to.address
  std::string data;        ///< the whole message, CRLF line endings, lines <= 998 octets
};

/// Builds the message: Date, From, To, Subject, Message-ID, MIME-Version, the extra headers in
/// order, then the body. Both html_body and text_body: multipart/alternative (text/plain first, then
/// text/html); one of them: a single part; neither: an empty text/plain part. Bodies are UTF-8 in
/// quoted-printable, or base64 when more than a third of the bytes are non-ASCII.
/// Throws Error (where = "message <id>: <header>") for CR/LF/NUL in a header input, a bad mailbox,
/// an extra header name that is not printable ASCII without ':', or an extra header that would
/// replace one this function writes (Date, From, To, Subject, Message-ID, MIME-Version,
/// Content-Type, Content-Transfer-Encoding).
MimeMessage build_mime_message(const Message& message, const MimeOptions& options);

}  // namespace v1
}  // namespace herald::sdk
