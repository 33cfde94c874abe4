#pragma once
/// Parses Handlebars template source into an AST (see ast.hpp), resolving helpers against a registry.
#include <memory>
#include <string_view>

#include "templates/ast.hpp"
#include "templates/helpers.hpp"

namespace herald::templates::detail {

/// Parses `source`. Errors are herald::sdk::Error with where = "name:line:col" and a message such as
/// "unclosed {{#if}} opened at 2:1", "{{/each}} does not match {{#if}} opened at 1:1",
/// "unknown helper 'frobnicate'", "unexpected ')'".
std::unique_ptr<ast::Program> parse(std::string_view source, std::string_view name, const HelperRegistry& helpers);

}  // namespace herald::templates::detail
