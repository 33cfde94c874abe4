// Pinpoint CSV columns: header mapping, row mapping, errors with column number, name and value.
#include "herald/sdk/pinpoint_columns.hpp"

#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"

namespace herald::sdk {
namespace {

using Row = std::vector<std::string>;

PinpointColumns header(const Row& cells) { return PinpointColumns::from_header(cells, "f.csv:1"); }

std::string header_error(const Row& cells) {
  try {
    header(cells);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string row_error(const PinpointColumns& columns, const Row& row) {
  try {
    columns.map_row(row);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(PinpointColumns, MapsEveryDocumentedColumn) {
  const Row names = {"Id", "ChannelType", "Address", "Attributes.Plan", "Metrics.Visits", "Demographic.AppVersion",
                     "Demographic.Locale", "Demographic.Make", "Demographic.Model", "Demographic.ModelVersion",
                     "Demographic.Platform", "Demographic.PlatformVersion", "Demographic.Timezone", "Location.City",
                     "Location.Country", "Location.Latitude", "Location.Longitude", "Location.PostalCode",
                     "Location.Region", "User.UserId", "User.UserAttributes.FirstName", "OptOut", "EffectiveDate",
                     "EndpointStatus", "RequestId"};
  const auto columns = header(names);
  EXPECT_FALSE(columns.user_ids_only());
  const Row values = {"e1", "EMAIL", " mary@example.com ", "gold", "12", "1.0", "en_US", "Apple", "iPhone", "7",
                      "ios", "17.1", "Europe/Berlin", "Berlin", "DE", "52.5", "13.4", "10115", "BE", "u1", "Mary",
                      "ALL", "2024-01-31T09:30:00Z", "INACTIVE", "r1"};
  const Endpoint e = columns.map_row(values);
  EXPECT_EQ(e.id, "e1");
  EXPECT_EQ(e.channel_type, ChannelType::kEmail);
  EXPECT_EQ(e.address, "mary@example.com");
  EXPECT_EQ(e.attributes.at("Plan"), Row{"gold"});
  EXPECT_EQ(e.metrics.at("Visits"), 12.0);
  EXPECT_EQ(e.demographic, (Demographic{"1.0", "en_US", "Apple", "iPhone", "7", "ios", "17.1", "Europe/Berlin"}));
  EXPECT_EQ(e.location.city, "Berlin");
  EXPECT_EQ(e.location.latitude, 52.5);
  EXPECT_EQ(e.location.longitude, 13.4);
  EXPECT_EQ(e.location.postal_code, "10115");
  EXPECT_EQ(e.location.region, "BE");
  EXPECT_EQ(e.user.user_id, "u1");
  EXPECT_EQ(e.user.user_attributes.at("FirstName"), Row{"Mary"});
  EXPECT_EQ(e.opt_out, OptOut::kAll);
  EXPECT_EQ(format_iso8601(*e.effective_date), "2024-01-31T09:30:00.000Z");
  EXPECT_EQ(e.endpoint_status, EndpointStatus::kInactive);
  EXPECT_EQ(e.request_id, "r1");
  // Empty cells mean "not given".
  EXPECT_EQ(columns.map_row(Row(names.size())), Endpoint{});
}

TEST(PinpointColumns, MappingIntoAReusedEndpointEqualsAFreshMapping) {
  const Row names = {"Id", "ChannelType", "Address", "Attributes.Plan", "Metrics.Visits", "Demographic.AppVersion",
                     "Demographic.Locale", "Demographic.Make", "Demographic.Model", "Demographic.ModelVersion",
                     "Demographic.Platform", "Demographic.PlatformVersion", "Demographic.Timezone", "Location.City",
                     "Location.Country", "Location.Latitude", "Location.Longitude", "Location.PostalCode",
                     "Location.Region", "User.UserId", "User.UserAttributes.FirstName", "OptOut", "EffectiveDate",
                     "EndpointStatus", "RequestId", "Attributes.Plan", "Metrics.Age", "Attributes.Zone"};
  const auto columns = header(names);
  const Row full = {"e1", "EMAIL", " mary@example.com ", "gold", "12", "1.0", "en_US", "Apple", "iPhone", "7",
                    "ios", "17.1", "Europe/Berlin", "Berlin", "DE", "52.5", "13.4", "10115", "BE", "u1", "Mary",
                    "ALL", "2024-01-31T09:30:00Z", "INACTIVE", "r1", "silver", "40", "north"};
  Row sparse(names.size());
  sparse[1] = "SMS";
  sparse[2] = "+16045550182";
  sparse[25] = "bronze";  // only the second Plan column: one value
  sparse[26] = "7";       // Age given, Visits not
  const std::vector<Row> rows = {full, sparse, Row(names.size()), full, full};
  // Start from an endpoint with every field set, including ones no CSV column fills.
  Endpoint reused = columns.map_row(full);
  reused.creation_date = Instant{std::chrono::milliseconds{1}};
  reused.cohort_id = 42;
  reused.attributes["Other"] = {"x"};
  reused.metrics["Other"] = 1;
  reused.user.user_attributes["Other"] = {"y"};
  for (const auto& row : rows) {
    columns.map_row(row, reused);
    EXPECT_EQ(reused, columns.map_row(row));
  }
  columns.map_row(sparse, reused);
  EXPECT_EQ(reused.attributes.at("Plan"), Row{"bronze"});
  EXPECT_EQ(reused.attributes.count("Zone"), 0u);
  EXPECT_EQ(reused.metrics.count("Visits"), 0u);
  EXPECT_EQ(reused.metrics.at("Age"), 7.0);
  // An error leaves the endpoint unspecified, but the next row maps right again.
  Row bad = full;
  bad[4] = "many";
  EXPECT_THROW(columns.map_row(bad, reused), Error);
  columns.map_row(full, reused);
  EXPECT_EQ(reused, columns.map_row(full));
}

TEST(PinpointColumns, HeaderErrors) {
  EXPECT_EQ(header_error({"ChannelType", "Adress"}),
            "f.csv:1: column 2 (Adress): unknown column. Accepted: Id, ChannelType, Address, Attributes.<name>, "
            "Metrics.<name>, Demographic.{AppVersion, Locale, Make, Model, ModelVersion, Platform, PlatformVersion, "
            "Timezone}, Location.{City, Country, Latitude, Longitude, PostalCode, Region}, User.UserId, "
            "User.UserAttributes.<name>, OptOut, EffectiveDate, EndpointStatus, RequestId");
  EXPECT_EQ(header_error({"attributes.Plan"}),
            "f.csv:1: column 1 (attributes.Plan): unknown column. Did you mean 'Attributes.Plan'? Names are case-sensitive");
  EXPECT_EQ(header_error({"Address", "Id", "Address"}),
            "f.csv:1: column 3 (Address): repeats column 1. Only Attributes.<name> and User.UserAttributes.<name> "
            "columns may repeat (one value each)");
  EXPECT_EQ(header_error({"Metrics.x", "Metrics.x"}).rfind("f.csv:1: column 2 (Metrics.x): repeats column 1", 0), 0u);
  EXPECT_EQ(header_error({"Id", ""}), "f.csv:1: column 2 (): empty column name. Every column of the header row needs a name");
  EXPECT_EQ(header_error({"Attributes." + std::string(51, 'a')}).rfind("f.csv:1: column 1 (Attributes.aaa", 0), 0u);
  EXPECT_EQ(header_error({"Attributes."}).rfind("f.csv:1: column 1 (Attributes.): unknown column", 0), 0u);
}

TEST(PinpointColumns, RowErrorsNameColumnValueAndWhy) {
  const auto columns = header({"ChannelType", "Address", "Metrics.visits", "Location.Latitude", "EndpointStatus"});
  EXPECT_EQ(row_error(columns, {"EMAIL", "a@example.com", "abc", "", ""}),
            "column 3 (Metrics.visits): 'abc' is not a number");
  EXPECT_EQ(row_error(columns, {"EMAIL", "a@example.com", "1e999", "", ""}),
            "column 3 (Metrics.visits): '1e999' is not a number");
  EXPECT_EQ(row_error(columns, {"EMAIL", "a@example.com", "", "91", ""}),
            "column 4 (Location.Latitude): '91' is not a latitude (-90 to 90 degrees)");
  EXPECT_EQ(row_error(columns, {"EMAIL", "a@example.com", "", "", "active"}),
            "column 5 (EndpointStatus): 'active' is not a known EndpointStatus. Did you mean 'ACTIVE'? Values are "
            "case-sensitive");
  EXPECT_EQ(row_error(columns, {"VOICE", "+1 555", "", "", ""}),
            "column 2 (Address): '+1 555' is not a valid VOICE address: an E.164 phone number holds only digits after "
            "the '+'");
  EXPECT_EQ(row_error(columns, {"EMAIL", "a@example.com"}),
            "2 fields, but the header has 5. Quote values that hold commas: \"a,b\"");
  EXPECT_EQ(row_error(columns, {"EMAIL", "a\xFF@example.com", "", "", ""}),
            "column 2 (Address): 'a\xFF@example.com' is not valid UTF-8. Save the file as UTF-8");
  // An address without a channel (an update by Id) is not checked.
  EXPECT_EQ(row_error(columns, {"", "anything", "", "", ""}), "no error");
}

TEST(PinpointColumns, RepeatedAttributeColumnsAreValuesInColumnOrder) {
  const auto columns = header({"Attributes.i", "Id", "Attributes.i", "User.UserAttributes.u", "Attributes.i",
                               "User.UserAttributes.u"});
  const auto e = columns.map_row(Row{"c", "1", "a", "x", "", "y"});
  EXPECT_EQ(e.attributes.at("i"), (Row{"c", "a"}));
  EXPECT_EQ(e.user.user_attributes.at("u"), (Row{"x", "y"}));
}

TEST(PinpointColumns, UserIdOnly) {
  EXPECT_TRUE(header({"User.UserId"}).user_ids_only());
  EXPECT_FALSE(header({"User.UserId", "Id"}).user_ids_only());
  EXPECT_EQ(PinpointColumns::split_user_ids(" a  b\tc "), (Row{"a", "b", "c"}));
  EXPECT_TRUE(PinpointColumns::split_user_ids("   ").empty());
}

}  // namespace
}  // namespace herald::sdk
