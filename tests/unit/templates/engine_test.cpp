// Syntax and rendering rules of the template engine (Handlebars.js behaviour unless noted).
#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "templates/engine.hpp"

namespace herald::templates {
namespace {

std::string render(std::string_view source, const Json& data, Escaping escaping = Escaping::kHtml) {
  const Engine engine;
  return engine.compile(source, "t").render(data, {escaping, nullptr});
}

TEST(Templates, TextAndPaths) {
  const Json data = {{"a", {{"b", "x"}}}, {"n", 3}, {"f", 1.5}, {"t", true}, {"z", nullptr}};
  EXPECT_EQ(render("plain", data), "plain");
  EXPECT_EQ(render("[{{a.b}}] [{{a/b}}] [{{n}}] [{{f}}] [{{t}}] [{{z}}] [{{missing.deep}}]", data),
            "[x] [x] [3] [1.5] [true] [] []");
  EXPECT_EQ(render("{{ a.b }}", data), "x");
  EXPECT_EQ(render("{{this.n}} {{./n}}", data), "3 3");
}

TEST(Templates, HtmlEscapingLikeHandlebarsJs) {
  const Json data = {{"s", "<a href=\"x\">'&'`=</a>"}};
  EXPECT_EQ(render("{{s}}", data), "&lt;a href&#x3D;&quot;x&quot;&gt;&#x27;&amp;&#x27;&#x60;&#x3D;&lt;/a&gt;");
  EXPECT_EQ(render("{{{s}}}", data), "<a href=\"x\">'&'`=</a>");
  EXPECT_EQ(render("{{& s}}", data), "<a href=\"x\">'&'`=</a>");
  EXPECT_EQ(render("{{s}}", data, Escaping::kNone), "<a href=\"x\">'&'`=</a>");
}

TEST(Templates, PinpointArraysRenderCommaJoined) {
  const Json data = {{"Attributes", {{"AccountLength", {"141"}}, {"Colors", {"red", "blue"}}}}};
  EXPECT_EQ(render("{{Attributes.AccountLength}}", data), "141");
  EXPECT_EQ(render("{{Attributes.Colors}}", data), "red,blue");
  EXPECT_EQ(render("{{Attributes.Colors.[1]}} {{Attributes.Colors.0}}", data), "blue red");
  EXPECT_EQ(render("{{Attributes}}", data), "[object Object]");
}

TEST(Templates, SegmentLiterals) {
  const Json data = {{"User", {{"Last Name", "Ng"}, {"a.b", "dot"}}}};
  EXPECT_EQ(render("{{User.[Last Name]}} {{User.[a.b]}}", data), "Ng dot");
}

TEST(Templates, Comments) {
  EXPECT_EQ(render("a{{! note }}b{{!-- has }} inside --}}c", Json::object()), "abc");
}

TEST(Templates, WhitespaceControl) {
  const Json data = {{"x", "X"}};
  EXPECT_EQ(render("a  \n {{~x~}} \n b", data), "aXb");
  EXPECT_EQ(render("a {{~x}} b", data), "aX b");
  EXPECT_EQ(render("{{#if x~}}\n  yes  \n{{~/if}}", data), "yes");
}

TEST(Templates, StandaloneBlockLinesDisappear) {
  const Json data = {{"items", {"a", "b"}}};
  EXPECT_EQ(render("<ul>\n  {{#each items}}\n  <li>{{this}}</li>\n  {{/each}}\n</ul>\n", data),
            "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
}

TEST(Templates, IfUnlessElse) {
  const Json data = {{"yes", true}, {"no", false}, {"zero", 0}, {"empty", Json::array()}, {"obj", Json::object()}};
  EXPECT_EQ(render("{{#if yes}}Y{{else}}N{{/if}}{{#if no}}Y{{else}}N{{/if}}", data), "YN");
  EXPECT_EQ(render("{{#if zero}}Y{{else}}N{{/if}}{{#if zero includeZero=true}}Y{{else}}N{{/if}}", data), "NY");
  EXPECT_EQ(render("{{#if empty}}Y{{else}}N{{/if}}{{#if obj}}Y{{else}}N{{/if}}", data), "NY");
  EXPECT_EQ(render("{{#unless no}}U{{else}}V{{/unless}}", data), "U");
  EXPECT_EQ(render("{{#if no}}1{{else if zero}}2{{else if yes}}3{{else}}4{{/if}}", data), "3");
  EXPECT_EQ(render("{{#if no}}1{{^}}2{{/if}}", data), "2");
}

TEST(Templates, EachArraysAndObjects) {
  const Json data = {{"list", {"a", "b", "c"}}, {"obj", {{"k1", "v1"}, {"k2", "v2"}}}, {"none", Json::array()}, {"title", "T"}};
  EXPECT_EQ(render("{{#each list}}{{@index}}{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}};{{/each}}", data),
            "0aF;1b;2cL;");
  EXPECT_EQ(render("{{#each obj}}{{@key}}={{this}}({{@index}}) {{/each}}", data), "k1=v1(0) k2=v2(1) ");
  EXPECT_EQ(render("{{#each none}}x{{else}}empty{{/each}}", data), "empty");
  EXPECT_EQ(render("{{#each list}}{{../title}}{{/each}}", data), "TTT");
  EXPECT_EQ(render("{{#each list}}{{#each ../list}}{{@../index}}{{@index}} {{/each}}{{/each}}", {{"list", {1, 2}}}),
            "00 01 10 11 ");
}

TEST(Templates, WithAndParentPaths) {
  const Json data = {{"user", {{"name", "Ann"}, {"city", "Oslo"}}}, {"greeting", "Hi"}};
  EXPECT_EQ(render("{{#with user}}{{../greeting}} {{name}} of {{city}}{{/with}}", data), "Hi Ann of Oslo");
  EXPECT_EQ(render("{{#with missing}}x{{else}}none{{/with}}", data), "none");
  // `../` ignores blocks that do not change the context (Handlebars 4).
  EXPECT_EQ(render("{{#with user}}{{#if name}}{{../greeting}}{{/if}}{{/with}}", data), "Hi");
  // Parent-context lookup (Mustache, Handlebars.java): on by default, off with `this.`.
  EXPECT_EQ(render("{{#with user}}{{greeting}}|{{this.greeting}}{{/with}}", data), "Hi|");
  const Engine strict(EngineOptions{false});
  EXPECT_EQ(strict.compile("{{#with user}}{{greeting}}{{/with}}").render(data), "");
}

TEST(Templates, SectionsAndInvertedSections) {
  const Json data = {{"list", {{{"n", 1}}, {{"n", 2}}}}, {"flag", true}, {"obj", {{"n", 9}}}};
  EXPECT_EQ(render("{{#list}}{{n}}{{/list}}|{{#flag}}on{{/flag}}|{{#obj}}{{n}}{{/obj}}", data), "12|on|9");
  EXPECT_EQ(render("{{^missing}}absent{{/missing}}{{^flag}}x{{/flag}}", data), "absent");
}

TEST(Templates, RootData) {
  const Json data = {{"list", {1}}, {"top", "T"}};
  EXPECT_EQ(render("{{#each list}}{{@root.top}}{{/each}}", data), "T");
}

TEST(Templates, EscapedMustache) {
  EXPECT_EQ(render("\\{{x}} {{x}}", {{"x", 1}}), "{{x}} 1");
}

TEST(Templates, ReusedBufferAppends) {
  const Engine engine;
  const Template t = engine.compile("Hi {{name}}");
  std::string out;
  out.reserve(64);
  t.render_to(out, {{"name", "A"}});
  t.render_to(out, {{"name", "B"}});
  EXPECT_EQ(out, "Hi AHi B");
}

void expect_error(std::string_view source, const std::string& where, const std::string& message_part) {
  const Engine engine;
  try {
    (void)engine.compile(source, "welcome.html");
    FAIL() << "no error for: " << source;
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

TEST(TemplateErrors, NameLineAndColumn) {
  expect_error("<p>\n{{#if a}}\nHello {{name}}", "welcome.html:3:15", "unclosed {{#if}} opened at 2:1");
  expect_error("{{#if a}}x{{/each}}", "welcome.html:1:11", "{{/each}} does not match {{#if}} opened at 1:1");
  expect_error("x\n  {{name", "welcome.html:2:3", "unclosed '{{'");
  expect_error("{{frobnicate a b}}", "welcome.html:1:3", "unknown helper 'frobnicate'");
  expect_error("{{eq a (nope b)}}", "welcome.html:1:9", "unknown helper 'nope'");
  expect_error("{{> header}}", "welcome.html:1:1", "partials");
  expect_error("{{/if}}", "welcome.html:1:1", "closes no open block");
  expect_error("{{else}}", "welcome.html:1:1", "outside of a block");
  expect_error("{{a.[b}}", "welcome.html:1:5", "unclosed '['");
  expect_error("{{eq a \"b}}", "welcome.html:1:1", "unclosed");
}

TEST(TemplateErrors, RuntimeHelperErrorsAreLocated) {
  const Engine engine;
  const Template t = engine.compile("line1\n  {{#each}}x{{/each}}", "list.html");
  try {
    (void)t.render(Json::object());
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "list.html:2:6");
    EXPECT_NE(e.message().find("each"), std::string::npos);
  }
}

TEST(Templates, HostileNestingIsACompileErrorNotACrash) {
  Engine engine;
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "{{#if Address}}";
  try {
    engine.compile(deep, "deep.html");
    FAIL() << "expected an error";
  } catch (const sdk::Error& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than 200"), std::string::npos) << e.what();
  }
  std::string sub = "{{upper ";
  for (int i = 0; i < 1000; ++i) sub += "(upper ";
  EXPECT_THROW(engine.compile(sub, "sub.html"), sdk::Error);
  std::string fine;
  for (int i = 0; i < 150; ++i) fine += "{{#if a}}";
  fine += "x";
  for (int i = 0; i < 150; ++i) fine += "{{/if}}";
  EXPECT_EQ(engine.compile(fine, "ok.html").render(nlohmann::json{{"a", true}}), "x");
}

}  // namespace
}  // namespace herald::templates
