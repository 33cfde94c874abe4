#include "templates/parser.hpp"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "templates/lexer.hpp"

namespace herald::templates::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// Handlebars' ID characters: anything but whitespace and !"#%&'()*+,./;<=>@[\]^`{|}~
bool is_id_char(char c) {
  return !is_space(c) && std::strchr("!\"#%&'()*+,./;<=>@[\\]^`{|}~", c) == nullptr;
}

bool is_delimiter(char c) { return is_space(c) || c == ')' || c == '=' || c == '}' || c == '~'; }

/// Parses the expressions inside one tag.
/// Limits on nesting (blocks per template, sub-expressions per tag).
constexpr std::size_t kMaxBlockDepth = 200;
constexpr std::size_t kMaxSubExpressionDepth = 32;

class ExpressionParser {
public:
  ExpressionParser(std::string_view text, std::size_t base, std::string_view name, const SourceMap& map,
                   const HelperRegistry& helpers)
      : text_(text), base_(base), name_(name), map_(map), helpers_(helpers) {}

  /// `head params* hash*` up to the end of the tag.
  ast::Call parse_tag_call(bool block) {
    ast::Call call = parse_call(false);
    skip_space();
    if (pos_ < text_.size()) fail(pos_, fmt::format("unexpected '{}'", text_[pos_]));
    resolve(call, block, false);
    return call;
  }

  ast::Path parse_close_path() {
    skip_space();
    if (pos_ >= text_.size()) fail(pos_, "a closing tag needs a name: {{/name}}");
    ast::Path path = parse_path();
    skip_space();
    if (pos_ < text_.size()) fail(pos_, fmt::format("unexpected '{}' in a closing tag", text_[pos_]));
    return path;
  }

  bool empty() {
    skip_space();
    return pos_ >= text_.size();
  }

  ast::SourcePos pos_of(std::size_t at) const { return map_.at(base_ + at); }

private:
  [[noreturn]] void fail(std::size_t at, const std::string& what) const {
    throw sdk::Error(map_.where(name_, base_ + at), what);
  }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  ast::Call parse_call(bool sub_expression) {
    ast::Call call;
    skip_space();
    call.pos = pos_of(pos_);
    if (pos_ >= text_.size() || text_[pos_] == ')') fail(pos_, "expected a name or path");
    if (text_[pos_] == '"' || text_[pos_] == '\'' || text_[pos_] == '(') {
      fail(pos_, "expected a helper name or path, not a literal or sub-expression");
    }
    call.name = parse_path();
    for (;;) {
      skip_space();
      if (pos_ >= text_.size()) break;
      if (text_[pos_] == ')') {
        if (!sub_expression) fail(pos_, "unexpected ')'");
        break;
      }
      const std::size_t key_end = scan_id(pos_);
      if (key_end > pos_ && key_end < text_.size() && text_[key_end] == '=') {
        ast::HashArg arg;
        arg.key = std::string(text_.substr(pos_, key_end - pos_));
        pos_ = key_end + 1;
        skip_space();
        arg.value = parse_expression();
        call.hash.push_back(std::move(arg));
      } else {
        if (!call.hash.empty()) fail(pos_, "positional parameters must come before hash arguments (key=value)");
        call.params.push_back(parse_expression());
      }
    }
    return call;
  }

  std::size_t scan_id(std::size_t from) const {
    std::size_t i = from;
    while (i < text_.size() && is_id_char(text_[i])) ++i;
    return i;
  }

  bool keyword_at(std::string_view word) const {
    return text_.substr(pos_, word.size()) == word &&
           (pos_ + word.size() == text_.size() || is_delimiter(text_[pos_ + word.size()]));
  }

  ast::Expression parse_expression() {
    ast::Expression e;
    if (pos_ >= text_.size()) fail(pos_, "expected a value");
    const char c = text_[pos_];
    if (c == '(') {
      const std::size_t open = pos_;
      if (++sub_expression_depth_ > kMaxSubExpressionDepth)
        fail(open, fmt::format("sub-expressions nested deeper than {} levels", kMaxSubExpressionDepth));
      ++pos_;
      e.kind = ast::Expression::Kind::kCall;
      e.call = std::make_unique<ast::Call>(parse_call(true));
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ')') fail(open, "unclosed sub-expression '(': expected ')'");
      ++pos_;
      resolve(*e.call, false, true);
      --sub_expression_depth_;
      return e;
    }
    if (c == '"' || c == '\'') {
      e.literal = parse_string();
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || (c == '-' && pos_ + 1 < text_.size() &&
                                                            std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])) != 0)) {
      std::size_t end = pos_ + 1;
      while (end < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[end])) != 0 || text_[end] == '.')) ++end;
      if (end == text_.size() || is_delimiter(text_[end])) {
        const std::string_view num = text_.substr(pos_, end - pos_);
        if (num.find('.') == std::string_view::npos) {
          std::int64_t v = 0;
          std::from_chars(num.data(), num.data() + num.size(), v);
          e.literal = v;
        } else {
          e.literal = std::stod(std::string(num));
        }
        pos_ = end;
        return e;
      }
    }
    if (keyword_at("true") || keyword_at("false")) {
      e.literal = keyword_at("true");
      pos_ += text_[pos_] == 't' ? 4 : 5;
      return e;
    }
    if (keyword_at("null") || keyword_at("undefined")) {
      pos_ += text_[pos_] == 'n' ? 4 : 9;
      return e;  // a null literal
    }
    e.kind = ast::Expression::Kind::kPath;
    e.path = parse_path();
    return e;
  }

  std::string parse_string() {
    const char quote = text_[pos_];
    const std::size_t open = pos_;
    std::string out;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == quote) {
        out.push_back(quote);
        ++pos_;
      } else if (c == quote) {
        ++pos_;
        return out;
      } else {
        out.push_back(c);
      }
    }
    fail(open, "unterminated string literal");
  }

  ast::Path parse_path() {
    ast::Path path;
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '@') {
      path.data = true;
      ++pos_;
    }
    for (;;) {  // `../` and `./` prefixes, `this`
      if (text_.substr(pos_, 3) == "../") {
        ++path.depth;
        path.scoped = true;
        pos_ += 3;
      } else if (text_.substr(pos_, 2) == "./") {
        path.scoped = true;
        pos_ += 2;
      } else {
        break;
      }
    }
    bool expect_segment = true;
    if (!path.data && (keyword_at("this") || keyword_at(".") || keyword_at(".."))) {
      path.scoped = true;
      if (keyword_at("..")) {
        ++path.depth;
        pos_ += 2;
      } else {
        pos_ += keyword_at(".") ? 1 : 4;
      }
      expect_segment = false;
    } else if (!path.data && text_.substr(pos_, 4) == "this" && pos_ + 4 < text_.size() &&
               (text_[pos_ + 4] == '.' || text_[pos_ + 4] == '/')) {
      path.scoped = true;
      pos_ += 4;
      expect_segment = false;
    }
    for (;;) {
      if (!expect_segment) {
        if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == '/') && pos_ + 1 < text_.size() &&
            !is_delimiter(text_[pos_ + 1])) {
          ++pos_;
        } else {
          break;
        }
      }
      expect_segment = false;
      ast::Segment seg;
      if (pos_ < text_.size() && text_[pos_] == '[') {
        const std::size_t close = text_.find(']', pos_);
        if (close == std::string_view::npos) fail(pos_, "unclosed '[' in a path: expected ']'");
        seg.name = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
        pos_ = close + 1;
      } else {
        const std::size_t end = scan_id(pos_);
        if (end == pos_) {
          if (pos_ >= text_.size()) fail(pos_, "expected a path segment");
          fail(pos_, fmt::format("unexpected '{}' in a path", text_[pos_]));
        }
        seg.name = std::string(text_.substr(pos_, end - pos_));
        pos_ = end;
      }
      if (!seg.name.empty() && seg.name.find_first_not_of("0123456789") == std::string::npos) {
        std::from_chars(seg.name.data(), seg.name.data() + seg.name.size(), seg.index);
      }
      path.segments.push_back(std::move(seg));
    }
    if (pos_ < text_.size() && !is_delimiter(text_[pos_])) fail(pos_, fmt::format("unexpected '{}' in a path", text_[pos_]));
    path.original = std::string(text_.substr(start, pos_ - start));
    return path;
  }

  /// Decides whether the head is a helper, following Handlebars: a call with parameters or hash
  /// arguments, and a sub-expression, must name a helper; a bare simple name is a helper when one is
  /// registered, else a path.
  void resolve(ast::Call& call, bool block, bool sub_expression) const {
    const bool simple = !call.name.data && !call.name.scoped && call.name.segments.size() == 1;
    const bool needs_helper = sub_expression || !call.params.empty() || !call.hash.empty();
    if (simple) call.helper = helpers_.find(call.name.segments.front().name);
    if (call.helper == nullptr && needs_helper) {
      const auto at = map_.where(name_, call.pos);
      if (!simple) throw sdk::Error(at, fmt::format("'{}' is a path, not a helper, so it takes no parameters", call.name.original));
      throw sdk::Error(at, fmt::format("unknown helper '{}'", call.name.original),
                       fmt::format("known helpers: {}", fmt::join(helpers_.names(), ", ")));
    }
    (void)block;
  }

  std::string_view text_;
  std::size_t base_;
  std::string_view name_;
  const SourceMap& map_;
  const HelperRegistry& helpers_;
  std::size_t pos_ = 0;
  std::size_t sub_expression_depth_ = 0;
};

/// An open block on the parser stack.
struct OpenBlock {
  ast::Node* node;
  ast::Program* current;
  std::string name;       ///< as written in the open tag, to match the close tag
  ast::SourcePos pos;
  bool chained = false;   ///< opened by `{{else if x}}`: closed together with its parent
  bool seen_else = false;
};

}  // namespace

std::unique_ptr<ast::Program> parse(std::string_view source, std::string_view name, const HelperRegistry& helpers) {
  const SourceMap map(source);
  std::vector<Token> tokens = tokenize(source, name, map);
  auto root = std::make_unique<ast::Program>();
  std::vector<OpenBlock> stack;
  auto current = [&]() -> ast::Program& { return stack.empty() ? *root : *stack.back().current; };
  auto open_block = [&](ast::Program& into, ExpressionParser& expr, bool inverted, std::size_t offset, bool chained) {
    // Rendering and the AST recurse per level: a bound keeps hostile templates from exhausting the stack.
    if (stack.size() >= kMaxBlockDepth)
      throw sdk::Error(map.where(name, offset),
                       fmt::format("blocks nested deeper than {} levels (including {{{{else if}}}} chains)", kMaxBlockDepth));
    ast::Node node;
    node.kind = ast::Node::Kind::kBlock;
    node.call = expr.parse_tag_call(true);
    if (inverted && node.call.helper != nullptr && !node.call.params.empty()) {
      throw sdk::Error(map.where(name, offset), "an inverted section {{^x}} takes a path, not a helper call");
    }
    auto body = std::make_unique<ast::Program>();
    ast::Program* body_ptr = body.get();
    if (inverted) node.inverse = std::move(body);
    else node.program = std::move(body);
    std::string block_name = node.call.name.original;
    into.nodes.push_back(std::move(node));
    stack.push_back({&into.nodes.back(), body_ptr, std::move(block_name), map.at(offset), chained, inverted});
  };

  for (Token& token : tokens) {
    switch (token.kind) {
      case Token::Kind::kText:
        if (!token.text.empty()) {
          ast::Node node;
          node.text = std::move(token.text);
          current().nodes.push_back(std::move(node));
        }
        break;
      case Token::Kind::kComment: break;
      case Token::Kind::kMustache:
      case Token::Kind::kRaw: {
        ExpressionParser expr(token.content, token.content_offset, name, map, helpers);
        ast::Node node;
        node.kind = ast::Node::Kind::kInterpolation;
        node.escape = token.kind == Token::Kind::kMustache;
        node.call = expr.parse_tag_call(false);
        current().nodes.push_back(std::move(node));
        break;
      }
      case Token::Kind::kOpen:
      case Token::Kind::kOpenInverse: {
        ExpressionParser expr(token.content, token.content_offset, name, map, helpers);
        open_block(current(), expr, token.kind == Token::Kind::kOpenInverse, token.offset, false);
        break;
      }
      case Token::Kind::kElse: {
        if (stack.empty()) throw sdk::Error(map.where(name, token.offset), "{{else}} outside of a block");
        OpenBlock& top = stack.back();
        if (top.seen_else) {
          throw sdk::Error(map.where(name, token.offset),
                           fmt::format("a second {{{{else}}}} in {{{{#{}}}}} opened at {}:{}", top.name, top.pos.line, top.pos.column));
        }
        top.seen_else = true;
        top.node->inverse = std::make_unique<ast::Program>();
        top.current = top.node->inverse.get();
        ExpressionParser expr(token.content, token.content_offset, name, map, helpers);
        if (!expr.empty()) {  // `{{else if x}}`: a block nested in the inverse, closed by the parent's close tag
          const std::string parent_name = top.name;
          open_block(*top.current, expr, false, token.offset, true);
          stack.back().name = parent_name;
        }
        break;
      }
      case Token::Kind::kClose: {
        ExpressionParser expr(token.content, token.content_offset, name, map, helpers);
        const ast::Path path = expr.parse_close_path();
        if (stack.empty()) {
          throw sdk::Error(map.where(name, token.offset), fmt::format("{{{{/{}}}}} closes no open block", path.original));
        }
        while (stack.back().chained) stack.pop_back();
        const OpenBlock& top = stack.back();
        if (top.name != path.original) {
          throw sdk::Error(map.where(name, token.offset),
                           fmt::format("{{{{/{}}}}} does not match {{{{#{}}}}} opened at {}:{}", path.original, top.name,
                                       top.pos.line, top.pos.column));
        }
        stack.pop_back();
        break;
      }
    }
  }
  if (!stack.empty()) {
    while (stack.size() > 1 && stack.back().chained) stack.pop_back();
    const OpenBlock& top = stack.back();
    throw sdk::Error(map.where(name, source.size()),
                     fmt::format("unclosed {{{{#{}}}}} opened at {}:{}", top.name, top.pos.line, top.pos.column),
                     fmt::format("add {{{{/{}}}}}", top.name));
  }
  return root;
}

}  // namespace herald::templates::detail
