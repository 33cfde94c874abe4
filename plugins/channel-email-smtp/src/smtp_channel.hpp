#pragma once
/// channel/email-smtp: delivers email over SMTP with libcurl, one connection per instance reused
/// across messages (libcurl keeps it open between transfers on the same easy handle).
#include <curl/curl.h>

#include <mutex>
#include <string>

#include "herald/sdk/channel.hpp"
#include "herald/sdk/context.hpp"
#include "herald/sdk/plugin.hpp"
#include "smtp_config.hpp"

namespace herald::channel_email_smtp {

inline constexpr const char* kType = "channel/email-smtp";

/// The factory registered by the plugin.
sdk::ChannelFactory smtp_factory();

/// One SMTP transaction (MAIL FROM, one RCPT TO, DATA) per message; the result's status follows
/// classify_smtp_outcome(), status_code/status_message carry the server's reply and
/// provider_message_id the Message-ID header written (e.g. "<m-1@example.com>"). After a
/// connection-level failure (cannot connect, TLS, AUTH) the rest of the batch is not attempted and
/// gets the same TEMPORARY_FAILURE. Thread-safe: calls on one instance are serialized.
class SmtpChannel final : public sdk::Channel {
public:
  /// Throws sdk::Error when libcurl cannot be initialized.
  SmtpChannel(SmtpConfig config, sdk::Context& context);
  ~SmtpChannel() override;
  SmtpChannel(const SmtpChannel&) = delete;
  SmtpChannel& operator=(const SmtpChannel&) = delete;

  std::vector<sdk::ChannelType> channel_types() const override { return {sdk::ChannelType::kEmail}; }
  std::vector<sdk::DeliveryResult> send(std::span<const sdk::Message> messages) override;
  std::size_t max_batch_size() const override { return 50; }
  /// Closes the connection (QUIT); the next send reconnects.
  void flush() override;

private:
  struct Upload {
    const std::string* data = nullptr;
    std::size_t offset = 0;
  };
  static std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) noexcept;
  static int on_debug(CURL* handle, curl_infotype type, char* data, std::size_t size, void* user) noexcept;
  void reset_handle();
  struct Attempt;
  Attempt send_one(const sdk::Message& message);

  SmtpConfig config_;
  sdk::Context& context_;
  std::mutex mutex_;
  CURL* curl_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::string reply_buffer_;  ///< server lines received during the current transfer
  Upload upload_;
};

}  // namespace herald::channel_email_smtp
