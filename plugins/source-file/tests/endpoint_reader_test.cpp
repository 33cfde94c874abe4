// The Pinpoint sample files through the endpoint readers (CSV and NDJSON), plus error reporting.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "csv_endpoint_reader.hpp"
#include "file_source.hpp"
#include "herald/sdk/endpoint_json.hpp"
#include "herald/sdk/error.hpp"
#include "ndjson_endpoint_reader.hpp"
#include "test_files.hpp"

namespace herald::source_file {
namespace {

using sdk::ChannelType;
using sdk::Endpoint;
using sdk::SourceItem;
using testing::data_dir;
using testing::read_all;
using testing::read_bytes;
using testing::TempDir;

const std::filesystem::path kPinpoint = data_dir() / "pinpoint";

std::vector<SourceItem> read_file(const std::filesystem::path& path) {
  FileSourceOptions options;
  options.path = path;
  options.gzip = path.extension() == ".gz";
  options.format = format_from_name(path).value();
  auto reader = open_file_reader(options);
  return read_all(*reader);
}

std::vector<SourceItem> read_csv_text(const std::string& text) {
  std::istringstream in(text);
  CsvEndpointReader reader(in, "t.csv");
  return read_all(reader);
}

std::vector<SourceItem> read_ndjson_text(const std::string& text) {
  std::istringstream in(text);
  NdjsonEndpointReader reader(in, "t.ndjson");
  return read_all(reader);
}

std::vector<Endpoint> endpoints(const std::vector<SourceItem>& items) {
  std::vector<Endpoint> out;
  for (const auto& item : items) {
    EXPECT_TRUE(item.ok) << item.origin.to_string() << ": " << item.reason;
    out.push_back(item.endpoint);
  }
  return out;
}

TEST(PinpointFiles, GettingStartedImportsFiveRowsAndReportsThePlaceholderRow) {
  const auto items = read_file(kPinpoint / "getting-started-import.csv");
  ASSERT_EQ(items.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(items[i].ok) << items[i].reason;
    EXPECT_EQ(items[i].origin.line, i + 2);
    EXPECT_EQ(items[i].endpoint.channel_type, ChannelType::kEmail);
    EXPECT_EQ(items[i].endpoint.user.user_id, std::to_string(i + 1));
    EXPECT_EQ(items[i].endpoint.user.user_attributes.at("Company"), std::vector<std::string>{"ExampleCorp."});
  }
  EXPECT_EQ(items[0].endpoint.address, "arnav@example.co.uk");
  EXPECT_EQ(items[3].endpoint.user.user_attributes.at("FirstName"), std::vector<std::string>{"Mary"});
  const auto& bad = items[5];
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.origin.line, 7u);
  EXPECT_EQ(bad.origin.to_string(), (kPinpoint / "getting-started-import.csv").string() + ":7");
  EXPECT_EQ(bad.reason,
            "column 2 (Address): '<your email address>' is not a valid EMAIL address: an email address needs an '@'");
}

TEST(PinpointFiles, DocsImportCsvAndNdjsonGiveEqualEndpoints) {
  const auto csv = read_file(kPinpoint / "docs-import-endpoints.csv");
  const auto ndjson = read_file(kPinpoint / "docs-import-endpoints.ndjson");
  ASSERT_EQ(csv.size(), 5u);
  EXPECT_EQ(endpoints(csv), endpoints(ndjson));
  EXPECT_EQ(csv[0].origin.line, 2u);
  EXPECT_EQ(ndjson[0].origin.line, 1u);
  EXPECT_EQ(csv[0].endpoint.address, "+16045550182");
  EXPECT_EQ(csv[0].endpoint.location.country, "CA");
  EXPECT_EQ(csv[1].endpoint.channel_type, ChannelType::kApns);
  EXPECT_EQ(csv[4].endpoint.demographic.make, "OnePlus");
  EXPECT_EQ(csv[4].endpoint.user.user_id, "example-user-id-3");
}

void expect_churn(const std::vector<SourceItem>& items) {
  ASSERT_EQ(items.size(), 3500u);
  int churned = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    ASSERT_TRUE(item.ok) << item.origin.to_string() << ": " << item.reason;
    ASSERT_EQ(item.origin.line, i + 2);
    ASSERT_EQ(item.endpoint.id, std::to_string(i + 1));
    ASSERT_EQ(item.endpoint.address, "churn" + std::to_string(i + 1) + "@example.com");
    ASSERT_EQ(item.endpoint.attributes.size(), 8u);
    churned += item.endpoint.attributes.at("Churn") == std::vector<std::string>{"1"};
  }
  EXPECT_EQ(churned, 30);
  EXPECT_EQ(items[0].endpoint.attributes.at("AccountLength"), std::vector<std::string>{"141"});
}

TEST(PinpointFiles, ChurnImportYields3500EndpointsWithAttributes) {
  expect_churn(read_file(kPinpoint / "churn-endpoints-import.csv"));
}

TEST(PinpointFiles, GzippedChurnImportReadsTheSame) {
  TempDir dir;
  testing::write_gzip(dir / "churn.csv.gz", read_bytes(kPinpoint / "churn-endpoints-import.csv"));
  expect_churn(read_file(dir / "churn.csv.gz"));
}

TEST(PinpointFiles, ChurnExportHasTheSameEndpoints) {
  const auto exported = read_file(kPinpoint / "churn-endpoints-export.ndjson");
  const auto imported = read_file(kPinpoint / "churn-endpoints-import.csv");
  ASSERT_EQ(exported.size(), 3500u);
  std::set<std::pair<std::string, std::string>> a, b;
  for (const auto& item : exported) {
    ASSERT_TRUE(item.ok) << item.origin.to_string() << ": " << item.reason;
    a.emplace(item.endpoint.id, item.endpoint.address);
    ASSERT_TRUE(item.endpoint.creation_date.has_value());
  }
  for (const auto& item : imported) b.emplace(item.endpoint.id, item.endpoint.address);
  EXPECT_EQ(a, b);
}

TEST(PinpointFiles, RealExportJobOutputReads) {
  const auto items = read_file(kPinpoint / "sdk-examples-export.ndjson.gz");
  ASSERT_EQ(items.size(), 9u);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_TRUE(items[i].ok) << items[i].origin.to_string() << ": " << items[i].reason;
  const Endpoint& first = items[0].endpoint;
  EXPECT_EQ(first.id, "a04ef766-e136-4d9a-a96b-45240d78bd4f");
  EXPECT_EQ(first.channel_type, ChannelType::kApns);
  EXPECT_EQ(first.attributes.at("team"), (std::vector<std::string>{"Lakers", "Warriors"}));
  EXPECT_EQ(first.metrics.at("luck"), 75.0);
  EXPECT_EQ(first.location.latitude, 34.0);
  EXPECT_EQ(first.demographic.timezone, "America/Los_Angeles");
  EXPECT_EQ(sdk::format_iso8601(first.effective_date.value()), "2020-03-10T11:00:00.000Z");
  EXPECT_EQ(sdk::format_iso8601(first.creation_date.value()), "2020-03-10T11:00:00.000Z");
  EXPECT_EQ(items[2].endpoint.attributes.at("name"), (std::vector<std::string>{"Mary ", "Major"}));
  EXPECT_TRUE(items[2].endpoint.attributes.at("interests").empty());
  // Pinpoint kept an SMS address without its country code; an import needs E.164, so it is reported.
  EXPECT_FALSE(items[8].ok);
  EXPECT_EQ(items[8].origin.line, 9u);
  EXPECT_EQ(items[8].reason,
            "$.Address: '2065550182' is not a valid SMS address: a phone number must be in E.164 form: '+', country "
            "code and number, e.g. +16045550182");
}

std::string cr_only(const std::string& bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
    out += bytes[i] == '\n' ? '\r' : bytes[i];
  }
  return out;
}

std::vector<std::string> summary(const std::vector<SourceItem>& items) {
  std::vector<std::string> out;
  for (const auto& item : items)
    out.push_back(std::to_string(item.origin.line) + (item.ok ? " " + sdk::endpoint_to_json(item.endpoint).dump() : " " + item.reason));
  return out;
}

TEST(PinpointFiles, BomAndCrOnlyTwinsImportLikeThePlainFile) {
  TempDir dir;
  for (const char* name : {"getting-started-import.csv", "churn-endpoints-import.csv", "docs-import-userids.csv"}) {
    SCOPED_TRACE(name);
    const std::string plain = read_bytes(kPinpoint / name);
    testing::write_bytes(dir / "bom.csv", "\xEF\xBB\xBF" + plain);
    testing::write_bytes(dir / "cr.csv", cr_only(plain));
    ASSERT_NE(cr_only(plain), plain);
    const auto expected = summary(read_file(kPinpoint / name));
    EXPECT_EQ(summary(read_file(dir / "bom.csv")), expected);
    EXPECT_EQ(summary(read_file(dir / "cr.csv")), expected);
  }
}

TEST(PinpointFiles, UserIdOnlyFiles) {
  const auto csv = read_file(kPinpoint / "docs-import-userids.csv");
  const auto ndjson = read_file(kPinpoint / "docs-import-userids.ndjson");
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(endpoints(csv), endpoints(ndjson));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(csv[i].origin.line, 2u);  // the documented CSV puts all three ids on line 2
    EXPECT_EQ(ndjson[i].origin.line, i + 1);
    Endpoint expected;
    expected.user.user_id = "example-user-id-" + std::to_string(i + 1);
    EXPECT_EQ(csv[i].endpoint, expected);
  }
}

TEST(CsvEndpoints, RepeatedHeaderIsAMultiValuedAttribute) {
  const auto items = read_csv_text(
      "ChannelType,Address,Attributes.Interests,User.UserAttributes.Tag,Attributes.Interests,User.UserAttributes.Tag\n"
      "EMAIL,a@example.com,Cooking,t1,Travel,t2\n"
      "EMAIL,b@example.com,,,Travel,\n");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].endpoint.attributes.at("Interests"), (std::vector<std::string>{"Cooking", "Travel"}));
  EXPECT_EQ(items[0].endpoint.user.user_attributes.at("Tag"), (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(items[1].endpoint.attributes.at("Interests"), (std::vector<std::string>{"Travel"}));
  EXPECT_EQ(items[1].endpoint.user.user_attributes.count("Tag"), 0u);
}

TEST(CsvEndpoints, BadRowsNameLineColumnValueAndReasonAndTheStreamGoesOn) {
  const auto items = read_csv_text(
      "ChannelType,Address,Metrics.visits,OptOut,EffectiveDate,Attributes.Plan\n"
      "EMAIL,ok@example.com,3,NONE,2024-01-31,gold\n"
      "EMAIL,ok@example.com,abc,NONE,,\n"
      "FAX,+4930123456,,,,\n"
      "SMS,+49 30 123,,,,\n"
      "EMAIL,ok@example.com,,maybe,,\n"
      "EMAIL,ok@example.com,,,yesterday,\n"
      "EMAIL,ok@example.com,,,,\n"
      "EMAIL,ok@example.com,1,2\n"
      "EMAIL,ok@example.com,,,," + std::string(101, 'x') + "\n"
      "sms,+4930123456,,,,\n"
      "\n"
      ",,,,,\n"
      "SMS,+4930123456,1.5e3,ALL,2024-01-31T09:30:00Z,\n");
  std::vector<std::string> got;
  for (const auto& item : items) got.push_back(item.origin.to_string() + (item.ok ? " ok" : " " + item.reason));
  const std::vector<std::string> expected = {
      "t.csv:2 ok",
      "t.csv:3 column 3 (Metrics.visits): 'abc' is not a number",
      "t.csv:4 column 1 (ChannelType): 'FAX' is not a known ChannelType. Use one of PUSH, GCM, APNS, APNS_SANDBOX, "
      "APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, BAIDU, CUSTOM, IN_APP",
      "t.csv:5 column 2 (Address): '+49 30 123' is not a valid SMS address: an E.164 phone number holds only digits "
      "after the '+'",
      "t.csv:6 column 4 (OptOut): 'maybe' is not a known OptOut. Use one of ALL, NONE",
      "t.csv:7 column 5 (EffectiveDate): 'yesterday' is not an ISO-8601 date. Write e.g. 2024-01-31T09:30:00Z or "
      "2024-01-31",
      "t.csv:8 ok",
      "t.csv:9 4 fields, but the header has 6. Quote values that hold commas: \"a,b\"",
      "t.csv:10 column 6 (Attributes.Plan): '" + std::string(77, 'x') +
          "...' is too long or malformed: the value has 101 characters, at most 100 are allowed",
      "t.csv:11 column 1 (ChannelType): 'sms' is not a known ChannelType. Did you mean 'SMS'? Values are case-sensitive",
      "t.csv:14 ok",
  };
  EXPECT_EQ(got, expected);
  EXPECT_EQ(items.back().endpoint.metrics.at("visits"), 1500.0);
  EXPECT_EQ(items.back().endpoint.opt_out, sdk::OptOut::kAll);
  EXPECT_EQ(items[0].endpoint.attributes.at("Plan"), std::vector<std::string>{"gold"});
}

TEST(CsvEndpoints, HeaderErrorsThrowNamingFileLineAndColumn) {
  try {
    read_csv_text("ChannelType,Address,Location.Country,Foo\nEMAIL,a@example.com,US,x\n");
    FAIL() << "no error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "t.csv:1: column 4 (Foo)");
    EXPECT_EQ(e.message(), "unknown column");
  }
  try {
    read_csv_text("\n\nchannelType,Address\n");
    FAIL() << "no error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "t.csv:3: column 1 (channelType): unknown column. Did you mean 'ChannelType'? Names are case-sensitive");
  }
  EXPECT_THROW(read_csv_text(""), sdk::Error);
  EXPECT_THROW(read_csv_text("ChannelType,Address,Address\n"), sdk::Error);
  EXPECT_THROW(read_csv_text("\"Channel\"Type,Address\n"), sdk::Error);
}

TEST(NdjsonEndpoints, BadLinesNameLineAndJsonPathAndTheStreamGoesOn) {
  const auto items = read_ndjson_text(
      "\xEF\xBB\xBF{\"ChannelType\":\"EMAIL\",\"Address\":\"a@example.com\"}\r\n"
      "\n"
      "{\"Metrics\":{\"visits\":\"abc\"}}\n"
      "{\"ChannelType\":\"EMAIL\",\n"
      "{\"Attributes\":{\"team\":[\"a\",5]}}\n"
      "{\"Atributes\":{}}\n"
      "   \n"
      "{\"User\":{\"UserId\":\"u1\"}}");
  std::vector<std::string> got;
  for (const auto& item : items) got.push_back(item.origin.to_string() + (item.ok ? " ok" : " " + item.reason));
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0], "t.ndjson:1 ok");
  EXPECT_EQ(got[1], "t.ndjson:3 $.Metrics.visits: expected a number, got \"abc\"");
  EXPECT_EQ(got[2].rfind("t.ndjson:4 invalid JSON: parse error at column ", 0), 0u) << got[2];
  EXPECT_EQ(got[3], "t.ndjson:5 $.Attributes.team[1]: expected a string, got 5");
  EXPECT_EQ(got[4].rfind("t.ndjson:6 $.Atributes: unknown member. Allowed members: Id, ChannelType", 0), 0u) << got[4];
  EXPECT_EQ(got[5], "t.ndjson:8 ok");
  EXPECT_EQ(items[5].endpoint.user.user_id, "u1");
}

}  // namespace
}  // namespace herald::source_file
