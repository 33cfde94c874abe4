#pragma once
/// The parsed form of a template (Handlebars AST, simplified): built once by the parser, rendered many
/// times. Paths are split into segments and helpers resolved at parse time, so rendering does no
/// string splitting or helper lookup.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "templates/helpers.hpp"
#include "templates/value.hpp"

namespace herald::templates::ast {

/// A 1-based line and column in the template source.
struct SourcePos {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// One path segment: a name, and its array index when the name is all digits (`items.[0]`, `items.0`).
struct Segment {
  std::string name;
  std::size_t index = std::numeric_limits<std::size_t>::max();  ///< max: not an index
};

/// A path expression: `a.b`, `this`, `./a`, `../a`, `@index`, `@../key`, `@root.x`, `a.[Last Name]`.
struct Path {
  bool data = false;           ///< starts with `@`: reads the private data frames (@index, @key, @root...)
  std::uint16_t depth = 0;     ///< number of leading `../`
  bool scoped = false;         ///< `this`/`./`/`../` prefix: never a helper, no parent-context lookup
  std::vector<Segment> segments;  ///< empty: the context itself (`this`, `.`)
  std::string original;        ///< as written (for DefaultSubstitutions and error messages)
};

struct Call;

/// A parameter or hash value: a path, a literal (string, number, boolean, null) or a sub-expression.
struct Expression {
  enum class Kind : std::uint8_t { kPath, kLiteral, kCall };
  Kind kind = Kind::kLiteral;
  Path path;
  Json literal;
  std::unique_ptr<Call> call;  ///< kCall: `(helper params hash)`
};

/// `key=value` in a mustache or block.
struct HashArg {
  std::string key;
  Expression value;
};

/// The head of a mustache, block or sub-expression: a helper call or a plain path lookup.
struct Call {
  Path name;
  std::shared_ptr<const Helper> helper;  ///< resolved at parse time; null: `name` is a path
  std::vector<Expression> params;
  std::vector<HashArg> hash;
  SourcePos pos;
};

struct Program;

/// A node of a program.
struct Node {
  enum class Kind : std::uint8_t {
    kText,           ///< literal text
    kInterpolation,  ///< `{{x}}` (escaped) or `{{{x}}}`/`{{& x}}` (raw)
    kBlock,          ///< `{{#x}}...{{else}}...{{/x}}` or `{{^x}}...{{/x}}`
  };
  Kind kind = Kind::kText;
  std::string text;   ///< kText
  Call call;          ///< kInterpolation, kBlock
  bool escape = true; ///< kInterpolation: false for `{{{x}}}` and `{{& x}}`
  std::unique_ptr<Program> program;  ///< kBlock: body (null for `{{^x}}`)
  std::unique_ptr<Program> inverse;  ///< kBlock: `{{else}}` part, or the body of `{{^x}}`
};

/// A sequence of nodes (a template body or a block body).
struct Program {
  std::vector<Node> nodes;
};

}  // namespace herald::templates::ast
