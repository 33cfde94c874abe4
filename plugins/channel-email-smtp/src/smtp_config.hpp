#pragma once
/// Settings of channel/email-smtp: schema and validated configuration.
#include <string>

#include "herald/sdk/settings.hpp"

namespace herald::channel_email_smtp {

enum class StartTls { kNone, kTry, kRequired };

/// Validated configuration of one SMTP channel instance.
struct SmtpConfig {
  std::string url;  ///< smtp://host[:port] or smtps://host[:port]; path = EHLO name when `helo` is set
  std::string username;
  std::string password;  ///< secret: never logged, never in error messages
  StartTls starttls = StartTls::kTry;
  bool verify_peer = true;
  std::string ca_file;  ///< PEM bundle to trust instead of the system store; empty = system store
  long timeout_seconds = 30;
  std::string helo;  ///< EHLO name; empty = libcurl's default
};

/// The settings schema: url (required), username, password (secret), starttls (none|try|required),
/// verify_peer, ca_file, timeout_seconds (1..3600), helo.
sdk::SettingsSchema smtp_schema();

/// Reads and checks validated settings. Throws sdk::Error("settings.<key>", ...) when the url is
/// not smtp:// or smtps://, carries user info (credentials belong in username/password), has a path,
/// query or fragment, or when helo is not a host name.
SmtpConfig parse_smtp_config(const sdk::Settings& settings);

}  // namespace herald::channel_email_smtp
