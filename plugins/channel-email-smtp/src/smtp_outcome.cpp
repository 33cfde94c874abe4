#include "smtp_outcome.hpp"

namespace herald::channel_email_smtp {
namespace {

bool is_connection_level(CURLcode code) noexcept {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_LOGIN_DENIED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_AUTH_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

SmtpOutcome classify_smtp_outcome(CURLcode code, long reply_code, const std::string& reply, const std::string& curl_error) {
  SmtpOutcome outcome;
  auto& result = outcome.result;
  result.status_code = static_cast<int>(reply_code);
  const std::string error_text = curl_error.empty() ? std::string(curl_easy_strerror(code)) : curl_error;
  if (code == CURLE_OK) {
    result.status = sdk::DeliveryStatus::kSuccessful;
    result.status_message = reply.empty() ? "accepted" : reply;
    return outcome;
  }
  if (is_connection_level(code)) {
    outcome.connection_failed = true;
    result.status = sdk::DeliveryStatus::kTemporaryFailure;
    result.status_message = reply.empty() || code != CURLE_LOGIN_DENIED
                                ? error_text
                                : "authentication failed: " + reply + " (check the username and password settings)";
    return outcome;
  }
  if (reply_code >= 400 && reply_code < 500) result.status = sdk::DeliveryStatus::kTemporaryFailure;
  else if (reply_code >= 500 && reply_code < 600) result.status = sdk::DeliveryStatus::kPermanentFailure;
  else result.status = sdk::DeliveryStatus::kTemporaryFailure;
  result.status_message = reply.empty() ? error_text : reply;
  return outcome;
}

}  // namespace herald::channel_email_smtp
