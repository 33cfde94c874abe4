// Streaming CSV over libcsv (Debian libcsv-dev 3.0.3, csv(3)). The input is fed to libcsv one
// physical line at a time, so the line where each record starts is known exactly, whatever mix of
// LF, CRLF and CR line ends the file uses and however records span read chunks.
#include "csv_reader.hpp"

#include <exception>
#include <utility>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"

namespace herald::source_file {
namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

unsigned char parser_options(const CsvOptions& options) noexcept {
  return options.strict_quotes ? static_cast<unsigned char>(CSV_STRICT | CSV_STRICT_FINI) : 0;
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::string name, CsvOptions options)
    : in_(in), name_(std::move(name)), options_(options), buffer_(options.chunk_size > 16 ? options.chunk_size : 16) {
  if (csv_init(&parser_, parser_options(options_)) != 0) throw sdk::Error(name_, "cannot initialise the CSV parser");
}

CsvReader::~CsvReader() { csv_free(&parser_); }

void CsvReader::on_field(void* data, std::size_t size, void* self) {
  auto& r = *static_cast<CsvReader*>(self);
  const char* text = data ? static_cast<const char*>(data) : "";
  if (r.field_count_ < r.fields_.size())
    r.fields_[r.field_count_].assign(text, size);
  else
    r.fields_.emplace_back(text, size);
  ++r.field_count_;
}

void CsvReader::on_record(int /*terminator*/, void* self) {
  auto& r = *static_cast<CsvReader*>(self);
  r.ready_ = true;
  r.record_open_ = false;
}

bool CsvReader::refill() {
  if (eof_) return false;
  try {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  } catch (const std::exception& e) {
    throw sdk::Error(name_, fmt::format("cannot read the file: {}", e.what()),
                     "If it is gzip-compressed, check that it is complete (gzip -t)");
  }
  if (in_.bad()) throw sdk::Error(name_, "cannot read the file: I/O error");
  len_ = static_cast<std::size_t>(in_.gcount());
  pos_ = 0;
  if (len_ < buffer_.size()) eof_ = true;
  if (first_chunk_) {
    first_chunk_ = false;
    if (len_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') pos_ = 3;  // UTF-8 BOM
  }
  return len_ > 0;
}

void CsvReader::reset_parser() {
  // csv_fini() leaves the parser as it is when CSV_STRICT_FINI rejects an open quote: drop the flag first.
  csv_set_opts(&parser_, static_cast<unsigned char>(parser_options(options_) & ~CSV_STRICT_FINI));
  csv_fini(&parser_, nullptr, nullptr, nullptr);
  csv_set_opts(&parser_, parser_options(options_));
  field_count_ = 0;
}

void CsvReader::fail_record(std::string reason) {
  error_ = std::move(reason);
  field_count_ = 0;
  ready_ = true;
  record_open_ = false;
}

void CsvReader::feed_segment() {
  const char* data = buffer_.data();
  const std::size_t start = pos_;
  // An LF right after a CR (a CRLF split between two chunks) ends the line already counted.
  if (last_was_cr_ && data[start] == '\n') {
    last_was_cr_ = false;
    pos_ = start + 1;
    if (!skip_to_line_end_) csv_parse(&parser_, data + start, 1, on_field, on_record, this);
    return;
  }
  std::size_t k = start;
  while (k < len_ && data[k] != '\n' && data[k] != '\r') ++k;
  const bool line_end = k < len_;
  std::size_t end = len_;
  if (line_end) end = (data[k] == '\r' && k + 1 < len_ && data[k + 1] == '\n') ? k + 2 : k + 1;
  last_was_cr_ = data[end - 1] == '\r';
  pos_ = end;

  if (skip_to_line_end_) {
    if (line_end) {
      skip_to_line_end_ = false;
      ++line_;
    }
    return;
  }
  if (!record_open_) record_line_ = line_;
  bool content = record_open_;
  for (std::size_t i = start; i < end && !content; ++i) content = !is_blank(data[i]);

  const std::size_t size = end - start;
  const std::size_t fed = csv_parse(&parser_, data + start, size, on_field, on_record, this);
  if (fed < size) {
    const char bad = data[start + fed];
    const std::size_t column = field_count_ + 1;
    const std::string at = line_ == record_line_ ? fmt::format("column {}", column)
                                                 : fmt::format("column {} (line {})", column, line_);
    std::string reason;
    if (csv_error(&parser_) != CSV_EPARSE)
      reason = fmt::format("{}: {}", at, csv_strerror(csv_error(&parser_)));
    else if (bad == '"' && !parser_.quoted)
      reason = fmt::format("{}: a quote inside an unquoted field; quote the whole field and double the quotes in it", at);
    else
      reason = fmt::format("{}: text after the closing quote of a quoted field; write a quote inside a quoted field as \"\"", at);
    fail_record(std::move(reason));
    reset_parser();
    skip_to_line_end_ = !line_end;
  } else if (!ready_) {
    record_open_ = content;
  }
  if (line_end) ++line_;
}

void CsvReader::finish() {
  finished_ = true;
  if (csv_fini(&parser_, on_field, on_record, this) != 0) {
    fail_record(fmt::format("column {}: a quoted field is not closed before the end of the file", field_count_ + 1));
    reset_parser();
  }
}

bool CsvReader::next(CsvRecord& record) {
  while (!ready_) {
    if (finished_) return false;
    if (pos_ == len_ && !refill()) {
      finish();
      continue;
    }
    if (pos_ < len_) feed_segment();
  }
  ready_ = false;
  record.line = record_line_;
  record.error.swap(error_);
  error_.clear();
  record.fields.resize(field_count_);
  for (std::size_t i = 0; i < field_count_; ++i) record.fields[i].swap(fields_[i]);
  field_count_ = 0;
  return true;
}

}  // namespace herald::source_file
