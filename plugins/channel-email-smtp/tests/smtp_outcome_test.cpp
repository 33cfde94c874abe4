// Reply classes -> delivery statuses (RFC 5321 section 4.2.1).
#include <gtest/gtest.h>

#include "smtp_outcome.hpp"

using namespace herald;
using herald::channel_email_smtp::classify_smtp_outcome;

TEST(SmtpOutcome, AcceptedIsSuccessfulWithTheReply) {
  const auto o = classify_smtp_outcome(CURLE_OK, 250, "250 OK queued", "");
  EXPECT_EQ(o.result.status, sdk::DeliveryStatus::kSuccessful);
  EXPECT_EQ(o.result.status_code, 250);
  EXPECT_EQ(o.result.status_message, "250 OK queued");
  EXPECT_FALSE(o.connection_failed);
}

TEST(SmtpOutcome, ReplyClassesDecide) {
  const auto permanent = classify_smtp_outcome(CURLE_SEND_ERROR, 550, "550 5.1.1 unknown user", "RCPT failed: 550");
  EXPECT_EQ(permanent.result.status, sdk::DeliveryStatus::kPermanentFailure);
  EXPECT_EQ(permanent.result.status_code, 550);
  EXPECT_EQ(permanent.result.status_message, "550 5.1.1 unknown user");
  const auto temporary = classify_smtp_outcome(CURLE_SEND_ERROR, 451, "451 4.3.0 try later", "");
  EXPECT_EQ(temporary.result.status, sdk::DeliveryStatus::kTemporaryFailure);
  EXPECT_FALSE(temporary.connection_failed);
  const auto data_rejected = classify_smtp_outcome(CURLE_WEIRD_SERVER_REPLY, 554, "554 5.6.0 bad content", "");
  EXPECT_EQ(data_rejected.result.status, sdk::DeliveryStatus::kPermanentFailure);
}

TEST(SmtpOutcome, ConnectionProblemsAreTemporaryAndStopTheBatch) {
  for (const CURLcode code : {CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_PEER_FAILED_VERIFICATION,
                              CURLE_USE_SSL_FAILED, CURLE_LOGIN_DENIED}) {
    const auto o = classify_smtp_outcome(code, code == CURLE_LOGIN_DENIED ? 535 : 0,
                                         code == CURLE_LOGIN_DENIED ? "535 5.7.8 Authentication credentials invalid" : "",
                                         "");
    EXPECT_EQ(o.result.status, sdk::DeliveryStatus::kTemporaryFailure) << code;
    EXPECT_TRUE(o.connection_failed) << code;
    EXPECT_FALSE(o.result.status_message.empty());
  }
  const auto dropped = classify_smtp_outcome(CURLE_RECV_ERROR, 0, "", "Connection reset");
  EXPECT_EQ(dropped.result.status, sdk::DeliveryStatus::kTemporaryFailure);
  EXPECT_EQ(dropped.result.status_message, "Connection reset");
}
