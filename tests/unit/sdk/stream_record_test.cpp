#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "herald/sdk/event.hpp"

using namespace herald::sdk;

TEST(StreamRecord, HasPinpointShape) {
  Event event;
  event.id = "e1";
  event.project_id = "shop";
  event.event_type = "_campaign.send";
  event.timestamp = Instant{std::chrono::milliseconds{1562109497426}};
  event.arrival = Instant{std::chrono::milliseconds{1562109497494}};
  event.client_id = "42";
  event.attributes = {{"campaign_id", "c1"}, {"treatment_id", "0"}};
  event.endpoint_json = R"({"ChannelType":"EMAIL"})";
  const auto record = nlohmann::json::parse(to_stream_record_json(event));
  EXPECT_EQ(record["event_type"], "_campaign.send");
  EXPECT_EQ(record["event_timestamp"], 1562109497426);
  EXPECT_EQ(record["arrival_timestamp"], 1562109497494);
  EXPECT_EQ(record["application"]["app_id"], "shop");
  EXPECT_EQ(record["client"]["client_id"], "42");
  EXPECT_EQ(record["attributes"]["treatment_id"], "0");
  EXPECT_TRUE(record["client_context"]["custom"]["endpoint"].is_string());
}

namespace {
/// The record built as an nlohmann::json object: the reference the direct writer must match byte for byte.
std::string reference_record(const Event& event) {
  using nlohmann::json;
  const auto ms = [](Instant t) { return t.time_since_epoch().count(); };
  json record;
  record["event_type"] = event.event_type;
  record["event_timestamp"] = ms(event.timestamp);
  record["arrival_timestamp"] = ms(event.arrival);
  record["event_version"] = event.event_version;
  record["application"] = {{"app_id", event.project_id}, {"sdk", json::object()}};
  record["client"] = {{"client_id", event.client_id}};
  record["device"] = {{"platform", json::object()}};
  json session = json::object();
  if (!event.session.id.empty()) {
    session["session_id"] = event.session.id;
    if (event.session.start) session["start_timestamp"] = ms(*event.session.start);
    if (event.session.stop) session["stop_timestamp"] = ms(*event.session.stop);
  }
  record["session"] = std::move(session);
  record["attributes"] = event.attributes;
  if (!event.metrics.empty()) record["metrics"] = event.metrics;
  if (!event.endpoint_json.empty()) record["client_context"] = {{"custom", {{"endpoint", event.endpoint_json}}}};
  if (!event.facets_json.empty()) record["facets"] = json::parse(event.facets_json);
  record["event_id"] = event.id;
  return record.dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace

TEST(StreamRecord, MatchesTheJsonObjectSerializationByteForByte) {
  Event plain;
  plain.id = "m1:_email.send";
  plain.project_id = "shop";
  plain.event_type = "_email.send";
  plain.timestamp = Instant{std::chrono::milliseconds{1562109497426}};
  plain.client_id = "42";
  plain.facets_json = R"( { "email_channel" : {"mail_event": {"send": {}, "mail": {"b": 1, "a": [1.5, "x"]}}} } )";
  EXPECT_EQ(to_stream_record_json(plain), reference_record(plain));

  Event tricky = plain;
  tricky.project_id = "quote\" back\\slash";
  tricky.client_id = std::string("ctl\x01\x1f\n\t\x7f", 8);
  tricky.event_version = "caf\xc3\xa9";            // valid UTF-8, written as is
  tricky.attributes = {{"z", "bad \xff byte"}, {"a", "\xe2\x82"}, {"k\"", "v"}};  // invalid UTF-8: replaced
  tricky.metrics = {{"price", 12.5}, {"count", 3}, {"tiny", 1e-7}};
  tricky.endpoint_json = R"({"Address":"a@b.c","Attributes":{"X":["1"]}})";
  tricky.session.id = "s1";
  tricky.session.start = Instant{std::chrono::milliseconds{1}};
  tricky.session.stop = Instant{std::chrono::milliseconds{-2}};
  tricky.arrival = Instant{std::chrono::milliseconds{-5}};
  EXPECT_EQ(to_stream_record_json(tricky), reference_record(tricky));

  Event sorted_facets = plain;  // already in canonical key order: streamed, still normalized
  sorted_facets.facets_json =
      R"({"a": [1.50, -0, 1e2, 18446744073709551615, -9223372036854775808, true, false, null, {}, []],)"
      R"( "b": {"x\u0041\n\"": "caf\u00e9 \t"}, "c": "plain"})";
  EXPECT_EQ(to_stream_record_json(sorted_facets), reference_record(sorted_facets));
  Event repeated_key = plain;  // a repeated key: the tree keeps one value, so the streamed path must not be used
  repeated_key.facets_json = R"({"a": 1, "a": 2})";
  EXPECT_EQ(to_stream_record_json(repeated_key), reference_record(repeated_key));
  Event canonical = tricky;  // facets the caller wrote canonically are copied as is: the same record
  canonical.facets_json = nlohmann::json::parse(plain.facets_json).dump();
  EXPECT_EQ(to_stream_record_json(canonical, FacetsForm::kCanonical), reference_record(canonical));
  EXPECT_EQ(to_stream_record_json(canonical, FacetsForm::kCanonical), to_stream_record_json(canonical));
  Event invalid = plain;
  invalid.facets_json = R"({"a": )";
  EXPECT_THROW(to_stream_record_json(invalid), nlohmann::json::parse_error);

  Event session_without_stop = plain;
  session_without_stop.facets_json.clear();
  session_without_stop.session.id = "s2";
  session_without_stop.session.stop = Instant{std::chrono::milliseconds{7}};
  EXPECT_EQ(to_stream_record_json(session_without_stop), reference_record(session_without_stop));
}
