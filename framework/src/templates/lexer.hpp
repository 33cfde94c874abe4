#pragma once
/// Splits a Handlebars template into text and tag tokens, applying Handlebars' whitespace rules:
/// standalone lines (a block, else, or comment tag alone on its line takes its line with it) and
/// `~` whitespace control. Internal to the parser.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "templates/ast.hpp"

namespace herald::templates::detail {

/// Maps byte offsets of a source to 1-based line and column (columns count bytes).
class SourceMap {
public:
  explicit SourceMap(std::string_view source);
  ast::SourcePos at(std::size_t offset) const;
  /// "name:line:col".
  std::string where(std::string_view name, std::size_t offset) const;
  std::string where(std::string_view name, ast::SourcePos pos) const;

private:
  std::vector<std::size_t> line_starts_;
};

struct Token {
  enum class Kind : std::uint8_t {
    kText,
    kComment,      ///< {{! }} {{!-- --}}
    kOpen,         ///< {{#x}}
    kOpenInverse,  ///< {{^x}}
    kClose,        ///< {{/x}}
    kElse,         ///< {{else}}, {{^}}, {{else if x}} (content: the expression after else)
    kMustache,     ///< {{x}}
    kRaw,          ///< {{{x}}} {{& x}}
  };
  Kind kind = Kind::kText;
  std::string text;             ///< kText: the text (after whitespace rules)
  std::string_view content;     ///< tags: the expression, without braces, sigil and `~`
  std::size_t offset = 0;       ///< byte offset of the tag (or text) in the source
  std::size_t content_offset = 0;  ///< byte offset of `content`
  bool strip_left = false;      ///< `{{~`
  bool strip_right = false;     ///< `~}}`
};

/// Tokenizes `source`. Throws herald::sdk::Error "name:line:col: ..." for an unterminated tag or an
/// unsupported tag kind (partials, decorators, delimiter changes).
std::vector<Token> tokenize(std::string_view source, std::string_view name, const SourceMap& map);

}  // namespace herald::templates::detail
