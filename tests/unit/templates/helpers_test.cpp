// Built-in and custom helpers (Pinpoint's documented forms).
#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "templates/engine.hpp"

namespace herald::templates {
namespace {

std::string render(std::string_view source, const Json& data) {
  const Engine engine;
  return engine.compile(source, "t").render(data, {Escaping::kNone, nullptr});
}

const Json kData = {{"a", "x"}, {"b", "x"}, {"n", 5}, {"s", "10"}, {"plan", {"141"}}, {"t", true}, {"f", false},
                    {"name", "ada lovelace"}, {"list", {"r", "g", "b"}}, {"empty", ""}};

TEST(Helpers, ComparisonsInline) {
  EXPECT_EQ(render("{{eq a b}} {{neq a b}}", kData), "true false");
  EXPECT_EQ(render("{{eq a b yes='y' no='n'}} {{eq a 'z' yes='y' no='n'}}", kData), "y n");
  EXPECT_EQ(render("{{gt n 3}} {{gte n 5}} {{lt n 5}} {{lte n 5}}", kData), "true true false true");
  // Numeric strings and Pinpoint one-element attribute arrays compare as numbers.
  EXPECT_EQ(render("{{gt s 9}} {{gt plan 100}} {{eq plan 141}} {{eq plan \"141\"}}", kData), "true true true true");
}

TEST(Helpers, ComparisonsBlock) {
  EXPECT_EQ(render("{{#eq a \"x\"}}same{{else}}diff{{/eq}}", kData), "same");
  EXPECT_EQ(render("{{#gt n 10}}big{{else}}small{{/gt}}", kData), "small");
}

TEST(Helpers, Logic) {
  EXPECT_EQ(render("{{and t a}} {{and t f}} {{or f t}} {{or f empty}} {{not f}} {{not t}}", kData),
            "true false true false true false");
  EXPECT_EQ(render("{{#and t n}}both{{/and}}{{#or f empty}}any{{else}}none{{/or}}{{#not f}}!{{/not}}", kData), "bothnone!");
  EXPECT_EQ(render("{{not t yes='Y' no='N'}}", kData), "N");
}

TEST(Helpers, SubExpressions) {
  EXPECT_EQ(render("{{#if (eq a \"x\")}}ok{{/if}} {{and (gt n 1) (lt n 9) yes='in' no='out'}}", kData), "ok in");
  EXPECT_EQ(render("{{upper (lower \"MiXed\")}}", kData), "MIXED");
}

TEST(Helpers, Strings) {
  EXPECT_EQ(render("{{upper name}}|{{lower \"ABC\"}}|{{capitalize name}}|{{capitalizeFirst name}}", kData),
            "ADA LOVELACE|abc|Ada Lovelace|Ada lovelace");
  EXPECT_EQ(render("{{join list \", \"}}|{{join a b n \"-\"}}|{{join list \"/\" prefix='[' suffix=']'}}", kData),
            "r, g, b|x-x-5|[r/g/b]");
  EXPECT_EQ(render("{{defaultIfEmpty empty \"none\"}}|{{default missing 'd'}}|{{default a 'd'}}", kData), "none|d|x");
}

TEST(Helpers, LookupAndInlineIf) {
  EXPECT_EQ(render("{{lookup list 1}} {{lookup this \"a\"}} {{if t \"yes\" \"no\"}}", kData), "g x yes");
}

TEST(Helpers, InlineResultIsEscapedInHtml) {
  const Engine engine;
  EXPECT_EQ(engine.compile("{{upper s}}{{default missing '<b>'}}").render({{"s", "a&b"}}), "A&amp;B&lt;b&gt;");
}

TEST(Helpers, CustomHelpersArePerEngine) {
  Engine a;
  a.register_helper("shout", [](const HelperOptions& o) { return Value(Json(to_text(o.param(0).json()) + "!")); });
  EXPECT_EQ(a.compile("{{shout x}}").render({{"x", "hey"}}), "hey!");
  const Engine b;
  EXPECT_THROW((void)b.compile("{{shout x}}"), sdk::Error);
  // A bare name that is a helper in one engine is a path in another.
  EXPECT_EQ(b.compile("{{shout}}").render({{"shout", "data"}}), "data");
}

TEST(Helpers, CustomBlockHelper) {
  Engine engine;
  engine.register_helper("twice", [](const HelperOptions& o) {
    o.fn(o.context());
    o.write("|");
    o.fn(o.context());
    return Value();
  });
  EXPECT_EQ(engine.compile("{{#twice}}{{x}}{{/twice}}").render({{"x", 1}}), "1|1");
}

}  // namespace
}  // namespace herald::templates
