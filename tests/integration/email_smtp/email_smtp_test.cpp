// channel/email-smtp against a real SMTP server (aiosmtpd through tests/peers/smtp_sink.py).
// Each test starts its own server on a free port and always stops it; nothing sleeps.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>

#include "herald/sdk/error.hpp"
#include "smtp_channel.hpp"
#include "smtp_peer.hpp"
#include "test_context.hpp"

using namespace herald;
using testkit::SmtpPeer;

namespace {

constexpr const char* kPassword = "s3cret-Pa55";

class EmailSmtpTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("herald-smtp-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<sdk::Channel> channel(std::map<std::string, sdk::SettingValue> given) {
    const auto factory = channel_email_smtp::smtp_factory();
    return factory.create(testkit::settings_with_defaults(factory.schema, std::move(given)), context_);
  }

  SmtpPeer::Options peer_options() const {
    SmtpPeer::Options options;
    options.dir = dir_ / "peer";
    options.password = kPassword;
    return options;
  }

  /// A self-signed certificate for 127.0.0.1 (SAN IP), made with the openssl CLI.
  std::pair<std::filesystem::path, std::filesystem::path> make_certificate() const {
    const auto cert = dir_ / "cert.pem";
    const auto key = dir_ / "key.pem";
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                                "-addext subjectAltName=IP:127.0.0.1 -keyout '" + key.string() + "' -out '" +
                                cert.string() + "' 2>&1";
    std::string output;
    if (testkit::run_command(command, &output) != 0) throw std::runtime_error("openssl failed: " + output);
    return {cert, key};
  }

  static sdk::Message email(const std::string& id, const std::string& name, const std::string& address) {
    sdk::Message m;
    m.id = id;
    m.project_id = "shop";
    m.endpoint_id = "endpoint-" + id;
    m.address = address;
    m.from = "Bäckerei Müller <news@example.com>";
    m.subject = "Grüße, " + name + " — 限定セール 🎉";
    m.text_body = "Hallo " + name + ",\ndein Gutschein: " + id + "\n";
    m.html_body = "<html><body><p>Hallo <b>" + name + "</b>, dein Gutschein: <code>" + id + "</code></p></body></html>";
    m.headers = {{"X-Campaign-Id", "c-42"}};
    return m;
  }

  std::filesystem::path dir_;
  testkit::TestContext context_{};
};

}  // namespace

TEST_F(EmailSmtpTest, DeliversABatchWithUtf8SubjectAndBothParts) {
  SmtpPeer peer(peer_options());
  auto smtp = channel({{"url", peer.url()}, {"username", std::string("user")}, {"password", std::string(kPassword)},
                       {"starttls", std::string("none")}, {"helo", std::string("herald.test")}});
  const std::vector<sdk::Message> batch = {email("m-1", "Jürgen", "juergen@example.org"),
                                           email("m-2", "Ana", "ana@example.org"),
                                           email("m-3", "reject", "reject-me@example.org"),
                                           email("m-4", "Zoë", "zoe@example.org"),
                                           email("m-5", "busy", "busy@example.org")};
  const auto crlf = [](const std::string& text) {
    std::string out;
    for (const char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
  };
  const auto results = smtp->send(batch);
  ASSERT_EQ(results.size(), batch.size());
  for (const std::size_t i : {0u, 1u, 3u}) {
    EXPECT_EQ(results[i].status, sdk::DeliveryStatus::kSuccessful) << results[i].status_message;
    EXPECT_EQ(results[i].status_code, 250);
    EXPECT_EQ(results[i].provider_message_id, "<" + batch[i].id + "@example.com>");
  }
  EXPECT_EQ(results[2].status, sdk::DeliveryStatus::kPermanentFailure);
  EXPECT_EQ(results[2].status_code, 550);
  EXPECT_NE(results[2].status_message.find("550 5.1.1"), std::string::npos) << results[2].status_message;
  EXPECT_EQ(results[4].status, sdk::DeliveryStatus::kTemporaryFailure);
  EXPECT_EQ(results[4].status_code, 451);

  // Messages share a connection, greeted with the configured EHLO name: m-1, m-2 and the rejected
  // m-3 use the first; libcurl closes a connection after a failed transaction, so m-4 opens a second.
  EXPECT_EQ(peer.greetings(), (std::vector<std::string>{"herald.test", "herald.test"}));

  const auto stored = peer.messages();
  ASSERT_EQ(stored.size(), 3u);
  std::map<std::string, nlohmann::json> by_rcpt;
  for (const auto& m : stored) by_rcpt[m["rcpt_to"]] = m;
  for (const std::size_t i : {0u, 1u, 3u}) {
    const auto& sent = batch[i];
    ASSERT_EQ(by_rcpt.count(sent.address), 1u) << sent.address;
    const auto& m = by_rcpt[sent.address];
    EXPECT_EQ(m["mail_from"], "news@example.com");
    EXPECT_EQ(m["from"], "Bäckerei Müller <news@example.com>");
    EXPECT_EQ(m["to"], sent.address);
    EXPECT_EQ(m["subject"], sent.subject);  // decoded from RFC 2047 by Python's email package
    EXPECT_EQ(m["message_id"], results[i].provider_message_id);
    EXPECT_EQ(m["content_type"], "multipart/alternative");
    ASSERT_EQ(m["parts"].size(), 2u);
    EXPECT_EQ(m["parts"][0]["content_type"], "text/plain");
    EXPECT_EQ(m["parts"][0]["charset"], "utf-8");
    EXPECT_EQ(m["parts"][0]["text"], crlf(sent.text_body));  // text travels in canonical CRLF form
    EXPECT_EQ(m["parts"][1]["content_type"], "text/html");
    EXPECT_EQ(m["parts"][1]["text"], sent.html_body);
    EXPECT_TRUE(m["defects"].empty()) << m["defects"];
    EXPECT_LE(m["max_line"].get<int>(), 998);
    EXPECT_EQ(m["bare_lf"], 0);
  }
  EXPECT_EQ(context_.logger_.joined().find(kPassword), std::string::npos) << "the password was logged";
}

TEST_F(EmailSmtpTest, WrongPasswordIsAFailureResultNotAHang) {
  SmtpPeer peer(peer_options());
  auto smtp = channel({{"url", peer.url()}, {"username", std::string("user")}, {"password", std::string("wrong-Pa55")},
                       {"starttls", std::string("none")}, {"timeout_seconds", std::int64_t{20}}});
  const auto start = std::chrono::steady_clock::now();
  const auto results = smtp->send(std::vector<sdk::Message>{email("m-1", "A", "a@example.org"), email("m-2", "B", "b@example.org")});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    EXPECT_EQ(r.status, sdk::DeliveryStatus::kTemporaryFailure);
    EXPECT_EQ(r.status_code, 535);
    EXPECT_NE(r.status_message.find("authentication failed"), std::string::npos) << r.status_message;
    EXPECT_EQ(r.status_message.find("wrong-Pa55"), std::string::npos);
  }
  EXPECT_EQ(peer.greetings().size(), 1u) << "the second message must not retry a refused login";
  EXPECT_TRUE(peer.messages().empty());
  EXPECT_EQ(context_.logger_.joined().find("wrong-Pa55"), std::string::npos) << "the password was logged";
}

TEST_F(EmailSmtpTest, RequiredStartTlsWithSelfSignedCertificate) {
  const auto [cert, key] = make_certificate();
  auto options = peer_options();
  options.cert = cert;
  options.key = key;
  options.require_starttls = true;
  SmtpPeer peer(options);
  const std::map<std::string, sdk::SettingValue> base = {
      {"url", peer.url()}, {"username", std::string("user")}, {"password", std::string(kPassword)},
      {"starttls", std::string("required")}, {"timeout_seconds", std::int64_t{20}}};

  auto insecure = base;
  insecure["verify_peer"] = false;
  const auto sent = channel(insecure)->send(std::vector<sdk::Message>{email("m-tls", "Tls", "tls@example.org")});
  ASSERT_EQ(sent[0].status, sdk::DeliveryStatus::kSuccessful) << sent[0].status_message;

  // The certificate is really checked: unknown CA fails, the same CA as ca_file succeeds.
  const auto refused = channel(base)->send(std::vector<sdk::Message>{email("m-bad", "Bad", "bad@example.org")});
  EXPECT_EQ(refused[0].status, sdk::DeliveryStatus::kTemporaryFailure);
  auto trusted = base;
  trusted["ca_file"] = cert.string();
  const auto pinned = channel(trusted)->send(std::vector<sdk::Message>{email("m-ca", "Ca", "ca@example.org")});
  EXPECT_EQ(pinned[0].status, sdk::DeliveryStatus::kSuccessful) << pinned[0].status_message;

  const auto stored = peer.messages();
  ASSERT_EQ(stored.size(), 2u);
}

TEST_F(EmailSmtpTest, RequiredStartTlsFailsWhenTheServerHasNoTls) {
  SmtpPeer peer(peer_options());
  const auto results = channel({{"url", peer.url()}, {"starttls", std::string("required")}})
                           ->send(std::vector<sdk::Message>{email("m-1", "A", "a@example.org")});
  EXPECT_EQ(results[0].status, sdk::DeliveryStatus::kTemporaryFailure);
  EXPECT_TRUE(peer.messages().empty());
}

TEST_F(EmailSmtpTest, ServerDownIsATemporaryFailureForTheWholeBatch) {
  const int port = testkit::unused_port();
  auto smtp = channel({{"url", "smtp://127.0.0.1:" + std::to_string(port)}, {"timeout_seconds", std::int64_t{5}}});
  const auto start = std::chrono::steady_clock::now();
  const auto results = smtp->send(std::vector<sdk::Message>{email("m-1", "A", "a@example.org"), email("m-2", "B", "b@example.org")});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    EXPECT_EQ(r.status, sdk::DeliveryStatus::kTemporaryFailure);
    EXPECT_FALSE(r.status_message.empty());
  }
}

TEST_F(EmailSmtpTest, InvalidMessagesArePermanentFailuresWithoutTouchingTheServer) {
  SmtpPeer peer(peer_options());
  auto bad = email("m-1", "A", "a@example.org");
  bad.subject = "x\r\nBcc: victim@example.org";
  const auto results = channel({{"url", peer.url()}, {"starttls", std::string("none")}})
                           ->send(std::vector<sdk::Message>{bad, email("m-2", "B", "b@example.org")});
  EXPECT_EQ(results[0].status, sdk::DeliveryStatus::kPermanentFailure);
  EXPECT_EQ(results[1].status, sdk::DeliveryStatus::kSuccessful) << results[1].status_message;
  EXPECT_EQ(peer.messages().size(), 1u);
}
