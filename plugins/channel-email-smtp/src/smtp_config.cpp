#include "smtp_config.hpp"

#include <curl/curl.h>

#include <memory>

#include "herald/sdk/error.hpp"

namespace herald::channel_email_smtp {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
};
struct CurlStringDeleter {
  void operator()(char* text) const noexcept { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

/// The URL part, or nullptr when absent.
CurlString url_part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK) return CurlString();
  return CurlString(value);
}

std::string optional_string(const sdk::Settings& settings, const std::string& key) {
  return settings.has(key) ? settings.get_string(key) : std::string();
}

}  // namespace

sdk::SettingsSchema smtp_schema() {
  using sdk::SettingType;
  using sdk::SettingValue;
  sdk::SettingsSchema schema;
  schema.add({.name = "url", .type = SettingType::kString,
              .description = "smtp://host:port (STARTTLS per `starttls`) or smtps://host:port (implicit TLS)",
              .required = true});
  schema.add({.name = "username", .type = SettingType::kString, .description = "AUTH user name; empty: no AUTH"});
  schema.add({.name = "password", .type = SettingType::kString, .description = "AUTH password", .secret = true});
  schema.add({.name = "starttls", .type = SettingType::kEnum,
              .description = "smtp:// only: none (plain text), try (upgrade when offered), required (fail without TLS)",
              .default_value = SettingValue(std::string("try")), .allowed = {"none", "try", "required"}});
  schema.add({.name = "verify_peer", .type = SettingType::kBoolean,
              .description = "Verify the server certificate and host name (turn off only for tests)",
              .default_value = SettingValue(true)});
  schema.add({.name = "ca_file", .type = SettingType::kPath,
              .description = "PEM file of CA certificates to trust instead of the system store"});
  schema.add({.name = "timeout_seconds", .type = SettingType::kInteger,
              .description = "Connect and per-message transfer timeout, seconds",
              .default_value = SettingValue(std::int64_t{30}), .minimum = 1, .maximum = 3600});
  schema.add({.name = "helo", .type = SettingType::kString,
              .description = "Host name sent in EHLO/HELO; empty: libcurl's default"});
  return schema;
}

SmtpConfig parse_smtp_config(const sdk::Settings& settings) {
  SmtpConfig config;
  const std::string& raw_url = settings.get_string("url");
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (!url) throw sdk::Error("settings.url", "out of memory parsing the URL");
  if (const CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, raw_url.c_str(), 0); rc != CURLUE_OK)
    throw sdk::Error("settings.url", std::string("is not a URL: ") + curl_url_strerror(rc),
                     "Write smtp://host:587 or smtps://host:465");
  const CurlString scheme = url_part(url.get(), CURLUPART_SCHEME);
  const std::string scheme_text = scheme ? scheme.get() : "";
  if (scheme_text != "smtp" && scheme_text != "smtps")
    throw sdk::Error("settings.url", "scheme '" + scheme_text + "' is not smtp or smtps", "Write smtp://host:587 or smtps://host:465");
  if (url_part(url.get(), CURLUPART_USER) || url_part(url.get(), CURLUPART_PASSWORD))
    throw sdk::Error("settings.url", "contains user info", "Put credentials in the username and password settings");
  const CurlString path = url_part(url.get(), CURLUPART_PATH);
  if ((path && std::string(path.get()) != "/") || url_part(url.get(), CURLUPART_QUERY) || url_part(url.get(), CURLUPART_FRAGMENT))
    throw sdk::Error("settings.url", "has a path, query or fragment", "Use the helo setting for the EHLO name");

  config.helo = optional_string(settings, "helo");
  if (!config.helo.empty()) {
    for (const char c : config.helo) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!ok) throw sdk::Error("settings.helo", "'" + config.helo + "' is not a host name", "Use e.g. mail.example.com");
    }
    curl_url_set(url.get(), CURLUPART_PATH, ("/" + config.helo).c_str(), 0);
  }
  const CurlString full = url_part(url.get(), CURLUPART_URL);
  config.url = full ? full.get() : raw_url;

  config.username = optional_string(settings, "username");
  config.password = optional_string(settings, "password");
  const std::string& starttls = settings.get_string("starttls");
  if (starttls == "none") config.starttls = StartTls::kNone;
  else if (starttls == "try") config.starttls = StartTls::kTry;
  else if (starttls == "required") config.starttls = StartTls::kRequired;
  else throw sdk::Error("settings.starttls", "'" + starttls + "' is not one of none, try, required");
  config.verify_peer = settings.get_boolean("verify_peer");
  config.ca_file = optional_string(settings, "ca_file");
  config.timeout_seconds = static_cast<long>(settings.get_integer("timeout_seconds"));
  if (config.timeout_seconds < 1) throw sdk::Error("settings.timeout_seconds", "must be at least 1");
  return config;
}

}  // namespace herald::channel_email_smtp
