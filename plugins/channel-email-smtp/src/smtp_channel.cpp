#include "smtp_channel.hpp"

#include <cstring>

#include "herald/sdk/error.hpp"
#include "herald/sdk/mime.hpp"
#include "smtp_outcome.hpp"

namespace herald::channel_email_smtp {
namespace {

struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

/// The server's reply line for `reply_code` in the text received during a transfer (the last line
/// starting with that code: after a failure libcurl sends QUIT, so the last line is often "221 Bye").
/// Falls back to the last line when no line carries the code.
std::string reply_line(const std::string& received, long reply_code) {
  const std::string code = std::to_string(reply_code);
  std::string match, last;
  std::size_t pos = 0;
  while (pos < received.size()) {
    auto end = received.find('\n', pos);
    if (end == std::string::npos) end = received.size();
    std::string line = received.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (!line.empty()) {
      if (reply_code > 0 && line.compare(0, code.size(), code) == 0) match = line;
      last = line;
    }
    pos = end + 1;
  }
  return match.empty() ? last : match;
}

}  // namespace

struct SmtpChannel::Attempt {
  SmtpOutcome outcome;
};

sdk::ChannelFactory smtp_factory() {
  return {.type = kType,
          .description = "Sends email over SMTP or SMTPS (STARTTLS, AUTH) with libcurl",
          .schema = smtp_schema(),
          .create = [](const sdk::Settings& settings, sdk::Context& context) -> std::unique_ptr<sdk::Channel> {
            return std::make_unique<SmtpChannel>(parse_smtp_config(settings), context);
          }};
}

SmtpChannel::SmtpChannel(SmtpConfig config, sdk::Context& context) : config_(std::move(config)), context_(context) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)  // reference counted; thread-safe since 7.84
    throw sdk::Error(std::string(kType) + "#" + context_.instance_id(), "libcurl could not be initialized");
  reset_handle();
}

SmtpChannel::~SmtpChannel() {
  if (curl_ != nullptr) curl_easy_cleanup(curl_);
  curl_global_cleanup();
}

void SmtpChannel::reset_handle() {
  if (curl_ != nullptr) curl_easy_cleanup(curl_);
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw sdk::Error(std::string(kType) + "#" + context_.instance_id(), "curl_easy_init failed");
  curl_easy_setopt(curl_, CURLOPT_URL, config_.url.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(curl_, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl_, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const long use_ssl = config_.starttls == StartTls::kNone ? CURLUSESSL_NONE
                       : config_.starttls == StartTls::kTry ? CURLUSESSL_TRY
                                                            : CURLUSESSL_ALL;
  curl_easy_setopt(curl_, CURLOPT_USE_SSL, use_ssl);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, config_.verify_peer ? 1L : 0L);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, config_.verify_peer ? 2L : 0L);
  if (!config_.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, config_.ca_file.c_str());
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, config_.timeout_seconds);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, config_.timeout_seconds);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl_, CURLOPT_READFUNCTION, &SmtpChannel::read_body);
  curl_easy_setopt(curl_, CURLOPT_READDATA, &upload_);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer_);
  // Verbose output goes only to on_debug, which keeps server replies (never what we send: AUTH).
  curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, &SmtpChannel::on_debug);
  curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, this);
}

std::size_t SmtpChannel::read_body(char* buffer, std::size_t size, std::size_t count, void* user) noexcept {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

int SmtpChannel::on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) noexcept {
  if (type != CURLINFO_HEADER_IN) return 0;  // only server replies; CURLINFO_HEADER_OUT holds AUTH data
  auto* self = static_cast<SmtpChannel*>(user);
  try {
    if (self->reply_buffer_.size() > 16384) self->reply_buffer_.erase(0, self->reply_buffer_.size() - 4096);
    self->reply_buffer_.append(data, size);
  } catch (const std::bad_alloc&) {  // out of memory: the reply text is only informative
    self->reply_buffer_.clear();
  }
  return 0;
}

SmtpChannel::Attempt SmtpChannel::send_one(const sdk::Message& message) {
  Attempt attempt;
  auto& result = attempt.outcome.result;
  sdk::MimeMessage mime;
  try {
    mime = sdk::build_mime_message(message, {.date = context_.clock().now(), .domain = {}});
  } catch (const sdk::Error& e) {
    result.status = sdk::DeliveryStatus::kPermanentFailure;
    result.status_message = e.what();
    return attempt;
  }
  const std::string mail_from = "<" + mime.from.address + ">";
  std::unique_ptr<curl_slist, SlistDeleter> recipients(curl_slist_append(nullptr, ("<" + mime.to.address + ">").c_str()));
  upload_ = {&mime.data, 0};
  reply_buffer_.clear();
  error_buffer_[0] = '\0';
  curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.data.size()));
  const CURLcode code = curl_easy_perform(curl_);
  long reply_code = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply_code);
  curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, nullptr);  // the list dies with this scope
  attempt.outcome = classify_smtp_outcome(code, reply_code, reply_line(reply_buffer_, reply_code), error_buffer_);
  attempt.outcome.result.provider_message_id = mime.message_id;
  return attempt;
}

std::vector<sdk::DeliveryResult> SmtpChannel::send(std::span<const sdk::Message> messages) {
  std::lock_guard lock(mutex_);
  std::vector<sdk::DeliveryResult> results;
  results.reserve(messages.size());
  auto& log = context_.logger();
  std::optional<sdk::DeliveryResult> connection_failure;
  for (const auto& message : messages) {
    if (connection_failure) {  // the server or the account is unusable: do not retry per message
      results.push_back(*connection_failure);
      results.back().provider_message_id.clear();
      continue;
    }
    Attempt attempt = send_one(message);
    const auto& result = attempt.outcome.result;
    log.debug("message {} to {}: {} {} ({})", message.id, message.address, sdk::to_string(result.status),
              result.status_code, result.status_message);
    if (attempt.outcome.connection_failed) {
      log.error("{}: {}; the remaining {} message(s) of the batch are not attempted", config_.url,
                result.status_message, messages.size() - results.size() - 1);
      connection_failure = result;
    }
    results.push_back(std::move(attempt.outcome.result));
  }
  return results;
}

void SmtpChannel::flush() {
  std::lock_guard lock(mutex_);
  reset_handle();  // closes the cached connection (libcurl sends QUIT)
}

}  // namespace herald::channel_email_smtp
