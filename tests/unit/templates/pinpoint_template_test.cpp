// Pinpoint's own sample template and DefaultSubstitutions.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "templates/engine.hpp"

namespace herald::templates {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(PinpointTemplates, GettingStartedEmailRendersUserAttributes) {
  const std::string source = read_file(std::string(HERALD_TEST_DATA_DIR) + "/templates/getting-started-email-template.html");
  const Engine engine;
  const Template t = engine.compile(source, "getting-started-email-template.html");
  // As Pinpoint passes them: user attributes are arrays of strings.
  const Json endpoint = {{"User", {{"UserAttributes", {{"FirstName", {"Arnav"}}, {"LastName", {"Desai"}}, {"Company", {"Example & Co."}}}}}}};
  const std::string html = t.render(endpoint);
  EXPECT_NE(html.find("Special offer for employees of Example &amp; Co.</h1>"), std::string::npos);
  EXPECT_NE(html.find("Dear Arnav Desai,</p>"), std::string::npos);
  EXPECT_EQ(html.find("{{"), std::string::npos);
  // Everything that is not a variable is unchanged.
  std::string expected = source;
  for (const auto& [var, value] : {std::pair<std::string, std::string>{"{{User.UserAttributes.Company}}", "Example &amp; Co."},
                                   {"{{User.UserAttributes.FirstName}}", "Arnav"},
                                   {"{{User.UserAttributes.LastName}}", "Desai"}}) {
    for (auto at = expected.find(var); at != std::string::npos; at = expected.find(var)) expected.replace(at, var.size(), value);
  }
  EXPECT_EQ(html, expected);
}

TEST(PinpointTemplates, DefaultSubstitutionsFillMissingAndEmptyValues) {
  // The template definition from tests' Pinpoint shapes: DefaultSubstitutions is a JSON string.
  const Json definition = Json::parse(R"({"Subject": "Welcome {{User.UserAttributes.FirstName}}",
    "HtmlPart": "<p>Hi {{User.UserAttributes.FirstName}}</p>", "TextPart": "Hi {{User.UserAttributes.FirstName}}",
    "DefaultSubstitutions": "{\"User.UserAttributes.FirstName\":\"there & you\"}"})");
  const DefaultSubstitutions defaults = DefaultSubstitutions::parse(definition.at("DefaultSubstitutions").get<std::string>());
  const Engine engine;
  const Template subject = engine.compile(definition.at("Subject").get<std::string>(), "welcome.Subject");
  const Template html = engine.compile(definition.at("HtmlPart").get<std::string>(), "welcome.HtmlPart");
  const RenderOptions text_opts{Escaping::kNone, &defaults};
  const RenderOptions html_opts{Escaping::kHtml, &defaults};
  EXPECT_EQ(subject.render(Json::object(), text_opts), "Welcome there & you");
  EXPECT_EQ(html.render(Json::object(), html_opts), "<p>Hi there &amp; you</p>");
  const Json empty = {{"User", {{"UserAttributes", {{"FirstName", {""}}}}}}};
  EXPECT_EQ(subject.render(empty, text_opts), "Welcome there & you");
  const Json named = {{"User", {{"UserAttributes", {{"FirstName", {"Ann"}}}}}}};
  EXPECT_EQ(subject.render(named, text_opts), "Welcome Ann");
  EXPECT_EQ(subject.render(Json::object()), "Welcome ");  // no defaults given
}

TEST(PinpointTemplates, DefaultSubstitutionsParserErrors) {
  EXPECT_TRUE(DefaultSubstitutions::parse("").empty());
  const DefaultSubstitutions numbers = DefaultSubstitutions::parse(R"({"a":1,"b":true})");
  ASSERT_NE(numbers.find("a"), nullptr);
  EXPECT_EQ(numbers.values().at("a"), "1");
  EXPECT_EQ(numbers.values().at("b"), "true");
  try {
    (void)DefaultSubstitutions::parse("{nope", "templates/welcome.DefaultSubstitutions");
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "templates/welcome.DefaultSubstitutions");
  }
  EXPECT_THROW((void)DefaultSubstitutions::parse("[1]"), sdk::Error);
  try {
    (void)DefaultSubstitutions::parse(R"({"x":{"y":1}})", "d");
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "d.x");
  }
}

TEST(PinpointTemplates, EndpointVariables) {
  const Engine engine;
  const Json endpoint = {{"Address", "a@example.com"}, {"ChannelType", "EMAIL"}, {"Attributes", {{"Plan", {"gold"}}}},
                         {"Metrics", {{"visits", 3.0}}}, {"Location", {{"Country", "US"}}}};
  EXPECT_EQ(engine.compile("{{Address}} {{ChannelType}} {{Attributes.Plan}} {{Metrics.visits}} {{Location.Country}}")
                .render(endpoint, {Escaping::kNone, nullptr}),
            "a@example.com EMAIL gold 3 US");
  EXPECT_EQ(engine.compile("{{#each Attributes.Plan}}<li>{{this}}</li>{{else}}none{{/each}}").render(endpoint), "<li>gold</li>");
}

}  // namespace
}  // namespace herald::templates
