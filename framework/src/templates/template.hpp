#pragma once
/// A compiled template: parsed once by an Engine, rendered many times (thread-safe: rendering only
/// reads the shared AST).
#include <memory>
#include <string>

#include "templates/default_substitutions.hpp"
#include "templates/value.hpp"

namespace herald::templates {

namespace ast {
struct Program;
}

/// Per-render choices.
struct RenderOptions {
  /// Escaping of `{{x}}`: kHtml for HTML parts, kNone for subjects, text parts, SMS, voice.
  Escaping escaping = Escaping::kHtml;
  /// Defaults for variables that render empty (Pinpoint DefaultSubstitutions); null: none.
  const DefaultSubstitutions* defaults = nullptr;
};

/// A parsed template. Cheap to copy (the AST is shared and immutable).
class Template {
public:
  /// An empty template (renders nothing).
  Template() = default;

  /// The name given at compile time (used in error messages: "welcome.html:3:14: ...").
  const std::string& name() const noexcept { return name_; }

  /// Renders with `data` as the root context and returns the text.
  /// Throws herald::sdk::Error "name:line:col: ..." when a helper fails (e.g. `{{#each}}` without
  /// an argument). Missing values render empty; they never throw.
  std::string render(const Json& data, const RenderOptions& options = {}) const;

  /// Appends the rendering to `out` (reuse one buffer to render without allocating beyond it).
  void render_to(std::string& out, const Json& data, const RenderOptions& options = {}) const;

private:
  friend class Engine;
  Template(std::string name, std::shared_ptr<const ast::Program> program, bool parent_lookup)
      : name_(std::move(name)), program_(std::move(program)), parent_lookup_(parent_lookup) {}

  std::string name_;
  std::shared_ptr<const ast::Program> program_;
  bool parent_lookup_ = true;
};

}  // namespace herald::templates
