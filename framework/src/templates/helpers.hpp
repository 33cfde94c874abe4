#pragma once
/// Helpers: named functions a template calls (`{{upper name}}`, `{{#each items}}`, `(eq a "b")`).
/// Each Engine owns its own HelperRegistry (no process-global registry); the parser resolves helper
/// names against it once, so a compiled Template keeps the helpers it was compiled with.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "templates/value.hpp"

namespace herald::templates {

namespace ast {
struct Call;
struct Program;
}  // namespace ast
namespace detail {
class Renderer;
struct Scope;
}  // namespace detail

/// What `#each` publishes to the block body as private data: `@index`, `@first`, `@last`, `@key`.
struct IterationData {
  std::size_t index = 0;
  bool first = false;
  bool last = false;
  const std::string* key = nullptr;  ///< object key when iterating an object, else null
};

/// What a helper sees of its call site. Valid only during the helper call.
class HelperOptions {
public:
  /// The helper's name as written in the template.
  std::string_view name() const noexcept { return name_; }
  /// Positional parameters, evaluated (paths resolved, sub-expressions called).
  std::span<const Value> params() const noexcept { return params_; }
  /// Parameter `i`, or a missing Value when there are fewer parameters.
  const Value& param(std::size_t i) const noexcept;
  /// The hash argument `key` (`yes='y'`), evaluated; missing when not given.
  Value hash(std::string_view key) const;
  /// True when called as a block (`{{#name}}...{{/name}}`): fn()/inverse() render its parts.
  bool is_block() const noexcept { return is_block_; }
  /// The current context (`this`).
  const Json& context() const noexcept;
  /// The escaping of the output being rendered.
  Escaping escaping() const noexcept;

  /// Renders the block body with `context` as `this` into the output (nothing for inline calls).
  void fn(const Json& context) const;
  /// Same, publishing `data` as @index/@first/@last/@key to the body.
  void fn(const Json& context, const IterationData& data) const;
  /// Renders the `{{else}}` part with `context` (nothing when there is none or for inline calls).
  void inverse(const Json& context) const;
  /// Appends raw text to the output (block helpers that produce text themselves).
  void write(std::string_view text) const;

private:
  friend class detail::Renderer;
  HelperOptions(const detail::Renderer& renderer, const ast::Call& call, std::span<const Value> params,
                const detail::Scope& scope, const ast::Program* program, const ast::Program* inverse,
                bool is_block) noexcept
      : renderer_(&renderer), call_(&call), params_(params), scope_(&scope), program_(program),
        inverse_(inverse), is_block_(is_block) {}

  const detail::Renderer* renderer_;
  const ast::Call* call_;
  std::span<const Value> params_;
  const detail::Scope* scope_;
  const ast::Program* program_;
  const ast::Program* inverse_;
  bool is_block_;
  std::string_view name_;
};

/// A helper. Inline calls and sub-expressions use the returned Value (an inline result is escaped
/// per the output context); block calls usually render through options.fn()/inverse() and return a
/// missing Value (a returned value is appended unescaped, like a Handlebars.js block helper string).
/// A helper may throw herald::sdk::Error; the renderer adds the template name and position.
using Helper = std::function<Value(const HelperOptions& options)>;

/// Named helpers of one Engine.
class HelperRegistry {
public:
  /// Adds or replaces the helper `name`.
  void add(std::string name, Helper helper);
  /// The helper `name`, or null.
  std::shared_ptr<const Helper> find(std::string_view name) const;
  /// Names of all registered helpers, sorted.
  std::vector<std::string> names() const;

private:
  std::map<std::string, std::shared_ptr<const Helper>, std::less<>> helpers_;
};

/// Registers Handlebars' built-in block helpers (if, unless, each, with, lookup) and the first set of
/// Pinpoint's documented helpers (source: Pinpoint User Guide, "message-template-helpers"):
/// eq, neq, gt, gte, lt, lte, and, or, not (inline `{{eq a b yes='y' no='n'}}`, rendering "true"/"false"
/// without yes/no, and block `{{#eq a b}}..{{else}}..{{/eq}}`), upper, lower, capitalize,
/// capitalizeFirst, join, defaultIfEmpty (alias `default`).
void register_builtin_helpers(HelperRegistry& registry);

}  // namespace herald::templates
