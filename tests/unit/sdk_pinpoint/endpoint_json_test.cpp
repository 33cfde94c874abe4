// Pinpoint endpoint JSON: round trip, shapes, and errors naming the JSON path.
#include "herald/sdk/endpoint_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "herald/sdk/error.hpp"

namespace herald::sdk {
namespace {

using nlohmann::json;

Endpoint full_endpoint() {
  Endpoint e;
  e.id = "ep-1";
  e.channel_type = ChannelType::kSms;
  e.address = "+16045550182";
  e.attributes = {{"team", {"Lakers", "Warriors"}}, {"empty", {}}};
  e.metrics = {{"luck", 75.0}, {"ratio", 0.125}};
  e.demographic = {"1.0", "en_US", "apple", "iPhone", "7", "ios", "10.1.1", "America/Los_Angeles"};
  e.location.city = "Los Angeles";
  e.location.country = "US";
  e.location.postal_code = "90068";
  e.location.region = "CA";
  e.location.latitude = 34.0;
  e.location.longitude = -118.2;
  e.user.user_id = "u-1";
  e.user.user_attributes = {{"FirstName", {"Mary"}}};
  e.effective_date = parse_iso8601("2020-03-10T11:00Z");
  e.creation_date = parse_iso8601("2019-10-10T23:43:02.725Z");
  e.endpoint_status = EndpointStatus::kInactive;
  e.opt_out = OptOut::kAll;
  e.request_id = "req-1";
  e.cohort_id = 57;
  return e;
}

TEST(EndpointJson, RoundTrip) {
  const Endpoint e = full_endpoint();
  EXPECT_EQ(endpoint_from_json(endpoint_to_json(e), "t"), e);
  EXPECT_EQ(endpoint_from_json(json::parse(endpoint_to_json(e).dump()), "t"), e);
  const Endpoint empty;
  EXPECT_EQ(endpoint_from_json(endpoint_to_json(empty), "t"), empty);
}

TEST(EndpointJson, WritesPinpointShapes) {
  const json j = endpoint_to_json(full_endpoint());
  EXPECT_EQ(j["Attributes"]["team"], json::parse(R"(["Lakers","Warriors"])"));
  EXPECT_EQ(j["User"]["UserAttributes"]["FirstName"], json::parse(R"(["Mary"])"));
  EXPECT_EQ(j["Metrics"]["luck"], 75.0);
  EXPECT_EQ(j["ChannelType"], "SMS");
  EXPECT_EQ(j["EndpointStatus"], "INACTIVE");
  EXPECT_EQ(j["OptOut"], "ALL");
  EXPECT_EQ(j["CohortId"], "57");
  EXPECT_EQ(j["EffectiveDate"], "2020-03-10T11:00:00.000Z");
  EXPECT_EQ(j["Location"]["Longitude"], -118.2);
  EXPECT_EQ(j["Demographic"]["Timezone"], "America/Los_Angeles");
  EXPECT_EQ(endpoint_to_json(Endpoint{}), json::parse(R"({"EndpointStatus":"ACTIVE","OptOut":"NONE"})"));
}

TEST(EndpointJson, ReadsAnExportLine) {
  const auto e = endpoint_from_json(json::parse(R"({"ChannelType":"EMAIL","Address":"churn1@example.com",
      "EndpointStatus":"ACTIVE","OptOut":"NONE","EffectiveDate":"2019-10-10T23:43:02.725Z","User":{},
      "ApplicationId":"12345","Id":"1","CreationDate":"2019-10-10T23:43:02.725Z","CohortId":"3","RequestId":null})"),
                                    "x");
  EXPECT_EQ(e.id, "1");
  EXPECT_EQ(e.channel_type, ChannelType::kEmail);
  EXPECT_EQ(e.cohort_id, 3);
  EXPECT_TRUE(e.user.user_id.empty());
  EXPECT_EQ(format_iso8601(*e.creation_date), "2019-10-10T23:43:02.725Z");
}

std::string error_of(const std::string& text, const std::string& where = "data.ndjson:3") {
  try {
    endpoint_from_json(json::parse(text), where);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(EndpointJson, ErrorsNameTheJsonPath) {
  EXPECT_EQ(error_of(R"({"Metrics":{"visits":"abc"}})"), R"(data.ndjson:3: $.Metrics.visits: expected a number, got "abc")");
  EXPECT_EQ(error_of(R"({"Metrics":{"visits":"abc"}})", ""), R"($.Metrics.visits: expected a number, got "abc")");
  EXPECT_EQ(error_of(R"([1])"), "data.ndjson:3: $: expected an object, got [1]");
  EXPECT_EQ(error_of(R"({"Attributes":{"team":"Lakers"}})"),
            R"(data.ndjson:3: $.Attributes.team: expected an array of strings, got "Lakers")");
  EXPECT_EQ(error_of(R"({"User":{"UserAttributes":{"a":[true]}}})"),
            "data.ndjson:3: $.User.UserAttributes.a[0]: expected a string, got true");
  EXPECT_EQ(error_of(R"({"ChannelType":"FAX"})"),
            "data.ndjson:3: $.ChannelType: unknown ChannelType 'FAX'. Use one of PUSH, GCM, APNS, APNS_SANDBOX, "
            "APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, BAIDU, CUSTOM, IN_APP");
  EXPECT_EQ(error_of(R"({"EffectiveDate":"soon"})"),
            "data.ndjson:3: $.EffectiveDate: 'soon' is not an ISO-8601 instant. Write e.g. 2024-01-31T09:30:00Z");
  EXPECT_EQ(error_of(R"({"OptOut":"none"})"), "data.ndjson:3: $.OptOut: unknown OptOut 'none'. Use ALL or NONE");
  EXPECT_EQ(error_of(R"({"EndpointStatus":1})"), "data.ndjson:3: $.EndpointStatus: expected a string, got 1");
  EXPECT_EQ(error_of(R"({"CohortId":"100"})"), R"(data.ndjson:3: $.CohortId: expected a cohort from 0 to 99, got "100")");
  EXPECT_EQ(error_of(R"({"Location":{"Latitude":"34"}})"), R"(data.ndjson:3: $.Location.Latitude: expected a number, got "34")");
  EXPECT_EQ(error_of(R"({"Demographic":{"Tz":"x"}})").rfind("data.ndjson:3: $.Demographic.Tz: unknown member. Allowed members: AppVersion", 0),
            0u);
}

}  // namespace
}  // namespace herald::sdk
