#include "templates/lexer.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"

namespace herald::templates::detail {

SourceMap::SourceMap(std::string_view source) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\n') line_starts_.push_back(i + 1);
  }
}

ast::SourcePos SourceMap::at(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin());
  return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(offset - line_starts_[line - 1] + 1)};
}

std::string SourceMap::where(std::string_view name, std::size_t offset) const { return where(name, at(offset)); }

std::string SourceMap::where(std::string_view name, ast::SourcePos pos) const {
  return fmt::format("{}:{}:{}", name, pos.line, pos.column);
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Finds the `}}` closing a tag from `from`, skipping quoted string literals.
std::size_t find_close(std::string_view src, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i + 1 < src.size(); ++i) {
    const char c = src[i];
    if (quote != 0) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '}' && src[i + 1] == '}') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool standalone_kind(Token::Kind kind) {
  return kind == Token::Kind::kComment || kind == Token::Kind::kOpen || kind == Token::Kind::kOpenInverse ||
         kind == Token::Kind::kClose || kind == Token::Kind::kElse;
}

/// Whether the text before a tag leaves it at the start of a line (only blanks since the last newline).
bool line_starts_before(const std::vector<Token>& tokens, std::size_t i, const std::vector<std::string>& original) {
  if (i == 0) return true;
  if (tokens[i - 1].kind != Token::Kind::kText) return false;
  const std::string& text = original[i - 1];
  const auto nl = text.find_last_of('\n');
  const std::size_t from = nl == std::string::npos ? 0 : nl + 1;
  if (nl == std::string::npos && i - 1 != 0) return false;
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), is_blank);
}

/// Whether the text after a tag ends its line (only blanks up to a newline or the end).
bool line_ends_after(const std::vector<Token>& tokens, std::size_t i, const std::vector<std::string>& original) {
  if (i + 1 >= tokens.size()) return true;
  if (tokens[i + 1].kind != Token::Kind::kText) return false;
  const std::string& text = original[i + 1];
  std::size_t j = 0;
  while (j < text.size() && is_blank(text[j])) ++j;
  if (j == text.size()) return i + 2 >= tokens.size();
  return text[j] == '\n' || (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n');
}

void apply_whitespace_rules(std::vector<Token>& tokens) {
  std::vector<std::string> original;
  original.reserve(tokens.size());
  for (const auto& t : tokens) original.push_back(t.kind == Token::Kind::kText ? t.text : std::string());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!standalone_kind(tokens[i].kind)) continue;
    if (!line_starts_before(tokens, i, original) || !line_ends_after(tokens, i, original)) continue;
    if (i > 0) {  // drop the indentation before the tag
      std::string& prev = tokens[i - 1].text;
      while (!prev.empty() && is_blank(prev.back())) prev.pop_back();
    }
    if (i + 1 < tokens.size()) {  // drop the rest of the line after the tag, newline included
      std::string& next = tokens[i + 1].text;
      std::size_t j = 0;
      while (j < next.size() && is_blank(next[j])) ++j;
      if (j < next.size() && next[j] == '\r') ++j;
      if (j < next.size() && next[j] == '\n') ++j;
      next.erase(0, j);
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == Token::Kind::kText) continue;
    if (tokens[i].strip_left && i > 0 && tokens[i - 1].kind == Token::Kind::kText) {
      std::string& prev = tokens[i - 1].text;
      while (!prev.empty() && is_space(prev.back())) prev.pop_back();
    }
    if (tokens[i].strip_right && i + 1 < tokens.size() && tokens[i + 1].kind == Token::Kind::kText) {
      std::string& next = tokens[i + 1].text;
      std::size_t j = 0;
      while (j < next.size() && is_space(next[j])) ++j;
      next.erase(0, j);
    }
  }
}

}  // namespace

std::vector<Token> tokenize(std::string_view src, std::string_view name, const SourceMap& map) {
  std::vector<Token> tokens;
  std::string pending;  // text accumulated since the last tag
  std::size_t pending_offset = 0;
  auto flush_text = [&] {
    if (!pending.empty()) {
      Token t;
      t.kind = Token::Kind::kText;
      t.text = std::move(pending);
      t.offset = pending_offset;
      tokens.push_back(std::move(t));
      pending.clear();
    }
  };
  auto fail = [&](std::size_t offset, const std::string& what) -> void {
    throw sdk::Error(map.where(name, offset), what);
  };

  std::size_t i = 0;
  while (i < src.size()) {
    const std::size_t open = src.find("{{", i);
    if (open == std::string_view::npos) {
      if (pending.empty()) pending_offset = i;
      pending.append(src.substr(i));
      break;
    }
    if (pending.empty()) pending_offset = i;
    if (open > 0 && src[open - 1] == '\\' && !(open > 1 && src[open - 2] == '\\')) {
      // `\{{x}}` is literal text (Handlebars' escaped mustache).
      pending.append(src.substr(i, open - 1 - i));
      pending.append("{{");
      i = open + 2;
      continue;
    }
    if (open > 1 && src[open - 1] == '\\' && src[open - 2] == '\\') {
      pending.append(src.substr(i, open - 1 - i));  // `\\{{x}}`: a literal backslash, then the tag
    } else {
      pending.append(src.substr(i, open - i));
    }
    flush_text();

    Token tag;
    tag.offset = open;
    std::size_t j = open + 2;
    const bool triple = j < src.size() && src[j] == '{';
    if (triple) ++j;
    if (j < src.size() && src[j] == '~') {
      tag.strip_left = true;
      ++j;
    }
    std::size_t close = 0;
    std::size_t after = 0;
    if (triple) {
      close = src.find("}}}", j);
      if (close == std::string_view::npos) fail(open, "unclosed '{{{': expected '}}}'");
      after = close + 3;
      tag.kind = Token::Kind::kRaw;
    } else if (src.substr(j, 3) == "!--") {
      close = src.find("--", j + 3);
      while (close != std::string_view::npos) {
        std::size_t k = close + 2;
        if (k < src.size() && src[k] == '~') ++k;
        if (src.substr(k, 2) == "}}") break;
        close = src.find("--", close + 1);
      }
      if (close == std::string_view::npos) fail(open, "unclosed comment '{{!--': expected '--}}'");
      after = src.find("}}", close + 2) + 2;
      tag.strip_right = src[close + 2] == '~';
      tag.kind = Token::Kind::kComment;
      j = close;  // content unused
    } else if (j < src.size() && src[j] == '!') {
      close = src.find("}}", j);
      if (close == std::string_view::npos) fail(open, "unclosed comment '{{!': expected '}}'");
      after = close + 2;
      tag.kind = Token::Kind::kComment;
    } else {
      close = find_close(src, j);
      if (close == std::string_view::npos) fail(open, "unclosed '{{': expected '}}'");
      after = close + 2;
      tag.kind = Token::Kind::kMustache;
    }
    if (tag.kind != Token::Kind::kComment || src[j] == '!') {
      std::size_t end = close;
      if (end > j && src[end - 1] == '~') {
        tag.strip_right = true;
        --end;
      }
      tag.content = src.substr(j, end - j);
      tag.content_offset = j;
    }
    if (tag.kind == Token::Kind::kMustache && !tag.content.empty()) {
      const char sigil = tag.content.front();
      auto take_sigil = [&](Token::Kind kind) {
        tag.kind = kind;
        tag.content.remove_prefix(1);
        ++tag.content_offset;
      };
      switch (sigil) {
        case '#':
          if (tag.content.size() > 1 && (tag.content[1] == '>' || tag.content[1] == '*')) {
            fail(open, tag.content[1] == '>' ? "partial blocks '{{#>' are not supported yet"
                                             : "decorators '{{#*' are not supported");
          }
          take_sigil(Token::Kind::kOpen);
          break;
        case '^':
          take_sigil(Token::Kind::kOpenInverse);
          if (trim(tag.content).empty()) tag.kind = Token::Kind::kElse;
          break;
        case '/': take_sigil(Token::Kind::kClose); break;
        case '&': take_sigil(Token::Kind::kRaw); break;
        case '>': fail(open, "partials '{{>' are not supported yet"); break;
        case '=': fail(open, "delimiter changes '{{=' are not supported by Handlebars"); break;
        case '*': fail(open, "decorators '{{*' are not supported"); break;
        default: {
          const std::string_view t = trim(tag.content);
          if (t.substr(0, 4) == "else" && (t.size() == 4 || is_space(t[4]))) {
            const auto at = tag.content.find("else");
            tag.kind = Token::Kind::kElse;
            tag.content_offset += at + 4;
            tag.content = tag.content.substr(at + 4);
          }
        }
      }
    }
    tokens.push_back(std::move(tag));
    i = after;
  }
  flush_text();
  apply_whitespace_rules(tokens);
  return tokens;
}

}  // namespace herald::templates::detail
