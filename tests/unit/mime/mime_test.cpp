// Tests of the RFC 5322/MIME writer (sdk/mime.hpp). Decoders here are deliberately independent,
// minimal implementations used only to check round trips.
#include <gtest/gtest.h>

#include <random>

#include "herald/sdk/error.hpp"
#include "herald/sdk/mime.hpp"

using namespace herald::sdk;

namespace {

std::string decode_base64(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    if (v < 0) continue;  // padding, CRLF
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;  // soft break
    } else if (text[i] == '=') {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// Unfolds a header value and decodes B encoded-words (whitespace between adjacent words dropped).
std::string decode_header(std::string value) {
  std::string unfolded;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 2, "\r\n") == 0) {
      ++i;
      continue;
    }
    unfolded += value[i];
  }
  std::string out;
  std::size_t pos = 0;
  bool previous_was_word = false;
  while (pos < unfolded.size()) {
    const auto start = unfolded.find("=?UTF-8?B?", pos);
    if (start == std::string::npos) {
      out += unfolded.substr(pos);
      break;
    }
    const std::string between = unfolded.substr(pos, start - pos);
    if (!(previous_was_word && between.find_first_not_of(' ') == std::string::npos)) out += between;
    const auto end = unfolded.find("?=", start + 10);
    out += decode_base64(unfolded.substr(start + 10, end - start - 10));
    pos = end + 2;
    previous_was_word = true;
  }
  return out;
}

/// The header block (up to the blank line) and the value of one header (with folds kept).
std::string header_value(const std::string& data, const std::string& name) {
  const auto block_end = data.find("\r\n\r\n");
  const std::string block = "\r\n" + data.substr(0, block_end + 2);
  const auto at = block.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "<absent>";
  std::size_t begin = at + 2 + name.size() + 2;
  std::size_t end = begin;
  while (true) {
    end = block.find("\r\n", end);
    if (end + 2 < block.size() && (block[end + 2] == ' ' || block[end + 2] == '\t')) {
      end += 2;
      continue;
    }
    break;
  }
  return block.substr(begin, end - begin);
}

std::vector<std::string> lines_of(const std::string& data) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const auto end = data.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(data.substr(pos));
      break;
    }
    lines.push_back(data.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

Message sample() {
  Message m;
  m.id = "msg-0001";
  m.from = "Shop <news@example.com>";
  m.address = "ana@example.org";
  m.subject = "Hello";
  m.text_body = "Hi Ana,\nyour code is 42.\n";
  m.html_body = "<p>Hi <b>Ana</b>, your code is 42.</p>";
  return m;
}

MimeOptions options() { return {.date = Instant{std::chrono::milliseconds{1709211909000}}, .domain = {}}; }

}  // namespace

TEST(Mime, WritesHeadersInOrderWithCrlfOnly) {
  const auto built = build_mime_message(sample(), options());
  const std::string& d = built.data;
  EXPECT_EQ(d.find('\n'), d.find("\r\n") + 1);
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d[i] == '\n') {
      ASSERT_EQ(d[i - 1], '\r') << "bare LF at " << i;
    }
  EXPECT_EQ(header_value(d, "Date"), "Thu, 29 Feb 2024 13:05:09 +0000");
  EXPECT_EQ(header_value(d, "From"), "Shop <news@example.com>");
  EXPECT_EQ(header_value(d, "To"), "ana@example.org");
  EXPECT_EQ(header_value(d, "Subject"), "Hello");
  EXPECT_EQ(header_value(d, "Message-ID"), "<msg-0001@example.com>");
  EXPECT_EQ(built.message_id, "<msg-0001@example.com>");
  EXPECT_EQ(header_value(d, "MIME-Version"), "1.0");
  EXPECT_LT(d.find("Date: "), d.find("From: "));
  EXPECT_LT(d.find("From: "), d.find("To: "));
  EXPECT_LT(d.find("Subject: "), d.find("Message-ID: "));
  EXPECT_EQ(built.from.address, "news@example.com");
  EXPECT_EQ(built.to.address, "ana@example.org");
}

TEST(Mime, MultipartAlternativeHasPlainThenHtml) {
  const auto built = build_mime_message(sample(), options());
  const std::string& d = built.data;
  const std::string content_type = header_value(d, "Content-Type");
  ASSERT_EQ(content_type.rfind("multipart/alternative; boundary=\"", 0), 0u) << content_type;
  const std::string boundary = content_type.substr(33, content_type.size() - 34);
  const auto first = d.find("\r\n--" + boundary + "\r\n");
  const auto second = d.find("\r\n--" + boundary + "\r\n", first + 1);
  const auto close = d.find("\r\n--" + boundary + "--\r\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(close, std::string::npos);
  const std::string plain = d.substr(first, second - first);
  const std::string html = d.substr(second, close - second);
  EXPECT_NE(plain.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(html.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  // The part runs up to the CRLF that starts the next delimiter (RFC 2046 section 5.1.1).
  const auto body_of = [](const std::string& part) { return decode_quoted_printable(part.substr(part.find("\r\n\r\n") + 4)); };
  EXPECT_EQ(body_of(plain), "Hi Ana,\r\nyour code is 42.\r\n");
  EXPECT_EQ(body_of(html), sample().html_body);
}

TEST(Mime, SinglePartWhenOnlyOneBody) {
  Message m = sample();
  m.text_body.clear();
  const auto built = build_mime_message(m, options());
  EXPECT_EQ(header_value(built.data, "Content-Type"), "text/html; charset=UTF-8");
  EXPECT_EQ(header_value(built.data, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(built.data.find("multipart"), std::string::npos);
}

TEST(Mime, Utf8SubjectBecomesFoldedEncodedWords) {
  Message m = sample();
  m.subject = "Größte Überraschung — 限定セール for Ana! 🎉 " + std::string(60, 'x') + " Ünïcödé ende";
  const auto built = build_mime_message(m, options());
  const std::string raw = header_value(built.data, "Subject");
  EXPECT_NE(raw.find("=?UTF-8?B?"), std::string::npos);
  for (const auto& line : lines_of("Subject: " + raw)) {
    EXPECT_LE(line.size(), 76u) << line;
    for (const char c : line) EXPECT_LT(static_cast<unsigned char>(c), 0x80u);
  }
  EXPECT_EQ(decode_header(raw), m.subject);
  // Each encoded-word decodes to whole UTF-8 characters (never a split sequence).
  std::size_t pos = 0;
  while ((pos = raw.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = raw.find("?=", pos + 10);
    const std::string bytes = decode_base64(raw.substr(pos + 10, end - pos - 10));
    const auto last = static_cast<unsigned char>(bytes.back());
    EXPECT_TRUE(last < 0x80 || (last & 0xC0) == 0x80);
    EXPECT_NE(static_cast<unsigned char>(bytes.front()) & 0xC0, 0x80u);
    pos = end;
  }
}

TEST(Mime, LongAsciiSubjectIsFoldedAtSpaces) {
  Message m = sample();
  m.subject.clear();
  for (int i = 0; i < 30; ++i) m.subject += "word" + std::to_string(i) + " ";
  m.subject += "end";
  const auto built = build_mime_message(m, options());
  const std::string raw = header_value(built.data, "Subject");
  EXPECT_EQ(raw.find("=?"), std::string::npos);
  for (const auto& line : lines_of("Subject: " + raw)) EXPECT_LE(line.size(), 76u);
  EXPECT_EQ(decode_header(raw), m.subject);
}

TEST(Mime, DisplayNamesAreQuotedOrEncoded) {
  EXPECT_EQ(format_mailbox(parse_mailbox("\"Shop, Inc.\" <a@b.c>", "From"), 6), "\"Shop, Inc.\" <a@b.c>");
  EXPECT_EQ(format_mailbox(parse_mailbox("Say \"hi\" <a@b.c>", "From"), 6), "\"Say \\\"hi\\\"\" <a@b.c>");
  const std::string encoded = format_mailbox(parse_mailbox("Müller & Söhne <shop@example.de>", "From"), 6);
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(decode_header(encoded), "Müller & Söhne <shop@example.de>");
  EXPECT_EQ(parse_mailbox("  plain@example.com ", "To").address, "plain@example.com");
  EXPECT_THROW(parse_mailbox("no-at-sign", "To"), Error);
  EXPECT_THROW(parse_mailbox("a@b@c", "To"), Error);
  EXPECT_THROW(parse_mailbox("Name a@b.c>", "To"), Error);
  EXPECT_THROW(parse_mailbox("ü@example.com", "To"), Error);
}

TEST(Mime, HeaderInjectionIsRejected) {
  const auto expect_rejected = [](Message m, const std::string& where_part) {
    try {
      (void)build_mime_message(m, options());
      ADD_FAILURE() << "expected rejection for " << where_part;
    } catch (const Error& e) {
      EXPECT_NE(e.where().find(where_part), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("CR, LF"), std::string::npos) << e.what();
    }
  };
  Message m = sample();
  m.subject = "Hi\r\nBcc: victim@example.com";
  expect_rejected(m, "Subject");
  m = sample();
  m.subject = "Hi\nX: y";
  expect_rejected(m, "Subject");
  m = sample();
  m.from = "Shop <news@example.com>\r\nBcc: x@y.z";
  expect_rejected(m, "From");
  m = sample();
  m.address = "ana@example.org\nBcc: x@y.z";
  expect_rejected(m, "To");
  m = sample();
  m.headers = {{"X-Campaign", "c1\rInjected: yes"}};
  expect_rejected(m, "headers.X-Campaign");
  m = sample();
  m.headers = {{"Bcc\r\nX", "v"}};
  EXPECT_THROW((void)build_mime_message(m, options()), Error);
  m.headers = {{"subject", "override"}};
  EXPECT_THROW((void)build_mime_message(m, options()), Error);
  m.headers = {{"Bad Name", "v"}};
  EXPECT_THROW((void)build_mime_message(m, options()), Error);
}

TEST(Mime, ExtraHeadersAreWrittenInOrderAndEncoded) {
  Message m = sample();
  m.headers = {{"X-Campaign-Id", "c1"}, {"List-Unsubscribe", "<https://example.com/u?e=1>"}, {"X-Note", "café"}};
  const auto built = build_mime_message(m, options());
  EXPECT_EQ(header_value(built.data, "X-Campaign-Id"), "c1");
  EXPECT_EQ(header_value(built.data, "List-Unsubscribe"), "<https://example.com/u?e=1>");
  EXPECT_EQ(decode_header(header_value(built.data, "X-Note")), "café");
  EXPECT_LT(built.data.find("X-Campaign-Id"), built.data.find("List-Unsubscribe"));
}

TEST(Mime, MessageIdIsDerivedAndInjective) {
  EXPECT_EQ(make_message_id("abc-123_X", "mail.example.com"), "<abc-123_X@mail.example.com>");
  EXPECT_NE(make_message_id("a/b", "x.y"), make_message_id("a_b", "x.y"));
  EXPECT_EQ(make_message_id("a/b.c", "x.y"), "<a=2Fb=2Ec@x.y>");
  EXPECT_THROW(make_message_id("", "x.y"), Error);
  EXPECT_THROW(make_message_id("a", "bad domain"), Error);
  EXPECT_THROW(make_message_id("a", "x..y"), Error);
  MimeOptions with_domain = options();
  with_domain.domain = "herald.example";
  EXPECT_EQ(build_mime_message(sample(), with_domain).message_id, "<msg-0001@herald.example>");
}

TEST(Mime, DatesAreRfc5322) {
  EXPECT_EQ(format_rfc5322_date(Instant{}), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(format_rfc5322_date(Instant{std::chrono::milliseconds{1704067199999}}), "Sun, 31 Dec 2023 23:59:59 +0000");
}

TEST(Mime, QuotedPrintableRoundTripsAndKeepsLinesShort) {
  EXPECT_EQ(encode_quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(encode_quoted_printable("end \nx\t"), "end=20\r\nx=09");
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::string text;
    const int size = static_cast<int>(rng() % 2000);
    for (int i = 0; i < size; ++i) {
      const auto r = rng() % 100;
      text += r < 3 ? '\n' : r < 10 ? ' ' : r < 15 ? static_cast<char>(0xC3) : static_cast<char>('!' + rng() % 90);
    }
    const std::string encoded = encode_quoted_printable(text);
    for (const auto& line : lines_of(encoded)) {
      ASSERT_LE(line.size(), 76u);
      ASSERT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t'));
    }
    std::string expected;
    for (const char c : text) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
    ASSERT_EQ(decode_quoted_printable(encoded), expected);
  }
}

TEST(Mime, MostlyNonAsciiBodiesUseBase64AndAllLinesStayShort) {
  Message m = sample();
  m.html_body.clear();
  m.text_body = "";
  for (int i = 0; i < 300; ++i) m.text_body += "日本語のテキスト";
  const auto built = build_mime_message(m, options());
  EXPECT_EQ(header_value(built.data, "Content-Transfer-Encoding"), "base64");
  const std::string body = built.data.substr(built.data.find("\r\n\r\n") + 4);
  EXPECT_EQ(decode_base64(body), m.text_body);
  for (const auto& line : lines_of(built.data)) EXPECT_LE(line.size(), 998u);
  for (const auto& line : lines_of(body)) EXPECT_LE(line.size(), 76u);

  m.text_body = std::string(5000, 'a');  // one long line: soft breaks keep it under the limit
  for (const auto& line : lines_of(build_mime_message(m, options()).data)) EXPECT_LE(line.size(), 998u);
}

TEST(Mime, EmptyFromIsAnError) {
  Message m = sample();
  m.from.clear();
  EXPECT_THROW((void)build_mime_message(m, options()), Error);
}
