#pragma once
/// How an SMTP transfer's outcome maps to Pinpoint's delivery statuses.
#include <curl/curl.h>

#include <string>

#include "herald/sdk/message.hpp"

namespace herald::channel_email_smtp {

/// The classified outcome of one message.
struct SmtpOutcome {
  sdk::DeliveryResult result;
  /// True when the failure is about the connection or the account (cannot connect, TLS, AUTH,
  /// timeout), not this message: the rest of the batch would fail the same way and is not attempted.
  bool connection_failed = false;
};

/// Classifies a finished libcurl SMTP transfer (RFC 5321 section 4.2.1 reply classes):
/// - CURLE_OK -> SUCCESSFUL (the final 250 and its text);
/// - CURLE_LOGIN_DENIED (e.g. 535) -> TEMPORARY_FAILURE, connection_failed: a configuration problem
///   that must not mark recipients as permanently failed;
/// - cannot resolve/connect, timeout, TLS failures, STARTTLS refused -> TEMPORARY_FAILURE, connection_failed;
/// - otherwise by the last reply code: 4xx -> TEMPORARY_FAILURE, 5xx -> PERMANENT_FAILURE,
///   none -> TEMPORARY_FAILURE (connection dropped).
/// `reply` is the server's last reply line ("550 5.1.1 unknown user"); `curl_error` libcurl's message.
SmtpOutcome classify_smtp_outcome(CURLcode code, long reply_code, const std::string& reply, const std::string& curl_error);

}  // namespace herald::channel_email_smtp
