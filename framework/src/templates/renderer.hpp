#pragma once
/// Walks a template AST against JSON data and appends the output. Internal to the engine.
#include <string>
#include <string_view>

#include "templates/ast.hpp"
#include "templates/template.hpp"

namespace herald::templates::detail {

/// Private data published by `#each` (@index, @first, @last, @key) chained to the enclosing frame.
struct DataFrame {
  const DataFrame* parent = nullptr;
  Json index, first, last, key;
};

/// One context on the context stack (`this`, then `../`...).
struct Scope {
  const Json* context = nullptr;
  const Scope* parent = nullptr;
  const DataFrame* data = nullptr;
};

class Renderer {
public:
  Renderer(std::string& out, const Json& root, const RenderOptions& options, std::string_view template_name,
           bool parent_lookup) noexcept
      : out_(out), root_(root), options_(options), name_(template_name), parent_lookup_(parent_lookup) {}

  void render(const ast::Program& program, const Scope& scope) const;
  /// Renders `program` with `context` pushed on the stack (unless it is already `this`).
  void render_with(const ast::Program& program, const Json& context, const Scope& scope, const DataFrame* data) const;
  Value evaluate(const ast::Expression& expression, const Scope& scope) const;
  std::string& out() const noexcept { return out_; }
  Escaping escaping() const noexcept { return options_.escaping; }

private:
  const Json* lookup(const ast::Path& path, const Scope& scope) const;
  Value call_helper(const ast::Call& call, const Scope& scope, const ast::Program* program,
                    const ast::Program* inverse, bool is_block) const;
  void render_interpolation(const ast::Node& node, const Scope& scope) const;
  void render_block(const ast::Node& node, const Scope& scope) const;

  std::string& out_;
  const Json& root_;
  const RenderOptions& options_;
  std::string_view name_;
  bool parent_lookup_;
};

}  // namespace herald::templates::detail
