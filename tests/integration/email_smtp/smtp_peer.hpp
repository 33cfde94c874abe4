#pragma once
/// Starts tests/peers/smtp_sink.py (aiosmtpd) on 127.0.0.1 with a free port, waits for its
/// readiness line with a deadline, and always stops it (SIGTERM, then SIGKILL) in the destructor.
#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace herald::testkit {

class SmtpPeer {
public:
  struct Options {
    std::filesystem::path dir;  ///< work folder: Maildir at dir/mail, EHLO log at dir/ehlo.log
    std::string user = "user";
    std::string password = "pass";
    std::filesystem::path cert, key;  ///< both set: STARTTLS offered
    bool require_starttls = false;
  };
  /// Throws std::runtime_error (with the server's stderr) when it does not become ready in 20 s.
  explicit SmtpPeer(Options options);
  ~SmtpPeer();
  SmtpPeer(const SmtpPeer&) = delete;
  SmtpPeer& operator=(const SmtpPeer&) = delete;

  int port() const noexcept { return port_; }
  std::string url(const std::string& scheme = "smtp") const { return scheme + "://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path maildir() const { return options_.dir / "mail"; }
  /// EHLO/HELO names received, one per SMTP session.
  std::vector<std::string> greetings() const;
  /// The stored messages decoded by Python's email package (see read_maildir.py).
  nlohmann::json messages() const;

private:
  Options options_;
  pid_t pid_ = -1;
  int port_ = 0;
};

/// Runs a shell command; returns its exit status and fills `output` with stdout.
int run_command(const std::string& command, std::string* output = nullptr);

/// A TCP port on 127.0.0.1 nobody listens on (bound then closed).
int unused_port();

}  // namespace herald::testkit
